//! What the test drivers (`llvm_tests.rs`, `fuzz.rs`) share: compiling C#
//! with mcs and running a child process with a time limit.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Reads a pipe to its end on a thread of its own.
fn drain<R: std::io::Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut v);
        }
        v
    })
}

/// Runs `cmd` with a time limit; None when it was killed at the limit (or
/// could not start). The pipes are drained while it runs, so a child that
/// writes more than a pipe holds cannot block. A child the caller put in a
/// process group of its own (`process_group(0)`) takes its group with it
/// when it ends or is killed: what it started could outlive it and hold
/// the pipes open.
pub fn run_within(cmd: &mut Command, limit: Duration) -> Option<Output> {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().ok()?;
    let pid = child.id() as libc::pid_t;
    // SAFETY: getpgid only reads the process table. The group is set
    // before exec, and spawn returns after the exec.
    let leads_group = unsafe { libc::getpgid(pid) } == pid;
    let (stdout, stderr) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    if leads_group {
        // SAFETY: kill only sends a signal. The id names the child's group
        // while any member lives (only a new group leader could reuse it).
        unsafe { libc::kill(-pid, libc::SIGKILL) };
    }
    let (stdout, stderr) = (stdout.join().unwrap_or_default(), stderr.join().unwrap_or_default());
    status.map(|status| Output { status, stdout, stderr })
}

/// Compiles `src` with mcs into `out` (of kind `target`: exe or library),
/// or returns the compiler's message.
pub fn mcs(src: &[&Path], out: &Path, flags: &[String], target: &str) -> Result<(), String> {
    let o = Command::new("mcs")
        .arg(format!("-target:{target}"))
        .arg(format!("-out:{}", out.display()))
        .args(flags)
        .args(src)
        .output()
        .map_err(|e| format!("cannot run mcs: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr))
    }
}

/// Compiles the images of the corlib and of the class libraries programs
/// reference (System, System.Core) into the cache once, before a driver's
/// workers would each start compiling them within their programs' limits:
/// Mono's mscorlib is about 30,000 functions, minutes on two cores. `dir`
/// receives the sample program that references them.
// The fuzzer warms through its fork server instead (`fuzz::warm_corlib_image`).
#[allow(dead_code)]
pub fn warm_images(monoxide: &Path, dir: &Path, driver: &str) {
    let _ = std::fs::create_dir_all(dir);
    let src = dir.join("libs.cs");
    let exe = dir.join("libs.exe");
    let sample = "using System.Linq; class P { static void Main() { \
                  System.Console.WriteLine(new[] { 1 }.Sum() + new System.Diagnostics.Stopwatch().ElapsedTicks); } }";
    let compiled = std::fs::write(&src, sample).map_err(|e| e.to_string()).and_then(|_| mcs(&[&src], &exe, &[], "exe"));
    let warmed = compiled.is_ok()
        && run_within(Command::new(monoxide).arg("aot").arg(&exe), Duration::from_secs(1800))
            .is_some_and(|o| o.status.success());
    if !warmed {
        eprintln!("{driver}: compiling the class libraries' images failed (the aot runs will say why)");
    }
}
