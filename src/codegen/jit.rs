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

use crate::codegen::lower::Unit;
use crate::codegen::select::native_sig;
use crate::codegen::wrapper::emit_entry_wrapper;
use crate::runtime::libcalls::{Libcalls, LIBCALLS};
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
    let key = format!("{:?}{:?}", sig.params, sig.ret);
    let mut guard = JIT.lock().unwrap_or_else(|e| e.into_inner());
    let jit = guard.get_or_insert_with(|| {
        ExecutionEngine::link_in_mc_jit();
        Jit { context: Box::leak(Box::new(Context::create())), engines: Vec::new(), wrappers: HashMap::new() }
    });
    if let Some(&w) = jit.wrappers.get(&key) {
        return Some(w as *mut std::ffi::c_void);
    }
    let name = format!("mx_e_jit_{}", jit.wrappers.len());
    let unit = Unit::new(jit.context, &name, &[]).ok()?;
    emit_entry_wrapper(&unit, &sig, &name).ok()?;
    unit.module.verify().ok()?;
    let engine = unit.module.create_jit_execution_engine(OptimizationLevel::Default).ok()?;
    let addr = engine.get_function_address(&name).ok()?;
    let table = std::ffi::CString::new("mx_libcalls").ok()?;
    // SAFETY: the engine has finalised the module; `mx_libcalls` is its
    // pointer-sized global, which the wrapper reads the libcalls through.
    unsafe {
        let g = inkwell::llvm_sys::execution_engine::LLVMGetGlobalValueAddress(engine.as_mut_ptr(), table.as_ptr());
        if g == 0 {
            return None;
        }
        *(g as *mut *const Libcalls) = &LIBCALLS;
    }
    tracing::debug!("JIT-compiled the entry wrapper for {} ({key})", m.display_name());
    jit.engines.push(engine);
    jit.wrappers.insert(key, addr);
    Some(addr as *mut std::ffi::c_void)
}
