//! The run-time code generator: what the runtime asks of
//! `runtime::generator` (installed by the CLI in `interp` and `aot` modes,
//! never in `llvmonly`), made with the same emitters as the images' code
//! and JIT-compiled by LLVM.
//!
//! - Entry wrappers (`aot` mode): when compiled code reaches a descriptor
//!   without native code (a method no image names with that signature, a
//!   dynamic method), the wrapper of the callee's signature, once per
//!   signature (`wrapper::emit_entry_wrapper`).
//! - P/Invoke stubs and callback handlers no image carries (both modes;
//!   `pinvoke.rs`).
//!
//! Owner: the process. The LLVM context, its execution engines and the
//! code they made live until exit; there is one wrapper per distinct
//! signature, so this memory is bounded by the program's signatures.

use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::Mutex;

use inkwell::context::Context;
use inkwell::execution_engine::ExecutionEngine;
use inkwell::OptimizationLevel;

use crate::abi::libcalls::Libcalls;
use crate::codegen::lower::{err, Unit};
use crate::codegen::pinvoke;
use crate::codegen::wrapper::{emit_entry_wrapper, emit_out_wrapper};
use crate::metadata::error::LoadError;
use crate::runtime::generator::CodeGenerator;
use crate::runtime::libcalls::LIBCALLS;
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

/// The generator the CLI installs (`runtime::generator::install`).
pub struct JitGenerator;

impl CodeGenerator for JitGenerator {
    fn entry_wrapper(&self, m: &'static Method) -> Option<*mut c_void> {
        entry_wrapper(m)
    }
    fn pinvoke_stub(&self, m: &'static Method) -> Result<(*mut c_void, *mut c_void), LoadError> {
        pinvoke_stub(m)
    }
    fn callback_handler(&self, invoke: &'static Method) -> Result<*const c_void, LoadError> {
        callback_handler(invoke)
    }
}

/// The JIT-compiled entry wrapper for `m`'s signature, or None when LLVM
/// cannot make one.
fn entry_wrapper(m: &'static Method) -> Option<*mut c_void> {
    let sig = m.native_sig()?;
    let key = sig.key();
    let mut guard = JIT.lock().unwrap_or_else(|e| e.into_inner());
    let jit = jit(&mut guard);
    if let Some(&w) = jit.wrappers.get(&key) {
        return Some(w as *mut c_void);
    }
    let name = format!("mx_e_jit_{}", jit.wrappers.len());
    let engine = compile(jit, &name, |u| emit_entry_wrapper(u, &sig, &name).map(|_| ())).ok()?;
    let addr = engine.get_function_address(&name).ok()?;
    tracing::debug!("JIT-compiled the entry wrapper for {} ({key})", m.display_name());
    jit.engines.push(engine);
    jit.wrappers.insert(key, addr);
    Some(addr as *mut c_void)
}

/// JIT-compiles the stub of P/Invoke method `m`: (body, out wrapper).
fn pinvoke_stub(m: &'static Method) -> Result<(*mut c_void, *mut c_void), LoadError> {
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
    Ok((body as *mut c_void, w as *mut c_void))
}

/// JIT-compiles the callback handler for delegates like `invoke`'s.
fn callback_handler(invoke: &'static Method) -> Result<*const c_void, LoadError> {
    let mut guard = JIT.lock().unwrap_or_else(|e| e.into_inner());
    let jit = jit(&mut guard);
    let name = format!("mx_cb_jit_{}", jit.engines.len());
    let engine = compile(jit, &name, |u| pinvoke::emit_callback_handler(u, invoke, &name).map(|_| ()))?;
    let handler = engine.get_function_address(&name).map_err(|e| err(e.to_string()))?;
    jit.engines.push(engine);
    Ok(handler as *const c_void)
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
    let table = global_address(&engine, crate::abi::image::LIBCALLS).ok_or_else(|| err("mx_libcalls"))?;
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
