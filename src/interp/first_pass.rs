//! Two-pass exception handling, as .NET and mono do it: when an exception
//! is thrown, a first pass looks for the handler that will take it, running
//! the exception filters on the way (innermost first) and nothing else;
//! only then does the second pass unwind, running finally and fault blocks
//! up to that handler. So an outer filter sees the state before any inner
//! finally has run.
//!
//! The second pass is the one-pass search both worlds already do
//! (`exec::find_handler`, `codegen::handlers`), frame by frame as the
//! exception returns. The first pass needs the frames that have not
//! returned yet: frames that have catch or filter clauses record themselves
//! on this thread's chain while they are suspended in a call (interpreted
//! frames, `exec`) or for their whole activation (compiled frames, with a
//! cell holding the IL offset they are at). Frames without such clauses
//! are invisible to the first pass and need not be seen: they can neither
//! take an exception nor run a filter. Methods with filters are not
//! compiled (`codegen::lower::not_compiled`): the first pass runs a filter
//! in the interpreter, on its frame's slots.
//!
//! The first pass runs once per throw, when some frame first observes the
//! exception; its verdict (which frame and clause take it) is kept until
//! the exception is caught. In the second pass a filter clause is not run
//! again: it takes the exception exactly when it is that verdict.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;

use crate::abi::layout::Slot;
use crate::interp::code::{ClauseKind, InterpCode};
use crate::interp::exec;
use crate::runtime::exception;
use crate::runtime::{object, thread};
use crate::types::method::Method;

/// A frame the first pass can see.
#[derive(Clone, Copy)]
pub enum Entry {
    /// An interpreted frame of `m` suspended in a call at instruction `pc`,
    /// its slots at `fp`.
    Interp { m: &'static Method, fp: *mut Slot, pc: u32 },
    /// A compiled frame of `m` (catch clauses only); `il` is the cell its
    /// code updates with the IL offset of each instruction that may throw
    /// (IL offsets, because the code it was compiled from need not number
    /// its instructions as the code transformed in this process does).
    Compiled { m: &'static Method, il: *const u32 },
    /// Where the runtime takes exceptions back (a filter being run, a static
    /// constructor, a finalizer): the search ends there. A callback from
    /// native code is no barrier: mono's first pass crosses native frames
    /// too, and the exception a callback leaves pending keeps its verdict
    /// until the P/Invoke stub hands it back to managed code.
    Barrier,
}

/// The first pass's answer for one exception.
struct Verdict {
    exc: *mut u8,
    /// Chain depth of the frame that takes it (`NOBODY`: unhandled).
    depth: usize,
    clause: u32,
}

const NOBODY: usize = usize::MAX;

/// Verdicts kept at once: more only come from exceptions abandoned in
/// flight (a finally that throws), whose verdicts are never asked for again.
const MAX_VERDICTS: usize = 64;

/// Set once a method with filters has been transformed (it may run).
static FILTERS_SEEN: AtomicBool = AtomicBool::new(false);
/// The `mx_filters_seen` cells of bound images (`abi::image::FILTERS_SEEN`).
static WATCHED: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// A bound image's `mx_filters_seen` cell: set now if filters were seen,
/// else when they are.
pub fn watch(cell: *mut u32) {
    let mut w = WATCHED.lock().unwrap_or_else(|e| e.into_inner());
    if FILTERS_SEEN.load(Ordering::Acquire) {
        set_cell(cell as usize);
    }
    w.push(cell as usize);
}

/// A method with filters was transformed: from now on compiled frames
/// with catch clauses show themselves to the first pass.
pub fn filters_seen() {
    let w = WATCHED.lock().unwrap_or_else(|e| e.into_inner());
    if !FILTERS_SEEN.swap(true, Ordering::AcqRel) {
        w.iter().for_each(|&c| set_cell(c));
    }
}

/// Whether a method with filters may run: until then no frame needs
/// showing to the first pass (no filter can be an outer frame; a frame's
/// catch clauses are tried again by the second pass anyway).
#[inline]
pub fn filters_may_run() -> bool {
    FILTERS_SEEN.load(Ordering::Relaxed)
}

fn set_cell(cell: usize) {
    // SAFETY: a watched cell is the `u32` an image exports, and images are
    // never unloaded; compiled code only reads it.
    unsafe { AtomicU32::from_ptr(cell as *mut u32).store(1, Ordering::Release) };
}

thread_local! {
    static CHAIN: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
    static VERDICTS: RefCell<Vec<Verdict>> = const { RefCell::new(Vec::new()) };
}

/// The chain's depth: the identity of a frame that pushes next.
pub fn depth() -> usize {
    CHAIN.with(|c| c.borrow().len())
}

/// Records `e` on the chain; returns the depth to pop back to.
pub fn push(e: Entry) -> usize {
    CHAIN.with(|c| {
        let mut c = c.borrow_mut();
        c.push(e);
        c.len() - 1
    })
}

/// Drops the entries from `depth` up (a frame resuming or leaving).
pub fn pop_to(depth: usize) {
    CHAIN.with(|c| c.borrow_mut().truncate(depth));
}

/// Runs `f` behind a barrier: for code the runtime calls and whose
/// exceptions it takes back itself (static constructors, finalizers).
pub fn behind_barrier<T>(f: impl FnOnce() -> T) -> T {
    let mark = push(Entry::Barrier);
    let r = f();
    pop_to(mark);
    r
}

/// Forgets what the first pass said about `exc` (caught, or thrown anew).
pub fn forget(exc: *mut u8) {
    VERDICTS.with(|v| v.borrow_mut().retain(|x| x.exc != exc));
}

/// Does filter `clause` of the frame at `depth` take the pending exception?
pub fn chosen(depth: usize, clause: u32) -> bool {
    let exc = exception::pending();
    VERDICTS.with(|v| v.borrow().iter().any(|x| x.exc == exc && x.depth == depth && x.clause == clause))
}

/// Runs the first pass for the pending exception unless it has run.
/// `here` is the interpreted frame observing it (not on the chain), at
/// instruction `pc`.
pub fn run(here: Option<(&'static Method, *mut Slot, u32)>) {
    let exc = exception::pending();
    if exc.is_null() || VERDICTS.with(|v| v.borrow().iter().any(|x| x.exc == exc)) {
        return;
    }
    let top = depth();
    let found = here.and_then(|(m, fp, pc)| probe(m, fp, pc, exc, top).map(|k| (top, k))).or_else(|| {
        (0..top).rev().find_map(|d| match CHAIN.with(|c| c.borrow().get(d).copied())? {
            Entry::Interp { m, fp, pc } => probe(m, fp, pc, exc, d).map(|k| (d, k)),
            // SAFETY: the cell lives in the compiled frame, which pops its
            // entry before it returns.
            Entry::Compiled { m, il } => probe_compiled(m, unsafe { *il }, exc).map(|k| (d, k)),
            Entry::Barrier => Some((d, u32::MAX)),
        })
    });
    let (depth, clause) = found.unwrap_or((NOBODY, u32::MAX));
    VERDICTS.with(|v| {
        let mut v = v.borrow_mut();
        if v.len() >= MAX_VERDICTS {
            v.remove(0);
        }
        v.push(Verdict { exc, depth, clause });
    });
}

/// The clause of frame `fp` (at `pc`, chain depth `depth`) that takes
/// `exc`, running filters on the way.
fn probe(m: &'static Method, fp: *mut Slot, pc: u32, exc: *mut u8, depth: usize) -> Option<u32> {
    let code = exec::transformed(m).ok()?;
    for (k, c) in code.clauses.iter().enumerate() {
        if !c.in_try(pc) {
            continue;
        }
        match c.kind {
            ClauseKind::Catch(class) if object::is_instance(exc, class) => return Some(k as u32),
            ClauseKind::Filter(start) if run_filter(m, code, fp, k, start, exc, depth) => return Some(k as u32),
            _ => {}
        }
    }
    None
}

/// The catch clause of compiled frame `m` at IL offset `il` that takes
/// `exc`: its try blocks, found through this process's transformed code,
/// whose instructions keep their IL offsets in order.
fn probe_compiled(m: &'static Method, il: u32, exc: *mut u8) -> Option<u32> {
    let code = exec::transformed(m).ok()?;
    let pc = code.il_offsets.partition_point(|&x| x < il) as u32;
    code.clauses.iter().enumerate().find_map(|(k, c)| match c.kind {
        ClauseKind::Catch(class) if c.in_try(pc) && object::is_instance(exc, class) => Some(k as u32),
        _ => None,
    })
}

/// Runs the filter of clause `k` on a copy of frame `fp` placed above
/// everything live: the frames between the throw and this one still hold
/// state their finally blocks will use, and the frame's own evaluation
/// slots overlap its callee's. Arguments and locals the filter changes are
/// copied back. An exception escaping the filter means "no".
fn run_filter(
    m: &'static Method,
    code: &'static InterpCode,
    fp: *mut Slot,
    k: usize,
    start: u32,
    exc: *mut u8,
    depth: usize,
) -> bool {
    let n = code.frame_slots as usize;
    let top = thread::top();
    // SAFETY: the copy goes to free slots above the top, checked against
    // the limit; `fp` spans the frame's `n` slots.
    unsafe {
        if top.add(n) >= thread::limit() {
            return false;
        }
        std::ptr::copy_nonoverlapping(fp, top, n);
        let c = &code.clauses[k];
        *top.add(c.exc_slot as usize) = exc as Slot;
        *top.add(c.hold as usize) = exc as Slot;
    }
    // Frames above `depth` are not the filter's callers: hidden while it
    // runs, behind a barrier that keeps its own exceptions inside it.
    let hidden = CHAIN.with(|c| {
        let mut c = c.borrow_mut();
        let at = depth.min(c.len());
        c.split_off(at)
    });
    let mark = push(Entry::Barrier);
    exception::take_pending();
    let verdict = exec::run_filter(m, code, top, k, start);
    pop_to(mark);
    CHAIN.with(|c| c.borrow_mut().extend(hidden));
    if verdict.is_err() {
        exception::take_pending();
    }
    exception::set_pending(exc);
    // SAFETY: both ranges are the frames' argument and local slots.
    unsafe { std::ptr::copy_nonoverlapping(top, fp, (code.arg_slots + code.local_slots) as usize) };
    thread::set_top(top);
    verdict.unwrap_or(false)
}
