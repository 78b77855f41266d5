//! The conformance runner: Mono's own runtime regression programs
//! (`mono/tests` of the installed mono's source package, which
//! `ci/conformance` fetches into target/conformance/src) are built by the
//! rules of Mono's own `tests/Makefile.am`, run under mono (the oracle)
//! and, where mono passes (exit code 0 within its limit), under monoxide in
//! each mode. A program passes in a mode when its stdout and exit code
//! equal mono's (the exit code alone when mono's stdout differs between
//! two runs). Prints a table by category, the failure classes, the class
//! library pieces monoxide was missing most often and the closing line
//! `N passed, N failed` (program-mode pairs); writes the same with a line
//! per program to OUT/results.md and each failure's log under OUT/logs/.
//!
//! Not part of `cargo test` (`test = false`): `ci/conformance` runs it
//! with `--tests DIR` (the unpacked mono/tests) and the user's options:
//! `--modes interp,aot,llvmonly`, `--workers N`, and name filters (a
//! program runs when its name contains one of them).

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use common::{mcs, run_within};
use regex::Regex;

const MONO_LIMIT: Duration = Duration::from_secs(10);
const RUN_LIMIT: Duration = Duration::from_secs(20);
/// `monoxide aot` compiles the program and its libraries with LLVM -O2.
const AOT_LIMIT: Duration = Duration::from_secs(120);
const MODES: &[&str] = &["interp", "aot", "llvmonly"];
/// The reference assemblies Mono's rules compile against.
const CLASS_DIR: &str = "/usr/lib/mono/4.5";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn monoxide() -> PathBuf {
    std::env::var_os("MONOXIDE_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_monoxide")))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

struct Options {
    tests: PathBuf,
    out: PathBuf,
    modes: Vec<&'static str>,
    workers: usize,
    filters: Vec<String>,
}

fn usage(why: &str) -> ! {
    eprintln!("conformance: {why}");
    eprintln!("usage: conformance --tests DIR [--out DIR] [--modes interp,aot,llvmonly] [--workers N] [FILTER...]");
    std::process::exit(2)
}

fn options() -> Options {
    let mut o = Options {
        tests: PathBuf::new(),
        out: root().join("target/conformance"),
        modes: MODES.to_vec(),
        workers: 2,
        filters: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&format!("{a} needs a value")));
        match a.as_str() {
            "--tests" => o.tests = PathBuf::from(value()),
            "--out" => o.out = PathBuf::from(value()),
            "--workers" => o.workers = value().parse().unwrap_or_else(|_| usage("--workers takes a number")),
            "--modes" => {
                let v = value();
                o.modes = MODES.iter().copied().filter(|m| v.split(',').any(|x| x == *m)).collect();
                if o.modes.len() != v.split(',').count() {
                    usage(&format!("--modes takes a list of {}", MODES.join(",")));
                }
            }
            _ if a.starts_with('-') => usage(&format!("unknown option {a}")),
            _ => o.filters.push(a),
        }
    }
    if !o.tests.join("Makefile.am").is_file() {
        usage("--tests must name the mono/tests directory of Mono's sources (ci/conformance fetches them)");
    }
    o.workers = o.workers.max(1);
    o
}

// ---- building ------------------------------------------------------------

/// The automake conditionals true on this host; every other one is false.
fn host_conditions() -> &'static [&'static str] {
    match std::env::consts::ARCH {
        "x86_64" => &["AMD64", "HOST_LINUX", "MONO_ARCH_GSHAREDVT_SUPPORTED"],
        "aarch64" => &["ARM64", "HOST_LINUX"],
        _ => &["HOST_LINUX"],
    }
}

/// Mono's Makefile.am as a plain GNU makefile: automake's `if`, `else`
/// and `endif` decided for this host, and the `include` of the configured
/// build tree's common rules dropped.
fn plain_makefile(am: &str) -> String {
    // (lines active where the `if` stands, its condition's branch now)
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let active = |stack: &[(bool, bool)]| stack.last().is_none_or(|&(outer, branch)| outer && branch);
    let mut out = String::new();
    for line in am.lines() {
        // Automake's words stand at the start of a line; recipes are indented.
        let word = if line.starts_with(char::is_whitespace) { "" } else { line.split(' ').next().unwrap_or("") };
        if word == "if" {
            let cond = line.split_whitespace().nth(1).unwrap_or("");
            let (negated, name) = cond.strip_prefix('!').map_or((false, cond), |n| (true, n));
            let on = active(&stack);
            stack.push((on, host_conditions().contains(&name) != negated));
        } else if word == "else" {
            if let Some(top) = stack.last_mut() {
                top.1 = !top.1;
            }
        } else if word == "endif" {
            stack.pop();
        } else if word != "include" && active(&stack) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// What the configured build tree would provide: the native library of the
/// P/Invoke tests (against the system's glib rather than Mono's eglib) and
/// the list of programs Mono's `make check` runs (`runtest`: C#, IL and
/// benchmarks; the generic-sharing and tailcall suites).
const MAKE_ADDITIONS: &str = r#"
libtest.la: libtest.c
	cc -shared -fPIC -O1 -I../../inc $$(pkg-config --cflags glib-2.0 gmodule-2.0) libtest.c -o libtest.so $$(pkg-config --libs glib-2.0 gmodule-2.0)
	touch $@

conformance-programs:
	@echo $(TESTS_CS_SRC:.cs=.exe) $(TESTS_IL_SRC:.il=.exe) $(TESTS_BENCH_SRC:.cs=.exe) $(TESTS_GSHARED_SRC:.cs=.exe) $(TESTS_TAILCALL_RUN)
"#;

/// Runs Mono's rules in `dir` (the copy of mono/tests) for `targets`.
fn make(dir: &Path, jobs: usize, targets: &[String]) -> Output {
    Command::new("make")
        .current_dir(dir)
        .args(["-f", "conformance.mk", "-k", &format!("-j{jobs}")])
        // Mono's MCS and ILASM run its own build of the compilers; ours
        // are the installed ones.
        .args(["TOOLS_RUNTIME=", "CSC=mcs", "ILASM=ilasm", "srcdir=.", "Q=", "MKDIR_P=mkdir -p"])
        // What configure sets on Linux: without it the rules that make
        // AOT images would read as `%.exe: %.exe`.
        .arg("PLATFORM_AOT_SUFFIX=.so")
        .arg(format!("CLASS={CLASS_DIR}"))
        .args(targets)
        .output()
        .unwrap_or_else(|e| usage(&format!("cannot run make: {e}")))
}

/// A copy of the parts of Mono's sources the rules use (the tests, the
/// test driver in mono/mini, the utility headers libtest.c includes), so
/// that building and running leave the fetched sources as they are.
/// Returns the copy of mono/tests; an existing copy is kept, which lets
/// make skip what it built before.
fn build_tree(opts: &Options) -> PathBuf {
    let mono = opts.tests.parent().unwrap_or(Path::new("/"));
    let source_root = mono.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned());
    let build = opts.out.join("build").join(source_root.unwrap_or_else(|| "mono".into()));
    let tests = build.join("mono/tests");
    if !tests.join("conformance.mk").is_file() {
        let _ = std::fs::remove_dir_all(&build);
        std::fs::create_dir_all(build.join("mono")).expect("create the build tree");
        std::fs::create_dir_all(build.join("inc")).expect("create the build tree");
        for part in ["tests", "mini", "utils"] {
            let ok = Command::new("cp").arg("-a").arg(mono.join(part)).arg(build.join("mono")).status();
            if !ok.is_ok_and(|s| s.success()) {
                usage(&format!("cannot copy {}", mono.join(part).display()));
            }
        }
        // libtest.c includes the configured tree's config.h, and calls
        // one function of Mono's eglib that glib lacks.
        let config = "#include <stdint.h>\n#define g_assertf(x, ...) g_assert (x)\n";
        std::fs::write(build.join("inc/config.h"), config).expect("write config.h");
        let am = std::fs::read_to_string(tests.join("Makefile.am")).expect("read Makefile.am");
        std::fs::write(tests.join("conformance.mk"), plain_makefile(&am) + MAKE_ADDITIONS).expect("write the makefile");
    }
    tests
}

struct Program {
    /// The path of the program's assembly in mono/tests, without `.exe`.
    name: String,
    category: &'static str,
    source: String,
}

/// The programs Mono's rules list, selected by the filters.
fn programs(dir: &Path, filters: &[String]) -> Vec<Program> {
    let listed = make(dir, 1, &["conformance-programs".into()]);
    let mut names: Vec<String> = text(&listed.stdout)
        .split_whitespace()
        .filter_map(|e| e.strip_suffix(".exe"))
        .filter(|n| filters.is_empty() || filters.iter().any(|f| n.contains(f.as_str())))
        .map(String::from)
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let source = ["cs", "il"]
                .iter()
                .find_map(|ext| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).ok())
                .unwrap_or_default();
            Program { category: category(&name, &source), name, source }
        })
        .collect()
}

/// Builds the programs (make -k, in parallel); returns why each one that
/// is missing afterwards failed, from a run of make for it alone.
fn build(dir: &Path, progs: &[Program], workers: usize) -> HashMap<String, String> {
    let mut targets = vec!["TestDriver.dll".to_string(), "libtest.la".to_string()];
    targets.extend(progs.iter().map(|p| format!("{}.exe", p.name)));
    let all = make(dir, workers, &targets);
    let _ = std::fs::write(dir.join("conformance-build.log"), [all.stdout, all.stderr].concat());
    let mut failed = HashMap::new();
    for p in progs {
        let exe = format!("{}.exe", p.name);
        if dir.join(&exe).is_file() {
            continue;
        }
        let o = make(dir, 1, &[exe]);
        let log = text(&o.stdout) + &text(&o.stderr);
        let why = log
            .lines()
            .find(|l| {
                (l.to_lowercase().contains("error") && !l.starts_with("Compilation failed")) || l.contains("No rule")
            })
            .or_else(|| log.lines().rev().find(|l| !l.trim().is_empty()))
            .unwrap_or("make failed");
        failed.insert(p.name.clone(), why.trim().to_string());
    }
    failed
}

/// AOT images of an earlier run: mono would load `X.exe.so` as its own.
fn remove_images(dir: &Path) {
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let n = e.file_name().to_string_lossy();
        if n.ends_with(".exe.so") || n.ends_with(".dll.so") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

// ---- categories and skips ------------------------------------------------

/// Categories by keywords of the program's name, first match wins.
const NAME_CATEGORIES: &[(&str, &[&str])] = &[
    ("tailcall", &["tail"]),
    ("bench", &["fib", "random", "nested-loops", "ackermann", "tight-loop", "sieve"]),
    ("appdomain", &["appdomain", "domain", "unload"]),
    ("remoting", &["remoting", "marshalbyref", "transparentproxy", "context"]),
    ("marshal/pinvoke", &["pinvoke", "marshal", "thunks", "cominterop", "winx64", "handleref", "safehandle", "vararg"]),
    ("threads", &["thread", "monitor", "interlocked", "async", "mutex", "sleep", "synchronized", "abort", "priority"]),
    ("gc", &["gc", "finaliz", "weak", "sgen", "desweak", "handle"]),
    ("exceptions", &["exception", "exc", "finally", "filter", "fault", "catch", "throw", "unhandled", "stack"]),
    ("generics", &["generic", "gshared", "gsharing", "variance"]),
    ("interfaces", &["iface", "interface", "dim-", "imt"]),
    ("delegates", &["delegate", "ldftn", "calli"]),
    ("emit", &["dynamic", "emit"]),
    (
        "reflection",
        &[
            "reflection",
            "cattr",
            "custom-attr",
            "typeof",
            "ldtoken",
            "assembly",
            "resolve",
            "loader",
            "module",
            "reference",
            "property",
            "invoke",
            "access",
            "event",
        ],
    ),
    ("verifier/IL", &["invalid", "verif", "newobj", "ldfld", "typeload", "bad", "ldelema", "constraint", "token"]),
    (
        "arithmetic",
        &[
            "decimal",
            "float",
            "double",
            "checked",
            "shift",
            "long",
            "ckfinite",
            "bitconverter",
            "conv",
            "arith",
            "division",
            "inctest",
            "intptr",
            "char",
            "math",
        ],
    ),
    ("arrays", &["array"]),
    ("strings", &["string"]),
    ("value types", &["valuetype", "vtype", "vt-", "struct", "box", "nullable", "enum", "pack", "sizeof"]),
    ("static init", &["cctor", "classinit", "static-constructor", "init"]),
];

/// For names that say nothing (`bug-81673`): what the source mentions,
/// in this order of precedence.
const SOURCE_CATEGORIES: &[(&str, &[&str])] = &[
    ("marshal/pinvoke", &["DllImport", "pinvokeimpl"]),
    ("appdomain", &["AppDomain"]),
    ("threads", &["Thread"]),
    ("emit", &["Reflection.Emit"]),
    ("reflection", &["System.Reflection", "GetType", "typeof"]),
    ("delegates", &["delegate"]),
    ("exceptions", &["catch", "throw"]),
    ("generics", &["<T>", "`1"]),
];

fn category(name: &str, source: &str) -> &'static str {
    let lower = name.to_lowercase();
    let found = |table: &'static [(&'static str, &[&str])], hay: &str| {
        table.iter().find(|(_, words)| words.iter().any(|w| hay.contains(w))).map(|(c, _)| *c)
    };
    found(NAME_CATEGORIES, &lower).or_else(|| found(SOURCE_CATEGORIES, source)).unwrap_or("other")
}

/// `tests/conformance.skip`: programs not run under monoxide because they
/// test what it deliberately does not have, by a regex over the source
/// (`source REGEX | reason`) or by name (`name NAME | reason`).
fn skip_rules() -> Vec<(Result<Regex, String>, String)> {
    let path = root().join("tests/conformance.skip");
    let rules = std::fs::read_to_string(&path).unwrap_or_else(|e| usage(&format!("{}: {e}", path.display())));
    rules
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (rule, reason) = l.split_once(" | ").unwrap_or_else(|| usage(&format!("bad skip rule: {l}")));
            let matcher = match rule.split_once(' ') {
                Some(("source", re)) => Ok(Regex::new(re.trim()).unwrap_or_else(|e| usage(&format!("{l}: {e}")))),
                Some(("name", n)) => Err(n.trim().to_string()),
                _ => usage(&format!("bad skip rule: {l}")),
            };
            (matcher, reason.trim().to_string())
        })
        .collect()
}

fn skip_reason<'a>(p: &Program, rules: &'a [(Result<Regex, String>, String)]) -> Option<&'a str> {
    rules
        .iter()
        .find(|(m, _)| match m {
            Ok(re) => re.is_match(&p.source),
            Err(name) => *name == p.name,
        })
        .map(|(_, why)| why.as_str())
}

// ---- running -------------------------------------------------------------

/// Runs one program's command in mono/tests, where Mono's runner runs it
/// (programs open files beside them) and where libtest.so is found, in a
/// process group of its own: `run_within` ends the processes it starts.
fn command(dir: &Path, program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(dir).env("LD_LIBRARY_PATH", dir).process_group(0);
    c
}

/// Mono's run of a program, and whether its stdout differs on a second
/// run (asked only when monoxide's differs from the first).
struct Oracle {
    stdout: Vec<u8>,
    code: Option<i32>,
    varies: OnceLock<bool>,
}

fn mono(dir: &Path, p: &Program) -> Option<Output> {
    run_within(command(dir, "mono").arg(format!("{}.exe", p.name)), MONO_LIMIT)
}

#[derive(Clone)]
enum Outcome {
    /// `exit_code_only`: mono's stdout differs between runs.
    Pass {
        exit_code_only: bool,
    },
    Fail {
        class: String,
        detail: String,
        missing: Vec<String>,
    },
}

/// What a failed run names as missing from the class library or runtime,
/// from the messages of monoxide's load errors.
fn missing_pieces(output: &str) -> Vec<String> {
    static PATTERNS: OnceLock<Vec<(Regex, &str)>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            (r"Could not load type '([^']+)'", "type"),
            (r"Method not found: (?:\S+ )?([^ (]+\([^)]*\))", "method"),
            (r"Method not found: ([^ (]+)$", "method"),
            (r"Field not found: (\S+)", "field"),
            (r"No implementation found for (.+)", "internal call"),
            (r"Could not load file or assembly '([^']+)'", "assembly"),
        ]
        .into_iter()
        .map(|(re, what)| (Regex::new(&format!("(?m){re}")).expect("pattern"), what))
        .collect()
    });
    let mut out: Vec<String> = patterns
        .iter()
        .flat_map(|(re, what)| re.captures_iter(output).map(move |c| piece(what, c[1].trim_end_matches(['.', ' ']))))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// How a missing piece is listed: the runtime's part of asynchronous
/// delegate calls is one piece, whatever each program names its delegate.
fn piece(what: &str, name: &str) -> String {
    let method = name.split('(').next().unwrap_or(name);
    match method.rsplit('.').next() {
        Some(m @ ("BeginInvoke" | "EndInvoke")) if what == "internal call" => format!("{what} (delegate).{m}"),
        _ => format!("{what} {name}"),
    }
}

/// The type of the unhandled exception a run reports on stderr, if any.
fn unhandled(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines().skip_while(|l| !l.starts_with("Unhandled Exception"));
    let line = lines.nth(1)?;
    let ty = line.split(':').next()?.trim();
    (!ty.is_empty() && !ty.contains(' ')).then(|| ty.rsplit('.').next().unwrap_or(ty).to_string())
}

fn fail(class: &str, detail: String, missing: Vec<String>) -> Outcome {
    Outcome::Fail { class: class.to_string(), detail, missing }
}

/// Judges one monoxide run against mono's.
fn judge(dir: &Path, p: &Program, oracle: &Oracle, run: Option<Output>) -> Outcome {
    let Some(o) = run else { return fail("timeout", format!("killed after {}s", RUN_LIMIT.as_secs()), vec![]) };
    let (stdout, stderr) = (text(&o.stdout), text(&o.stderr));
    let missing = missing_pieces(&format!("{stdout}\n{stderr}"));
    let code = o.status.code();
    let log = || {
        let diff = similar::TextDiff::from_lines(&text(&oracle.stdout), &stdout)
            .unified_diff()
            .context_radius(2)
            .header("mono", "monoxide")
            .to_string();
        let stderr: String = stderr.lines().take(60).map(|l| format!("{l}\n")).collect();
        format!("exit code: mono {:?}, monoxide {:?}\n{diff}\nstderr:\n{stderr}", oracle.code, code)
    };
    if let Some(sig) = o.status.signal() {
        return fail("crash", format!("signal {sig}\n{}", log()), missing);
    }
    // A panic exits with 134 after this line (a program may return 134).
    if stderr.contains("monoxide: internal error") {
        return fail("crash", log(), missing);
    }
    let exit_code_only = o.stdout != oracle.stdout;
    let same_out = !exit_code_only
        || *oracle.varies.get_or_init(|| mono(dir, p).is_some_and(|again| again.stdout != oracle.stdout));
    if same_out && code == oracle.code {
        return Outcome::Pass { exit_code_only };
    }
    let class =
        unhandled(&stderr).unwrap_or_else(|| (if same_out { "wrong exit code" } else { "wrong output" }).into());
    fail(&class, log(), missing)
}

/// Runs `p` in each mode: `monoxide aot` once before the compiled modes
/// (after every mono run: mono would take its images for its own).
fn run_modes(dir: &Path, p: &Program, oracle: &Oracle, modes: &[&str]) -> Vec<Outcome> {
    let exe = format!("{}.exe", p.name);
    let mut compiled: Option<Result<(), Outcome>> = None;
    let mut out = Vec::new();
    for &mode in modes {
        if mode != "interp" {
            let aot = compiled.get_or_insert_with(|| {
                let o = run_within(command(dir, monoxide()).arg("aot").arg(&exe), AOT_LIMIT);
                // An image is written even when a class fails to load (exit
                // 1); the runs then show what that costs.
                match o {
                    Some(_) if dir.join(format!("{exe}.so")).is_file() => Ok(()),
                    Some(o) => Err(fail("aot failed", text(&o.stderr), missing_pieces(&text(&o.stderr)))),
                    None => Err(fail("aot failed", "monoxide aot timed out".into(), vec![])),
                }
            });
            if let Err(f) = aot {
                out.push(f.clone());
                continue;
            }
        }
        let run = run_within(command(dir, monoxide()).args(["run", "--mode", mode]).arg(&exe), RUN_LIMIT);
        out.push(judge(dir, p, oracle, run));
    }
    out
}

/// Applies `f` to every item on `workers` threads; results in item order.
fn parallel<T: Sync, R: Send>(items: &[T], workers: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                results.lock().unwrap()[i] = Some(r);
            });
        }
    });
    results.into_inner().unwrap().into_iter().map(|r| r.expect("every item ran")).collect()
}

// ---- results -------------------------------------------------------------

enum Verdict {
    NotBuilt(String),
    Skipped(String),
    MonoFailed(String),
    Ran(Vec<Outcome>),
}

fn short(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Pass { exit_code_only: false } => "pass",
        Outcome::Pass { exit_code_only: true } => "pass (exit code: mono's stdout varies)",
        Outcome::Fail { class, .. } => class,
    }
}

struct Report {
    modes: Vec<&'static str>,
    rows: Vec<(&'static str, String, Verdict)>,
}

impl Report {
    /// Per category: programs, not built, skipped, failing on mono, run,
    /// and passes per mode; the last row is the total.
    fn by_category(&self) -> Vec<(String, Vec<usize>)> {
        let mut table: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let width = 5 + self.modes.len();
        for (cat, _, v) in &self.rows {
            for key in [*cat, "total"] {
                let row = table.entry(key).or_insert_with(|| vec![0; width]);
                row[0] += 1;
                match v {
                    Verdict::NotBuilt(_) => row[1] += 1,
                    Verdict::Skipped(_) => row[2] += 1,
                    Verdict::MonoFailed(_) => row[3] += 1,
                    Verdict::Ran(outcomes) => {
                        row[4] += 1;
                        for (i, o) in outcomes.iter().enumerate() {
                            row[5 + i] += usize::from(matches!(o, Outcome::Pass { .. }));
                        }
                    }
                }
            }
        }
        let total = table.remove("total");
        table.into_iter().map(|(k, v)| (k.to_string(), v)).chain(total.map(|t| ("total".to_string(), t))).collect()
    }

    fn header(&self) -> Vec<String> {
        let mut h: Vec<String> =
            ["category", "programs", "not built", "skipped", "fail on mono", "run"].map(String::from).to_vec();
        h.extend(self.modes.iter().map(|m| m.to_string()));
        h
    }

    /// Failure classes: class -> count per mode, most frequent first.
    fn failure_classes(&self) -> Vec<(String, Vec<usize>)> {
        let mut counts: HashMap<&str, Vec<usize>> = HashMap::new();
        for (_, _, v) in &self.rows {
            if let Verdict::Ran(outcomes) = v {
                for (i, o) in outcomes.iter().enumerate() {
                    if let Outcome::Fail { class, .. } = o {
                        counts.entry(class).or_insert_with(|| vec![0; self.modes.len()])[i] += 1;
                    }
                }
            }
        }
        let mut v: Vec<(String, Vec<usize>)> = counts.into_iter().map(|(k, c)| (k.to_string(), c)).collect();
        v.sort_by(|a, b| b.1.iter().sum::<usize>().cmp(&a.1.iter().sum()).then(a.0.cmp(&b.0)));
        v
    }

    /// What failed runs named as missing, by how many programs named it.
    fn missing(&self) -> Vec<(String, usize)> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (_, _, v) in &self.rows {
            if let Verdict::Ran(outcomes) = v {
                let mut names: Vec<&str> = outcomes
                    .iter()
                    .flat_map(|o| match o {
                        Outcome::Fail { missing, .. } => missing.iter().map(String::as_str).collect(),
                        Outcome::Pass { .. } => vec![],
                    })
                    .collect();
                names.sort();
                names.dedup();
                for n in names {
                    *counts.entry(n).or_default() += 1;
                }
            }
        }
        let mut v: Vec<(String, usize)> = counts.into_iter().map(|(k, c)| (k.to_string(), c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    fn passed_failed(&self) -> (usize, usize) {
        let ran = self.rows.iter().flat_map(|(_, _, v)| match v {
            Verdict::Ran(o) => o.as_slice(),
            _ => &[],
        });
        let (pass, fail): (Vec<&Outcome>, Vec<&Outcome>) = ran.partition(|o| matches!(o, Outcome::Pass { .. }));
        (pass.len(), fail.len())
    }
}

/// A table in columns for the terminal.
fn columns(header: &[String], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].len()).chain([header[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let _ = if i == 0 { write!(s, "{c:<w$}", w = widths[i]) } else { write!(s, "  {c:>w$}", w = widths[i]) };
        }
        s + "\n"
    };
    std::iter::once(line(header)).chain(rows.iter().map(|r| line(r))).collect()
}

fn markdown(header: &[String], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    // Columns of numbers align right.
    let numeric = |i: usize| !rows.is_empty() && rows.iter().all(|r| r[i].parse::<usize>().is_ok());
    let rule: Vec<String> = (0..header.len()).map(|i| if numeric(i) { "---:" } else { "---" }.into()).collect();
    [line(header), line(&rule)].concat() + &rows.iter().map(|r| line(r)).collect::<String>()
}

fn summary(report: &Report, console: bool) -> String {
    let table = |h: &[String], r: &[Vec<String>]| if console { columns(h, r) } else { markdown(h, r) };
    let cats: Vec<Vec<String>> = report
        .by_category()
        .into_iter()
        .map(|(c, n)| std::iter::once(c).chain(n.iter().map(|x| x.to_string())).collect())
        .collect();
    let classes: Vec<Vec<String>> = report
        .failure_classes()
        .into_iter()
        .map(|(c, n)| std::iter::once(c).chain(n.iter().map(|x| x.to_string())).collect())
        .collect();
    let mut class_header = vec!["failure class".to_string()];
    class_header.extend(report.modes.iter().map(|m| m.to_string()));
    let top = if console { 20 } else { 60 };
    let missing: Vec<Vec<String>> =
        report.missing().into_iter().take(top).map(|(m, n)| vec![m, n.to_string()]).collect();
    let missing_header = vec!["missing (named by failed runs)".to_string(), "programs".to_string()];
    let title = |t: &str| if console { format!("\n{t}\n") } else { format!("\n## {t}\n\n") };
    [
        title("By category (runs that pass, per mode)"),
        table(&report.header(), &cats),
        title("Failure classes"),
        table(&class_header, &classes),
        title(&format!("Most frequent missing types and methods (top {top})")),
        table(&missing_header, &missing),
    ]
    .concat()
}

fn results_md(report: &Report, opts: &Options, wall: Duration, tests: &Path) -> String {
    let mono_version = Command::new("mono").arg("--version").output().map(|o| text(&o.stdout)).unwrap_or_default();
    let mut s = format!(
        "# Mono's runtime tests under monoxide\n\n{}, tests from `{}`; modes: {}; wall time {}m{:02}s.\n\
         A program passes in a mode when stdout and exit code equal mono's; it runs under monoxide \
         when mono passes it (exit 0 within {} s) and it is not skipped (tests/conformance.skip).\n",
        mono_version.lines().next().unwrap_or("mono"),
        tests.display(),
        opts.modes.join(", "),
        wall.as_secs() / 60,
        wall.as_secs() % 60,
        MONO_LIMIT.as_secs()
    );
    s += &summary(report, false);
    s += "\n## Programs\n\nLogs of failures: `logs/NAME.MODE.log`.\n\n";
    let mut header = vec!["program".to_string(), "category".to_string()];
    header.extend(report.modes.iter().map(|m| m.to_string()));
    let ran: Vec<Vec<String>> = report
        .rows
        .iter()
        .filter_map(|(cat, name, v)| match v {
            Verdict::Ran(o) => Some(
                [name.clone(), cat.to_string()].into_iter().chain(o.iter().map(|x| short(x).to_string())).collect(),
            ),
            _ => None,
        })
        .collect();
    s += &markdown(&header, &ran);
    for (title, pick) in [
        ("Skipped (what monoxide deliberately does not have)", 0),
        ("Not built (Mono's rule failed here)", 1),
        ("Failing under mono (not run under monoxide)", 2),
    ] {
        let rows: Vec<Vec<String>> = report
            .rows
            .iter()
            .filter_map(|(cat, name, v)| match (v, pick) {
                (Verdict::Skipped(r), 0) | (Verdict::NotBuilt(r), 1) | (Verdict::MonoFailed(r), 2) => {
                    Some(vec![name.clone(), cat.to_string(), r.replace('|', "\\|")])
                }
                _ => None,
            })
            .collect();
        s += &format!("\n## {title}: {}\n\n", rows.len());
        s += &markdown(&["program", "category", "reason"].map(String::from), &rows);
    }
    s
}

fn main() {
    let opts = options();
    let start = Instant::now();
    for tool in ["mono", "mcs", "ilasm", "make"] {
        if Command::new("which").arg(tool).output().map_or(true, |o| !o.status.success()) {
            usage(&format!("`{tool}` is required (run ci/deps)"));
        }
    }
    let dir = build_tree(&opts);
    let progs = programs(&dir, &opts.filters);
    println!("conformance: {} programs; building them with Mono's rules", progs.len());
    let not_built = build(&dir, &progs, opts.workers);
    remove_images(&dir);
    let rules = skip_rules();
    let verdicts: Vec<Option<Verdict>> = progs
        .iter()
        .map(|p| match (not_built.get(&p.name), skip_reason(p, &rules)) {
            (Some(why), _) => Some(Verdict::NotBuilt(why.clone())),
            (None, Some(why)) => Some(Verdict::Skipped(why.to_string())),
            (None, None) => None,
        })
        .collect();
    let to_run: Vec<&Program> = progs.iter().zip(&verdicts).filter(|(_, v)| v.is_none()).map(|(p, _)| p).collect();
    println!("conformance: running {} programs under mono", to_run.len());
    let oracles = parallel(&to_run, opts.workers, |p| match mono(&dir, p) {
        None => Err(format!("timed out after {} s", MONO_LIMIT.as_secs())),
        Some(o) if o.status.code() == Some(0) => {
            Ok(Oracle { stdout: o.stdout, code: Some(0), varies: OnceLock::new() })
        }
        Some(o) => {
            let why = o
                .status
                .code()
                .map_or_else(|| format!("signal {}", o.status.signal().unwrap_or(0)), |c| format!("exit {c}"));
            let err = text(&o.stderr);
            // The exception of an unhandled one, else the first line.
            let mut lines = err.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
            let first = match lines.peek() {
                Some(&l) if l.starts_with("Unhandled Exception") => lines.nth(1).unwrap_or(l),
                l => l.copied().unwrap_or(""),
            };
            Err(format!("{why} {}", first.chars().take(120).collect::<String>()).trim().to_string())
        }
    });
    let passing: Vec<(&Program, &Oracle)> =
        to_run.iter().zip(&oracles).filter_map(|(p, o)| o.as_ref().ok().map(|o| (*p, o))).collect();
    if opts.modes.iter().any(|m| *m != "interp") {
        common::warm_images(&monoxide(), &opts.out.join("warm"), "conformance");
    }
    println!("conformance: {} pass under mono; running them under monoxide ({})", passing.len(), opts.modes.join(", "));
    let logs = opts.out.join("logs");
    let _ = std::fs::remove_dir_all(&logs);
    std::fs::create_dir_all(&logs).expect("create the logs directory");
    let done = AtomicUsize::new(0);
    let outcomes = parallel(&passing, opts.workers, |(p, oracle)| {
        let outcomes = run_modes(&dir, p, oracle, &opts.modes);
        let mut line = format!("[{}/{}] {}:", done.fetch_add(1, Ordering::SeqCst) + 1, passing.len(), p.name);
        for (mode, o) in opts.modes.iter().zip(&outcomes) {
            line += &format!(" {mode} {}", short(o));
            if let Outcome::Fail { detail, .. } = o {
                let _ = std::fs::write(logs.join(format!("{}.{mode}.log", p.name.replace('/', "_"))), detail);
            }
        }
        println!("{line}");
        outcomes
    });
    // Every program's verdict, in name order.
    let (mut mono_results, mut runs) = (oracles.into_iter(), outcomes.into_iter());
    let rows = progs
        .iter()
        .zip(verdicts)
        .map(|(p, v)| {
            let v = v.unwrap_or_else(|| match mono_results.next().expect("a mono result per program run") {
                Err(why) => Verdict::MonoFailed(why),
                Ok(_) => Verdict::Ran(runs.next().expect("outcomes per program passing mono")),
            });
            (p.category, p.name.clone(), v)
        })
        .collect();
    let report = Report { modes: opts.modes.clone(), rows };
    print!("{}", summary(&report, true));
    let results = opts.out.join("results.md");
    let _ = std::fs::write(&results, results_md(&report, &opts, start.elapsed(), &opts.tests));
    let (passed, failed) = report.passed_failed();
    println!("\nconformance: details in {}; wall time {} s", results.display(), start.elapsed().as_secs());
    println!("{passed} passed, {failed} failed");
    std::process::exit(i32::from(failed > 0));
}
