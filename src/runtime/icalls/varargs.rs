//! Variable arguments: `ArgIterator` over a vararg call's extra arguments
//! and `TypedReference`s to them. The runtime's argument list (what
//! `arglist` pushes, `object::make_arglist`) is an `object[]` holding per
//! argument its type object and its value, boxed for value types; a typed
//! reference's parts sit where `object::typed_ref_slots` says.

use super::*;
use crate::abi::layout::{ARRAY_DATA_OFFSET, OBJECT_HEADER_SIZE};
use crate::runtime::object::{typed_ref_slots, TypedRefSlots};
use crate::runtime::rt;

pub const ENTRIES: &[(&str, Icall)] = &[
    // The iterator's fields (`args`, `next_arg`,
    // `num_args`) are the runtime's to fill; references are written
    // through pointers.
    ("System.ArgIterator::Setup", arg_iterator_setup),
    ("System.ArgIterator::IntGetNextArg", |fp| next_arg(fp, None)),
    ("System.ArgIterator::IntGetNextArgWithType", |fp| next_arg(fp, Some(a(fp, 2)))),
    ("System.ArgIterator::IntGetNextArgType", |fp| {
        let (list, next, _) = iterator(fp)?;
        let (_, c) = argument(list, 2 * next)?;
        ret(fp, c.record() as Slot)
    }),
    ("System.TypedReference::InternalToObject", |fp| {
        let r = non_null(ao(fp, 0))?;
        let at = slots()?;
        // SAFETY: `r` points to a TypedReference, whose parts are slots at `at`.
        let (address, class) = unsafe {
            let s = r as *const Slot;
            (*s.add(at.value as usize) as *const u8, *s.add(at.class as usize) as *const crate::types::Class)
        };
        if class.is_null() {
            return Err(nre());
        }
        // SAFETY: the class slot of a typed reference holds a class record.
        ret_o(fp, referenced_object(address, unsafe { &*class })?)
    }),
];

fn slots() -> Result<TypedRefSlots, Thrown> {
    typed_ref_slots().map_err(load_err)
}

/// The argument at `at` (its type object's index) of argument list
/// `list`: its address and class.
fn argument(list: *mut u8, at: usize) -> Result<(Slot, ClassRef), Thrown> {
    let (n, _) = array_info(non_null(list)?)?;
    if at + 1 >= n {
        return Err(exception::throw_msg("System", "InvalidOperationException", "Invalid iterator position."));
    }
    // SAFETY: `list` is an object[] of `n` elements and `at + 1 < n`.
    let (t, value_at) = unsafe {
        let data = list.add(ARRAY_DATA_OFFSET) as *mut *mut u8;
        (*data.add(at), data.add(at + 1))
    };
    let c = object::class_of_type_object(t).ok_or_else(nre)?;
    let address = if c.is_valuetype() {
        // SAFETY: a value type's argument is boxed; its value follows the header.
        unsafe { (*value_at).add(OBJECT_HEADER_SIZE) as Slot }
    } else {
        value_at as Slot
    };
    Ok((address, c))
}

/// Writes a typed reference to `address` of class `c` at `to`.
///
/// # Safety
/// `to` must have room for a TypedReference.
unsafe fn write_reference(to: *mut Slot, s: TypedRefSlots, address: Slot, c: ClassRef) {
    // SAFETY: the caller gives room for the whole reference.
    unsafe {
        *to.add(s.value as usize) = address;
        for at in [s.class, s.type_handle] {
            *to.add(at as usize) = c.record() as Slot;
        }
    }
}

/// The value a typed reference to `address` of class `c` refers to, boxed.
fn referenced_object(address: *const u8, c: ClassRef) -> Result<*mut u8, Thrown> {
    if address.is_null() {
        return Err(nre());
    }
    if c.is_valuetype() {
        object::box_value(c, address)
    } else {
        // SAFETY: a typed reference to a reference type points to a slot holding it.
        Ok(unsafe { *(address as *const *mut u8) })
    }
}

/// Mono's ArgIterator fields: the argument list, the next argument and
/// the count, as pointers into the iterator `this` (argument 0).
fn iterator_fields(fp: *mut Slot) -> Result<(*mut *mut u8, *mut i32, *mut i32), Thrown> {
    let it = non_null(ao(fp, 0))?;
    let c = rt().corlib_class("System", "ArgIterator").map_err(load_err)?;
    let at = |name: &str| -> Result<*mut u8, Thrown> {
        // SAFETY: `it` points to an ArgIterator value, which holds the field.
        Ok(unsafe { it.add(find_field(c, name)?.offset as usize) })
    };
    Ok((at("args")? as *mut *mut u8, at("next_arg")? as *mut i32, at("num_args")? as *mut i32))
}

/// The iterator's argument list, next index and count.
fn iterator(fp: *mut Slot) -> Result<(*mut u8, usize, usize), Thrown> {
    let (args, next, num) = iterator_fields(fp)?;
    // SAFETY: the fields lie inside the iterator (`iterator_fields`).
    let (list, next, num) = unsafe { (*args, *next, *num) };
    if next >= num {
        return Err(exception::throw_msg("System", "InvalidOperationException", "Invalid iterator position."));
    }
    Ok((list, next as usize, num as usize))
}

/// `ArgIterator.Setup(IntPtr argsp, IntPtr start)`: `argsp` is the
/// runtime's argument list (RuntimeArgumentHandle.args).
fn arg_iterator_setup(fp: *mut Slot) -> Result<(), Thrown> {
    let list = non_null(ao(fp, 1))?;
    let (n, _) = array_info(list)?;
    let (args, next, num) = iterator_fields(fp)?;
    // SAFETY: the fields lie inside the iterator (`iterator_fields`).
    unsafe {
        *args = list;
        *next = 0;
        *num = (n / 2) as i32;
    }
    Ok(())
}

/// `IntGetNextArg(void* res)` and `IntGetNextArgWithType(void* res,
/// IntPtr type)`: a reference to the next argument (of class `want`,
/// skipping others; none found gives a null reference) written to `res`.
fn next_arg(fp: *mut Slot, want: Option<Slot>) -> Result<(), Thrown> {
    let res = non_null(ao(fp, 1))? as *mut Slot;
    let s = slots()?;
    let (list, mut next, num) = iterator(fp)?;
    let (_, next_field, _) = iterator_fields(fp)?;
    while next < num {
        let (address, c) = argument(list, 2 * next)?;
        next += 1;
        if want.is_none_or(|w| w == c.record() as Slot) {
            // SAFETY: `res` points to a TypedReference; the field is in the iterator.
            unsafe {
                write_reference(res, s, address, c);
                *next_field = next as i32;
            }
            return Ok(());
        }
    }
    let size = rt().corlib_class("System", "TypedReference").and_then(|c| c.value_size());
    let size = size.map_err(load_err)?;
    // SAFETY: `res` points to a TypedReference of `size` bytes.
    unsafe { std::ptr::write_bytes(res as *mut u8, 0, size) };
    Ok(())
}
