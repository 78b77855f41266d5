//! The four functions of Mono's embedding API that Mono's native shim,
//! `libmono-native.so` (what `System.Native` maps to), imports: the shim
//! is linked to bind them at load time, so without them it cannot be
//! loaded at all. The executable exports them (build.rs), as the `mono`
//! executable does.

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void};

thread_local! {
    /// The `errno` a native call of this thread left, as the shim recorded
    /// it (`Marshal.GetLastWin32Error`).
    static LAST_ERROR: Cell<i32> = const { Cell::new(0) };
}

/// The error the last native call of this thread recorded.
pub fn last_error() -> i32 {
    LAST_ERROR.with(Cell::get)
}

/// Registration of a C function as the internal call `name` (the shim's
/// `mono_pal_init` offers `Interop/Sys::Read` this way). Internal calls are
/// bound from the runtime's own table, which implements what the class
/// libraries reach; one it lacks still fails with MissingMethodException
/// naming it, so the offer is declined.
#[no_mangle]
pub extern "C" fn mono_add_internal_call_with_flags(_name: *const c_char, _f: *const c_void, _cooperative: c_int) {}

/// Records `errno` after a native call, for `Marshal.GetLastWin32Error`.
#[no_mangle]
pub extern "C" fn mono_marshal_set_last_error() {
    let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
    LAST_ERROR.with(|c| c.set(e));
}

/// Entering a region in which the thread runs no managed code. Boehm stops
/// threads wherever they are, so there is no state to change: the cookie
/// returned is null and ignored by the matching exit.
#[no_mangle]
pub extern "C" fn mono_threads_enter_gc_safe_region_internal(_stackdata: *mut c_void) -> *mut c_void {
    std::ptr::null_mut()
}

/// Leaving the region `mono_threads_enter_gc_safe_region_internal` entered.
#[no_mangle]
pub extern "C" fn mono_threads_exit_gc_safe_region_internal(_cookie: *mut c_void, _stackdata: *mut c_void) {}
