//! The exec loop: runs transformed code over a frame of slots.
//!
//! A call runs the callee on a frame that starts at the caller's argument
//! slots (the arguments are already in place), so calls copy nothing. The
//! result is written to the callee frame's first slots, which are the
//! caller's argument slots. Exceptions travel as `Err(Thrown)` with the
//! exception object in the thread's pending slot.

use crate::abi::layout::{
    ArrayHeader, FtnDesc, Slot, VTable, ARRAY_DATA_OFFSET, NULL_PAGE, OBJECT_HEADER_SIZE, SLOT_SIZE,
};
use crate::interp::code::*;
use crate::interp::first_pass::{self, Entry};
use crate::interp::transform;
use crate::metadata::error::LoadError;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object::{self, obj_class};
use crate::runtime::{rt, thread};
use crate::types::class::{ClassRef, Kind, CCTOR_DONE};
use crate::types::method::{CodeRecord, Method};
use crate::util::ArenaSlice;

/// What an `endfinally`/`endfilter` continues with.
enum Cont {
    /// Unwinding an exception: after the finally of `clause`, continue the
    /// handler search after it (the exception waits in the clause's hold slot).
    Unwind { clause: u32, pc: u32 },
    /// A `leave`: run the remaining finallies, then jump to `target`.
    Leave { clause: u32, rest: ArenaSlice<u32>, next: usize, target: u32 },
    /// The first pass runs the filter of `clause` (`run_filter`).
    Probe { clause: u32 },
}

impl Cont {
    fn clause(&self) -> u32 {
        match self {
            Cont::Unwind { clause, .. } | Cont::Leave { clause, .. } | Cont::Probe { clause } => *clause,
        }
    }
}

/// The compiled out wrapper of an AOT-compiled method.
pub type NativeEntry = unsafe extern "C" fn(fp: *mut Slot) -> u32;

/// Calls the AOT code of `m` (if an image bound some) on frame `fp`.
#[inline(always)]
fn call_native(m: &'static Method, fp: *mut Slot) -> Option<Result<(), Thrown>> {
    let n = m.native.load(std::sync::atomic::Ordering::Acquire);
    if n.is_null() {
        return None;
    }
    // SAFETY: `native` only holds wrappers bound from a checked image, with
    // the `NativeEntry` signature; `fp` holds the method's arguments.
    let f: NativeEntry = unsafe { std::mem::transmute::<*mut std::ffi::c_void, NativeEntry>(n) };
    // SAFETY: as above.
    Some(if unsafe { f(fp) } == 0 { Ok(()) } else { Err(Thrown) })
}

/// The code a method's opaque record stands for.
fn from_record(r: *const CodeRecord) -> &'static InterpCode {
    // SAFETY: only this module stores code records (`transformed`), and
    // each is an `InterpCode` in its method's arena, which outlives every
    // caller of the method.
    unsafe { &*(r as *const InterpCode) }
}

/// The transformed code of `m` (transforming it on first use) without
/// running anything: what the AOT compiler lowers.
pub fn transformed(m: &'static Method) -> Result<&'static InterpCode, &'static LoadError> {
    m.code
        .get_or_init(|| {
            let code: &'static InterpCode = m.arena().alloc(transform::transform(m)?);
            tracing::debug!(method = %m.display_name(), "transformed:\n{}", code.dump());
            // SAFETY: a cast of the pointer only; `from_record` casts back.
            Ok(unsafe { &*(code as *const InterpCode as *const CodeRecord) })
        })
        .as_ref()
        .map(|r| from_record(*r))
}

/// The code of `m`, transforming it on first use.
pub fn code_of(m: &'static Method) -> Result<&'static InterpCode, Thrown> {
    match transformed(m) {
        Ok(c) => {
            if !c.eager_cctors.is_empty() && !c.eager_done.swap(true, std::sync::atomic::Ordering::AcqRel) {
                for &class in c.eager_cctors.iter() {
                    // A failure is remembered by the class and raised by
                    // the InitClass at the access itself.
                    if object::run_cctor(class).is_err() {
                        exception::take_pending();
                    }
                }
            }
            m.ready.store(c as *const InterpCode as *mut CodeRecord, std::sync::atomic::Ordering::Release);
            Ok(c)
        }
        Err(e) => Err(exception::from_load_error(e)),
    }
}

/// Calls `m` with its arguments in `fp[0..]`; the result replaces them.
#[inline]
pub fn call(m: &'static Method, fp: *mut Slot) -> Result<(), Thrown> {
    if let Some(r) = call_native(m, fp) {
        return r;
    }
    let ready = m.ready.load(std::sync::atomic::Ordering::Acquire);
    if !ready.is_null() {
        return exec(m, from_record(ready), fp);
    }
    if m.is_internal_call() {
        return match crate::runtime::icalls::lookup(m) {
            Some(f) => f(fp),
            // Registered by a native library: called through its stub.
            None if crate::runtime::icalls::native::registered(m).is_some() => crate::runtime::pinvoke::call(m, fp),
            None => Err(exception::throw_msg(
                "System",
                "MissingMethodException",
                &format!("No implementation found for {}", m.display_name()),
            )),
        };
    }
    if m.is_pinvoke() {
        return crate::runtime::pinvoke::call(m, fp);
    }
    let code = code_of(m)?;
    exec(m, code, fp)
}

/// Runs `code` of `m` on frame `fp`.
pub fn exec(m: &'static Method, code: &'static InterpCode, fp: *mut Slot) -> Result<(), Thrown> {
    let saved_top = thread::top();
    // SAFETY: `fp` is inside the thread's interpreter stack; the check keeps
    // the whole frame inside it.
    let frame_end = unsafe { fp.add(code.frame_slots as usize) };
    if frame_end >= thread::limit() {
        return Err(thread::stack_overflow());
    }
    thread::set_top(frame_end);
    // SAFETY: locals lie inside the frame checked above.
    unsafe {
        // Most methods have a few locals: a loop beats a memset call.
        let locals = fp.add(code.arg_slots as usize);
        for i in 0..code.local_slots as usize {
            *locals.add(i) = 0;
        }
    }
    let r = run(m, code, fp, 0, None);
    thread::set_top(saved_top);
    r.map(|_| ())
}

/// Runs the filter of `clause`, starting at `start`, on frame `fp` (a copy
/// the first pass made, the exception in its slots): the filter's verdict.
pub fn run_filter(
    m: &'static Method,
    code: &'static InterpCode,
    fp: *mut Slot,
    clause: usize,
    start: u32,
) -> Result<bool, Thrown> {
    let saved_top = thread::top();
    // SAFETY: the caller placed the frame below the limit.
    thread::set_top(unsafe { fp.add(code.frame_slots as usize) });
    let r = run(m, code, fp, start as usize, Some(clause as u32));
    thread::set_top(saved_top);
    r
}

#[inline(always)]
fn ovf() -> Thrown {
    exception::throw_new("System", "OverflowException")
}

/// Whether an address is null as mono's fault handler judges it: any
/// access in the first page raises NullReferenceException.
#[inline(always)]
fn in_null_page(p: u64) -> bool {
    p < NULL_PAGE
}

#[inline(always)]
fn nre() -> Thrown {
    exception::null_reference()
}

/// x86-style double -> int32: NaN and out-of-range give i32::MIN, as Mono's JIT does.
fn f_to_i4(v: f64) -> i32 {
    if v.is_nan() || v <= -2147483649.0 || v >= 2147483648.0 {
        i32::MIN
    } else {
        v as i32
    }
}

fn f_to_i8(v: f64) -> i64 {
    if v.is_nan() || !(-9.223372036854776e18..9.223372036854776e18).contains(&v) {
        i64::MIN
    } else {
        v as i64
    }
}

/// `conv.u8` of a double as Mono does it on x86-64: below 2^63 the signed
/// conversion, else the signed conversion of `v - 2^63` plus 2^63 (so
/// NaN, +inf and values past 2^64 give 0, negative ones wrap).
fn f_to_u8(v: f64) -> u64 {
    const TWO63: f64 = 9.223372036854776e18;
    if v < TWO63 {
        f_to_i8(v) as u64
    } else {
        (f_to_i8(v - TWO63) as u64).wrapping_add(1 << 63)
    }
}

pub(crate) fn conv_ovf(v: Slot, src: Src, to: ConvTo, un: bool) -> Result<i64, Thrown> {
    // The value as an exact integer (i128 holds every int64/uint64).
    let x: i128 = match src {
        Src::I4 if un => (v as u32) as i128,
        Src::I4 => (v as i64) as i128,
        Src::I8 if un => v as i128,
        Src::I8 => (v as i64) as i128,
        Src::F => {
            let f = f64::from_bits(v).trunc();
            if f.is_nan() || f <= -1.8446744073709552e19 || f >= 1.8446744073709552e19 * 2.0 {
                return Err(ovf());
            }
            f as i128
        }
    };
    let (lo, hi): (i128, i128) = match to {
        ConvTo::I1 => (i8::MIN as i128, i8::MAX as i128),
        ConvTo::U1 => (0, u8::MAX as i128),
        ConvTo::I2 => (i16::MIN as i128, i16::MAX as i128),
        ConvTo::U2 => (0, u16::MAX as i128),
        ConvTo::I4 => (i32::MIN as i128, i32::MAX as i128),
        ConvTo::U4 => (0, u32::MAX as i128),
        ConvTo::I8 => (i64::MIN as i128, i64::MAX as i128),
        ConvTo::U8 => (0, u64::MAX as i128),
    };
    if x < lo || x > hi {
        return Err(ovf());
    }
    Ok(match to {
        ConvTo::U4 => x as u32 as i32 as i64,
        ConvTo::U8 => x as u64 as i64,
        _ => x as i64,
    })
}

pub(crate) fn ovf_op(op: OvfOp, wide: bool, a: Slot, b: Slot) -> Result<i64, Thrown> {
    let r = if wide {
        let (x, y) = (a as i64, b as i64);
        let (ux, uy) = (a, b);
        match op {
            OvfOp::Add => x.checked_add(y),
            OvfOp::Sub => x.checked_sub(y),
            OvfOp::Mul => x.checked_mul(y),
            OvfOp::AddUn => ux.checked_add(uy).map(|v| v as i64),
            OvfOp::SubUn => ux.checked_sub(uy).map(|v| v as i64),
            OvfOp::MulUn => ux.checked_mul(uy).map(|v| v as i64),
        }
    } else {
        let (x, y) = (a as i32, b as i32);
        let (ux, uy) = (a as u32, b as u32);
        match op {
            OvfOp::Add => x.checked_add(y).map(i64::from),
            OvfOp::Sub => x.checked_sub(y).map(i64::from),
            OvfOp::Mul => x.checked_mul(y).map(i64::from),
            OvfOp::AddUn => ux.checked_add(uy).map(|v| v as i32 as i64),
            OvfOp::SubUn => ux.checked_sub(uy).map(|v| v as i32 as i64),
            OvfOp::MulUn => ux.checked_mul(uy).map(|v| v as i32 as i64),
        }
    };
    r.ok_or_else(ovf)
}

/// Loads a value of kind `m` from `p` into slot form.
///
/// # Safety
/// `p` must be valid for a read of the access width.
#[inline(always)]
pub unsafe fn load(m: Mem, p: *const u8) -> Slot {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        match m {
            Mem::I1 => (p.read() as i8) as i64 as Slot,
            Mem::U1 => p.read() as Slot,
            Mem::I2 => ((p as *const i16).read_unaligned()) as i64 as Slot,
            Mem::U2 => ((p as *const u16).read_unaligned()) as Slot,
            Mem::I4 | Mem::U4 => ((p as *const i32).read_unaligned()) as i64 as Slot,
            Mem::I8 => (p as *const u64).read_unaligned(),
            Mem::R4 => (((p as *const f32).read_unaligned()) as f64).to_bits(),
            Mem::R8 => (p as *const u64).read_unaligned(),
        }
    }
}

/// Stores slot value `v` as kind `m` at `p`.
///
/// # Safety
/// `p` must be valid for a write of the access width.
#[inline(always)]
pub unsafe fn store(m: Mem, p: *mut u8, v: Slot) {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        match m {
            Mem::I1 | Mem::U1 => p.write(v as u8),
            Mem::I2 | Mem::U2 => (p as *mut u16).write_unaligned(v as u16),
            Mem::I4 | Mem::U4 => (p as *mut u32).write_unaligned(v as u32),
            Mem::I8 | Mem::R8 => (p as *mut u64).write_unaligned(v),
            Mem::R4 => (p as *mut f32).write_unaligned(f64::from_bits(v) as f32),
        }
    }
}

/// Checks the index and returns the address of element `i` of `arr`.
///
/// # Safety
/// `arr` must be null or an array object whose elements are `size` bytes.
#[inline(always)]
pub(crate) unsafe fn elem_addr(arr: Slot, i: Slot, size: usize) -> Result<*mut u8, Thrown> {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        if arr == 0 {
            return Err(nre());
        }
        let a = arr as *mut ArrayHeader;
        let idx = i as i64 as usize;
        if idx >= (*a).length {
            return Err(exception::throw_new("System", "IndexOutOfRangeException"));
        }
        Ok((arr as *mut u8).add(ARRAY_DATA_OFFSET + idx * size))
    }
}

/// `stelem.ref`: stores `val` into element `i` of reference array `arr`
/// after checking that the array may hold it.
///
/// # Safety
/// `arr` must be null or an array of references.
pub(crate) unsafe fn store_ref(arr: Slot, i: Slot, val: Slot) -> Result<(), Thrown> {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        let p = elem_addr(arr, i, SLOT_SIZE)?;
        if val != 0 {
            let elem = obj_class(arr as *mut u8).elem.unwrap_or(rt().wk().object);
            if !obj_class(val as *mut u8).is_assignable_to(elem) {
                return Err(exception::throw_new("System", "ArrayTypeMismatchException"));
            }
        }
        *(p as *mut Slot) = val;
        Ok(())
    }
}

/// `ldelema`: the address of element `i`, after checking that the array's
/// element class is exactly `check` when given (reference elements).
///
/// # Safety
/// As for [`elem_addr`].
pub(crate) unsafe fn elem_addr_checked(
    arr: Slot,
    i: Slot,
    size: usize,
    check: Option<ClassRef>,
) -> Result<*mut u8, Thrown> {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        if let Some(c) = check {
            if arr != 0 && !obj_class(arr as *mut u8).elem.is_some_and(|e| std::ptr::eq(e, c)) {
                return Err(exception::throw_new("System", "ArrayTypeMismatchException"));
            }
        }
        elem_addr(arr, i, size)
    }
}

/// The implementation of virtual `m` for receiver `obj`.
///
/// # Safety
/// `obj` must be a live, non-null managed object.
pub unsafe fn resolve_virtual(m: &'static Method, obj: *mut u8) -> Result<&'static Method, Thrown> {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        let vt = *(obj as *const *const VTable);
        let slots = std::ptr::addr_of!((*vt).slots) as *const *const FtnDesc;
        let class = crate::types::Class::from_record((*vt).class);
        let index = if m.class.kind == Kind::Interface {
            let info = class.info().map_err(|e| exception::from_load_error(&e))?;
            let off = info
                .interfaces
                .iter()
                .find(|(i, _)| std::ptr::eq(*i, m.class))
                .or_else(|| info.interfaces.iter().find(|(i, _)| i.is_assignable_to(m.class)))
                .map(|(_, o)| *o as i32);
            match off {
                Some(o) => o + m.slot(),
                None if class.is_array() => return object::array_interface_method(class, m),
                None => return Err(exception::throw_new("System", "InvalidCastException")),
            }
        } else {
            m.slot()
        };
        if index < 0 || index as u32 >= (*vt).slot_count {
            return Ok(m);
        }
        let target = Method::from_record((**slots.add(index as usize)).method);
        Ok(if m.method_args.is_empty() {
            target
        } else {
            rt().instantiate_method(target.generic_def.unwrap_or(target), m.method_args)
        })
    }
}

/// A caller suspended while the loop runs its callee in place.
struct Frame {
    m: &'static Method,
    code: &'static InterpCode,
    fp: *mut Slot,
    ip: *const Insn,
    /// Its mark on the first pass's chain (`NO_MARK`: not on it).
    eh: usize,
}

const NO_MARK: usize = usize::MAX;

/// Runs `code` of `m` on `fp`. Calls to interpreted methods made while the
/// frame has no finally or localloc state run in the same loop: the caller
/// is pushed on `frames` (no native recursion) and popped by `ret` or by an
/// exception that leaves the callee.
///
/// The run starts at instruction `start`. With `probe`, it runs the filter
/// of that clause for the first pass: `endfilter` returns its verdict, and
/// an exception escaping the filter returns "no".
fn run(
    m: &'static Method,
    code: &'static InterpCode,
    fp: *mut Slot,
    start: usize,
    probe: Option<u32>,
) -> Result<bool, Thrown> {
    let (mut m, mut code, mut fp) = (m, code, fp);
    // The instruction pointer: a raw pointer into `code.insns`, so that
    // dispatch needs no index arithmetic.
    let mut base = code.insns.as_ptr();
    // SAFETY: `start` is an instruction index of `code` (0, or a filter's start).
    let mut ip = unsafe { base.add(start) };
    let mut conts: Vec<Cont> = probe.map(|clause| Cont::Probe { clause }).into_iter().collect();
    let mut localloc: Vec<Box<[u64]>> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let limit = thread::limit();
    // Set when the current frame has been searched and must be left.
    let mut leave_frame = false;
    // SAFETY (for the whole loop): the transform guarantees that every slot
    // operand is below `frame_slots`, that branch targets are instruction
    // indices, and that each instruction's operands have the kinds it
    // expects; `fp` spans `frame_slots` slots of the interpreter stack.
    // Object and array accesses are null- and bounds-checked before use.
    macro_rules! s {
        ($i:expr) => {
            *fp.add($i as usize)
        };
    }
    macro_rules! i4 {
        ($i:expr) => {
            (*fp.add($i as usize)) as i32
        };
    }
    macro_rules! i8 {
        ($i:expr) => {
            (*fp.add($i as usize)) as i64
        };
    }
    macro_rules! f {
        ($i:expr) => {
            f64::from_bits(*fp.add($i as usize))
        };
    }
    macro_rules! set {
        ($d:expr, $v:expr) => {
            *fp.add($d as usize) = $v as Slot
        };
    }
    macro_rules! setf {
        ($d:expr, $v:expr) => {
            *fp.add($d as usize) = ($v as f64).to_bits()
        };
    }
    // After a finally or a declining filter of `clause`: the exception it
    // held continues its search in the clauses after it.
    macro_rules! resume_search {
        ($c:expr, $at:expr, $clause:expr) => {{
            exception::set_pending(s!($c.hold) as *mut u8);
            match find_handler(m, code, fp, &mut conts, $at, $clause as usize + 1) {
                Some(npc) => {
                    ip = base.add(npc);
                    continue;
                }
                None => {
                    leave_frame = true;
                    break Thrown;
                }
            }
        }};
    }
    // While this frame calls, it is on the first pass's chain if it has
    // catch or filter clauses and filters may run at all (as compiled
    // frames do: `abi::image::FILTERS_SEEN`); `unmark!` takes it off when
    // it resumes.
    macro_rules! mark {
        () => {
            if code.catches && first_pass::filters_may_run() {
                first_pass::push(Entry::Interp { m, fp, pc: ip.offset_from(base) as u32 })
            } else {
                NO_MARK
            }
        };
    }
    macro_rules! unmark {
        ($mark:expr) => {
            if $mark != NO_MARK {
                first_pass::pop_to($mark)
            }
        };
    }
    // `$call` (managed code run from this frame) with the frame marked.
    macro_rules! marked {
        ($call:expr) => {{
            let mark = mark!();
            let r = $call;
            unmark!(mark);
            r
        }};
    }
    // Calls interpreted `$callee` on frame `$nfp`: in place when this frame
    // holds no finally/localloc state, else through native recursion.
    macro_rules! call_managed {
        ($callee:expr, $nfp:expr) => {{
            let (callee, nfp): (&'static Method, *mut Slot) = ($callee, $nfp);
            // Methods with AOT code never get interpreter code, so `ready`
            // stays null for them and `call` takes them natively.
            let ready = callee.ready.load(std::sync::atomic::Ordering::Acquire);
            if ready.is_null() || !conts.is_empty() || !localloc.is_empty() {
                if let Err(e) = marked!(call(callee, nfp)) {
                    break e;
                }
            } else {
                let ncode = from_record(ready);
                let end = nfp.add(ncode.frame_slots as usize);
                if end >= limit {
                    break thread::stack_overflow();
                }
                frames.push(Frame { m, code, fp, ip, eh: mark!() });
                (m, code, fp) = (callee, ncode, nfp);
                base = code.insns.as_ptr();
                ip = base;
                thread::set_top(end);
                let locals = fp.add(code.arg_slots as usize);
                for i in 0..code.local_slots as usize {
                    *locals.add(i) = 0;
                }
                continue;
            }
        }};
    }
    // Returns to the suspended caller after its call instruction, or leaves
    // the loop when this is the entry frame.
    macro_rules! return_to_caller {
        () => {{
            match frames.pop() {
                None => return Ok(false),
                Some(f) => {
                    unmark!(f.eh);
                    (m, code, fp, ip) = (f.m, f.code, f.fp, f.ip);
                    base = code.insns.as_ptr();
                    thread::set_top(fp.add(code.frame_slots as usize));
                    localloc.clear();
                }
            }
        }};
    }
    loop {
        // SAFETY: see the comment at the top of `run`.
        let thrown: Thrown = unsafe {
            loop {
                match &*ip {
                    Insn::Nop => {}
                    Insn::LdcI4 { d, v } => set!(*d, *v as i64),
                    Insn::LdcI8 { d, v } => set!(*d, *v),
                    Insn::LdcF { d, v } => setf!(*d, *v),
                    Insn::Mov { d, s } => set!(*d, s!(*s)),
                    Insn::MovN { d, s, n } => std::ptr::copy(fp.add(*s as usize), fp.add(*d as usize), *n as usize),
                    Insn::LdAddr { d, s } => set!(*d, fp.add(*s as usize) as usize),
                    Insn::ZeroN { d, n } => std::ptr::write_bytes(fp.add(*d as usize), 0, *n as usize),
                    Insn::AddI4 { d, a, b } => set!(*d, i4!(*a).wrapping_add(i4!(*b)) as i64),
                    Insn::SubI4 { d, a, b } => set!(*d, i4!(*a).wrapping_sub(i4!(*b)) as i64),
                    Insn::MulI4 { d, a, b } => set!(*d, i4!(*a).wrapping_mul(i4!(*b)) as i64),
                    Insn::AddI4Imm { d, s, v } => set!(*d, i4!(*s).wrapping_add(*v) as i64),
                    Insn::DivI4 { d, a, b } => {
                        let (x, y) = (i4!(*a), i4!(*b));
                        if y == 0 {
                            break exception::throw_new("System", "DivideByZeroException");
                        }
                        if x == i32::MIN && y == -1 {
                            break ovf();
                        }
                        set!(*d, (x / y) as i64);
                    }
                    Insn::DivUnI4 { d, a, b } => {
                        let (x, y) = (i4!(*a) as u32, i4!(*b) as u32);
                        if y == 0 {
                            break exception::throw_new("System", "DivideByZeroException");
                        }
                        set!(*d, (x / y) as i32 as i64);
                    }
                    Insn::RemI4 { d, a, b } => {
                        let (x, y) = (i4!(*a), i4!(*b));
                        if y == 0 {
                            break exception::throw_new("System", "DivideByZeroException");
                        }
                        if x == i32::MIN && y == -1 {
                            break ovf();
                        }
                        set!(*d, (x % y) as i64);
                    }
                    Insn::RemUnI4 { d, a, b } => {
                        let (x, y) = (i4!(*a) as u32, i4!(*b) as u32);
                        if y == 0 {
                            break exception::throw_new("System", "DivideByZeroException");
                        }
                        set!(*d, (x % y) as i32 as i64);
                    }
                    Insn::ShlI4 { d, a, b } => set!(*d, i4!(*a).wrapping_shl(i4!(*b) as u32) as i64),
                    Insn::ShrI4 { d, a, b } => set!(*d, i4!(*a).wrapping_shr(i4!(*b) as u32) as i64),
                    Insn::ShrUnI4 { d, a, b } => set!(*d, (i4!(*a) as u32).wrapping_shr(i4!(*b) as u32) as i32 as i64),
                    Insn::NegI4 { d, s } => set!(*d, i4!(*s).wrapping_neg() as i64),
                    Insn::AddI8 { d, a, b } => set!(*d, i8!(*a).wrapping_add(i8!(*b))),
                    Insn::SubI8 { d, a, b } => set!(*d, i8!(*a).wrapping_sub(i8!(*b))),
                    Insn::MulI8 { d, a, b } => set!(*d, i8!(*a).wrapping_mul(i8!(*b))),
                    Insn::DivI8 { d, a, b } => {
                        let (x, y) = (i8!(*a), i8!(*b));
                        if y == 0 {
                            break exception::throw_new("System", "DivideByZeroException");
                        }
                        if x == i64::MIN && y == -1 {
                            break ovf();
                        }
                        set!(*d, x / y);
                    }
                    Insn::DivUnI8 { d, a, b } => {
                        let (x, y) = (s!(*a), s!(*b));
                        if y == 0 {
                            break exception::throw_new("System", "DivideByZeroException");
                        }
                        set!(*d, x / y);
                    }
                    Insn::RemI8 { d, a, b } => {
                        let (x, y) = (i8!(*a), i8!(*b));
                        if y == 0 {
                            break exception::throw_new("System", "DivideByZeroException");
                        }
                        if x == i64::MIN && y == -1 {
                            break ovf();
                        }
                        set!(*d, x % y);
                    }
                    Insn::RemUnI8 { d, a, b } => {
                        let (x, y) = (s!(*a), s!(*b));
                        if y == 0 {
                            break exception::throw_new("System", "DivideByZeroException");
                        }
                        set!(*d, x % y);
                    }
                    Insn::ShlI8 { d, a, b } => set!(*d, i8!(*a).wrapping_shl(i4!(*b) as u32)),
                    Insn::ShrI8 { d, a, b } => set!(*d, i8!(*a).wrapping_shr(i4!(*b) as u32)),
                    Insn::ShrUnI8 { d, a, b } => set!(*d, s!(*a).wrapping_shr(i4!(*b) as u32)),
                    Insn::NegI8 { d, s } => set!(*d, i8!(*s).wrapping_neg()),
                    Insn::And { d, a, b } => set!(*d, s!(*a) & s!(*b)),
                    Insn::Or { d, a, b } => set!(*d, s!(*a) | s!(*b)),
                    Insn::Xor { d, a, b } => set!(*d, s!(*a) ^ s!(*b)),
                    Insn::Not { d, s } => set!(*d, !s!(*s)),
                    Insn::AddF { d, a, b } => setf!(*d, f!(*a) + f!(*b)),
                    Insn::SubF { d, a, b } => setf!(*d, f!(*a) - f!(*b)),
                    Insn::MulF { d, a, b } => setf!(*d, f!(*a) * f!(*b)),
                    Insn::DivF { d, a, b } => setf!(*d, f!(*a) / f!(*b)),
                    Insn::RemF { d, a, b } => setf!(*d, f!(*a) % f!(*b)),
                    Insn::NegF { d, s } => setf!(*d, -f!(*s)),
                    Insn::Ovf { op, wide, d, a, b } => match ovf_op(*op, *wide, s!(*a), s!(*b)) {
                        Ok(v) => set!(*d, v),
                        Err(e) => break e,
                    },
                    Insn::CeqI { d, a, b } => set!(*d, (s!(*a) == s!(*b)) as i64),
                    Insn::CgtI { d, a, b } => set!(*d, (i8!(*a) > i8!(*b)) as i64),
                    Insn::CltI { d, a, b } => set!(*d, (i8!(*a) < i8!(*b)) as i64),
                    Insn::CgtUnI4 { d, a, b } => set!(*d, ((s!(*a) as u32) > (s!(*b) as u32)) as i64),
                    Insn::CltUnI4 { d, a, b } => set!(*d, ((s!(*a) as u32) < (s!(*b) as u32)) as i64),
                    Insn::CgtUnI8 { d, a, b } => set!(*d, (s!(*a) > s!(*b)) as i64),
                    Insn::CltUnI8 { d, a, b } => set!(*d, (s!(*a) < s!(*b)) as i64),
                    Insn::CeqF { d, a, b } => set!(*d, (f!(*a) == f!(*b)) as i64),
                    Insn::CgtF { d, a, b } => set!(*d, (f!(*a) > f!(*b)) as i64),
                    Insn::CltF { d, a, b } => set!(*d, (f!(*a) < f!(*b)) as i64),
                    Insn::CgtUnF { d, a, b } => set!(*d, !(f!(*a) <= f!(*b)) as i64),
                    Insn::CltUnF { d, a, b } => set!(*d, !(f!(*a) >= f!(*b)) as i64),
                    Insn::Br { t } => {
                        ip = base.add(*t as usize);
                        continue;
                    }
                    Insn::BrTrue { s, t } => {
                        if s!(*s) != 0 {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BrFalse { s, t } => {
                        if s!(*s) == 0 {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BeqI { a, b, t } => {
                        if s!(*a) == s!(*b) {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BneI { a, b, t } => {
                        if s!(*a) != s!(*b) {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BltI { a, b, t } => {
                        if i8!(*a) < i8!(*b) {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BleI { a, b, t } => {
                        if i8!(*a) <= i8!(*b) {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BgtI { a, b, t } => {
                        if i8!(*a) > i8!(*b) {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BgeI { a, b, t } => {
                        if i8!(*a) >= i8!(*b) {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BeqIImm { a, v, t } => {
                        if i8!(*a) == *v as i64 {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BneIImm { a, v, t } => {
                        if i8!(*a) != *v as i64 {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BltIImm { a, v, t } => {
                        if i8!(*a) < *v as i64 {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BleIImm { a, v, t } => {
                        if i8!(*a) <= *v as i64 {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BgtIImm { a, v, t } => {
                        if i8!(*a) > *v as i64 {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::BgeIImm { a, v, t } => {
                        if i8!(*a) >= *v as i64 {
                            ip = base.add(*t as usize);
                            continue;
                        }
                    }
                    Insn::Switch { s, targets } => {
                        let i = s!(*s) as u32 as usize;
                        if i < targets.len() {
                            ip = base.add(targets[i] as usize);
                            continue;
                        }
                    }
                    Insn::ConvI1 { d, s } => set!(*d, s!(*s) as i8 as i64),
                    Insn::ConvU1 { d, s } => set!(*d, s!(*s) as u8 as i64),
                    Insn::ConvI2 { d, s } => set!(*d, s!(*s) as i16 as i64),
                    Insn::ConvU2 { d, s } => set!(*d, s!(*s) as u16 as i64),
                    Insn::ConvI4 { d, s } => set!(*d, s!(*s) as i32 as i64),
                    Insn::ConvZext { d, s } => set!(*d, s!(*s) as u32 as u64),
                    Insn::ConvFToI4 { d, s } => set!(*d, f_to_i4(f!(*s)) as i64),
                    Insn::ConvFToI8 { d, s } => set!(*d, f_to_i8(f!(*s))),
                    Insn::ConvFToU8 { d, s } => set!(*d, f_to_u8(f!(*s))),
                    Insn::ConvI8ToF { d, s } => setf!(*d, i8!(*s) as f64),
                    Insn::ConvU4ToF { d, s } => setf!(*d, s!(*s) as u32 as f64),
                    Insn::ConvU8ToF { d, s } => setf!(*d, s!(*s) as f64),
                    Insn::ConvR4 { d, s } => setf!(*d, f!(*s) as f32 as f64),
                    Insn::ConvToR4Mem { d, s } => set!(*d, (f!(*s) as f32).to_bits()),
                    Insn::ConvOvf { d, s, to, src, un } => match conv_ovf(s!(*s), *src, *to, *un) {
                        Ok(v) => set!(*d, v),
                        Err(e) => break e,
                    },
                    Insn::Ckfinite { s } => {
                        if !f!(*s).is_finite() {
                            break exception::throw_new("System", "ArithmeticException");
                        }
                    }
                    Insn::CheckNull { s } => {
                        if s!(*s) == 0 {
                            break nre();
                        }
                    }
                    Insn::Ld { m, d, a, off } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        set!(*d, load(*m, (base as *const u8).offset(*off as isize)));
                    }
                    Insn::St { m, a, off, v } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        store(*m, (base as *mut u8).offset(*off as isize), s!(*v));
                    }
                    Insn::LdN { d, a, off, size } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        let src = (base as *const u8).offset(*off as isize);
                        // Read fully before writing: `d` may overlap the address slot.
                        let n = *size as usize;
                        let mut tmp = [0u64; 8];
                        if n <= 64 {
                            std::ptr::copy_nonoverlapping(src, tmp.as_mut_ptr() as *mut u8, n);
                            std::ptr::copy_nonoverlapping(tmp.as_ptr() as *const u8, fp.add(*d as usize) as *mut u8, n);
                        } else {
                            std::ptr::copy(src, fp.add(*d as usize) as *mut u8, n);
                        }
                    }
                    Insn::StN { a, off, v, size } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        std::ptr::copy(
                            fp.add(*v as usize) as *const u8,
                            (base as *mut u8).offset(*off as isize),
                            *size as usize,
                        );
                    }
                    Insn::LdFlda { d, a, off } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        set!(*d, (base as i64) + *off as i64);
                    }
                    Insn::LdFrame { m, d, s, off } => {
                        set!(*d, load(*m, (fp.add(*s as usize) as *const u8).add(*off as usize)));
                    }
                    Insn::LdFrameN { d, s, off, size } => {
                        std::ptr::copy(
                            (fp.add(*s as usize) as *const u8).add(*off as usize),
                            fp.add(*d as usize) as *mut u8,
                            *size as usize,
                        );
                    }
                    Insn::LdS { m, d, p } => set!(*d, load(*m, *p)),
                    Insn::StS { m, p, v } => store(*m, *p, s!(*v)),
                    Insn::LdSN { d, p, size } => {
                        std::ptr::copy(*p as *const u8, fp.add(*d as usize) as *mut u8, *size as usize)
                    }
                    Insn::StSN { p, v, size } => std::ptr::copy(fp.add(*v as usize) as *const u8, *p, *size as usize),
                    Insn::LdSA { d, p } => set!(*d, *p as usize),
                    Insn::InitClass { c } => {
                        if c.cctor_state() != CCTOR_DONE {
                            if let Err(e) = object::run_cctor(c) {
                                break e;
                            }
                        }
                    }
                    Insn::InitObj { a, size } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        std::ptr::write_bytes(base as *mut u8, 0, *size as usize);
                    }
                    Insn::CpBlk { d, s, n } => {
                        std::ptr::copy(s!(*s) as *const u8, s!(*d) as *mut u8, s!(*n) as u32 as usize)
                    }
                    Insn::CpObj { d, s, size } => {
                        let (dst, src) = (s!(*d), s!(*s));
                        if in_null_page(dst) || in_null_page(src) {
                            break nre();
                        }
                        std::ptr::copy(src as *const u8, dst as *mut u8, *size as usize)
                    }
                    Insn::InitBlk { d, v, n } => {
                        std::ptr::write_bytes(s!(*d) as *mut u8, s!(*v) as u8, s!(*n) as u32 as usize)
                    }
                    Insn::NewObj { ctor, a0, n, vt } => {
                        let a0 = *a0 as usize;
                        let (n, vt) = (*n as usize, *vt as usize);
                        // Value types: [struct (vt slots), this = &struct, args].
                        // Reference types: [result, this, args].
                        std::ptr::copy(fp.add(a0), fp.add(a0 + vt.max(1) + 1), n);
                        if vt > 0 {
                            std::ptr::write_bytes(fp.add(a0), 0, vt);
                            *fp.add(a0 + vt) = fp.add(a0) as Slot;
                            if let Err(e) = marked!(call(ctor, fp.add(a0 + vt))) {
                                break e;
                            }
                        } else {
                            let obj = match object::alloc_object(ctor.class) {
                                Ok(o) => o,
                                Err(e) => break e,
                            };
                            *fp.add(a0 + 1) = obj as Slot;
                            if let Err(e) = marked!(call(ctor, fp.add(a0 + 1))) {
                                break e;
                            }
                            *fp.add(a0) = obj as Slot;
                        }
                    }
                    Insn::NewArr { d, len, c } => {
                        let n = i8!(*len);
                        match object::new_array(c, n) {
                            Ok(a) => set!(*d, a as usize),
                            Err(e) => break e,
                        }
                    }
                    Insn::LdAssembly { d, c } => match crate::runtime::icalls::assembly_of_class(c) {
                        Ok(a) => set!(*d, a as usize),
                        Err(e) => break e,
                    },
                    Insn::NewMdArr { c, a0, n } => {
                        let dims: Vec<i64> =
                            (0..*n as usize).map(|i| *fp.add(*a0 as usize + i) as i32 as i64).collect();
                        match object::new_md_array(c, &dims) {
                            Ok(a) => set!(*a0, a as usize),
                            Err(e) => break e,
                        }
                    }
                    Insn::MdAccess { m, a0, n } => {
                        if let Err(e) = object::md_access(m, fp.add(*a0 as usize), *n as usize) {
                            break e;
                        }
                    }
                    Insn::NewString { ctor, a0 } => {
                        if let Err(e) = object::new_string_ctor(ctor, fp.add(*a0 as usize)) {
                            break e;
                        }
                    }
                    Insn::NewDelegate { c, a0 } => {
                        match object::new_delegate(c, s!(*a0) as *mut u8, s!(*a0 + 1) as *const FtnDesc) {
                            Ok(o) => set!(*a0, o as usize),
                            Err(e) => break e,
                        }
                    }
                    Insn::LdLen { d, a } => {
                        let arr = s!(*a);
                        if arr == 0 {
                            break nre();
                        }
                        set!(*d, (*(arr as *const ArrayHeader)).length);
                    }
                    Insn::LdElem { m, d, a, i } => match elem_addr(s!(*a), s!(*i), m.size()) {
                        Ok(p) => set!(*d, load(*m, p)),
                        Err(e) => break e,
                    },
                    Insn::StElem { m, a, i, v } => match elem_addr(s!(*a), s!(*i), m.size()) {
                        Ok(p) => store(*m, p, s!(*v)),
                        Err(e) => break e,
                    },
                    Insn::LdElemI4 { d, a, i } => match elem_addr(s!(*a), s!(*i), 4) {
                        Ok(p) => set!(*d, (p as *const i32).read() as i64),
                        Err(e) => break e,
                    },
                    Insn::LdElemU1 { d, a, i } => match elem_addr(s!(*a), s!(*i), 1) {
                        Ok(p) => set!(*d, p.read()),
                        Err(e) => break e,
                    },
                    Insn::LdElemI8 { d, a, i } => match elem_addr(s!(*a), s!(*i), 8) {
                        Ok(p) => set!(*d, (p as *const u64).read()),
                        Err(e) => break e,
                    },
                    Insn::StElemI4 { a, i, v } => match elem_addr(s!(*a), s!(*i), 4) {
                        Ok(p) => (p as *mut u32).write(s!(*v) as u32),
                        Err(e) => break e,
                    },
                    Insn::StElemI1 { a, i, v } => match elem_addr(s!(*a), s!(*i), 1) {
                        Ok(p) => p.write(s!(*v) as u8),
                        Err(e) => break e,
                    },
                    Insn::StElemI8 { a, i, v } => match elem_addr(s!(*a), s!(*i), 8) {
                        Ok(p) => (p as *mut u64).write(s!(*v)),
                        Err(e) => break e,
                    },
                    Insn::LdI4 { d, a, off } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        set!(*d, ((base as *const u8).offset(*off as isize) as *const i32).read_unaligned() as i64);
                    }
                    Insn::LdI8 { d, a, off } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        set!(*d, ((base as *const u8).offset(*off as isize) as *const u64).read_unaligned());
                    }
                    Insn::StI4 { a, off, v } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        ((base as *mut u8).offset(*off as isize) as *mut u32).write_unaligned(s!(*v) as u32);
                    }
                    Insn::StI8 { a, off, v } => {
                        let base = s!(*a);
                        if in_null_page(base) {
                            break nre();
                        }
                        ((base as *mut u8).offset(*off as isize) as *mut u64).write_unaligned(s!(*v));
                    }
                    Insn::StElemRef { a, i, v } => {
                        if let Err(e) = store_ref(s!(*a), s!(*i), s!(*v)) {
                            break e;
                        }
                    }
                    Insn::LdElemN { d, a, i, size } => match elem_addr(s!(*a), s!(*i), *size as usize) {
                        Ok(p) => std::ptr::copy(p, fp.add(*d as usize) as *mut u8, *size as usize),
                        Err(e) => break e,
                    },
                    Insn::StElemN { a, i, v, size } => match elem_addr(s!(*a), s!(*i), *size as usize) {
                        Ok(p) => std::ptr::copy(fp.add(*v as usize) as *const u8, p, *size as usize),
                        Err(e) => break e,
                    },
                    Insn::LdElemA { d, a, i, size, check } => {
                        match elem_addr_checked(s!(*a), s!(*i), *size as usize, *check) {
                            Ok(p) => set!(*d, p as usize),
                            Err(e) => break e,
                        }
                    }
                    Insn::Call { m: callee, a0 } => call_managed!(callee, fp.add(*a0 as usize)),
                    Insn::CallIndirect { f, a0, sig } => {
                        let desc = s!(*f) as *const FtnDesc;
                        if desc.is_null() {
                            break nre();
                        }
                        // Unverifiable code: the pointer is trusted to come from
                        // ldftn, as Mono trusts it; the signature is checked.
                        let callee = Method::from_record((*desc).method);
                        if !sig.matches(callee) {
                            break exception::throw_msg(
                                "System",
                                "InvalidProgramException",
                                "calli target does not match the call site's signature",
                            );
                        }
                        call_managed!(callee, fp.add(*a0 as usize))
                    }
                    Insn::CallVirt { m: callee, a0, cache } => {
                        let this = s!(*a0) as *mut u8;
                        if this.is_null() {
                            break nre();
                        }
                        let vt = *(this as *const usize);
                        let target = match cache.lookup(vt) {
                            Some(t) => t,
                            None if callee.is_virtual() => match resolve_virtual(callee, this) {
                                Ok(t) => {
                                    cache.fill(m.arena(), vt, t);
                                    t
                                }
                                Err(e) => break e,
                            },
                            None => callee,
                        };
                        if target.class.is_valuetype() && !callee.class.is_valuetype() {
                            // A boxed value type: its methods take a pointer to the value.
                            set!(*a0, this.add(OBJECT_HEADER_SIZE) as usize);
                        }
                        call_managed!(target, fp.add(*a0 as usize));
                    }
                    Insn::CallIcall { f, a0, .. } => {
                        if let Err(e) = marked!(f(fp.add(*a0 as usize))) {
                            break e;
                        }
                    }
                    Insn::BoxThis { c, a0 } => match object::box_value(c, s!(*a0) as *const u8) {
                        Ok(o) => set!(*a0, o as usize),
                        Err(e) => break e,
                    },
                    Insn::DelegateInvoke { a0, n, .. } => {
                        if let Err(e) = marked!(object::invoke_delegate(fp.add(*a0 as usize), *n as usize)) {
                            break e;
                        }
                    }
                    Insn::Ret { s, n } => {
                        if *n == 1 {
                            *fp = s!(*s);
                        } else {
                            std::ptr::copy(fp.add(*s as usize), fp, *n as usize);
                        }
                        return_to_caller!();
                    }
                    Insn::RetVoid => return_to_caller!(),
                    Insn::CastClass { s, c } => {
                        let o = s!(*s) as *mut u8;
                        if !o.is_null() && !object::is_instance(o, c) {
                            break exception::invalid_cast(o, c);
                        }
                    }
                    Insn::IsInst { d, s, c } => {
                        let o = s!(*s) as *mut u8;
                        set!(*d, if !o.is_null() && object::is_instance(o, c) { o as usize } else { 0 });
                    }
                    Insn::Box { d, s, c } => match object::box_slot(c, fp.add(*s as usize)) {
                        Ok(o) => set!(*d, o as usize),
                        Err(e) => break e,
                    },
                    Insn::Unbox { d, s, c } => match object::unbox(s!(*s) as *mut u8, c, fp.add(*d as usize)) {
                        Ok(p) => set!(*d, p as usize),
                        Err(e) => break e,
                    },
                    Insn::LdStr { d, obj, .. } => set!(*d, obj.get() as usize),
                    Insn::LdPtr { d, v } | Insn::LdToken { d, v, .. } => set!(*d, *v),
                    Insn::MakeArgList { d, args } => match object::make_arglist(args, fp) {
                        Ok(list) => set!(*d, list as Slot),
                        Err(e) => break e,
                    },
                    Insn::RefAnyVal { d, value, class, c } => {
                        if s!(*class) != c.record() as Slot {
                            break exception::throw_new("System", "InvalidCastException");
                        }
                        set!(*d, s!(*value))
                    }
                    Insn::LdFtn { d, m: target } => set!(*d, &target.desc as *const FtnDesc as usize),
                    Insn::LdVirtFtn { d, o, m: target } => {
                        let obj = s!(*o) as *mut u8;
                        if obj.is_null() {
                            break nre();
                        }
                        match resolve_virtual(target, obj) {
                            Ok(t) => set!(*d, &t.desc as *const FtnDesc as usize),
                            Err(e) => break e,
                        }
                    }
                    Insn::Localloc { d, s } => {
                        let n = (s!(*s) as usize).div_ceil(SLOT_SIZE);
                        let mut b = vec![0u64; n.max(1)].into_boxed_slice();
                        set!(*d, b.as_mut_ptr() as usize);
                        localloc.push(b);
                    }
                    Insn::Throw { s } => {
                        let o = s!(*s) as *mut u8;
                        break exception::throw_object(o, true);
                    }
                    Insn::Rethrow { clause } => {
                        let c = &code.clauses[*clause as usize];
                        break exception::throw_object(s!(c.hold) as *mut u8, false);
                    }
                    Insn::Leave { t, finallies } => {
                        if finallies.is_empty() {
                            ip = base.add(*t as usize);
                            continue;
                        }
                        let first = finallies[0];
                        conts.push(Cont::Leave { clause: first, rest: *finallies, next: 1, target: *t });
                        ip = base.add(code.clauses[first as usize].handler_start as usize);
                        continue;
                    }
                    Insn::EndFinally => match conts.pop() {
                        Some(Cont::Leave { rest, next, target, .. }) => {
                            if next < rest.len() {
                                let c = rest[next];
                                ip = base.add(code.clauses[c as usize].handler_start as usize);
                                conts.push(Cont::Leave { clause: c, rest, next: next + 1, target });
                            } else {
                                ip = base.add(target as usize);
                            }
                            continue;
                        }
                        Some(Cont::Unwind { clause, pc: at }) => {
                            let c = &code.clauses[clause as usize];
                            resume_search!(c, at, clause);
                        }
                        _ => {
                            break exception::throw_msg(
                                "System",
                                "InvalidProgramException",
                                "endfinally outside a finally",
                            )
                        }
                    },
                    Insn::EndFilter { s } => match conts.pop() {
                        Some(Cont::Probe { .. }) if frames.is_empty() => return Ok(s!(*s) as i32 != 0),
                        _ => {
                            break exception::throw_msg(
                                "System",
                                "InvalidProgramException",
                                "endfilter outside a filter",
                            )
                        }
                    },
                }
                ip = ip.add(1);
            }
        };
        let _ = thrown;
        // An exception is observed in this frame at `ip`: record the frame
        // in its trace, then look for a handler; without one, continue in
        // the caller at its call instruction.
        loop {
            // SAFETY: `ip` points into `code.insns`.
            let pc = unsafe { ip.offset_from(base) } as usize;
            if probe.is_some() && frames.is_empty() {
                // The filter itself failed: that is its "no".
                exception::take_pending();
                return Ok(false);
            }
            if !std::mem::take(&mut leave_frame) {
                exception::append_trace(m, code.il_offsets.get(pc).copied().unwrap_or(0));
                if let Some(npc) = find_handler(m, code, fp, &mut conts, pc as u32, 0) {
                    // SAFETY: handler starts are instruction indices of `code`.
                    ip = unsafe { base.add(npc) };
                    break;
                }
            }
            let Some(f) = frames.pop() else { return Err(Thrown) };
            unmark!(f.eh);
            // The caller called with no finally/localloc state of its own.
            conts.clear();
            localloc.clear();
            (m, code, fp, ip) = (f.m, f.code, f.fp, f.ip);
            base = code.insns.as_ptr();
            // SAFETY: the caller's frame lies below the callee's.
            thread::set_top(unsafe { fp.add(code.frame_slots as usize) });
        }
    }
}

/// The second pass in frame `fp`: searches the clauses from `first` for
/// one that handles the pending exception thrown at `at`. Finally and fault
/// blocks on the way are entered (the search resumes at their
/// `endfinally`); a filter takes the exception when the first pass (run
/// here if no frame has run it yet) chose it.
fn find_handler(
    m: &'static Method,
    code: &'static InterpCode,
    fp: *mut Slot,
    conts: &mut Vec<Cont>,
    at: u32,
    first: usize,
) -> Option<usize> {
    first_pass::run(Some((m, fp, at)));
    let exc = exception::pending();
    for (i, c) in code.clauses.iter().enumerate().skip(first) {
        if !c.in_try(at) {
            continue;
        }
        // SAFETY: clause slots are inside the frame (allocated by the transform).
        unsafe {
            match c.kind {
                ClauseKind::Catch(class) => {
                    if object::is_instance(exc, class) {
                        exception::caught(exc);
                        *fp.add(c.exc_slot as usize) = exc as Slot;
                        *fp.add(c.hold as usize) = exc as Slot;
                        conts.retain(|k| code.clauses[k.clause() as usize].in_handler(c.handler_start));
                        return Some(c.handler_start as usize);
                    }
                }
                ClauseKind::Filter(_) => {
                    if first_pass::chosen(first_pass::depth(), i as u32) {
                        exception::caught(exc);
                        *fp.add(c.exc_slot as usize) = exc as Slot;
                        *fp.add(c.hold as usize) = exc as Slot;
                        conts.retain(|k| code.clauses[k.clause() as usize].in_handler(c.handler_start));
                        return Some(c.handler_start as usize);
                    }
                }
                ClauseKind::Finally | ClauseKind::Fault => {
                    *fp.add(c.hold as usize) = exc as Slot;
                    exception::take_pending();
                    conts.push(Cont::Unwind { clause: i as u32, pc: at });
                    return Some(c.handler_start as usize);
                }
            }
        }
    }
    None
}

/// Calls `m` with `args` from Rust; returns the first result slot.
pub fn invoke(m: &'static Method, args: &[Slot]) -> Result<Slot, Thrown> {
    let mut r = [0];
    invoke_into(m, args, &mut r)?;
    Ok(r[0])
}

/// As `invoke`, copying the first `out.len()` result slots (wide values) to `out`.
pub fn invoke_into(m: &'static Method, args: &[Slot], out: &mut [Slot]) -> Result<(), Thrown> {
    let base = thread::top();
    let n = args.len().max(out.len());
    // SAFETY: `top` is the first free slot of this thread's interpreter
    // stack; the callee checks its own frame against the limit.
    unsafe {
        if base.add(n + 8) >= thread::limit() {
            return Err(thread::stack_overflow());
        }
        std::ptr::copy_nonoverlapping(args.as_ptr(), base, args.len());
        std::ptr::write_bytes(base.add(args.len()), 0, n + 1 - args.len());
        // The arguments are in use until the callee's frame claims them:
        // code run before that (static constructors) must start above them.
        thread::set_top(base.add(n + 1));
        let r = call(m, base);
        thread::set_top(base);
        r?;
        std::ptr::copy_nonoverlapping(base, out.as_mut_ptr(), out.len());
        Ok(())
    }
}

/// Calls a virtual method on `obj` (e.g. ToString, Finalize) from Rust.
pub fn invoke_virtual(m: &'static Method, obj: *mut u8, args: &[Slot]) -> Result<Slot, Thrown> {
    // SAFETY: `obj` is a live object passed by the caller.
    let target = unsafe { resolve_virtual(m, obj)? };
    let this = if target.class.is_valuetype() {
        // SAFETY: boxed value: the value follows the header.
        unsafe { obj.add(OBJECT_HEADER_SIZE) }
    } else {
        obj
    };
    let mut all = vec![this as Slot];
    all.extend_from_slice(args);
    invoke(target, &all)
}
