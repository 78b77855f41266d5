//! Mono's reflection over members: RuntimeType's member lists (GPtrArrays
//! of method and field handles), the RuntimeMethodInfo,
//! RuntimeConstructorInfo and RuntimeFieldInfo objects behind those handles,
//! and invocation through them. A method handle is a `Method*`, a field
//! handle a `Field*`, a type handle a `Class*`.

use std::ffi::CStr;

use super::reflection::{
    bind_delegate, class_list, construct, field_value, generic_method_args, invoke_boxed, store_field_value,
};
use super::*;
use crate::runtime::rt;
use crate::types::class::Field;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.RuntimeType::GetConstructors_native", get_constructors),
    ("System.RuntimeType::GetMethodsByName_native", get_methods_by_name),
    ("System.RuntimeType::GetFields_native", get_fields),
    ("Mono.RuntimeGPtrArrayHandle::GPtrArrayFree", gptr_array_free),
    ("System.Reflection.RuntimeMethodInfo::GetMethodFromHandleInternalType_native", method_from_handle),
    ("System.Reflection.RuntimeMethodInfo::get_name", |fp| ret_str(fp, handle_of(ao(fp, 0))?.name)),
    ("System.Reflection.RuntimeMethodInfo::get_metadata_token", |fp| method_token(fp)),
    ("System.Reflection.RuntimeConstructorInfo::get_metadata_token", |fp| method_token(fp)),
    ("System.Reflection.RuntimeMethodInfo::InternalInvoke", internal_invoke),
    ("System.Reflection.RuntimeConstructorInfo::InternalInvoke", internal_invoke),
    ("System.Reflection.RuntimeMethodInfo::get_IsGenericMethod", |fp| {
        let m = handle_of(ao(fp, 0))?;
        ret(fp, (!m.method_args.is_empty() || method_arity(m)? > 0) as Slot)
    }),
    ("System.Reflection.RuntimeMethodInfo::get_IsGenericMethodDefinition", |fp| {
        let m = handle_of(ao(fp, 0))?;
        ret(fp, (m.method_args.is_empty() && method_arity(m)? > 0) as Slot)
    }),
    ("System.Reflection.MonoMethodInfo::get_method_info", method_info),
    ("System.Reflection.RuntimeMethodInfo::MakeGenericMethod_impl", make_generic_method),
    ("System.Reflection.RuntimeMethodInfo::GetGenericArguments", |fp| {
        ret_o(fp, new_type_array(&generic_method_args(handle_of(ao(fp, 0))?)?)?)
    }),
    ("System.Reflection.RuntimeMethodInfo::GetGenericMethodDefinition_impl", |fp| {
        let m = handle_of(ao(fp, 0))?;
        match m.generic_def {
            Some(def) => ret_o(fp, method_object(def, def.class)?),
            None if method_arity(m)? > 0 => ret_o(fp, ao(fp, 0)),
            None => ret_o(fp, std::ptr::null_mut()),
        }
    }),
    // A delegate to a virtual method: the override its target runs.
    ("System.Delegate::GetVirtualMethod_internal", |fp| {
        let d = non_null(ao(fp, 0))?;
        // SAFETY: Mono's Delegate.method holds the Method* of its target method.
        let m = unsafe { (*(field_ptr(d, "method")? as *const *const Method)).as_ref() }.ok_or_else(nre)?;
        // SAFETY: `m_target` is an object reference field of the delegate.
        let target = unsafe { *(field_ptr(d, "m_target")? as *const *mut u8) };
        let m = if m.is_virtual() && !target.is_null() {
            // SAFETY: `target` is a live object the delegate holds.
            unsafe { crate::interp::exec::resolve_virtual(m, target)? }
        } else {
            m
        };
        ret_o(fp, method_object(m, m.class)?)
    }),
    // `CreateDelegate_internal(Type, object target, MethodInfo, bool throwOnBindFailure)`.
    ("System.Delegate::CreateDelegate_internal", |fp| {
        let (c, target, m) = (type_arg(fp, 0)?, ao(fp, 1), handle_of(ao(fp, 2))?);
        match bind_delegate(c, target, m) {
            Err(_) if ai(fp, 3) == 0 => {
                crate::runtime::exception::take_pending();
                ret_o(fp, std::ptr::null_mut())
            }
            r => ret_o(fp, r?),
        }
    }),
    // The delegate a combination becomes: of the same class, invoking the
    // invocation list the caller stores in it.
    ("System.Delegate::AllocDelegateLike_internal", |fp| {
        ret_o(fp, object::alloc_object(object::obj_class(non_null(ao(fp, 0))?))?)
    }),
    ("System.Reflection.MonoMethodInfo::get_method_attributes", |fp| ret(fp, method(fp, 0)?.flags as Slot)),
    ("System.Reflection.MonoMethodInfo::get_parameter_info", parameter_info),
    ("System.Reflection.FieldInfo::internal_from_handle_type", field_from_handle),
    ("System.Reflection.RuntimeFieldInfo::GetValueInternal", |fp| {
        let (owner, f) = field_of(ao(fp, 0))?;
        ret_o(fp, field_value(owner, f, ao(fp, 1))?)
    }),
    ("System.Reflection.RuntimeFieldInfo::UnsafeGetValue", |fp| {
        let (owner, f) = field_of(ao(fp, 0))?;
        ret_o(fp, field_value(owner, f, ao(fp, 1))?)
    }),
    ("System.Reflection.RuntimeFieldInfo::ResolveType", |fp| {
        ret_o(fp, object::type_object(field_of(ao(fp, 0))?.1.ty)?)
    }),
    ("System.Reflection.RuntimeFieldInfo::get_metadata_token", |fp| {
        ret(fp, (0x0400_0000 | field_of(ao(fp, 0))?.1.rid) as Slot)
    }),
    // Static: `SetValueInternal(FieldInfo, object obj, object value)`.
    ("System.Reflection.RuntimeFieldInfo::SetValueInternal", |fp| {
        let (owner, f) = field_of(ao(fp, 0))?;
        store_field_value(owner, f, ao(fp, 1), ao(fp, 2))
    }),
    // No field carries marshalling information ([MarshalAs] is not read).
    ("System.Reflection.FieldInfo::get_marshal_info", |fp| ret(fp, 0)),
    ("System.Reflection.MonoMethodInfo::get_retval_marshal", |fp| ret(fp, 0)),
    ("System.Reflection.RuntimeFieldInfo::GetParentType", |fp| {
        let p = field_ptr(ao(fp, 0), "klass")? as *const *const crate::types::Class;
        // SAFETY: `klass` holds the declaring class field_from_handle stored.
        let c = unsafe { (*p).as_ref() }.ok_or_else(nre)?;
        ret_o(fp, object::type_object(c)?)
    }),
];

// BindingFlags.
const DECLARED_ONLY: i32 = 0x2;
const INSTANCE: i32 = 0x4;
const STATIC: i32 = 0x8;
const PUBLIC: i32 = 0x10;
const NON_PUBLIC: i32 = 0x20;
const FLATTEN_HIERARCHY: i32 = 0x40;

/// Whether a member with these traits is in a list asked with `flags`
/// (`inherited`: declared by a base class of the type asked).
pub(super) fn binds(flags: i32, public: bool, is_static: bool, private: bool, inherited: bool) -> bool {
    let visible = flags & if public { PUBLIC } else { NON_PUBLIC } != 0;
    let kind = flags & if is_static { STATIC } else { INSTANCE } != 0;
    let reached =
        !inherited || (flags & DECLARED_ONLY == 0 && !private && (!is_static || flags & FLATTEN_HIERARCHY != 0));
    visible && kind && reached
}

/// The name filter of `MemberListType`: 0 all, 1 exact, 2 ignoring case.
pub(super) fn name_filter(name: Slot, list: i32) -> impl Fn(&str) -> bool {
    let want = (name != 0 && list != 0)
        // SAFETY: the name is a NUL-terminated UTF-8 string that the caller's
        // SafeStringMarshal owns for the call.
        .then(|| unsafe { CStr::from_ptr(name as *const std::ffi::c_char) }.to_string_lossy().into_owned());
    move |n: &str| match &want {
        None => true,
        Some(w) if list == 2 => w.eq_ignore_ascii_case(n),
        Some(w) => w == n,
    }
}

/// Mono's `RuntimeStructs.GPtrArray`, which `Mono.SafeGPtrArrayHandle`
/// reads: owned by that handle and freed by `GPtrArrayFree` when it is
/// disposed.
#[repr(C)]
struct GPtrArray {
    data: *mut usize,
    len: i32,
}

pub(super) fn ret_gptr_array(fp: *mut Slot, items: Vec<usize>) -> Result<(), Thrown> {
    let len = items.len() as i32;
    let data = Box::into_raw(items.into_boxed_slice()) as *mut usize;
    ret(fp, Box::into_raw(Box::new(GPtrArray { data, len })) as Slot)
}

fn gptr_array_free(fp: *mut Slot) -> Result<(), Thrown> {
    let p = a(fp, 0) as *mut GPtrArray;
    if !p.is_null() {
        // SAFETY: `p` and its data came from `ret_gptr_array` (Box) and the
        // handle frees them once.
        unsafe {
            let g = Box::from_raw(p);
            drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(g.data, g.len as usize)));
        }
    }
    Ok(())
}

pub(super) fn method_public(m: &Method) -> bool {
    m.flags & 7 == 6
}
pub(super) fn method_private(m: &Method) -> bool {
    m.flags & 7 == 1
}

/// `GetConstructors_native(BindingFlags)`: the type's own constructors.
fn get_constructors(fp: *mut Slot) -> Result<(), Thrown> {
    let (c, flags) = (type_arg(fp, 0)?, ai(fp, 1));
    let info = c.info().map_err(load_err)?;
    let ctors = info.methods.iter().filter(|m| m.name == ".ctor" || m.name == ".cctor");
    let items = ctors
        .filter(|m| binds(flags, method_public(m), m.is_static(), method_private(m), false))
        .map(|m| *m as *const Method as usize)
        .collect();
    ret_gptr_array(fp, items)
}

/// `GetMethodsByName_native(name, BindingFlags, MemberListType)`: methods
/// of the type and its bases, most derived first; a base method that a
/// derived one overrides or hides by signature is left out.
fn get_methods_by_name(fp: *mut Slot) -> Result<(), Thrown> {
    let (c, flags) = (type_arg(fp, 0)?, ai(fp, 2));
    let wanted = name_filter(a(fp, 1), ai(fp, 3));
    let mut out: Vec<&'static Method> = Vec::new();
    let mut k = Some(c);
    while let Some(cur) = k {
        let inherited = !std::ptr::eq(cur, c);
        for &m in &cur.info().map_err(load_err)?.methods {
            if m.name == ".ctor" || m.name == ".cctor" || !wanted(m.name) {
                continue;
            }
            if !binds(flags, method_public(m), m.is_static(), method_private(m), inherited) {
                continue;
            }
            if !out.iter().any(|o| o.name == m.name && o.same_sig(m)) {
                out.push(m);
            }
        }
        k = cur.parent();
    }
    ret_gptr_array(fp, out.iter().map(|m| *m as *const Method as usize).collect())
}

/// `GetFields_native(name, BindingFlags, MemberListType)`.
fn get_fields(fp: *mut Slot) -> Result<(), Thrown> {
    let (c, flags) = (type_arg(fp, 0)?, ai(fp, 2));
    let wanted = name_filter(a(fp, 1), ai(fp, 3));
    let mut out = Vec::new();
    let mut k = Some(c);
    while let Some(cur) = k {
        let inherited = !std::ptr::eq(cur, c);
        let layout = cur.layout().map_err(load_err)?;
        let info = cur.info().map_err(load_err)?;
        for f in layout.fields.iter().chain(info.static_fields.iter()) {
            let public = f.flags & 7 == 6;
            if wanted(f.name) && binds(flags, public, f.is_static(), f.flags & 7 == 1, inherited) {
                out.push(object::field_handle(cur, f).map_err(load_err)? as usize);
            }
        }
        k = cur.parent();
    }
    ret_gptr_array(fp, out)
}

/// The method handle in argument `i`.
fn method(fp: *mut Slot, i: usize) -> Result<&'static Method, Thrown> {
    let p = a(fp, i) as *const Method;
    // SAFETY: method handles are `Method*` that live as long as their image.
    unsafe { p.as_ref() }.ok_or_else(nre)
}

/// The method behind a RuntimeMethodInfo or RuntimeConstructorInfo.
/// The method behind a RuntimeMethodInfo, RuntimeConstructorInfo or
/// DynamicMethod (whose `mhandle` is null until it is created).
pub(super) fn handle_of(info: *mut u8) -> Result<&'static Method, Thrown> {
    let p = field_ptr(info, "mhandle")? as *const *const Method;
    // SAFETY: `mhandle` holds null or the handle `method_object` or
    // `emit::create_dynamic_method` stored: a method of a loaded image or of
    // a published dynamic record, alive while `info` is.
    unsafe { (*p).as_ref() }.ok_or_else(|| {
        exception::throw_msg("System", "InvalidOperationException", "The dynamic method is not created yet.")
    })
}

fn method_arity(m: &'static Method) -> Result<usize, Thrown> {
    Ok(m.sig().map_err(load_err)?.generic_params as usize)
}

fn method_token(fp: *mut Slot) -> Result<(), Thrown> {
    let m = handle_of(ao(fp, 0))?;
    ret(fp, (0x0600_0000 | m.generic_def.unwrap_or(m).rid) as Slot)
}

/// Reflection objects of methods, one per (method, reflected type).
static METHOD_OBJECTS: ObjectCache<(usize, usize)> = ObjectCache::new();

/// The RuntimeMethodInfo (or RuntimeConstructorInfo) of `m` seen from `reflected`.
pub(super) fn method_object(m: &'static Method, reflected: ClassRef) -> Result<*mut u8, Thrown> {
    METHOD_OBJECTS.get((m as *const Method as usize, reflected as *const _ as usize), || {
        let name = if m.is_ctor() || m.name == ".cctor" { "RuntimeConstructorInfo" } else { "RuntimeMethodInfo" };
        let class = rt().corlib_class("System.Reflection", name).map_err(load_err)?;
        let obj = object::alloc_object(class)?;
        set_field(obj, "mhandle", m as *const Method as usize)?;
        set_field(obj, "reftype", object::type_object(reflected)?)?;
        Ok(obj)
    })
}

/// `GetMethodFromHandleInternalType_native(method, type, genericCheck)`.
fn method_from_handle(fp: *mut Slot) -> Result<(), Thrown> {
    let m = method(fp, 0)?;
    let reflected = if a(fp, 1) == 0 { m.class } else { klass(fp, 1)? };
    ret_o(fp, method_object(m, reflected)?)
}

/// `InternalInvoke(obj, parameters, out Exception exc)` of a method or
/// constructor: what the call itself throws propagates (the managed caller
/// wraps it in TargetInvocationException); a wrong target goes to `exc`.
fn internal_invoke(fp: *mut Slot) -> Result<(), Thrown> {
    let m = handle_of(ao(fp, 0))?;
    let (obj, args, exc) = (ao(fp, 1), ao(fp, 2), a(fp, 3) as *mut *mut u8);
    let given = if args.is_null() { 0 } else { array_info(args)?.0 };
    let expected = m.sig().map_err(load_err)?.params.len();
    let fail = |_: Thrown| -> Result<(), Thrown> {
        let obj = exception::take_pending();
        // SAFETY: `exc` is the caller's `out Exception` local.
        unsafe { *exc = obj };
        ret_o(fp, std::ptr::null_mut())
    };
    if given != expected {
        return fail(exception::throw_msg(
            "System.Reflection",
            "TargetParameterCountException",
            "Number of parameters specified does not match the expected number.",
        ));
    }
    if m.is_ctor() && obj.is_null() {
        return ret_o(fp, construct(m, args)?);
    }
    if !m.is_static() && obj.is_null() {
        return fail(exception::throw_msg(
            "System.Reflection",
            "TargetException",
            "Non-static method requires a target.",
        ));
    }
    let this = (!m.is_static()).then_some(obj);
    ret_o(fp, invoke_boxed(m, this, args)?)
}

/// `MakeGenericMethod_impl(Type[] types)`: the instantiation of a generic
/// method definition, or null when the number of types is not its arity
/// (the managed caller throws).
fn make_generic_method(fp: *mut Slot) -> Result<(), Thrown> {
    let m = handle_of(ao(fp, 0))?;
    let args = class_list(ao(fp, 1))?;
    if !m.method_args.is_empty() || method_arity(m)? != args.len() {
        return ret_o(fp, std::ptr::null_mut());
    }
    let inst = rt().instantiate_method(m, &args);
    ret_o(fp, method_object(inst, inst.class)?)
}

/// `get_method_info(handle, out MonoMethodInfo)`: declaring type, return
/// type, attributes, implementation flags and calling convention.
fn method_info(fp: *mut Slot) -> Result<(), Thrown> {
    let m = method(fp, 0)?;
    let info = a(fp, 1) as *mut u8;
    let s = m.sig().map_err(load_err)?;
    let c = rt().corlib_class("System.Reflection", "MonoMethodInfo").map_err(load_err)?;
    set_struct_field(c, info, "parent", object::type_object(m.class)?)?;
    set_struct_field(c, info, "ret", object::type_object(s.ret)?)?;
    set_struct_field(c, info, "attrs", m.flags as i32)?;
    set_struct_field(c, info, "iattrs", m.impl_flags as i32)?;
    // Standard, plus HasThis for instance methods.
    set_struct_field(c, info, "callconv", if m.is_static() { 1i32 } else { 0x21 })?;
    Ok(())
}

/// `get_parameter_info(handle, member)`: a RuntimeParameterInfo per parameter.
fn parameter_info(fp: *mut Slot) -> Result<(), Thrown> {
    let m = method(fp, 0)?;
    let member = ao(fp, 1);
    let params = &m.sig().map_err(load_err)?.params;
    let pc = rt().corlib_class("System.Reflection", "RuntimeParameterInfo").map_err(load_err)?;
    let base = rt().corlib_class("System.Reflection", "ParameterInfo").map_err(load_err)?;
    let arr = object::new_array(rt().array_of(base, 0), params.len() as i64)?;
    for (i, &p) in params.iter().enumerate() {
        let pi = object::alloc_object(pc)?;
        set_field(pi, "ClassImpl", object::type_object(p)?)?;
        set_field(pi, "MemberImpl", member)?;
        set_field(pi, "PositionImpl", i as i32)?;
        // SAFETY: `arr` has `params.len()` reference elements.
        unsafe { *(elem_ptr(arr, i, 8) as *mut *mut u8) = pi };
    }
    ret_o(fp, arr)
}

/// `FieldInfo.internal_from_handle_type(field, type)`: the RuntimeFieldInfo
/// of a field handle (`object::field_handle`, from `ldtoken` or
/// `GetFields_native`), seen from the type (one of whose bases declares
/// it), or from its declaring class when no type is given.
fn field_from_handle(fp: *mut Slot) -> Result<(), Thrown> {
    let h = a(fp, 0) as *const object::FieldHandle;
    // SAFETY: field handles point to the records field_handle keeps in
    // their image's arena for the life of the process.
    let h = unsafe { h.as_ref() }.ok_or_else(nre)?;
    let (owner, f) = (h.owner, h.field);
    if a(fp, 1) != 0 {
        let from = klass(fp, 1)?;
        if !std::iter::successors(Some(from), |c| c.parent()).any(|c| std::ptr::eq(c, owner)) {
            return ret_o(fp, std::ptr::null_mut());
        }
    }
    let fc = rt().corlib_class("System.Reflection", "RuntimeFieldInfo").map_err(load_err)?;
    let obj = object::alloc_object(fc)?;
    set_field(obj, "klass", owner as *const _ as usize)?;
    set_field(obj, "fhandle", h as *const object::FieldHandle as usize)?;
    set_field(obj, "name", object::new_string_from_str(f.name))?;
    set_field(obj, "type", object::type_object(f.ty)?)?;
    set_field(obj, "attrs", f.flags as i32)?;
    ret_o(fp, obj)
}

/// The declaring class and field behind a RuntimeFieldInfo.
pub(super) fn field_of(info: *mut u8) -> Result<(ClassRef, &'static Field), Thrown> {
    let h = field_ptr(info, "fhandle")? as *const *const object::FieldHandle;
    // SAFETY: `fhandle` holds the handle field_from_handle stored.
    let h = unsafe { (*h).as_ref() }.ok_or_else(nre)?;
    Ok((h.owner, h.field))
}
