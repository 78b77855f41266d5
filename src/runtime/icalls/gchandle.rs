//! Mono's GCHandle internal calls: a table of handles, strong (Normal,
//! Pinned: the collector does not move objects, so pinning is holding) in
//! GC-scanned root cells, weak in cells the collector clears. A handle is
//! `(index + 1) << 2 | type`; freed slots are reused, so the table is as
//! large as the most handles alive at once.

use std::sync::Mutex;

use crate::abi::layout::{Slot, ARRAY_DATA_OFFSET, OBJECT_HEADER_SIZE, STRING_CHARS_OFFSET};
use crate::runtime::gc;
use crate::runtime::roots::{new_root, Root};
use crate::runtime::rt;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Runtime.InteropServices.GCHandle::GetTargetHandle", |fp| {
        let (obj, handle, kind) = (ao(fp, 0), ai(fp, 1), ai(fp, 2));
        ret(fp, set_target(obj, handle, kind)? as i64 as Slot)
    }),
    ("System.Runtime.InteropServices.GCHandle::GetTarget", |fp| ret_o(fp, target(ai(fp, 0))?)),
    ("System.Runtime.InteropServices.GCHandle::FreeHandle", |fp| {
        free(ai(fp, 0));
        Ok(())
    }),
    ("System.Runtime.InteropServices.GCHandle::GetAddrOfPinnedObject", |fp| {
        // -2 tells the managed side the handle is not pinned.
        if ai(fp, 0) & 3 != PINNED {
            return ret(fp, -2i64 as Slot);
        }
        let obj = target(ai(fp, 0))?;
        ret(fp, data_address(obj) as Slot)
    }),
    ("System.Runtime.InteropServices.GCHandle::CheckCurrentDomain", |fp| ret(fp, 1)),
];

// GCHandleType.
const WEAK_TRACK_RESURRECTION: i32 = 1;
const PINNED: i32 = 3;

enum Cell {
    Strong(Root),
    Weak(gc::WeakHandle),
    /// A freed slot, keeping the root cell of a strong handle for the next one.
    Free(Option<Root>),
}

/// The cells, behind a lock: GCHandle calls are rare next to the work
/// their targets do.
struct Table(Vec<Cell>);
// SAFETY: weak cells are written by the collector and by their owner under
// the lock; nothing in them is thread-affine.
unsafe impl Send for Table {}

static TABLE: Mutex<Table> = Mutex::new(Table(Vec::new()));

fn table() -> std::sync::MutexGuard<'static, Table> {
    TABLE.lock().unwrap_or_else(|e| e.into_inner())
}

fn bad_handle() -> Thrown {
    exception::throw_msg("System", "InvalidOperationException", "Handle is not initialized.")
}

fn index(handle: i32) -> Option<usize> {
    ((handle >> 2) as usize).checked_sub(1)
}

/// Allocates a handle of `kind` for `obj` (`handle` 0) or retargets `handle`.
fn set_target(obj: *mut u8, handle: i32, kind: i32) -> Result<i32, Thrown> {
    let mut t = table();
    if handle != 0 {
        let cell = index(handle).and_then(|i| t.0.get_mut(i)).ok_or_else(bad_handle)?;
        match cell {
            Cell::Strong(r) => r.set(obj),
            Cell::Weak(w) => w.set(obj),
            Cell::Free(_) => return Err(bad_handle()),
        }
        return Ok(handle);
    }
    let weak = kind <= WEAK_TRACK_RESURRECTION;
    // Strong handles reuse freed slots that kept a root cell, weak ones the others.
    let reuse = t.0.iter().position(|c| matches!(c, Cell::Free(r) if r.is_some() != weak));
    let cell = match reuse.map(|i| &t.0[i]) {
        _ if weak => Cell::Weak(gc::WeakHandle::new(obj)),
        Some(Cell::Free(Some(r))) => {
            r.set(obj);
            Cell::Strong(*r)
        }
        _ => Cell::Strong(new_root(obj)),
    };
    let i = match reuse {
        Some(i) => {
            t.0[i] = cell;
            i
        }
        None => {
            t.0.push(cell);
            t.0.len() - 1
        }
    };
    Ok(((i as i32 + 1) << 2) | kind.clamp(0, PINNED))
}

fn target(handle: i32) -> Result<*mut u8, Thrown> {
    let t = table();
    match index(handle).and_then(|i| t.0.get(i)) {
        Some(Cell::Strong(r)) => Ok(r.get()),
        Some(Cell::Weak(w)) => Ok(w.get()),
        _ => Err(bad_handle()),
    }
}

fn free(handle: i32) {
    let mut t = table();
    let Some(cell) = index(handle).and_then(|i| t.0.get_mut(i)) else { return };
    match cell {
        Cell::Strong(r) => {
            r.set(std::ptr::null_mut());
            *cell = Cell::Free(Some(*r));
        }
        Cell::Weak(_) => *cell = Cell::Free(None),
        Cell::Free(_) => {}
    }
}

/// Where a pinned object's data starts: an array's first element, a
/// string's first char, else the first field.
fn data_address(obj: *mut u8) -> usize {
    if obj.is_null() {
        return 0;
    }
    let c = object::obj_class(obj);
    let off = if c.is_array() {
        ARRAY_DATA_OFFSET
    } else if std::ptr::eq(c, rt().wk().string) {
        STRING_CHARS_OFFSET
    } else {
        OBJECT_HEADER_SIZE
    };
    obj as usize + off
}
