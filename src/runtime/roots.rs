//! Root slots: cells the collector scans, for references held by runtime
//! data structures that live in Rust memory (string literals, type objects).

use std::sync::Mutex;

use crate::runtime::gc;

/// A GC-scanned cell holding one object reference.
#[derive(Clone, Copy, Debug)]
pub struct Root(*mut *mut u8);

// SAFETY: a root cell is plain memory owned by the root table; concurrent
// writers publish whole pointers.
unsafe impl Send for Root {}
// SAFETY: as above.
unsafe impl Sync for Root {}

impl Root {
    pub fn get(self) -> *mut u8 {
        // SAFETY: the cell stays allocated for the life of the process.
        unsafe { *self.0 }
    }

    /// The address of the cell (compiled code reads the object from it).
    pub fn cell(self) -> *mut *mut u8 {
        self.0
    }

    pub fn set(self, obj: *mut u8) {
        // SAFETY: as in `get`.
        unsafe { *self.0 = obj }
    }
}

const CHUNK: usize = 1024;

struct Table {
    chunk: *mut *mut u8,
    used: usize,
}

// SAFETY: the raw chunk pointer is only touched under the mutex.
unsafe impl Send for Table {}

static TABLE: Mutex<Table> = Mutex::new(Table { chunk: std::ptr::null_mut(), used: CHUNK });

/// Allocates a root cell holding `obj`. Cells are never freed: they belong
/// to process-lifetime owners (images, classes).
pub fn new_root(obj: *mut u8) -> Root {
    let mut t = TABLE.lock().unwrap_or_else(|e| e.into_inner());
    if t.used == CHUNK {
        t.chunk = gc::alloc_root(CHUNK * std::mem::size_of::<*mut u8>()) as *mut *mut u8;
        t.used = 0;
    }
    // SAFETY: `used < CHUNK`, so the cell is inside the current chunk.
    let cell = unsafe { t.chunk.add(t.used) };
    t.used += 1;
    let r = Root(cell);
    r.set(obj);
    r
}
