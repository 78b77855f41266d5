//! Loading AOT images made by `monoxide aot` and binding their compiled
//! methods. An image is checked before it is loaded: its stamp (module
//! version id and compiler version) must match the assembly, so a stale or
//! foreign image is refused without running any of its code.
//!
//! Binding fills the image's reference slots (`codegen::refs` keys), then
//! gives each compiled method its out wrapper (`Method::native`, which the
//! interpreter's calls prefer) and its body (`FtnDesc::addr`, which compiled
//! callers and vtable calls use).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::codegen::{corlib_image_path, image_path, refs, stamp, STAMP_MARKER};
use crate::metadata::Image;
use crate::abi::libcalls::{ImageRecord, Libcalls};
use crate::runtime::libcalls::LIBCALLS;
use crate::abi::layout::FtnDesc;
use crate::types::method::Method;

/// Loaded images stay mapped for the life of the process: compiled code
/// may be running or referenced from method records at any time.
static LOADED: Mutex<Vec<libloading::Library>> = Mutex::new(Vec::new());

/// Set by `--mode aot|llvmonly`: every assembly loaded from then on binds
/// the image beside it.
static ENABLED: AtomicBool = AtomicBool::new(false);

#[repr(C)]
struct Entry {
    /// Index of the method's `m:` reference.
    method_ref: u32,
    wrapper: *const std::ffi::c_void,
    /// The compiled body (only the image's own code calls it directly).
    _body: *const std::ffi::c_void,
    /// What descriptors call: the body, or for value-type instance methods
    /// its unboxing entry (descriptor callers hold a box).
    entry: *const std::ffi::c_void,
}

/// Set by `--mode aot` (not `llvmonly`): entry wrappers missing from the
/// images may be generated at run time.
static JIT: AtomicBool = AtomicBool::new(false);

/// Turns AOT binding on (and run-time wrapper generation with `jit`) and
/// binds the corlib's cached image, if any.
pub fn enable(corlib: &'static Image, jit: bool) -> Result<usize, String> {
    ENABLED.store(true, Ordering::Release);
    JIT.store(jit, Ordering::Release);
    let so = corlib_image_path(corlib);
    if !so.exists() {
        return Ok(0);
    }
    bind(corlib, &so)
}

/// Called for every assembly loaded from a file.
pub fn on_load(img: &'static Image, assembly: &Path) -> Result<usize, String> {
    if !ENABLED.load(Ordering::Acquire) {
        return Ok(0);
    }
    let so = image_path(assembly);
    if !so.exists() {
        return Ok(0);
    }
    bind(img, &so)
}

/// Ok when `so` is an image compiled from exactly `img` by this monoxide.
pub fn check_stamp(img: &'static Image, so: &Path) -> Result<(), String> {
    use std::io::{Read, Seek, SeekFrom};
    let want = stamp(img);
    // The stamp, then its length as a u32, end the file (appended by
    // `codegen::compile_image`).
    let read = std::fs::File::open(so).and_then(|mut f| {
        let mut len = [0u8; 4];
        f.seek(SeekFrom::End(-4))?;
        f.read_exact(&mut len)?;
        let len = u32::from_le_bytes(len) as i64;
        if len < STAMP_MARKER.len() as i64 || len > 1 << 16 {
            return Ok(Vec::new());
        }
        let mut tail = vec![0u8; len as usize];
        f.seek(SeekFrom::End(-4 - len))?;
        f.read_exact(&mut tail)?;
        Ok(tail)
    });
    match read {
        Err(e) if e.kind() != std::io::ErrorKind::InvalidInput && e.kind() != std::io::ErrorKind::UnexpectedEof => {
            Err(format!("cannot read {}: {e}", so.display()))
        }
        Ok(tail) if tail == want => Ok(()),
        Ok(tail) if tail.starts_with(STAMP_MARKER) => Err(format!(
            "refusing stale AOT image {}: it was compiled from a different build of {} (or of an assembly it references) or by another monoxide",
            so.display(),
            img.name
        )),
        _ => Err(format!("refusing {}: not a monoxide AOT image", so.display())),
    }
}

/// Binds image `so` to the methods of `img`. Returns how many methods now
/// run compiled; Err explains a refusal.
fn bind(img: &'static Image, so: &Path) -> Result<usize, String> {
    check_stamp(img, so)?;
    // dlopen searches the library path for names without a directory.
    let so = so.canonicalize().unwrap_or_else(|_| so.to_path_buf());
    // SAFETY: the image was produced by `monoxide aot` for exactly this
    // assembly (checked above); loading it runs no initialisers of ours.
    let lib = unsafe { libloading::Library::new(&so) }.map_err(|e| format!("cannot load {}: {e}", so.display()))?;
    let slots = resolve_refs(&lib).map_err(|e| format!("cannot bind {}: {e}", so.display()))?;
    // SAFETY: `emit_table` gives `mx_methods` entries of this layout.
    let table: &[Entry] = unsafe { exported_table(&lib, b"mx_methods\0", b"mx_count\0")? };
    for e in table {
        // SAFETY: `method_ref` indexes the slots just resolved, and an `m:`
        // slot holds a `Method`.
        let m = unsafe { &*(*slots.get(e.method_ref as usize).ok_or("bad method table")? as *const Method) };
        m.native.store(e.wrapper as *mut std::ffi::c_void, Ordering::Release);
        m.desc.addr.store(e.entry as *mut std::ffi::c_void, Ordering::Release);
    }
    bind_entries(&lib, &slots)?;
    bind_pools(&lib, &slots)?;
    let count = table.len();
    tracing::debug!("bound {count} compiled methods of {} from {}", img.name, so.display());
    LOADED.lock().unwrap_or_else(|e| e.into_inner()).push(lib);
    Ok(count)
}

/// Gives the descriptors of interpreted methods the image calls their
/// entry wrapper (`mx_entries`), unless some image already bound code.
fn bind_entries(lib: &libloading::Library, slots: &[*const u8]) -> Result<(), String> {
    #[repr(C)]
    struct EntryWrapper {
        desc_ref: u32,
        wrapper: *mut std::ffi::c_void,
    }
    // SAFETY: `emit_entries` gives `mx_entries` entries of this layout; a
    // `d:` slot holds a method's descriptor.
    unsafe {
        for e in exported_table::<EntryWrapper>(lib, b"mx_entries\0", b"mx_entry_count\0")? {
            let desc = *slots.get(e.desc_ref as usize).ok_or("bad entry table")? as *const FtnDesc;
            if !desc.is_null() {
                install_entry(&*desc, e.wrapper);
            }
        }
    }
    Ok(())
}

/// Whether code may be generated at run time: in every mode but `llvmonly`.
pub fn codegen_allowed() -> bool {
    !ENABLED.load(Ordering::Relaxed) || JIT.load(Ordering::Relaxed)
}

/// Compiled code is calling `m` through the runtime because its descriptor
/// has no native code: in `aot` mode, give it the JIT-compiled entry
/// wrapper of its signature so the next call is a plain native call.
pub fn wrap_on_first_call(m: &'static Method) {
    if !JIT.load(Ordering::Relaxed) || !m.desc.addr.load(Ordering::Relaxed).is_null() {
        return;
    }
    // Internal calls have no interpreter record; value-type methods'
    // descriptors expect a box, which entry wrappers do not unpack.
    if m.is_internal_call() || (m.class.is_valuetype() && !m.is_static()) {
        return;
    }
    if let Some(w) = crate::codegen::jit::entry_wrapper(m) {
        install_entry(&m.desc, w);
    }
}

/// Registers the image's callback trampolines (`mx_pools`).
fn bind_pools(lib: &libloading::Library, slots: &[*const u8]) -> Result<(), String> {
    #[repr(C)]
    struct PoolEntry {
        invoke_ref: u32,
        fns: *const usize,
        slots: *mut usize,
    }
    // SAFETY: `emit_pools` gives `mx_pools` entries of this layout; an `m:`
    // slot holds a `Method`; each pool has POOL_SIZE trampolines and slots.
    unsafe {
        for e in exported_table::<PoolEntry>(lib, b"mx_pools\0", b"mx_pool_count\0")? {
            let invoke = &*(*slots.get(e.invoke_ref as usize).ok_or("bad pool table")? as *const Method);
            let fns = std::slice::from_raw_parts(e.fns, crate::runtime::pinvoke::POOL_SIZE).to_vec();
            if let Some(key) = crate::runtime::pinvoke::callback_key(invoke) {
                let pool = Box::leak(Box::new(crate::runtime::pinvoke::Pool::new(fns, e.slots)));
                crate::runtime::pinvoke::register_pool(key, pool);
            }
        }
    }
    Ok(())
}

/// The image's exported table `name` of `count` entries.
///
/// # Safety
/// The image must export `name` as an array of `T` and `count` as its
/// length (`codegen::wrapper::export_table`).
unsafe fn exported_table<'a, T>(lib: &'a libloading::Library, name: &[u8], count: &[u8]) -> Result<&'a [T], String> {
    let n = **lib.get::<*const u32>(count).map_err(|e| e.to_string())? as usize;
    let table = *lib.get::<*const T>(name).map_err(|e| e.to_string())?;
    Ok(if n == 0 { &[] } else { std::slice::from_raw_parts(table, n) })
}

/// Points `desc` (of a method without native code) at entry wrapper `w`.
pub fn install_entry(desc: &FtnDesc, w: *mut std::ffi::c_void) {
    if desc.addr.load(Ordering::Acquire).is_null() {
        desc.arg.store(desc.method as *mut std::ffi::c_void, Ordering::Relaxed);
        let _ = desc.addr.compare_exchange(std::ptr::null_mut(), w, Ordering::AcqRel, Ordering::Acquire);
    }
}

/// An image's references as the loader keeps them: compiled code resolves
/// the lazy ones through it (`Libcalls::resolve_ref`). Owned by `RECORDS`,
/// for the life of the process, like the image.
pub struct ImageRefs {
    keys: Vec<String>,
    slots: *const *mut *const u8,
}

// SAFETY: `slots` points into the loaded image, which is never unloaded;
// filling a slot twice stores the same value.
unsafe impl Send for ImageRefs {}
// SAFETY: as above.
unsafe impl Sync for ImageRefs {}

impl ImageRefs {
    /// The record behind the pointer an image was initialised with.
    ///
    /// # Safety
    /// `r` is the record `mx_init` received: a live `ImageRefs` (kept in
    /// `RECORDS` for the life of the process).
    pub unsafe fn from_record<'a>(r: *const ImageRecord) -> &'a ImageRefs {
        // SAFETY: by the caller's contract.
        unsafe { &*(r as *const ImageRefs) }
    }

    pub fn resolve(&self, i: usize) -> Result<*const u8, crate::metadata::error::LoadError> {
        let line =
            self.keys.get(i).ok_or_else(|| crate::metadata::error::LoadError::BadImage("bad reference".into()))?;
        let v = refs::resolve(line)?;
        // SAFETY: `i` indexes the image's `mx_ref_slots` (as many as keys).
        unsafe { **self.slots.add(i) = v };
        Ok(v)
    }
}

/// Records kept for lazy resolution, one per bound image; boxed because
/// images hold their address.
#[allow(clippy::vec_box)]
static RECORDS: Mutex<Vec<Box<ImageRefs>>> = Mutex::new(Vec::new());

/// Calls the image's init entry point with the runtime's libcall table and
/// its reference record, and resolves the references marked for bind time (`mx_ref_at_bind`); returns
/// the slot values (null for those left to first use or failing).
fn resolve_refs(lib: &libloading::Library) -> Result<Vec<*const u8>, String> {
    // SAFETY: the symbols have the types `codegen::lower::Unit` gives them;
    // `mx_init` only stores its arguments, before any other code of the
    // image runs; the record outlives the image (kept in RECORDS).
    unsafe {
        let init = *lib
            .get::<unsafe extern "C" fn(*const Libcalls, *const ImageRecord)>(b"mx_init\0")
            .map_err(|e| e.to_string())?;
        let count = **lib.get::<*const u32>(b"mx_ref_count\0").map_err(|e| e.to_string())? as usize;
        let keys = *lib.get::<*const std::ffi::c_char>(b"mx_ref_keys\0").map_err(|e| e.to_string())?;
        let slots = *lib.get::<*const *mut *const u8>(b"mx_ref_slots\0").map_err(|e| e.to_string())?;
        let at_bind = *lib.get::<*const u8>(b"mx_ref_at_bind\0").map_err(|e| e.to_string())?;
        let keys: Vec<String> =
            std::ffi::CStr::from_ptr(keys).to_string_lossy().lines().take(count).map(String::from).collect();
        if keys.len() != count {
            return Err("bad reference table".into());
        }
        let record = Box::new(ImageRefs { keys, slots });
        init(&LIBCALLS, &*record as *const ImageRefs as *const ImageRecord);
        let mut values = vec![std::ptr::null(); count];
        for (i, v) in values.iter_mut().enumerate() {
            match *at_bind.add(i) {
                1 => *v = record.resolve(i).map_err(|e| format!("{}: {}", record.keys[i], e.message()))?,
                // A failure here is raised where the code first uses it.
                2 => *v = record.resolve(i).unwrap_or(std::ptr::null()),
                _ => {}
            }
        }
        RECORDS.lock().unwrap_or_else(|e| e.into_inner()).push(record);
        Ok(values)
    }
}
