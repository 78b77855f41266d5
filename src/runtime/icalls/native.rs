//! Internal calls registered by native code: Mono's System.Native shim
//! (libmono-native.so) registers C functions under managed names
//! (`Interop/Sys::Read`) through `mono_add_internal_call_with_flags`
//! (runtime/native/mono_embed.c), as it would with Mono. Such a function
//! has the method's C signature, not an internal call's frame, so it is
//! called like a P/Invoke target: through the stub of its method
//! (`runtime::pinvoke::call`), whose native target is the registered
//! function (`registered`).
//!
//! The table binds a method to an `Icall`, a plain function of the frame
//! that cannot tell which method it serves; each method bound to a native
//! registration takes one of a fixed set of trampolines, which knows its
//! method by its index. Mono's shim registers two functions on Linux
//! (`Interop/Sys::Read`, `Mono.MonoNativePlatform::IncrementInternalCounter`);
//! methods past the set's size get no binding and raise
//! MissingMethodException, as an unimplemented internal call does.

use std::collections::HashMap;
use std::ffi::{c_char, c_void, CStr};
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Mutex, OnceLock};

use super::{keys, Icall};
use crate::abi::layout::Slot;
use crate::runtime::exception::Thrown;
use crate::types::method::Method;

/// Native functions by the name they were registered under (Mono's
/// `Namespace.Type::Name`, nested types after `/`).
fn registrations() -> &'static Mutex<HashMap<String, usize>> {
    static R: OnceLock<Mutex<HashMap<String, usize>>> = OnceLock::new();
    R.get_or_init(Default::default)
}

/// `mono_add_internal_call_with_flags`'s destination.
extern "C" fn register(name: *const c_char, method: *const c_void) {
    if name.is_null() || method.is_null() {
        return;
    }
    // SAFETY: the shim passes a NUL-terminated name (a literal of the
    // library, which stays loaded).
    let name = unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned();
    registrations().lock().unwrap_or_else(|e| e.into_inner()).insert(name, method as usize);
}

extern "C" {
    fn mx_set_icall_sink(sink: extern "C" fn(*const c_char, *const c_void));
}

/// Makes native registrations reach this table; called before a native
/// library is first loaded (its initialisers may register).
pub fn accept_registrations() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: `register` is a valid sink for the process's lifetime.
    ONCE.call_once(|| unsafe { mx_set_icall_sink(register) });
}

/// The native function registered for internal call `m`, if any.
pub fn registered(m: &'static Method) -> Option<*const c_void> {
    let (with_sig, bare) = keys(m);
    let r = registrations().lock().unwrap_or_else(|e| e.into_inner());
    with_sig.and_then(|k| r.get(&k).copied()).or_else(|| r.get(&bare).copied()).map(|f| f as *const c_void)
}

const TRAMPOLINES: usize = 8;

/// The method each trampoline serves (null: free).
static BOUND: [AtomicPtr<Method>; TRAMPOLINES] = [const { AtomicPtr::new(std::ptr::null_mut()) }; TRAMPOLINES];

/// Calls the method bound to trampoline `i` through its P/Invoke stub.
fn trampoline(i: usize, fp: *mut Slot) -> Result<(), Thrown> {
    // SAFETY: only `bind` stores, and it stores methods, which live for
    // the process.
    let m: &'static Method = unsafe { &*BOUND[i].load(Ordering::Acquire) };
    if m.native.load(Ordering::Acquire).is_null() {
        crate::runtime::pinvoke::call(m, fp)
    } else {
        crate::interp::exec::call(m, fp)
    }
}

const TRAMPOLINE_FNS: [Icall; TRAMPOLINES] = [
    |fp| trampoline(0, fp),
    |fp| trampoline(1, fp),
    |fp| trampoline(2, fp),
    |fp| trampoline(3, fp),
    |fp| trampoline(4, fp),
    |fp| trampoline(5, fp),
    |fp| trampoline(6, fp),
    |fp| trampoline(7, fp),
];

/// The binding of `m` when native code registered it: a trampoline of
/// its own (the table caches bindings per method, so this runs once per
/// method).
pub fn bind(m: &'static Method) -> Option<Icall> {
    registered(m)?;
    let me = m as *const Method as *mut Method;
    let free = BOUND.iter().position(|b| {
        b.compare_exchange(std::ptr::null_mut(), me, Ordering::AcqRel, Ordering::Acquire).is_ok()
            || b.load(Ordering::Acquire) == me
    })?;
    Some(TRAMPOLINE_FNS[free])
}
