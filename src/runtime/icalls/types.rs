//! Internal calls of Type and RuntimeType: names, relations, construction of types.

use cildec::{TableId, Token};

use crate::abi::layout::Slot;
use crate::interp::exec;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object::{self};
use crate::runtime::rt;
use crate::types::class::{ClassRef, Kind};

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    // Mono's RuntimeType and RuntimeTypeHandle calls take type objects
    // where ours take class pointers: `classes` converts, then the shared
    // implementation runs.
    ("System.RuntimeTypeHandle::type_is_assignable_from", |fp| classes(fp, &[0, 1], rtype_assignable)),
    ("System.RuntimeTypeHandle::GetAttributes", |fp| {
        let c = type_arg(fp, 0)?;
        // TypeAttributes; arrays, pointers and byrefs are public sealed
        // serializable classes, as on Mono.
        let derived = c.is_array() || matches!(c.kind, Kind::Ptr | Kind::ByRef);
        ret(fp, if derived { 0x2101 } else { c.generic_def.unwrap_or(c).flags as Slot })
    }),
    ("System.RuntimeTypeHandle::GetBaseType", |fp| classes(fp, &[0], rtype_base)),
    ("System.RuntimeTypeHandle::GetElementType", |fp| classes(fp, &[0], rtype_elem)),
    ("System.RuntimeTypeHandle::GetArrayRank", |fp| classes(fp, &[0], rtype_rank)),
    ("System.RuntimeTypeHandle::GetGenericTypeDefinition_impl", |fp| {
        let c = type_arg(fp, 0)?;
        ret_o(fp, type_obj(c.generic_def.or(c.is_generic_def().then_some(c)))?)
    }),
    ("System.RuntimeTypeHandle::HasInstantiation", |fp| ret(fp, !type_arg(fp, 0)?.type_args.is_empty() as Slot)),
    ("System.RuntimeTypeHandle::IsGenericTypeDefinition", |fp| ret(fp, type_arg(fp, 0)?.is_generic_def() as Slot)),
    ("System.RuntimeTypeHandle::IsGenericVariable", |fp| {
        ret(fp, matches!(type_arg(fp, 0)?.kind, Kind::Var(_) | Kind::MVar(_)) as Slot)
    }),
    ("System.RuntimeTypeHandle::IsComObject", |fp| ret(fp, 0)),
    ("System.RuntimeTypeHandle::IsByRefLike", |fp| ret(fp, 0)),
    ("System.RuntimeTypeHandle::HasReferences", |fp| {
        let c = type_arg(fp, 0)?;
        ret(fp, (!c.is_valuetype() || c.layout().map_err(load_err)?.has_refs) as Slot)
    }),
    ("System.RuntimeTypeHandle::IsInstanceOfType", |fp| {
        let c = type_arg(fp, 0)?;
        let o = ao(fp, 1);
        ret(fp, (!o.is_null() && object::is_instance(o, c)) as Slot)
    }),
    ("System.RuntimeTypeHandle::is_subclass_of", |fp| {
        let (c, p) = (a(fp, 0) as *const crate::types::Class, a(fp, 1) as *const crate::types::Class);
        if c.is_null() || p.is_null() {
            return Err(nre());
        }
        // SAFETY: the handles are class pointers (RuntimeTypeHandle.Value).
        let (c, p) = unsafe { (&*c, &*p) };
        ret(fp, (!std::ptr::eq(c, p) && c.is_assignable_to(p) && !p.is_interface()) as Slot)
    }),
    ("System.RuntimeTypeHandle::GetCorElementType", |fp| ret(fp, cor_element_type(type_arg(fp, 0)?)? as Slot)),
    ("System.RuntimeTypeHandle::GetMetadataToken", |fp| {
        let c = type_arg(fp, 0)?;
        ret(fp, if c.rid == 0 { 0x0200_0000 } else { 0x0200_0000 | c.rid } as Slot)
    }),
    ("System.RuntimeType::get_Name", |fp| classes(fp, &[0], rtype_name)),
    ("System.RuntimeType::get_Namespace", |fp| classes(fp, &[0], rtype_namespace)),
    ("System.RuntimeType::get_DeclaringType", |fp| ret_o(fp, type_obj(type_arg(fp, 0)?.enclosing)?)),
    ("System.RuntimeType::make_array_type", |fp| classes(fp, &[0], rtype_make_array)),
    ("System.RuntimeType::make_byref_type", |fp| {
        ret_o(fp, object::type_object(rt().ptr_of(type_arg(fp, 0)?, Kind::ByRef))?)
    }),
    ("System.RuntimeType::MakePointerType", |fp| {
        ret_o(fp, object::type_object(rt().ptr_of(type_arg(fp, 0)?, Kind::Ptr))?)
    }),
    ("System.RuntimeType::MakeGenericType", |fp| classes(fp, &[0], rtype_make_generic)),
    // Mono's takes `bool runtimeArray`: a RuntimeType[] when set.
    ("System.RuntimeType::GetGenericArgumentsInternal", |fp| {
        let c = type_arg(fp, 0)?;
        let args = generic_args(c);
        ret_o(fp, type_array_of(if a(fp, 1) != 0 { "RuntimeType" } else { "Type" }, &args)?)
    }),
    ("System.RuntimeType::CreateInstanceInternal", |fp| classes(fp, &[0], rtype_create)),
    ("System.RuntimeType::GetTypeCodeImplInternal", |fp| ret(fp, type_code(type_arg(fp, 0)?)? as Slot)),
    ("System.RuntimeType::GetGenericParameterPosition", |fp| {
        ret(
            fp,
            match type_arg(fp, 0)?.kind {
                Kind::Var(i) | Kind::MVar(i) => i as Slot,
                _ => -1i64 as Slot,
            },
        )
    }),
    ("System.RuntimeType::GetInterfaces", |fp| {
        let c = type_arg(fp, 0)?;
        let list: Vec<ClassRef> = c.info().map_err(load_err)?.interfaces.iter().map(|(i, _)| *i).collect();
        ret_o(fp, new_type_array(&list)?)
    }),
    ("System.RuntimeType::get_core_clr_security_level", |fp| ret(fp, 1)),
    ("System.RuntimeType::IsWindowsRuntimeObjectType", |fp| ret(fp, 0)),
    ("System.RuntimeType::IsTypeExportedToWindowsRuntime", |fp| ret(fp, 0)),
    ("System.Type::internal_from_handle", type_from_handle),
    ("System.RuntimeType::getFullName", get_full_name),
];

fn type_from_handle(fp: *mut Slot) -> Result<(), Thrown> {
    let p = a(fp, 0) as *const crate::types::Class;
    if p.is_null() {
        return ret(fp, 0);
    }
    // SAFETY: RuntimeTypeHandle values are class pointers made by ldtoken.
    ret_o(fp, object::type_object(unsafe { &*p })?)
}

fn simple_name(c: ClassRef) -> String {
    match c.kind {
        Kind::SzArray => format!("{}[]", simple_name(c.elem.unwrap())),
        Kind::Array(r) => format!("{}[{}]", simple_name(c.elem.unwrap()), ",".repeat(r as usize - 1)),
        Kind::Ptr => format!("{}*", simple_name(c.elem.unwrap())),
        Kind::ByRef => format!("{}&", simple_name(c.elem.unwrap())),
        _ => c.name.clone(),
    }
}

fn namespace_of(c: ClassRef) -> String {
    match (c.elem, c.enclosing) {
        (Some(e), _) => namespace_of(e),
        (None, Some(e)) => namespace_of(e),
        _ => c.namespace.clone(),
    }
}

/// `Type.FullName`: generic arguments assembly-qualified, as Mono prints them.
/// The display name of `c`'s assembly, as in an assembly-qualified name.
fn assembly_display_name(c: ClassRef) -> String {
    super::assembly::display_name(c.image)
}

fn qualified_full_name(c: ClassRef) -> String {
    match c.kind {
        Kind::SzArray => return format!("{}[]", qualified_full_name(c.elem.unwrap())),
        Kind::Array(r) => return format!("{}[{}]", qualified_full_name(c.elem.unwrap()), ",".repeat(r as usize - 1)),
        _ => {}
    }
    let Some(def) = c.generic_def else { return c.full_name() };
    let args: Vec<String> =
        c.type_args.iter().map(|t| format!("[{}, {}]", qualified_full_name(t), assembly_display_name(t))).collect();
    format!("{}[{}]", def.full_name(), args.join(","))
}

fn rtype_name(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret_str(fp, &simple_name(c))
}

fn rtype_namespace(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let ns = namespace_of(c);
    ret_o(fp, if ns.is_empty() { std::ptr::null_mut() } else { object::new_string_from_str(&ns) })
}

fn rtype_base(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret_o(fp, type_obj(if c.is_interface() { None } else { c.parent() })?)
}

fn rtype_elem(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret_o(fp, type_obj(c.elem)?)
}

fn rtype_assignable(fp: *mut Slot) -> Result<(), Thrown> {
    let (to, from) = (klass(fp, 0)?, klass(fp, 1)?);
    ret(fp, from.is_assignable_to(to) as Slot)
}

pub(crate) fn new_type_array(types: &[ClassRef]) -> Result<*mut u8, Thrown> {
    type_array_of("Type", types)
}

/// A `Type[]` or `RuntimeType[]` (element class `name` in System) of the type objects of `types`.
fn type_array_of(name: &str, types: &[ClassRef]) -> Result<*mut u8, Thrown> {
    let tc = rt().corlib_class("System", name).map_err(load_err)?;
    let arr = object::new_array(rt().array_of(tc, 0), types.len() as i64)?;
    for (i, t) in types.iter().enumerate() {
        let o = object::type_object(t)?;
        // SAFETY: `arr` has `types.len()` reference elements.
        unsafe { *(elem_ptr(arr, i, 8) as *mut *mut u8) = o };
    }
    Ok(arr)
}

/// A generic type's arguments, or a definition's parameters.
fn generic_args(c: ClassRef) -> Vec<ClassRef> {
    if c.is_generic_def() {
        rt().placeholders(false, c.generic_param_count()).to_vec()
    } else {
        c.type_args.to_vec()
    }
}

fn rtype_rank(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret(fp, c.rank() as Slot)
}

fn rtype_make_array(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let rank = ai(fp, 1).max(0) as u32;
    ret_o(fp, object::type_object(rt().array_of(c, rank))?)
}

fn rtype_make_generic(fp: *mut Slot) -> Result<(), Thrown> {
    let def = klass(fp, 0)?;
    let arr = non_null(ao(fp, 1))?;
    let (n, _) = array_info(arr)?;
    let mut args = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: a Type[] of `n` elements.
        let t = unsafe { *(elem_ptr(arr, i, 8) as *const *mut u8) };
        args.push(object::class_of_type_object(non_null(t)?).ok_or_else(nre)?);
    }
    if let Some(i) = violated_constraint(def, &args) {
        return Err(exception::throw_msg(
            "System",
            "ArgumentException",
            &format!(
                "GenericArguments[{i}], '{}', on '{}' violates the constraint of type '{}'.",
                args[i].full_name(),
                def.full_name(),
                generic_param_name(def, i)
            ),
        ));
    }
    let inst =
        rt().instantiate(def, &args).map_err(|e| exception::throw_msg("System", "ArgumentException", e.message()))?;
    ret_o(fp, object::type_object(inst)?)
}

fn generic_param_rows(def: ClassRef) -> Vec<(u32, cildec::tables::GenericParamRow)> {
    let tables = def.image.md().tables();
    let rows = tables.generic_params(Token::new(TableId::TypeDef, def.rid)).unwrap_or_default();
    rows.into_iter()
        .filter_map(|r| def.image.row::<cildec::tables::GenericParamRow>(r).ok().map(|row| (r, row)))
        .collect()
}

fn generic_param_name(def: ClassRef, i: usize) -> String {
    generic_param_rows(def).get(i).and_then(|(_, p)| def.image.str(p.name).ok()).unwrap_or("T").to_string()
}

/// The index of the first type argument that breaks a constraint of `def`'s
/// generic parameters (class, struct, new(), base class, interfaces).
fn violated_constraint(def: ClassRef, args: &[ClassRef]) -> Option<usize> {
    let tables = def.image.md().tables();
    let ctx = crate::types::resolve::GenericCtx { class_args: rt().arena.alloc_slice(args), method_args: &[] };
    for (i, (rid, p)) in generic_param_rows(def).into_iter().enumerate() {
        let arg = *args.get(i)?;
        let is_nullable = arg.generic_def.is_some_and(|d| std::ptr::eq(d, rt().wk().nullable));
        let has_default_ctor = arg.is_valuetype()
            || (!arg.is_abstract()
                && arg.info().is_ok_and(|info| {
                    info.methods
                        .iter()
                        .any(|m| m.is_ctor() && !m.is_static() && m.sig().is_ok_and(|s| s.params.is_empty()))
                }));
        let special_ok = (p.flags & 0x04 == 0 || arg.is_reference())
            && (p.flags & 0x08 == 0 || (arg.is_valuetype() && !is_nullable))
            && (p.flags & 0x10 == 0 || has_default_ctor);
        let constraints = tables.generic_param_constraints(cildec::Rid::new(rid)).unwrap_or_default();
        let types_ok = constraints.into_iter().all(|c| {
            def.image
                .row::<cildec::tables::GenericParamConstraintRow>(c)
                .ok()
                .and_then(|row| crate::types::resolve::type_token(def.image, row.constraint, &ctx).ok())
                .is_none_or(|t| arg.is_assignable_to(t))
        });
        if !(special_ok && types_ok) {
            return Some(i);
        }
    }
    None
}

fn rtype_create(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    if c.is_valuetype() {
        let zero = vec![0u8; c.value_size().map_err(load_err)?.max(8)];
        return ret_o(fp, object::box_value(c, zero.as_ptr())?);
    }
    if c.is_abstract() || c.is_interface() || c.is_generic_def() {
        return Err(exception::throw_msg(
            "System",
            "MissingMethodException",
            &format!("Cannot create an abstract class '{}'.", c.full_name()),
        ));
    }
    let ctor = c
        .info()
        .map_err(load_err)?
        .methods
        .iter()
        .copied()
        .find(|m| m.is_ctor() && !m.is_static() && m.sig().is_ok_and(|s| s.params.is_empty()));
    let Some(ctor) = ctor else {
        return Err(exception::throw_msg(
            "System",
            "MissingMethodException",
            &format!("Default constructor not found for type {}", c.full_name()),
        ));
    };
    if c.cctor_state() != crate::types::class::CCTOR_DONE {
        object::run_cctor(c)?;
    }
    let o = object::alloc_object(c)?;
    exec::invoke(ctor, &[o as Slot])?;
    ret_o(fp, o)
}

/// Mono's `RuntimeType.getFullName(full, assemblyQualified)`: the
/// reflection name (`ToString`), the full name, or the full name with the
/// assembly's; no full name for generic parameters.
fn get_full_name(fp: *mut Slot) -> Result<(), Thrown> {
    let c = type_arg(fp, 0)?;
    let (full, qualified) = (ai(fp, 1) != 0, ai(fp, 2) != 0);
    if full && matches!(c.kind, Kind::Var(_) | Kind::MVar(_)) {
        return ret_o(fp, std::ptr::null_mut());
    }
    let name = match (full, qualified) {
        (false, _) => c.full_name(),
        (true, false) => qualified_full_name(c),
        (true, true) => format!("{}, {}", qualified_full_name(c), assembly_display_name(c)),
    };
    ret_str(fp, &name)
}

/// Replaces the type objects in arguments `at` by their class pointers,
/// then runs `f` (an implementation written for class pointers).
fn classes(fp: *mut Slot, at: &[usize], f: Icall) -> Result<(), Thrown> {
    for &i in at {
        let c = type_arg(fp, i)?;
        // SAFETY: slot `i` holds that argument, as every helper here assumes.
        unsafe { *fp.add(i) = c as *const crate::types::Class as Slot };
    }
    f(fp)
}

/// ECMA-335 element type of `c` (CorElementType), as Mono reports it:
/// enums and other structs are VALUETYPE, instances GENERICINST.
fn cor_element_type(c: ClassRef) -> Result<u8, Thrown> {
    Ok(match c.kind {
        Kind::SzArray => 0x1d,
        Kind::Array(_) => 0x14,
        Kind::Ptr => 0x0f,
        Kind::ByRef => 0x10,
        Kind::Var(_) => 0x13,
        Kind::MVar(_) => 0x1e,
        _ if !c.type_args.is_empty() => 0x15,
        _ if c.is_enum() => 0x11,
        _ => match primitive_code(c) {
            Some(code) => code,
            None if c.is_valuetype() => 0x11,
            None => 0x12,
        },
    })
}

/// The element type of a primitive (and String, Object) of the corlib.
fn primitive_code(c: ClassRef) -> Option<u8> {
    if !(c.is_corlib() && c.namespace == "System") {
        return None;
    }
    Some(match c.name.as_str() {
        "Void" => 0x01,
        "Boolean" => 0x02,
        "Char" => 0x03,
        "SByte" => 0x04,
        "Byte" => 0x05,
        "Int16" => 0x06,
        "UInt16" => 0x07,
        "Int32" => 0x08,
        "UInt32" => 0x09,
        "Int64" => 0x0a,
        "UInt64" => 0x0b,
        "Single" => 0x0c,
        "Double" => 0x0d,
        "String" => 0x0e,
        "IntPtr" => 0x18,
        "UIntPtr" => 0x19,
        "Object" => 0x1c,
        _ => return None,
    })
}

/// System.TypeCode of `c` (an enum's is its underlying type's).
fn type_code(c: ClassRef) -> Result<i32, Thrown> {
    let c = if c.is_enum() { c.enum_underlying().unwrap_or(c) } else { c };
    if c.is_corlib() && c.namespace == "System" {
        match c.name.as_str() {
            "DBNull" => return Ok(2),
            "Decimal" => return Ok(15),
            "DateTime" => return Ok(16),
            _ => {}
        }
    }
    Ok(match primitive_code(c) {
        Some(0x02) => 3,
        Some(p @ 0x03..=0x0d) => p as i32 + 1,
        Some(0x0e) => 18,
        _ if c.kind == Kind::Class && c.is("System", "Void") => 0,
        _ => 1,
    })
}
