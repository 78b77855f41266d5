//! The functions AOT-compiled code calls into the runtime, in one table
//! (as wasmtime lists its libcalls). An image's `mx_libcalls` global points
//! here once it is bound; the field order is the ABI and `codegen::lower`
//! declares the same order.

use crate::interp::exec;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::thread;
use crate::types::class::Class;
use crate::types::layout::Slot;
use crate::types::method::Method;

/// Exceptions compiled code raises itself, by number.
#[repr(u32)]
pub enum ThrowKind {
    NullReference = 0,
    IndexOutOfRange = 1,
    DivideByZero = 2,
    Overflow = 3,
}

#[repr(C)]
pub struct Libcalls {
    /// Calls `method` (interpreted or compiled) with `nargs` argument slots
    /// at `args`; its result replaces `args[0]`. 0, or 1 with an exception pending.
    pub call: unsafe extern "C" fn(method: *const Method, args: *mut Slot, nargs: u32) -> u32,
    /// As `call`, dispatching virtual `method` on the receiver in `args[0]`.
    pub call_virtual: unsafe extern "C" fn(method: *const Method, args: *mut Slot, nargs: u32) -> u32,
    /// Raises a `ThrowKind` exception (it becomes pending).
    pub throw: unsafe extern "C" fn(kind: u32),
    /// 1 when an exception is pending on this thread.
    pub pending: unsafe extern "C" fn() -> u32,
    /// Records a compiled frame in the pending exception's stack trace.
    pub unwind: unsafe extern "C" fn(method: *const Method, il_offset: u32),
    /// Allocates an instance of `ctor`'s class and runs `ctor` with the
    /// `nargs` arguments at `args`; the object replaces `args[0]`.
    pub new_object: unsafe extern "C" fn(ctor: *const Method, args: *mut Slot, nargs: u32) -> u32,
    /// A new SZ array of class `array_class` with `len` elements, in `*out`.
    pub new_array: unsafe extern "C" fn(array_class: *const Class, len: i64, out: *mut Slot) -> u32,
    /// `isinst` (`castclass` when `throwing`): is `obj` an instance of `class`?
    /// 1 or 0; with `throwing`, a failed cast raises InvalidCastException
    /// and returns 2.
    pub cast: unsafe extern "C" fn(class: *const Class, obj: Slot, throwing: u32) -> u32,
}

/// Number of function pointers in [`Libcalls`].
pub const LIBCALL_COUNT: u32 = 8;

pub static LIBCALLS: Libcalls = Libcalls {
    call: mx_call,
    call_virtual: mx_call_virtual,
    throw: mx_throw,
    pending: mx_pending,
    unwind: mx_unwind,
    new_object: mx_new_object,
    new_array: mx_new_array,
    cast: mx_cast,
};

fn status(r: Result<(), Thrown>) -> u32 {
    u32::from(r.is_err())
}

/// Copies the arguments to the interpreter stack top, runs `f` there and
/// copies the result back.
///
/// # Safety
/// `args` must hold `nargs` slots (at least one).
unsafe fn on_stack(args: *mut Slot, nargs: u32, f: impl FnOnce(*mut Slot) -> Result<(), Thrown>) -> u32 {
    let base = thread::top();
    if base.add(nargs as usize + 8) >= thread::limit() {
        return status(Err(exception::throw_new("System", "StackOverflowException")));
    }
    std::ptr::copy_nonoverlapping(args, base, nargs as usize);
    // The arguments now belong to a frame: anything run before the callee's
    // own frame is set up (a static constructor) must start above them.
    thread::set_top(base.add(nargs as usize));
    let r = f(base);
    thread::set_top(base);
    *args = *base;
    status(r)
}

unsafe extern "C" fn mx_call(method: *const Method, args: *mut Slot, nargs: u32) -> u32 {
    // SAFETY: compiled code passes a method bound at load time and its
    // argument buffer.
    let m: &'static Method = &*method;
    on_stack(args, nargs.max(1), |fp| exec::call(m, fp))
}

unsafe extern "C" fn mx_call_virtual(method: *const Method, args: *mut Slot, nargs: u32) -> u32 {
    // SAFETY: as in `mx_call`; `args[0]` is the receiver.
    let m: &'static Method = &*method;
    let this = *args as *mut u8;
    if this.is_null() {
        return status(Err(exception::null_reference()));
    }
    let target = match exec::resolve_virtual(m, this) {
        Ok(t) => t,
        Err(e) => return status(Err(e)),
    };
    if target.class.is_valuetype() && !m.class.is_valuetype() {
        *args = this.add(crate::types::layout::OBJECT_HEADER_SIZE) as Slot;
    }
    on_stack(args, nargs.max(1), |fp| exec::call(target, fp))
}

unsafe extern "C" fn mx_throw(kind: u32) {
    let _ = match kind {
        0 => exception::null_reference(),
        1 => exception::throw_new("System", "IndexOutOfRangeException"),
        2 => exception::throw_new("System", "DivideByZeroException"),
        _ => exception::throw_new("System", "OverflowException"),
    };
}

unsafe extern "C" fn mx_pending() -> u32 {
    u32::from(!exception::pending().is_null())
}

unsafe extern "C" fn mx_unwind(method: *const Method, il_offset: u32) {
    // SAFETY: compiled code passes its own bound method.
    exception::append_trace(&*method, il_offset);
}

unsafe extern "C" fn mx_new_object(ctor: *const Method, args: *mut Slot, nargs: u32) -> u32 {
    // SAFETY: compiled code passes a bound constructor and its arguments.
    let ctor: &'static Method = &*ctor;
    let obj = match crate::runtime::object::alloc_object(ctor.class) {
        Ok(o) => o,
        Err(e) => return status(Err(e)),
    };
    // [this, args...] on the interpreter stack; the object is also kept in
    // `args[0]` (scanned: it is compiled code's stack) until the call ends.
    let base = thread::top();
    if base.add(nargs as usize + 9) >= thread::limit() {
        return status(Err(exception::throw_new("System", "StackOverflowException")));
    }
    *base = obj as Slot;
    std::ptr::copy_nonoverlapping(args, base.add(1), nargs as usize);
    *args = obj as Slot;
    thread::set_top(base.add(nargs as usize + 1));
    let r = exec::call(ctor, base);
    thread::set_top(base);
    *args = obj as Slot;
    status(r)
}

unsafe extern "C" fn mx_new_array(array_class: *const Class, len: i64, out: *mut Slot) -> u32 {
    // SAFETY: compiled code passes a bound array class and its result cell.
    match crate::runtime::object::new_array(&*array_class, len) {
        Ok(a) => {
            *out = a as Slot;
            0
        }
        Err(e) => status(Err(e)),
    }
}

unsafe extern "C" fn mx_cast(class: *const Class, obj: Slot, throwing: u32) -> u32 {
    let o = obj as *mut u8;
    // SAFETY: compiled code passes a bound class and an object reference.
    if o.is_null() || crate::runtime::object::is_instance(o, &*class) {
        return u32::from(!o.is_null());
    }
    if throwing != 0 {
        let _ = exception::invalid_cast(o, &*class);
        return 2;
    }
    0
}
