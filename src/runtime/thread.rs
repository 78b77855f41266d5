//! Per-thread runtime state: the interpreter stack, the pending exception
//! and the guard against native stack overflow (`stack_guard`).
//!
//! The first two live in uncollectable GC memory, so the collector scans
//! every interpreter frame and the exception in flight.

use std::cell::Cell;

use crate::abi::layout::Slot;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::{gc, stack_guard};

/// Interpreter stack size in slots (8 MiB).
const STACK_SLOTS: usize = 1 << 20;
/// Slots past the limit kept for constructing the StackOverflowException
/// itself (its constructor is managed code too); the last 64 leave room
/// for a callee's result and link slots.
const RESERVE_SLOTS: usize = 8192;

extern "C" {
    // runtime/native/thread_state.c: this thread's `abi::image::PENDING`.
    fn mx_set_pending(exception: *mut u8);
}

thread_local! {
    static TOP: Cell<*mut Slot> = const { Cell::new(std::ptr::null_mut()) };
    static LIMIT: Cell<*mut Slot> = const { Cell::new(std::ptr::null_mut()) };
    static PENDING: Cell<*mut *mut u8> = const { Cell::new(std::ptr::null_mut()) };
    /// A StackOverflowException was raised and no handler has caught it yet.
    static OVERFLOWING: Cell<bool> = const { Cell::new(false) };
}

/// A thread attached to the runtime; detaches (and frees its stack) on drop.
pub struct Attached {
    stack: *mut u8,
    pending: *mut u8,
    _gc: gc::ThreadRegistration,
    _guard: Option<stack_guard::Guard>,
}

pub fn attach() -> Attached {
    let reg = gc::register_thread();
    let stack = gc::alloc_root(STACK_SLOTS * std::mem::size_of::<Slot>());
    let pending = gc::alloc_root(std::mem::size_of::<*mut u8>());
    TOP.with(|t| t.set(stack as *mut Slot));
    // SAFETY: the limit stays inside the block just allocated.
    LIMIT.with(|l| l.set(unsafe { (stack as *mut Slot).add(STACK_SLOTS - 64 - RESERVE_SLOTS) }));
    PENDING.with(|p| p.set(pending as *mut *mut u8));
    Attached { stack, pending, _gc: reg, _guard: stack_guard::protect() }
}

impl Drop for Attached {
    fn drop(&mut self) {
        TOP.with(|t| t.set(std::ptr::null_mut()));
        LIMIT.with(|l| l.set(std::ptr::null_mut()));
        PENDING.with(|p| p.set(std::ptr::null_mut()));
        // SAFETY: both blocks came from alloc_root and nothing refers to
        // them once the thread-locals are cleared.
        unsafe {
            gc::free_root(self.stack);
            gc::free_root(self.pending);
        }
    }
}

/// First free slot of the interpreter stack.
#[inline(always)]
pub fn top() -> *mut Slot {
    TOP.with(|t| t.get())
}

#[inline(always)]
pub fn set_top(p: *mut Slot) {
    TOP.with(|t| t.set(p))
}

/// Zeroes up to `n` free slots from `from` (at or above the stack top).
pub fn clear_slots(from: *mut Slot, n: usize) {
    let end = limit();
    if from.is_null() || from >= end {
        return;
    }
    // SAFETY: [from, from + n) is clamped to this thread's stack block and
    // holds no live frame (callers pass the stack top).
    unsafe { std::ptr::write_bytes(from, 0, n.min(end.offset_from(from) as usize)) }
}

/// Lets the stack grow into its reserve until the guard drops: raising a
/// StackOverflowException runs its constructor on a full stack.
pub fn use_reserve() -> impl Drop {
    struct Restore(*mut Slot);
    impl Drop for Restore {
        fn drop(&mut self) {
            LIMIT.with(|l| l.set(self.0));
        }
    }
    let normal = limit();
    if !normal.is_null() {
        // SAFETY: the reserve lies inside the stack block, below its last 64
        // slots (see `attach`).
        LIMIT.with(|l| l.set(unsafe { normal.add(RESERVE_SLOTS) }));
    }
    Restore(normal)
}

/// The interpreter stack is full. The first overflow raises a catchable
/// StackOverflowException, as Mono does for managed code; another one
/// before a handler has caught it (a `finally` on the way recursing again)
/// ends the process, as Mono's second fault in its unrestored guard page
/// does, instead of unwinding through ever more recursion.
pub fn stack_overflow() -> Thrown {
    if OVERFLOWING.with(|o| o.replace(true)) {
        stack_guard::stack_overflow();
    }
    exception::throw_new("System", "StackOverflowException")
}

/// An exception reached a catch handler: the stack has unwound to it.
/// After an overflow, the next one is catchable again only once the stack
/// has unwound below half its size. A handler near the overflow point
/// that lets the program recurse again (a catch-all around recursion)
/// would otherwise overflow and catch for ever; Mono, whose overflow there
/// comes in its native code, ends the process.
pub fn overflow_caught() {
    if !OVERFLOWING.with(|o| o.get()) {
        return;
    }
    let (top, limit) = (top() as usize, limit() as usize);
    let usable = (STACK_SLOTS - 64 - RESERVE_SLOTS) * std::mem::size_of::<Slot>();
    if limit.saturating_sub(top) > usable / 2 {
        OVERFLOWING.with(|o| o.set(false));
    }
}

#[inline(always)]
pub fn limit() -> *mut Slot {
    LIMIT.with(|l| l.get())
}

/// Sets this thread's pending exception (null: none): the GC-scanned cell
/// and compiled code's copy.
pub fn set_pending(obj: *mut u8) {
    // SAFETY: the cell is valid while the thread is attached; the copy is
    // this thread's own thread-local.
    unsafe {
        *pending_cell() = obj;
        mx_set_pending(obj);
    }
}

pub fn pending_cell() -> *mut *mut u8 {
    PENDING.with(|p| p.get())
}
