//! The outside references of compiled code, and their keys: every method,
//! descriptor, class, string literal and static field compiled code names
//! becomes an `abi::refs::RefKey` (grammar there), which the loader
//! resolves into one pointer-sized slot (`runtime::refs`).

use crate::abi::refs::RefKey;
use crate::runtime::refs::{class_key, method_key};
use crate::types::class::ClassRef;
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
