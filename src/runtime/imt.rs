//! Interface method tables (IMT): how compiled code calls an interface
//! method without searching the receiver's interface list.
//!
//! Every vtable has `IMT_SIZE` slots; an interface method hashes to one of
//! them (`imt_slot`, stable across processes, so the AOT compiler computes
//! it). A slot holds a descriptor whose `addr` is an [`ImtThunk`]: called
//! with the interface method and the descriptor's `arg`, it returns the
//! descriptor of the implementation, or null when only the runtime can tell
//! (variant interfaces, arrays' interfaces): the caller then goes through
//! `call_virtual`.
//!
//! A class that implements interfaces starts with the *initial trampoline*
//! in every slot, with an info record {vtable, slot}. Its first call builds
//! the slot's table, picks the thunk specialised for its size (1, 2, 3 or N
//! entries), patches the slot and answers. Records, tables and descriptors
//! are allocated from the class allocator (its image's arena): they live as
//! long as the class.

use std::ffi::c_void;
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::abi::layout::{FtnDesc, VTable, IMT_SIZE};
use crate::types::class::Class;
use crate::types::method::Method;
use crate::util::Arena;

/// Returns the descriptor implementing interface method `m`, or null.
pub type ImtThunk = unsafe extern "C" fn(m: *const Method, table: *mut c_void) -> *const FtnDesc;

/// The IMT slot of interface method `m`.
pub fn imt_slot(m: &Method) -> usize {
    (m.rid as usize).wrapping_mul(31).wrapping_add(m.class.rid as usize) % IMT_SIZE
}

/// One (interface method, implementation) pair of a slot's table.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Entry {
    pub method: *const Method,
    pub target: *const FtnDesc,
}

/// A slot's table: its length, then the entries.
#[repr(C)]
struct Table {
    len: usize,
    entries: [Entry; 0],
}

/// What the initial trampoline of a slot needs.
#[repr(C)]
struct Init {
    vtable: *const VTable,
    slot: usize,
}

/// Every slot of classes without interfaces: nothing to find.
pub static NO_INTERFACES: FtnDesc = FtnDesc {
    addr: AtomicPtr::new(imt_none as ImtThunk as *mut c_void),
    arg: AtomicPtr::new(std::ptr::null_mut()),
    method: std::ptr::null(),
};

/// Fills the IMT of a fresh vtable of `class`.
///
/// # Safety
/// `vt` is the class's vtable, not yet visible to other threads.
pub unsafe fn init_imt(vt: *mut VTable, arena: &Arena, has_interfaces: bool) {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        for slot in 0..IMT_SIZE {
            let desc: *const FtnDesc = if has_interfaces {
                let init = arena.alloc(Init { vtable: vt, slot });
                arena.alloc(FtnDesc {
                    addr: AtomicPtr::new(imt_init as ImtThunk as *mut c_void),
                    arg: AtomicPtr::new(init as *mut Init as *mut c_void),
                    method: std::ptr::null(),
                })
            } else {
                &NO_INTERFACES
            };
            (*vt).imt[slot].store(desc as *mut FtnDesc, Ordering::Relaxed);
        }
    }
}

/// The thunks, by the table sizes they are specialised for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThunkKind {
    Empty,
    One,
    Two,
    Three,
    Many,
}

/// The thunk specialised for a table of `len` entries.
pub fn kind_for(len: usize) -> ThunkKind {
    match len {
        0 => ThunkKind::Empty,
        1 => ThunkKind::One,
        2 => ThunkKind::Two,
        3 => ThunkKind::Three,
        _ => ThunkKind::Many,
    }
}

fn thunk(kind: ThunkKind) -> ImtThunk {
    match kind {
        ThunkKind::Empty => imt_none,
        ThunkKind::One => imt_fixed::<1>,
        ThunkKind::Two => imt_fixed::<2>,
        ThunkKind::Three => imt_fixed::<3>,
        ThunkKind::Many => imt_n,
    }
}

/// A descriptor answering for `entries`, allocated from `arena`.
pub fn build(arena: &Arena, entries: &[Entry]) -> &'static FtnDesc {
    let words = 1 + entries.len() * 2;
    let mem = arena.alloc_slice(&vec![0usize; words]).as_ptr() as *mut usize;
    // SAFETY: `mem` is a fresh, word-aligned block of `words` words: the
    // length followed by the entries, as `Table` lays them out.
    unsafe {
        *mem = entries.len();
        let table = mem as *mut Table;
        let first = std::ptr::addr_of_mut!((*table).entries) as *mut Entry;
        std::ptr::copy_nonoverlapping(entries.as_ptr(), first, entries.len());
    }
    arena.alloc(FtnDesc {
        addr: AtomicPtr::new(thunk(kind_for(entries.len())) as *mut c_void),
        arg: AtomicPtr::new(mem as *mut c_void),
        method: std::ptr::null(),
    })
}

/// The (interface method, implementation) pairs of `class` for `slot`.
fn slot_entries(class: &'static Class, vt: &VTable, slot: usize) -> Vec<Entry> {
    let Ok(info) = class.info() else { return Vec::new() };
    let slots = std::ptr::addr_of!(vt.slots) as *const *const FtnDesc;
    let mut out = Vec::new();
    for (iface, offset) in &info.interfaces {
        let Ok(iinfo) = iface.info() else { continue };
        for (i, im) in iinfo.vtable.iter().enumerate() {
            let at = *offset as usize + i;
            if imt_slot(im) == slot && at < vt.slot_count as usize {
                // SAFETY: `at` is below the vtable's slot count.
                out.push(Entry { method: *im, target: unsafe { *slots.add(at) } });
            }
        }
    }
    out
}

/// The initial thunk of every IMT slot: builds the slot's table, patches
/// the slot and answers through the new thunk.
///
/// # Safety
/// Called only through an IMT slot descriptor made by `init_imt`, with
/// that descriptor's `arg`.
unsafe extern "C" fn imt_init(m: *const Method, arg: *mut c_void) -> *const FtnDesc {
    // SAFETY: `arg` is the `Init` record `init_imt` allocated for this slot.
    unsafe {
        let init = &*(arg as *const Init);
        let vt = &*init.vtable;
        let class = Class::from_record(vt.class);
        let desc = build(&class.image.arena, &slot_entries(class, vt, init.slot));
        // Two threads may build the same table: either result is correct.
        vt.imt[init.slot].store(desc as *const FtnDesc as *mut FtnDesc, Ordering::Release);
        let thunk: ImtThunk = std::mem::transmute::<*mut c_void, ImtThunk>(desc.addr.load(Ordering::Relaxed));
        thunk(m, desc.arg.load(Ordering::Relaxed))
    }
}

/// The entries of table `t`.
///
/// # Safety
/// `t` is a table made by [`build`].
unsafe fn entries<'a>(t: *mut c_void) -> &'a [Entry] {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        let table = t as *const Table;
        std::slice::from_raw_parts(std::ptr::addr_of!((*table).entries) as *const Entry, (*table).len)
    }
}

/// An IMT thunk (see [`ImtThunk`]).
///
/// # Safety
/// Installed only in a descriptor whose `arg` is any table (it reads none).
unsafe extern "C" fn imt_none(_: *const Method, _: *mut c_void) -> *const FtnDesc {
    std::ptr::null()
}

/// The IMT thunk for a table of exactly `N` entries: compares against
/// each with no loop left at run time (`N` is a constant).
///
/// # Safety
/// Installed only in a descriptor whose `arg` is a table of `N` entries.
unsafe extern "C" fn imt_fixed<const N: usize>(m: *const Method, t: *mut c_void) -> *const FtnDesc {
    // SAFETY: the table behind `t` has `N` entries (the contract), so the
    // first `N` are readable without consulting its length.
    let e =
        unsafe { std::slice::from_raw_parts(std::ptr::addr_of!((*(t as *const Table)).entries) as *const Entry, N) };
    for entry in e {
        if entry.method == m {
            return entry.target;
        }
    }
    std::ptr::null()
}

/// An IMT thunk (see [`ImtThunk`]).
///
/// # Safety
/// Installed only in a descriptor whose `arg` is a table made by `build`.
unsafe extern "C" fn imt_n(m: *const Method, t: *mut c_void) -> *const FtnDesc {
    // SAFETY: `t` is a table made by `build`.
    unsafe { entries(t).iter().find(|e| e.method == m).map_or(std::ptr::null(), |e| e.target) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distinct fake method and descriptor addresses (never dereferenced).
    fn fake(n: usize) -> Vec<Entry> {
        (1..=n).map(|i| Entry { method: (i * 16) as *const Method, target: (i * 16 + 8) as *const FtnDesc }).collect()
    }

    fn call(desc: &FtnDesc, m: *const Method) -> *const FtnDesc {
        // SAFETY: `desc` was made by `build`, whose addr is an ImtThunk.
        unsafe {
            let thunk: ImtThunk = std::mem::transmute::<*mut c_void, ImtThunk>(desc.addr.load(Ordering::Relaxed));
            thunk(m, desc.arg.load(Ordering::Relaxed))
        }
    }

    #[test]
    fn thunks_are_specialised_by_table_size() {
        use ThunkKind::*;
        let kinds: Vec<ThunkKind> = (0..7).map(kind_for).collect();
        assert_eq!(kinds, [Empty, One, Two, Three, Many, Many, Many]);
    }

    #[test]
    fn every_thunk_finds_each_entry_and_misses_others() {
        let arena = Arena::new();
        for n in 0..7 {
            let entries = fake(n);
            let desc = build(&arena, &entries);
            // A specialised thunk reads exactly its size; all must agree.
            for kind in [kind_for(n), ThunkKind::Many] {
                for e in &entries {
                    // SAFETY: `desc.arg` is a table of `n` entries, which `kind` handles.
                    assert_eq!(
                        unsafe { thunk(kind)(e.method, desc.arg.load(Ordering::Relaxed)) },
                        e.target,
                        "{kind:?} over {n}"
                    );
                }
            }
            for e in &entries {
                assert_eq!(call(desc, e.method), e.target, "table of {n}");
            }
            assert!(call(desc, 8 as *const Method).is_null(), "miss in a table of {n}");
        }
    }

    #[test]
    fn classes_without_interfaces_share_an_empty_slot() {
        assert!(call(&NO_INTERFACES, 16 as *const Method).is_null());
    }
}
