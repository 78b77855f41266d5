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

pub mod handlers;
pub mod intrinsics;
pub mod jit;
pub mod lower;
pub mod pinvoke;
pub mod refs;
pub mod select;
pub mod split;
pub mod wrapper;

use std::path::{Path, PathBuf};

use inkwell::context::Context;
use inkwell::targets::{CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine};
use inkwell::OptimizationLevel;

use crate::interp::exec;
use crate::metadata::error::LoadError;
use crate::metadata::Image;
use crate::runtime::aot::cached_image_path;
use crate::types::resolve;

/// Statistics of one compilation.
pub struct Report {
    /// Methods of the assembly compiled, out of `total`.
    pub compiled: usize,
    pub total: usize,
    /// Generic instantiations compiled along (from this or other assemblies).
    pub instantiations: usize,
    pub out: PathBuf,
    /// Why methods of the image stay interpreted: reason and count.
    pub left: Vec<(String, usize)>,
    /// Classes of the image that failed to load (their methods are not
    /// compiled): name and error.
    pub failed: Vec<(String, LoadError)>,
}

/// Compiles every method of `img` the code generator supports (none when
/// `interp_only`: an image that binds nothing), with the generic
/// instantiations they use, into the shared object `out`.
pub fn compile_image(img: &'static Image, out: &Path, interp_only: bool) -> Result<Report, LoadError> {
    let (roots, failed) = if interp_only { (Vec::new(), Vec::new()) } else { image_methods(img) };
    let (set, left) = select::select(&roots);
    for (m, why) in &left {
        tracing::debug!("{} stays interpreted: {why}", m.display_name());
    }
    let started = std::time::Instant::now();
    let context = Context::create();
    let unit = lower::Unit::new(&context, &img.name, &set)?;
    let progress = progress_bar(set.len() as u64, &img.name);
    for (m, code) in &set {
        lower::lower_body(&unit, m, code)?;
        progress.inc(1);
    }
    let pinvokes = if interp_only { Vec::new() } else { pinvoke_methods(img) };
    wrapper::emit_table(&unit, &set, &pinvokes)?;
    wrapper::emit_entries(&unit)?;
    unit.emit_refs();
    unit.emit_init()?;
    let module = &unit.module;
    if let Some(p) = std::env::var_os("MONOXIDE_DUMP_IR") {
        let _ = module.print_to_file(p);
    }
    module.verify().map_err(|e| LoadError::InvalidProgram(format!("codegen produced invalid IR: {e}")))?;
    tracing::debug!("{}: {} methods lowered in {:.1?}", img.name, set.len(), started.elapsed());
    progress.set_message("optimising");
    // Write next to the target and rename: concurrent compilations of the
    // same image (the cached corlib) never expose a half-written file.
    let tmp = out.with_extension(format!("{}.tmp", std::process::id()));
    let obj = tmp.with_extension("o");
    let parts = split::parts_for(module);
    let objects = if parts > 1 {
        split::emit_parts(module, parts, &obj)?
    } else {
        let machine = host_machine()?;
        run_o2(module, &machine);
        machine.write_to_file(module, FileType::Object, &obj).map_err(|e| LoadError::BadImage(e.to_string()))?;
        vec![obj]
    };
    tracing::debug!("{}: optimised and emitted in {parts} part(s) at {:.1?}", img.name, started.elapsed());
    let status = std::process::Command::new("cc")
        .arg("-shared")
        .arg("-o")
        .arg(&tmp)
        .args(&objects)
        .status()
        .map_err(|e| LoadError::FileNotFound(format!("cannot run the system linker (cc): {e}")))?;
    for o in &objects {
        let _ = std::fs::remove_file(o);
    }
    tracing::debug!("{}: object code written and linked at {:.1?}", img.name, started.elapsed());
    if !status.success() {
        let _ = std::fs::remove_file(&tmp);
        return Err(LoadError::BadImage(format!("linking {} failed", out.display())));
    }
    // The stamp and its length go after the shared object's last byte,
    // where the loader reads them without scanning the file.
    use std::io::Write;
    let mut trailer = crate::runtime::aot::stamp(img);
    trailer.extend_from_slice(&(trailer.len() as u32).to_le_bytes());
    std::fs::OpenOptions::new()
        .append(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(&trailer))
        .map_err(|e| LoadError::FileNotFound(format!("cannot write {}: {e}", tmp.display())))?;
    std::fs::rename(&tmp, out).map_err(|e| LoadError::FileNotFound(format!("cannot write {}: {e}", out.display())))?;
    progress.finish_and_clear();
    let compiled = roots.len() - left.len();
    Ok(Report {
        compiled,
        total: roots.len(),
        instantiations: set.len() - compiled,
        out: out.to_path_buf(),
        left: select::summarize(&left),
        failed,
    })
}

/// LLVM's target machine for this host (images run where they are made),
/// or for the CPU `MONOXIDE_TARGET_CPU` names (an LLVM CPU such as
/// `x86-64-v2`: for tools that do not decode every instruction of the
/// host, as valgrind does not AVX-512).
pub fn host_machine() -> Result<TargetMachine, LoadError> {
    Target::initialize_native(&InitializationConfig::default()).map_err(LoadError::BadImage)?;
    let triple = TargetMachine::get_default_triple();
    let target = Target::from_triple(&triple).map_err(|e| LoadError::BadImage(e.to_string()))?;
    let (cpu, features) = match std::env::var("MONOXIDE_TARGET_CPU") {
        Ok(cpu) => (cpu, String::new()),
        Err(_) => (TargetMachine::get_host_cpu_name().to_string(), TargetMachine::get_host_cpu_features().to_string()),
    };
    target
        .create_target_machine(&triple, &cpu, &features, OptimizationLevel::Default, RelocMode::PIC, CodeModel::Default)
        .ok_or_else(|| LoadError::BadImage("LLVM has no target machine for this host".into()))
}

/// A progress bar on stderr for compilations that take more than a moment
/// (indicatif hides it when stderr is not a terminal).
fn progress_bar(len: u64, name: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_prefix(format!("compiling {name}"));
    bar
}

/// Compiles the corlib or a class library into its cache file unless a
/// valid image is there; removes the images other builds have not used
/// for a day (builds that run side by side keep theirs).
pub fn ensure_cached_image(img: &'static Image) -> Result<Option<Report>, LoadError> {
    let out = cached_image_path(img);
    if crate::runtime::aot::check_stamp(img, &out).is_ok() {
        return Ok(None);
    }
    let dir = out.parent().map(Path::to_path_buf).unwrap_or_default();
    std::fs::create_dir_all(&dir)
        .map_err(|e| LoadError::FileNotFound(format!("cannot create {}: {e}", dir.display())))?;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let prefix = format!("{}-", img.name);
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let idle = e.metadata().ok().and_then(|m| m.accessed().ok()).and_then(|t| t.elapsed().ok());
            let stale = idle.is_some_and(|d| d > std::time::Duration::from_secs(24 * 3600));
            if name.starts_with(&prefix) && name.ends_with(".so") && e.path() != out && stale {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    compile_image(img, &out, false).map(Some)
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

/// The methods of `img` called through P/Invoke stubs whose stubs can be
/// made (the others fail with their reason when called).
fn pinvoke_methods(img: &'static Image) -> Vec<&'static crate::types::method::Method> {
    let classes = resolve::defined_classes(img).into_iter().flatten();
    classes.flat_map(|(_, info)| info.methods.iter().copied().filter(|m| pinvoke::stub_wanted(m))).collect()
}

/// The methods of `img`'s own non-generic classes that have IL bodies,
/// transformed (which verifies them), and the classes that failed to load.
fn image_methods(img: &'static Image) -> (Vec<select::MethodCode>, Vec<(String, LoadError)>) {
    let (mut out, mut failed) = (Vec::new(), Vec::new());
    for defined in resolve::defined_classes(img) {
        let (class, info) = match defined {
            Ok(c) => c,
            Err(f) => {
                failed.push(f);
                continue;
            }
        };
        if class.is_interface() {
            continue;
        }
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
    (out, failed)
}
