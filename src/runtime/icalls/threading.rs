//! Internal calls of Monitor, Interlocked and Thread.

use crate::abi::layout::Slot;
use crate::runtime::exception::Thrown;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Threading.Monitor::ReliableEnter", |fp| {
        non_null(ao(fp, 0))?;
        // SAFETY: the second argument is a `ref bool`.
        unsafe { *(a(fp, 1) as *mut u8) = 1 };
        Ok(())
    }),
    ("System.Threading.Monitor::Exit", |fp| {
        non_null(ao(fp, 0))?;
        Ok(())
    }),
    ("System.Threading.Interlocked::CompareExchange_Int", |fp| cas::<i32>(fp)),
    ("System.Threading.Interlocked::CompareExchange_Long", |fp| cas::<i64>(fp)),
    ("System.Threading.Interlocked::CompareExchange_Object", |fp| cas::<i64>(fp)),
    ("System.Threading.Interlocked::CompareExchange_T", |fp| cas::<i64>(fp)),
    ("System.Threading.Interlocked::Exchange_Int", |fp| xchg::<i32>(fp)),
    ("System.Threading.Interlocked::Exchange_Long", |fp| xchg::<i64>(fp)),
    ("System.Threading.Interlocked::Exchange_Object", |fp| xchg::<i64>(fp)),
    ("System.Threading.Interlocked::Exchange_T", |fp| xchg::<i64>(fp)),
    ("System.Threading.Interlocked::Add_Int", |fp| {
        // SAFETY: `ref int` points to a live, aligned int.
        let p = unsafe { &*(a(fp, 0) as *const std::sync::atomic::AtomicI32) };
        let v = ai(fp, 1);
        ret(fp, p.fetch_add(v, std::sync::atomic::Ordering::SeqCst).wrapping_add(v) as i64 as Slot)
    }),
    ("System.Threading.Interlocked::Add_Long", |fp| {
        // SAFETY: `ref long` points to a live, aligned long.
        let p = unsafe { &*(a(fp, 0) as *const std::sync::atomic::AtomicI64) };
        let v = a(fp, 1) as i64;
        ret(fp, p.fetch_add(v, std::sync::atomic::Ordering::SeqCst).wrapping_add(v) as Slot)
    }),
    ("System.Threading.Thread::SleepInternal", |fp| {
        std::thread::sleep(std::time::Duration::from_millis(ai(fp, 0).max(0) as u64));
        Ok(())
    }),
];

trait AtomicWord: Copy {
    fn cas(p: *mut u8, v: Slot, c: Slot) -> Slot;
    fn swap(p: *mut u8, v: Slot) -> Slot;
}

impl AtomicWord for i32 {
    fn cas(p: *mut u8, v: Slot, c: Slot) -> Slot {
        // SAFETY: `ref int` points to a live, aligned int.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicI32) };
        let r = a.compare_exchange(
            c as i32,
            v as i32,
            std::sync::atomic::Ordering::SeqCst,
            std::sync::atomic::Ordering::SeqCst,
        );
        r.unwrap_or_else(|x| x) as i64 as Slot
    }
    fn swap(p: *mut u8, v: Slot) -> Slot {
        // SAFETY: as in `cas`.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicI32) };
        a.swap(v as i32, std::sync::atomic::Ordering::SeqCst) as i64 as Slot
    }
}

impl AtomicWord for i64 {
    fn cas(p: *mut u8, v: Slot, c: Slot) -> Slot {
        // SAFETY: `ref long`/`ref object` points to a live, aligned word.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicU64) };
        let r = a.compare_exchange(c, v, std::sync::atomic::Ordering::SeqCst, std::sync::atomic::Ordering::SeqCst);
        r.unwrap_or_else(|x| x)
    }
    fn swap(p: *mut u8, v: Slot) -> Slot {
        // SAFETY: as in `cas`.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicU64) };
        a.swap(v, std::sync::atomic::Ordering::SeqCst)
    }
}

fn cas<T: AtomicWord>(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    ret(fp, T::cas(p, a(fp, 1), a(fp, 2)))
}

fn xchg<T: AtomicWord>(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    ret(fp, T::swap(p, a(fp, 1)))
}
