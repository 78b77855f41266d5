//! The mutation fuzzer: seeded, deterministic, on stable Rust.
//!
//! A few small llvm-tests programs are compiled with mcs at run time; each
//! input is one of them with a list of mutations applied (bit flips, byte
//! replacements, truncations, metadata table columns, stream headers, and
//! method bodies replaced by random instruction streams), run through
//! `monoxide run` and, for a share, `monoxide aot` then `run --mode
//! llvmonly`, each with a time limit, in a child forked by a fork server
//! (see `Server`). A crash is death by a signal, a Rust
//! panic message, an exit code >= 128 that mono does not give too, or a hang
//! past the limit that mono does not share (mutated code may loop forever).
//!
//! Inputs are described as text (`source NAME`, then one mutation a line),
//! so a crash is stored under llvm-tests/bad/fuzz/ as the recipe that
//! rebuilds it, never as a binary; every stored recipe is replayed first.
//!
//! `cargo test --release` runs the fast slice (fixed seed); `ci/fuzz`
//! passes `--inputs N --seed S` for long campaigns. The closing line is
//! `fuzz: N inputs, N crashes, N hangs`; the run fails if either is not 0.

mod common;

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use cildec::tables::columns_of;
use cildec::{ColumnKind, Metadata, PeImage, TableId, Token};
use common::{mcs, run_within};

/// Programs mutated: small, covering nesting, generics, inheritance,
/// interfaces and exception clauses.
const SOURCES: &[&str] =
    &["objects/nested_generic_basics", "objects/inheritance", "objects/interfaces", "exceptions/basic_try"];
const DEFAULT_INPUTS: usize = 2000;
const DEFAULT_SEED: u64 = 0x6d6f_6e6f_7869_6465;
const WORKERS: usize = 2;
/// One input in this many also goes through `monoxide aot` and llvmonly.
const AOT_EVERY: usize = 40;
/// Limits on monoxide's CPU time (see `serve`).
const RUN_LIMIT: Duration = Duration::from_secs(2);
/// A run past RUN_LIMIT that mono finishes is tried again with this one;
/// also mono's own wall-clock limit.
const RETRY_LIMIT: Duration = Duration::from_secs(10);
/// The fork server's wall-clock limit, in multiples of the CPU-time one.
const WALL_FACTOR: u32 = 10;
const AOT_LIMIT: Duration = Duration::from_secs(60);
/// CPU time for compiling the corlib's image (`warm_corlib_image`).
const WARM_LIMIT: Duration = Duration::from_secs(3600);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A worker's fork server: this test binary started again with `--server`.
/// It never starts the runtime itself; for each run it forks, and the child
/// runs `monoxide::cli::main_from` with the run's arguments. A fork costs a
/// fraction of what starting the monoxide binary does (the dynamic loader
/// relocates libLLVM at every exec), and the child is the same code the
/// binary runs, whose `main` only calls `cli::main`.
struct Server {
    child: Child,
    requests: ChildStdin,
    replies: BufReader<ChildStdout>,
}

impl Server {
    fn start() -> Server {
        let exe = std::env::current_exe().expect("the fuzzer's own path");
        let mut child = Command::new(exe)
            .arg("--server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the fork server");
        let requests = child.stdin.take().expect("piped stdin");
        let replies = BufReader::new(child.stdout.take().expect("piped stdout"));
        Server { child, requests, replies }
    }

    /// `monoxide ARGS` in a forked child, its output captured under `dir`;
    /// None when it was killed at `limit`.
    fn run(&mut self, dir: &Path, args: &[&OsStr], limit: Duration) -> Option<Output> {
        let (out, err) = (dir.join("stdout"), dir.join("stderr"));
        let mut line = format!("{}\t{}\t{}", limit.as_millis(), out.display(), err.display());
        for a in args {
            line.push('\t');
            line.push_str(&a.to_string_lossy());
        }
        line.push('\n');
        self.requests.write_all(line.as_bytes()).and_then(|_| self.requests.flush()).expect("fork server gone");
        let mut reply = String::new();
        self.replies.read_line(&mut reply).expect("fork server gone");
        let status = reply.trim().parse::<i32>().ok().map(ExitStatus::from_raw)?;
        // The CPU-time limit's kill (see `serve`).
        if status.signal() == Some(libc::SIGKILL) {
            return None;
        }
        let read = |p: &Path| std::fs::read(p).unwrap_or_default();
        Some(Output { status, stdout: read(&out), stderr: read(&err) })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fork server's loop: one request a line (`LIMIT_MS OUT ERR ARGS...`,
/// tab-separated), one reply a line (the raw wait status, or `timeout`).
/// The limit is on the child's CPU time (the kernel kills it past it: a
/// hard limit, as the collector takes SIGXCPU for itself), so a
/// loaded machine, or a campaign run at low priority, is not taken for a
/// hang; a wall-clock limit `WALL_FACTOR` times longer catches a child
/// that waits forever.
fn serve() -> ! {
    // SIGCHLD stays blocked here so that sigtimedwait can wait for it with
    // a deadline; the child unblocks it before it runs anything.
    // SAFETY: sigset_t is plain data, initialised by sigemptyset before use.
    let mut chld: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: `chld` is a valid sigset_t owned by this frame.
    unsafe {
        libc::sigemptyset(&mut chld);
        libc::sigaddset(&mut chld, libc::SIGCHLD);
        libc::sigprocmask(libc::SIG_BLOCK, &chld, std::ptr::null_mut());
    }
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let mut fields = line.split('\t');
        let limit = Duration::from_millis(fields.next().and_then(|l| l.parse().ok()).unwrap_or(5000));
        let (Some(out), Some(err)) = (fields.next(), fields.next()) else { break };
        let args: Vec<OsString> = std::iter::once("monoxide").chain(fields).map(OsString::from).collect();
        let files = [(out, 1), (err, 2)].map(|(p, fd)| (std::fs::File::create(p).expect("create an output file"), fd));
        let null = std::fs::File::open("/dev/null").expect("open /dev/null");
        // SAFETY: this process is single-threaded (the loop never starts a
        // thread), so the child inherits no lock held by another thread.
        let pid = unsafe { libc::fork() };
        if pid == 0 {
            let cpu = limit.as_secs().max(1) as libc::rlim_t;
            let rl = libc::rlimit { rlim_cur: cpu, rlim_max: cpu };
            // SAFETY: the descriptors are open files of this process; the
            // set is the valid `chld` above; `rl` is a valid rlimit.
            unsafe {
                libc::setrlimit(libc::RLIMIT_CPU, &rl);
                libc::dup2(null.as_raw_fd(), 0);
                for (f, fd) in &files {
                    libc::dup2(f.as_raw_fd(), *fd);
                }
                libc::sigprocmask(libc::SIG_UNBLOCK, &chld, std::ptr::null_mut());
            }
            let code = monoxide::cli::main_from(args);
            let _ = std::io::stdout().flush();
            // SAFETY: output is flushed; skipping the exit handlers (LLVM's
            // static destructors fault in pages for a quarter of a short
            // run) changes nothing the fuzzer judges.
            unsafe { libc::_exit(code) };
        }
        drop(files);
        let reply = if pid < 0 { "0".to_string() } else { wait_within(pid, &chld, limit * WALL_FACTOR) };
        if writeln!(stdout, "{reply}").and_then(|_| stdout.flush()).is_err() {
            break;
        }
    }
    std::process::exit(0);
}

/// Reaps child `pid`, killing it at `limit`: its raw wait status, or
/// `timeout`.
fn wait_within(pid: libc::pid_t, chld: &libc::sigset_t, limit: Duration) -> String {
    let deadline = Instant::now() + limit;
    loop {
        let mut status = 0;
        // SAFETY: `status` is a valid out-pointer; `pid` is our child.
        if unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) } == pid {
            return status.to_string();
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            // SAFETY: as above; the child is killed, then reaped.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, &mut status, 0);
            }
            return "timeout".to_string();
        }
        let ts =
            libc::timespec { tv_sec: left.as_secs() as libc::time_t, tv_nsec: left.subsec_nanos() as libc::c_long };
        // SAFETY: `chld` and `ts` are valid; no siginfo is asked for.
        unsafe { libc::sigtimedwait(chld, std::ptr::null_mut(), &ts) };
    }
}

/// splitmix64: small, seedable, and the same everywhere.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// One edit of an assembly. Structured edits name what they change, so a
/// recipe survives a compiler that lays the file out differently.
#[derive(Clone, Debug, PartialEq)]
enum Mutation {
    Flip {
        at: usize,
        bit: u8,
    },
    Byte {
        at: usize,
        val: u8,
    },
    Truncate {
        len: usize,
    },
    /// Column `col` of row `row` of a metadata table set to `val`.
    Column {
        table: TableId,
        row: u32,
        col: usize,
        val: u32,
    },
    /// The offset (`size` false) or size field of the `index`th stream header.
    Stream {
        index: usize,
        size: bool,
        val: u32,
    },
    /// The code of method `method` replaced by instructions drawn from `seed`.
    Body {
        method: u32,
        seed: u64,
    },
}

impl std::fmt::Display for Mutation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mutation::Flip { at, bit } => write!(f, "flip {at} {bit}"),
            Mutation::Byte { at, val } => write!(f, "byte {at} {val}"),
            Mutation::Truncate { len } => write!(f, "truncate {len}"),
            Mutation::Column { table, row, col, val } => write!(f, "column {} {row} {col} {val:#x}", table.name()),
            Mutation::Stream { index, size, val } => {
                write!(f, "stream {index} {} {val:#x}", if *size { "size" } else { "offset" })
            }
            Mutation::Body { method, seed } => write!(f, "body {method} {seed:#x}"),
        }
    }
}

fn parse_num(s: &str) -> Option<u64> {
    match s.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

impl Mutation {
    fn parse(line: &str) -> Option<Mutation> {
        let w: Vec<&str> = line.split_whitespace().collect();
        let n = |i: usize| w.get(i).and_then(|s| parse_num(s));
        Some(match *w.first()? {
            "flip" => Mutation::Flip { at: n(1)? as usize, bit: n(2)? as u8 },
            "byte" => Mutation::Byte { at: n(1)? as usize, val: n(2)? as u8 },
            "truncate" => Mutation::Truncate { len: n(1)? as usize },
            "column" => Mutation::Column {
                table: *TableId::ALL.iter().find(|t| Some(&t.name()) == w.get(1))?,
                row: n(2)? as u32,
                col: n(3)? as usize,
                val: n(4)? as u32,
            },
            "stream" => Mutation::Stream { index: n(1)? as usize, size: *w.get(2)? == "size", val: n(3)? as u32 },
            "body" => Mutation::Body { method: n(1)? as u32, seed: n(2)? },
            _ => return None,
        })
    }

    /// Applies the edit; structured edits that no longer find their target
    /// (the file was damaged by an earlier edit) do nothing.
    fn apply(&self, b: &mut Vec<u8>) {
        match *self {
            Mutation::Flip { at, bit } => {
                if let Some(x) = b.get_mut(at) {
                    *x ^= 1 << (bit & 7);
                }
            }
            Mutation::Byte { at, val } => {
                if let Some(x) = b.get_mut(at) {
                    *x = val;
                }
            }
            Mutation::Truncate { len } => b.truncate(len),
            Mutation::Column { table, row, col, val } => {
                if let Some((at, width)) = column_at(b, table, row, col) {
                    b[at..at + width].copy_from_slice(&val.to_le_bytes()[..width]);
                }
            }
            Mutation::Stream { index, size, val } => {
                if let Some(at) = stream_header_at(b, index) {
                    let at = at + if size { 4 } else { 0 };
                    b[at..at + 4].copy_from_slice(&val.to_le_bytes());
                }
            }
            Mutation::Body { method, seed } => {
                if let Some((code, len, tokens)) = body_at(b, method) {
                    let il = random_il(&mut Rng(seed), len, &tokens);
                    b[code..code + len].copy_from_slice(&il);
                }
            }
        }
    }
}

/// Offset of `inner` within `outer` (both views of the same file).
fn offset_in(outer: &[u8], inner: &[u8]) -> usize {
    inner.as_ptr() as usize - outer.as_ptr() as usize
}

fn metadata(b: &[u8]) -> Option<(PeImage<'_>, Metadata<'_>)> {
    let pe = PeImage::parse(b).ok()?;
    let md = pe.metadata().ok()?;
    Some((pe, md))
}

/// File offset and width of one table column.
fn column_at(b: &[u8], table: TableId, row: u32, col: usize) -> Option<(usize, usize)> {
    let (_, md) = metadata(b)?;
    let tables = md.tables();
    let layout = tables.layout(table);
    if col >= layout.column_count as usize {
        return None;
    }
    let bytes = tables.row_bytes(table, row).ok()?;
    Some((offset_in(b, bytes) + layout.column_offsets[col] as usize, layout.column_widths[col] as usize))
}

/// File offset of a stream header (its offset field; the size follows).
fn stream_header_at(b: &[u8], index: usize) -> Option<usize> {
    let (_, md) = metadata(b)?;
    let s = md.streams().get(index)?;
    offset_in(b, s.name_bytes).checked_sub(8)
}

/// The code of a method body (offset, length) and tokens worth naming.
fn body_at(b: &[u8], method: u32) -> Option<(usize, usize, Vec<u32>)> {
    let (pe, md) = metadata(b)?;
    let tables = md.tables();
    let row = tables.row::<cildec::tables::MethodDefRow>(method).ok()?;
    let at = pe.rva_to_offset(row.rva)?;
    let head = *b.get(at)?;
    let (code, len) = match head & 3 {
        2 => (at + 1, (head >> 2) as usize),
        3 => {
            let flags = u16::from_le_bytes([head, *b.get(at + 1)?]);
            let len = u32::from_le_bytes(b.get(at + 4..at + 8)?.try_into().ok()?) as usize;
            (at + 4 * (flags >> 12) as usize, len)
        }
        _ => return None,
    };
    if code.checked_add(len)? > b.len() {
        return None;
    }
    let mut tokens = Vec::new();
    for t in [
        TableId::TypeRef,
        TableId::TypeDef,
        TableId::Field,
        TableId::MethodDef,
        TableId::MemberRef,
        TableId::TypeSpec,
        TableId::MethodSpec,
        TableId::StandAloneSig,
    ] {
        for rid in 1..=tables.row_count(t) {
            tokens.push(Token::new(t, rid).0);
        }
    }
    let us = md.stream("#US").map_or(1, |s| s.size.max(1));
    for _ in 0..8 {
        tokens.push(0x7000_0000 | (method.wrapping_mul(2654435761) % us));
    }
    Some((code, len, tokens))
}

/// Operand shapes of the generated instructions.
#[derive(Clone, Copy)]
enum Operand {
    None,
    I8,
    I32,
    R4,
    R8,
    Br8,
    Br32,
    Tok,
    Var16,
    Switch,
}

/// Opcodes the body generator draws from: stack, arithmetic, branches,
/// calls, fields, arrays, objects, exceptions. Left out by design: what
/// dereferences raw addresses (ldind/stind, ldobj/stobj, initobj, cpblk,
/// localloc, calli) and whatever makes one (native-int and int64
/// conversions, ldlen, ldc.i8), because unverifiable code may crash on
/// such addresses in Mono too; and jmp, arglist, refany and cpobj, which
/// are being reworked elsewhere.
const OPS: &[(u16, Operand)] = {
    use Operand::*;
    &[
        (0x00, None),
        (0x02, None),
        (0x03, None),
        (0x04, None),
        (0x05, None),
        (0x06, None),
        (0x07, None),
        (0x08, None),
        (0x09, None),
        (0x0a, None),
        (0x0b, None),
        (0x0c, None),
        (0x0d, None),
        (0x0e, I8),
        (0x0f, I8),
        (0x10, I8),
        (0x11, I8),
        (0x12, I8),
        (0x13, I8),
        (0x14, None),
        (0x15, None),
        (0x16, None),
        (0x17, None),
        (0x18, None),
        (0x1f, I8),
        (0x20, I32),
        (0x22, R4),
        (0x23, R8),
        (0x25, None),
        (0x26, None),
        (0x28, Tok),
        (0x2a, None),
        (0x2b, Br8),
        (0x2c, Br8),
        (0x2d, Br8),
        (0x2e, Br8),
        (0x2f, Br8),
        (0x32, Br8),
        (0x37, Br8),
        (0x38, Br32),
        (0x39, Br32),
        (0x3b, Br32),
        (0x45, Switch),
        (0x58, None),
        (0x59, None),
        (0x5a, None),
        (0x5b, None),
        (0x5d, None),
        (0x5f, None),
        (0x62, None),
        (0x63, None),
        (0x65, None),
        (0x66, None),
        (0x67, None),
        (0x68, None),
        (0x69, None),
        (0x6b, None),
        (0x6c, None),
        (0x6d, None),
        (0x6f, Tok),
        (0x72, Tok),
        (0x73, Tok),
        (0x74, Tok),
        (0x75, Tok),
        (0x79, Tok),
        (0x7a, None),
        (0x7b, Tok),
        (0x7c, Tok),
        (0x7d, Tok),
        (0x7e, Tok),
        (0x7f, Tok),
        (0x80, Tok),
        (0x8c, Tok),
        (0x8d, Tok),
        (0x8f, Tok),
        (0x94, None),
        (0x9a, None),
        (0x9e, None),
        (0xa2, None),
        (0xa3, Tok),
        (0xa4, Tok),
        (0xa5, Tok),
        (0xb3, None),
        (0xb5, None),
        (0xc3, None),
        (0xd0, Tok),
        (0xd6, None),
        (0xd8, None),
        (0xda, None),
        (0xdc, None),
        (0xdd, Br32),
        (0xde, Br8),
        (0xfe01, None),
        (0xfe02, None),
        (0xfe04, None),
        (0xfe06, Tok),
        (0xfe07, Tok),
        (0xfe09, Var16),
        (0xfe0c, Var16),
        (0xfe0e, Var16),
        (0xfe11, None),
        (0xfe16, Tok),
        (0xfe1a, None),
        (0xfe1c, Tok),
    ]
};

/// `len` bytes of instructions: mostly well formed, with operands that are
/// sometimes wrong (branch targets anywhere nearby, tokens of any table,
/// variable numbers past the end); a last partial instruction becomes nops.
fn random_il(rng: &mut Rng, len: usize, tokens: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    loop {
        let (op, operand) = *rng.pick(OPS);
        let mut ins = Vec::new();
        if op > 0xff {
            ins.extend_from_slice(&[0xfe, op as u8]);
        } else {
            ins.push(op as u8);
        }
        let near = |rng: &mut Rng| rng.below(2 * len + 8) as i64 - len as i64 - 4;
        match operand {
            Operand::None => {}
            Operand::I8 => ins.push(if rng.below(4) == 0 { rng.next() as u8 } else { rng.below(4) as u8 }),
            Operand::I32 => ins.extend_from_slice(&(rng.next() as i32 % 1000).to_le_bytes()),
            Operand::R4 => ins.extend_from_slice(&(rng.below(100) as f32 / 3.0).to_le_bytes()),
            Operand::R8 => ins.extend_from_slice(&(rng.below(100) as f64 / 7.0).to_le_bytes()),
            Operand::Br8 => ins.push(near(rng) as i8 as u8),
            Operand::Br32 => ins.extend_from_slice(&(near(rng) as i32).to_le_bytes()),
            Operand::Tok => {
                let t = if rng.below(8) == 0 || tokens.is_empty() { rng.next() as u32 } else { *rng.pick(tokens) };
                ins.extend_from_slice(&t.to_le_bytes());
            }
            Operand::Var16 => ins.extend_from_slice(&(rng.below(6) as u16).to_le_bytes()),
            Operand::Switch => {
                let n = rng.below(4) as u32;
                ins.extend_from_slice(&n.to_le_bytes());
                for _ in 0..n {
                    ins.extend_from_slice(&(near(rng) as i32).to_le_bytes());
                }
            }
        }
        if out.len() + ins.len() > len {
            out.resize(len, 0);
            return out;
        }
        out.extend_from_slice(&ins);
    }
}

/// Draws the mutations of one input.
fn draw(rng: &mut Rng, b: &[u8]) -> Vec<Mutation> {
    let Some((pe, md)) = metadata(b) else { return vec![Mutation::Flip { at: rng.below(b.len()), bit: 0 }] };
    let tables = md.tables();
    let present: Vec<TableId> = TableId::ALL.iter().copied().filter(|&t| tables.row_count(t) > 0).collect();
    let methods = tables.row_count(TableId::MethodDef);
    let meta_start = offset_in(b, md.bytes());
    let meta_len = md.bytes().len();
    let mut out = Vec::new();
    let count = 1 + rng.below(3);
    for _ in 0..count {
        let m = match rng.below(100) {
            0..=14 => Mutation::Flip { at: rng.below(b.len()), bit: rng.below(8) as u8 },
            // Most of the file is headers and code; aim half the byte
            // edits at the metadata, where the loader's work is.
            15..=24 => Mutation::Byte { at: rng.below(b.len()), val: *rng.pick(&[0, 0xff, 0x7f, 0x80, 1]) },
            25..=34 => Mutation::Byte { at: meta_start + rng.below(meta_len), val: rng.next() as u8 },
            35..=38 => Mutation::Truncate { len: rng.below(b.len()) },
            39..=42 => Mutation::Stream {
                index: rng.below(md.streams().len()),
                size: rng.below(2) == 0,
                val: {
                    let inside = rng.below(meta_len) as u32 & !3;
                    *rng.pick(&[0, 1, 0xffff_fff0, 0x7fff_ffff, meta_len as u32, inside])
                },
            },
            43..=74 => {
                // Self-references and cycles are the interesting rows: a type
                // extending or nesting itself, an interface implementing itself.
                let cyclic = [TableId::TypeDef, TableId::NestedClass, TableId::InterfaceImpl, TableId::GenericParam];
                let table = if rng.below(2) == 0 { *rng.pick(&cyclic) } else { *rng.pick(&present) };
                let rows = tables.row_count(table);
                if rows == 0 {
                    continue;
                }
                let row = 1 + rng.below(rows as usize) as u32;
                let cols = columns_of(table);
                let col = rng.below(cols.len());
                let val = column_value(rng, &md, cols[col], table, row);
                Mutation::Column { table, row, col, val }
            }
            _ => {
                let entry = pe.entry_point_token().map_or(1, |t| t.rid());
                let method = if rng.below(2) == 0 { entry } else { 1 + rng.below(methods as usize) as u32 };
                Mutation::Body { method, seed: rng.next() }
            }
        };
        out.push(m);
    }
    out
}

/// A value for a column: a row of any table the column may name (often
/// the row itself, to make cycles), heap offsets near and past the end,
/// or extremes.
fn column_value(rng: &mut Rng, md: &Metadata<'_>, kind: ColumnKind, table: TableId, row: u32) -> u32 {
    let tables = md.tables();
    let rid = |rng: &mut Rng, t: TableId| {
        if t == table && rng.below(2) == 0 {
            row
        } else {
            rng.below(tables.row_count(t) as usize + 2) as u32
        }
    };
    let heap = |name: &str| md.stream(name).map_or(0, |s| s.size);
    match kind {
        ColumnKind::Rid(t) => rid(rng, t),
        ColumnKind::Coded(c) => {
            let targets: Vec<TableId> = c.tables().iter().flatten().copied().collect();
            let t = if targets.contains(&table) && rng.below(2) == 0 { table } else { *rng.pick(&targets) };
            let r = rid(rng, t);
            c.encode(Token::new(t, r)).unwrap_or(r)
        }
        ColumnKind::String | ColumnKind::Blob | ColumnKind::Guid => {
            let size = heap(match kind {
                ColumnKind::String => "#Strings",
                ColumnKind::Blob => "#Blob",
                _ => "#GUID",
            });
            let inside = rng.below(size as usize + 1) as u32;
            *rng.pick(&[0, size.saturating_sub(1), size, size + 1, inside, 0xffff])
        }
        ColumnKind::U16 | ColumnKind::U32 => {
            let any = rng.next() as u32;
            *rng.pick(&[0, 1, 0xffff, 0x7fff_ffff, 0xffff_ffff, any])
        }
    }
}

/// How one run ended.
enum Verdict {
    Fine,
    Crash(String),
    Hang,
}

/// Judges one monoxide run; `mono` answers how mono itself ends on the
/// same file (asked only when needed): an exit code, or None for a hang.
/// Runs `monoxide ARGS` and judges it against mono; a run past RUN_LIMIT
/// that mono finishes is given RETRY_LIMIT.
fn judge_run(
    run: &mut impl FnMut(&[&str], Duration) -> Option<Output>,
    args: &[&str],
    mono: &dyn Fn() -> Option<Option<i32>>,
) -> Verdict {
    match run(args, RUN_LIMIT) {
        None if matches!(mono(), Some(Some(_))) => judge(run(args, RETRY_LIMIT), mono),
        o => judge(o, mono),
    }
}

fn judge(o: Option<std::process::Output>, mono: &dyn Fn() -> Option<Option<i32>>) -> Verdict {
    let Some(o) = o else {
        return match mono() {
            None | Some(None) => Verdict::Fine,
            Some(Some(_)) => Verdict::Hang,
        };
    };
    let err = String::from_utf8_lossy(&o.stderr);
    let tail: String = err.lines().rev().take(6).collect::<Vec<_>>().join(" | ");
    if let Some(sig) = o.status.signal() {
        return Verdict::Crash(format!("signal {sig}: {tail}"));
    }
    if err.contains("panicked") || err.contains("internal error") {
        return Verdict::Crash(format!("panic: {tail}"));
    }
    match o.status.code() {
        Some(c) if c >= 128 && mono() != Some(Some(c)) => Verdict::Crash(format!("exit {c}: {tail}")),
        _ => Verdict::Fine,
    }
}

struct Input {
    source: String,
    mutations: Vec<Mutation>,
}

impl Input {
    fn recipe(&self) -> String {
        let mut s = format!("source {}\n", self.source);
        for m in &self.mutations {
            s.push_str(&format!("{m}\n"));
        }
        s
    }
}

struct Ctx {
    dir: PathBuf,
    seeds: Vec<(String, Vec<u8>)>,
}

impl Ctx {
    fn bytes(&self, input: &Input) -> Option<Vec<u8>> {
        let mut b = self.seeds.iter().find(|(n, _)| *n == input.source)?.1.clone();
        for m in &input.mutations {
            m.apply(&mut b);
        }
        Some(b)
    }

    /// Runs one input in its own directory (AOT images land beside it).
    fn check(&self, srv: &mut Server, id: &str, input: &Input, aot: bool) -> Verdict {
        let Some(bytes) = self.bytes(input) else { return Verdict::Crash(format!("unknown source {}", input.source)) };
        let dir = self.dir.join(id);
        let _ = std::fs::remove_dir_all(&dir);
        if std::fs::create_dir_all(&dir).is_err() {
            return Verdict::Crash("cannot create the input's directory".into());
        }
        let exe = dir.join("input.exe");
        if std::fs::write(&exe, &bytes).is_err() {
            return Verdict::Crash("cannot write the input".into());
        }
        // Mono writes crash reports to its working directory: the input's.
        let mono_end = std::cell::OnceCell::new();
        let mono = || {
            *mono_end.get_or_init(|| {
                run_within(Command::new("mono").arg(&exe).current_dir(&dir), RETRY_LIMIT).map(|o| o.status.code())
            })
        };
        let exe = exe.as_os_str();
        let mut run = |args: &[&str], limit| {
            let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
            all.push(exe);
            srv.run(&dir, &all, limit)
        };
        let mut v = judge_run(&mut run, &["run"], &mono);
        if aot && matches!(v, Verdict::Fine) {
            let o = run(&["aot"], AOT_LIMIT);
            // An image is written even when classes fail to load (exit 1).
            let compiled = o.is_some() && dir.join("input.exe.so").is_file();
            // A compiler that gives up on a bad file with a message is fine.
            v = judge(o, &|| Some(Some(1)));
            if compiled && matches!(v, Verdict::Fine) {
                v = judge_run(&mut run, &["run", "--mode", "llvmonly"], &mono);
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        v
    }
}

/// Stored regression recipes: `llvm-tests/bad/fuzz/*.txt`.
fn regressions() -> Vec<(String, Input)> {
    let dir = root().join("llvm-tests/bad/fuzz");
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    paths.iter().map(|p| read_recipe(p)).collect()
}

/// A recipe file: `source NAME`, then one mutation a line; `#` comments.
fn read_recipe(p: &Path) -> (String, Input) {
    let text = std::fs::read_to_string(p).unwrap_or_default();
    let mut source = String::new();
    let mut mutations = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        match line.strip_prefix("source ") {
            Some(s) => source = s.trim().to_string(),
            None => match Mutation::parse(line) {
                Some(m) => mutations.push(m),
                None => {
                    eprintln!("fuzz: {}: unreadable line `{line}`", p.display());
                    std::process::exit(2);
                }
            },
        }
    }
    let name = p.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    (name, Input { source, mutations })
}

/// Drops mutations that the failure does not need, one at a time.
fn minimize(ctx: &Ctx, srv: &mut Server, id: &str, input: Input, aot: bool) -> Input {
    let mut cur = input;
    let mut i = 0;
    while i < cur.mutations.len() && cur.mutations.len() > 1 {
        let mut fewer = cur.mutations.clone();
        fewer.remove(i);
        let trial = Input { source: cur.source.clone(), mutations: fewer };
        if matches!(ctx.check(srv, id, &trial, aot), Verdict::Fine) {
            i += 1;
        } else {
            cur = trial;
        }
    }
    cur
}

/// Compiles the corlib's image once, through a fork server, before the
/// inputs' aot runs would each start compiling it within their limits
/// (minutes for Mono's mscorlib). Through the server: its children are
/// this binary, whose identity names the image cache, not monoxide's.
fn warm_corlib_image(ctx: &Ctx, srv: &mut Server) {
    let dir = ctx.dir.join("warm");
    let exe = dir.join("seed.exe");
    let copied = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&exe, &ctx.seeds[0].1));
    let warmed = copied.is_ok()
        && srv.run(&dir, &[OsStr::new("aot"), exe.as_os_str()], WARM_LIMIT).is_some_and(|o| o.status.success());
    if !warmed {
        eprintln!("fuzz: compiling the corlib's image failed (the aot runs will say why)");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--server") {
        serve();
    }
    let opt = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| parse_num(v));
    let inputs = opt("--inputs").map_or(DEFAULT_INPUTS, |n| n as usize);
    let seed = opt("--seed").unwrap_or(DEFAULT_SEED);
    let workers = opt("--workers").map_or(WORKERS, |n| n.max(1) as usize);
    // Where long campaigns write the recipes of what they found.
    let save = args.iter().position(|a| a == "--save").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    for tool in ["mcs", "mono"] {
        if Command::new(tool).arg("--version").output().is_err() {
            eprintln!("fuzz: `{tool}` is required (run ci/deps)");
            std::process::exit(2);
        }
    }
    // One directory per seed: a campaign and the default slice can run side by side.
    let dir = root().join("target").join("fuzz-tmp").join(format!("{seed:x}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create target/fuzz-tmp");
    let mut seeds = Vec::new();
    for s in SOURCES {
        let exe = dir.join(format!("{}.exe", s.replace('/', "_")));
        if let Err(e) = mcs(&[&root().join(format!("llvm-tests/{s}.cs"))], &exe, &[], "exe") {
            eprintln!("fuzz: mcs failed on {s}: {e}");
            std::process::exit(2);
        }
        seeds.push((s.to_string(), std::fs::read(&exe).expect("read compiled seed")));
    }
    let ctx = Ctx { dir, seeds };
    // `--write RECIPE OUT`: build one input, to look at it by hand.
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let (Some(recipe), Some(out)) = (args.get(i + 1), args.get(i + 2)) else {
            eprintln!("fuzz: --write RECIPE OUT");
            std::process::exit(2);
        };
        let bytes = ctx.bytes(&read_recipe(Path::new(recipe)).1).expect("the recipe names a known source");
        std::fs::write(out, bytes).expect("write the input");
        return;
    }
    let start = Instant::now();

    let mut failures = 0;
    let mut srv = Server::start();
    warm_corlib_image(&ctx, &mut srv);
    for (name, input) in regressions() {
        match ctx.check(&mut srv, &format!("reg-{name}"), &input, true) {
            Verdict::Fine => println!("ok   fuzz/{name}"),
            Verdict::Crash(why) => {
                failures += 1;
                println!("FAIL fuzz/{name}: {why}");
            }
            Verdict::Hang => {
                failures += 1;
                println!("FAIL fuzz/{name}: hang");
            }
        }
    }

    let next = AtomicUsize::new(0);
    let found: Mutex<Vec<(bool, String, Input, bool)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for w in 0..workers {
            let (ctx, next, found, start) = (&ctx, &next, &found, &start);
            s.spawn(move || {
                let mut srv = Server::start();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= inputs {
                        break;
                    }
                    if i > 0 && i % 1000 == 0 {
                        eprintln!("fuzz: {i} of {inputs} inputs ({:.0?})", start.elapsed());
                    }
                    let mut rng = Rng(seed ^ (i as u64).wrapping_mul(0xa076_1d64_78bd_642f));
                    let (source, bytes) = rng.pick(&ctx.seeds);
                    let mutations = draw(&mut rng, bytes);
                    let input = Input { source: source.clone(), mutations };
                    let aot = i % AOT_EVERY == AOT_EVERY - 1;
                    let id = format!("w{w}");
                    let (hang, why) = match ctx.check(&mut srv, &id, &input, aot) {
                        Verdict::Fine => continue,
                        Verdict::Crash(why) => (false, why),
                        Verdict::Hang => (true, "hang".to_string()),
                    };
                    let input = minimize(ctx, &mut srv, &id, input, aot);
                    println!("{} (input {i}): {why}\n{}", if hang { "HANG" } else { "CRASH" }, input.recipe());
                    found.lock().unwrap().push((hang, why, input, aot));
                }
            });
        }
    });
    let found = found.into_inner().unwrap();
    if let Some(save) = save {
        let _ = std::fs::create_dir_all(&save);
        for (k, (_, why, input, _)) in found.iter().enumerate() {
            let first = why.lines().next().unwrap_or("");
            let _ = std::fs::write(save.join(format!("{seed:x}-{k}.txt")), format!("# {first}\n{}", input.recipe()));
        }
    }
    let hangs = found.iter().filter(|f| f.0).count();
    let crashes = found.len() - hangs + failures;
    println!("fuzz: seed {seed:#x}, {workers} workers, {:.0?}", start.elapsed());
    println!("fuzz: {inputs} inputs, {crashes} crashes, {hangs} hangs");
    std::process::exit(i32::from(crashes + hangs > 0));
}
