//! What reflection's internal calls share: invocation with boxed arguments
//! (Mono's argument conversions), field access by value and delegate
//! binding. Handles are `Method*`, `Field*` and `Class*` pointers, which
//! live as long as their image (or, for dynamic methods, as long as the
//! DynamicMethod object the caller holds).

use super::{array_info, elem_ptr, load_boxed, load_err, non_null, nre, store_unboxed};
use crate::abi::layout::{slots_for, Slot, OBJECT_HEADER_SIZE};
use crate::interp::exec;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::{object, rt};
use crate::types::class::{ClassRef, ElemKind, Field, Kind};
use crate::types::method::Method;

/// The elements of an object[] (empty for null).
pub(super) fn objects(arr: *mut u8) -> Result<Vec<*mut u8>, Thrown> {
    if arr.is_null() {
        return Ok(Vec::new());
    }
    let (n, _) = array_info(arr)?;
    // SAFETY: an object[] of `n` elements.
    Ok((0..n).map(|i| unsafe { *(elem_ptr(arr, i, 8) as *const *mut u8) }).collect())
}

pub(super) fn class_list(types: *mut u8) -> Result<Vec<ClassRef>, Thrown> {
    objects(non_null(types)?)?.into_iter().map(|t| object::class_of_type_object(non_null(t)?).ok_or_else(nre)).collect()
}

fn sig(m: &'static Method) -> Result<&'static crate::types::method::Sig, Thrown> {
    m.sig().map_err(load_err)
}

/// A generic method's arguments, or a definition's parameters.
pub(super) fn generic_method_args(m: &'static Method) -> Result<Vec<ClassRef>, Thrown> {
    Ok(if m.generic_def.is_some() {
        m.method_args.to_vec()
    } else {
        rt().placeholders(true, sig(m)?.generic_params as usize).to_vec()
    })
}

fn bad_arg(from: *mut u8, to: ClassRef) -> Thrown {
    let from = object::obj_class(from).full_name();
    exception::throw_msg(
        "System.Reflection",
        "InvokeArgumentException",
        &format!("Object of type '{from}' cannot be converted to type '{}'.", to.full_name()),
    )
}

/// Writes argument `v` for a parameter of type `p` into `dst` in slot form
/// (small integers extended, float32 widened); returns the slots used.
fn put_arg(p: ClassRef, v: *mut u8, dst: &mut Vec<Slot>) -> Result<(), Thrown> {
    if matches!(p.kind, Kind::ByRef | Kind::Ptr) {
        return Err(exception::throw_msg("System", "NotSupportedException", "by-reference parameters"));
    }
    let size = p.value_size().map_err(load_err)?;
    let mut buf = vec![0u64; slots_for(size).max(1)];
    store_unboxed(p, buf.as_mut_ptr() as *mut u8, v, || bad_arg(v, p))?;
    let first = buf[0];
    buf[0] = match p.elem_kind().map_err(load_err)? {
        ElemKind::I1 => first as u8 as i8 as i64 as Slot,
        ElemKind::I2 => first as u16 as i16 as i64 as Slot,
        ElemKind::I4 => first as u32 as i32 as i64 as Slot,
        ElemKind::R4 => (f32::from_bits(first as u32) as f64).to_bits(),
        _ => first,
    };
    dst.extend_from_slice(&buf);
    Ok(())
}

/// Boxes a result in slot form (what a call leaves at the frame's start).
fn box_result(t: ClassRef, slots: &[Slot]) -> Result<*mut u8, Thrown> {
    match t.elem_kind().map_err(load_err)? {
        ElemKind::Void => Ok(std::ptr::null_mut()),
        ElemKind::Ref => Ok(slots[0] as *mut u8),
        _ => object::box_slot(t, slots.as_ptr()),
    }
}

/// Calls `m` with `this` (if any) and boxed `args`; returns the boxed result.
pub(super) fn invoke_boxed(m: &'static Method, this: Option<*mut u8>, args: *mut u8) -> Result<*mut u8, Thrown> {
    let s = sig(m)?;
    // Rust memory the collector does not scan: every object here is also
    // referenced by the caller's `args` array or `this`, in managed frames.
    let mut slots: Vec<Slot> = Vec::new();
    let mut target = m;
    if let Some(obj) = this {
        let obj = non_null(obj)?;
        if !object::is_instance(obj, m.class) {
            return Err(exception::throw_msg(
                "System.Reflection",
                "TargetException",
                "Object does not match target type.",
            ));
        }
        if m.is_virtual() {
            // SAFETY: `obj` is a live instance of the method's class.
            target = unsafe { exec::resolve_virtual(m, obj)? };
        }
        let this = if target.class.is_valuetype() { obj.wrapping_add(OBJECT_HEADER_SIZE) } else { obj };
        slots.push(this as Slot);
    }
    let args = objects(args)?;
    for (p, v) in s.params.iter().zip(&args) {
        put_arg(p, *v, &mut slots)?;
    }
    let mut result = vec![0; slots_for(s.ret.value_size().map_err(load_err)?).max(1)];
    exec::invoke_into(target, &slots, &mut result)?;
    box_result(s.ret, &result)
}

/// A new object of `ctor`'s class, constructed with boxed `args`.
pub(super) fn construct(ctor: &'static Method, args: *mut u8) -> Result<*mut u8, Thrown> {
    let c = ctor.class;
    if c.is_abstract() {
        return Err(exception::throw_msg(
            "System",
            "MemberAccessException",
            &format!("Cannot create an abstract class '{}'.", c.full_name()),
        ));
    }
    if c.cctor_state() != crate::types::class::CCTOR_DONE {
        object::run_cctor(c)?;
    }
    let obj = if c.is_valuetype() {
        let zero = vec![0u8; c.value_size().map_err(load_err)?.max(8)];
        object::box_value(c, zero.as_ptr())?
    } else {
        object::alloc_object(c)?
    };
    invoke_boxed(ctor, Some(obj), args)?;
    Ok(obj)
}

/// The address of field `f` of `owner` in `obj` (or in the statics).
fn field_addr(owner: ClassRef, f: &'static Field, obj: *mut u8) -> Result<*mut u8, Thrown> {
    if f.is_static() {
        if owner.cctor_state() != crate::types::class::CCTOR_DONE {
            object::run_cctor(owner)?;
        }
        let info = owner.info().map_err(load_err)?;
        // SAFETY: the static area holds every static field at its offset.
        return Ok(unsafe { info.statics.add(f.offset as usize) });
    }
    let obj = non_null(obj)?;
    if !object::is_instance(obj, owner) {
        return Err(exception::throw_msg(
            "System",
            "ArgumentException",
            &format!("Field {} defined on type {} is not a field on the target object.", f.name, owner.full_name()),
        ));
    }
    let base = if owner.is_valuetype() { OBJECT_HEADER_SIZE } else { 0 };
    Ok(obj.wrapping_add(base + f.offset as usize))
}

/// Field `f` of `owner` in `obj` (or static), boxed.
pub(super) fn field_value(owner: ClassRef, f: &'static Field, obj: *mut u8) -> Result<*mut u8, Thrown> {
    load_boxed(f.ty, field_addr(owner, f, obj)?)
}

/// Stores boxed `v` in field `f` of `owner` in `obj` (or static).
pub(super) fn store_field_value(owner: ClassRef, f: &'static Field, obj: *mut u8, v: *mut u8) -> Result<(), Thrown> {
    let p = field_addr(owner, f, obj)?;
    store_unboxed(f.ty, p, v, || bad_arg(v, f.ty))
}

/// Can delegates of class `c` call `m`, with its first parameter bound to
/// `target` when `m` is static and `target` is not null? Parameters and
/// result must match; reference types may vary as .NET allows (delegate
/// parameter assignable to the method's, method result to the delegate's).
fn delegate_compatible(c: ClassRef, m: &'static Method, target: *mut u8) -> Result<bool, Thrown> {
    let Some(invoke) = c.find_method("Invoke", None) else { return Ok(false) };
    let (d, s) = (sig(invoke)?, sig(m)?);
    let fits = |from: ClassRef, to: ClassRef| {
        std::ptr::eq(from, to) || !from.is_valuetype() && !to.is_valuetype() && from.is_assignable_to(to)
    };
    let params = match (m.is_static(), target.is_null()) {
        (true, false) => match s.params.split_first() {
            Some((first, rest)) if !first.is_valuetype() && object::is_instance(target, first) => rest,
            _ => return Ok(false),
        },
        _ => &s.params[..],
    };
    // An open instance delegate (no target, a reference type's method)
    // takes `this` as its first argument.
    let dparams = match (m.is_static(), target.is_null(), d.params.len() == params.len() + 1) {
        (false, true, true) if !m.class.is_valuetype() => match d.params.split_first() {
            Some((first, rest)) if fits(first, m.class) => rest,
            _ => return Ok(false),
        },
        _ => &d.params[..],
    };
    Ok(dparams.len() == params.len() && dparams.iter().zip(params).all(|(a, b)| fits(a, b)) && fits(s.ret, d.ret))
}

/// A delegate of class `c` to `m` on `target`, checked against `c`'s
/// signature; a virtual method binds to the target's override.
pub(super) fn bind_delegate(c: ClassRef, target: *mut u8, mut m: &'static Method) -> Result<*mut u8, Thrown> {
    if !delegate_compatible(c, m, target)? {
        return Err(exception::throw_msg("System", "ArgumentException", "method arguments are incompatible"));
    }
    if !target.is_null() && !m.is_static() {
        if !object::is_instance(target, m.class) {
            return Err(exception::throw_msg(
                "System",
                "ArgumentException",
                "Cannot bind to the target method because its signature is not compatible with that of the delegate type.",
            ));
        }
        if m.is_virtual() {
            // SAFETY: `target` is a live instance of the method's class.
            m = unsafe { exec::resolve_virtual(m, target)? };
        }
    }
    object::new_delegate(c, target, &m.desc)
}
