//! Callback thunks: the native function pointers that stand for delegates
//! handed to C (`runtime::pinvoke::delegate_to_native`).
//!
//! A thunk is a 16-byte stub, the same bytes for every thunk: it loads
//! the delegate from the entry `CODE_BYTES` after its own address into
//! r10 (the register C calls leave free for LLVM's `nest` parameter) and
//! jumps to the handler stored beside it, the code of the delegate's type
//! that an image carries (`abi::image::CallbackEntry`) or the run-time
//! generator made. Stubs come in chunks: `CODE_BYTES` of copies of the
//! template below (a function of this binary), made read-only and
//! executable, then as many bytes of entries {delegate, handler}. Making
//! a thunk copies bytes and writes an entry; nothing is generated, so
//! `llvmonly` grows its thunks like every other mode.
//!
//! Ownership: a thunk belongs to its delegate. The entry's delegate cell
//! is a weak reference (a disappearing link in memory the collector does
//! not scan), so native code holding the pointer does not keep the
//! delegate alive, as in .NET; the collector clears the cell when the
//! delegate dies, and the next thunk wanted after that collection finds
//! the cleared entries and reuses them. The delegate records its thunk
//! (`Delegate._thunk`, an index, not a reference); an index is believed
//! only while its entry still holds that very delegate, so a collected
//! delegate whose address is reused, or a clone that copied the field,
//! gets a thunk of its own. Chunks belong to the process and are reused,
//! never returned: their number follows the most thunks held at once
//! (delegates reachable, or dead but not yet swept).

use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::runtime::exception::{self, Thrown};
use crate::runtime::gc;
use crate::runtime::object;

/// Bytes of one stub, and of one entry.
const STUB_BYTES: usize = 16;
/// Bytes of stubs in a chunk (the same again of entries follows): a
/// multiple of every page size, so the stubs alone can be made executable.
const CODE_BYTES: usize = 64 * 1024;
const PER_CHUNK: usize = CODE_BYTES / STUB_BYTES;

/// What stub `k` reads: entry `k`, `CODE_BYTES` after the stub.
#[repr(C)]
struct Entry {
    /// The delegate, or 0: a disappearing link while the thunk is taken.
    delegate: AtomicUsize,
    handler: AtomicUsize,
}

/// The stub every thunk is a copy of. Each displacement is relative to
/// the end of its instruction (7 and 13 bytes into the stub), so
/// `CODE_BYTES - 7` reaches the entry's delegate and `CODE_BYTES - 5` its
/// handler, 8 bytes further.
///
/// # Safety
/// Never to be called here: only its copies, followed by their entries,
/// run.
#[cfg(target_arch = "x86_64")]
#[unsafe(naked)]
unsafe extern "C" fn template() {
    std::arch::naked_asm!(
        "mov r10, qword ptr [rip + {delegate}]",
        "jmp qword ptr [rip + {handler}]",
        "int3",
        "int3",
        "int3",
        delegate = const CODE_BYTES - 7,
        handler = const CODE_BYTES - 5,
    )
}

/// The bytes of a stub, on architectures that have one.
fn stub() -> Option<[u8; STUB_BYTES]> {
    #[cfg(target_arch = "x86_64")]
    {
        let mut bytes = [0u8; STUB_BYTES];
        // SAFETY: `template` is 16 bytes of code (two instructions of 7 and
        // 6 bytes, three int3), readable as the text it lives in.
        unsafe { std::ptr::copy_nonoverlapping(template as *const u8, bytes.as_mut_ptr(), STUB_BYTES) };
        Some(bytes)
    }
    #[cfg(not(target_arch = "x86_64"))]
    None
}

struct Thunks {
    /// Chunk addresses (stubs, then entries).
    chunks: Vec<usize>,
    /// Per thunk: taken (its delegate was alive at the last sweep).
    taken: Vec<bool>,
    free: Vec<u32>,
    live: usize,
    peak: usize,
    /// The collection after which the last sweep ran.
    swept_at: usize,
}

static THUNKS: Mutex<Thunks> =
    Mutex::new(Thunks { chunks: Vec::new(), taken: Vec::new(), free: Vec::new(), live: 0, peak: 0, swept_at: 0 });

impl Thunks {
    fn stub(&self, i: usize) -> usize {
        self.chunks[i / PER_CHUNK] + (i % PER_CHUNK) * STUB_BYTES
    }

    fn entry(&self, i: usize) -> &Entry {
        // SAFETY: thunk `i` exists (its chunk is in `chunks`); its entry is
        // in the chunk's mapping, which lives as long as the process.
        unsafe { &*((self.stub(i) + CODE_BYTES) as *const Entry) }
    }

    /// Gives back the thunks whose delegates died (the collector cleared
    /// their cells), once per collection.
    fn sweep(&mut self) {
        let gc = gc::collection_count();
        if gc == self.swept_at {
            return;
        }
        self.swept_at = gc;
        for i in 0..self.taken.len() {
            if self.taken[i] && self.entry(i).delegate.load(Ordering::Acquire) == 0 {
                self.taken[i] = false;
                self.free.push(i as u32);
                self.live -= 1;
            }
        }
    }

    /// A free thunk: one given back, else one of a new chunk.
    fn take(&mut self) -> Result<usize, Refused> {
        let i = match self.free.pop() {
            Some(i) => i as usize,
            None => {
                self.sweep();
                match self.free.pop() {
                    Some(i) => i as usize,
                    None => self.grow()?,
                }
            }
        };
        self.taken[i] = true;
        self.live += 1;
        self.peak = self.peak.max(self.live);
        Ok(i)
    }

    /// Maps a new chunk: returns its first thunk, the others become free.
    fn grow(&mut self) -> Result<usize, Refused> {
        let stub = stub().ok_or(Refused::Architecture)?;
        // SAFETY: a fresh private mapping, written before its stubs are made
        // executable (never writable and executable at once); entries start
        // zeroed (no delegate).
        let chunk = unsafe {
            let p = libc::mmap(
                std::ptr::null_mut(),
                2 * CODE_BYTES,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            if p == libc::MAP_FAILED {
                return Err(Refused::Memory);
            }
            for k in 0..PER_CHUNK {
                std::ptr::copy_nonoverlapping(stub.as_ptr(), (p as *mut u8).add(k * STUB_BYTES), STUB_BYTES);
            }
            if libc::mprotect(p, CODE_BYTES, libc::PROT_READ | libc::PROT_EXEC) != 0 {
                libc::munmap(p, 2 * CODE_BYTES);
                return Err(Refused::Memory);
            }
            p as usize
        };
        let first = self.taken.len();
        self.chunks.push(chunk);
        self.taken.resize(first + PER_CHUNK, false);
        // Lowest first: a chunk fills from its start.
        self.free.extend((first + 1..first + PER_CHUNK).rev().map(|i| i as u32));
        Ok(first)
    }

    /// Makes thunk `i`, just taken, jump to `handler` with `d`.
    fn give(&mut self, i: usize, d: *mut u8, handler: usize) -> Result<usize, Refused> {
        let e = self.entry(i);
        e.handler.store(handler, Ordering::Release);
        e.delegate.store(d as usize, Ordering::Release);
        // SAFETY: the cell holds `d`, the start of a live managed object; it
        // lies in an unscanned mapping that is never unmapped, so the link
        // (dropped by the collector when it clears the cell) cannot outlive it.
        if unsafe { gc::register_weak_cell(e.delegate.as_ptr() as *mut *mut c_void, d) } {
            Ok(self.stub(i))
        } else {
            // Free again at the next sweep.
            e.delegate.store(0, Ordering::Release);
            Err(Refused::Memory)
        }
    }

    /// The stub of thunk `recorded - 1` (as `Delegate._thunk` records it)
    /// if that thunk still belongs to `d`.
    fn held(&self, recorded: usize, d: *mut u8) -> Option<usize> {
        let i = recorded.checked_sub(1).filter(|i| *i < self.taken.len())?;
        (self.entry(i).delegate.load(Ordering::Acquire) == d as usize).then(|| self.stub(i))
    }
}

/// Why no thunk could be made.
enum Refused {
    Architecture,
    Memory,
}

/// The thunk of delegate `d`: the one it has, or a new one jumping to the
/// handler `handler` finds for its type.
pub fn thunk_for(d: *mut u8, handler: impl FnOnce() -> Result<usize, Thrown>) -> Result<usize, Thrown> {
    let field = object::delegate_thunk_field()?;
    let recorded = || {
        // SAFETY: `d` is a live delegate, whose `_thunk` field is a native int.
        unsafe { *(d.add(field) as *const usize) }
    };
    if let Some(stub) = THUNKS.lock().unwrap_or_else(|e| e.into_inner()).held(recorded(), d) {
        return Ok(stub);
    }
    // Outside the lock: finding a handler may generate it.
    let h = handler()?;
    let made = {
        let mut t = THUNKS.lock().unwrap_or_else(|e| e.into_inner());
        // Another thread may have made one meanwhile.
        if let Some(stub) = t.held(recorded(), d) {
            return Ok(stub);
        }
        t.take().and_then(|i| {
            let stub = t.give(i, d, h)?;
            // SAFETY: as above; the index is plain data, not a reference.
            unsafe { *(d.add(field) as *mut usize) = i + 1 };
            Ok(stub)
        })
    };
    // Outside the lock: raising runs managed code.
    match made {
        Ok(stub) => Ok(stub),
        Err(Refused::Architecture) => {
            Err(exception::throw_msg("System", "NotSupportedException", "no native callbacks on this architecture"))
        }
        Err(Refused::Memory) => Err(exception::throw_new("System", "OutOfMemoryException")),
    }
}

/// `--stats`: thunks live (their delegates reachable at the last
/// collection) and at most, and the bytes of their chunks.
pub fn print_stats() {
    let mut t = THUNKS.lock().unwrap_or_else(|e| e.into_inner());
    t.sweep();
    eprintln!("callback thunks: live {} peak {}, chunk bytes {}", t.live, t.peak, t.chunks.len() * 2 * CODE_BYTES);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stub has the encoding its displacements assume: a 7-byte
    /// `mov r10, [rip+disp32]` and a 6-byte `jmp [rip+disp32]`.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn stub_loads_r10_and_jumps_through_its_entry() {
        let s = stub().expect("x86-64 stub");
        assert_eq!(&s[0..3], &[0x4c, 0x8b, 0x15]);
        assert_eq!(i32::from_le_bytes(s[3..7].try_into().unwrap()) as usize, CODE_BYTES - 7);
        assert_eq!(&s[7..9], &[0xff, 0x25]);
        assert_eq!(i32::from_le_bytes(s[9..13].try_into().unwrap()) as usize, CODE_BYTES - 5);
        assert_eq!(&s[13..], &[0xcc; 3]);
    }
}
