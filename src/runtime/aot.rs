//! Loading AOT images made by `monoxide aot` and binding their compiled
//! methods. An image is checked before it is loaded: its stamp (module
//! version id and compiler version) must match the assembly, so a stale or
//! foreign image is refused without running any of its code.
//!
//! Binding fills the image's reference slots marked for bind time
//! (`abi::refs` keys; the rest are filled at first use) and records the
//! image's compiled methods by key. A method gets its code when its record
//! is published (`on_publish`), or at bind for records published before:
//! its out wrapper (`Method::native`, which the interpreter's calls prefer)
//! and its body (`FtnDesc::addr`, which compiled callers and vtable calls
//! use). Records are made as a program reaches them, never for every
//! method an image holds: binding Mono's mscorlib (30,000 methods) costs
//! no more than the methods a program touches.

use std::collections::HashMap;
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::abi::image::{self as abi_image, CallbackEntry, EntryWrapperEntry, MethodEntry, TableDesc};
use crate::abi::layout::FtnDesc;
use crate::abi::libcalls::{ImageRecord, Libcalls};
use crate::abi::refs::RefKey;
use crate::metadata::{Image, LoadError};
use crate::runtime::libcalls::LIBCALLS;
use crate::types::method::Method;

/// Loaded images stay mapped for the life of the process: compiled code
/// may be running or referenced from method records at any time.
static LOADED: Mutex<Vec<libloading::Library>> = Mutex::new(Vec::new());

/// Set by `--mode aot|llvmonly`: every assembly loaded from then on binds
/// the image beside it.
static ENABLED: AtomicBool = AtomicBool::new(false);

/// The compiled methods of the bound images, by method key (the text of
/// an `abi::refs::MethodKey`): out wrapper and descriptor entry. The first
/// image to bind a key wins.
static CODE: Mutex<Option<CodeMap>> = Mutex::new(None);

/// Keys are the image's own text (mapped for the life of the process);
/// FxHash: the map of Mono's mscorlib (30,000 keys) is built at every start.
type CodeMap = HashMap<&'static str, (usize, usize), rustc_hash::FxBuildHasher>;

/// Every method record published so far (definitions and instantiations,
/// which live as long as their image), for the images that bind later.
static PUBLISHED: Mutex<Vec<&'static Method>> = Mutex::new(Vec::new());

/// The key a bound image would know `m` by (its `MethodKey` text).
fn code_key(m: &'static Method) -> Option<String> {
    crate::runtime::refs::record_key(m).map(|k| k.to_string())
}

/// Gives `m` compiled code: its out wrapper and descriptor entry.
fn give_code(m: &'static Method, (wrapper, entry): (usize, usize)) {
    m.native.store(wrapper as *mut c_void, Ordering::Release);
    m.desc.addr.store(entry as *mut c_void, Ordering::Release);
}

/// A method record was published (`types::method`): it gets its compiled
/// code now if a bound image has it, or when such an image binds. Keys
/// are made outside the locks (making one reads metadata).
pub fn on_publish(m: &'static Method) {
    PUBLISHED.lock().unwrap_or_else(|e| e.into_inner()).push(m);
    if !ENABLED.load(Ordering::Acquire) {
        return;
    }
    let Some(key) = code_key(m) else { return };
    let found = CODE.lock().unwrap_or_else(|e| e.into_inner()).as_ref().and_then(|c| c.get(key.as_str()).copied());
    if let Some(code) = found {
        give_code(m, code);
    }
}

/// Where the AOT image of assembly `img`, read from `path`, lives: beside
/// the assembly, but for Mono's installed class libraries, whose images
/// are cached as the corlib's (their directory belongs to the mono
/// packages, and mono would take `X.dll.so` there for its own image).
pub fn image_path(img: &Image, path: &Path) -> PathBuf {
    if crate::runtime::assemblies::is_class_library(path) {
        return cached_image_path(img);
    }
    let mut p = path.as_os_str().to_owned();
    p.push(".so");
    PathBuf::from(p)
}

/// Where the AOT image of the corlib or a class library is cached:
/// `$MONOXIDE_CACHE`, else `$XDG_CACHE_HOME/monoxide`, else
/// `~/.cache/monoxide`. The file name carries the assembly's module id and
/// the build's identity, so every build of monoxide has its own and never
/// meets another build's image.
pub fn cached_image_path(img: &Image) -> PathBuf {
    let dir = std::env::var_os("MONOXIDE_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("monoxide")))
        .or_else(|| std::env::var_os("HOME").map(|d| PathBuf::from(d).join(".cache").join("monoxide")))
        .unwrap_or_else(|| std::env::temp_dir().join("monoxide"));
    let id: String = img.mvid.iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("{}-{id}-{:016x}.so", img.name, abi_image::build_id()))
}

/// The stamp an image of `img` carries: the module version ids of the
/// assembly, of the corlib (compiled code bakes in corlib layouts) and of
/// every assembly it references (its keys name their members by row), and
/// the identity of the monoxide build that compiled it. As Mono does for
/// its AOT images, an image compiled against other versions is refused.
pub fn stamp(img: &'static Image) -> Vec<u8> {
    let rt = crate::runtime::rt();
    let refs = (1..=img.row_count(cildec::TableId::AssemblyRef)).map(|rid| match rt.load_reference(img, rid) {
        Ok(r) => r.mvid,
        Err(_) => [0; 16],
    });
    let mvids: Vec<[u8; 16]> = [img.mvid, rt.corlib.mvid].into_iter().chain(refs).collect();
    abi_image::stamp(mvids, abi_image::build_id())
}

/// Turns AOT binding on and binds the corlib's cached image, if any.
pub fn enable(corlib: &'static Image) -> Result<usize, String> {
    ENABLED.store(true, Ordering::Release);
    let so = cached_image_path(corlib);
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
    let so = image_path(img, assembly);
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
        if len < abi_image::STAMP_MARKER.len() as i64 || len > 1 << 16 {
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
        Ok(tail) if tail.starts_with(abi_image::STAMP_MARKER) => Err(format!(
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
    let (record, slots) = resolve_refs(&lib).map_err(|e| format!("cannot bind {}: {e}", so.display()))?;
    // SAFETY: the image exports `mx_methods` as `MethodEntry`s (abi::image).
    let table: &[MethodEntry] = unsafe { exported_table(&lib, &abi_image::METHODS)? };
    let mut fresh = CodeMap::with_capacity_and_hasher(table.len(), Default::default());
    for e in table {
        let key =
            record.keys.get(e.method_ref as usize).and_then(|k| k.strip_prefix("m:")).ok_or("bad method table")?;
        fresh.insert(key, (e.wrapper as usize, e.entry as usize));
    }
    // Records published from here on find the image's code in CODE; those
    // published before are in the snapshot.
    let published = PUBLISHED.lock().unwrap_or_else(|e| e.into_inner()).clone();
    {
        let mut code = CODE.lock().unwrap_or_else(|e| e.into_inner());
        let by_key = code.get_or_insert_with(CodeMap::default);
        for (k, v) in &fresh {
            by_key.entry(k).or_insert(*v);
        }
    }
    for m in published {
        if m.native.load(Ordering::Acquire).is_null() {
            if let Some(code) = code_key(m).and_then(|k| fresh.get(k.as_str()).copied()) {
                give_code(m, code);
            }
        }
    }
    bind_entries(&lib, &slots)?;
    bind_callbacks(&lib, &slots)?;
    let count = table.len();
    tracing::debug!("bound {count} compiled methods of {} from {}", img.name, so.display());
    LOADED.lock().unwrap_or_else(|e| e.into_inner()).push(lib);
    Ok(count)
}

/// Gives the descriptors of interpreted methods the image calls their
/// entry wrapper (`mx_entries`), unless some image already bound code.
fn bind_entries(lib: &libloading::Library, slots: &[*const u8]) -> Result<(), String> {
    // SAFETY: the image exports `mx_entries` as `EntryWrapperEntry`s
    // (abi::image); a `d:` slot holds a method's descriptor.
    unsafe {
        for e in exported_table::<EntryWrapperEntry>(lib, &abi_image::ENTRIES)? {
            let desc = *slots.get(e.desc_ref as usize).ok_or("bad entry table")? as *const FtnDesc;
            if !desc.is_null() {
                install_entry(&*desc, e.wrapper);
            }
        }
    }
    Ok(())
}

/// Compiled code is calling `m` through the runtime because its descriptor
/// has no native code: when images are bound and a code generator is
/// installed (`aot` mode), give it the entry wrapper of its signature so
/// the next call is a plain native call.
pub fn wrap_on_first_call(m: &'static Method) {
    // llvmonly (no generator) leaves at the first test: this runs on every
    // call compiled code makes through the runtime.
    if !crate::runtime::generator::available()
        || !ENABLED.load(Ordering::Relaxed)
        || !m.desc.addr.load(Ordering::Relaxed).is_null()
    {
        return;
    }
    // Internal calls have no interpreter record; value-type methods'
    // descriptors expect a box, which entry wrappers do not unpack.
    if m.is_internal_call() || (m.class.is_valuetype() && !m.is_static()) {
        return;
    }
    if let Some(w) = crate::runtime::generator::entry_wrapper(m) {
        install_entry(&m.desc, w);
    }
}

/// Registers the image's callback handlers (`mx_callbacks`).
fn bind_callbacks(lib: &libloading::Library, slots: &[*const u8]) -> Result<(), String> {
    // SAFETY: the image exports `mx_callbacks` as `CallbackEntry`s
    // (abi::image); an `m:` slot holds a method's record.
    unsafe {
        for e in exported_table::<CallbackEntry>(lib, &abi_image::CALLBACKS)? {
            let invoke = Method::from_record(*slots.get(e.invoke_ref as usize).ok_or("bad callback table")? as _);
            crate::runtime::pinvoke::register_handler(invoke, e.handler as usize);
        }
    }
    Ok(())
}

/// The address of the image's exported symbol `name`.
///
/// # Safety
/// The image must export `name` as a `T` (a pointer type: a function or
/// the address of a global).
unsafe fn symbol<T: Copy>(lib: &libloading::Library, name: &str) -> Result<T, String> {
    let mut cname = name.as_bytes().to_vec();
    cname.push(0);
    // SAFETY: by the caller's contract.
    unsafe { lib.get::<T>(&cname) }.map(|s| *s).map_err(|e| e.to_string())
}

/// The image's exported table `desc` (entries of type `T`).
///
/// # Safety
/// `T` must be the entry type `desc` describes (abi::image); the image was
/// made by this build (stamped), so it exports the table that way.
unsafe fn exported_table<'a, T>(lib: &'a libloading::Library, desc: &TableDesc) -> Result<&'a [T], String> {
    // SAFETY: by the caller's contract the count is a u32 and the table an
    // array of that many `T`s, which live as long as the library.
    unsafe {
        let n = *symbol::<*const u32>(lib, desc.count)? as usize;
        let table = symbol::<*const T>(lib, desc.name)?;
        Ok(if n == 0 { &[] } else { std::slice::from_raw_parts(table, n) })
    }
}

/// Points `desc` (of a method without native code) at entry wrapper `w`.
pub fn install_entry(desc: &FtnDesc, w: *mut c_void) {
    if desc.addr.load(Ordering::Acquire).is_null() {
        desc.arg.store(desc.method as *mut c_void, Ordering::Relaxed);
        let _ = desc.addr.compare_exchange(std::ptr::null_mut(), w, Ordering::AcqRel, Ordering::Acquire);
    }
}

/// An image's references as the loader keeps them: compiled code resolves
/// the lazy ones through it (`Libcalls::resolve_ref`). Owned by `RECORDS`,
/// for the life of the process, like the image.
pub struct ImageRefs {
    /// One line of the image's `mx_ref_keys` per reference.
    keys: Vec<&'static str>,
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

    /// The value of reference `i`: its slot, filled first if empty.
    pub fn value(&self, i: usize) -> Result<*const u8, LoadError> {
        if i < self.keys.len() {
            // SAFETY: `i` indexes the image's `mx_ref_slots` (as many as keys).
            let v = unsafe { **self.slots.add(i) };
            if !v.is_null() {
                return Ok(v);
            }
        }
        self.resolve(i)
    }

    pub fn resolve(&self, i: usize) -> Result<*const u8, LoadError> {
        let line = self.keys.get(i).ok_or_else(|| LoadError::BadImage("bad reference".into()))?;
        let key: RefKey = line.parse().map_err(|e: crate::abi::refs::KeyError| LoadError::BadImage(e.to_string()))?;
        let v = crate::runtime::refs::resolve(&key)?;
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
/// its reference record, and resolves the references marked for bind time
/// (`mx_ref_at_bind`); returns the record and the slot values (null for
/// those left to first use or failing).
fn resolve_refs(lib: &libloading::Library) -> Result<(&'static ImageRefs, Vec<*const u8>), String> {
    // SAFETY: the symbols have the types abi::image gives them; `mx_init`
    // only stores its arguments, before any other code of the image runs;
    // the record outlives the image (kept in RECORDS).
    unsafe {
        let init = symbol::<unsafe extern "C" fn(*const Libcalls, *const ImageRecord)>(lib, abi_image::INIT)?;
        let count = *symbol::<*const u32>(lib, abi_image::REF_COUNT)? as usize;
        let keys = symbol::<*const std::ffi::c_char>(lib, abi_image::REF_KEYS)?;
        let slots = symbol::<*const *mut *const u8>(lib, abi_image::REF_SLOTS)?;
        let at_bind = symbol::<*const u8>(lib, abi_image::REF_AT_BIND)?;
        crate::interp::first_pass::watch(symbol::<*mut u32>(lib, abi_image::FILTERS_SEEN)?);
        // The text lives in the image, mapped for the life of the process.
        let text: &'static str = std::ffi::CStr::from_ptr(keys).to_str().map_err(|_| "bad reference table")?;
        let keys: Vec<&'static str> = text.lines().take(count).collect();
        if keys.len() != count {
            return Err("bad reference table".into());
        }
        let record = Box::new(ImageRefs { keys, slots });
        init(&LIBCALLS, &*record as *const ImageRefs as *const ImageRecord);
        let mut values = vec![std::ptr::null(); count];
        for (i, v) in values.iter_mut().enumerate() {
            match *at_bind.add(i) {
                abi_image::AT_BIND => {
                    *v = record.resolve(i).map_err(|e| format!("{}: {}", record.keys[i], e.message()))?
                }
                // A failure here is raised where the code first uses it.
                abi_image::TRY_AT_BIND => *v = record.resolve(i).unwrap_or(std::ptr::null()),
                _ => {}
            }
        }
        let kept: *const ImageRefs = &*record;
        RECORDS.lock().unwrap_or_else(|e| e.into_inner()).push(record);
        // The record is boxed and never removed from RECORDS.
        Ok((&*kept, values))
    }
}
