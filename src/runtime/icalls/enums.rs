//! Internal calls of Enum: names, values and boxing.

use cildec::{TableId, Token};

use crate::abi::layout::{Slot, OBJECT_HEADER_SIZE};
use crate::interp::code::Mem;
use crate::interp::exec;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object::{self, obj_class};
use crate::runtime::rt;
use crate::types::class::{ClassRef, ElemKind};

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    // Mono's: an enum object's value and type, names and values together.
    ("System.Enum::get_value", |fp| {
        let o = non_null(ao(fp, 0))?;
        let t = obj_class(o).enum_underlying().ok_or_else(|| exception::throw_new("System", "ArgumentException"))?;
        // SAFETY: a boxed enum: its value follows the header.
        ret_o(fp, object::box_value(t, unsafe { o.add(OBJECT_HEADER_SIZE) })?)
    }),
    ("System.Enum::get_hashcode", |fp| {
        let (v, size) = value_of(ao(fp, 0))?;
        ret(fp, if size == 8 { (v as i32 ^ (v >> 32) as i32) as i64 as Slot } else { v as i32 as i64 as Slot })
    }),
    ("System.Enum::InternalCompareTo", |fp| {
        let (x, _) = value_of(ao(fp, 0))?;
        let (y, _) = value_of(ao(fp, 1))?;
        let unsigned = is_unsigned(obj_class(ao(fp, 0)))?;
        let ord = if unsigned { (x as u64).cmp(&(y as u64)) } else { x.cmp(&y) };
        ret(fp, ord as i8 as i64 as Slot)
    }),
    ("System.Enum::InternalHasFlag", |fp| {
        let (x, _) = value_of(ao(fp, 0))?;
        let (f, _) = value_of(ao(fp, 1))?;
        ret(fp, (x & f == f) as Slot)
    }),
    ("System.Enum::InternalGetUnderlyingType", |fp| ret_o(fp, type_obj(type_arg(fp, 0)?.enum_underlying())?)),
    ("System.Enum::InternalBoxEnum", |fp| {
        let v = a(fp, 1);
        ret_o(fp, object::box_value(type_arg(fp, 0)?, &v as *const u64 as *const u8)?)
    }),
    ("System.Enum::GetEnumValuesAndNames", enum_values_and_names),
];

/// The value of boxed enum (or integer) `o`, sign- or zero-extended as its
/// type is, and its size.
fn value_of(o: *mut u8) -> Result<(i64, usize), Thrown> {
    let o = non_null(o)?;
    let c = obj_class(o);
    let k = c.elem_kind().map_err(load_err)?;
    let mem = Mem::of(k).ok_or_else(|| exception::throw_new("System", "ArgumentException"))?;
    // SAFETY: a boxed enum or primitive: the value follows the header.
    let v = unsafe { exec::load(mem, o.add(OBJECT_HEADER_SIZE)) } as i64;
    Ok((v, c.value_size().map_err(load_err)?))
}

fn is_unsigned(c: ClassRef) -> Result<bool, Thrown> {
    let ulong = c.enum_underlying().unwrap_or(c).is("System", "UInt64");
    Ok(ulong || matches!(c.elem_kind().map_err(load_err)?, ElemKind::U1 | ElemKind::U2 | ElemKind::U4))
}

/// `GetEnumValuesAndNames(type, out ulong[] values, out string[] names)`:
/// in declaration order; answers whether the values are already sorted.
fn enum_values_and_names(fp: *mut Slot) -> Result<(), Thrown> {
    let fields = enum_fields(type_arg(fp, 0)?)?;
    let names = object::new_array(rt().array_of(rt().wk().string, 0), fields.len() as i64)?;
    // SAFETY: the out arguments point to the caller's array locals; the
    // arrays have fields.len() elements.
    unsafe { *(a(fp, 2) as *mut *mut u8) = names };
    let values = object::new_array(rt().array_of(rt().wk().uint64, 0), fields.len() as i64)?;
    // SAFETY: as above.
    unsafe { *(a(fp, 1) as *mut *mut u8) = values };
    for (i, (n, v)) in fields.iter().enumerate() {
        // SAFETY: as above.
        unsafe {
            *(elem_ptr(names, i, 8) as *mut *mut u8) = object::new_string_from_str(n);
            *(elem_ptr(values, i, 8) as *mut u64) = *v as u64;
        }
    }
    ret(fp, fields.windows(2).all(|w| (w[0].1 as u64) <= (w[1].1 as u64)) as Slot)
}

/// (name, value) of the literal fields of enum `c`, in declaration order.
fn enum_fields(c: ClassRef) -> Result<Vec<(&'static str, i64)>, Thrown> {
    let img = c.image;
    let tables = img.md().tables();
    let range = tables
        .field_range(cildec::Rid::new(c.rid))
        .map_err(|e| exception::throw_msg("System", "BadImageFormatException", &e.to_string()))?;
    let unsigned = matches!(c.elem_kind().map_err(load_err)?, ElemKind::U1 | ElemKind::U2 | ElemKind::U4);
    let mut out = Vec::new();
    for rid in range {
        let row: cildec::tables::FieldRow = img.row(rid).map_err(load_err)?;
        if row.flags & 0x50 != 0x50 {
            continue;
        }
        let Ok(Some(k)) = tables.constant_of(Token::new(TableId::Field, rid)) else { continue };
        let blob = img.blob(k.value).map_err(load_err)?;
        let mut raw = [0u8; 8];
        raw[..blob.len().min(8)].copy_from_slice(&blob[..blob.len().min(8)]);
        let bits = u64::from_le_bytes(raw);
        let v = match (blob.len(), unsigned) {
            (1, false) => bits as i8 as i64,
            (2, false) => bits as i16 as i64,
            (4, false) => bits as i32 as i64,
            _ => bits as i64,
        };
        out.push((img.str(row.name).map_err(load_err)?, v));
    }
    Ok(out)
}
