//! Mono's System.Reflection.Emit builders: AssemblyBuilder, ModuleBuilder
//! and TypeBuilder, as far as anonymously hosted dynamic methods reach
//! them (`DynamicMethod` without an owner or module lives in a module of
//! an assembly the corlib defines on first use).
//!
//! Mono gives each dynamic assembly a dynamic image, from which it makes
//! the classes of TypeBuilders and the metadata tokens of a saved module.
//! monoxide saves no modules and makes a TypeBuilder's class directly
//! (`create_runtime_class`), so a dynamic assembly or module has no image
//! of its own (`_mono_assembly` and `_impl` stay null).

use crate::runtime::rt;
use crate::types::class::{Class, Kind};

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    // Nothing to set up: see above.
    ("System.Reflection.Emit.AssemblyBuilder::basic_init", |fp| non_null(ao(fp, 0)).map(|_| ())),
    ("System.Reflection.Emit.ModuleBuilder::basic_init", |fp| non_null(ao(fp, 0)).map(|_| ())),
    // Mono keeps the module's class for its marshalling wrappers there;
    // monoxide's dynamic methods need no wrappers (they run in the
    // interpreter, and compiled code reaches them through their entry
    // descriptors).
    ("System.Reflection.Emit.ModuleBuilder::set_wrappers_type", |fp| {
        type_arg(fp, 1)?;
        Ok(())
    }),
    ("System.Reflection.Emit.TypeBuilder::create_runtime_class", create_runtime_class),
];

/// `TypeBuilder.create_runtime_class()`: the class of a TypeBuilder that
/// the managed CreateType has completed (its base set, constructors
/// defined), made once (the managed side calls this once per builder) and
/// recorded in the builder's type handle, so that the builder stands for
/// its class as Mono's does. Classes with members of their own, interfaces,
/// value types and generic or nested types are not supported.
fn create_runtime_class(fp: *mut Slot) -> Result<(), Thrown> {
    let tb = non_null(ao(fp, 0))?;
    let name = object::string_to_rust(non_null(get::<*mut u8>(tb, "tname")?)?);
    let namespace = match get::<*mut u8>(tb, "nspace")? {
        s if s.is_null() => String::new(),
        s => object::string_to_rust(s),
    };
    let full = if namespace.is_empty() { name.clone() } else { format!("{namespace}.{name}") };
    for count in ["num_fields", "num_methods"] {
        if get::<i32>(tb, count)? != 0 {
            return Err(unsupported(&format!("type {full} has {}", &count[4..])));
        }
    }
    for part in ["ctors", "properties", "events", "interfaces", "subtypes", "generic_params", "nesting_type"] {
        let v = get::<*mut u8>(tb, part)?;
        if !v.is_null() && (!object::obj_class(v).is_array() || array_info(v)?.0 > 0) {
            return Err(unsupported(&format!("type {full} has {part}")));
        }
    }
    let flags = get::<i32>(tb, "attrs")? as u32;
    // TypeAttributes.Interface and Sealed.
    const INTERFACE: u32 = 0x20;
    const SEALED: u32 = 0x100;
    // Only a plain class can be the base: value types, enums and arrays
    // derive from classes the runtime treats apart.
    let plain = |p: ClassRef| {
        p.kind == Kind::Class
            && p.flags & SEALED == 0
            && !["ValueType", "Enum", "Array"].iter().any(|n| p.is("System", n))
    };
    let parent = match object::class_of_type_object(get::<*mut u8>(tb, "parent")?) {
        Some(p) if flags & INTERFACE == 0 && plain(p) => p,
        _ => return Err(unsupported(&format!("type {full} is not a class with a class as its base"))),
    };
    let class: ClassRef = rt().arena.alloc(Class::defined_at_run_time(name, namespace, flags, parent));
    set_field(tb, crate::runtime::assemblies::CORLIB_FIELDS.type_class, class as *const Class as usize)?;
    ret_o(fp, object::type_object(class)?)
}

fn unsupported(what: &str) -> Thrown {
    exception::throw_msg(
        "System",
        "NotSupportedException",
        &format!("TypeBuilder: {what}; monoxide makes only classes without members of their own"),
    )
}
