//! The reference keys of AOT images (`abi::refs`) of classes and methods,
//! and their resolution to what the slots hold: the record of a method or
//! class, a method's descriptor, a literal's root cell, a static field's
//! address, a field's RVA data.

use crate::abi::refs::{ClassKey, MethodKey, RefKey};
use crate::metadata::{Image, LoadError};
use crate::runtime::rt;
use crate::types::class::{ClassRef, Kind};
use crate::types::method::Method;

/// The address reference `key` stands for in this process.
pub fn resolve(key: &RefKey) -> Result<*const u8, LoadError> {
    let bad = || LoadError::BadImage(format!("bad AOT reference '{key}'"));
    Ok(match key {
        RefKey::Method(m) => method(m)?.record() as *const u8,
        RefKey::Desc(m) => &method(m)?.desc as *const _ as *const u8,
        RefKey::Class(c) => class(c)?.record() as *const u8,
        RefKey::Str { image: name, offset } => {
            crate::runtime::object::literal(image(name)?, *offset)?.cell() as *const u8
        }
        RefKey::Static { class: c, offset } => {
            let c = class(c)?;
            let statics = c.info()?.statics;
            if statics.is_null() {
                return Err(bad());
            }
            // SAFETY: the offset was taken from this class's static storage
            // when the image was compiled from the same assembly (stamped).
            unsafe { statics.add(*offset as usize) as *const u8 }
        }
        RefKey::FieldData { class: c, rid } => {
            let c = class(c)?;
            // `ldtoken` of any field, static or not (an expression tree names
            // a closure's instance fields).
            let mut fields = c.layout()?.fields.iter().chain(&c.info()?.static_fields);
            let f = fields.find(|f| f.rid == *rid).ok_or_else(bad)?;
            crate::runtime::object::field_handle(c, f)? as *const u8
        }
    })
}

fn image(name: &str) -> Result<&'static Image, LoadError> {
    rt().image_named(name)
}

fn class(key: &ClassKey) -> Result<ClassRef, LoadError> {
    Ok(match key {
        ClassKey::Array { elem, rank } => rt().array_of(class(elem)?, *rank),
        ClassKey::Ptr(e) => rt().ptr_of(class(e)?, Kind::Ptr),
        ClassKey::ByRef(e) => rt().ptr_of(class(e)?, Kind::ByRef),
        ClassKey::Def { image: name, rid, args } => {
            let def = crate::types::resolve::typedef_class(image(name)?, *rid)?;
            if args.is_empty() {
                def
            } else {
                rt().instantiate(def, &args.iter().map(class).collect::<Result<Vec<_>, _>>()?)?
            }
        }
    })
}

fn method(key: &MethodKey) -> Result<&'static Method, LoadError> {
    let c = class(&key.class)?;
    let def = c.info()?.methods.iter().copied().find(|m| m.rid == key.rid).ok_or_else(|| {
        LoadError::MissingMethod(format!("method #{} of {} named by an AOT image", key.rid, c.full_name()))
    })?;
    Ok(if key.args.is_empty() {
        def
    } else {
        rt().instantiate_method(def, &key.args.iter().map(class).collect::<Result<Vec<_>, _>>()?)
    })
}

/// The key of class `c`, when a loader can find it again.
pub fn class_key(c: ClassRef) -> Option<ClassKey> {
    Some(match c.kind {
        Kind::SzArray => ClassKey::Array { elem: Box::new(class_key(c.elem?)?), rank: 0 },
        Kind::Array(rank) => ClassKey::Array { elem: Box::new(class_key(c.elem?)?), rank },
        Kind::Ptr => ClassKey::Ptr(Box::new(class_key(c.elem?)?)),
        Kind::ByRef => ClassKey::ByRef(Box::new(class_key(c.elem?)?)),
        Kind::Var(_) | Kind::MVar(_) => return None,
        _ if c.rid == 0 || c.is_generic_def() => return None,
        _ => {
            let def = c.generic_def.unwrap_or(c);
            ClassKey::Def { image: def.image.name.clone(), rid: def.rid, args: list_key(c.type_args)? }
        }
    })
}

/// The key of method `m`, when a loader can find it again (a MethodDef of a
/// nameable class, possibly instantiated).
pub fn method_key(m: &'static Method) -> Option<MethodKey> {
    if m.generic_def.is_none() && m.sig().ok()?.generic_params > 0 {
        return None;
    }
    record_key(m)
}

/// The key an image names `m`'s record by, if it can name it: as
/// `method_key`, without telling a generic method definition (which no
/// image compiles) from other methods, so without parsing a signature.
pub fn record_key(m: &'static Method) -> Option<MethodKey> {
    if m.rid == 0 || m.class.is_generic_def() {
        return None;
    }
    Some(MethodKey { class: class_key(m.class)?, rid: m.rid, args: list_key(m.method_args)? })
}

fn list_key(args: &[ClassRef]) -> Option<Vec<ClassKey>> {
    args.iter().map(|a| class_key(a)).collect()
}
