//! The one seam between the runtime and a code generator. The runtime
//! asks for code at run time in three cases: an entry wrapper for a method
//! compiled code reaches without native code (`aot` mode), the stub of a
//! P/Invoke method no image carries, and the handler of a callback
//! signature no image carries. The CLI installs the generator
//! (`codegen::jit`) in `interp` and `aot` modes and never in `llvmonly`,
//! so an llvmonly run generates nothing by construction; `generated()`
//! counts what a run did generate (`monoxide run --stats` prints it).

use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::metadata::LoadError;
use crate::types::method::Method;

/// What a code generator makes for the runtime. Everything it returns
/// lives for the process (one wrapper per signature, one stub per method,
/// one callback handler per C signature), owned by the generator.
pub trait CodeGenerator: Send + Sync {
    /// The entry wrapper for `m`'s native signature, or None when it
    /// cannot make one (the caller keeps using the generic path).
    fn entry_wrapper(&self, m: &'static Method) -> Option<*mut c_void>;
    /// The stub of P/Invoke method `m`: its body (what descriptors call)
    /// and its out wrapper (what the interpreter calls).
    fn pinvoke_stub(&self, m: &'static Method) -> Result<(*mut c_void, *mut c_void), LoadError>;
    /// The callback handler (`abi::image::CallbackEntry`) for delegates
    /// whose `Invoke` is `invoke`.
    fn callback_handler(&self, invoke: &'static Method) -> Result<*const c_void, LoadError>;
}

static GENERATOR: OnceLock<Box<dyn CodeGenerator>> = OnceLock::new();
static GENERATED: AtomicUsize = AtomicUsize::new(0);

/// Installs the process's code generator (once; later calls are ignored).
pub fn install(g: Box<dyn CodeGenerator>) {
    let _ = GENERATOR.set(g);
}

/// Whether this run may generate code (a generator is installed).
pub fn available() -> bool {
    GENERATOR.get().is_some()
}

/// Counts `r` when it is code.
fn counted<T>(r: Option<T>) -> Option<T> {
    if r.is_some() {
        GENERATED.fetch_add(1, Ordering::Relaxed);
    }
    r
}

/// See [`CodeGenerator::entry_wrapper`]; None without a generator.
pub fn entry_wrapper(m: &'static Method) -> Option<*mut c_void> {
    counted(GENERATOR.get()?.entry_wrapper(m))
}

/// See [`CodeGenerator::pinvoke_stub`]; None without a generator.
pub fn pinvoke_stub(m: &'static Method) -> Option<Result<(*mut c_void, *mut c_void), LoadError>> {
    let r = GENERATOR.get()?.pinvoke_stub(m);
    counted(r.as_ref().ok());
    Some(r)
}

/// See [`CodeGenerator::callback_handler`]; None without a generator.
pub fn callback_handler(invoke: &'static Method) -> Option<Result<*const c_void, LoadError>> {
    let r = GENERATOR.get()?.callback_handler(invoke);
    counted(r.as_ref().ok());
    Some(r)
}

/// How many pieces of code (wrappers, stubs, handlers) were generated at run
/// time in this process.
pub fn generated() -> usize {
    GENERATED.load(Ordering::Relaxed)
}

static REPORT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks for [`report`] when the process exits (`monoxide run --stats`),
/// whichever way it exits.
pub fn report_at_exit() {
    REPORT.store(true, Ordering::Relaxed);
}

/// Prints the count of code generated at run time (stderr).
pub fn report() {
    eprintln!("run-time code generated: {}", generated());
}

/// [`report_if_asked`] from a signal handler (`stack_guard`): formatted
/// without allocating, written with write(2).
pub fn report_if_asked_from_signal() {
    if !REPORT.load(Ordering::Relaxed) {
        return;
    }
    let mut line = [0u8; 64];
    let mut rest: &mut [u8] = &mut line;
    let _ = std::io::Write::write_fmt(&mut rest, format_args!("run-time code generated: {}\n", generated()));
    let len = 64 - rest.len();
    // SAFETY: writes `len` initialised bytes of `line`; write(2) is
    // async-signal-safe.
    unsafe { libc::write(2, line.as_ptr() as *const libc::c_void, len) };
}

/// [`report`], if asked for (the `Environment.Exit` path).
pub fn report_if_asked() {
    if REPORT.load(Ordering::Relaxed) {
        report();
    }
}
