//! Internal calls registered by native code: Mono's System.Native shim
//! (libmono-native.so) registers C functions under managed names
//! (`Interop/Sys::Read`) through `mono_add_internal_call_with_flags`
//! (runtime/native/mono_embed.c), as it would with Mono. Such a function
//! has the method's C signature, not an internal call's frame, so it is
//! called like a P/Invoke target: `exec::call` sends an internal call the
//! table lacks to the stub of its method (`runtime::pinvoke::call`) when
//! it was registered (the transform lets such calls through), whose
//! native target is the registered function (`registered`).

use std::collections::HashMap;
use std::ffi::{c_char, c_void, CStr};
use std::sync::{Mutex, OnceLock};

use super::keys;
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
