//! Managed exceptions: raising them from the runtime, recording stack
//! traces as they travel, and reporting unhandled ones.
//!
//! The exception in flight is the thread's pending exception (a GC-scanned
//! cell); Rust code sees only the marker `Thrown`.

use std::sync::OnceLock;

use crate::abi::layout::Slot;
use crate::interp::exec;
use crate::metadata::error::LoadError;
use crate::runtime::object::{self, obj_class};
use crate::runtime::{gc, rt, thread};
use crate::types::class::ClassRef;
use crate::types::method::Method;

/// Marker: an exception is pending on this thread.
#[derive(Debug)]
pub struct Thrown;

struct ExcFields {
    message: i32,
    stack_trace: i32,
    trace: i32,
}

fn fields() -> &'static ExcFields {
    static F: OnceLock<ExcFields> = OnceLock::new();
    F.get_or_init(|| {
        let e = rt().wk().exception;
        let off = |n: &str| e.find_field(n).map_or(-1, |f| f.offset as i32);
        let n = &crate::runtime::assemblies::CORLIB_FIELDS;
        ExcFields {
            message: off(n.exception_message),
            stack_trace: off(n.exception_trace_text),
            trace: off(n.exception_trace),
        }
    })
}

/// # Safety
/// `obj` must be a live exception object and `off` a pointer-sized field of it (or -1).
unsafe fn field(obj: *mut u8, off: i32) -> *mut *mut u8 {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        if off < 0 {
            std::ptr::null_mut()
        } else {
            obj.add(off as usize) as *mut *mut u8
        }
    }
}

pub fn pending() -> *mut u8 {
    // SAFETY: the cell is valid while the thread is attached.
    unsafe { *thread::pending_cell() }
}

pub fn set_pending(obj: *mut u8) {
    thread::set_pending(obj)
}

pub fn take_pending() -> *mut u8 {
    let e = pending();
    set_pending(std::ptr::null_mut());
    e
}

/// Raises `obj` (`throw`, or `rethrow` when `fresh` is false).
pub fn throw_object(obj: *mut u8, fresh: bool) -> Thrown {
    if obj.is_null() {
        return null_reference();
    }
    // Thrown again: the first pass runs again.
    crate::interp::first_pass::forget(obj);
    if fresh {
        // SAFETY: `obj` is a live exception (the transform typed it as an object).
        unsafe {
            let t = field(obj, fields().trace);
            if !t.is_null() {
                *t = std::ptr::null_mut();
            }
        }
    }
    set_pending(obj);
    Thrown
}

fn construct(class: ClassRef, msg: Option<&str>) -> Result<*mut u8, Thrown> {
    let obj = object::alloc_object(class)?;
    let ctor = class.info().ok().and_then(|i| {
        i.methods.iter().copied().find(|m| {
            m.is_ctor()
                && m.sig().is_ok_and(|s| match msg {
                    None => s.params.is_empty(),
                    Some(_) => s.params.len() == 1 && std::ptr::eq(s.params[0], rt().wk().string),
                })
        })
    });
    let mut args: Vec<Slot> = vec![obj as Slot];
    if let Some(m) = msg {
        args.push(object::new_string_from_str(m) as Slot);
    }
    if let Some(c) = ctor {
        exec::invoke(c, &args)?;
    } else if let Some(m) = msg {
        // SAFETY: `obj` is a fresh exception object.
        unsafe {
            let f = field(obj, fields().message);
            if !f.is_null() {
                *f = object::new_string_from_str(m);
            }
        }
    }
    Ok(obj)
}

/// The NullReferenceException the runtime raises (Mono's message has no
/// final period, unlike the exception's default one).
pub fn null_reference() -> Thrown {
    throw_msg("System", "NullReferenceException", "Object reference not set to an instance of an object")
}

/// Creates `ns.name` with its parameterless constructor and raises it.
pub fn throw_new(ns: &str, name: &str) -> Thrown {
    raise(ns, name, None)
}

/// Creates `ns.name(message)` and raises it.
pub fn throw_msg(ns: &str, name: &str, msg: &str) -> Thrown {
    raise(ns, name, Some(msg))
}

thread_local! {
    static RAISING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn raise(ns: &str, name: &str, msg: Option<&str>) -> Thrown {
    tracing::debug!("raising {ns}.{name}: {}", msg.unwrap_or(""));
    // Constructing the exception runs corlib code; if that itself keeps
    // failing, the corlib is broken and no exception can be delivered.
    let depth = RAISING.with(|d| d.replace(d.get() + 1));
    let fatal = |why: &str| -> ! {
        crate::runtime::icalls::flush_stdout();
        eprintln!("monoxide: fatal: cannot raise {ns}.{name} ({}): {why}", msg.unwrap_or(""));
        std::process::exit(134)
    };
    if depth > 8 {
        fatal("raising it fails recursively");
    }
    let class = rt().corlib_class(ns, name).unwrap_or_else(|_| fatal("the corlib lacks it"));
    let _reserve = (name == "StackOverflowException").then(crate::runtime::thread::use_reserve);
    let r = match construct(class, msg) {
        Ok(obj) => throw_object(obj, true),
        Err(t) => t,
    };
    RAISING.with(|d| d.set(depth));
    r
}

pub fn from_load_error(e: &LoadError) -> Thrown {
    let (ns, name) = e.exception_class();
    throw_msg(ns, name, e.message())
}

pub fn invalid_cast(obj: *mut u8, to: ClassRef) -> Thrown {
    let from = obj_class(obj).full_name();
    throw_msg(
        "System",
        "InvalidCastException",
        &format!("Specified cast is not valid. (from {} to {})", from, to.full_name())
            .replace(&format!(" (from {} to {})", from, to.full_name()), ""),
    )
}

/// The exception of a failed static constructor of `class`.
pub fn type_initialization(class: ClassRef, inner: *mut u8) -> Result<*mut u8, Thrown> {
    let tie = rt().corlib_class("System", "TypeInitializationException").map_err(|e| from_load_error(&e))?;
    let obj = object::alloc_object(tie)?;
    let ctor = tie
        .info()
        .ok()
        .and_then(|i| i.methods.iter().copied().find(|m| m.is_ctor() && m.sig().is_ok_and(|s| s.params.len() == 2)));
    if let Some(c) = ctor {
        exec::invoke(c, &[obj as Slot, object::new_string_from_str(&class.full_name()) as Slot, inner as Slot])?;
    }
    Ok(obj)
}

const TRACE_HEADER: usize = 2;
/// Frames recorded per exception, innermost first: a stack overflow
/// unwinds through a million frames, and Mono too prints only the
/// innermost thousand or so.
const MAX_TRACE_FRAMES: usize = 1000;

/// Appends a frame to the pending exception's trace.
pub fn append_trace(m: &'static Method, il: u32) {
    let exc = pending();
    if exc.is_null() {
        return;
    }
    // A dynamic method may be freed before the trace is read: its line is
    // formatted now, as a string whose address (tagged with bit 0) takes
    // the method's place.
    let entry = if m.dynamic.is_some() {
        let line = object::new_string_from_str(&m.trace_line(il));
        // The allocation may have run finalizers, whose own exceptions
        // pass through the pending slot: the one in flight stays pending.
        set_pending(exc);
        line as u64 | 1
    } else {
        m as *const Method as u64
    };
    // SAFETY: `exc` is the live pending exception; the trace buffer is a
    // GC block (scanned, for the strings) of [len, cap, (method, il) * cap]
    // words that only this function writes.
    unsafe {
        let t = field(exc, fields().trace) as *mut *mut u64;
        if t.is_null() {
            return;
        }
        let mut buf = *t;
        if buf.is_null() {
            buf = gc::alloc((TRACE_HEADER + 16) * 8) as *mut u64;
            *buf.add(1) = 8;
            *t = buf;
        }
        let (len, cap) = (*buf as usize, *buf.add(1) as usize);
        if len >= MAX_TRACE_FRAMES {
            return;
        }
        if len == cap {
            let nb = gc::alloc((TRACE_HEADER + cap * 4) * 8) as *mut u64;
            std::ptr::copy_nonoverlapping(buf, nb, TRACE_HEADER + cap * 2);
            *nb.add(1) = (cap * 2) as u64;
            buf = nb;
            *t = buf;
        }
        *buf.add(TRACE_HEADER + len * 2) = entry;
        *buf.add(TRACE_HEADER + len * 2 + 1) = il as u64;
        *buf = (len + 1) as u64;
    }
}

/// The recorded trace as Mono prints it, one `  at ...` line per frame.
pub fn format_trace(exc: *mut u8) -> String {
    trace_lines(exc).join("\n")
}

/// The lines of `exc`'s recorded trace, innermost frame first, each as
/// Mono prints it (`  at Class.Method (params) [0x...] in <mvid>:0 `).
pub fn trace_lines(exc: *mut u8) -> Vec<String> {
    let mut lines = Vec::new();
    // SAFETY: as in `append_trace`; untagged method pointers in the buffer
    // point to methods owned by their images for the life of the process,
    // tagged ones to strings the buffer keeps alive.
    unsafe {
        let t = field(exc, fields().trace) as *mut *mut u64;
        if t.is_null() || (*t).is_null() {
            return lines;
        }
        let buf = *t;
        for i in 0..*buf as usize {
            let entry = *buf.add(TRACE_HEADER + i * 2);
            if entry & 1 != 0 {
                lines.push(object::string_to_rust((entry & !1) as *mut u8));
                continue;
            }
            let m = &*(entry as *const Method);
            lines.push(m.trace_line(*buf.add(TRACE_HEADER + i * 2 + 1) as u32));
        }
    }
    lines
}

/// An exception reached a handler: publish its trace and clear the pending slot.
pub fn caught(exc: *mut u8) {
    crate::interp::first_pass::forget(exc);
    crate::runtime::thread::overflow_caught();
    publish_trace(exc);
    take_pending();
}

fn publish_trace(exc: *mut u8) {
    let s = format_trace(exc);
    // SAFETY: `exc` is a live exception object.
    unsafe {
        let f = field(exc, fields().stack_trace);
        if !f.is_null() {
            *f = if s.is_empty() { std::ptr::null_mut() } else { object::new_string_from_str(&s) };
        }
    }
}

/// Prints an unhandled exception as Mono does (type, message, trace) to stderr.
pub fn report_unhandled(exc: *mut u8) {
    crate::interp::first_pass::forget(exc);
    publish_trace(exc);
    set_pending(std::ptr::null_mut());
    let text = object::to_string(exc).unwrap_or_else(|_| {
        take_pending();
        obj_class(exc).full_name()
    });
    crate::runtime::icalls::flush_stdout();
    eprintln!("\nUnhandled Exception:\n{text}");
    eprintln!("[ERROR] FATAL UNHANDLED EXCEPTION: {text}");
}
