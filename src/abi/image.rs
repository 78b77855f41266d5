//! What an AOT image exports for the loader, defined once: the symbol
//! names, the `#[repr(C)]` entries of its tables (the code generator builds
//! its LLVM types from [`TableDesc`], a test checks they agree), and the
//! stamp appended after the shared object.

use std::ffi::c_void;
use std::mem::{offset_of, size_of};

use super::libcalls::Ty;

/// `fn mx_init(libcalls: *const Libcalls, record: *const ImageRecord)`:
/// called first, before any other code of the image.
pub const INIT: &str = "mx_init";
/// The image's pointer to the runtime's libcall table (set by `mx_init`).
pub const LIBCALLS: &str = "mx_libcalls";
/// The image's pointer to its loader record (set by `mx_init`).
pub const IMAGE_RECORD: &str = "mx_image";
/// `u32`: number of references.
pub const REF_COUNT: &str = "mx_ref_count";
/// NUL-terminated text: one reference key (`abi::refs`) per line.
pub const REF_KEYS: &str = "mx_ref_keys";
/// Array of the addresses of the reference slots, in key order.
pub const REF_SLOTS: &str = "mx_ref_slots";
/// `u8` per reference: one of the `AT_*` values below.
pub const REF_AT_BIND: &str = "mx_ref_at_bind";
/// `u32`, 0 until a method with exception filters may run: the runtime
/// sets it in every bound image when it transforms the first such method.
/// Until then no frame needs showing to the first pass of exception
/// handling (its filters are what it looks for), and compiled code skips
/// `eh_enter`.
pub const FILTERS_SEEN: &str = "mx_filters_seen";

/// The executable's thread-local `Slot`: a copy of this thread's pending
/// exception (non-null while one is pending), which compiled code tests
/// through an initial-exec TLS reference (`runtime/native/thread_state.c`).
pub const PENDING: &str = "mx_pending";

/// Resolved by compiled code on first use.
pub const AT_FIRST_USE: u8 = 0;
/// Resolved when the image is bound; a failure refuses the image.
pub const AT_BIND: u8 = 1;
/// Tried when the image is bound; a failure is raised at first use.
pub const TRY_AT_BIND: u8 = 2;

/// One compiled method (`mx_methods`).
#[repr(C)]
pub struct MethodEntry {
    /// Index of the method's `m:` reference.
    pub method_ref: u32,
    /// Out wrapper `fn(fp: *mut Slot) -> u32`, for the interpreter.
    pub wrapper: *const c_void,
    /// The compiled body (only the image's own code calls it directly).
    pub body: *const c_void,
    /// What descriptors call: the body, or for value-type instance methods
    /// its unboxing entry (descriptor callers hold a box).
    pub entry: *const c_void,
}

/// The entry wrapper of a method the image calls but does not compile (`mx_entries`).
#[repr(C)]
pub struct EntryWrapperEntry {
    /// Index of the method's `d:` reference.
    pub desc_ref: u32,
    pub wrapper: *mut c_void,
}

/// The callback handler of one delegate type (`mx_callbacks`): what native
/// code calling a delegate reaches through the delegate's thunk
/// (`runtime::thunks`). A handler has the C signature of the delegate's
/// `Invoke` preceded by the delegate itself, passed as a `nest` parameter
/// (LLVM's static chain: r10 on x86-64, a register C calls leave free,
/// which the thunk loads before it jumps to the handler).
#[repr(C)]
pub struct CallbackEntry {
    /// Index of the delegate's `Invoke` (`m:` reference).
    pub invoke_ref: u32,
    pub handler: *const c_void,
}

/// An exported table as the code generator emits it: the symbols of the
/// table and its length, and each field's kind and offset.
pub struct TableDesc {
    pub name: &'static str,
    pub count: &'static str,
    pub fields: &'static [(Ty, usize)],
    pub size: usize,
}

pub const METHODS: TableDesc = TableDesc {
    name: "mx_methods",
    count: "mx_count",
    fields: &[
        (Ty::I32, offset_of!(MethodEntry, method_ref)),
        (Ty::Ptr, offset_of!(MethodEntry, wrapper)),
        (Ty::Ptr, offset_of!(MethodEntry, body)),
        (Ty::Ptr, offset_of!(MethodEntry, entry)),
    ],
    size: size_of::<MethodEntry>(),
};

pub const ENTRIES: TableDesc = TableDesc {
    name: "mx_entries",
    count: "mx_entry_count",
    fields: &[(Ty::I32, offset_of!(EntryWrapperEntry, desc_ref)), (Ty::Ptr, offset_of!(EntryWrapperEntry, wrapper))],
    size: size_of::<EntryWrapperEntry>(),
};

pub const CALLBACKS: TableDesc = TableDesc {
    name: "mx_callbacks",
    count: "mx_callback_count",
    fields: &[(Ty::I32, offset_of!(CallbackEntry, invoke_ref)), (Ty::Ptr, offset_of!(CallbackEntry, handler))],
    size: size_of::<CallbackEntry>(),
};

/// Starts every stamp; the version changes whenever anything in `abi` does.
pub const STAMP_MARKER: &[u8; 8] = b"MXAOTv06";

/// The stamp of an image: the marker, the module version ids it was
/// compiled against (the assembly's, the corlib's, then every referenced
/// assembly's, zero for one that could not be loaded) and the build id.
pub fn stamp(mvids: impl IntoIterator<Item = [u8; 16]>, build: u64) -> Vec<u8> {
    let mut v = STAMP_MARKER.to_vec();
    for id in mvids {
        v.extend_from_slice(&id);
    }
    v.extend_from_slice(&build.to_le_bytes());
    v
}

/// Identifies this build of monoxide: its version and its executable's
/// size and modification time, so that an image made by an earlier build
/// (whose layouts and libcalls may differ) is refused.
pub fn build_id() -> u64 {
    use std::hash::{Hash, Hasher};
    static ID: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *ID.get_or_init(|| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        if let Some(meta) = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok()) {
            meta.len().hash(&mut h);
            meta.modified().ok().hash(&mut h);
        }
        h.finish()
    })
}
