//! The llvm-tests harness: every C# program under llvm-tests/ is compiled
//! with mcs, run under `mono` (the oracle) and under `monoxide` in every
//! mode, and the stdout and exit codes compared. Before an aot-mode run,
//! `monoxide aot` must have compiled some of the program's methods; an
//! llvmonly run must report (`--stats`) that it generated no code.
//!
//! Conventions in a program's first lines:
//! - `// args: a b c` passes arguments to Main;
//! - `// mcs: -unsafe` adds compiler flags;
//! - `// suite` marks a Mono-style test_N_ suite: it is also run with
//!   `monoxide test`, whose closing line must report as many passes as the
//!   program's own Main (under mono) and no failure.
//! - `// stats` runs monoxide with `--stats` and requires every dynamic
//!   method and every callback thunk to be freed by the end (see
//!   `all_freed`).
//! - `// native: name.c` compiles llvm-tests/native/name.c with `cc -shared
//!   -fPIC` into `libname.so` beside the program, where mono and monoxide
//!   both find it for `DllImport("name")`.
//!
//! Programs under llvm-tests/bad/ are not run: the bad-input checks below
//! build their inputs at run time and try each with `monoxide aot` and
//! in every mode. `LLVM_TESTS_FILTER=substr` selects tests.

mod common;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use common::{mcs, run_within};

/// Configurations every program runs in: (label, `monoxide run --mode`).
/// All but `interp` first compile with `monoxide aot` (after mono has run:
/// Mono would try to load `prog.exe.so` as its own AOT image). `mixed`
/// leaves some assemblies to the interpreter (`aot --interp-only`): the
/// libraries a program references, or else the corlib (with an empty
/// corlib cache), so compiled and interpreted code call each other.
const MODES: &[(&str, &str)] = &[("interp", "interp"), ("aot", "aot"), ("llvmonly", "llvmonly"), ("mixed", "aot")];
/// What `mixed` leaves to the interpreter in a program with no libraries of
/// its own: the corlib and the class libraries programs here use (with an
/// empty cache, they run interpreted).
const CLASS_LIBRARIES: &[&str] = &["mscorlib", "System", "System.Core"];
const TIMEOUT: Duration = Duration::from_secs(60);
const WORKERS: usize = 2;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn monoxide() -> PathBuf {
    std::env::var_os("MONOXIDE_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_monoxide")))
}

fn work_dir() -> PathBuf {
    let d = root().join("target").join("llvm-tests-tmp");
    std::fs::create_dir_all(&d).expect("create target/llvm-tests-tmp");
    d
}

/// Runs `cmd` with a time limit; None when it timed out (and was killed).
fn run_limited(cmd: &mut Command) -> Option<Output> {
    run_within(cmd, TIMEOUT)
}

struct Program {
    name: String,
    source: PathBuf,
    args: Vec<String>,
    mcs_flags: Vec<String>,
    /// C sources (in llvm-tests/native) of the program's own native libraries.
    natives: Vec<String>,
    suite: bool,
    stats: bool,
}

fn header_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().take(5).find_map(|l| l.trim().strip_prefix("//")?.trim().strip_prefix(key).map(str::trim))
}

fn collect(dir: &Path, out: &mut Vec<Program>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    // A directory's ARGS file gives arguments for programs that cannot carry
    // a header (verbatim copies of the benchmarks): `name arg...` per line.
    let sidecar = std::fs::read_to_string(dir.join("ARGS")).unwrap_or_default();
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "bad" || n == "lib") {
                continue;
            }
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "cs") {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            // Libraries of multi-assembly tests are built by their programs.
            if text.lines().take(3).any(|l| l.contains("Left to the interpreter")) {
                continue;
            }
            let rel = p.strip_prefix(root().join("llvm-tests")).unwrap_or(&p);
            let name = rel.with_extension("").display().to_string();
            out.push(Program {
                name,
                args: header_value(&text, "args:")
                    .or_else(|| {
                        let stem = p.file_stem()?.to_str()?;
                        sidecar.lines().find_map(|l| l.strip_prefix(stem)?.strip_prefix(' '))
                    })
                    .map(|a| a.split_whitespace().map(String::from).collect())
                    .unwrap_or_default(),
                mcs_flags: header_value(&text, "mcs:")
                    .map(|a| a.split_whitespace().map(String::from).collect())
                    .unwrap_or_default(),
                natives: header_value(&text, "native:")
                    .map(|a| a.split_whitespace().map(String::from).collect())
                    .unwrap_or_default(),
                suite: text.lines().take(5).any(|l| l.trim() == "// suite"),
                stats: text.lines().take(5).any(|l| l.trim() == "// stats"),
                source: p,
            });
        }
    }
}

fn unique_dir(name: &str) -> PathBuf {
    let mut h = DefaultHasher::new();
    name.hash(&mut h);
    let d = work_dir().join(format!("{}-{:x}", name.replace(['/', '\\'], "_"), h.finish()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create test dir");
    d
}

fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            out.push_str(&format!(
                "  line {}:\n    - {}\n    + {}\n",
                i + 1,
                x.unwrap_or(&"<none>"),
                y.unwrap_or(&"<none>")
            ));
            if out.lines().count() > 24 {
                out.push_str("  ...\n");
                break;
            }
        }
    }
    out
}

/// The closing `N passed, N failed` line of a suite run.
fn closing_counts(text: &str) -> Option<(u32, u32)> {
    let line = text.lines().rev().find(|l| l.contains(" passed, "))?;
    let mut it = line.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

/// Runs one program; returns (label, Ok or failure text) per check.
fn check_program(p: &Program) -> Vec<(String, Result<(), String>)> {
    let dir = unique_dir(&p.name);
    let exe = dir.join("prog.exe");
    // `-r:NAME.dll` in the flags: NAME.cs beside the program becomes that library.
    let mut flags = Vec::new();
    let mut libs = Vec::new();
    for f in &p.mcs_flags {
        match f.strip_prefix("-r:").and_then(|l| l.strip_suffix(".dll")) {
            Some(lib) => {
                libs.push(lib.to_string());
                let src = p.source.with_file_name(format!("{lib}.cs"));
                let out = dir.join(format!("{lib}.dll"));
                if let Err(e) = mcs(&[&src], &out, &[], "library") {
                    return vec![(p.name.clone(), Err(format!("mcs failed on {lib}.cs:\n{e}")))];
                }
                flags.push(format!("-r:{}", out.display()));
            }
            None => flags.push(f.clone()),
        }
    }
    for c in &p.natives {
        let (src, lib) =
            (root().join("llvm-tests/native").join(c), dir.join(format!("lib{}.so", c.trim_end_matches(".c"))));
        match Command::new("cc").args(["-shared", "-fPIC", "-O1", "-o"]).arg(&lib).arg(&src).output() {
            Ok(o) if o.status.success() => {}
            Ok(o) => {
                return vec![(
                    p.name.clone(),
                    Err(format!("cc failed on {c}:\n{}", String::from_utf8_lossy(&o.stderr))),
                )]
            }
            Err(e) => return vec![(p.name.clone(), Err(format!("cannot run cc: {e}")))],
        }
    }
    if let Err(e) = mcs(&[&p.source], &exe, &flags, "exe") {
        return vec![(p.name.clone(), Err(format!("mcs failed:\n{e}")))];
    }
    let Some(oracle) = run_limited(Command::new("mono").arg(&exe).args(&p.args)) else {
        return vec![(p.name.clone(), Err("mono timed out or could not run".into()))];
    };
    let want = String::from_utf8_lossy(&oracle.stdout).to_string();
    let want_code = oracle.status.code();
    let mut results = Vec::new();
    for &(config, mode) in MODES {
        let label = format!("{} [{config}]", p.name);
        // The environment and `aot` flags of this configuration.
        let setup = |c: &mut Command| {
            if config == "mixed" && libs.is_empty() {
                c.env("MONOXIDE_CACHE", dir.join("no-corlib-cache"));
            }
        };
        if mode != "interp" {
            let mut aot = Command::new(monoxide());
            aot.arg("aot");
            if config == "mixed" {
                let left = if libs.is_empty() {
                    CLASS_LIBRARIES.iter().map(|l| l.to_string()).collect()
                } else {
                    libs.clone()
                };
                for l in left {
                    aot.args(["--interp-only", &l]);
                }
            }
            setup(&mut aot);
            match run_limited(aot.arg(&exe)) {
                Some(o) if o.status.success() => {
                    if let Err(e) = compiled_something(&String::from_utf8_lossy(&o.stderr), &exe) {
                        results.push((label, Err(e)));
                        continue;
                    }
                }
                other => {
                    let why =
                        other.map(|o| String::from_utf8_lossy(&o.stderr).to_string()).unwrap_or("timed out".into());
                    results.push((label, Err(format!("monoxide aot failed: {why}"))));
                    continue;
                }
            }
        }
        // llvmonly runs report what they generated at run time: nothing.
        let stats: &[&str] = if p.stats || config == "llvmonly" { &["--stats"] } else { &[] };
        let mut run = Command::new(monoxide());
        setup(&mut run);
        let r = match run_limited(run.args(["run", "--mode", mode]).args(stats).arg(&exe).args(&p.args)) {
            None => Err("timed out".into()),
            Some(o) => {
                let got = String::from_utf8_lossy(&o.stdout).to_string();
                let stderr = String::from_utf8_lossy(&o.stderr);
                if o.status.code().is_none() || stderr.contains("panicked") || stderr.contains("internal error") {
                    Err(format!("crashed ({:?}):\n{stderr}", o.status))
                } else if got != want || o.status.code() != want_code {
                    Err(format!(
                        "exit code: mono {:?}, monoxide {:?}\n{}stderr:\n{}",
                        want_code,
                        o.status.code(),
                        diff(&want, &got),
                        stderr.lines().take(12).collect::<Vec<_>>().join("\n")
                    ))
                } else if config == "llvmonly" && !stderr.lines().any(|l| l == "run-time code generated: 0") {
                    Err(format!("an llvmonly run must generate no code:\n{stderr}"))
                } else if p.stats {
                    all_freed(&stderr)
                } else {
                    Ok(())
                }
            }
        };
        results.push((label, r));
        if p.suite {
            let label = format!("{} [test {config}]", p.name);
            let mut test = Command::new(monoxide());
            setup(&mut test);
            let r = match (closing_counts(&want), run_limited(test.args(["test", "--mode", mode]).arg(&exe))) {
                (None, _) => Err("the suite's Main does not print `N passed, N failed`".into()),
                (_, None) => Err("monoxide test timed out".into()),
                (Some((mono_pass, mono_fail)), Some(o)) => {
                    let got = String::from_utf8_lossy(&o.stdout).to_string();
                    match closing_counts(&got) {
                        Some((pass, 0)) if pass == mono_pass && mono_fail == 0 && pass > 0 && o.status.success() => {
                            Ok(())
                        }
                        c => Err(format!("mono: {mono_pass} passed, {mono_fail} failed; monoxide test: {c:?}\n{got}")),
                    }
                }
            };
            results.push((label, r));
        }
    }
    results
}

/// `monoxide aot`'s report: the program's own image compiled some of its
/// methods (every program here has methods the code generator supports,
/// so an image that compiled none means the compiler failed silently).
fn compiled_something(report: &str, exe: &Path) -> Result<(), String> {
    let image = format!("into {}.so", exe.display());
    let line = report
        .lines()
        .find(|l| l.contains("compiled ") && l.ends_with(&image))
        .ok_or_else(|| format!("monoxide aot did not report compiling {}:\n{report}", exe.display()))?;
    let mut numbers = line.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
    let compiled: u64 = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let total: u64 = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    if compiled == 0 || total == 0 {
        return Err(format!("the program's image compiled nothing: {line}"));
    }
    Ok(())
}

/// `--stats` output: every memory manager's live dynamic-method count and
/// the live callback thunks are back at zero (their values before the
/// program created any), and the program did create some.
fn all_freed(stderr: &str) -> Result<(), String> {
    let lines: Vec<&str> =
        stderr.lines().filter(|l| l.starts_with("dynamic methods [") || l.starts_with("callback thunks: ")).collect();
    let live = |l: &str| l.split("live ").nth(1)?.split_whitespace().next()?.parse::<u64>().ok();
    let peak = |l: &str| l.split("peak ").nth(1)?.split(|c: char| !c.is_ascii_digit()).next()?.parse::<u64>().ok();
    if lines.is_empty() || !lines.iter().any(|l| peak(l).is_some_and(|p| p > 0)) {
        return Err(format!("no dynamic-method or thunk statistics in stderr:\n{stderr}"));
    }
    match lines.iter().find(|l| live(l) != Some(0)) {
        Some(l) => Err(format!("still live at exit: {l}")),
        None => Ok(()),
    }
}

// ---- bad input ----------------------------------------------------------

/// A valid small assembly to corrupt, compiled once.
fn sample_assembly(dir: &Path) -> Vec<u8> {
    let src = dir.join("sample.cs");
    std::fs::write(&src, "class P { static int Main() { System.Console.WriteLine(\"hi\"); return 0; } }").unwrap();
    let exe = dir.join("sample.exe");
    mcs(&[&src], &exe, &[], "exe").expect("compile sample");
    std::fs::read(exe).unwrap()
}

/// The commands every bad input goes through: compiling it ahead of time,
/// and running it in each mode.
const BAD_INPUT_COMMANDS: &[&[&str]] = &[&["run"], &["aot"], &["run", "--mode", "aot"], &["run", "--mode", "llvmonly"]];

fn expect_bad_image(file: &Path) -> Result<(), String> {
    for args in BAD_INPUT_COMMANDS {
        let o = run_limited(Command::new(monoxide()).args(*args).arg(file)).ok_or(format!("{args:?}: timed out"))?;
        let out = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
        match o.status.code() {
            None => return Err(format!("{args:?}: killed by a signal: {out}")),
            Some(0) => return Err(format!("{args:?}: exit code 0 for a bad image: {out}")),
            Some(_) if out.contains("panicked") || out.contains("internal error") => {
                return Err(format!("{args:?}: panic: {out}"))
            }
            Some(_) if out.contains("System.BadImageFormatException:") => {}
            Some(c) => return Err(format!("{args:?}: exit {c} without BadImageFormatException: {out}")),
        }
    }
    Ok(())
}

/// A tiny deterministic generator for corrupt bytes.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn bad_input_checks() -> Vec<(String, Result<(), String>)> {
    let dir = unique_dir("bad-input");
    let sample = sample_assembly(&dir);
    let mut out = Vec::new();
    let mut case = |name: &str, bytes: &[u8]| {
        let f = dir.join(format!("{name}.exe"));
        std::fs::write(&f, bytes).unwrap();
        out.push((format!("bad/{name}"), expect_bad_image(&f)));
    };
    case("text", b"this is not an assembly\n");
    case("empty", b"");
    for cut in [2usize, 64, 200, 400, sample.len() / 2] {
        case(&format!("truncated-{cut}"), &sample[..cut.min(sample.len())]);
    }
    let mut rng = Lcg(42);
    let random: Vec<u8> = (0..4096).map(|_| rng.next() as u8).collect();
    case("random", &random);
    let mut mz = random.clone();
    mz[0] = b'M';
    mz[1] = b'Z';
    case("random-mz", &mz);
    // Corrupt the metadata root signature ("BSJB") and the CLI header size.
    if let Some(at) = sample.windows(4).position(|w| w == b"BSJB") {
        let mut m = sample.clone();
        m[at..at + 4].copy_from_slice(b"XXXX");
        case("metadata-signature", &m);
        let mut m = sample.clone();
        for b in &mut m[at + 12..at + 64] {
            *b = 0xff;
        }
        case("metadata-header", &m);
    }
    out
}

/// An AOT image from an earlier build of the program must be refused.
fn stale_image_check() -> (String, Result<(), String>) {
    let dir = unique_dir("stale-image");
    let r = (|| -> Result<(), String> {
        let src = dir.join("p.cs");
        let exe = dir.join("p.exe");
        std::fs::write(&src, "class P { static int Main() { return 3; } }").map_err(|e| e.to_string())?;
        mcs(&[&src], &exe, &[], "exe")?;
        let aot = run_limited(Command::new(monoxide()).arg("aot").arg(&exe)).ok_or("aot timed out")?;
        if !aot.status.success() {
            return Err(format!("aot failed: {}", String::from_utf8_lossy(&aot.stderr)));
        }
        let fresh =
            run_limited(Command::new(monoxide()).args(["run", "--mode", "aot"]).arg(&exe)).ok_or("timed out")?;
        if fresh.status.code() != Some(3) {
            return Err(format!("matching image: exit {:?}", fresh.status.code()));
        }
        // A rebuild gets a new module version id; the old image is stale.
        std::fs::write(&src, "class P { static int Main() { return 4; } }").map_err(|e| e.to_string())?;
        mcs(&[&src], &exe, &[], "exe")?;
        let o = run_limited(Command::new(monoxide()).args(["run", "--mode", "aot"]).arg(&exe)).ok_or("timed out")?;
        let err = String::from_utf8_lossy(&o.stderr);
        if o.status.success() || !err.contains("stale") {
            return Err(format!("stale image not refused: exit {:?}, {err}", o.status.code()));
        }
        Ok(())
    })();
    ("bad/stale_aot_image".into(), r)
}

/// `monoxide icalls PROG`: the program runs first, and every internal call
/// it reached is listed as implemented.
fn icalls_check() -> (String, Result<(), String>) {
    let dir = unique_dir("icalls");
    let r = (|| -> Result<(), String> {
        let src = dir.join("p.cs");
        let exe = dir.join("p.exe");
        std::fs::write(&src, "class P { static void Main() { System.Console.WriteLine(\"hi \" + 42); } }")
            .map_err(|e| e.to_string())?;
        mcs(&[&src], &exe, &[], "exe")?;
        let o = run_limited(Command::new(monoxide()).arg("icalls").arg(&exe)).ok_or("timed out")?;
        let out = String::from_utf8_lossy(&o.stdout);
        let last = out.lines().last().unwrap_or("");
        let counts: Vec<usize> = last.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
        let ok = o.status.success()
            && out.starts_with("hi 42\n")
            && matches!(counts[..], [declared, implemented, reached, 0]
                if reached > 0 && reached <= implemented && implemented <= declared);
        if !ok {
            return Err(format!("exit {:?}, closing line `{last}`", o.status.code()));
        }
        Ok(())
    })();
    ("cli/icalls".into(), r)
}

/// Patched IL and missing members, with their expected output.
fn invalid_program_checks() -> Vec<(String, Result<(), String>)> {
    let dir = unique_dir("invalid-il");
    let mut out = Vec::new();
    let src = root().join("llvm-tests/bad/invalid_il.cs");
    let exe = dir.join("prog.exe");
    let r = (|| -> Result<(), String> {
        mcs(&[&src], &exe, &[], "exe")?;
        let bytes = std::fs::read(&exe).map_err(|e| e.to_string())?;
        // `int x = 0x12345678;` compiles to ldc.i4 0x12345678 (20 78 56 34 12).
        let marker = [0x20u8, 0x78, 0x56, 0x34, 0x12];
        let at = bytes.windows(5).position(|w| w == marker).ok_or("marker not found")?;
        for (name, patch) in
            [("underflow", vec![0x26u8, 0x26, 0x26, 0x26, 0x26]), ("mid-branch", vec![0x2b, 0x01, 0x00, 0x00, 0x00])]
        {
            let mut b = bytes.clone();
            b[at..at + 5].copy_from_slice(&patch);
            let f = dir.join(format!("{name}.exe"));
            std::fs::write(&f, &b).map_err(|e| e.to_string())?;
            // The bad method stays with the interpreter in the compiled
            // modes, which raises the exception when it is called.
            let aot = run_limited(Command::new(monoxide()).arg("aot").arg(&f)).ok_or("aot timed out")?;
            if !aot.status.success() {
                return Err(format!("{name}: aot failed: {}", String::from_utf8_lossy(&aot.stderr)));
            }
            for mode in ["interp", "aot", "llvmonly"] {
                let o = run_limited(Command::new(monoxide()).args(["run", "--mode", mode]).arg(&f))
                    .ok_or(format!("{name} [{mode}]: timed out"))?;
                let got = String::from_utf8_lossy(&o.stdout);
                // The one stored expectation: Mono does not verify IL, so it cannot be the oracle here.
                if !got.contains("caught InvalidProgramException") || !o.status.success() {
                    return Err(format!("{name} [{mode}]: {got}{}", String::from_utf8_lossy(&o.stderr)));
                }
            }
        }
        Ok(())
    })();
    out.push(("bad/invalid_il".into(), r));
    // Dynamic methods with IL Mono does not verify (it runs or crashes on
    // it) and random instruction streams: a stored expectation, as above,
    // plus every method freed.
    let r = (|| -> Result<(), String> {
        let exe = dir.join("dynamic_il.exe");
        mcs(&[&root().join("llvm-tests/dynamic/invalid.cs")], &exe, &[], "exe")?;
        let aot = run_limited(Command::new(monoxide()).arg("aot").arg(&exe)).ok_or("aot timed out")?;
        if !aot.status.success() {
            return Err(format!("aot failed: {}", String::from_utf8_lossy(&aot.stderr)));
        }
        for mode in ["interp", "aot", "llvmonly"] {
            let o = run_limited(
                Command::new(monoxide()).args(["run", "--stats", "--mode", mode]).arg(&exe).arg("unverified"),
            )
            .ok_or(format!("[{mode}] timed out"))?;
            let got = String::from_utf8_lossy(&o.stdout);
            let rejected = got.lines().filter(|l| l.ends_with(": System.InvalidProgramException")).count();
            let fuzzed = got.contains("rejected, none crashed\n");
            if rejected != 12 || !fuzzed || !got.contains("ok_after_errors: 8\nran 13") || !o.status.success() {
                return Err(format!("[{mode}] {got}{}", String::from_utf8_lossy(&o.stderr)));
            }
            all_freed(&String::from_utf8_lossy(&o.stderr)).map_err(|e| format!("[{mode}] {e}"))?;
        }
        Ok(())
    })();
    out.push(("bad/dynamic_il".into(), r));
    // A member that exists when the program is compiled and is gone at run time.
    let r = (|| -> Result<(), String> {
        let lib_with = root().join("llvm-tests/bad/lib/missing_lib_v1.cs");
        let lib_without = root().join("llvm-tests/bad/lib/missing_lib_v2.cs");
        let prog = root().join("llvm-tests/bad/missing_member.cs");
        let lib = dir.join("missinglib.dll");
        mcs(&[&lib_with], &lib, &[], "library")?;
        let exe = dir.join("missing.exe");
        mcs(&[&prog], &exe, &[format!("-r:{}", lib.display())], "exe")?;
        mcs(&[&lib_without], &lib, &[], "library")?;
        let mono = run_limited(Command::new("mono").arg(&exe)).ok_or("mono timed out")?;
        let mx = run_limited(Command::new(monoxide()).arg("run").arg(&exe)).ok_or("monoxide timed out")?;
        let (mono_err, mx_err) = (String::from_utf8_lossy(&mono.stderr), String::from_utf8_lossy(&mx.stderr));
        let mono_out = String::from_utf8_lossy(&mono.stdout);
        let mx_out = String::from_utf8_lossy(&mx.stdout);
        if mono_out != mx_out || mono.status.code() != mx.status.code() {
            return Err(format!(
                "mono: {:?} {mono_out}\nmonoxide: {:?} {mx_out}{mx_err}",
                mono.status.code(),
                mx.status.code()
            ));
        }
        if !mono_err.contains("MissingMethodException")
            || !mx_err.contains("System.MissingMethodException")
            || !mx_err.contains("Gone")
        {
            return Err(format!("stderr should name MissingMethodException and the method:\n{mx_err}"));
        }
        // An image compiled against the old library is refused, as Mono
        // refuses AOT images built against other assembly versions.
        mcs(&[&lib_with], &lib, &[], "library")?;
        let aot = run_limited(Command::new(monoxide()).args(["aot", "--interp-only", "missinglib"]).arg(&exe));
        if !aot.as_ref().is_some_and(|o| o.status.success()) {
            return Err("monoxide aot failed".into());
        }
        mcs(&[&lib_without], &lib, &[], "library")?;
        let _ = std::fs::remove_file(dir.join("missinglib.dll.so"));
        let o = run_limited(Command::new(monoxide()).args(["run", "--mode", "aot"]).arg(&exe)).ok_or("timed out")?;
        let err = String::from_utf8_lossy(&o.stderr);
        if o.status.success() || !err.contains("stale") || !o.stdout.is_empty() {
            return Err(format!("aot mode: {:?} {}{err}", o.status.code(), String::from_utf8_lossy(&o.stdout)));
        }
        Ok(())
    })();
    out.push(("bad/missing_member".into(), r));
    out.push(("bad/missing_class".into(), missing_class_check(&dir)));
    out
}

/// A class whose base type is gone at run time: runs behave as under mono
/// (which meets it only inside a try), while `monoxide test` counts it as
/// a failure and `monoxide aot` reports it, both exiting with 1.
fn missing_class_check(dir: &Path) -> Result<(), String> {
    let lib = dir.join("missinglib.dll");
    let exe = dir.join("missing_class.exe");
    mcs(&[&root().join("llvm-tests/bad/lib/missing_lib_v1.cs")], &lib, &[], "library")?;
    mcs(&[&root().join("llvm-tests/bad/missing_class.cs")], &exe, &[format!("-r:{}", lib.display())], "exe")?;
    mcs(&[&root().join("llvm-tests/bad/lib/missing_lib_v2.cs")], &lib, &[], "library")?;
    let text = |o: &Output| String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    let mono = run_limited(Command::new("mono").arg(&exe)).ok_or("mono timed out")?;
    let test = run_limited(Command::new(monoxide()).arg("test").arg(&exe)).ok_or("monoxide test timed out")?;
    let (got, want) = (String::from_utf8_lossy(&test.stdout), "Broken: failed to load: System.TypeLoadException");
    if test.status.code() != Some(1) || !got.contains(want) || !got.ends_with("1 passed, 1 failed\n") {
        return Err(format!(
            "monoxide test: exit {:?}, want `{want}` and 1 failure:\n{}",
            test.status.code(),
            text(&test)
        ));
    }
    let aot = run_limited(Command::new(monoxide()).arg("aot").arg(&exe)).ok_or("monoxide aot timed out")?;
    if aot.status.code() != Some(1) || !text(&aot).contains("Broken failed to load: System.TypeLoadException") {
        return Err(format!("monoxide aot: exit {:?}, the class not reported:\n{}", aot.status.code(), text(&aot)));
    }
    compiled_something(&String::from_utf8_lossy(&aot.stderr), &exe)?;
    for mode in ["interp", "aot", "llvmonly"] {
        let o = run_limited(Command::new(monoxide()).args(["run", "--mode", mode]).arg(&exe)).ok_or("timed out")?;
        if o.stdout != mono.stdout || o.status.code() != mono.status.code() {
            return Err(format!(
                "[{mode}] mono: {:?} {}\nmonoxide: {:?} {}",
                mono.status.code(),
                text(&mono),
                o.status.code(),
                text(&o)
            ));
        }
    }
    Ok(())
}

fn main() {
    for tool in ["mcs", "mono"] {
        if Command::new(tool).arg("--version").output().is_err() {
            eprintln!("llvm-tests: `{tool}` is required (run ci/deps)");
            std::process::exit(2);
        }
    }
    let filter =
        std::env::var("LLVM_TESTS_FILTER").ok().or_else(|| std::env::args().skip(1).find(|a| !a.starts_with('-')));
    let mut programs = Vec::new();
    collect(&root().join("llvm-tests"), &mut programs);
    programs.retain(|p| filter.as_deref().is_none_or(|f| p.name.contains(f)));
    common::warm_images(&monoxide(), &unique_dir("corlib-image"), "llvm-tests");
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(String, Result<(), String>)>> = Mutex::new(Vec::new());
    let report = |batch: Vec<(String, Result<(), String>)>| {
        for (label, r) in &batch {
            match r {
                Ok(()) => println!("ok   {label}"),
                Err(e) => println!("FAIL {label}\n{e}"),
            }
        }
        results.lock().unwrap().extend(batch);
    };
    std::thread::scope(|s| {
        for _ in 0..WORKERS {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(p) = programs.get(i) else { break };
                report(check_program(p));
            });
        }
    });
    if filter.as_deref().is_none_or(|f| "bad".contains(f) || f.starts_with("bad")) {
        report(bad_input_checks());
        report(invalid_program_checks());
        report(vec![stale_image_check()]);
    }
    if filter.as_deref().is_none_or(|f| "cli/icalls".contains(f)) {
        report(vec![icalls_check()]);
    }
    let results = results.into_inner().unwrap();
    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    let passed = results.len() - failed;
    println!("{passed} passed, {failed} failed");
    std::process::exit(i32::from(failed > 0));
}
