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
//! A delegate handed to native code becomes a thunk (`runtime::thunks`)
//! that jumps to the callback handler of its C signature: code an image
//! carries for the delegate types its P/Invoke methods take, or that the
//! run-time generator makes (not in `llvmonly`). The handler invokes the
//! delegate through the runtime; a managed exception thrown by a callback
//! returns to its native caller and is raised again when the stub is back
//! in managed code (the pending-exception model). As in .NET, native code
//! holding the pointer does not keep the delegate alive; the caller keeps
//! it (GC.KeepAlive), and the thunk is reused once the delegate is gone.
//!
//! Owners: loaded libraries and handlers (one per C signature) live for
//! the process; thunks belong to their delegates.

use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::atomic::Ordering;
use std::sync::Mutex;

use dashmap::DashMap;

use crate::abi::layout::Slot;
use crate::interp::transform::is_delegate;
use crate::metadata::error::LoadError;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::generator;
use crate::types::class::{ClassRef, ElemKind, Kind};
use crate::types::method::Method;

/// How a managed value crosses to C: the blittable subset.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Native {
    I32 {
        signed: bool,
    },
    I64,
    F32,
    F64,
    /// An SZ array of blittable elements: its data pointer.
    Array,
    /// A delegate: its thunk.
    Delegate,
}

/// How values of class `c` cross to C, or why they cannot.
pub fn native_of(c: ClassRef) -> Result<Native, String> {
    if c.kind == Kind::SzArray {
        let e = c.elem.ok_or("array element")?;
        return match e.elem_kind().map_err(|x| x.message().to_string())? {
            ElemKind::Struct(_) | ElemKind::Ref => Err(format!("cannot marshal {}", c.full_name())),
            _ => Ok(Native::Array),
        };
    }
    if is_delegate(c) {
        return Ok(Native::Delegate);
    }
    Ok(match c.elem_kind().map_err(|x| x.message().to_string())? {
        ElemKind::I1 | ElemKind::I2 | ElemKind::I4 => Native::I32 { signed: true },
        ElemKind::U1 | ElemKind::U2 | ElemKind::U4 => Native::I32 { signed: false },
        ElemKind::I8 => Native::I64,
        ElemKind::R4 => Native::F32,
        ElemKind::R8 => Native::F64,
        _ => return Err(format!("cannot marshal {}", c.full_name())),
    })
}

/// The C signature native code calls a delegate with: what its `Invoke`
/// takes (scalars only) and returns.
#[derive(Debug)]
pub struct CallbackSig {
    pub params: Vec<Native>,
    pub ret: Option<Native>,
}

impl CallbackSig {
    pub fn of(invoke: &'static Method) -> Result<CallbackSig, String> {
        let sig = invoke.sig().map_err(|e| e.message().to_string())?;
        let params = sig.params.iter().map(|p| native_of(p)).collect::<Result<Vec<_>, _>>()?;
        if params.iter().any(|n| matches!(n, Native::Array | Native::Delegate)) {
            return Err("callback parameters must be scalars".into());
        }
        let ret = if sig.ret.is("System", "Void") { None } else { Some(native_of(sig.ret)?) };
        Ok(CallbackSig { params, ret })
    }

    /// What delegate types share handlers by.
    pub fn key(&self) -> String {
        format!("{:?}", self)
    }
}

#[derive(Default)]
struct State {
    libraries: HashMap<String, libloading::Library>,
    /// Callback handlers by C signature (`CallbackSig::key`).
    handlers: HashMap<String, usize>,
    /// Callback handlers by delegate type (its `Invoke`), once found.
    by_invoke: HashMap<usize, usize>,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);

/// Native entry points by method, once resolved.
fn targets() -> &'static DashMap<usize, usize> {
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
        let mapped = dllmap().get(&lib_name).cloned();
        let candidates =
            mapped.into_iter().chain([lib_name.clone(), format!("{lib_name}.so"), format!("lib{lib_name}.so")]);
        // SAFETY: loading a library the program names runs its
        // initialisers, as any native runtime does for DllImport.
        let lib = candidates
            .into_iter()
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

/// Mono's library map (`<dllmap dll="..." target="..." os="..."/>` in
/// /etc/mono/config) for this OS: how Mono's class libraries name
/// `System.Native` (libmono-native.so) and the like.
fn dllmap() -> &'static std::collections::HashMap<String, String> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<String, String>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let text = std::fs::read_to_string("/etc/mono/config").unwrap_or_default();
        let attr = |line: &str, name: &str| -> Option<String> {
            let start = line.find(&format!("{name}=\""))? + name.len() + 2;
            Some(line[start..].split('"').next()?.to_string())
        };
        let for_linux = |os: Option<String>| match os {
            None => true,
            Some(os) => match os.strip_prefix('!') {
                Some(not) => !not.split(',').any(|o| o == "linux"),
                None => os.split(',').any(|o| o == "linux"),
            },
        };
        text.lines()
            .filter(|l| l.trim_start().starts_with("<dllmap") && for_linux(attr(l, "os")))
            .filter_map(|l| Some((attr(l, "dll")?, attr(l, "target")?.replace("$mono_libdir", "/usr/lib"))))
            .collect()
    })
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

/// Makes `handler` the callback handler of delegates whose `Invoke` is
/// `invoke` and of their C signature (first wins).
pub fn register_handler(invoke: &'static Method, handler: usize) {
    let Ok(sig) = CallbackSig::of(invoke) else { return };
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    guard.get_or_insert_with(State::default).handlers.entry(sig.key()).or_insert(handler);
}

/// The callback handler for delegates whose `Invoke` is `invoke`: an
/// image's, or else a generated one.
fn handler(invoke: &'static Method) -> Result<usize, Thrown> {
    let at = invoke as *const Method as usize;
    let sig = {
        let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
        let state = guard.get_or_insert_with(State::default);
        if let Some(&h) = state.by_invoke.get(&at) {
            return Ok(h);
        }
        let sig = CallbackSig::of(invoke);
        if let Some(&h) = sig.as_ref().ok().and_then(|s| state.handlers.get(&s.key())) {
            state.by_invoke.insert(at, h);
            return Ok(h);
        }
        sig
    };
    // Outside the lock: raising runs managed code, and the generator may
    // take long.
    let sig =
        sig.map_err(|e| exception::throw_msg("System.Runtime.InteropServices", "MarshalDirectiveException", &e))?;
    let made = generator::callback_handler(invoke).ok_or_else(|| {
        exception::throw_msg(
            "System",
            "NotSupportedException",
            &format!("no callback handler for {} in llvmonly mode", invoke.class.full_name()),
        )
    })?;
    let made = made.map_err(|e| exception::from_load_error(&e))? as usize;
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    let state = guard.get_or_insert_with(State::default);
    let h = *state.handlers.entry(sig.key()).or_insert(made);
    state.by_invoke.insert(at, h);
    Ok(h)
}

/// A native function pointer that invokes delegate `d` (0 for null): its
/// thunk, which lives as long as `d` does.
pub fn delegate_to_native(d: *mut u8) -> Result<usize, Thrown> {
    if d.is_null() {
        return Ok(0);
    }
    crate::runtime::thunks::thunk_for(d, || {
        let class = crate::runtime::object::obj_class(d);
        let invoke = class
            .find_method("Invoke", None)
            .filter(|_| is_delegate(class))
            .ok_or_else(|| exception::throw_msg("System", "ArgumentException", "not a delegate"))?;
        handler(invoke)
    })
}
