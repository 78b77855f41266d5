//! P/Invoke: calls from managed code to native functions named by
//! `DllImport`, and native function pointers to delegates (callbacks).
//!
//! A P/Invoke method gets a stub with the managed native signature
//! (made by the code generator): it converts the arguments (arrays of blittable
//! elements pass their data, delegates a function pointer), calls the
//! native function and widens its result. An AOT image carries the stubs
//! of its P/Invoke methods; in `interp` and `aot` modes a missing stub is
//! asked of the run-time code generator (`runtime::generator`) on first
//! call; `llvmonly` has none and generates nothing.
//!
//! A delegate handed to native code becomes one trampoline of a pool per
//! callback signature (from an image, or JIT-compiled): the trampoline
//! reads its delegate from the pool's slot and invokes it through the
//! runtime. A managed exception thrown by a callback returns to its native
//! caller and is raised again when the stub is back in managed code (the
//! pending-exception model). As in .NET, native code holding the pointer
//! does not keep the delegate alive; the caller keeps it (GC.KeepAlive).
//!
//! Owners: loaded libraries, pools and the delegate -> trampoline map live
//! for the process (a trampoline stays with its delegate once given out).

use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use dashmap::DashMap;

use crate::abi::layout::Slot;
use crate::metadata::error::LoadError;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::generator;
use crate::types::method::Method;

/// Trampolines for one callback signature: `fns[i]` invokes the delegate
/// in `slots[i]`.
pub struct Pool {
    pub fns: Vec<usize>,
    pub slots: *mut usize,
    next: AtomicUsize,
}

// SAFETY: `slots` points to pool memory owned for the life of the process;
// each slot is written once, before its trampoline is handed out.
unsafe impl Send for Pool {}
// SAFETY: as above.
unsafe impl Sync for Pool {}

impl Pool {
    pub fn new(fns: Vec<usize>, slots: *mut usize) -> Pool {
        Pool { fns, slots, next: AtomicUsize::new(0) }
    }
}

#[derive(Default)]
struct State {
    libraries: HashMap<String, libloading::Library>,
    /// Pools by callback signature key (`callback_key`).
    pools: HashMap<String, &'static Pool>,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);

/// Native entry points by method, once resolved.
fn targets() -> &'static DashMap<usize, usize> {
    static T: std::sync::OnceLock<DashMap<usize, usize>> = std::sync::OnceLock::new();
    T.get_or_init(DashMap::new)
}

/// Trampolines already given to delegates.
fn thunks() -> &'static DashMap<usize, usize> {
    static T: std::sync::OnceLock<DashMap<usize, usize>> = std::sync::OnceLock::new();
    T.get_or_init(DashMap::new)
}

/// The native function P/Invoke method `m` calls (its `ImplMap`: module
/// and entry point), loading the library on first use.
pub fn target(m: &'static Method) -> Result<*const c_void, LoadError> {
    if let Some(t) = targets().get(&(m as *const Method as usize)) {
        return Ok(*t as *const c_void);
    }
    let img = m.class.image;
    let tok = cildec::Token::new(cildec::TableId::MethodDef, m.rid);
    let row = img
        .md()
        .tables()
        .impl_map_of(tok)
        .map_err(|e| LoadError::BadImage(e.to_string()))?
        .ok_or_else(|| LoadError::MissingMethod(format!("{} has no DllImport mapping", m.display_name())))?;
    let module: cildec::tables::ModuleRefRow = img.row(row.import_scope.get())?;
    let lib_name = img.str(module.name)?.to_string();
    let symbol = img.str(row.import_name)?.to_string();
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    let state = guard.get_or_insert_with(State::default);
    if !state.libraries.contains_key(&lib_name) {
        let candidates = [lib_name.clone(), format!("{lib_name}.so"), format!("lib{lib_name}.so")];
        // SAFETY: loading a library the program names runs its
        // initialisers, as any native runtime does for DllImport.
        let lib = candidates
            .iter()
            .find_map(|n| unsafe { libloading::Library::new(n) }.ok())
            .ok_or_else(|| LoadError::FileNotFound(format!("Unable to load DLL '{lib_name}'")))?;
        state.libraries.insert(lib_name.clone(), lib);
    }
    let lib = &state.libraries[&lib_name];
    let mut cname = symbol.clone().into_bytes();
    cname.push(0);
    // SAFETY: the symbol is only used as an address, called with the
    // signature the program declared for it.
    let f = unsafe { lib.get::<*const c_void>(&cname) }.map(|s| *s).map_err(|_| {
        LoadError::MissingMethod(format!("Unable to find an entry point named '{symbol}' in '{lib_name}'"))
    })?;
    targets().insert(m as *const Method as usize, f as usize);
    Ok(f)
}

/// First call of P/Invoke method `m` from the interpreter when no image
/// bound a stub: compiles one (not in `llvmonly` mode) and calls it.
pub fn call(m: &'static Method, fp: *mut Slot) -> Result<(), Thrown> {
    let Some(stub) = generator::pinvoke_stub(m) else {
        return Err(exception::throw_msg(
            "System",
            "NotSupportedException",
            &format!("P/Invoke of {} needs an AOT image in llvmonly mode", m.display_name()),
        ));
    };
    let (body, wrapper) = stub.map_err(|e| exception::from_load_error(&e))?;
    crate::runtime::aot::install_entry(&m.desc, body);
    m.native.store(wrapper, Ordering::Release);
    crate::interp::exec::call(m, fp)
}

/// The key of a callback signature: the shape of its `Invoke`.
pub fn callback_key(invoke: &'static Method) -> Option<String> {
    Some(invoke.native_sig()?.key())
}

/// Makes `pool` the trampolines of callback signature `key` (first wins).
pub fn register_pool(key: String, pool: &'static Pool) {
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    guard.get_or_insert_with(State::default).pools.entry(key).or_insert(pool);
}

/// A native function pointer that invokes delegate `d` (0 for null).
pub fn delegate_to_native(d: *mut u8) -> Result<usize, Thrown> {
    if d.is_null() {
        return Ok(0);
    }
    if let Some(t) = thunks().get(&(d as usize)) {
        return Ok(*t);
    }
    let class = crate::runtime::object::obj_class(d);
    let invoke = class
        .find_method("Invoke", None)
        .ok_or_else(|| exception::throw_msg("System", "ArgumentException", "not a delegate"))?;
    let key = callback_key(invoke).ok_or_else(|| {
        exception::throw_msg("System", "MarshalDirectiveException", "this delegate signature cannot be marshalled")
    })?;
    let found = STATE.lock().unwrap_or_else(|e| e.into_inner()).as_ref().and_then(|s| s.pools.get(&key).copied());
    let pool = match found {
        Some(p) => p,
        None => match generator::callback_pool(invoke) {
            Some(made) => {
                let (fns, slots) = made.map_err(|e| exception::from_load_error(&e))?;
                let p: &'static Pool = Box::leak(Box::new(Pool::new(fns, slots)));
                register_pool(key, p);
                p
            }
            None => {
                return Err(exception::throw_msg(
                    "System",
                    "NotSupportedException",
                    "no trampolines for this callback signature in llvmonly mode",
                ))
            }
        },
    };
    let i = pool.next.fetch_add(1, Ordering::AcqRel);
    let f = *pool.fns.get(i).ok_or_else(|| {
        exception::throw_msg("System", "OutOfMemoryException", "all native callback trampolines are in use")
    })?;
    // SAFETY: slot `i` belongs to this delegate alone (just taken).
    unsafe { *pool.slots.add(i) = d as usize };
    thunks().insert(d as usize, f);
    Ok(f)
}
