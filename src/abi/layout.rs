//! Layouts shared by the runtime, the interpreter and generated code.
//!
//! Every struct here is `#[repr(C)]` and is the single definition of its
//! layout: other code (the LLVM codegen included) takes offsets from here
//! with `offset_of!`, never from literals. The runtime's records of classes
//! and methods appear only as opaque pointees ([`ClassRecord`],
//! [`MethodRecord`]); `types` converts them to its own types.

use std::ffi::c_void;
use std::mem::offset_of;
use std::sync::atomic::AtomicPtr;

/// What a vtable's `class` points to: the runtime's `types::Class`, opaque
/// to generated code.
#[repr(C)]
pub struct ClassRecord {
    _opaque: [u8; 0],
}

/// What a descriptor's `method` points to: the runtime's `types::Method`
/// (the interpreter record), opaque to generated code.
#[repr(C)]
pub struct MethodRecord {
    _opaque: [u8; 0],
}

/// Addresses below this are null for loads and stores through them: mono
/// turns a fault there into NullReferenceException, and so do the
/// interpreter and generated code, with a test instead of a fault.
pub const NULL_PAGE: u64 = 4096;

/// Header of every managed object.
#[repr(C)]
pub struct ObjectHeader {
    pub vtable: *const VTable,
    /// Reserved for monitors and hash codes; zero until used.
    pub sync: usize,
}

/// Header of every array, one-dimensional or not.
#[repr(C)]
pub struct ArrayHeader {
    pub obj: ObjectHeader,
    /// Null for SZ arrays; otherwise `rank` [`ArrayBound`]s stored after the
    /// elements' storage is sized (allocated in the same object).
    pub bounds: *mut ArrayBound,
    /// Total element count.
    pub length: usize,
}

/// One dimension of a multi-dimensional array.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ArrayBound {
    pub length: usize,
    pub lower: isize,
}

/// Header of a `System.String`; UTF-16 code units follow `first_char`.
#[repr(C)]
pub struct StringHeader {
    pub obj: ObjectHeader,
    pub length: i32,
    pub first_char: u16,
}

/// Function descriptor: the one way to call a managed method.
///
/// A call is always `(addr)(args..., arg)`; while `addr` is null callers
/// go through the runtime with `method`. Binding an AOT image sets `addr`
/// to the method's compiled code, or, for a method the image calls but does
/// not compile, to the entry wrapper for its signature with `arg` the
/// interpreter record (`method`); `arg` is always stored before `addr`.
#[repr(C)]
pub struct FtnDesc {
    pub addr: AtomicPtr<c_void>,
    pub arg: AtomicPtr<c_void>,
    pub method: *const MethodRecord,
}

impl FtnDesc {
    /// A descriptor without native code (`method` is filled in by its owner).
    pub const fn empty() -> FtnDesc {
        FtnDesc {
            addr: AtomicPtr::new(std::ptr::null_mut()),
            arg: AtomicPtr::new(std::ptr::null_mut()),
            method: std::ptr::null(),
        }
    }
}

// SAFETY: a descriptor changes only through its atomic `addr` and points to data that
// lives at least as long as the descriptor (see the design note's owners).
unsafe impl Sync for FtnDesc {}
// SAFETY: as above; nothing in it is thread-affine.
unsafe impl Send for FtnDesc {}

/// The per-class runtime vtable every object header points to.
///
/// `slots` holds one descriptor pointer per virtual method (interface
/// methods included, at the class's interface offsets); its real length is
/// `slot_count`, allocated together with the header.
#[repr(C)]
pub struct VTable {
    pub class: *const ClassRecord,
    pub slot_count: u32,
    /// Non-zero when objects of this class must be registered for finalization.
    pub has_finalizer: u32,
    /// Interface method table: per slot, a descriptor whose addr is an
    /// `runtime::imt::ImtThunk` (see there).
    pub imt: [AtomicPtr<FtnDesc>; IMT_SIZE],
    pub slots: [*const FtnDesc; 0],
}

/// Slots of every vtable's interface method table (a small prime).
pub const IMT_SIZE: usize = 19;

pub const OBJECT_HEADER_SIZE: usize = std::mem::size_of::<ObjectHeader>();
pub const ARRAY_DATA_OFFSET: usize = std::mem::size_of::<ArrayHeader>();
pub const ARRAY_LENGTH_OFFSET: usize = offset_of!(ArrayHeader, length);
pub const STRING_LENGTH_OFFSET: usize = offset_of!(StringHeader, length);
pub const STRING_CHARS_OFFSET: usize = offset_of!(StringHeader, first_char);
pub const VTABLE_SLOTS_OFFSET: usize = offset_of!(VTable, slots);
pub const VTABLE_IMT_OFFSET: usize = offset_of!(VTable, imt);
pub const OBJECT_VTABLE_OFFSET: usize = offset_of!(ObjectHeader, vtable);
pub const FTNDESC_ADDR_OFFSET: usize = offset_of!(FtnDesc, addr);
pub const FTNDESC_ARG_OFFSET: usize = offset_of!(FtnDesc, arg);

/// Interpreter value-stack slot. Every local, argument and evaluation-stack
/// entry occupies a whole number of slots.
pub type Slot = u64;
pub const SLOT_SIZE: usize = std::mem::size_of::<Slot>();

/// Slots needed to hold `bytes` bytes.
pub const fn slots_for(bytes: usize) -> usize {
    bytes.div_ceil(SLOT_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_match_the_corlib_contract() {
        // Mono's class libraries assume these (MonoString, MonoArray).
        assert_eq!(OBJECT_HEADER_SIZE, 16);
        assert_eq!(STRING_LENGTH_OFFSET, 16);
        assert_eq!(STRING_CHARS_OFFSET, 20);
        assert_eq!(ARRAY_DATA_OFFSET, 32);
    }
}
