//! Internal calls of Array: shape, element access, copy and creation.

use crate::abi::layout::{ArrayHeader, Slot, ARRAY_DATA_OFFSET};
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object::{self, obj_class};
use crate::runtime::rt;
use crate::types::class::{ClassRef, ElemKind};

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Array::GetRank", array_rank),
    ("System.Array::CreateInstanceImpl", create_instance),
    ("System.Array::ClearInternal", array_clear),
    ("System.Array::FastCopy", |fp| {
        let (src, dst) = (non_null(ao(fp, 0))?, non_null(ao(fp, 2))?);
        ret(fp, copy_same_kind(src, ai(fp, 1), dst, ai(fp, 3), ai(fp, 4))? as Slot)
    }),
    ("System.Array::GetValueImpl", |fp| {
        let arr = non_null(ao(fp, 0))?;
        ret_o(fp, get_boxed(arr, checked_index(arr, ai(fp, 1))?)?)
    }),
    ("System.Array::SetValueImpl", |fp| {
        let arr = non_null(ao(fp, 0))?;
        set_boxed(arr, checked_index(arr, ai(fp, 2))?, ao(fp, 1), "InvalidCastException")
    }),
    // Mono's `GetValue(int[] indices)` / `SetValue(object, int[] indices)`.
    ("System.Array::GetValue(int[])", |fp| {
        let arr = non_null(ao(fp, 0))?;
        ret_o(fp, get_boxed(arr, flat_index(arr, ao(fp, 1))?)?)
    }),
    ("System.Array::SetValue(object,int[])", |fp| {
        let arr = non_null(ao(fp, 0))?;
        set_boxed(arr, flat_index(arr, ao(fp, 2))?, ao(fp, 1), "InvalidCastException")
    }),
    ("System.Array::GetGenericValueImpl", |fp| generic_value(fp, false)),
    ("System.Array::SetGenericValueImpl", |fp| generic_value(fp, true)),
    ("System.Array::GetLength", array_get_length),
    ("System.Array::GetLowerBound", array_get_lower_bound),
    ("System.Array::GetElementKlass", array_elem_klass),
];

/// (element count, element size) of array `arr`.
pub(crate) fn array_info(arr: *mut u8) -> Result<(usize, usize), Thrown> {
    let c = obj_class(arr);
    let elem = c.elem.ok_or_else(|| exception::throw_new("System", "ArgumentException"))?;
    // SAFETY: `arr` is a live array.
    let n = unsafe { (*(arr as *const ArrayHeader)).length };
    Ok((n, elem.value_size().map_err(load_err)?))
}

fn array_rank(fp: *mut Slot) -> Result<(), Thrown> {
    ret(fp, obj_class(non_null(ao(fp, 0))?).rank() as Slot)
}

fn dimension(fp: *mut Slot) -> Result<crate::abi::layout::ArrayBound, Thrown> {
    let arr = non_null(ao(fp, 0))?;
    let d = ai(fp, 1);
    let b = object::array_bounds(arr);
    b.get(d as u32 as usize).copied().ok_or_else(|| {
        exception::throw_msg("System", "IndexOutOfRangeException", "Index was outside the bounds of the array.")
    })
}

fn array_get_length(fp: *mut Slot) -> Result<(), Thrown> {
    let b = dimension(fp)?;
    ret(fp, b.length as Slot)
}

fn array_get_lower_bound(fp: *mut Slot) -> Result<(), Thrown> {
    let b = dimension(fp)?;
    ret(fp, b.lower as i64 as Slot)
}

pub(crate) fn elem_ptr(arr: *mut u8, i: usize, size: usize) -> *mut u8 {
    // SAFETY: callers check `i` against the array's length.
    unsafe { arr.add(ARRAY_DATA_OFFSET + i * size) }
}

/// Copies `n` elements when no element needs converting (same bits, or
/// references to an assignable element type); false when some might.
fn copy_same_kind(src: *mut u8, si: i32, dst: *mut u8, di: i32, n: i32) -> Result<bool, Thrown> {
    let (sn, _) = array_info(src)?;
    let (dn, _) = array_info(dst)?;
    if si < 0 || di < 0 || n < 0 || si as usize + n as usize > sn || di as usize + n as usize > dn {
        return Err(exception::throw_msg(
            "System",
            "ArgumentException",
            "Destination array was not long enough. Check destIndex and length, and the array's lower bounds.",
        ));
    }
    let (se, de) = (obj_class(src).elem.unwrap(), obj_class(dst).elem.unwrap());
    let (sk, dk) = (se.elem_kind().map_err(load_err)?, de.elem_kind().map_err(load_err)?);
    let (si, di, n) = (si as usize, di as usize, n as usize);
    let same_bits = std::ptr::eq(se, de)
        || (se.is_valuetype()
            && de.is_valuetype()
            && sk == dk
            && !matches!(sk, ElemKind::Struct(_))
            && (se.is_enum() || de.is_enum()));
    if !(same_bits || (sk == ElemKind::Ref && dk == ElemKind::Ref && se.is_assignable_to(de))) {
        return Ok(false);
    }
    let size = sk.size();
    // SAFETY: ranges checked above; `copy` handles overlap.
    unsafe { std::ptr::copy(elem_ptr(src, si, size), elem_ptr(dst, di, size), n * size) };
    Ok(true)
}

/// Reads element `i` of `arr` as an object (boxing value elements).
fn get_boxed(arr: *mut u8, i: usize) -> Result<*mut u8, Thrown> {
    let elem = obj_class(arr).elem.unwrap_or(rt().wk().object);
    let size = elem.value_size().map_err(load_err)?;
    load_boxed(elem, elem_ptr(arr, i, size))
}

/// Reads the `elem` at `p` (memory form) as an object, boxing values.
pub(crate) fn load_boxed(elem: ClassRef, p: *mut u8) -> Result<*mut u8, Thrown> {
    if elem.elem_kind().map_err(load_err)? == ElemKind::Ref {
        // SAFETY: a reference element.
        return Ok(unsafe { *(p as *const *mut u8) });
    }
    object::box_value(elem, p)
}

/// Stores object `v` into element `i` of `arr` (unboxing into value arrays).
fn set_boxed(arr: *mut u8, i: usize, v: *mut u8, mismatch: &str) -> Result<(), Thrown> {
    let elem = obj_class(arr).elem.unwrap_or(rt().wk().object);
    let size = elem.value_size().map_err(load_err)?;
    store_unboxed(elem, elem_ptr(arr, i, size), v, || exception::throw_new("System", mismatch))
}

/// Stores object `v` into the `elem` location `p` (unboxing values; null
/// stores a zero value); `mismatch` raises the error for a wrong type.
pub(crate) fn store_unboxed(
    elem: ClassRef,
    p: *mut u8,
    v: *mut u8,
    mismatch: impl Fn() -> Thrown,
) -> Result<(), Thrown> {
    let size = elem.value_size().map_err(load_err)?;
    if elem.elem_kind().map_err(load_err)? == ElemKind::Ref {
        if !v.is_null() && !object::is_instance(v, elem) {
            return Err(mismatch());
        }
        // SAFETY: a reference element.
        unsafe { *(p as *mut *mut u8) = v };
        return Ok(());
    }
    if v.is_null() {
        // SAFETY: the element is `size` bytes.
        unsafe { std::ptr::write_bytes(p, 0, size) };
        return Ok(());
    }
    let src = object::unbox(v, elem, std::ptr::null_mut()).map_err(|_| {
        exception::take_pending();
        mismatch()
    })?;
    // SAFETY: `src` is a value of the element type.
    unsafe { std::ptr::copy(src, p, size) };
    Ok(())
}

fn array_clear(fp: *mut Slot) -> Result<(), Thrown> {
    let (arr, i, n) = (non_null(ao(fp, 0))?, ai(fp, 1), ai(fp, 2));
    let (len, size) = array_info(arr)?;
    if i < 0 || n < 0 || i as usize + n as usize > len {
        return Err(exception::throw_new("System", "IndexOutOfRangeException"));
    }
    // SAFETY: range checked against the array length.
    unsafe { std::ptr::write_bytes(elem_ptr(arr, i as usize, size), 0, n as usize * size) };
    Ok(())
}

fn array_elem_klass(fp: *mut Slot) -> Result<(), Thrown> {
    let arr = non_null(ao(fp, 0))?;
    ret(fp, obj_class(arr).elem.map_or(0, |e| e as *const _ as Slot))
}

/// Linear index `i` of `arr`, checked.
fn checked_index(arr: *mut u8, i: i32) -> Result<usize, Thrown> {
    let (n, _) = array_info(arr)?;
    if i < 0 || i as usize >= n {
        return Err(exception::throw_msg(
            "System",
            "IndexOutOfRangeException",
            "Index was outside the bounds of the array.",
        ));
    }
    Ok(i as usize)
}

/// `GetGenericValueImpl(pos, ref T)` / `SetGenericValueImpl(pos, ref T)`:
/// copies one element between the array and the caller's location.
fn generic_value(fp: *mut Slot, store: bool) -> Result<(), Thrown> {
    let arr = non_null(ao(fp, 0))?;
    let i = checked_index(arr, ai(fp, 1))?;
    let (_, size) = array_info(arr)?;
    let (e, v) = (elem_ptr(arr, i, size), a(fp, 2) as *mut u8);
    // SAFETY: the element is in bounds and the `ref T` holds one element.
    unsafe {
        if store {
            std::ptr::copy(v, e, size)
        } else {
            std::ptr::copy(e, v, size)
        }
    }
    Ok(())
}

/// `CreateInstanceImpl(Type elementType, int[] lengths, int[] lowerBounds)`:
/// an SZ array for one length and no bounds, else a multi-dimensional one.
fn create_instance(fp: *mut Slot) -> Result<(), Thrown> {
    let elem = type_arg(fp, 0)?;
    let ints = |arr: *mut u8| -> Result<Vec<i64>, Thrown> {
        let (n, _) = array_info(arr)?;
        // SAFETY: an int[] of `n` elements.
        Ok((0..n).map(|i| unsafe { *(elem_ptr(arr, i, 4) as *const i32) } as i64).collect())
    };
    let lengths = ints(non_null(ao(fp, 1))?)?;
    let bounds = if a(fp, 2) == 0 { None } else { Some(ints(ao(fp, 2))?) };
    if lengths.iter().any(|&n| n < 0) {
        return Err(exception::throw_msg(
            "System",
            "ArgumentOutOfRangeException",
            "Non-negative number required.\nParameter name: lengths",
        ));
    }
    let arr = match bounds {
        None if lengths.len() == 1 => object::new_array(rt().array_of(elem, 0), lengths[0])?,
        None => object::new_md_array(rt().array_of(elem, lengths.len() as u32), &lengths)?,
        Some(b) => {
            let dims: Vec<i64> = b.iter().zip(&lengths).flat_map(|(l, n)| [*l, *n]).collect();
            object::new_md_array(rt().array_of(elem, lengths.len() as u32), &dims)?
        }
    };
    ret_o(fp, arr)
}

/// The element number of `indices` (an int[], one per dimension, each
/// from its lower bound) in `arr`, checked.
fn flat_index(arr: *mut u8, indices: *mut u8) -> Result<usize, Thrown> {
    let bounds = object::array_bounds(arr);
    let (n, _) = array_info(non_null(indices)?)?;
    if n != bounds.len() {
        return Err(exception::throw_msg(
            "System",
            "ArgumentException",
            "Indices length does not match the array rank.",
        ));
    }
    let mut flat = 0usize;
    for (k, b) in bounds.iter().enumerate() {
        // SAFETY: `indices` is an int[] of `n` elements.
        let i = unsafe { *(elem_ptr(indices, k, 4) as *const i32) } as isize - b.lower;
        if i < 0 || i as usize >= b.length {
            return Err(exception::throw_msg(
                "System",
                "IndexOutOfRangeException",
                "Index was outside the bounds of the array.",
            ));
        }
        flat = flat * b.length + i as usize;
    }
    Ok(flat)
}
