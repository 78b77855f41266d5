//! Custom attributes for Mono's `MonoCustomAttrs`: the CustomAttribute rows
//! of a type, method, constructor, field, assembly or module, decoded from
//! their blobs (ECMA-335 II.23.3) and constructed as objects.

use cildec::{TableId, Token};

use super::members::{field_of, handle_of};
use super::reflection::{construct, invoke_boxed};
use super::*;
use crate::metadata::image::Image;
use crate::runtime::rt;
use crate::types::resolve::{self, GenericCtx};

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.MonoCustomAttrs::GetCustomAttributesInternal", |fp| {
        let found = attributes(ao(fp, 0), attribute_filter(fp)?)?;
        let base = rt().wk().object;
        let arr = object::new_array(rt().array_of(base, 0), found.len() as i64)?;
        for (i, &(ctor, blob)) in found.iter().enumerate() {
            let obj = instantiate(ctor, blob)?;
            // SAFETY: `arr` is an object[] of found.len() elements.
            unsafe { *(elem_ptr(arr, i, 8) as *mut *mut u8) = obj };
        }
        ret_o(fp, arr)
    }),
    ("System.MonoCustomAttrs::IsDefinedInternal", |fp| {
        let found = attributes(ao(fp, 0), attribute_filter(fp)?)?;
        ret(fp, !found.is_empty() as Slot)
    }),
];

/// The attribute type argument (1): only attributes assignable to it.
fn attribute_filter(fp: *mut Slot) -> Result<Option<ClassRef>, Thrown> {
    if a(fp, 1) == 0 {
        return Ok(None);
    }
    type_arg(fp, 1).map(Some)
}

/// The metadata owner of reflection object `provider`: its image, token and
/// the generic context its attribute constructors resolve in.
fn owner(provider: *mut u8) -> Result<Option<(&'static Image, Token, GenericCtx)>, Thrown> {
    let provider = non_null(provider)?;
    let c = object::obj_class(provider);
    let name = c.name.as_str();
    if let Some(t) = object::class_of_type_object(provider).filter(|_| c.is("System", "RuntimeType")) {
        let def = t.generic_def.unwrap_or(t);
        return Ok((def.rid != 0).then(|| (def.image, Token::new(TableId::TypeDef, def.rid), GenericCtx::of_class(t))));
    }
    match name {
        "RuntimeMethodInfo" | "RuntimeConstructorInfo" => {
            let m = handle_of(provider)?;
            let def = m.generic_def.unwrap_or(m);
            let img = def.class.generic_def.unwrap_or(def.class).image;
            Ok((def.rid != 0).then(|| (img, Token::new(TableId::MethodDef, def.rid), GenericCtx::of_method(m))))
        }
        "RuntimeFieldInfo" => {
            let (k, f) = field_of(provider)?;
            let img = k.generic_def.unwrap_or(k).image;
            Ok((f.rid != 0).then(|| (img, Token::new(TableId::Field, f.rid), GenericCtx::of_class(k))))
        }
        "RuntimeAssembly" | "RuntimeModule" => {
            let (field, table) = if name == "RuntimeAssembly" {
                ("_mono_assembly", TableId::Assembly)
            } else {
                ("_impl", TableId::Module)
            };
            // SAFETY: the field holds the Image* assembly.rs stored.
            let img = unsafe { &*(*(field_ptr(provider, field)? as *const *const Image)) };
            Ok(Some((img, Token::new(table, 1), GenericCtx::default())))
        }
        // Parameters, properties and events: none are read yet.
        _ => Ok(None),
    }
}

/// (constructor, value blob) of the attributes on `provider` whose class
/// is assignable to `filter`.
fn attributes(provider: *mut u8, filter: Option<ClassRef>) -> Result<Vec<(&'static Method, &'static [u8])>, Thrown> {
    let Some((img, tok, ctx)) = owner(provider)? else { return Ok(Vec::new()) };
    let bad = |e: cildec::Error| exception::throw_msg("System", "BadImageFormatException", &e.to_string());
    let rows = img.md().tables().custom_attributes(tok).map_err(bad)?;
    let mut out = Vec::new();
    for r in rows {
        let row = img.row::<cildec::tables::CustomAttributeRow>(r).map_err(load_err)?;
        let ctor = resolve::method_token(img, row.constructor, &ctx).map_err(load_err)?;
        if filter.is_none_or(|f| ctor.class.is_assignable_to(f)) {
            out.push((ctor, img.blob(row.value).map_err(load_err)?));
        }
    }
    Ok(out)
}

fn bad_blob() -> Thrown {
    exception::throw_msg("System", "BadImageFormatException", "malformed custom attribute blob")
}

/// A cursor over a custom attribute blob.
struct Blob<'a> {
    b: &'a [u8],
    at: usize,
    /// The image whose type names the blob's `System.Type` values resolve in first.
    img: &'static Image,
}

impl Blob<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], Thrown> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(bad_blob)?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, Thrown> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, Thrown> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().map_err(|_| bad_blob())?))
    }
    fn u32(&mut self) -> Result<u32, Thrown> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().map_err(|_| bad_blob())?))
    }
    /// A SerString: a compressed length, or 0xFF for null.
    fn string(&mut self) -> Result<Option<String>, Thrown> {
        let first = self.u8()?;
        if first == 0xff {
            return Ok(None);
        }
        let len = match first {
            b if b & 0x80 == 0 => b as usize,
            b if b & 0xc0 == 0x80 => ((b as usize & 0x3f) << 8) | self.u8()? as usize,
            b => ((b as usize & 0x1f) << 24) | (self.u8()? as usize) << 16 | (self.u16()?.swap_bytes() as usize),
        };
        Ok(Some(String::from_utf8_lossy(self.take(len)?).into_owned()))
    }

    /// A value of type `t`, boxed (strings, types and arrays as themselves).
    fn value(&mut self, t: ClassRef) -> Result<*mut u8, Thrown> {
        let wk = rt().wk();
        if std::ptr::eq(t, wk.string) {
            return Ok(self.string()?.map_or(std::ptr::null_mut(), |s| object::new_string_from_str(&s)));
        }
        if t.is("System", "Type") && t.is_corlib() {
            return match self.string()? {
                None => Ok(std::ptr::null_mut()),
                Some(name) => object::type_object(type_by_name(&name, self.img)?),
            };
        }
        if std::ptr::eq(t, wk.object) {
            let tag = self.u8()?;
            let t = self.elem_type(tag)?;
            return self.value(t);
        }
        if let (crate::types::class::Kind::SzArray, Some(elem)) = (t.kind, t.elem) {
            let n = self.u32()?;
            if n == u32::MAX {
                return Ok(std::ptr::null_mut());
            }
            let arr = object::new_array(t, n as i64)?;
            let size = elem.value_size().map_err(load_err)?;
            for i in 0..n as usize {
                let v = self.value(elem)?;
                store_unboxed(elem, elem_ptr(arr, i, size), v, bad_blob)?;
            }
            return Ok(arr);
        }
        // Primitives and enums: their bytes as stored.
        let size = t.value_size().map_err(load_err)?;
        let mut raw = [0u8; 8];
        raw[..size.min(8)].copy_from_slice(self.take(size.min(8))?);
        object::box_value(t, raw.as_ptr())
    }

    /// The type a FieldOrPropType tag (II.23.3) names.
    fn elem_type(&mut self, tag: u8) -> Result<ClassRef, Thrown> {
        let wk = rt().wk();
        let prim = |name: &str| rt().corlib_class("System", name).map_err(load_err);
        Ok(match tag {
            0x02 => prim("Boolean")?,
            0x03 => prim("Char")?,
            0x04 => prim("SByte")?,
            0x05 => prim("Byte")?,
            0x06 => prim("Int16")?,
            0x07 => prim("UInt16")?,
            0x08 => wk.int32,
            0x09 => prim("UInt32")?,
            0x0a => wk.int64,
            0x0b => wk.uint64,
            0x0c => prim("Single")?,
            0x0d => prim("Double")?,
            0x0e => wk.string,
            0x50 => prim("Type")?,
            0x51 => wk.object,
            0x1d => {
                let tag = self.u8()?;
                let elem = self.elem_type(tag)?;
                rt().array_of(elem, 0)
            }
            0x55 => {
                let name = self.string()?.ok_or_else(bad_blob)?;
                type_by_name(&name, self.img)?
            }
            _ => return Err(bad_blob()),
        })
    }
}

/// A type named as custom attributes name them: `Ns.Outer+Inner[, Assembly...]`,
/// looked up in the named assembly, else in `img`, then the corlib.
fn type_by_name(name: &str, img: &'static Image) -> Result<ClassRef, Thrown> {
    let (type_name, assembly) = match name.split_once(',') {
        Some((t, a)) => (t.trim(), Some(a.split(',').next().unwrap_or("").trim())),
        None => (name.trim(), None),
    };
    // Array suffixes: `T[]`, `T[,]`.
    if let Some(open) = type_name.strip_suffix(']').and_then(|t| t.rfind('[').map(|i| (i, t))) {
        let (i, t) = open;
        let commas = &t[i + 1..];
        if commas.chars().all(|c| c == ',') {
            let elem_name = match assembly {
                Some(a) => format!("{}, {a}", &t[..i]),
                None => t[..i].to_string(),
            };
            let elem = type_by_name(&elem_name, img)?;
            let rank = if commas.is_empty() { 0 } else { commas.len() as u32 + 1 };
            return Ok(rt().array_of(elem, rank));
        }
    }
    let mut places: Vec<&'static Image> = Vec::new();
    if let Some(a) = assembly.and_then(|a| rt().image_by_name(a)) {
        places.push(a);
    }
    places.extend([img, rt().corlib]);
    let mut parts = type_name.split('+');
    let outer = parts.next().unwrap_or("");
    let (ns, n) = outer.rsplit_once('.').unwrap_or(("", outer));
    for place in places {
        let Some(mut rid) = place.find_typedef(ns, n, 0) else { continue };
        let mut ok = true;
        for inner in parts.clone() {
            match place.find_typedef("", inner, rid) {
                Some(r) => rid = r,
                None => ok = false,
            }
        }
        if ok {
            return resolve::typedef_class(place, rid).map_err(load_err);
        }
    }
    Err(exception::throw_msg("System", "TypeLoadException", &format!("Could not load type '{name}'.")))
}

/// Constructs the attribute that `ctor` and its value blob describe.
fn instantiate(ctor: &'static Method, blob: &'static [u8]) -> Result<*mut u8, Thrown> {
    let mut b = Blob { b: blob, at: 0, img: ctor.class.image };
    if b.u16()? != 1 {
        return Err(bad_blob());
    }
    let params = &ctor.sig().map_err(load_err)?.params;
    let args = object::new_array(rt().array_of(rt().wk().object, 0), params.len() as i64)?;
    for (i, &p) in params.iter().enumerate() {
        let v = b.value(p)?;
        // SAFETY: `args` is an object[] of params.len() elements.
        unsafe { *(elem_ptr(args, i, 8) as *mut *mut u8) = v };
    }
    let obj = construct(ctor, args)?;
    let named = b.u16()?;
    for _ in 0..named {
        let kind = b.u8()?;
        let tag = b.u8()?;
        let t = b.elem_type(tag)?;
        let name = b.string()?.ok_or_else(bad_blob)?;
        let v = b.value(t)?;
        match kind {
            0x53 => {
                let f = std::iter::successors(Some(ctor.class), |c| c.parent())
                    .find_map(|c| c.find_field(&name))
                    .ok_or_else(|| exception::throw_msg("System", "MissingFieldException", &name))?;
                // SAFETY: an instance field of the new attribute object.
                let p = unsafe { obj.add(f.offset as usize) };
                store_unboxed(f.ty, p, v, bad_blob)?;
            }
            0x54 => {
                let setter = format!("set_{name}");
                let m = std::iter::successors(Some(ctor.class), |c| c.parent())
                    .find_map(|c| c.find_method(&setter, Some(1)))
                    .ok_or_else(|| exception::throw_msg("System", "MissingMethodException", &setter))?;
                let one = object::new_array(rt().array_of(rt().wk().object, 0), 1)?;
                // SAFETY: `one` is an object[1].
                unsafe { *(elem_ptr(one, 0, 8) as *mut *mut u8) = v };
                invoke_boxed(m, Some(obj), one)?;
            }
            _ => return Err(bad_blob()),
        }
    }
    Ok(obj)
}
