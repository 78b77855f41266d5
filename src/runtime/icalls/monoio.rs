//! Internal calls of Mono's System.IO.MonoIO: files and the console as
//! file descriptors. Handles are descriptors; paths arrive as NUL-ended
//! UTF-16; every call reports failure through a `ref MonoIOError` (Win32
//! error codes, mapped from errno as Mono maps them). Standard output goes
//! through the runtime's buffer (`console`), so it stays ordered with what
//! the runtime itself prints.

use std::ffi::CString;

use crate::abi::layout::{Slot, ARRAY_DATA_OFFSET};
use crate::runtime::exception::Thrown;
use crate::runtime::rt;

use super::console::write_stdout_bytes;
use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    // Path.GetTempPath's directory, found as GLib's g_get_tmp_dir finds it
    // for Mono: $TMPDIR, $TMP, $TEMP, else /tmp.
    ("System.IO.Path::get_temp_path", |fp| {
        let vars = ["TMPDIR", "TMP", "TEMP"].into_iter().filter_map(|v| std::env::var(v).ok());
        ret_str(fp, &vars.into_iter().find(|d| !d.is_empty()).unwrap_or_else(|| "/tmp".into()))
    }),
    // Mono's debugging aid for "too many open files" (with
    // MONO_DUMP_HANDLES_ON_ERROR_TOO_MANY_OPEN_FILES set): there is no
    // handle table to print; bound because the error path that calls it
    // is transformed with MonoIO.GetException.
    ("System.IO.MonoIO::DumpHandles", |_| Ok(())),
    ("System.IO.MonoIO::get_ConsoleInput", |fp| ret(fp, 0)),
    ("System.IO.MonoIO::get_ConsoleOutput", |fp| ret(fp, 1)),
    ("System.IO.MonoIO::get_ConsoleError", |fp| ret(fp, 2)),
    ("System.IO.MonoIO::get_DirectorySeparatorChar", |fp| ret(fp, '/' as Slot)),
    ("System.IO.MonoIO::get_AltDirectorySeparatorChar", |fp| ret(fp, '/' as Slot)),
    ("System.IO.MonoIO::get_PathSeparator", |fp| ret(fp, ':' as Slot)),
    ("System.IO.MonoIO::get_VolumeSeparatorChar", |fp| ret(fp, '/' as Slot)),
    ("System.IO.MonoIO::get_InvalidPathChars", |fp| {
        let arr = object::new_array(rt().array_of(rt().wk().char, 0), 1)?;
        ret_o(fp, arr)
    }),
    ("System.IO.MonoIO::Write(intptr,byte[],int,int,System.IO.MonoIOError&)", write),
    ("System.IO.MonoIO::Read(intptr,byte[],int,int,System.IO.MonoIOError&)", read),
    ("System.IO.MonoIO::Open(char*,System.IO.FileMode,System.IO.FileAccess,System.IO.FileShare,System.IO.FileOptions,System.IO.MonoIOError&)", open),
    ("System.IO.MonoIO::Close(intptr,System.IO.MonoIOError&)", |fp| {
        flush_if_stdout(a(fp, 0));
        // SAFETY: closing a descriptor the program opened.
        let r = unsafe { libc::close(a(fp, 0) as i32) };
        report(fp, 1, r == 0);
        ret(fp, (r == 0) as Slot)
    }),
    ("System.IO.MonoIO::Flush(intptr,System.IO.MonoIOError&)", |fp| {
        flush_if_stdout(a(fp, 0));
        report(fp, 1, true);
        ret(fp, 1)
    }),
    ("System.IO.MonoIO::GetFileType(intptr,System.IO.MonoIOError&)", file_type),
    ("System.IO.MonoIO::GetLength(intptr,System.IO.MonoIOError&)", |fp| {
        let st = fstat(a(fp, 0) as i32);
        report(fp, 1, st.is_some());
        ret(fp, st.map_or(0, |s| s.st_size as Slot))
    }),
    ("System.IO.MonoIO::Seek(intptr,long,System.IO.SeekOrigin,System.IO.MonoIOError&)", |fp| {
        let whence = match ai(fp, 2) {
            0 => libc::SEEK_SET,
            1 => libc::SEEK_CUR,
            _ => libc::SEEK_END,
        };
        // SAFETY: lseek on the program's descriptor.
        let r = unsafe { libc::lseek(a(fp, 0) as i32, a(fp, 1) as i64, whence) };
        report(fp, 3, r >= 0);
        ret(fp, r.max(-1) as Slot)
    }),
    ("System.IO.MonoIO::SetLength(intptr,long,System.IO.MonoIOError&)", |fp| {
        // SAFETY: ftruncate on the program's descriptor.
        let r = unsafe { libc::ftruncate(a(fp, 0) as i32, a(fp, 1) as i64) };
        report(fp, 2, r == 0);
        ret(fp, (r == 0) as Slot)
    }),
    ("System.IO.MonoIO::GetFileAttributes(char*,System.IO.MonoIOError&)", |fp| {
        let st = stat_path(a(fp, 0));
        report(fp, 1, st.is_some());
        ret(fp, st.map_or(-1i64 as Slot, |s| attributes(&s) as Slot))
    }),
    ("System.IO.MonoIO::GetFileStat(char*,System.IO.MonoIOStat&,System.IO.MonoIOError&)", file_stat),
    ("System.IO.MonoIO::DeleteFile(char*,System.IO.MonoIOError&)", |fp| path_op(fp, |p| unsafe_call(libc::unlink, p))),
    ("System.IO.MonoIO::RemoveDirectory(char*,System.IO.MonoIOError&)", |fp| path_op(fp, |p| unsafe_call(libc::rmdir, p))),
    ("System.IO.MonoIO::CreateDirectory(char*,System.IO.MonoIOError&)", |fp| {
        // SAFETY: mkdir with a NUL-terminated path.
        path_op(fp, |p| unsafe { libc::mkdir(p.as_ptr(), 0o777) })
    }),
    ("System.IO.MonoIO::SetCurrentDirectory(char*,System.IO.MonoIOError&)", |fp| path_op(fp, |p| unsafe_call(libc::chdir, p))),
    ("System.IO.MonoIO::GetCurrentDirectory(System.IO.MonoIOError&)", |fp| {
        let cwd = std::env::current_dir();
        report(fp, 0, cwd.is_ok());
        match cwd {
            Ok(d) => ret_str(fp, &d.to_string_lossy()),
            Err(_) => ret(fp, 0),
        }
    }),
    ("System.IO.MonoIO::MoveFile(char*,char*,System.IO.MonoIOError&)", |fp| two_paths(fp, false)),
    ("System.IO.MonoIO::CopyFile(char*,char*,bool,System.IO.MonoIOError&)", |fp| two_paths(fp, true)),
];

/// Win32 codes of MonoIOError.
const ERROR_SUCCESS: i32 = 0;
const ERROR_FILE_NOT_FOUND: i32 = 2;
const ERROR_TOO_MANY_OPEN_FILES: i32 = 4;
const ERROR_ACCESS_DENIED: i32 = 5;
const ERROR_INVALID_HANDLE: i32 = 6;
const ERROR_GEN_FAILURE: i32 = 31;
const ERROR_SHARING_VIOLATION: i32 = 32;
const ERROR_HANDLE_DISK_FULL: i32 = 39;
const ERROR_FILE_EXISTS: i32 = 80;
const ERROR_CANNOT_MAKE: i32 = 82;
const ERROR_DIR_NOT_EMPTY: i32 = 145;
const ERROR_FILENAME_EXCED_RANGE: i32 = 206;

fn win32_error(errno: i32) -> i32 {
    match errno {
        libc::ENOENT | libc::ENOTDIR => ERROR_FILE_NOT_FOUND,
        libc::EACCES | libc::EPERM | libc::EROFS => ERROR_ACCESS_DENIED,
        libc::EBADF => ERROR_INVALID_HANDLE,
        libc::EAGAIN => ERROR_SHARING_VIOLATION,
        libc::EEXIST => ERROR_FILE_EXISTS,
        libc::EISDIR => ERROR_CANNOT_MAKE,
        libc::ENFILE | libc::EMFILE => ERROR_TOO_MANY_OPEN_FILES,
        libc::ENOSPC => ERROR_HANDLE_DISK_FULL,
        libc::ENOTEMPTY => ERROR_DIR_NOT_EMPTY,
        libc::ENAMETOOLONG => ERROR_FILENAME_EXCED_RANGE,
        _ => ERROR_GEN_FAILURE,
    }
}

/// Writes the outcome to the `ref MonoIOError` in argument `i`.
fn report(fp: *mut Slot, i: usize, ok: bool) {
    let code =
        if ok { ERROR_SUCCESS } else { win32_error(std::io::Error::last_os_error().raw_os_error().unwrap_or(0)) };
    report_code(fp, i, code)
}

fn report_code(fp: *mut Slot, i: usize, code: i32) {
    let p = a(fp, i) as *mut i32;
    if !p.is_null() {
        // SAFETY: the argument is a `ref MonoIOError` (an int enum).
        unsafe { *p = code };
    }
}

/// A NUL-terminated UTF-16 path as a C string (None when it holds a NUL
/// after conversion, which no file name can).
fn path(p: Slot) -> Option<CString> {
    let p = p as *const u16;
    if p.is_null() {
        return None;
    }
    // SAFETY: the corlib passes a pinned, NUL-terminated UTF-16 string.
    let units = unsafe {
        let mut n = 0;
        while *p.add(n) != 0 {
            n += 1;
        }
        std::slice::from_raw_parts(p, n)
    };
    CString::new(String::from_utf16_lossy(units)).ok()
}

fn unsafe_call(f: unsafe extern "C" fn(*const std::ffi::c_char) -> i32, p: &CString) -> i32 {
    // SAFETY: `f` is a libc call taking one NUL-terminated path.
    unsafe { f(p.as_ptr()) }
}

/// An operation on the path in argument 0 reporting to argument 1.
fn path_op(fp: *mut Slot, f: impl Fn(&CString) -> i32) -> Result<(), Thrown> {
    let Some(p) = path(a(fp, 0)) else {
        report_code(fp, 1, ERROR_FILE_NOT_FOUND);
        return ret(fp, 0);
    };
    let ok = f(&p) == 0;
    report(fp, 1, ok);
    ret(fp, ok as Slot)
}

fn two_paths(fp: *mut Slot, copy: bool) -> Result<(), Thrown> {
    let err = if copy { 3 } else { 2 };
    let (Some(from), Some(to)) = (path(a(fp, 0)), path(a(fp, 1))) else {
        report_code(fp, err, ERROR_FILE_NOT_FOUND);
        return ret(fp, 0);
    };
    let (from, to) = (from.to_string_lossy().into_owned(), to.to_string_lossy().into_owned());
    let r = if copy {
        let overwrite = ai(fp, 2) != 0;
        if !overwrite && std::path::Path::new(&to).exists() {
            report_code(fp, err, ERROR_FILE_EXISTS);
            return ret(fp, 0);
        }
        std::fs::copy(&from, &to).map(|_| ())
    } else {
        std::fs::rename(&from, &to)
    };
    report_code(fp, err, r.as_ref().map_or_else(|e| win32_error(e.raw_os_error().unwrap_or(0)), |_| ERROR_SUCCESS));
    ret(fp, r.is_ok() as Slot)
}

fn flush_if_stdout(h: Slot) {
    if h == 1 {
        flush_stdout();
    }
}

/// The bytes `[off, off+n)` of byte[] `arr`, checked.
fn byte_range(arr: *mut u8, off: i32, n: i32) -> Result<*mut u8, Thrown> {
    let (len, _) = array_info(non_null(arr)?)?;
    if off < 0 || n < 0 || off as usize + n as usize > len {
        return Err(crate::runtime::exception::throw_new("System", "ArgumentOutOfRangeException"));
    }
    // SAFETY: inside the array's data, checked above.
    Ok(unsafe { arr.add(ARRAY_DATA_OFFSET + off as usize) })
}

fn write(fp: *mut Slot) -> Result<(), Thrown> {
    let (h, n) = (a(fp, 0), ai(fp, 3));
    let p = byte_range(ao(fp, 1), ai(fp, 2), n)?;
    // SAFETY: `p` holds `n` bytes of the array (byte_range).
    let bytes = unsafe { std::slice::from_raw_parts(p, n as usize) };
    if h == 1 {
        write_stdout_bytes(bytes);
        report(fp, 4, true);
        return ret(fp, n as Slot);
    }
    if h == 2 {
        flush_stdout();
    }
    // SAFETY: write(2) from a live buffer.
    let r = unsafe { libc::write(h as i32, p as *const libc::c_void, n as usize) };
    byte_count(fp, r)
}

/// Read and Write answer the byte count, or -1 with the error in `ref error` (argument 4).
fn byte_count(fp: *mut Slot, r: isize) -> Result<(), Thrown> {
    report(fp, 4, r >= 0);
    ret(fp, r.max(-1) as i64 as Slot)
}

fn read(fp: *mut Slot) -> Result<(), Thrown> {
    let (h, n) = (a(fp, 0), ai(fp, 3));
    let p = byte_range(ao(fp, 1), ai(fp, 2), n)?;
    if h == 0 {
        flush_stdout();
    }
    // SAFETY: read(2) into `n` bytes of the array.
    let r = unsafe { libc::read(h as i32, p as *mut libc::c_void, n as usize) };
    byte_count(fp, r)
}

/// `Open(path, FileMode, FileAccess, FileShare, FileOptions, ref error)`.
fn open(fp: *mut Slot) -> Result<(), Thrown> {
    let Some(p) = path(a(fp, 0)) else {
        report_code(fp, 5, ERROR_FILE_NOT_FOUND);
        return ret(fp, -1i64 as Slot);
    };
    let access = match ai(fp, 2) {
        1 => libc::O_RDONLY,
        2 => libc::O_WRONLY,
        _ => libc::O_RDWR,
    };
    // FileMode: CreateNew, Create, Open, OpenOrCreate, Truncate, Append.
    let mode = match ai(fp, 1) {
        1 => libc::O_CREAT | libc::O_EXCL,
        2 => libc::O_CREAT | libc::O_TRUNC,
        4 => libc::O_CREAT,
        5 => libc::O_TRUNC,
        6 => libc::O_CREAT | libc::O_APPEND,
        _ => 0,
    };
    // SAFETY: open(2) with a NUL-terminated path.
    let fd = unsafe { libc::open(p.as_ptr(), access | mode | libc::O_CLOEXEC, 0o666) };
    if fd >= 0 && fstat(fd).is_some_and(|s| s.st_mode & libc::S_IFMT == libc::S_IFDIR) {
        // SAFETY: closing the descriptor just opened.
        unsafe { libc::close(fd) };
        report_code(fp, 5, ERROR_ACCESS_DENIED);
        return ret(fp, -1i64 as Slot);
    }
    report(fp, 5, fd >= 0);
    ret(fp, fd as i64 as Slot)
}

fn fstat(fd: i32) -> Option<libc::stat> {
    // SAFETY: fstat fills a zeroed stat buffer.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        (libc::fstat(fd, &mut st) == 0).then_some(st)
    }
}

fn stat_path(p: Slot) -> Option<libc::stat> {
    let p = path(p)?;
    // SAFETY: stat fills a zeroed buffer from a NUL-terminated path.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        (libc::stat(p.as_ptr(), &mut st) == 0).then_some(st)
    }
}

/// FileAttributes of a file: Directory, ReadOnly, else Normal.
fn attributes(st: &libc::stat) -> i32 {
    const READ_ONLY: i32 = 0x1;
    const DIRECTORY: i32 = 0x10;
    const NORMAL: i32 = 0x80;
    let mut a = if st.st_mode & libc::S_IFMT == libc::S_IFDIR { DIRECTORY } else { 0 };
    if st.st_mode & 0o222 == 0 {
        a |= READ_ONLY;
    }
    if a == 0 {
        NORMAL
    } else {
        a
    }
}

/// FILE_TYPE_DISK, _CHAR or _PIPE.
fn file_type(fp: *mut Slot) -> Result<(), Thrown> {
    let st = fstat(a(fp, 0) as i32);
    report(fp, 1, st.is_some());
    let t = st.map_or(0, |s| match s.st_mode & libc::S_IFMT {
        libc::S_IFCHR => 2,
        libc::S_IFIFO | libc::S_IFSOCK => 3,
        _ => 1,
    });
    ret(fp, t)
}

/// Windows file time (100 ns since 1601) of a Unix time.
fn file_time(secs: i64, nsecs: i64) -> i64 {
    const EPOCH_1601: i64 = 116_444_736_000_000_000;
    secs * 10_000_000 + nsecs / 100 + EPOCH_1601
}

/// MonoIOStat: attributes, length, creation, access and write times.
fn file_stat(fp: *mut Slot) -> Result<(), Thrown> {
    let st = stat_path(a(fp, 0));
    report(fp, 2, st.is_some());
    let Some(st) = st else { return ret(fp, 0) };
    let out = a(fp, 1) as *mut u8;
    // SAFETY: the argument is a `ref MonoIOStat`: an int, then four longs.
    unsafe {
        *(out as *mut i32) = attributes(&st);
        let longs = out.add(8) as *mut i64;
        *longs = st.st_size;
        *longs.add(1) = file_time(st.st_ctime, st.st_ctime_nsec);
        *longs.add(2) = file_time(st.st_atime, st.st_atime_nsec);
        *longs.add(3) = file_time(st.st_mtime, st.st_mtime_nsec);
    }
    ret(fp, 1)
}
