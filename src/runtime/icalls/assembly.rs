//! Mono's Assembly and Module objects: one RuntimeAssembly and one
//! RuntimeModule per loaded image, created on first use and kept for the
//! life of the image (as Mono keeps them in its domain), so that two
//! lookups give the same object.

use crate::metadata::image::Image;
use crate::runtime::rt;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    // Code access security, which Assembly.Location consults: off, as on
    // Mono without --security.
    ("System.Security.SecurityManager::get_SecurityEnabled", |fp| ret(fp, 0)),
    ("System.RuntimeTypeHandle::GetAssembly", |fp| ret_o(fp, assembly_object(type_arg(fp, 0)?.image)?)),
    ("System.RuntimeTypeHandle::GetModule", |fp| ret_o(fp, module_object(type_arg(fp, 0)?.image)?)),
    ("System.Reflection.RuntimeAssembly::GetManifestModuleInternal", |fp| {
        ret_o(fp, module_object(image_of(ao(fp, 0))?)?)
    }),
    ("System.Reflection.RuntimeAssembly::get_location", |fp| ret_str(fp, &location(image_of(ao(fp, 0))?))),
    ("System.Reflection.RuntimeAssembly::get_fullname", |fp| ret_str(fp, &display_name(image_of(ao(fp, 1))?))),
    ("System.Reflection.Assembly::GetEntryAssembly", |fp| match rt().entry_image.get() {
        Some(img) => ret_o(fp, assembly_object(img)?),
        None => ret_o(fp, std::ptr::null_mut()),
    }),
    ("System.Reflection.RuntimeAssembly::GetManifestResourceInternal", manifest_resource),
    ("System.Reflection.RuntimeAssembly::GetManifestResourceInfoInternal", |fp| {
        let name = object::string_to_rust(non_null(ao(fp, 1))?);
        let found = image_of(ao(fp, 0))?.manifest_resource(&name).is_some();
        if found {
            // ResourceLocation.Embedded | ContainedInManifestFile.
            set_field(ao(fp, 2), "<ResourceLocation>k__BackingField", 5i32)?;
        }
        ret(fp, found as Slot)
    }),
    ("System.Reflection.RuntimeModule::GetMDStreamVersion", |fp| ret(fp, 0x20000)),
    ("System.Reflection.RuntimeModule::get_MetadataToken", |fp| ret(fp, 1)),
];

/// `Assembly.GetExecutingAssembly()` in a method of class `c`: the
/// transform turns the call into `Insn::LdAssembly` (the assembly of the
/// caller is not visible from inside an internal call).
pub fn assembly_of_class(c: ClassRef) -> Result<*mut u8, Thrown> {
    assembly_object(c.image)
}

static ASSEMBLIES: ObjectCache<usize> = ObjectCache::new();
static MODULES: ObjectCache<usize> = ObjectCache::new();

pub(super) fn assembly_object(img: &'static Image) -> Result<*mut u8, Thrown> {
    ASSEMBLIES.get(img as *const Image as usize, || {
        let class = rt().corlib_class("System.Reflection", "RuntimeAssembly").map_err(load_err)?;
        let obj = object::alloc_object(class)?;
        set_field(obj, "_mono_assembly", img as *const Image as usize)?;
        Ok(obj)
    })
}

fn module_object(img: &'static Image) -> Result<*mut u8, Thrown> {
    MODULES.get(img as *const Image as usize, || {
        let class = rt().corlib_class("System.Reflection", "RuntimeModule").map_err(load_err)?;
        let obj = object::alloc_object(class)?;
        let file = std::path::Path::new(&location(img)).file_name().map(|f| f.to_string_lossy().into_owned());
        let file = file.unwrap_or_else(|| img.name.clone());
        set_field(obj, "_impl", img as *const Image as usize)?;
        set_field(obj, "assembly", assembly_object(img)?)?;
        set_field(obj, "fqname", object::new_string_from_str(&location(img)))?;
        set_field(obj, "name", object::new_string_from_str(&file))?;
        set_field(obj, "scopename", object::new_string_from_str(&file))?;
        Ok(obj)
    })
}

/// The image behind a RuntimeAssembly.
fn image_of(assembly: *mut u8) -> Result<&'static Image, Thrown> {
    let p = field_ptr(assembly, "_mono_assembly")? as *const *const Image;
    // SAFETY: `_mono_assembly` holds the image `assembly_object` stored;
    // images live for the life of the process.
    unsafe { (*p).as_ref() }.ok_or_else(nre)
}

fn location(img: &Image) -> String {
    let found = img.dir.as_deref().and_then(|d| crate::runtime::assemblies::find_in(d, &img.name));
    found.map_or_else(String::new, |p| p.display().to_string())
}

pub(super) fn display_name(img: &Image) -> String {
    if std::ptr::eq(img, rt().corlib) {
        "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089".to_string()
    } else {
        format!("{}, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null", img.name)
    }
}

/// `GetManifestResourceInternal(name, out int size, out Module module)`:
/// the address of an embedded resource's bytes in the image (read-only,
/// alive as long as the image), or null.
fn manifest_resource(fp: *mut Slot) -> Result<(), Thrown> {
    let img = image_of(ao(fp, 0))?;
    let name = object::string_to_rust(non_null(ao(fp, 1))?);
    let Some(data) = img.manifest_resource(&name) else { return ret(fp, 0) };
    // SAFETY: the out arguments point to the caller's int and Module locals.
    unsafe {
        *(a(fp, 2) as *mut i32) = data.len() as i32;
        *(a(fp, 3) as *mut *mut u8) = module_object(img)?;
    }
    ret(fp, data.as_ptr() as Slot)
}
