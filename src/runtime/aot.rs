//! Loading AOT images (`prog.exe.so`) made by `monoxide aot` and binding
//! their compiled methods. An image is checked before it is loaded: its
//! stamp (module version id and compiler version) must match the assembly,
//! so a stale or foreign image is refused without running any of its code.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Mutex;

use cildec::{TableId, Token};

use crate::codegen::{image_path, stamp, STAMP_MARKER};
use crate::metadata::Image;
use crate::runtime::libcalls::{Libcalls, LIBCALLS};
use crate::runtime::rt;
use crate::types::class::Class;
use crate::types::method::Method;
use crate::types::resolve::{self, GenericCtx};

/// Loaded images stay mapped for the life of the process: compiled code
/// may be running or referenced from method records at any time.
static LOADED: Mutex<Vec<libloading::Library>> = Mutex::new(Vec::new());

#[repr(C)]
struct Entry {
    rid: u32,
    wrapper: *const std::ffi::c_void,
}

/// Binds the AOT image next to `assembly` (if any) to the methods of `img`.
/// Returns how many methods now run compiled; Err explains a refusal.
pub fn bind(img: &'static Image, assembly: &Path) -> Result<usize, String> {
    let so = image_path(assembly);
    let Ok(bytes) = std::fs::read(&so) else { return Ok(0) };
    // dlopen searches the library path for names without a directory.
    let so = so.canonicalize().unwrap_or(so);
    let want = stamp(img);
    let found = bytes.windows(STAMP_MARKER.len()).position(|w| w == STAMP_MARKER);
    match found {
        Some(at) if bytes.get(at..at + want.len()) == Some(&want[..]) => {}
        Some(_) => {
            return Err(format!(
                "refusing stale AOT image {}: it was compiled from a different build of {} or by another monoxide",
                so.display(),
                assembly.display()
            ))
        }
        None => return Err(format!("refusing {}: not a monoxide AOT image", so.display())),
    }
    // SAFETY: the image was produced by `monoxide aot` for exactly this
    // assembly (checked above); loading it runs no initialisers of ours.
    let lib = unsafe { libloading::Library::new(&so) }.map_err(|e| format!("cannot load {}: {e}", so.display()))?;
    // SAFETY: the symbols have the types `codegen::lower::emit_table` gives them.
    let (count, table) = unsafe {
        let count = *lib.get::<*const u32>(b"mx_count\0").map_err(|e| e.to_string())?;
        let table = *lib.get::<*const Entry>(b"mx_methods\0").map_err(|e| e.to_string())?;
        (*count as usize, table)
    };
    resolve_refs(img, &lib)?;
    let mut bound = 0;
    for i in 0..count {
        // SAFETY: `table` has `count` entries.
        let e = unsafe { &*table.add(i) };
        if let Ok(m) = resolve::method_token(img, Token::new(TableId::MethodDef, e.rid), &GenericCtx::default()) {
            m.native.store(e.wrapper as *mut std::ffi::c_void, Ordering::Release);
            bound += 1;
        }
    }
    LOADED.lock().unwrap_or_else(|e| e.into_inner()).push(lib);
    Ok(bound)
}

/// Points the image at the runtime's libcall table and fills its method
/// references (`mx_ref_keys` lines "image:rid" -> `mx_ref_slots`).
fn resolve_refs(img: &'static Image, lib: &libloading::Library) -> Result<(), String> {
    // SAFETY: the symbols have the types `codegen::lower` gives them; the
    // globals are writable data of the image, written before any of its
    // code runs.
    unsafe {
        let libcalls = *lib.get::<*mut *const Libcalls>(b"mx_libcalls\0").map_err(|e| e.to_string())?;
        *libcalls = &LIBCALLS;
        let count = **lib.get::<*const u32>(b"mx_ref_count\0").map_err(|e| e.to_string())? as usize;
        let keys = *lib.get::<*const std::ffi::c_char>(b"mx_ref_keys\0").map_err(|e| e.to_string())?;
        let slots = *lib.get::<*const *mut *const Method>(b"mx_ref_slots\0").map_err(|e| e.to_string())?;
        let keys = std::ffi::CStr::from_ptr(keys).to_string_lossy().into_owned();
        for (i, line) in keys.lines().enumerate().take(count) {
            let (name, rid) = line.rsplit_once(':').ok_or("bad reference key")?;
            let rid: u32 = rid.parse().map_err(|_| "bad reference key")?;
            let owner = if name == img.name {
                img
            } else {
                rt().image_by_name(name).ok_or_else(|| format!("image {name} is not loaded"))?
            };
            let m = resolve::method_token(owner, Token::new(TableId::MethodDef, rid), &GenericCtx::default())
                .map_err(|e| format!("cannot resolve {name}:{rid}: {}", e.message()))?;
            **slots.add(i) = m;
        }
        let count = **lib.get::<*const u32>(b"mx_class_count\0").map_err(|e| e.to_string())? as usize;
        let keys = *lib.get::<*const std::ffi::c_char>(b"mx_class_keys\0").map_err(|e| e.to_string())?;
        let slots = *lib.get::<*const *mut *const Class>(b"mx_class_slots\0").map_err(|e| e.to_string())?;
        let keys = std::ffi::CStr::from_ptr(keys).to_string_lossy().into_owned();
        for (i, line) in keys.lines().enumerate().take(count) {
            let (kind, rest) = line.split_once(':').ok_or("bad class key")?;
            let (name, rid) = rest.rsplit_once(':').ok_or("bad class key")?;
            let rid: u32 = rid.parse().map_err(|_| "bad class key")?;
            let owner = if name == img.name {
                img
            } else {
                rt().image_by_name(name).ok_or_else(|| format!("image {name} is not loaded"))?
            };
            if kind == "s" {
                // A string literal: the slot holds its root cell.
                let root = crate::runtime::object::literal(owner, rid)
                    .map_err(|e| format!("cannot resolve {line}: {}", e.message()))?;
                **slots.add(i) = root.cell() as *const Class;
                continue;
            }
            let c =
                resolve::typedef_class(owner, rid).map_err(|e| format!("cannot resolve {line}: {}", e.message()))?;
            **slots.add(i) = if kind == "a" { rt().array_of(c, 0) } else { c };
        }
    }
    Ok(())
}
