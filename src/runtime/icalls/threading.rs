//! Internal calls of Monitor and Interlocked.

use crate::abi::layout::Slot;
use crate::runtime::exception::Thrown;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Threading.Monitor::try_enter_with_atomic_var", |fp| {
        non_null(ao(fp, 0))?;
        // SAFETY: the third argument is a `ref bool`.
        unsafe { *(a(fp, 2) as *mut u8) = 1 };
        Ok(())
    }),
    ("System.Threading.Monitor::Enter", |fp| non_null(ao(fp, 0)).map(|_| ())),
    ("System.Threading.Monitor::Monitor_test_owner", |fp| ret(fp, 1)),
    ("System.Threading.Monitor::Monitor_test_synchronised", |fp| ret(fp, 1)),
    ("System.Threading.Monitor::Monitor_pulse", |_| Ok(())),
    ("System.Threading.Monitor::Monitor_pulse_all", |_| Ok(())),
    ("System.Threading.Interlocked::CompareExchange(int&,int,int)", |fp| cas::<i32>(fp)),
    ("System.Threading.Interlocked::CompareExchange(long&,long,long)", |fp| cas::<i64>(fp)),
    ("System.Threading.Interlocked::CompareExchange(intptr&,intptr,intptr)", |fp| cas::<i64>(fp)),
    ("System.Threading.Interlocked::CompareExchange(double&,double,double)", |fp| cas::<i64>(fp)),
    ("System.Threading.Interlocked::CompareExchange(single&,single,single)", cas_single),
    ("System.Threading.Interlocked::CompareExchange(object&,object&,object&,object&)", cas_by_refs),
    ("System.Threading.Interlocked::CompareExchange(int&,int,int,bool&)", cas_succeeded),
    ("System.Threading.Interlocked::Exchange(int&,int)", |fp| xchg::<i32>(fp)),
    ("System.Threading.Interlocked::Exchange(long&,long)", |fp| xchg::<i64>(fp)),
    ("System.Threading.Interlocked::Exchange(intptr&,intptr)", |fp| xchg::<i64>(fp)),
    ("System.Threading.Interlocked::Exchange(double&,double)", |fp| xchg::<i64>(fp)),
    ("System.Threading.Interlocked::Exchange(single&,single)", xchg_single),
    ("System.Threading.Interlocked::Exchange(object&,object&,object&)", xchg_by_refs),
    ("System.Threading.Interlocked::Add(int&,int)", |fp| add::<i32>(fp, ai(fp, 1) as i64)),
    ("System.Threading.Interlocked::Add(long&,long)", |fp| add::<i64>(fp, a(fp, 1) as i64)),
    ("System.Threading.Interlocked::Increment(int&)", |fp| add::<i32>(fp, 1)),
    ("System.Threading.Interlocked::Increment(long&)", |fp| add::<i64>(fp, 1)),
    ("System.Threading.Interlocked::Decrement(int&)", |fp| add::<i32>(fp, -1)),
    ("System.Threading.Interlocked::Decrement(long&)", |fp| add::<i64>(fp, -1)),
    ("System.Threading.Interlocked::Read(long&)", |fp| add::<i64>(fp, 0)),
    ("System.Threading.Interlocked::MemoryBarrierProcessWide", |_| {
        std::sync::atomic::fence(std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }),
    ("System.Threading.Monitor::Exit", |fp| {
        non_null(ao(fp, 0))?;
        Ok(())
    }),
];

trait AtomicWord: Copy {
    fn cas(p: *mut u8, v: Slot, c: Slot) -> Slot;
    fn swap(p: *mut u8, v: Slot) -> Slot;
    /// Adds `delta`, answering the new value (sign-extended).
    fn add(p: *mut u8, delta: i64) -> Slot;
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
    fn add(p: *mut u8, delta: i64) -> Slot {
        // SAFETY: as in `cas`.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicI32) };
        let d = delta as i32;
        a.fetch_add(d, std::sync::atomic::Ordering::SeqCst).wrapping_add(d) as i64 as Slot
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
    fn add(p: *mut u8, delta: i64) -> Slot {
        // SAFETY: as in `cas`.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicI64) };
        a.fetch_add(delta, std::sync::atomic::Ordering::SeqCst).wrapping_add(delta) as Slot
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

/// `Add` and its kin: the new value.
fn add<T: AtomicWord>(fp: *mut Slot, delta: i64) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    ret(fp, T::add(p, delta))
}

/// Mono's object forms take every operand by reference (`result` last).
fn cas_by_refs(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    // SAFETY: the last three arguments are `ref object` to live locals.
    unsafe {
        let old = <i64 as AtomicWord>::cas(p, *(a(fp, 1) as *const Slot), *(a(fp, 2) as *const Slot));
        *(a(fp, 3) as *mut Slot) = old;
    }
    Ok(())
}

fn xchg_by_refs(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    // SAFETY: as in `cas_by_refs`.
    unsafe {
        let old = <i64 as AtomicWord>::swap(p, *(a(fp, 1) as *const Slot));
        *(a(fp, 2) as *mut Slot) = old;
    }
    Ok(())
}

/// `CompareExchange(ref int, int, int, ref bool succeeded)`.
fn cas_succeeded(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    let old = <i32 as AtomicWord>::cas(p, a(fp, 1), a(fp, 2));
    // SAFETY: the fourth argument is a `ref bool`.
    unsafe { *(a(fp, 3) as *mut u8) = (old as i32 == ai(fp, 2)) as u8 };
    ret(fp, old)
}

/// Floats travel widened to double in interpreter slots.
fn single_bits(v: Slot) -> Slot {
    (f64::from_bits(v) as f32).to_bits() as Slot
}

fn single_result(fp: *mut Slot, bits: Slot) -> Result<(), Thrown> {
    ret(fp, (f32::from_bits(bits as u32) as f64).to_bits())
}

fn cas_single(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    single_result(fp, <i32 as AtomicWord>::cas(p, single_bits(a(fp, 1)), single_bits(a(fp, 2))))
}

fn xchg_single(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    single_result(fp, <i32 as AtomicWord>::swap(p, single_bits(a(fp, 1))))
}
