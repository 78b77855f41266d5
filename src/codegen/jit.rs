//! Entry wrappers compiled at run time (`--mode aot` only).
//!
//! An AOT image carries the entry wrappers for the signatures its code
//! calls. When compiled code still reaches a descriptor without native
//! code (a method no image names with that signature, a dynamic method),
//! the runtime asks here for the wrapper of the callee's signature: it is
//! generated with the same code as the images' (`wrapper::emit_entry_wrapper`),
//! JIT-compiled by LLVM once per signature, and installed in the descriptor.
//! In `--mode llvmonly` nothing is generated at run time: the runtime's
//! generic call (arguments through an array) serves instead.
//!
//! Owner: the process. The LLVM context, its execution engines and the
//! code they made live until exit; there is one wrapper per distinct
//! signature, so this memory is bounded by the program's signatures.

use std::collections::HashMap;
use std::sync::Mutex;

use inkwell::context::Context;
use inkwell::execution_engine::ExecutionEngine;
use inkwell::OptimizationLevel;

use crate::codegen::lower::{err, Unit};
use crate::codegen::pinvoke;
use crate::codegen::select::native_sig;
use crate::codegen::wrapper::{emit_entry_wrapper, emit_out_wrapper};
use crate::metadata::error::LoadError;
use crate::abi::libcalls::Libcalls;
use crate::runtime::libcalls::LIBCALLS;
use crate::runtime::pinvoke::{Pool, POOL_SIZE};
use crate::types::method::Method;

struct Jit {
    context: &'static Context,
    /// Kept alive: they own the generated code.
    engines: Vec<ExecutionEngine<'static>>,
    /// Wrapper address by signature shape.
    wrappers: HashMap<String, usize>,
}

// SAFETY: the LLVM objects are only touched while holding `JIT`'s lock.
unsafe impl Send for Jit {}

static JIT: Mutex<Option<Jit>> = Mutex::new(None);

/// The JIT-compiled entry wrapper for `m`'s signature, or None when LLVM
/// cannot make one (the caller then keeps using the generic path).
pub fn entry_wrapper(m: &'static Method) -> Option<*mut std::ffi::c_void> {
    let sig = native_sig(m)?;
    let key = sig.key();
    let mut guard = JIT.lock().unwrap_or_else(|e| e.into_inner());
    let jit = jit(&mut guard);
    if let Some(&w) = jit.wrappers.get(&key) {
        return Some(w as *mut std::ffi::c_void);
    }
    let name = format!("mx_e_jit_{}", jit.wrappers.len());
    let engine = compile(jit, &name, |u| emit_entry_wrapper(u, &sig, &name).map(|_| ())).ok()?;
    let addr = engine.get_function_address(&name).ok()?;
    tracing::debug!("JIT-compiled the entry wrapper for {} ({key})", m.display_name());
    jit.engines.push(engine);
    jit.wrappers.insert(key, addr);
    Some(addr as *mut std::ffi::c_void)
}

/// JIT-compiles the stub of P/Invoke method `m` and binds it as the
/// method's code (out wrapper for the interpreter, body for descriptors).
pub fn pinvoke_stub(m: &'static Method) -> Result<(), LoadError> {
    let mut guard = JIT.lock().unwrap_or_else(|e| e.into_inner());
    let jit = jit(&mut guard);
    let name = format!("mx_p_jit_{}", jit.engines.len());
    let wrapper = format!("{name}_w");
    let engine = compile(jit, &name, |u| {
        let stub = pinvoke::emit_stub(u, m, &name, pinvoke::Me::Address)?;
        emit_out_wrapper(u, m, stub, true, &wrapper).map(|_| ())
    })?;
    let body = engine.get_function_address(&name).map_err(|e| err(e.to_string()))?;
    let w = engine.get_function_address(&wrapper).map_err(|e| err(e.to_string()))?;
    jit.engines.push(engine);
    crate::runtime::aot::install_entry(&m.desc, body as *mut std::ffi::c_void);
    m.native.store(w as *mut std::ffi::c_void, std::sync::atomic::Ordering::Release);
    Ok(())
}

/// JIT-compiles a pool of callback trampolines for delegates like `invoke`'s.
pub fn callback_pool(invoke: &'static Method) -> Result<&'static Pool, LoadError> {
    let mut guard = JIT.lock().unwrap_or_else(|e| e.into_inner());
    let jit = jit(&mut guard);
    let name = format!("mx_cb_jit_{}", jit.engines.len());
    let engine = compile(jit, &name, |u| pinvoke::emit_pool(u, invoke, &name).map(|_| ()))?;
    let fns = (0..POOL_SIZE)
        .map(|i| engine.get_function_address(&format!("{name}_{i}")).map_err(|e| err(e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let slots = global_address(&engine, &format!("{name}_slots")).ok_or_else(|| err("callback slots"))?;
    jit.engines.push(engine);
    Ok(Box::leak(Box::new(Pool::new(fns, slots as *mut usize))))
}

fn jit(guard: &mut Option<Jit>) -> &mut Jit {
    guard.get_or_insert_with(|| {
        ExecutionEngine::link_in_mc_jit();
        Jit { context: Box::leak(Box::new(Context::create())), engines: Vec::new(), wrappers: HashMap::new() }
    })
}

/// Builds a module with `emit`, JIT-compiles it and points it at the
/// runtime's libcalls.
fn compile(
    jit: &Jit,
    name: &str,
    emit: impl FnOnce(&Unit<'static>) -> Result<(), LoadError>,
) -> Result<ExecutionEngine<'static>, LoadError> {
    let unit = Unit::new(jit.context, name, &[])?;
    emit(&unit)?;
    unit.module.verify().map_err(|e| err(e.to_string()))?;
    let engine = unit.module.create_jit_execution_engine(OptimizationLevel::Default).map_err(|e| err(e.to_string()))?;
    let table = global_address(&engine, "mx_libcalls").ok_or_else(|| err("mx_libcalls"))?;
    // SAFETY: `mx_libcalls` is the module's pointer-sized global through
    // which its code reads the libcalls; the engine has finalised it.
    unsafe { *(table as *mut *const Libcalls) = &LIBCALLS };
    Ok(engine)
}

fn global_address(engine: &ExecutionEngine<'static>, name: &str) -> Option<usize> {
    let cname = std::ffi::CString::new(name).ok()?;
    // SAFETY: the engine is finalised; the name is a NUL-terminated string.
    let g =
        unsafe { inkwell::llvm_sys::execution_engine::LLVMGetGlobalValueAddress(engine.as_mut_ptr(), cname.as_ptr()) };
    (g != 0).then_some(g as usize)
}
