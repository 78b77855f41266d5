//! The managed heap: Boehm GC through its C API.
//!
//! Only managed objects and the root areas the collector must scan come from
//! here. Everything the collector must see (interpreter stacks, statics,
//! handles, the pending exception) lives in uncollectable memory.

use std::ffi::{c_int, c_void};
use std::sync::Once;

#[repr(C)]
struct GcStackBase {
    mem_base: *mut c_void,
    reg_base: *mut c_void,
}

type Finalizer = unsafe extern "C" fn(obj: *mut c_void, data: *mut c_void);

#[link(name = "gc")]
extern "C" {
    fn GC_init();
    fn GC_malloc(size: usize) -> *mut c_void;
    fn GC_malloc_atomic(size: usize) -> *mut c_void;
    fn GC_malloc_uncollectable(size: usize) -> *mut c_void;
    fn GC_free(p: *mut c_void);
    fn GC_gcollect();
    fn GC_invoke_finalizers() -> c_int;
    fn GC_should_invoke_finalizers() -> c_int;
    fn GC_get_gc_no() -> usize;
    fn GC_set_finalize_on_demand(v: c_int);
    fn GC_register_finalizer_no_order(
        obj: *mut c_void,
        f: Option<Finalizer>,
        cd: *mut c_void,
        ofn: *mut Option<Finalizer>,
        ocd: *mut *mut c_void,
    );
    fn GC_general_register_disappearing_link(link: *mut *mut c_void, obj: *const c_void) -> c_int;
    fn GC_register_long_link(link: *mut *mut c_void, obj: *const c_void) -> c_int;
    fn GC_unregister_long_link(link: *mut *mut c_void) -> c_int;
    fn GC_unregister_disappearing_link(link: *mut *mut c_void) -> c_int;
    fn GC_get_heap_size() -> usize;
    fn GC_get_free_bytes() -> usize;
    fn GC_allow_register_threads();
    fn GC_get_stack_base(sb: *mut GcStackBase) -> c_int;
    fn GC_register_my_thread(sb: *const GcStackBase) -> c_int;
    fn GC_unregister_my_thread() -> c_int;
}

static INIT: Once = Once::new();

/// Initialises the collector; called once from the main thread.
pub fn init() {
    INIT.call_once(|| {
        // SAFETY: GC_init is called once, from the main thread, before any
        // other GC function; the setters only change collector policy.
        unsafe {
            GC_init();
            GC_set_finalize_on_demand(1);
            GC_allow_register_threads();
        }
    });
}

/// Registers the calling thread so that its stack is scanned; the returned
/// guard unregisters it.
pub fn register_thread() -> ThreadRegistration {
    init();
    let mut sb = GcStackBase { mem_base: std::ptr::null_mut(), reg_base: std::ptr::null_mut() };
    // SAFETY: `sb` is a valid out-pointer; registering the current thread is
    // allowed after GC_allow_register_threads (done in init).
    unsafe {
        GC_get_stack_base(&mut sb);
        GC_register_my_thread(&sb);
    }
    ThreadRegistration(())
}

pub struct ThreadRegistration(());

impl Drop for ThreadRegistration {
    fn drop(&mut self) {
        // SAFETY: the thread was registered by `register_thread`.
        unsafe {
            GC_unregister_my_thread();
        }
    }
}

/// Zeroed, scanned memory for objects that may hold references.
pub fn alloc(size: usize) -> *mut u8 {
    let p = try_alloc(size, true);
    assert!(!p.is_null(), "managed heap exhausted");
    p
}

/// Zeroed memory for a managed object, scanned when it may hold
/// references; null when the heap cannot provide it (the caller raises
/// OutOfMemoryException).
pub fn try_alloc(size: usize, scanned: bool) -> *mut u8 {
    if scanned {
        // SAFETY: plain allocation; GC_malloc returns zeroed memory or null.
        unsafe { GC_malloc(size) as *mut u8 }
    } else {
        // SAFETY: GC_malloc_atomic returns `size` writable bytes (not
        // zeroed) or null.
        unsafe {
            let p = GC_malloc_atomic(size) as *mut u8;
            if !p.is_null() {
                std::ptr::write_bytes(p, 0, size);
            }
            p
        }
    }
}

/// Zeroed memory the collector scans but never frees: root areas.
pub fn alloc_root(size: usize) -> *mut u8 {
    // SAFETY: GC_malloc_uncollectable returns zeroed memory or null.
    let p = unsafe { GC_malloc_uncollectable(size) } as *mut u8;
    assert!(!p.is_null(), "managed heap exhausted");
    p
}

/// Frees a root area from [`alloc_root`].
///
/// # Safety
/// `p` must come from `alloc_root` and must not be used afterwards.
pub unsafe fn free_root(p: *mut u8) {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe { GC_free(p as *mut c_void) }
}

pub fn collect() {
    // SAFETY: no preconditions.
    unsafe { GC_gcollect() }
}

/// Runs the finalizers of objects found unreachable; returns how many ran.
pub fn run_finalizers() -> usize {
    // SAFETY: called on a registered thread at a point where managed code may run.
    unsafe { GC_invoke_finalizers() as usize }
}

/// Are finalizers of unreachable objects waiting to run?
pub fn finalizers_pending() -> bool {
    // SAFETY: no preconditions; reads a collector flag.
    unsafe { GC_should_invoke_finalizers() != 0 }
}

/// Number of collections so far.
pub fn collection_count() -> usize {
    // SAFETY: no preconditions.
    unsafe { GC_get_gc_no() }
}

pub type FinalizerFn = unsafe extern "C" fn(obj: *mut c_void, data: *mut c_void);

/// Asks the collector to call `f` (from [`run_finalizers`]) once `obj` is unreachable.
pub fn register_finalizer(obj: *mut u8, f: FinalizerFn) {
    // SAFETY: `obj` is the start of a GC-allocated object.
    unsafe {
        GC_register_finalizer_no_order(
            obj as *mut c_void,
            Some(f),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    }
}

/// Removes any finalizer of `obj` (GC.SuppressFinalize).
pub fn unregister_finalizer(obj: *mut u8) {
    // SAFETY: as in register_finalizer; a null finalizer unregisters.
    unsafe {
        GC_register_finalizer_no_order(
            obj as *mut c_void,
            None,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    }
}

/// Makes `*link`, which holds `obj`, a weak reference: when `obj` becomes
/// unreachable the collector sets it to null and forgets the link. False
/// when the collector has no memory for the link.
///
/// # Safety
/// `obj` is the start of a live GC object; `link` stays valid while it is
/// registered, in memory the collector does not scan (else it would keep
/// `obj` alive).
pub unsafe fn register_weak_cell(link: *mut *mut c_void, obj: *mut u8) -> bool {
    const GC_NO_MEMORY: c_int = 2;
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe { GC_general_register_disappearing_link(link, obj as *const c_void) != GC_NO_MEMORY }
}

/// A weak handle: a cell the collector clears when its target dies. The cell
/// lives in Rust memory, which the collector does not scan, so it does not
/// keep the target alive.
pub struct WeakHandle(Box<*mut c_void>);

impl WeakHandle {
    pub fn new(target: *mut u8) -> WeakHandle {
        let mut h = WeakHandle(Box::new(std::ptr::null_mut()));
        h.set(target);
        h
    }

    pub fn get(&self) -> *mut u8 {
        *self.0 as *mut u8
    }

    pub fn set(&mut self, target: *mut u8) {
        let link: *mut *mut c_void = &mut *self.0;
        // SAFETY: `link` points into our Box, which outlives the registration
        // (unregistered in Drop and before re-registration).
        unsafe {
            GC_unregister_disappearing_link(link);
            *link = target as *mut c_void;
            if !target.is_null() {
                GC_general_register_disappearing_link(link, target as *const c_void);
            }
        }
    }
}

impl Drop for WeakHandle {
    fn drop(&mut self) {
        let link: *mut *mut c_void = &mut *self.0;
        // SAFETY: the link was registered by `set` (unregistering an
        // unregistered link is a no-op).
        unsafe {
            GC_unregister_disappearing_link(link);
        }
    }
}

/// A long weak handle: the collector clears it only when its target is
/// reclaimed, after its finalizer ran and no finalizer brought it back to
/// life. Like [`WeakHandle`], it does not keep the target alive.
pub struct LongWeakHandle(Box<*mut c_void>);

// SAFETY: the cell is only written by the collector (clearing it) and read
// by its owner; nothing in it is thread-affine.
unsafe impl Send for LongWeakHandle {}

impl LongWeakHandle {
    /// `target` must be the start of a live GC object.
    pub fn new(target: *mut u8) -> LongWeakHandle {
        let mut h = LongWeakHandle(Box::new(target as *mut c_void));
        let link: *mut *mut c_void = &mut *h.0;
        // SAFETY: `link` points into our Box, which outlives the registration
        // (unregistered in Drop); `target` is a live GC object.
        unsafe {
            GC_register_long_link(link, target as *const c_void);
        }
        h
    }

    /// Has the target been reclaimed?
    pub fn is_cleared(&self) -> bool {
        self.0.is_null()
    }
}

impl Drop for LongWeakHandle {
    fn drop(&mut self) {
        let link: *mut *mut c_void = &mut *self.0;
        // SAFETY: registered in `new` (unregistering a cleared link is a no-op).
        unsafe {
            GC_unregister_long_link(link);
        }
    }
}

pub fn heap_size() -> usize {
    // SAFETY: no preconditions.
    unsafe { GC_get_heap_size() }
}

pub fn free_bytes() -> usize {
    // SAFETY: no preconditions.
    unsafe { GC_get_free_bytes() }
}
