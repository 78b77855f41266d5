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

/// How a managed value crosses to C.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Native {
    /// An integer of `size` bytes (1, 2, 4 or 8; a slot in managed code).
    Int {
        size: u8,
        signed: bool,
    },
    F32,
    F64,
    /// A bool as a C integer of `size` bytes: 4 (Win32 BOOL, the
    /// default) or 1 (`[MarshalAs(UnmanagedType.U1)]`).
    Bool {
        size: u8,
    },
    /// An SZ array of blittable elements: its data pointer.
    Array,
    /// A delegate: its thunk.
    Delegate,
    /// A string parameter: a NUL-terminated UTF-8 copy the stub frees
    /// after the call, or (UTF-16) the string's own NUL-terminated
    /// characters, as Mono passes them.
    Str {
        utf16: bool,
    },
    /// A SafeHandle: its handle, referenced for the call (parameters:
    /// DangerousAddRef before, DangerousRelease after; results: a new
    /// instance of the declared class holding the returned handle).
    SafeHandle,
    /// A blittable struct by value, as the C ABI passes it.
    Struct(StructAbi),
}

/// One eightbyte of a struct passed in registers (x86-64 System V):
/// integer bytes, or the float types the classification gives it.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Part {
    Int(u8),
    F32,
    F32x2,
    F64,
}

/// How a blittable struct of `size` bytes crosses: in up to two
/// registers (`regs`, one part per eightbyte), or in memory (None:
/// a copy on the stack for parameters, a caller's buffer for results).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct StructAbi {
    pub size: u32,
    pub regs: Option<[Option<Part>; 2]>,
}

/// How values of class `c` cross to C as plain data (callback
/// parameters, and the scalar cases of P/Invoke parameters), or why they
/// cannot. References (byrefs, pointers) pass as their address.
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
    if c.kind == Kind::ByRef && !c.elem.is_some_and(blittable) {
        return Err(format!("{} is a reference to a type that is not blittable", c.full_name()));
    }
    Ok(match c.elem_kind().map_err(|x| x.message().to_string())? {
        ElemKind::I1 => Native::Int { size: 1, signed: true },
        ElemKind::U1 => Native::Int { size: 1, signed: false },
        ElemKind::I2 => Native::Int { size: 2, signed: true },
        ElemKind::U2 => Native::Int { size: 2, signed: false },
        ElemKind::I4 => Native::Int { size: 4, signed: true },
        ElemKind::U4 => Native::Int { size: 4, signed: false },
        ElemKind::I8 => Native::Int { size: 8, signed: true },
        ElemKind::R4 => Native::F32,
        ElemKind::R8 => Native::F64,
        _ => return Err(format!("cannot marshal {}", c.full_name())),
    })
}

/// Whether values of `c` have the same representation in managed and
/// native memory: primitives but bool and char, pointers, enums, and
/// structs of such fields.
fn blittable(c: ClassRef) -> bool {
    if c.is("System", "Boolean") || c.is("System", "Char") {
        return false;
    }
    match c.kind {
        Kind::Ptr => true,
        Kind::ValueType => c.layout().is_ok_and(|l| match l.kind {
            ElemKind::Struct(_) => l.fields.iter().all(|f| f.is_static() || blittable(f.ty)),
            k => k != ElemKind::Ref,
        }),
        _ => false,
    }
}

/// The System V classification of blittable struct `c` (its leaves'
/// kinds per eightbyte: any integer makes an eightbyte integer).
fn struct_abi(c: ClassRef) -> Result<StructAbi, String> {
    let size = c.layout().map_err(|e| e.message().to_string())?.size;
    if size > 16 {
        return Ok(StructAbi { size, regs: None });
    }
    let mut leaves = Vec::new();
    leaves_of(c, 0, &mut leaves)?;
    let mut regs = [None; 2];
    for (i, reg) in regs.iter_mut().enumerate().take(size.div_ceil(8) as usize) {
        let (lo, bytes) = (8 * i as u32, (size - 8 * i as u32).min(8));
        let here: Vec<ElemKind> = leaves.iter().filter(|(at, _)| (lo..lo + 8).contains(at)).map(|l| l.1).collect();
        *reg = Some(if here.is_empty() || here.iter().any(|k| !matches!(k, ElemKind::R4 | ElemKind::R8)) {
            Part::Int(bytes as u8)
        } else if here.contains(&ElemKind::R8) {
            Part::F64
        } else if bytes > 4 {
            Part::F32x2
        } else {
            Part::F32
        });
    }
    Ok(StructAbi { size, regs: Some(regs) })
}

/// The scalar fields of struct `c` at offset `base`, nested structs flattened.
fn leaves_of(c: ClassRef, base: u32, out: &mut Vec<(u32, ElemKind)>) -> Result<(), String> {
    for f in c.layout().map_err(|e| e.message().to_string())?.fields.iter().filter(|f| !f.is_static()) {
        match f.ty.elem_kind().map_err(|e| e.message().to_string())? {
            ElemKind::Struct(_) => leaves_of(f.ty, base + f.offset, out)?,
            k => out.push((base + f.offset, k)),
        }
    }
    Ok(())
}

/// What a P/Invoke stub does: how each parameter and the result cross,
/// and whether errno is kept as the last error (`SetLastError=true`).
#[derive(Debug)]
pub struct Plan {
    pub params: Vec<Native>,
    pub ret: Option<Native>,
    pub set_last_error: bool,
}

// `UnmanagedType` values of marshalling descriptors (II.23.4).
const NATIVE_BOOL: u8 = 0x02;
const NATIVE_I1: u8 = 0x03;
const NATIVE_U1: u8 = 0x04;
const NATIVE_LPSTR: u8 = 0x14;
const NATIVE_LPWSTR: u8 = 0x15;
const NATIVE_LPTSTR: u8 = 0x16;
const NATIVE_LPUTF8STR: u8 = 0x30;

/// The marshalling of P/Invoke method `m` (or of an internal call a
/// native library registered, which takes raw scalars only), or why it
/// has none, naming the method and the parameter.
pub fn plan(m: &'static Method) -> Result<Plan, String> {
    let fail = |what: &str, why: String| format!("{}: cannot marshal {what}: {why}", m.display_name());
    let sig = m.sig().map_err(|e| fail("its signature", e.message().to_string()))?;
    if sig.has_this {
        return Err(fail("an instance method", "P/Invoke methods are static".into()));
    }
    let img = m.class.image;
    let tables = img.md().tables();
    let tok = cildec::Token::new(cildec::TableId::MethodDef, m.rid);
    let flags = tables.impl_map_of(tok).ok().flatten().map_or(0, |r| r.mapping_flags);
    // CharSet.Unicode is UTF-16; Ansi, Auto and none are UTF-8 on Linux, as on Mono.
    let unicode = flags & 0x6 == 0x4;
    // The first byte of each parameter's marshalling descriptor, by sequence (0: the result).
    let mut marshal_as = HashMap::new();
    for rid in tables.param_range(cildec::Rid::new(m.rid)).into_iter().flatten() {
        let Ok(row) = img.row::<cildec::tables::ParamRow>(rid) else { continue };
        let blob = tables.field_marshal_of(cildec::Token::new(cildec::TableId::Param, rid)).ok().flatten();
        if let Some(first) = blob.and_then(|b| img.blob(cildec::BlobIndex(b)).ok()?.first().copied()) {
            marshal_as.insert(row.sequence, first);
        }
    }
    let one = |c: ClassRef, seq: u16, result: bool| -> Result<Native, String> {
        let spec = marshal_as.get(&seq).copied();
        if c.is("System", "Boolean") {
            return match spec {
                None | Some(NATIVE_BOOL) => Ok(Native::Bool { size: 4 }),
                Some(NATIVE_I1 | NATIVE_U1) => Ok(Native::Bool { size: 1 }),
                Some(t) => Err(format!("bool as unmanaged type {t:#x}")),
            };
        }
        if c.is("System", "String") {
            if result {
                return Err("string results are not supported".into());
            }
            return match spec {
                None | Some(NATIVE_LPTSTR) => Ok(Native::Str { utf16: unicode }),
                Some(NATIVE_LPSTR | NATIVE_LPUTF8STR) => Ok(Native::Str { utf16: false }),
                Some(NATIVE_LPWSTR) => Ok(Native::Str { utf16: true }),
                Some(t) => Err(format!("string as unmanaged type {t:#x}")),
            };
        }
        if is_safe_handle(c) {
            if result && c.is_abstract() {
                return Err("returned SafeHandles should not be abstract".into());
            }
            return Ok(Native::SafeHandle);
        }
        if c.is_valuetype() && matches!(c.elem_kind(), Ok(ElemKind::Struct(_))) {
            if !blittable(c) {
                return Err(format!("{} is not blittable", c.full_name()));
            }
            return struct_abi(c).map(Native::Struct);
        }
        match native_of(c)? {
            Native::Array | Native::Delegate if result => Err(format!("{} results are not supported", c.full_name())),
            n => Ok(n),
        }
    };
    let mut params = Vec::new();
    for (k, p) in sig.params.iter().enumerate() {
        params.push(one(p, k as u16 + 1, false).map_err(|e| fail(&format!("parameter #{}", k + 1), e))?);
    }
    let ret = match sig.ret.is("System", "Void") {
        true => None,
        false => Some(one(sig.ret, 0, true).map_err(|e| fail("the return value", e))?),
    };
    let raw = |n: &Native| matches!(n, Native::Int { .. } | Native::F32 | Native::F64);
    if m.is_internal_call() && !(params.iter().all(raw) && ret.as_ref().is_none_or(raw)) {
        return Err(fail("a registered internal call", "it takes and returns raw scalars only".into()));
    }
    Ok(Plan { params, ret, set_last_error: flags & 0x40 != 0 })
}

/// Whether `c` is System.Runtime.InteropServices.SafeHandle or derives from it.
fn is_safe_handle(c: ClassRef) -> bool {
    safe_handle_base(c).is_some()
}

fn safe_handle_base(c: ClassRef) -> Option<ClassRef> {
    std::iter::successors(Some(c), |k| k.parent()).find(|k| k.is("System.Runtime.InteropServices", "SafeHandle"))
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
    if m.is_internal_call() {
        return crate::runtime::icalls::native::registered(m)
            .ok_or_else(|| LoadError::MissingMethod(format!("No implementation found for {}", m.display_name())));
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
        // Its initialisers may register internal calls (Mono's shim).
        crate::runtime::icalls::native::accept_registrations();
        let mapped = dllmap().get(&lib_name).cloned();
        let names = [lib_name.clone(), format!("{lib_name}.so"), format!("lib{lib_name}.so")];
        // As Mono does: beside the assembly first, then the loader's path.
        // A path with a slash is taken as a path by the loader ("./" for
        // an assembly in the current directory).
        let dir = img.dir.as_ref().map(|d| if d.as_os_str().is_empty() { std::path::Path::new(".") } else { d });
        let beside: Vec<String> =
            dir.iter().flat_map(|d| names.iter().map(|n| d.join(n).display().to_string())).collect();
        let candidates = mapped.into_iter().chain(beside).chain(names);
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
    plan(m).map_err(|e| exception::throw_msg("System.Runtime.InteropServices", "MarshalDirectiveException", &e))?;
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

// ---- what stubs call (through libcalls) ----------------------------------

extern "C" {
    /// This thread's last-error cell (runtime/native/mono_embed.c).
    fn mx_last_error_cell() -> *mut i32;
}

/// The last error a `SetLastError` P/Invoke left on this thread
/// (`Marshal.GetLastWin32Error`).
pub fn last_error() -> i32 {
    // SAFETY: the cell is this thread's own.
    unsafe { *mx_last_error_cell() }
}

pub fn set_last_error(e: i32) {
    // SAFETY: as in `last_error`.
    unsafe { *mx_last_error_cell() = e };
}

/// Keeps errno as the last error; stubs call it first thing after the
/// native function returns, before anything else can change errno.
pub fn save_errno() {
    set_last_error(std::io::Error::last_os_error().raw_os_error().unwrap_or(0));
}

/// A NUL-terminated UTF-8 copy of string `s` in C memory (null for null),
/// owned by the stub that asked, which frees it after the call. An
/// embedded NUL ends the text for C, as it does with Mono.
pub fn string_to_utf8(s: *mut u8) -> *mut u8 {
    if s.is_null() {
        return std::ptr::null_mut();
    }
    let text = crate::runtime::object::string_to_rust(s);
    // SAFETY: malloc of the text's length plus the terminator; both
    // copies stay inside it.
    unsafe {
        let p = libc::malloc(text.len() + 1) as *mut u8;
        if p.is_null() {
            eprintln!("monoxide: out of memory");
            std::process::abort();
        }
        std::ptr::copy_nonoverlapping(text.as_ptr(), p, text.len());
        *p.add(text.len()) = 0;
        p
    }
}

/// SafeHandle method `name` taking `params` parameters (DangerousAddRef,
/// DangerousRelease), found on the base class whatever `h` derives.
fn safe_handle_method(h: *mut u8, name: &str, params: usize) -> Result<&'static Method, Thrown> {
    let class = crate::runtime::object::obj_class(h);
    safe_handle_base(class).and_then(|b| b.find_method(name, Some(params))).ok_or_else(|| {
        exception::throw_msg("System", "MissingMethodException", &format!("SafeHandle.{name} of {}", class.full_name()))
    })
}

/// A SafeHandle parameter before the call: DangerousAddRef (which raises
/// ObjectDisposedException for a closed handle), then its handle. A null
/// SafeHandle is an ArgumentNullException, as with Mono.
pub fn safe_handle_add_ref(h: *mut u8) -> Result<Slot, Thrown> {
    if h.is_null() {
        return Err(exception::throw_new("System", "ArgumentNullException"));
    }
    let mut success = 0u8;
    crate::interp::exec::invoke(
        safe_handle_method(h, "DangerousAddRef", 1)?,
        &[h as Slot, &mut success as *mut u8 as Slot],
    )?;
    // SAFETY: `handle` is a pointer-sized field of the live SafeHandle.
    Ok(unsafe { *(crate::runtime::icalls::field_ptr(h, "handle")? as *const Slot) })
}

/// A SafeHandle parameter after the call.
pub fn safe_handle_release(h: *mut u8) -> Result<(), Thrown> {
    crate::interp::exec::invoke(safe_handle_method(h, "DangerousRelease", 0)?, &[h as Slot]).map(|_| ())
}

/// A SafeHandle result: a new instance of the class P/Invoke method `m`
/// returns (its parameterless constructor), holding `handle`.
pub fn safe_handle_wrap(m: &'static Method, handle: Slot) -> Result<*mut u8, Thrown> {
    let class = m.sig().map_err(|e| exception::from_load_error(&e))?.ret;
    let ctor = class.find_method(".ctor", Some(0)).ok_or_else(|| {
        exception::throw_msg(
            "System",
            "MissingMethodException",
            &format!("{} needs a parameterless constructor to be returned by {}", class.full_name(), m.display_name()),
        )
    })?;
    let obj = crate::runtime::object::alloc_object(class)?;
    crate::interp::exec::invoke(ctor, &[obj as Slot])?;
    crate::runtime::icalls::set_field(obj, "handle", handle)?;
    Ok(obj)
}
