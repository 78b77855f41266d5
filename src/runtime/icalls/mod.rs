//! Internal calls: the Rust implementations of the corlib's `extern`
//! methods, bound by name (`Namespace.Type::Method`), one file per area,
//! each with its `ENTRIES`; [`table`] is their union.
//!
//! Every internal call takes the interpreter frame of its arguments
//! (`this` first) and writes its result to the first slot. The helpers
//! here read arguments and write results; area files import them with
//! `use super::*`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::abi::layout::Slot;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object;
use crate::types::class::{ClassRef, Kind};
use crate::types::method::Method;

mod appdomain;
mod array;
mod assembly;
mod attributes;
mod console;
mod emit;
mod enums;
mod environment;
mod exceptions;
mod gchandle;
mod globalization;
mod interop;
mod math;
mod members;
mod memory;
mod monoio;
pub mod native;
mod number;
mod objects;
mod properties;
mod reflection;
mod sre;
mod string;
mod text;
mod thread;
mod threading;
mod types;
mod varargs;

pub(crate) use array::{array_info, elem_ptr, load_boxed, store_unboxed};
pub use assembly::assembly_of_class;
pub use console::{flush_stdout, flush_stdout_from_signal};
pub use environment::exit_code;
pub(crate) use types::new_type_array;

pub type Icall = fn(*mut Slot) -> Result<(), Thrown>;

// ---- argument access ----------------------------------------------------
// SAFETY (all helpers): an internal call's frame holds its arguments in
// consecutive slots, as the transform lays them out for the signature
// declared in ICALLS.md, and the first slot receives the result.

pub(crate) fn a(fp: *mut Slot, i: usize) -> Slot {
    // SAFETY: see above.
    unsafe { *fp.add(i) }
}
pub(crate) fn ai(fp: *mut Slot, i: usize) -> i32 {
    a(fp, i) as i32
}
fn af(fp: *mut Slot, i: usize) -> f64 {
    f64::from_bits(a(fp, i))
}
pub(crate) fn ao(fp: *mut Slot, i: usize) -> *mut u8 {
    a(fp, i) as *mut u8
}
pub(crate) fn ret(fp: *mut Slot, v: Slot) -> Result<(), Thrown> {
    // SAFETY: see above.
    unsafe { *fp = v };
    Ok(())
}
fn ret_f(fp: *mut Slot, v: f64) -> Result<(), Thrown> {
    ret(fp, v.to_bits())
}
pub(crate) fn ret_o(fp: *mut Slot, o: *mut u8) -> Result<(), Thrown> {
    ret(fp, o as Slot)
}
pub(crate) fn ret_str(fp: *mut Slot, s: &str) -> Result<(), Thrown> {
    ret_o(fp, object::new_string_from_str(s))
}
pub(crate) fn nre() -> Thrown {
    exception::null_reference()
}
pub(crate) fn non_null(o: *mut u8) -> Result<*mut u8, Thrown> {
    if o.is_null() {
        Err(nre())
    } else {
        Ok(o)
    }
}
pub(crate) fn klass(fp: *mut Slot, i: usize) -> Result<ClassRef, Thrown> {
    let p = a(fp, i) as *const crate::types::Class;
    if p.is_null() {
        return Err(nre());
    }
    // SAFETY: klass arguments come from RuntimeType._klass or ldtoken.
    Ok(unsafe { &*p })
}
/// The class of the type object in argument `i` (a RuntimeType, `this`
/// for Mono's RuntimeType icalls).
pub(crate) fn type_arg(fp: *mut Slot, i: usize) -> Result<ClassRef, Thrown> {
    object::class_of_type_object(non_null(ao(fp, i))?).ok_or_else(nre)
}
/// The address of instance field `name` of object `obj` (the corlib's
/// layout, found by name: Mono's classes are read, not declared, here).
pub(crate) fn field_ptr(obj: *mut u8, name: &str) -> Result<*mut u8, Thrown> {
    let c = object::obj_class(non_null(obj)?);
    let f = find_field(c, name)?;
    // SAFETY: the field lies inside the live object, at its layout offset.
    Ok(unsafe { obj.add(f.offset as usize) })
}
fn find_field(c: ClassRef, name: &str) -> Result<&'static crate::types::class::Field, Thrown> {
    c.find_field(name)
        .ok_or_else(|| exception::throw_msg("System", "MissingFieldException", &format!("{}.{name}", c.full_name())))
}
/// Stores `v` in field `name` of a value of struct `c` at `base` (the out
/// structs Mono's calls fill), as `set_field` does in objects.
pub(crate) fn set_struct_field<T>(c: ClassRef, base: *mut u8, name: &str, v: T) -> Result<(), Thrown> {
    let f = find_field(c, name)?;
    // SAFETY: `base` points to a value of `c`; the field is at least as
    // large as `T` (callers pass the field's own type, or a word).
    unsafe { (base.add(f.offset as usize) as *mut T).write_unaligned(v) };
    Ok(())
}
/// Field `name` of `obj` as a `T` (the field's own type, or a word for
/// references and pointers).
pub(crate) fn get<T: Copy>(obj: *mut u8, name: &str) -> Result<T, Thrown> {
    // SAFETY: callers read each field with its own width.
    Ok(unsafe { (field_ptr(obj, name)? as *const T).read_unaligned() })
}
/// Stores the word `v` (an object, pointer or int widened to the field's
/// size by the caller's choice of `T`) in field `name` of `obj`.
pub(crate) fn set_field<T>(obj: *mut u8, name: &str, v: T) -> Result<(), Thrown> {
    let p = field_ptr(obj, name)? as *mut T;
    // SAFETY: the field is at least as large as `T`: callers pass the
    // field's own type (i32 for int, *mut u8 for references and IntPtr).
    unsafe { p.write_unaligned(v) };
    Ok(())
}
pub(crate) fn load_err(e: crate::metadata::error::LoadError) -> Thrown {
    exception::from_load_error(&e)
}
pub(crate) fn type_obj(c: Option<ClassRef>) -> Result<*mut u8, Thrown> {
    c.map_or(Ok(std::ptr::null_mut()), object::type_object)
}

/// Reflection objects made once per key (a member and the type it is seen
/// from, an image) and rooted for the life of the process, as Mono keeps
/// them in its domain: two lookups give the same object.
pub(crate) struct ObjectCache<K>(OnceLock<dashmap::DashMap<K, crate::runtime::roots::Root>>);

impl<K: Eq + std::hash::Hash> ObjectCache<K> {
    pub(crate) const fn new() -> Self {
        ObjectCache(OnceLock::new())
    }

    /// The object for `key`, made by `make` on first use.
    pub(crate) fn get(&self, key: K, make: impl FnOnce() -> Result<*mut u8, Thrown>) -> Result<*mut u8, Thrown> {
        let map = self.0.get_or_init(dashmap::DashMap::new);
        if let Some(r) = map.get(&key) {
            return Ok(r.get());
        }
        let obj = make()?;
        Ok(map.entry(key).or_insert_with(|| crate::runtime::roots::new_root(obj)).get())
    }
}

// ---- the table ----------------------------------------------------------

/// An internal call a class declares, as `monoxide icalls` lists it.
pub struct Declared {
    /// `Namespace.Type::Name(parameter types)`.
    pub name: String,
    pub implemented: bool,
    /// A method that was transformed or compiled referred to it (its
    /// binding was looked up).
    pub reached: bool,
}

/// The internal calls declared by the classes of `image` that load.
pub fn declared(image: &'static crate::metadata::Image) -> Vec<Declared> {
    let mut out = Vec::new();
    for (_, info) in crate::types::resolve::defined_classes(image).into_iter().flatten() {
        // Delegates' runtime methods are not internal calls (the runtime
        // provides them whole), nor are String's constructors, which run
        // as its static `Ctor` methods.
        let string = crate::runtime::rt().wk().string;
        let icall = |m: &&&Method| m.impl_flags & 0x1000 != 0 && !(m.is_ctor() && std::ptr::eq(m.class, string));
        for &m in info.methods.iter().filter(icall) {
            let reached = m.icall.get().is_some();
            let (with_sig, _) = keys(m);
            out.push(Declared { name: with_sig.unwrap_or_default(), implemented: lookup(m).is_some(), reached });
        }
    }
    out
}

/// The table keys of `m`: with its parameter types (Mono's way of telling
/// overloads apart: `Name(int&,int,int)`), when its signature decodes, and bare.
fn keys(m: &'static Method) -> (Option<String>, String) {
    let mut owner = String::new();
    let mut c = Some(m.class.generic_def.unwrap_or(m.class));
    let mut parts = Vec::new();
    while let Some(k) = c {
        parts.push(k);
        c = k.enclosing;
    }
    for (i, k) in parts.iter().rev().enumerate() {
        if i == 0 {
            if !k.namespace.is_empty() {
                owner.push_str(&k.namespace);
                owner.push('.');
            }
        } else {
            owner.push('/');
        }
        owner.push_str(&k.name);
    }
    let with_sig = m.sig().ok().map(|s| {
        let params: Vec<String> = s.params.iter().map(|p| sig_type_name(p)).collect();
        format!("{owner}::{}({})", m.name, params.join(","))
    });
    (with_sig, format!("{owner}::{}", m.name))
}

/// The internal call implementing `m`, if the runtime has one: its own,
/// or a native function registered under its name (`native`).
pub fn lookup(m: &'static Method) -> Option<Icall> {
    *m.icall.get_or_init(|| {
        let (with_sig, bare) = keys(m);
        with_sig.and_then(|k| table().get(k.as_str()).copied()).or_else(|| table().get(bare.as_str()).copied())
    })
}

/// A parameter type as an internal call's signature names it: C# keyword
/// names for primitives and object/string, `&`, `*` and `[]` suffixes,
/// full names for other classes, `T` for a generic parameter.
fn sig_type_name(c: ClassRef) -> String {
    let elem = || c.elem.map_or_else(String::new, sig_type_name);
    match c.kind {
        Kind::ByRef => return format!("{}&", elem()),
        Kind::Ptr => return format!("{}*", elem()),
        Kind::SzArray => return format!("{}[]", elem()),
        Kind::Array(r) => return format!("{}[{}]", elem(), ",".repeat(r as usize - 1)),
        Kind::Var(_) | Kind::MVar(_) => return "T".to_string(),
        _ => {}
    }
    let keyword = match (c.is_corlib() && c.namespace == "System", c.name.as_str()) {
        (true, "Boolean") => "bool",
        (true, "Char") => "char",
        (true, "SByte") => "sbyte",
        (true, "Byte") => "byte",
        (true, "Int16") => "short",
        (true, "UInt16") => "ushort",
        (true, "Int32") => "int",
        (true, "UInt32") => "uint",
        (true, "Int64") => "long",
        (true, "UInt64") => "ulong",
        (true, "Single") => "single",
        (true, "Double") => "double",
        (true, "IntPtr") => "intptr",
        (true, "UIntPtr") => "uintptr",
        (true, "Object") => "object",
        (true, "String") => "string",
        (true, "Void") => "void",
        _ => return c.full_name(),
    };
    keyword.to_string()
}

/// Every internal call the runtime implements, by area.
const AREAS: &[&[(&str, Icall)]] = &[
    appdomain::ENTRIES,
    array::ENTRIES,
    assembly::ENTRIES,
    attributes::ENTRIES,
    console::ENTRIES,
    emit::ENTRIES,
    enums::ENTRIES,
    environment::ENTRIES,
    exceptions::ENTRIES,
    gchandle::ENTRIES,
    interop::ENTRIES,
    math::ENTRIES,
    members::ENTRIES,
    memory::ENTRIES,
    monoio::ENTRIES,
    number::ENTRIES,
    objects::ENTRIES,
    properties::ENTRIES,
    sre::ENTRIES,
    string::ENTRIES,
    text::ENTRIES,
    globalization::ENTRIES,
    thread::ENTRIES,
    threading::ENTRIES,
    types::ENTRIES,
    varargs::ENTRIES,
];

fn table() -> &'static HashMap<&'static str, Icall> {
    static T: OnceLock<HashMap<&'static str, Icall>> = OnceLock::new();
    T.get_or_init(|| AREAS.iter().flat_map(|e| e.iter()).copied().collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_internal_call_is_bound_once() {
        let mut seen = std::collections::HashSet::new();
        for e in super::AREAS.iter().flat_map(|a| a.iter()) {
            assert!(seen.insert(e.0), "{} is bound twice", e.0);
        }
    }
}
