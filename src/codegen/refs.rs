//! The outside references of compiled code, and their keys: every method,
//! descriptor, class, string literal and static field compiled code names
//! becomes an `abi::refs::RefKey` (grammar there), which the loader
//! resolves into one pointer-sized slot (`runtime::refs`).

use crate::abi::refs::{ClassKey, MethodKey, RefKey};
use crate::types::class::{ClassRef, Kind};
use crate::types::method::Method;

/// One outside reference of compiled code.
#[derive(Clone, Copy)]
pub enum Ref {
    Method(&'static Method),
    Desc(&'static Method),
    Class(ClassRef),
    /// A string literal: image and user-string heap offset.
    Str(&'static crate::metadata::Image, u32),
    /// A static field: its class and offset in the class's static storage.
    Static(ClassRef, u32),
    /// The handle of a field with RVA data: its class and field rid.
    FieldData(ClassRef, u32),
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
    if m.rid == 0 || m.class.is_generic_def() || (m.generic_def.is_none() && m.sig().ok()?.generic_params > 0) {
        return None;
    }
    Some(MethodKey { class: class_key(m.class)?, rid: m.rid, args: list_key(m.method_args)? })
}

fn list_key(args: &[ClassRef]) -> Option<Vec<ClassKey>> {
    args.iter().map(|a| class_key(a)).collect()
}

impl Ref {
    /// The static field whose storage holds address `p` (how transformed
    /// code, which holds raw addresses, names it).
    pub fn static_at(p: *const u8) -> Option<Ref> {
        let (c, off) = crate::runtime::rt().statics_owner(p)?;
        Some(Ref::Static(c, off))
    }

    /// The reference an `ldtoken` handle stands for.
    pub fn of_handle(h: &crate::interp::code::Handle) -> Ref {
        use crate::interp::code::Handle;
        match *h {
            Handle::Type(c) => Ref::Class(c),
            Handle::Method(m) => Ref::Method(m),
            Handle::Field(c, rid) => Ref::FieldData(c, rid),
        }
    }

    pub fn key(&self) -> Option<RefKey> {
        Some(match *self {
            Ref::Method(m) => RefKey::Method(method_key(m)?),
            Ref::Desc(m) => RefKey::Desc(method_key(m)?),
            Ref::Class(c) => RefKey::Class(class_key(c)?),
            Ref::Str(img, offset) => RefKey::Str { image: img.name.clone(), offset },
            Ref::Static(c, offset) => RefKey::Static { class: class_key(c)?, offset },
            Ref::FieldData(c, rid) => RefKey::FieldData { class: class_key(c)?, rid },
        })
    }
}
