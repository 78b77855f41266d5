//! Stack overflow in compiled code: a guard zone on each attached thread's
//! native stack and the SIGSEGV handler that reports a fault in it.
//!
//! Compiled code does not check the stack: a check on every method entry
//! cost 15% on call-bound code (calls_fib, and 40% with the pending-exception
//! tests it forces after calls), so overflow is caught by the hardware as
//! NativeAOT and CoreCLR catch it, and ends the process with Mono's message
//! and exit code (1). It cannot be a catchable exception: compiled code has
//! no unwinder, and the faulting frame is half built. The interpreter's own
//! stack keeps raising a catchable StackOverflowException, as Mono does,
//! but a second overflow before it is caught ends the process too
//! (`thread::stack_overflow`).
//!
//! The zone lies `COMPILED_STACK` below the point where the thread attached,
//! far above the end of the thread's stack (sized for nested interpreter
//! frames): unbounded recursion stops after a bounded amount of memory.

use std::cell::Cell;
use std::sync::Once;

/// Native stack the thread may use below the point where it attached:
/// eight times Mono's default thread stack.
const COMPILED_STACK: usize = 64 << 20;
/// Size of the inaccessible zone; a frame larger than it could step over it
/// (compiled frames are a few hundred bytes; LLVM probes larger ones).
const GUARD_SIZE: usize = 256 << 10;
/// Alternate signal stack for the handler (it runs when the stack is full).
const ALT_STACK_SIZE: usize = 64 << 10;

thread_local! {
    /// This thread's guard zone `[start, end)`, or (0, 0).
    static ZONE: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// The SIGSEGV/SIGBUS actions in place before ours, for faults not ours.
static mut PREVIOUS: [Option<libc::sigaction>; 2] = [None, None];
static INSTALL: Once = Once::new();

/// The guard of one thread: removed (and its memory usable again) on drop.
pub struct Guard {
    zone: (usize, usize),
    /// The alternate signal stack allocated for this thread, if it had none.
    alt_stack: Option<usize>,
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
}

/// The lowest address of this thread's stack and the current position.
fn stack_bounds() -> Option<(usize, usize)> {
    let marker = std::hint::black_box(0u8);
    let here = std::ptr::addr_of!(marker) as usize;
    // SAFETY: `attr` is initialised by pthread_getattr_np before it is read
    // and destroyed once; the out-parameters are locals.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut low: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let ok = libc::pthread_attr_getstack(&attr, &mut low, &mut size) == 0;
        libc::pthread_attr_destroy(&mut attr);
        ok.then_some((low as usize, here))
    }
}

/// Puts a guard zone on the calling thread's stack when it is large enough
/// to hold `COMPILED_STACK` above one (the managed thread the CLI starts);
/// smaller stacks keep only their own guard page.
pub fn protect() -> Option<Guard> {
    let (low, here) = stack_bounds()?;
    let page = page_size();
    let end = here.checked_sub(COMPILED_STACK)? & !(page - 1);
    let start = end - GUARD_SIZE;
    if start < low + page {
        return None;
    }
    INSTALL.call_once(install);
    let alt_stack = ensure_alt_stack()?;
    // SAFETY: [start, end) is page-aligned, inside this thread's stack and
    // far below every live frame (the thread attaches near its top).
    if unsafe { libc::mprotect(start as *mut libc::c_void, GUARD_SIZE, libc::PROT_NONE) } != 0 {
        return None;
    }
    ZONE.with(|z| z.set((start, end)));
    Some(Guard { zone: (start, end), alt_stack })
}

impl Drop for Guard {
    fn drop(&mut self) {
        ZONE.with(|z| z.set((0, 0)));
        let (start, end) = self.zone;
        // SAFETY: the zone was part of this thread's stack before `protect`
        // made it inaccessible; it becomes ordinary stack again.
        unsafe { libc::mprotect(start as *mut libc::c_void, end - start, libc::PROT_READ | libc::PROT_WRITE) };
        if let Some(base) = self.alt_stack {
            let off = libc::stack_t { ss_sp: std::ptr::null_mut(), ss_flags: libc::SS_DISABLE, ss_size: 0 };
            // SAFETY: disables the alternate stack before unmapping it; the
            // handler is not running (we are in ordinary code).
            unsafe {
                libc::sigaltstack(&off, std::ptr::null_mut());
                libc::munmap(base as *mut libc::c_void, ALT_STACK_SIZE);
            }
        }
    }
}

/// Gives the thread an alternate signal stack unless it has one (Rust's
/// threads do). Returns the one allocated here, if any; None on failure.
fn ensure_alt_stack() -> Option<Option<usize>> {
    // SAFETY: stack_t is plain data; sigaltstack only reads/writes it.
    unsafe {
        let mut old: libc::stack_t = std::mem::zeroed();
        if libc::sigaltstack(std::ptr::null(), &mut old) != 0 {
            return None;
        }
        if old.ss_flags & libc::SS_DISABLE == 0 {
            return Some(None);
        }
        let base = libc::mmap(
            std::ptr::null_mut(),
            ALT_STACK_SIZE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if base == libc::MAP_FAILED {
            return None;
        }
        let new = libc::stack_t { ss_sp: base, ss_flags: 0, ss_size: ALT_STACK_SIZE };
        if libc::sigaltstack(&new, std::ptr::null_mut()) != 0 {
            libc::munmap(base, ALT_STACK_SIZE);
            return None;
        }
        Some(Some(base as usize))
    }
}

fn install() {
    for (k, sig) in [libc::SIGSEGV, libc::SIGBUS].into_iter().enumerate() {
        // SAFETY: sigaction is plain data; the handler is an
        // `extern "C" fn(c_int, *mut siginfo_t, *mut c_void)` as SA_SIGINFO
        // requires. PREVIOUS is written here only, under INSTALL, before any
        // guard exists (so before the handler can read it).
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_fault as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, &action, &mut old) == 0 {
                PREVIOUS[k] = Some(old);
            }
        }
    }
}

/// The signal handler: a fault in this thread's zone is a stack overflow;
/// anything else goes to the action that was there before.
extern "C" fn on_fault(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
    let addr = unsafe { (*info).si_addr() } as usize;
    // A const-initialised thread-local: no lazy initialisation here.
    let (start, end) = ZONE.with(|z| z.get());
    if addr >= start && addr < end {
        stack_overflow();
    }
    let k = usize::from(sig == libc::SIGBUS);
    // SAFETY: PREVIOUS is complete before any zone exists (see `install`).
    let previous = unsafe { (*std::ptr::addr_of!(PREVIOUS))[k] };
    match previous {
        Some(p) if p.sa_sigaction != libc::SIG_DFL && p.sa_sigaction != libc::SIG_IGN => {
            // SAFETY: the previous handler was installed for this signal
            // with the same flags convention (SA_SIGINFO or not).
            unsafe {
                if p.sa_flags & libc::SA_SIGINFO != 0 {
                    let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                        std::mem::transmute(p.sa_sigaction);
                    f(sig, info, ctx);
                } else {
                    let f: extern "C" fn(libc::c_int) = std::mem::transmute(p.sa_sigaction);
                    f(sig);
                }
            }
        }
        // Default action: returning re-runs the faulting instruction, which
        // then faults with the default action in place.
        _ => {
            // SAFETY: resets this signal's action to the default.
            unsafe { libc::signal(sig, libc::SIG_DFL) };
        }
    }
}

/// Ends the process as Mono does on an unhandled StackOverflowException,
/// with only async-signal-safe calls (and Console output written if no one
/// was in the middle of buffering it).
pub fn stack_overflow() -> ! {
    crate::runtime::icalls::flush_stdout_from_signal();
    let text = "System.StackOverflowException: The requested operation caused a stack overflow.\n";
    for part in ["\nUnhandled Exception:\n", text, "[ERROR] FATAL UNHANDLED EXCEPTION: ", text] {
        // SAFETY: write(2) is async-signal-safe; the buffer is a static str.
        unsafe { libc::write(2, part.as_ptr() as *const libc::c_void, part.len()) };
    }
    crate::runtime::generator::report_if_asked_from_signal();
    // SAFETY: _exit is async-signal-safe and ends the process at once.
    unsafe { libc::_exit(1) }
}
