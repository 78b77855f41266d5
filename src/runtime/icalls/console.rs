//! Internal calls of Console: buffered standard output, standard error and input.

use std::io::Write;
use std::sync::Mutex;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    // Mono's terminal driver (terminfo, raw mode) is not provided: the
    // console is always the plain stream driver, as when redirected.
    ("System.ConsoleDriver::Isatty", |fp| ret(fp, 0)),
];

static STDOUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Appends to the process's buffered standard output.
pub(super) fn write_stdout_bytes(bytes: &[u8]) {
    let mut b = STDOUT.lock().unwrap_or_else(|e| e.into_inner());
    b.extend_from_slice(bytes);
    if b.len() > 1 << 16 {
        let _ = std::io::stdout().write_all(&b);
        b.clear();
    }
}

/// Writes buffered Console output; called before stderr output and at exit.
pub fn flush_stdout() {
    let mut b = STDOUT.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&b);
    let _ = out.flush();
    b.clear();
}

/// `flush_stdout` for a signal handler: write(2) only, and nothing when the
/// buffer is in use (the fault may have struck while it was being changed).
pub fn flush_stdout_from_signal() {
    let Ok(b) = STDOUT.try_lock() else { return };
    let mut rest: &[u8] = &b;
    while !rest.is_empty() {
        // SAFETY: writes from a live buffer; write(2) is async-signal-safe.
        let n = unsafe { libc::write(1, rest.as_ptr() as *const libc::c_void, rest.len()) };
        if n <= 0 {
            return;
        }
        rest = &rest[n as usize..];
    }
}
