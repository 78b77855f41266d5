//! Where an assembly named by a reference is found, and the corlib fields
//! the runtime reads by name.
//!
//! Programs run on Mono's installed class libraries (`mscorlib.dll`,
//! `System.dll`, ... of the 4.5 profile), a dependency from the mono
//! packages. References resolve as Mono resolves them: the referencing
//! assembly's directory, `MONO_PATH`, the 4.5 profile directory and its
//! facades, then the GAC.

use std::path::{Path, PathBuf};

/// Where the mono packages install the class libraries.
const MONO_LIB: &str = "/usr/lib/mono";
/// The profile programs compiled by mcs reference.
const PROFILE: &str = "4.5";

/// The file of Mono's mscorlib, the corlib.
pub fn corlib_path() -> Option<PathBuf> {
    locate("mscorlib", None)
}

/// Whether `path` is one of Mono's installed class libraries.
pub fn is_class_library(path: &Path) -> bool {
    path.starts_with(MONO_LIB)
}

/// The file of assembly `name` in `dir` (a .dll, else an .exe).
pub fn find_in(dir: &Path, name: &str) -> Option<PathBuf> {
    ["dll", "exe"].iter().map(|ext| dir.join(format!("{name}.{ext}"))).find(|p| p.is_file())
}

/// The file of assembly `name` referenced from an assembly in `from`
/// (None: a reference with no directory, as the corlib's own).
pub fn locate(name: &str, from: Option<&Path>) -> Option<PathBuf> {
    let profile = Path::new(MONO_LIB).join(PROFILE);
    let mono_path = std::env::var_os("MONO_PATH").unwrap_or_default();
    from.map(Path::to_path_buf)
        .into_iter()
        .chain(std::env::split_paths(&mono_path).filter(|p| !p.as_os_str().is_empty()))
        .chain([profile.clone(), profile.join("Facades")])
        .find_map(|d| find_in(&d, name))
        .or_else(|| in_gac(name))
}

/// The newest version of `name` in Mono's GAC (`gac/NAME/VERSION__TOKEN/`).
fn in_gac(name: &str) -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir(Path::new(MONO_LIB).join("gac").join(name))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    versions.sort();
    versions.iter().rev().find_map(|d| find_in(d, name))
}

/// The corlib fields the runtime itself reads and writes, by name; their
/// offsets come from the loaded class layouts, never from literals.
pub struct FieldNames {
    /// System.Type (or RuntimeType): the class pointer of a type object.
    pub type_class: &'static str,
    /// System.Exception: message, formatted trace, and the runtime's trace
    /// record (an untyped pointer the corlib only tests for null).
    pub exception_message: &'static str,
    pub exception_trace_text: &'static str,
    pub exception_trace: &'static str,
    /// System.Delegate: target object, function descriptor, method record,
    /// MethodInfo, native thunk; MulticastDelegate: invocation list.
    pub delegate_target: &'static str,
    pub delegate_ftn: &'static str,
    pub delegate_method: &'static str,
    pub delegate_method_info: &'static str,
    pub delegate_thunk: &'static str,
    pub delegate_list: &'static str,
    /// System.TypedReference: the address, the class, and a type handle
    /// (which holds the class here too).
    pub typed_ref_value: &'static str,
    pub typed_ref_class: &'static str,
    pub typed_ref_type: &'static str,
}

/// Mono's names for them. Type._impl is a RuntimeTypeHandle whose only
/// field (`value`) is at its start.
pub const CORLIB_FIELDS: FieldNames = FieldNames {
    type_class: "_impl",
    exception_message: "_message",
    exception_trace_text: "_stackTraceString",
    exception_trace: "_stackTrace",
    delegate_target: "m_target",
    delegate_ftn: "method_ptr",
    delegate_method: "method",
    delegate_method_info: "method_info",
    delegate_thunk: "delegate_trampoline",
    delegate_list: "delegates",
    typed_ref_value: "Value",
    typed_ref_class: "Type",
    typed_ref_type: "type",
};
