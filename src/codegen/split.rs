//! Parallel code generation for large images: the lowered module is cut
//! into parts, one per core, each optimised and turned into an object file
//! on its own thread (an LLVM context is single-threaded, so every part is
//! parsed from bitcode into a context of its thread), and the objects are
//! linked into the one shared object. Mono's class libraries make a module
//! of about 30,000 functions, which one thread compiles in minutes.
//!
//! A part keeps the bodies of a contiguous run of functions (methods of
//! the same class stay together, so most direct calls stay inside a part)
//! and declares the rest; the first part also keeps every global
//! variable's definition. Functions and globals private to the module are
//! made hidden externals first, so the parts link to each other's and
//! nothing new is exported from the shared object.

use std::path::{Path, PathBuf};

use inkwell::attributes::AttributeLoc;
use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::{Linkage, Module};
use inkwell::targets::FileType;
use inkwell::values::{FunctionValue, GlobalValue};
use inkwell::GlobalVisibility;

use crate::metadata::error::LoadError;

/// Below this many function bodies a module is compiled whole: splitting
/// costs cross-part inlining, which only pays on the largest images.
const MIN_BODIES: usize = 4000;

/// How many parts `module` is compiled in.
pub fn parts_for(module: &Module<'_>) -> usize {
    let bodies = module.get_functions().filter(|f| f.count_basic_blocks() > 0).count();
    if bodies < MIN_BODIES {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Optimises `module` in `parts` parts on as many threads and writes one
/// object file per part next to `obj` (`obj.0`, `obj.1`, ...).
pub fn emit_parts(module: &Module<'_>, parts: usize, obj: &Path) -> Result<Vec<PathBuf>, LoadError> {
    promote_private(module);
    let bitcode = module.write_bitcode_to_memory().as_slice().to_vec();
    let owner = assign(module, parts);
    let paths: Vec<PathBuf> = (0..parts).map(|k| obj.with_extension(format!("{k}.o"))).collect();
    std::thread::scope(|s| {
        let jobs: Vec<_> = paths
            .iter()
            .enumerate()
            .map(|(k, path)| {
                let (bitcode, owner) = (&bitcode, &owner);
                s.spawn(move || emit_part(bitcode, owner, k, path))
            })
            .collect();
        jobs.into_iter()
            .try_for_each(|j| j.join().map_err(|_| LoadError::BadImage("a code generation thread panicked".into()))?)
    })?;
    Ok(paths)
}

fn emit_part(
    bitcode: &[u8],
    owner: &std::collections::HashMap<String, usize>,
    k: usize,
    path: &Path,
) -> Result<(), LoadError> {
    let context = Context::create();
    let buffer = MemoryBuffer::create_from_memory_range_copy(bitcode, "part");
    let module =
        Module::parse_bitcode_from_buffer(&buffer, &context).map_err(|e| LoadError::BadImage(e.to_string()))?;
    let functions: Vec<FunctionValue<'_>> = module.get_functions().collect();
    for f in functions {
        let name = f.get_name().to_string_lossy().into_owned();
        if f.count_basic_blocks() > 0 && owner.get(&name).is_some_and(|&o| o != k) {
            declare_function(&module, f, &name);
        }
    }
    if k > 0 {
        let globals: Vec<GlobalValue<'_>> = module.get_globals().collect();
        for g in globals {
            if g.get_linkage() == Linkage::Appending {
                // `llvm.used` and the like: the first part keeps them.
                // SAFETY: these lists are not referenced by any code.
                unsafe { g.delete() };
            } else if !g.is_declaration() {
                declare_global(&module, g);
            }
        }
    }
    let machine = super::host_machine()?;
    super::run_o2(&module, &machine);
    machine.write_to_file(&module, FileType::Object, path).map_err(|e| LoadError::BadImage(e.to_string()))
}

/// Names every unnamed function and global, and turns internal and private
/// definitions into hidden externals: parts refer to them by name.
fn promote_private(module: &Module<'_>) {
    let mut n = 0usize;
    let mut promote = |g: GlobalValue<'_>| {
        if !matches!(g.get_linkage(), Linkage::Internal | Linkage::Private) {
            return;
        }
        if g.get_name().to_bytes().is_empty() || g.get_linkage() == Linkage::Private {
            g.set_name(&format!("mx_part_local_{n}"));
            n += 1;
        }
        g.set_linkage(Linkage::External);
        g.set_visibility(GlobalVisibility::Hidden);
    };
    for f in module.get_functions() {
        if f.count_basic_blocks() > 0 {
            promote(f.as_global_value());
        }
    }
    for g in module.get_globals() {
        if !g.is_declaration() {
            promote(g);
        }
    }
}

/// Each function body's part: contiguous runs of about equal size
/// (counted in instructions).
fn assign(module: &Module<'_>, parts: usize) -> std::collections::HashMap<String, usize> {
    let sizes: Vec<(String, usize)> = module
        .get_functions()
        .filter(|f| f.count_basic_blocks() > 0)
        .map(|f| {
            let size = f.get_basic_block_iter().map(|b| b.get_instructions().count()).sum::<usize>();
            (f.get_name().to_string_lossy().into_owned(), size)
        })
        .collect();
    let total: usize = sizes.iter().map(|(_, s)| s).sum::<usize>().max(1);
    let mut seen = 0usize;
    sizes
        .into_iter()
        .map(|(name, size)| {
            let part = (seen * parts / total).min(parts - 1);
            seen += size;
            (name, part)
        })
        .collect()
}

/// Replaces the definition `f` by a declaration of the same name, type,
/// calling convention and attributes.
fn declare_function<'ctx>(module: &Module<'ctx>, f: FunctionValue<'ctx>, name: &str) {
    let decl = module.add_function(&format!("{name}.decl"), f.get_type(), Some(Linkage::External));
    decl.set_call_conventions(f.get_call_conventions());
    let mut locs = vec![AttributeLoc::Function, AttributeLoc::Return];
    locs.extend((0..f.count_params()).map(AttributeLoc::Param));
    for loc in locs {
        for a in f.attributes(loc) {
            decl.add_attribute(loc, a);
        }
    }
    decl.as_global_value().set_visibility(f.as_global_value().get_visibility());
    f.replace_all_uses_with(decl);
    // SAFETY: every use now names `decl`, so nothing refers to `f`.
    unsafe { f.delete() };
    decl.as_global_value().set_name(name);
}

/// Replaces the global variable `g` by a declaration of the same name and type.
fn declare_global<'ctx>(module: &Module<'ctx>, g: GlobalValue<'ctx>) {
    let name = g.get_name().to_string_lossy().into_owned();
    let ty = g.get_value_type();
    let Ok(ty) = inkwell::types::BasicTypeEnum::try_from(ty) else { return };
    let decl = module.add_global(ty, None, &format!("{name}.decl"));
    decl.set_linkage(Linkage::External);
    decl.set_visibility(g.get_visibility());
    decl.set_constant(g.is_constant());
    decl.set_thread_local_mode(g.get_thread_local_mode());
    g.as_pointer_value().replace_all_uses_with(decl.as_pointer_value());
    // SAFETY: every use now names `decl`, so nothing refers to `g`.
    unsafe { g.delete() };
    decl.set_name(&name);
}
