//! The command line: `monoxide run` and `monoxide test`.

use std::path::PathBuf;

use cildec::TableId;
use clap::{Parser, Subcommand, ValueEnum};

use crate::interp::exec;
use crate::metadata::Image;
use crate::runtime::error::LoadError;
use crate::runtime::{exception, icalls, object, rt, thread};
use crate::types::layout::{Slot, ARRAY_DATA_OFFSET};
use crate::types::method::Method;
use crate::types::resolve::{self, GenericCtx};

#[derive(Parser)]
#[command(name = "monoxide", version, about = "A .NET runtime: runs assemblies compiled by a standard C# compiler.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Mode {
    /// Interpret every method (transformed once from CIL to compact code).
    Interp,
    /// Run the code of the AOT image next to the program (`monoxide aot`)
    /// where it has some; interpret the rest.
    Aot,
    /// As `aot`, with no code generation at run time at all (today `aot`
    /// generates none either: calls between the worlds go through the
    /// runtime's generic call path).
    Llvmonly,
}

#[derive(Subcommand)]
enum Command {
    /// Run PROG's entry point with ARGS; exits with Main's return value
    /// (or Environment.Exit's code), or 1 after an unhandled exception.
    Run {
        /// Execution mode.
        #[arg(long, value_enum, default_value = "interp")]
        mode: Mode,
        /// When Main returns (not after Environment.Exit), collect once more
        /// and print to stderr the live and peak number of dynamic methods
        /// and their arena bytes, per image that hosts them.
        #[arg(long)]
        stats: bool,
        /// The program (an .exe made by a C# compiler).
        prog: PathBuf,
        /// Arguments passed to Main.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Compile PROG ahead of time into PROG.so through LLVM; methods the code
    /// generator does not support yet stay with the interpreter.
    Aot {
        /// Assemblies to leave to the interpreter (by name). Only PROG's own
        /// assembly is compiled; naming it here leaves it interpreted too.
        #[arg(long = "interp-only", value_name = "ASSEMBLY")]
        interp_only: Vec<String>,
        /// The assembly to compile.
        prog: PathBuf,
    },
    /// Run the Mono-style test methods of PROG: every static method named
    /// `test_<N>_<name>` with no parameters returning int passes when it
    /// returns N. Prints each failure and a closing `N passed, N failed`.
    Test {
        /// Execution mode.
        #[arg(long, value_enum, default_value = "interp")]
        mode: Mode,
        /// The assembly holding the tests.
        prog: PathBuf,
        /// Only run tests whose method name contains FILTER.
        filter: Option<String>,
    },
}

/// Native stack of the thread running managed code: deep managed recursion
/// nests interpreter frames, and the managed stack limit must trip first.
const MANAGED_THREAD_STACK: usize = 1 << 30;

pub fn main() -> i32 {
    let cli = Cli::parse();
    // A Rust panic is a runtime bug: report it in one line, without the
    // backtrace RUST_BACKTRACE may ask for, and exit with 134 below.
    std::panic::set_hook(Box::new(|info| eprintln!("monoxide: internal error: {info}")));
    if std::env::var_os("MONOXIDE_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_env("MONOXIDE_LOG"))
            .with_writer(std::io::stderr)
            .init();
    }
    if let Err(e) = crate::runtime::init() {
        eprintln!("monoxide: the embedded corlib is unusable: {}", e.message());
        return 134;
    }
    let stats = matches!(cli.command, Command::Run { stats: true, .. });
    let worker = std::thread::Builder::new().stack_size(MANAGED_THREAD_STACK).spawn(move || {
        let _attached = thread::attach();
        let code = match cli.command {
            Command::Run { mode, prog, args, .. } => run(mode, &prog, &args),
            Command::Test { mode, prog, filter } => test(mode, &prog, filter.as_deref()),
            Command::Aot { interp_only, prog } => aot(&prog, &interp_only),
        };
        icalls::flush_stdout();
        code
    });
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => {
            if stats {
                print_stats();
            }
            code
        }
        _ => {
            icalls::flush_stdout();
            134
        }
    }
}

/// `--stats`: once the program's thread is gone, collects what it left
/// unreachable and reports dynamic-method memory. A dynamic method is freed
/// once its DynamicMethod, finalized in one collection, is reclaimed in a
/// later one (methods calling others hold those a little longer). Each round
/// runs on a fresh thread: the collector scans stacks conservatively, and
/// words left on a stack that ran finalizers could keep objects alive.
fn print_stats() {
    let on_fresh_thread = |f: fn()| {
        let _ = std::thread::spawn(move || {
            let _attached = thread::attach();
            f()
        })
        .join();
    };
    for _ in 0..4 {
        on_fresh_thread(|| {
            crate::runtime::gc::collect();
            object::run_pending_finalizers();
        });
    }
    on_fresh_thread(|| {
        crate::runtime::gc::collect();
        crate::runtime::dynamic::print_stats();
    });
}

/// Prints a load failure the way an unhandled exception of its class prints.
fn load_failure(e: &LoadError) -> i32 {
    let (ns, name) = e.exception_class();
    eprintln!("Unhandled Exception:\n{ns}.{name}: {}", e.message());
    1
}

fn load(mode: Mode, prog: &std::path::Path) -> Result<&'static Image, i32> {
    if mode != Mode::Interp {
        if let Err(why) = crate::runtime::aot::enable(rt().corlib, mode == Mode::Aot) {
            eprintln!("monoxide: {why}");
            return Err(1);
        }
    }
    rt().load_file(prog).map_err(|e| match e {
        LoadError::BadImage(why) if why.starts_with("refusing") => {
            eprintln!("monoxide: {why}");
            1
        }
        e => load_failure(&e),
    })
}

/// `monoxide aot`: compiles the program, the assemblies it references
/// (unless named in `interp_only`) and, into its cache, the corlib.
fn aot(prog: &std::path::Path, interp_only: &[String]) -> i32 {
    let img = match load(Mode::Interp, prog) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let mut images = vec![(img, prog.to_path_buf())];
    for rid in 1..=img.row_count(TableId::AssemblyRef) {
        if let Ok(r) = rt().load_reference(img, rid) {
            if !std::ptr::eq(r, rt().corlib) {
                if let Some(path) =
                    crate::runtime::find_assembly(r.dir.as_deref().unwrap_or(std::path::Path::new("")), &r.name)
                {
                    images.push((r, path));
                }
            }
        }
    }
    let skip = |name: &str| interp_only.iter().any(|n| n == name);
    if !skip(&rt().corlib.name) {
        match crate::codegen::ensure_corlib_image(rt().corlib) {
            Ok(Some(r)) => report(&r),
            Ok(None) => {}
            Err(e) => return load_failure(&e),
        }
    }
    for (img, path) in images {
        match crate::codegen::compile_image(img, &crate::codegen::image_path(&path), skip(&img.name)) {
            Ok(r) => report(&r),
            Err(e) => return load_failure(&e),
        }
    }
    0
}

fn report(r: &crate::codegen::Report) {
    eprintln!(
        "monoxide: compiled {} of {} methods (and {} generic instantiations) into {}",
        r.compiled,
        r.total,
        r.instantiations,
        r.out.display()
    );
    if !r.left.is_empty() {
        let why: Vec<String> = r.left.iter().take(4).map(|(w, n)| format!("{w} ({n})")).collect();
        eprintln!("monoxide:   left to the interpreter: {} (MONOXIDE_LOG=debug lists them)", why.join(", "));
    }
}

/// Reports the pending exception as unhandled; returns the exit code.
fn unhandled() -> i32 {
    let e = exception::take_pending();
    if !e.is_null() {
        exception::report_unhandled(e);
    }
    1
}

fn string_array(items: &[String]) -> Result<*mut u8, exception::Thrown> {
    let arr = object::new_array(rt().array_of(rt().wk().string, 0), items.len() as i64)?;
    for (i, s) in items.iter().enumerate() {
        // SAFETY: `arr` is a fresh string[] with `items.len()` elements.
        unsafe { *(arr.add(ARRAY_DATA_OFFSET + 8 * i) as *mut *mut u8) = object::new_string_from_str(s) };
    }
    Ok(arr)
}

fn entry_point(img: &'static Image) -> Result<&'static Method, LoadError> {
    let tok =
        img.pe().entry_point_token().ok_or_else(|| LoadError::BadImage("the assembly has no entry point".into()))?;
    if tok.table() != Some(TableId::MethodDef) {
        return Err(LoadError::BadImage("the entry point is not a method of this assembly".into()));
    }
    let m = resolve::method_token(img, tok, &GenericCtx::default())?;
    // Main is static, non-generic, takes nothing or a string[], and
    // returns void, int or uint.
    let sig = m.sig()?;
    let wk = rt().wk();
    let args_ok = match sig.params[..] {
        [] => true,
        [p] => p.elem.is_some_and(|e| std::ptr::eq(e, wk.string)) && p.kind == crate::types::class::Kind::SzArray,
        _ => false,
    };
    let ret_ok = [wk.void, wk.int32, wk.uint32].iter().any(|r| std::ptr::eq(*r, sig.ret));
    if !m.is_static() || sig.generic_params != 0 || m.class.is_generic_def() || !args_ok || !ret_ok {
        return Err(LoadError::BadImage(format!(
            "the entry point {}.{} is not a valid Main method",
            m.class.full_name(),
            m.name
        )));
    }
    Ok(m)
}

fn run(mode: Mode, prog: &std::path::Path, args: &[String]) -> i32 {
    let img = match load(mode, prog) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let mut command_line = vec![prog.display().to_string()];
    command_line.extend(args.iter().cloned());
    let _ = rt().command_line.set(command_line);
    let main = match entry_point(img) {
        Ok(m) => m,
        Err(e) => return load_failure(&e),
    };
    let result = (|| -> Result<i32, exception::Thrown> {
        object::run_cctor(main.class)?;
        let sig = main.sig().map_err(|e| exception::from_load_error(&e))?;
        let argv: Vec<Slot> = if sig.params.is_empty() { vec![] } else { vec![string_array(args)? as Slot] };
        let r = exec::invoke(main, &argv)?;
        Ok(if std::ptr::eq(sig.ret, rt().wk().void) { 0 } else { r as i32 })
    })();
    result.unwrap_or_else(|_| unhandled())
}

/// `test_<N>_...`: the expected result N.
fn expected_result(name: &str) -> Option<i64> {
    let rest = name.strip_prefix("test_")?;
    let (n, tail) = rest.split_once('_')?;
    (!tail.is_empty()).then_some(())?;
    n.parse().ok()
}

fn test(mode: Mode, prog: &std::path::Path, filter: Option<&str>) -> i32 {
    let img = match load(mode, prog) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let _ = rt().command_line.set(vec![prog.display().to_string()]);
    let (mut passed, mut failed) = (0, 0);
    for rid in 1..=img.row_count(TableId::TypeDef) {
        let Ok(class) = resolve::typedef_class(img, rid) else { continue };
        if class.is_generic_def() {
            continue;
        }
        let Ok(info) = class.info() else { continue };
        for &m in &info.methods {
            let Some(want) = expected_result(m.name) else { continue };
            if !m.is_static() || filter.is_some_and(|f| !m.name.contains(f)) {
                continue;
            }
            let Ok(sig) = m.sig() else { continue };
            if !sig.params.is_empty() || !std::ptr::eq(sig.ret, rt().wk().int32) {
                continue;
            }
            let outcome = object::run_cctor(class).and_then(|_| exec::invoke(m, &[]));
            match outcome {
                Ok(v) if v as i32 as i64 == want => passed += 1,
                Ok(v) => {
                    failed += 1;
                    icalls::flush_stdout();
                    println!("{}.{}: returned {}, expected {want}", class.full_name(), m.name, v as i32);
                }
                Err(_) => {
                    failed += 1;
                    let e = exception::take_pending();
                    let what = if e.is_null() {
                        "an exception".to_string()
                    } else {
                        object::to_string(e).unwrap_or_else(|_| {
                            exception::take_pending();
                            object::obj_class(e).full_name()
                        })
                    };
                    icalls::flush_stdout();
                    println!("{}.{}: threw {what}", class.full_name(), m.name);
                }
            }
        }
    }
    icalls::flush_stdout();
    println!("{passed} passed, {failed} failed");
    i32::from(failed > 0)
}
