//! The runtime's side of the libcall table declared in `abi::libcalls`:
//! one implementation per libcall, written as ordinary Rust that returns
//! `Result<_, Thrown>`, and the `extern "C"` shims, generated from the
//! declaration, that turn it into the table's convention. `LIBCALLS` is the
//! table every bound image (and every JIT-compiled wrapper) receives.

use crate::abi::layout::{ClassRecord, FtnDesc, MethodRecord, Slot, OBJECT_HEADER_SIZE, SLOT_SIZE};
use crate::abi::libcalls::{ImageRecord, Libcalls, Op, ThrowKind};
use crate::interp::code::{ConvTo, Insn, OvfOp, Src};
use crate::interp::exec;
use crate::interp::first_pass::{self, Entry};
use crate::runtime::exception::{self, Thrown};
use crate::runtime::{icalls, object, thread};
use crate::types::class::Class;
use crate::types::method::Method;

/// The C result of implementation result `r` under convention `$conv`.
macro_rules! to_c {
    (status, $r:expr) => {
        u32::from($r.is_err())
    };
    (raises, $r:expr) => {{
        let _: Thrown = $r;
    }};
    (value, $r:expr) => {
        $r
    };
    (or_null, $r:expr) => {
        $r.unwrap_or(std::ptr::null())
    };
}

macro_rules! define_shims {
    ($( $(#[$doc:meta])* $name:ident ( $($p:ident : $t:ty),* ) -> $conv:ident $($ret:ty)? ; )*) => {
        /// The `extern "C"` entry points of the table.
        mod shim {
            use super::*;
            $(
                /// # Safety
                /// Called by compiled code only, with arguments as the
                /// declaration in `abi::libcalls` documents them.
                pub(super) unsafe extern "C" fn $name($($p: $t),*) -> $crate::libcall_ret!($conv $($ret)?) {
                    // SAFETY: the caller keeps the declared contract, which
                    // is the implementation's.
                    to_c!($conv, unsafe { super::$name($($p),*) })
                }
            )*
        }

        /// The table handed to every image and JIT-compiled wrapper.
        pub static LIBCALLS: Libcalls = Libcalls { $($name: shim::$name),* };
    };
}

crate::foreach_libcall!(define_shims);

/// Copies the arguments to the interpreter stack top, runs `f` there and
/// copies the `nret` result slots back.
///
/// # Safety
/// `args` must hold `max(nargs, nret)` slots (at least one).
unsafe fn on_stack(
    args: *mut Slot,
    nargs: u32,
    nret: usize,
    f: impl FnOnce(*mut Slot) -> Result<(), Thrown>,
) -> Result<(), Thrown> {
    let base = thread::top();
    let room = (nargs as usize).max(nret);
    // SAFETY: the interpreter stack is one allocation ending at `limit`;
    // the comparison stays within it or one past it.
    if unsafe { base.add(room + 8) } >= thread::limit() {
        return Err(thread::stack_overflow());
    }
    // SAFETY: `args` holds `nargs` slots (the caller's contract) and the
    // stack has room for `room` slots above `base` (checked above).
    unsafe { std::ptr::copy_nonoverlapping(args, base, nargs as usize) };
    // The arguments now belong to a frame: anything run before the callee's
    // own frame is set up (a static constructor) must start above them.
    // SAFETY: as above.
    thread::set_top(unsafe { base.add(room) });
    let r = f(base);
    thread::set_top(base);
    // SAFETY: `args` has room for the `nret` result slots (the contract).
    unsafe { std::ptr::copy_nonoverlapping(base, args, nret.max(1)) };
    r
}

/// # Safety
/// `method` is a bound method; `args` holds `max(nargs, nret, 1)` slots.
unsafe fn call(method: *const MethodRecord, args: *mut Slot, nargs: u32, nret: u32) -> Result<(), Thrown> {
    // SAFETY: compiled code passes a method bound at load time.
    let m = unsafe { Method::from_record(method) };
    crate::runtime::aot::wrap_on_first_call(m);
    // SAFETY: the buffer is sized for the arguments and the result.
    unsafe { on_stack(args, nargs.max(1), nret as usize, |fp| exec::call(m, fp)) }
}

/// # Safety
/// As [`call`]; `args[0]` is the receiver.
unsafe fn call_virtual(method: *const MethodRecord, args: *mut Slot, nargs: u32, nret: u32) -> Result<(), Thrown> {
    // SAFETY: compiled code passes a bound method and at least one slot.
    let (m, this) = unsafe { (Method::from_record(method), *args as *mut u8) };
    if this.is_null() {
        return Err(exception::null_reference());
    }
    // SAFETY: `this` is a live object (the receiver).
    let target = unsafe { exec::resolve_virtual(m, this) }?;
    if target.class.is_valuetype() && !m.class.is_valuetype() {
        // SAFETY: a boxed value follows its object header.
        unsafe { *args = this.add(OBJECT_HEADER_SIZE) as Slot };
    }
    crate::runtime::aot::wrap_on_first_call(target);
    // SAFETY: as in `call`.
    unsafe { on_stack(args, nargs.max(1), nret as usize, |fp| exec::call(target, fp)) }
}

/// # Safety
/// None beyond the libcall contract (no pointers).
unsafe fn throw(kind: u32) -> Thrown {
    match ThrowKind::ALL.get(kind as usize) {
        Some(ThrowKind::NullReference) => exception::null_reference(),
        Some(ThrowKind::IndexOutOfRange) => exception::throw_new("System", "IndexOutOfRangeException"),
        Some(ThrowKind::DivideByZero) => exception::throw_new("System", "DivideByZeroException"),
        Some(ThrowKind::Arithmetic) => exception::throw_new("System", "ArithmeticException"),
        Some(ThrowKind::InvalidCast) => exception::throw_new("System", "InvalidCastException"),
        Some(ThrowKind::Overflow) | None => exception::throw_new("System", "OverflowException"),
    }
}

/// # Safety
/// None (no arguments).
unsafe fn pending() -> u32 {
    u32::from(!exception::pending().is_null())
}

/// The record of method reference `index` of `image`: the compiled frame
/// asking is running that method, so it resolves (None only for a broken
/// image, whose frame then goes unrecorded).
///
/// # Safety
/// `image` is a bound image's loader record.
unsafe fn frame_method(image: *const ImageRecord, index: u32) -> Option<&'static Method> {
    // SAFETY: by the contract.
    let refs = unsafe { crate::runtime::aot::ImageRefs::from_record(image) };
    let record = refs.value(index as usize).ok()?;
    // SAFETY: an `m:` reference holds a method's record.
    Some(unsafe { Method::from_record(record as *const MethodRecord) })
}

/// # Safety
/// `image` and `method_ref` name the caller's own method.
unsafe fn unwind(image: *const ImageRecord, method_ref: u32, il_offset: u32) {
    // SAFETY: by the contract.
    if let Some(m) = unsafe { frame_method(image, method_ref) } {
        exception::append_trace(m, il_offset);
    }
}

/// # Safety
/// `ctor` is a bound constructor; `args` holds `max(nargs, 1)` slots.
unsafe fn new_object(ctor: *const MethodRecord, args: *mut Slot, nargs: u32) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    let ctor = unsafe { Method::from_record(ctor) };
    let obj = object::alloc_object(ctor.class)?;
    // [this, args...] on the interpreter stack; the object is also kept in
    // `args[0]` (scanned: it is compiled code's stack) until the call ends.
    let base = thread::top();
    // SAFETY: the stack check and copies stay within the interpreter stack
    // (checked against its limit) and the caller's `args`.
    unsafe {
        if base.add(nargs as usize + 9) >= thread::limit() {
            return Err(thread::stack_overflow());
        }
        *base = obj as Slot;
        std::ptr::copy_nonoverlapping(args, base.add(1), nargs as usize);
        *args = obj as Slot;
        thread::set_top(base.add(nargs as usize + 1));
    }
    let r = exec::call(ctor, base);
    thread::set_top(base);
    // SAFETY: as above.
    unsafe { *args = obj as Slot };
    r
}

/// # Safety
/// `array_class` is a bound array class; `out` a result cell.
unsafe fn new_array(array_class: *const ClassRecord, len: i64, out: *mut Slot) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    let a = object::new_array(unsafe { Class::from_record(array_class) }, len)?;
    // SAFETY: by the contract.
    unsafe { *out = a as Slot };
    Ok(())
}

/// # Safety
/// `class` is a bound class; `obj` a non-null object.
unsafe fn isinst(class: *const ClassRecord, obj: Slot) -> u32 {
    // SAFETY: by the contract.
    u32::from(object::is_instance(obj as *mut u8, unsafe { Class::from_record(class) }))
}

/// # Safety
/// As [`isinst`].
unsafe fn castclass(class: *const ClassRecord, obj: Slot) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    let class = unsafe { Class::from_record(class) };
    match object::is_instance(obj as *mut u8, class) {
        true => Ok(()),
        false => Err(exception::invalid_cast(obj as *mut u8, class)),
    }
}

/// # Safety
/// `method` is a bound method; `obj` a non-null object.
unsafe fn resolve(method: *const MethodRecord, obj: Slot) -> *const FtnDesc {
    // SAFETY: by the contract.
    let m = unsafe { Method::from_record(method) };
    // SAFETY: by the contract.
    match unsafe { exec::resolve_virtual(m, obj as *mut u8) } {
        Ok(t) if !t.class.is_valuetype() && !t.desc.addr.load(std::sync::atomic::Ordering::Acquire).is_null() => {
            &t.desc
        }
        _ => std::ptr::null(),
    }
}

/// # Safety
/// `class` is a bound class.
unsafe fn init_class(class: *const ClassRecord) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    let c = unsafe { Class::from_record(class) };
    if c.cctor_state() != crate::types::class::CCTOR_DONE {
        object::run_cctor(c)?;
    }
    Ok(())
}

/// Stores object `o` in `*out`.
///
/// # Safety
/// `out` is a result cell.
unsafe fn object_out(o: *mut u8, out: *mut Slot) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    unsafe { *out = o as Slot };
    Ok(())
}

/// # Safety
/// `class` is a bound value class; `src` holds its value; `out` a result cell.
unsafe fn box_value(class: *const ClassRecord, src: *mut Slot, out: *mut Slot) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    unsafe { object_out(object::box_slot(Class::from_record(class), src)?, out) }
}

/// # Safety
/// `class` is a bound class; `out` a result cell.
unsafe fn unbox(class: *const ClassRecord, obj: Slot, out: *mut Slot) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    unsafe { object_out(object::unbox(obj as *mut u8, Class::from_record(class), out)?, out) }
}

/// # Safety
/// `class` is a bound class; `src` the address of its value; `out` a result cell.
unsafe fn box_at(class: *const ClassRecord, src: Slot, out: *mut Slot) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    unsafe { object_out(object::box_value(Class::from_record(class), src as *const u8)?, out) }
}

/// # Safety
/// `arr` is a reference array or null.
unsafe fn store_ref(arr: Slot, index: Slot, value: Slot) -> Result<(), Thrown> {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe { exec::store_ref(arr, index, value) }
}

/// # Safety
/// `class` is a bound class; `arr` a reference array or null; `out` a result cell.
unsafe fn elem_addr_checked(class: *const ClassRecord, arr: Slot, index: Slot, out: *mut Slot) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    let p = unsafe { exec::elem_addr_checked(arr, index, SLOT_SIZE, Some(Class::from_record(class))) }?;
    // SAFETY: by the contract.
    unsafe { *out = p as Slot };
    Ok(())
}

/// # Safety
/// `target` is what `op` names, bound at load time; `args` holds the
/// `nargs` argument slots (plus two spare ones for delegate invocation).
unsafe fn op(op: u32, target: *const u8, args: *mut Slot, nargs: u32) -> Result<(), Thrown> {
    let Some(&op) = Op::ALL.get(op as usize) else {
        return Err(exception::throw_new("System", "InvalidProgramException"));
    };
    // SAFETY (all arms): by the contract, `target` has the kind the
    // operation names and `args` the slots it reads.
    unsafe {
        match op {
            Op::NewString => {
                on_stack(args, nargs.max(1), 1, |fp| object::new_string_ctor(&*(target as *const Method), fp))
            }
            Op::AssemblyOf => object_out(icalls::assembly_of_class(&*(target as *const Class))?, args),
            Op::NewMdArray => {
                let dims: Vec<i64> = (0..nargs as usize).map(|i| *args.add(i) as i32 as i64).collect();
                object_out(object::new_md_array(&*(target as *const Class), &dims)?, args)
            }
            Op::MdAccess => {
                on_stack(args, nargs + 1, 1, |fp| object::md_access(&*(target as *const Method), fp, nargs as usize))
            }
            Op::InvokeDelegate => {
                wrap_single_delegate(*args as *mut u8);
                on_stack(args, nargs + 3, 1, |fp| object::invoke_delegate(fp, nargs as usize))
            }
            Op::NewDelegate => object_out(
                object::new_delegate(&*(target as *const Class), *args as *mut u8, *args.add(1) as *const FtnDesc)?,
                args,
            ),
            Op::VirtFtn => {
                let obj = *args as *mut u8;
                if obj.is_null() {
                    return Err(exception::null_reference());
                }
                let t = exec::resolve_virtual(&*(target as *const Method), obj)?;
                *args = &t.desc as *const FtnDesc as Slot;
                Ok(())
            }
            Op::Checked => {
                *args = checked_op(*args as u32, *args.add(1), *args.add(2))? as Slot;
                Ok(())
            }
        }
    }
}

/// # Safety
/// `obj` is an exception object or null.
unsafe fn throw_object(obj: Slot) -> Thrown {
    if obj == 0 {
        exception::null_reference()
    } else {
        exception::throw_object(obj as *mut u8, true)
    }
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

/// # Safety
/// `method` is the caller's own bound method.
unsafe fn prepare(method: *const MethodRecord) -> Result<(), Thrown> {
    // SAFETY: by the contract.
    exec::code_of(unsafe { Method::from_record(method) }).map(|_| ())
}

/// # Safety
/// `class` is a bound class.
unsafe fn catch(class: *const ClassRecord) -> Slot {
    let exc = exception::pending();
    // SAFETY: by the contract; `exc` is the live pending exception.
    if exc.is_null() || !object::is_instance(exc, unsafe { Class::from_record(class) }) {
        return 0;
    }
    exception::caught(exc);
    exc as Slot
}

/// # Safety
/// None (no arguments).
unsafe fn take_pending() -> Slot {
    exception::take_pending() as Slot
}

/// # Safety
/// `obj` is an exception object.
unsafe fn set_pending(obj: Slot) {
    exception::set_pending(obj as *mut u8);
}

/// # Safety
/// `obj` is the caught exception object.
unsafe fn rethrow(obj: Slot) -> Thrown {
    exception::throw_object(obj as *mut u8, false)
}

/// # Safety
/// `image` is the record the loader gave the calling image.
unsafe fn resolve_ref(image: *const ImageRecord, index: u32) -> Result<*const u8, Thrown> {
    // SAFETY: by the contract.
    let refs = unsafe { crate::runtime::aot::ImageRefs::from_record(image) };
    refs.resolve(index as usize).map_err(|e| exception::from_load_error(&e))
}

/// Compiled code is invoking delegate `d` through the runtime: when it is
/// a single delegate to a method without native code (an interpreted or
/// dynamic method), give that method's descriptor its entry wrapper (in
/// `aot` mode), so the next invocation is a direct native call.
///
/// # Safety
/// `d` is null or a live delegate.
unsafe fn wrap_single_delegate(d: *mut u8) {
    let Some((_, ftn, list)) = object::delegate_layout() else { return };
    // SAFETY: a live delegate has the corlib's delegate layout; its
    // descriptor is null or live, and owned by the method it names.
    unsafe {
        if d.is_null() || !(*(d.add(list) as *const *mut u8)).is_null() {
            return;
        }
        let desc = *(d.add(ftn) as *const *const FtnDesc);
        if !desc.is_null() && std::ptr::eq(desc, &Method::from_record((*desc).method).desc) {
            crate::runtime::aot::wrap_on_first_call(Method::from_record((*desc).method));
        }
    }
}

/// # Safety
/// `image` and `method_ref` name the calling frame's method; `il` is a
/// cell in the frame, which calls `eh_leave` before it returns.
unsafe fn eh_enter(image: *const ImageRecord, method_ref: u32, il: *const u32) -> u64 {
    // SAFETY: by the contract.
    match unsafe { frame_method(image, method_ref) } {
        Some(m) => first_pass::push(Entry::Compiled { m, il }) as u64,
        None => crate::abi::libcalls::NO_MARK,
    }
}

/// # Safety
/// `mark` came from `eh_enter` of the calling frame.
unsafe fn eh_leave(mark: u64) {
    first_pass::pop_to(mark as usize);
}

/// # Safety
/// None (no arguments).
unsafe fn first_pass() {
    first_pass::run(None);
}

/// # Safety
/// `method` is the calling stub's own bound P/Invoke method.
unsafe fn native_target(method: *const MethodRecord) -> Result<*const u8, Thrown> {
    // SAFETY: by the contract.
    match crate::runtime::pinvoke::target(unsafe { Method::from_record(method) }) {
        Ok(f) => Ok(f as *const u8),
        Err(e) => Err(exception::from_load_error(&e)),
    }
}

/// # Safety
/// `d` is a delegate or null.
unsafe fn delegate_to_native(d: Slot) -> Slot {
    crate::runtime::pinvoke::delegate_to_native(d as *mut u8).map_or(0, |f| f as Slot)
}

/// # Safety
/// `s` is a string or null.
unsafe fn string_to_utf8(s: Slot) -> Slot {
    crate::runtime::pinvoke::string_to_utf8(s as *mut u8) as Slot
}

/// # Safety
/// `p` came from `string_to_utf8` and is freed once, or is 0.
unsafe fn free_native(p: Slot) {
    // SAFETY: by the contract, `p` is malloc'd memory or null.
    unsafe { libc::free(p as *mut libc::c_void) };
}

/// # Safety
/// `h` is a SafeHandle or null; `out` is a slot of the calling stub.
unsafe fn safe_handle_add_ref(h: Slot, out: *mut Slot) -> Result<(), Thrown> {
    let handle = crate::runtime::pinvoke::safe_handle_add_ref(h as *mut u8)?;
    // SAFETY: by the contract.
    unsafe { *out = handle };
    Ok(())
}

/// # Safety
/// `h` is a SafeHandle that `safe_handle_add_ref` referenced.
unsafe fn safe_handle_release(h: Slot) -> Result<(), Thrown> {
    crate::runtime::pinvoke::safe_handle_release(h as *mut u8)
}

/// # Safety
/// `method` is the calling stub's own bound P/Invoke method.
unsafe fn safe_handle_wrap(method: *const MethodRecord, handle: Slot) -> Result<*const u8, Thrown> {
    // SAFETY: by the contract.
    let m = unsafe { Method::from_record(method) };
    crate::runtime::pinvoke::safe_handle_wrap(m, handle).map(|o| o as *const u8)
}

/// # Safety
/// None (no arguments).
unsafe fn save_last_error() {
    crate::runtime::pinvoke::save_errno();
}
