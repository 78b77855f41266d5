//! Properties for Mono's reflection: a property handle is a `Property`
//! record (declaring class, Property row, accessors) made once per class
//! and row in the class's image arena; RuntimePropertyInfo objects over
//! them are cached per (property, reflected type) as methods' are.

use std::sync::OnceLock;

use cildec::{TableId, Token};
use dashmap::DashMap;

use super::members::{binds, method_object, method_private, method_public, name_filter, ret_gptr_array};
use super::*;
use crate::runtime::rt;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.RuntimeType::GetPropertiesByName_native", properties_by_name),
    ("System.Reflection.RuntimePropertyInfo::internal_from_handle_type", |fp| {
        let p = property(a(fp, 0))?;
        let reflected = if a(fp, 1) == 0 { p.class } else { klass(fp, 1)? };
        ret_o(fp, property_object(p, reflected)?)
    }),
    ("System.Reflection.RuntimePropertyInfo::get_property_info", property_info),
    ("System.Reflection.RuntimePropertyInfo::get_metadata_token", |fp| {
        ret(fp, (0x1700_0000 | record_of(ao(fp, 0))?.rid) as Slot)
    }),
];

/// A property of a class (instantiated classes have their own, whose
/// accessors are the instance's methods).
pub struct Property {
    pub class: ClassRef,
    pub rid: u32,
    pub name: &'static str,
    pub flags: u16,
    pub getter: Option<&'static Method>,
    pub setter: Option<&'static Method>,
}

impl Property {
    /// The accessor that decides visibility and staticness.
    fn accessor(&self) -> Option<&'static Method> {
        self.getter.or(self.setter)
    }
}

fn records() -> &'static DashMap<(usize, u32), usize> {
    static R: OnceLock<DashMap<(usize, u32), usize>> = OnceLock::new();
    R.get_or_init(DashMap::new)
}

/// The properties `c` declares.
fn declared(c: ClassRef) -> Result<Vec<&'static Property>, Thrown> {
    let def = c.generic_def.unwrap_or(c);
    if def.rid == 0 {
        return Ok(Vec::new());
    }
    let img = def.image;
    let tables = img.md().tables();
    let bad = |e: cildec::Error| exception::throw_msg("System", "BadImageFormatException", &e.to_string());
    let Some(map) = tables.property_map_of(cildec::Rid::new(def.rid)).map_err(bad)? else { return Ok(Vec::new()) };
    let methods = &c.info().map_err(load_err)?.methods;
    let mut out = Vec::new();
    for rid in tables.property_range(map).map_err(bad)? {
        let key = (c as *const _ as usize, rid);
        if let Some(p) = records().get(&key) {
            // SAFETY: records hold Property pointers allocated below, in the
            // image arena, which lives as long as the process.
            out.push(unsafe { &*(*p as *const Property) });
            continue;
        }
        let row: cildec::tables::PropertyRow = img.row(rid).map_err(load_err)?;
        let (mut getter, mut setter) = (None, None);
        for s in tables.semantics_for(Token::new(TableId::Property, rid)).map_err(bad)? {
            let sem: cildec::tables::MethodSemanticsRow = img.row(s).map_err(load_err)?;
            let m = methods.iter().copied().find(|m| m.rid == sem.method.get() && std::ptr::eq(m.class, c));
            match sem.semantics {
                1 => setter = m,
                2 => getter = m,
                _ => {}
            }
        }
        let name = img.str(row.name).map_err(load_err)?;
        let p: &'static Property = img.arena.alloc(Property { class: c, rid, name, flags: row.flags, getter, setter });
        let p = *records().entry(key).or_insert(p as *const Property as usize);
        // SAFETY: as above.
        out.push(unsafe { &*(p as *const Property) });
    }
    Ok(out)
}

fn property(handle: Slot) -> Result<&'static Property, Thrown> {
    // SAFETY: property handles are `Property*` from `declared`.
    unsafe { (handle as *const Property).as_ref() }.ok_or_else(nre)
}

/// The record behind a RuntimePropertyInfo.
fn record_of(info: *mut u8) -> Result<&'static Property, Thrown> {
    let p = field_ptr(info, "prop")? as *const Slot;
    // SAFETY: `prop` holds the handle `property_object` stored.
    property(unsafe { *p })
}

/// `GetPropertiesByName_native(name, BindingFlags, MemberListType)`:
/// the type's and its bases' properties, a base's hidden by a derived one
/// of the same name.
fn properties_by_name(fp: *mut Slot) -> Result<(), Thrown> {
    let (c, flags) = (type_arg(fp, 0)?, ai(fp, 2));
    let wanted = name_filter(a(fp, 1), ai(fp, 3));
    let mut out: Vec<&'static Property> = Vec::new();
    let mut k = Some(c);
    while let Some(cur) = k {
        let inherited = !std::ptr::eq(cur, c);
        for p in declared(cur)? {
            let Some(acc) = p.accessor() else { continue };
            let public = p.getter.is_some_and(method_public) || p.setter.is_some_and(method_public);
            let private = acc.flags & 7 == 1 && p.setter.is_none_or(method_private);
            if wanted(p.name)
                && binds(flags, public, acc.is_static(), private, inherited)
                && !out.iter().any(|o| o.name == p.name)
            {
                out.push(p);
            }
        }
        k = cur.parent();
    }
    ret_gptr_array(fp, out.iter().map(|p| *p as *const Property as usize).collect())
}

static PROPERTY_OBJECTS: ObjectCache<(usize, usize)> = ObjectCache::new();

fn property_object(p: &'static Property, reflected: ClassRef) -> Result<*mut u8, Thrown> {
    PROPERTY_OBJECTS.get((p as *const Property as usize, reflected as *const _ as usize), || {
        let class = rt().corlib_class("System.Reflection", "RuntimePropertyInfo").map_err(load_err)?;
        let obj = object::alloc_object(class)?;
        set_field(obj, "klass", reflected as *const _ as usize)?;
        set_field(obj, "prop", p as *const Property as usize)?;
        Ok(obj)
    })
}

/// `get_property_info(prop, ref MonoPropertyInfo, PInfo)`: every part,
/// whichever were asked for.
fn property_info(fp: *mut Slot) -> Result<(), Thrown> {
    let info_obj = non_null(ao(fp, 0))?;
    let p = record_of(info_obj)?;
    let reflected_p = field_ptr(info_obj, "klass")? as *const *const crate::types::Class;
    // SAFETY: `klass` holds the reflected class `property_object` stored.
    let reflected = unsafe { (*reflected_p).as_ref() }.ok_or_else(nre)?;
    let info = a(fp, 1) as *mut u8;
    let c = rt().corlib_class("System.Reflection", "MonoPropertyInfo").map_err(load_err)?;
    let accessor = |m: Option<&'static Method>| m.map_or(Ok(std::ptr::null_mut()), |m| method_object(m, reflected));
    set_struct_field(c, info, "parent", object::type_object(reflected)?)?;
    set_struct_field(c, info, "declaring_type", object::type_object(p.class)?)?;
    set_struct_field(c, info, "name", object::new_string_from_str(p.name))?;
    set_struct_field(c, info, "get_method", accessor(p.getter)?)?;
    set_struct_field(c, info, "set_method", accessor(p.setter)?)?;
    set_struct_field(c, info, "attrs", p.flags as i32)?;
    Ok(())
}
