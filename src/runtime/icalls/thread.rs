//! Internal calls of Mono's `System.Threading.Thread`: the Thread object of
//! the running thread and its InternalThread (state, name, id), sleeping,
//! yielding, barriers and volatile accesses. Starting threads belongs to
//! the threads work (one managed thread today).

use std::cell::Cell;
use std::sync::atomic::{fence, AtomicI32, Ordering};

use crate::runtime::roots::{new_root, Root};
use crate::runtime::rt;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Threading.Thread::GetCurrentThread", |fp| ret_o(fp, current_thread()?)),
    ("System.Threading.Thread::ConstructInternalThread", |fp| construct_internal(ao(fp, 0)).map(|_| ())),
    ("System.Threading.Thread::GetName_internal", |fp| {
        let p = field_ptr(ao(fp, 0), "name_chars")? as *const *mut u8;
        // SAFETY: `name_chars` holds null or the name string SetName_icall stored.
        ret_o(fp, unsafe { *p })
    }),
    ("System.Threading.Thread::SetName_icall", |fp| {
        let (chars, n) = (a(fp, 1) as *const u16, ai(fp, 2).max(0) as usize);
        let name = if chars.is_null() {
            std::ptr::null_mut()
        } else {
            // SAFETY: the caller passes a pinned string's `n` UTF-16 units.
            object::new_string_from_str(&String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(chars, n) }))
        };
        // The InternalThread is scanned as a whole, so the string stays alive.
        set_field(ao(fp, 0), "name_chars", name)
    }),
    ("System.Threading.Thread::GetState", |fp| {
        let p = field_ptr(ao(fp, 0), "state")? as *const i32;
        // SAFETY: `state` is an int field of the live InternalThread.
        ret(fp, unsafe { *p } as Slot)
    }),
    ("System.Threading.Thread::SetState", |fp| update_state(fp, |s, v| s | v)),
    ("System.Threading.Thread::ClrState", |fp| update_state(fp, |s, v| s & !v)),
    ("System.Threading.Thread::SleepInternal", |fp| {
        std::thread::sleep(std::time::Duration::from_millis(ai(fp, 0).max(0) as u64));
        Ok(())
    }),
    ("System.Threading.Thread::MemoryBarrier", |_| {
        fence(Ordering::SeqCst);
        Ok(())
    }),
    ("System.Threading.Thread::SpinWait_nop", |_| Ok(())),
    ("System.Threading.Thread::YieldInternal", |fp| {
        std::thread::yield_now();
        ret(fp, 1)
    }),
    // ThreadPriority.Normal; priorities are accepted and not applied.
    ("System.Threading.Thread::GetPriorityNative", |fp| ret(fp, 2)),
    ("System.Threading.Thread::SetPriorityNative", |_| Ok(())),
    ("System.Threading.Thread::GetDomainID", |fp| ret(fp, 1)),
    ("System.Threading.Thread::SystemMaxStackStize", |fp| ret(fp, 8 << 20)),
    ("System.Threading.Thread::VolatileRead(byte&)", |fp| volatile_read::<u8>(fp)),
    ("System.Threading.Thread::VolatileRead(sbyte&)", |fp| volatile_read::<i8>(fp)),
    ("System.Threading.Thread::VolatileRead(short&)", |fp| volatile_read::<i16>(fp)),
    ("System.Threading.Thread::VolatileRead(ushort&)", |fp| volatile_read::<u16>(fp)),
    ("System.Threading.Thread::VolatileRead(int&)", |fp| volatile_read::<i32>(fp)),
    ("System.Threading.Thread::VolatileRead(uint&)", |fp| volatile_read::<u32>(fp)),
    ("System.Threading.Thread::VolatileRead(long&)", |fp| volatile_read::<i64>(fp)),
    ("System.Threading.Thread::VolatileRead(ulong&)", |fp| volatile_read::<u64>(fp)),
    ("System.Threading.Thread::VolatileRead(intptr&)", |fp| volatile_read::<u64>(fp)),
    ("System.Threading.Thread::VolatileRead(uintptr&)", |fp| volatile_read::<u64>(fp)),
    ("System.Threading.Thread::VolatileRead(object&)", |fp| volatile_read::<u64>(fp)),
    ("System.Threading.Thread::VolatileRead(single&)", |fp| volatile_read::<f32>(fp)),
    ("System.Threading.Thread::VolatileRead(double&)", |fp| volatile_read::<u64>(fp)),
    ("System.Threading.Thread::VolatileWrite(byte&,byte)", |fp| volatile_write::<u8>(fp)),
    ("System.Threading.Thread::VolatileWrite(sbyte&,sbyte)", |fp| volatile_write::<u8>(fp)),
    ("System.Threading.Thread::VolatileWrite(short&,short)", |fp| volatile_write::<u16>(fp)),
    ("System.Threading.Thread::VolatileWrite(ushort&,ushort)", |fp| volatile_write::<u16>(fp)),
    ("System.Threading.Thread::VolatileWrite(int&,int)", |fp| volatile_write::<u32>(fp)),
    ("System.Threading.Thread::VolatileWrite(uint&,uint)", |fp| volatile_write::<u32>(fp)),
    ("System.Threading.Thread::VolatileWrite(long&,long)", |fp| volatile_write::<u64>(fp)),
    ("System.Threading.Thread::VolatileWrite(ulong&,ulong)", |fp| volatile_write::<u64>(fp)),
    ("System.Threading.Thread::VolatileWrite(intptr&,intptr)", |fp| volatile_write::<u64>(fp)),
    ("System.Threading.Thread::VolatileWrite(uintptr&,uintptr)", |fp| volatile_write::<u64>(fp)),
    ("System.Threading.Thread::VolatileWrite(object&,object)", |fp| volatile_write::<u64>(fp)),
    ("System.Threading.Thread::VolatileWrite(single&,single)", |fp| volatile_write::<f32>(fp)),
    ("System.Threading.Thread::VolatileWrite(double&,double)", |fp| volatile_write::<u64>(fp)),
];

thread_local! {
    /// This thread's Thread object, created on first use.
    static CURRENT: Cell<Option<Root>> = const { Cell::new(None) };
}

/// Managed thread ids, from 1 as on Mono.
static NEXT_ID: AtomicI32 = AtomicI32::new(1);

fn current_thread() -> Result<*mut u8, Thrown> {
    if let Some(r) = CURRENT.with(Cell::get) {
        return Ok(r.get());
    }
    let class = rt().corlib_class("System.Threading", "Thread").map_err(load_err)?;
    let t = object::alloc_object(class)?;
    construct_internal(t)?;
    let root = new_root(t);
    CURRENT.with(|c| c.set(Some(root)));
    Ok(root.get())
}

/// Gives Thread `t` its InternalThread (id, state Unstarted for a new
/// Thread; the running thread's is marked Running by its creator).
fn construct_internal(t: *mut u8) -> Result<*mut u8, Thrown> {
    let class = rt().corlib_class("System.Threading", "InternalThread").map_err(load_err)?;
    let it = object::alloc_object(class)?;
    set_field(it, "managed_id", NEXT_ID.fetch_add(1, Ordering::Relaxed))?;
    set_field(t, "internal_thread", it)?;
    Ok(it)
}

/// `SetState`/`ClrState(InternalThread, ThreadState)`.
fn update_state(fp: *mut Slot, f: fn(i32, i32) -> i32) -> Result<(), Thrown> {
    let p = field_ptr(ao(fp, 0), "state")? as *mut i32;
    // SAFETY: `state` is an int field of the live InternalThread.
    unsafe { *p = f(*p, ai(fp, 1)) };
    Ok(())
}

/// A value as the interpreter's slots hold it: integers extended to 64
/// bits, float32 widened to a double.
trait SlotValue: Copy {
    fn to_slot(self) -> Slot;
    fn from_slot(s: Slot) -> Self;
}
macro_rules! int_slot_value {
    ($($t:ty),*) => {$(
        impl SlotValue for $t {
            fn to_slot(self) -> Slot {
                self as i64 as Slot
            }
            fn from_slot(s: Slot) -> Self {
                s as $t
            }
        }
    )*};
}
int_slot_value!(u8, i8, u16, i16, u32, i32, u64, i64);
impl SlotValue for f32 {
    fn to_slot(self) -> Slot {
        (self as f64).to_bits()
    }
    fn from_slot(s: Slot) -> Self {
        f64::from_bits(s) as f32
    }
}

fn volatile_read<T: SlotValue>(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))? as *const T;
    // SAFETY: the `ref` argument points to a live, aligned T.
    let v = unsafe { std::ptr::read_volatile(p) };
    fence(Ordering::Acquire);
    ret(fp, v.to_slot())
}

fn volatile_write<T: SlotValue>(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))? as *mut T;
    fence(Ordering::Release);
    // SAFETY: the `ref` argument points to a live, aligned T.
    unsafe { std::ptr::write_volatile(p, T::from_slot(a(fp, 1))) };
    Ok(())
}
