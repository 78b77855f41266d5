//! Ahead-of-time compilation through LLVM (inkwell): the interpreter's
//! transformed code of each method is lowered to LLVM IR, optimised, and
//! linked into a shared object next to the assembly (`prog.exe.so`).
//!
//! The lowering starts from `InterpCode` rather than from CIL: the transform
//! has already verified the IL, resolved every token, typed every stack
//! entry and given it a frame slot, so the code generator only maps slots to
//! LLVM values (one `alloca` each, promoted to registers by mem2reg).
//!
//! Methods the code generator cannot lower yet stay with the interpreter:
//! an image is always complete, compiled or not (mixed mode by design).
//! Each compiled method gets a body with its CIL parameters plus the hidden
//! trailing `arg` pointer (the design note's calling convention) and an out
//! wrapper `fn(fp: *mut u64) -> u32` through which the interpreter calls it.

pub mod lower;

use std::path::{Path, PathBuf};

use inkwell::context::Context;
use inkwell::targets::{CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine};
use inkwell::OptimizationLevel;

use crate::interp::exec;
use crate::metadata::Image;
use crate::runtime::error::LoadError;
use crate::types::method::Method;
use crate::types::resolve;

/// Marks the module id and compiler version inside an image file, so that
/// `monoxide run` can check an image without loading it.
pub const STAMP_MARKER: &[u8; 8] = b"MXAOTv01";

/// Where the AOT image of assembly `path` lives.
pub fn image_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".so");
    PathBuf::from(p)
}

/// The stamp an image of `img` carries: marker, module version id, and the
/// version of the monoxide that compiled it.
pub fn stamp(img: &Image) -> Vec<u8> {
    let mut v = STAMP_MARKER.to_vec();
    v.extend_from_slice(&img.mvid);
    let mut ver = [0u8; 16];
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    ver[..version.len().min(16)].copy_from_slice(&version[..version.len().min(16)]);
    v.extend_from_slice(&ver);
    v
}

/// Statistics of one compilation.
pub struct Report {
    pub compiled: usize,
    pub total: usize,
    pub out: PathBuf,
}

/// Compiles every method of `img` the code generator supports into
/// `image_path(path)` (none when `interp_only`: an image that binds nothing).
pub fn compile_image(img: &'static Image, path: &Path, interp_only: bool) -> Result<Report, LoadError> {
    let methods = if interp_only { Vec::new() } else { image_methods(img)? };
    let context = Context::create();
    let module = context.create_module(&img.name);
    let (compiled, total) = lower::lower_methods(&context, &module, &methods, &stamp(img))?;
    Target::initialize_native(&InitializationConfig::default()).map_err(LoadError::BadImage)?;
    let triple = TargetMachine::get_default_triple();
    let target = Target::from_triple(&triple).map_err(|e| LoadError::BadImage(e.to_string()))?;
    let machine = target
        .create_target_machine(
            &triple,
            &TargetMachine::get_host_cpu_name().to_string(),
            &TargetMachine::get_host_cpu_features().to_string(),
            OptimizationLevel::Default,
            RelocMode::PIC,
            CodeModel::Default,
        )
        .ok_or_else(|| LoadError::BadImage("LLVM has no target machine for this host".into()))?;
    module.verify().map_err(|e| LoadError::InvalidProgram(format!("codegen produced invalid IR: {e}")))?;
    if let Some(p) = std::env::var_os("MONOXIDE_DUMP_IR") {
        let _ = module.print_to_file(p);
    }
    run_o2(&module, &machine);
    let out = image_path(path);
    let obj = out.with_extension("so.o");
    machine.write_to_file(&module, FileType::Object, &obj).map_err(|e| LoadError::BadImage(e.to_string()))?;
    let status = std::process::Command::new("cc")
        .arg("-shared")
        .arg("-o")
        .arg(&out)
        .arg(&obj)
        .status()
        .map_err(|e| LoadError::FileNotFound(format!("cannot run the system linker (cc): {e}")))?;
    let _ = std::fs::remove_file(&obj);
    if !status.success() {
        return Err(LoadError::BadImage(format!("linking {} failed", out.display())));
    }
    Ok(Report { compiled, total, out })
}

fn run_o2(module: &inkwell::module::Module<'_>, machine: &TargetMachine) {
    use inkwell::passes::{PassManager, PassManagerBuilder};
    let pmb = PassManagerBuilder::create();
    pmb.set_optimization_level(OptimizationLevel::Default);
    let fpm = PassManager::create(());
    machine.add_analysis_passes(&fpm);
    pmb.populate_module_pass_manager(&fpm);
    fpm.run_on(module);
}

/// The methods of `img`'s own non-generic classes that have IL bodies,
/// transformed (which verifies them).
fn image_methods(
    img: &'static Image,
) -> Result<Vec<(&'static Method, &'static crate::interp::code::InterpCode)>, LoadError> {
    let mut out = Vec::new();
    for rid in 1..=img.row_count(cildec::TableId::TypeDef) {
        let Ok(class) = resolve::typedef_class(img, rid) else { continue };
        if class.is_generic_def() || class.is_interface() {
            continue;
        }
        let Ok(info) = class.info() else { continue };
        for &m in &info.methods {
            if m.rva == 0 || m.is_internal_call() || m.sig().map_or(true, |s| s.generic_params > 0) {
                continue;
            }
            // A method that does not transform stays with the interpreter,
            // which reports its error when (if) it is called.
            if let Ok(code) = exec::transformed(m) {
                out.push((m, code));
            }
        }
    }
    Ok(out)
}
