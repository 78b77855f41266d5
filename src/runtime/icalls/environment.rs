//! Internal calls of Environment, time and the stopwatch.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::OnceLock;

use crate::abi::layout::Slot;
use crate::runtime::exception::Thrown;
use crate::runtime::object::{self};
use crate::runtime::rt;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Environment::get_Platform", |fp| ret(fp, PLATFORM_UNIX)),
    ("System.Environment::GetNewLine", |fp| ret_str(fp, "\n")),
    ("System.Environment::GetPageSize", |fp| ret(fp, 4096)),
    ("System.Environment::GetIs64BitOperatingSystem", |fp| ret(fp, 1)),
    ("System.Environment::get_HasShutdownStarted", |fp| ret(fp, 0)),
    ("System.Environment::get_ExitCode", |fp| ret(fp, EXIT_CODE.load(Ordering::Relaxed) as i64 as Slot)),
    ("System.Environment::set_ExitCode", |fp| {
        EXIT_CODE.store(ai(fp, 0), Ordering::Relaxed);
        Ok(())
    }),
    ("System.Environment::internalGetEnvironmentVariable_native", get_env_utf8),
    ("System.Environment::get_MachineName", |fp| ret_str(fp, &host_name())),
    ("System.Environment::get_UserName", |fp| ret_str(fp, &std::env::var("USER").unwrap_or_default())),
    ("System.Environment::internalGetHome", |fp| ret_str(fp, &std::env::var("HOME").unwrap_or_default())),
    ("System.Environment::GetOSVersionString", |fp| ret_str(fp, &os_release())),
    ("System.Environment::Exit", environment_exit),
    ("System.Environment::GetCommandLineArgs", command_line_args),
    ("System.Environment::get_TickCount", |fp| ret(fp, (monotonic_ns() / 1_000_000) as i32 as i64 as Slot)),
    ("System.Environment::get_ProcessorCount", |fp| {
        ret(fp, std::thread::available_parallelism().map_or(1, |n| n.get()) as Slot)
    }),
    // 100 ns ticks of the monotonic clock (Stopwatch.Frequency is 10^7 on Mono).
    ("System.Diagnostics.Stopwatch::GetTimestamp", |fp| {
        let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `t` is a valid out-parameter.
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut t) };
        ret(fp, (t.tv_sec as i64 * 10_000_000 + t.tv_nsec as i64 / 100) as Slot)
    }),
];

fn environment_exit(fp: *mut Slot) -> Result<(), Thrown> {
    flush_stdout();
    crate::runtime::generator::report_if_asked();
    std::process::exit(ai(fp, 0))
}

fn command_line_args(fp: *mut Slot) -> Result<(), Thrown> {
    let args = rt().command_line.get().cloned().unwrap_or_default();
    let arr = object::new_array(rt().array_of(rt().wk().string, 0), args.len() as i64)?;
    for (i, s) in args.iter().enumerate() {
        // SAFETY: a string[] of args.len() elements.
        unsafe { *(elem_ptr(arr, i, 8) as *mut *mut u8) = object::new_string_from_str(s) };
    }
    ret_o(fp, arr)
}

fn monotonic_ns() -> u64 {
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_nanos() as u64 + 1_000_000_000
}

/// PlatformID.Unix.
const PLATFORM_UNIX: Slot = 4;

/// Environment.ExitCode: the process's exit code when Main returns void.
static EXIT_CODE: AtomicI32 = AtomicI32::new(0);

pub fn exit_code() -> i32 {
    EXIT_CODE.load(Ordering::Relaxed)
}

/// Mono passes the variable's name as a UTF-8 C string.
fn get_env_utf8(fp: *mut Slot) -> Result<(), Thrown> {
    let p = a(fp, 0) as *const std::ffi::c_char;
    if p.is_null() {
        return ret(fp, 0);
    }
    // SAFETY: the corlib passes a NUL-terminated string it keeps alive for the call.
    let name = unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned();
    match std::env::var(name) {
        Ok(v) => ret_str(fp, &v),
        Err(_) => ret(fp, 0),
    }
}

fn uname() -> libc::utsname {
    // SAFETY: utsname is plain data; uname(2) fills it.
    unsafe {
        let mut u: libc::utsname = std::mem::zeroed();
        libc::uname(&mut u);
        u
    }
}

fn c_text(field: &[std::ffi::c_char]) -> String {
    field.iter().take_while(|&&c| c != 0).map(|&c| c as u8 as char).collect()
}

fn host_name() -> String {
    c_text(&uname().nodename)
}

fn os_release() -> String {
    c_text(&uname().release)
}
