//! Internal calls of Object, RuntimeHelpers and ValueType: identity, cloning, equality of boxed values.

use crate::abi::layout::{ArrayHeader, Slot, ARRAY_DATA_OFFSET, OBJECT_HEADER_SIZE, STRING_CHARS_OFFSET};
use crate::interp::exec;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object::{self, obj_class};
use crate::runtime::{gc, rt};
use crate::types::class::{ElemKind, Kind};

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Object::InternalGetHashCode", identity_hash),
    ("System.Runtime.CompilerServices.RuntimeHelpers::SufficientExecutionStack", |fp| ret(fp, 1)),
    ("System.Runtime.CompilerServices.RuntimeHelpers::GetObjectValue", get_object_value),
    ("System.Runtime.CompilerServices.RuntimeHelpers::get_OffsetToStringData", |fp| {
        ret(fp, crate::abi::layout::STRING_CHARS_OFFSET as Slot)
    }),
    ("System.Object::GetType", object_get_type),
    ("System.Object::MemberwiseClone", object_clone),
    ("System.Runtime.CompilerServices.RuntimeHelpers::InitializeArray", initialize_array),
    ("System.ValueType::InternalEquals", valuetype_equals),
    ("System.ValueType::InternalGetHashCode", valuetype_hash),
];

fn object_get_type(fp: *mut Slot) -> Result<(), Thrown> {
    let o = non_null(ao(fp, 0))?;
    ret_o(fp, object::type_object(obj_class(o))?)
}

/// Size in bytes of object `o` (header included).
fn object_size(o: *mut u8) -> Result<usize, Thrown> {
    let c = obj_class(o);
    Ok(if c.is_array() {
        let (n, size) = array_info(o)?;
        let rank = c.rank() as usize;
        let data = n * size;
        if c.kind == Kind::SzArray {
            ARRAY_DATA_OFFSET + data
        } else {
            ARRAY_DATA_OFFSET + data.next_multiple_of(8) + rank * 16
        }
    } else if std::ptr::eq(c, rt().wk().string) {
        STRING_CHARS_OFFSET + 2 * object::string_chars(o).len() + 2
    } else if c.is_valuetype() {
        OBJECT_HEADER_SIZE + c.value_size().map_err(load_err)?
    } else {
        c.layout().map_err(load_err)?.size as usize
    })
}

fn object_clone(fp: *mut Slot) -> Result<(), Thrown> {
    let o = non_null(ao(fp, 0))?;
    let c = obj_class(o);
    let size = object_size(o)?;
    let copy = gc::alloc(size);
    if copy.is_null() {
        return Err(exception::throw_new("System", "OutOfMemoryException"));
    }
    // SAFETY: both blocks are `size` bytes; md-array bounds are re-pointed
    // into the copy.
    unsafe {
        std::ptr::copy_nonoverlapping(o, copy, size);
        let h = copy as *mut ArrayHeader;
        if c.is_array() && !(*h).bounds.is_null() {
            let off = (*h).bounds as usize - o as usize;
            (*h).bounds = copy.add(off) as *mut _;
        }
        let vt = c.rt_vtable().map_err(load_err)?;
        if (*vt).has_finalizer != 0 {
            gc::register_finalizer(copy, object::finalize);
        }
    }
    ret_o(fp, copy)
}

/// Identity hash: stable for the object's life (objects never move).
fn identity_hash(fp: *mut Slot) -> Result<(), Thrown> {
    let o = ao(fp, 0) as usize;
    let h = (o >> 3) as u32 ^ (o >> 35) as u32;
    ret(fp, (h & 0x7fff_ffff) as i32 as i64 as Slot)
}

fn initialize_array(fp: *mut Slot) -> Result<(), Thrown> {
    let arr = non_null(ao(fp, 0))?;
    let data = a(fp, 1) as *const object::FieldHandle;
    let (n, size) = array_info(arr)?;
    let bytes = n * size;
    // SAFETY: the handle was made by ldtoken (field_handle) and lives in
    // its image's arena; the copy is bounded by both the array and the data.
    unsafe {
        if data.is_null() || (*data).len < bytes {
            return Err(exception::throw_msg("System", "ArgumentException", "Field data is too small for the array."));
        }
        std::ptr::copy_nonoverlapping((*data).ptr, arr.add(ARRAY_DATA_OFFSET), bytes);
    }
    Ok(())
}

fn valuetype_equals(fp: *mut Slot) -> Result<(), Thrown> {
    let (x, y) = (non_null(ao(fp, 0))?, ao(fp, 1));
    if y.is_null() || !std::ptr::eq(obj_class(x), obj_class(y)) {
        return ret(fp, 0);
    }
    let c = obj_class(x);
    let layout = c.layout().map_err(load_err)?;
    let eq = |xp: *mut u8, yp: *mut u8, n: usize| {
        // SAFETY: both are boxes of the same class, `n` bytes from the offset.
        unsafe { std::slice::from_raw_parts(xp, n) == std::slice::from_raw_parts(yp, n) }
    };
    if !layout.has_refs || layout.fields.is_empty() {
        let n = c.value_size().map_err(load_err)?;
        // SAFETY: the values follow the headers.
        return ret(fp, unsafe { eq(x.add(OBJECT_HEADER_SIZE), y.add(OBJECT_HEADER_SIZE), n) } as Slot);
    }
    let equals = rt().wk().object.find_method("Equals", Some(1));
    for f in &layout.fields {
        let off = OBJECT_HEADER_SIZE + f.offset as usize;
        let k = f.ty.elem_kind().map_err(load_err)?;
        // SAFETY: the field lies inside both boxes.
        let same = unsafe {
            if k == ElemKind::Ref {
                let (p, q) = (*(x.add(off) as *const *mut u8), *(y.add(off) as *const *mut u8));
                if p.is_null() || q.is_null() {
                    p == q
                } else {
                    match equals {
                        Some(m) => exec::invoke_virtual(m, p, &[q as Slot])? as u8 != 0,
                        None => p == q,
                    }
                }
            } else {
                eq(x.add(off), y.add(off), k.size())
            }
        };
        if !same {
            return ret(fp, 0);
        }
    }
    ret(fp, 1)
}

fn valuetype_hash(fp: *mut Slot) -> Result<(), Thrown> {
    let o = non_null(ao(fp, 0))?;
    let c = obj_class(o);
    let layout = c.layout().map_err(load_err)?;
    // Like Mono: hash the first field (references by identity), else 0.
    let h = match layout.fields.first() {
        Some(f) => {
            let k = f.ty.elem_kind().map_err(load_err)?;
            // SAFETY: the field lies inside the box.
            let p = unsafe { o.add(OBJECT_HEADER_SIZE + f.offset as usize) };
            // SAFETY: as above; `k.size()` bytes of the field are readable.
            let bytes = unsafe { std::slice::from_raw_parts(p, k.size().min(8)) };
            let mut v = 0u64;
            for (i, b) in bytes.iter().enumerate() {
                v |= (*b as u64) << (8 * i);
            }
            (v as u32 ^ (v >> 32) as u32) as i32
        }
        None => 0,
    };
    ret(fp, h as i64 as Slot)
}

/// A copy of a boxed value (so the caller's box is not shared), else the object.
fn get_object_value(fp: *mut Slot) -> Result<(), Thrown> {
    let o = ao(fp, 0);
    if o.is_null() || !obj_class(o).is_valuetype() {
        return ret_o(fp, o);
    }
    object_clone(fp)
}
