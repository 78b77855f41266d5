//! The functions AOT-compiled code calls into the runtime, in one table
//! (as wasmtime lists its libcalls). An image's `mx_libcalls` global points
//! here once it is bound; the field order is the ABI and `codegen::lower`
//! declares the same order.

use crate::interp::code::{ConvTo, Insn, OvfOp, Src};
use crate::interp::exec;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::thread;
use crate::types::class::Class;
use crate::abi::layout::{FtnDesc, Slot};
use crate::types::method::Method;

/// Exceptions compiled code raises itself, by number.
#[repr(u32)]
#[derive(Clone, Copy)]
pub enum ThrowKind {
    NullReference,
    IndexOutOfRange,
    DivideByZero,
    Overflow,
    Arithmetic,
}

impl ThrowKind {
    const ALL: [ThrowKind; 5] = [
        ThrowKind::NullReference,
        ThrowKind::IndexOutOfRange,
        ThrowKind::DivideByZero,
        ThrowKind::Overflow,
        ThrowKind::Arithmetic,
    ];
}

#[repr(C)]
pub struct Libcalls {
    /// Calls `method` (interpreted or compiled) with `nargs` argument slots
    /// at `args`; its `nret` result slots replace them. 0, or 1 with an
    /// exception pending.
    pub call: unsafe extern "C" fn(method: *const Method, args: *mut Slot, nargs: u32, nret: u32) -> u32,
    /// As `call`, dispatching virtual `method` on the receiver in `args[0]`.
    pub call_virtual: unsafe extern "C" fn(method: *const Method, args: *mut Slot, nargs: u32, nret: u32) -> u32,
    /// Raises a `ThrowKind` exception (it becomes pending).
    pub throw: unsafe extern "C" fn(kind: u32),
    /// 1 when an exception is pending on this thread.
    pub pending: unsafe extern "C" fn() -> u32,
    /// The address of this thread's pending-exception cell (non-null while
    /// an exception is pending), which compiled code then reads itself.
    pub pending_cell: unsafe extern "C" fn() -> *const Slot,
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
    /// The descriptor of the implementation of interface (or generic
    /// virtual) `method` for receiver `obj`, or null when only `call_virtual`
    /// can make the call (no native code, an array's interface method).
    pub resolve: unsafe extern "C" fn(method: *const Method, obj: Slot) -> *const FtnDesc,
    /// Runs the static constructor of `class` if it has not run.
    pub init_class: unsafe extern "C" fn(class: *const Class) -> u32,
    /// Boxes the value of class `class` held in the slots at `src`; the box in `*out`.
    pub box_value: unsafe extern "C" fn(class: *const Class, src: *mut Slot, out: *mut Slot) -> u32,
    /// Unboxes `obj` as `class`: the address of its value in `*out`.
    pub unbox: unsafe extern "C" fn(class: *const Class, obj: Slot, out: *mut Slot) -> u32,
    /// Boxes the value at address `src` (`constrained.` calls); the box in `*out`.
    pub box_at: unsafe extern "C" fn(class: *const Class, src: Slot, out: *mut Slot) -> u32,
    /// `stelem.ref`: checked store of `value` into `arr[index]`.
    pub store_ref: unsafe extern "C" fn(arr: Slot, index: Slot, value: Slot) -> u32,
    /// `ldelema` of a reference-type element with the exact-type check.
    pub elem_addr_checked: unsafe extern "C" fn(class: *const Class, arr: Slot, index: Slot, out: *mut Slot) -> u32,
    /// A runtime-implemented operation on the `nargs` slots at `args`
    /// (see [`Op`]); results replace `args[0]`.
    pub op: unsafe extern "C" fn(op: u32, target: *const u8, args: *mut Slot, nargs: u32) -> u32,
    /// Throws the exception object `obj` (null: NullReferenceException).
    pub throw_object: unsafe extern "C" fn(obj: Slot),
    /// First call of a compiled method: runs the static constructors the
    /// interpreter would run before its first execution (beforefieldinit).
    pub prepare: unsafe extern "C" fn(method: *const Method) -> u32,
    /// A catch clause of `class`: when the pending exception is one, takes
    /// it (publishing its trace) and returns it; else 0.
    pub catch: unsafe extern "C" fn(class: *const Class) -> Slot,
    /// Takes the pending exception (entering a finally while unwinding).
    pub take_pending: unsafe extern "C" fn() -> Slot,
    /// Makes `obj` the pending exception again (leaving that finally).
    pub set_pending: unsafe extern "C" fn(obj: Slot),
    /// `rethrow` of the caught exception `obj` (its trace goes on).
    pub rethrow: unsafe extern "C" fn(obj: Slot),
    /// Resolves reference `index` of the image whose loader record is
    /// `image` on its first use, fills its slot and returns the value;
    /// null with the managed exception pending when it cannot.
    pub resolve_ref: unsafe extern "C" fn(image: *const crate::runtime::aot::ImageRefs, index: u32) -> *const u8,
    /// A filter accepted exception `obj`: publishes its trace.
    pub accept: unsafe extern "C" fn(obj: Slot),
    /// The native function P/Invoke method `method` calls; null with an
    /// exception pending when it cannot be loaded.
    pub native_target: unsafe extern "C" fn(method: *const Method) -> *const u8,
    /// A native function pointer invoking delegate `d` (0 for null; 0 with
    /// an exception pending when it cannot be made).
    pub delegate_to_native: unsafe extern "C" fn(d: Slot) -> Slot,
}

/// Operations of the `op` libcall: rare instructions whose work lives in
/// the runtime's object model. Compiled code passes `op as u32`, an index
/// into `Op::ALL` (declaration order).
#[repr(u32)]
#[derive(Clone, Copy)]
pub enum Op {
    /// `target` is a string constructor; args are its parameters.
    NewString,
    /// `target` is the md-array class; args are the dimensions (or bounds).
    NewMdArray,
    /// `target` is the array accessor (Get/Set/Address); args[0] the array.
    MdAccess,
    /// args[0] is a delegate, then `nargs` argument slots and two spare ones.
    InvokeDelegate,
    /// `target` is the delegate class; args are [target object, descriptor].
    NewDelegate,
    /// `target` is the virtual method; args[0] the object: its descriptor.
    VirtFtn,
    /// `target` is null; args[0] an instruction code from [`checked_code`].
    Checked,
}

impl Op {
    const ALL: [Op; 7] =
        [Op::NewString, Op::NewMdArray, Op::MdAccess, Op::InvokeDelegate, Op::NewDelegate, Op::VirtFtn, Op::Checked];
}

/// Index of the function pointer `field` in [`Libcalls`] (the codegen's
/// view of the table is an array of pointers in the same order).
#[macro_export]
macro_rules! libcall_index {
    ($field:ident) => {
        (std::mem::offset_of!($crate::runtime::libcalls::Libcalls, $field) / std::mem::size_of::<usize>()) as u32
    };
}

/// Number of function pointers in [`Libcalls`].
pub const LIBCALL_COUNT: u32 = (std::mem::size_of::<Libcalls>() / std::mem::size_of::<usize>()) as u32;

pub static LIBCALLS: Libcalls = Libcalls {
    call: mx_call,
    call_virtual: mx_call_virtual,
    throw: mx_throw,
    pending: mx_pending,
    pending_cell: mx_pending_cell,
    unwind: mx_unwind,
    new_object: mx_new_object,
    new_array: mx_new_array,
    cast: mx_cast,
    resolve: mx_resolve,
    init_class: mx_init_class,
    box_value: mx_box_value,
    unbox: mx_unbox,
    box_at: mx_box_at,
    store_ref: mx_store_ref,
    elem_addr_checked: mx_elem_addr_checked,
    op: mx_op,
    throw_object: mx_throw_object,
    prepare: mx_prepare,
    catch: mx_catch,
    take_pending: mx_take_pending,
    set_pending: mx_set_pending,
    rethrow: mx_rethrow,
    resolve_ref: mx_resolve_ref,
    accept: mx_accept,
    native_target: mx_native_target,
    delegate_to_native: mx_delegate_to_native,
};

fn status(r: Result<(), Thrown>) -> u32 {
    u32::from(r.is_err())
}

/// Copies the arguments to the interpreter stack top, runs `f` there and
/// copies the `nret` result slots back.
///
/// # Safety
/// `args` must hold `max(nargs, nret)` slots (at least one).
unsafe fn on_stack(args: *mut Slot, nargs: u32, nret: usize, f: impl FnOnce(*mut Slot) -> Result<(), Thrown>) -> u32 {
    let base = thread::top();
    let room = (nargs as usize).max(nret);
    if base.add(room + 8) >= thread::limit() {
        return status(Err(exception::throw_new("System", "StackOverflowException")));
    }
    std::ptr::copy_nonoverlapping(args, base, nargs as usize);
    // The arguments now belong to a frame: anything run before the callee's
    // own frame is set up (a static constructor) must start above them.
    thread::set_top(base.add(room));
    let r = f(base);
    thread::set_top(base);
    std::ptr::copy_nonoverlapping(base, args, nret.max(1));
    status(r)
}

unsafe extern "C" fn mx_call(method: *const Method, args: *mut Slot, nargs: u32, nret: u32) -> u32 {
    // SAFETY: compiled code passes a method bound at load time and its
    // argument buffer, sized for the arguments and the result.
    let m: &'static Method = &*method;
    crate::runtime::aot::wrap_on_first_call(m);
    on_stack(args, nargs.max(1), nret as usize, |fp| exec::call(m, fp))
}

unsafe extern "C" fn mx_call_virtual(method: *const Method, args: *mut Slot, nargs: u32, nret: u32) -> u32 {
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
        *args = this.add(crate::abi::layout::OBJECT_HEADER_SIZE) as Slot;
    }
    crate::runtime::aot::wrap_on_first_call(target);
    on_stack(args, nargs.max(1), nret as usize, |fp| exec::call(target, fp))
}

unsafe extern "C" fn mx_throw(kind: u32) {
    let _ = match ThrowKind::ALL.get(kind as usize) {
        Some(ThrowKind::NullReference) => exception::null_reference(),
        Some(ThrowKind::IndexOutOfRange) => exception::throw_new("System", "IndexOutOfRangeException"),
        Some(ThrowKind::DivideByZero) => exception::throw_new("System", "DivideByZeroException"),
        Some(ThrowKind::Arithmetic) => exception::throw_new("System", "ArithmeticException"),
        Some(ThrowKind::Overflow) | None => exception::throw_new("System", "OverflowException"),
    };
}

unsafe extern "C" fn mx_pending() -> u32 {
    u32::from(!exception::pending().is_null())
}

unsafe extern "C" fn mx_pending_cell() -> *const Slot {
    thread::pending_cell() as *const Slot
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

unsafe extern "C" fn mx_resolve(method: *const Method, obj: Slot) -> *const FtnDesc {
    // SAFETY: compiled code passes a bound method and a non-null object.
    let m: &'static Method = &*method;
    match exec::resolve_virtual(m, obj as *mut u8) {
        Ok(t) if !t.class.is_valuetype() && !t.desc.addr.load(std::sync::atomic::Ordering::Acquire).is_null() => {
            &t.desc
        }
        _ => std::ptr::null(),
    }
}

unsafe extern "C" fn mx_init_class(class: *const Class) -> u32 {
    // SAFETY: compiled code passes a bound class.
    let c: &'static Class = &*class;
    if c.cctor_state() == crate::types::class::CCTOR_DONE {
        return 0;
    }
    status(crate::runtime::object::run_cctor(c).map(|_| ()))
}

/// Stores `r`'s object in `*out`.
unsafe fn object_out(r: Result<*mut u8, Thrown>, out: *mut Slot) -> u32 {
    match r {
        Ok(o) => {
            *out = o as Slot;
            0
        }
        Err(e) => status(Err(e)),
    }
}

unsafe extern "C" fn mx_box_value(class: *const Class, src: *mut Slot, out: *mut Slot) -> u32 {
    // SAFETY: compiled code passes a bound class and the value's slots.
    object_out(crate::runtime::object::box_slot(&*class, src), out)
}

unsafe extern "C" fn mx_unbox(class: *const Class, obj: Slot, out: *mut Slot) -> u32 {
    // SAFETY: compiled code passes a bound class and a result cell.
    object_out(crate::runtime::object::unbox(obj as *mut u8, &*class, out), out)
}

unsafe extern "C" fn mx_box_at(class: *const Class, src: Slot, out: *mut Slot) -> u32 {
    // SAFETY: compiled code passes a bound class and the value's address.
    object_out(crate::runtime::object::box_value(&*class, src as *const u8), out)
}

unsafe extern "C" fn mx_store_ref(arr: Slot, index: Slot, value: Slot) -> u32 {
    // SAFETY: compiled code passes a reference array (or null).
    status(exec::store_ref(arr, index, value))
}

unsafe extern "C" fn mx_elem_addr_checked(class: *const Class, arr: Slot, index: Slot, out: *mut Slot) -> u32 {
    // SAFETY: compiled code passes a bound class and a reference array (or null).
    match exec::elem_addr_checked(arr, index, crate::abi::layout::SLOT_SIZE, Some(&*class)) {
        Ok(p) => {
            *out = p as Slot;
            0
        }
        Err(e) => status(Err(e)),
    }
}

unsafe extern "C" fn mx_op(op: u32, target: *const u8, args: *mut Slot, nargs: u32) -> u32 {
    use crate::runtime::object;
    // SAFETY (all arms): compiled code passes the target the operation
    // names, bound at load time, and `nargs` argument slots at `args`
    // (plus two spare slots for delegate invocation).
    let Some(&op) = Op::ALL.get(op as usize) else {
        return status(Err(exception::throw_new("System", "InvalidProgramException")));
    };
    match op {
        Op::NewString => on_stack(args, nargs.max(1), 1, |fp| object::new_string_ctor(&*(target as *const Method), fp)),
        Op::NewMdArray => {
            let dims: Vec<i64> = (0..nargs as usize).map(|i| *args.add(i) as i32 as i64).collect();
            object_out(object::new_md_array(&*(target as *const Class), &dims), args)
        }
        Op::MdAccess => {
            on_stack(args, nargs + 1, 1, |fp| object::md_access(&*(target as *const Method), fp, nargs as usize))
        }
        Op::InvokeDelegate => {
            wrap_single_delegate(*args as *mut u8);
            on_stack(args, nargs + 3, 1, |fp| object::invoke_delegate(fp, nargs as usize))
        }
        Op::NewDelegate => object_out(
            object::new_delegate(&*(target as *const Class), *args as *mut u8, *args.add(1) as *const FtnDesc),
            args,
        ),
        Op::VirtFtn => {
            let obj = *args as *mut u8;
            if obj.is_null() {
                return status(Err(exception::null_reference()));
            }
            match exec::resolve_virtual(&*(target as *const Method), obj) {
                Ok(t) => {
                    *args = &t.desc as *const FtnDesc as Slot;
                    0
                }
                Err(e) => status(Err(e)),
            }
        }
        Op::Checked => match checked_op(*args as u32, *args.add(1), *args.add(2)) {
            Ok(v) => {
                *args = v as Slot;
                0
            }
            Err(e) => status(Err(e)),
        },
    }
}

unsafe extern "C" fn mx_throw_object(obj: Slot) {
    let _ = if obj == 0 { exception::null_reference() } else { exception::throw_object(obj as *mut u8, true) };
}

const OVF_OPS: [OvfOp; 6] = [OvfOp::Add, OvfOp::AddUn, OvfOp::Sub, OvfOp::SubUn, OvfOp::Mul, OvfOp::MulUn];
const CONV_TOS: [ConvTo; 8] =
    [ConvTo::I1, ConvTo::U1, ConvTo::I2, ConvTo::U2, ConvTo::I4, ConvTo::U4, ConvTo::I8, ConvTo::U8];
const SRCS: [Src; 3] = [Src::I4, Src::I8, Src::F];
const CONV_BIT: u32 = 0x100;

/// The `Op::Checked` code of a checked arithmetic instruction or checked
/// conversion (what `checked_op` decodes).
pub fn checked_code(i: &Insn) -> Option<u32> {
    let idx = |found: Option<usize>| found.map(|k| k as u32);
    match i {
        Insn::Ovf { op, wide, .. } => Some(idx(OVF_OPS.iter().position(|o| o == op))? << 1 | *wide as u32),
        Insn::ConvOvf { to, src, un, .. } => Some(
            CONV_BIT
                | idx(CONV_TOS.iter().position(|t| t == to))? << 4
                | idx(SRCS.iter().position(|s| s == src))? << 1
                | *un as u32,
        ),
        _ => None,
    }
}

fn checked_op(code: u32, a: Slot, b: Slot) -> Result<i64, Thrown> {
    let bad = || exception::throw_new("System", "InvalidProgramException");
    if code & CONV_BIT != 0 {
        let to = *CONV_TOS.get((code >> 4 & 0xf) as usize).ok_or_else(bad)?;
        let src = *SRCS.get((code >> 1 & 0x7) as usize).ok_or_else(bad)?;
        exec::conv_ovf(a, src, to, code & 1 != 0)
    } else {
        let op = *OVF_OPS.get((code >> 1) as usize).ok_or_else(bad)?;
        exec::ovf_op(op, code & 1 != 0, a, b)
    }
}

unsafe extern "C" fn mx_prepare(method: *const Method) -> u32 {
    // SAFETY: compiled code passes its own bound method.
    status(exec::code_of(&*method).map(|_| ()))
}

unsafe extern "C" fn mx_catch(class: *const Class) -> Slot {
    let exc = exception::pending();
    // SAFETY: compiled code passes a bound class; `exc` is the live pending exception.
    if exc.is_null() || !crate::runtime::object::is_instance(exc, &*class) {
        return 0;
    }
    exception::caught(exc);
    exc as Slot
}

unsafe extern "C" fn mx_take_pending() -> Slot {
    exception::take_pending() as Slot
}

unsafe extern "C" fn mx_set_pending(obj: Slot) {
    exception::set_pending(obj as *mut u8);
}

unsafe extern "C" fn mx_rethrow(obj: Slot) {
    let _ = exception::throw_object(obj as *mut u8, false);
}

unsafe extern "C" fn mx_resolve_ref(image: *const crate::runtime::aot::ImageRefs, index: u32) -> *const u8 {
    // SAFETY: compiled code passes its image's record, set by the loader.
    match (*image).resolve(index as usize) {
        Ok(v) => v,
        Err(e) => {
            let _ = exception::from_load_error(&e);
            std::ptr::null()
        }
    }
}

/// Compiled code is invoking delegate `d` through the runtime: when it is
/// a single delegate to a method without native code (an interpreted or
/// dynamic method), give that method's descriptor its entry wrapper (in
/// `aot` mode), so the next invocation is a direct native call.
///
/// # Safety
/// `d` is null or a live delegate.
unsafe fn wrap_single_delegate(d: *mut u8) {
    let Some((_, ftn, list)) = crate::runtime::object::delegate_layout() else { return };
    if d.is_null() || !(*(d.add(list) as *const *mut u8)).is_null() {
        return;
    }
    let desc = *(d.add(ftn) as *const *const FtnDesc);
    if !desc.is_null() && std::ptr::eq(desc, &Method::from_record((*desc).method).desc) {
        crate::runtime::aot::wrap_on_first_call(Method::from_record((*desc).method));
    }
}

unsafe extern "C" fn mx_accept(obj: Slot) {
    exception::caught(obj as *mut u8);
}

unsafe extern "C" fn mx_native_target(method: *const Method) -> *const u8 {
    // SAFETY: compiled stubs pass their own bound method.
    match crate::runtime::pinvoke::target(&*method) {
        Ok(f) => f as *const u8,
        Err(e) => {
            let _ = exception::from_load_error(&e);
            std::ptr::null()
        }
    }
}

unsafe extern "C" fn mx_delegate_to_native(d: Slot) -> Slot {
    crate::runtime::pinvoke::delegate_to_native(d as *mut u8).map_or(0, |f| f as Slot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_kinds_decode_to_themselves() {
        assert!(Op::ALL.iter().enumerate().all(|(i, o)| *o as usize == i));
        assert!(ThrowKind::ALL.iter().enumerate().all(|(i, k)| *k as usize == i));
    }
}
