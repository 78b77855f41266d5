//! Out wrappers (interpreter -> compiled code) and the image's method table.
//!
//! An out wrapper `fn(fp: *mut u64) -> u32` reads the arguments from an
//! interpreter frame, calls the compiled body with the trailing `arg`,
//! writes the result to `fp[0]` and returns 1 when an exception is pending.

use inkwell::values::{BasicMetadataValueEnum, FunctionValue};
use inkwell::AddressSpace;

use crate::codegen::lower::{err, Unit};
use crate::codegen::refs::Ref;
use crate::codegen::select::{native_sig, Abi, Unit as MethodUnit};
use crate::libcall_index;
use crate::runtime::error::LoadError;
use crate::types::method::Method;

/// Emits the out wrapper of compiled `m`.
fn emit_out_wrapper<'ctx>(u: &Unit<'ctx>, m: &'static Method, index: usize) -> Result<FunctionValue<'ctx>, LoadError> {
    let module = &u.module;
    let ctx = module.get_context();
    let ctx = &ctx;
    let body = u.body(m).ok_or_else(|| err("undeclared body"))?;
    let b = ctx.create_builder();
    let i64t = ctx.i64_type();
    let f64t = ctx.f64_type();
    let i64p = i64t.ptr_type(AddressSpace::default());
    let fnty = ctx.i32_type().fn_type(&[i64p.into()], false);
    let w = module.add_function(&format!("mx_w_{index}"), fnty, Some(inkwell::module::Linkage::Internal));
    b.position_at_end(ctx.append_basic_block(w, "entry"));
    let fp = w.get_nth_param(0).ok_or_else(|| err("wrapper parameter"))?.into_pointer_value();
    let sig = native_sig(m).ok_or_else(|| err("signature"))?;
    let slot = |k: u16| {
        // SAFETY: the interpreter passes a frame holding the method's arguments.
        unsafe { b.build_gep(fp, &[i64t.const_int(k as u64, false)], "") }.map_err(err)
    };
    let mut args: Vec<BasicMetadataValueEnum<'ctx>> = Vec::new();
    if sig.sret() {
        // A value-type result goes straight to the frame's first slots.
        args.push(b.build_ptr_to_int(fp, i64t, "").map_err(err)?.into());
    }
    for (a, at) in sig.params.iter().zip(sig.offsets()) {
        let p = slot(at)?;
        args.push(match a {
            Abi::Int => b.build_load(p, "").map_err(err)?.into(),
            Abi::Float => b.build_bit_cast(b.build_load(p, "").map_err(err)?, f64t, "").map_err(err)?.into(),
            Abi::Struct(_) => b.build_ptr_to_int(p, i64t, "").map_err(err)?.into(),
        });
    }
    args.push(ctx.i8_type().ptr_type(AddressSpace::default()).const_null().into());
    let r = b.build_call(body, &args, "").map_err(err)?;
    if let Some(a) = sig.ret.filter(|_| !sig.sret()) {
        let v = r.try_as_basic_value().left().ok_or_else(|| err("result"))?;
        let bits = match a {
            Abi::Float => b.build_bit_cast(v, i64t, "").map_err(err)?.into_int_value(),
            _ => v.into_int_value(),
        };
        b.build_store(fp, bits).map_err(err)?;
    }
    let status = if u.may_throw(m) {
        let p = u.libcall(&b, libcall_index!(pending), Some(ctx.i32_type().into()), &[])?;
        p.ok_or_else(|| err("pending"))?.into_int_value()
    } else {
        ctx.i32_type().const_zero()
    };
    b.build_return(Some(&status)).map_err(err)?;
    Ok(w)
}

/// The unboxing entry of value-type instance method `m`: what its
/// descriptor points to, since vtable, interface and delegate callers hold
/// a box. It passes the address of the box's value on to the body.
fn emit_unbox_thunk<'ctx>(u: &Unit<'ctx>, m: &'static Method, index: usize) -> Result<FunctionValue<'ctx>, LoadError> {
    let module = &u.module;
    let ctx = module.get_context();
    let body = u.body(m).ok_or_else(|| err("undeclared body"))?;
    let t = module.add_function(&format!("mx_u_{index}"), body.get_type(), Some(inkwell::module::Linkage::Internal));
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(t, "entry"));
    let this_at = native_sig(m).ok_or_else(|| err("signature"))?.sret() as u32;
    let mut args: Vec<BasicMetadataValueEnum<'ctx>> = t.get_param_iter().map(|p| p.into()).collect();
    let boxed = t.get_nth_param(this_at).ok_or_else(|| err("this"))?.into_int_value();
    let header = ctx.i64_type().const_int(crate::types::layout::OBJECT_HEADER_SIZE as u64, false);
    args[this_at as usize] = b.build_int_add(boxed, header, "").map_err(err)?.into();
    let r = b.build_call(body, &args, "").map_err(err)?;
    match r.try_as_basic_value().left() {
        Some(v) => b.build_return(Some(&v)),
        None => b.build_return(None),
    }
    .map_err(err)?;
    Ok(t)
}

/// Exports `mx_stamp` (marker, module id, compiler version), `mx_count` and
/// `mx_methods`: per compiled method {reference index, out wrapper, body,
/// descriptor entry (the body, or its unboxing entry)}.
pub fn emit_table(u: &Unit<'_>, set: &[MethodUnit], stamp: &[u8]) -> Result<(), LoadError> {
    let module = &u.module;
    let ctx = module.get_context();
    let i32t = ctx.i32_type();
    let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
    let entry_ty = ctx.struct_type(&[i32t.into(), i8p.into(), i8p.into(), i8p.into()], false);
    let mut entries = Vec::new();
    for (i, (m, _)) in set.iter().enumerate() {
        let w = emit_out_wrapper(u, m, i)?;
        let body = u.body(m).ok_or_else(|| err("undeclared body"))?;
        let entry = if m.class.is_valuetype() && !m.is_static() { emit_unbox_thunk(u, m, i)? } else { body };
        let (_, index) = u.slot(Ref::Method(m))?;
        let [w, body, entry] = [w, body, entry].map(|f| f.as_global_value().as_pointer_value().const_cast(i8p));
        let fields = [i32t.const_int(index as u64, false).into(), w.into(), body.into(), entry.into()];
        entries.push(entry_ty.const_named_struct(&fields));
    }
    let table = module.add_global(entry_ty.array_type(entries.len() as u32), None, "mx_methods");
    table.set_initializer(&entry_ty.const_array(&entries));
    table.set_constant(true);
    let count = module.add_global(i32t, None, "mx_count");
    count.set_initializer(&i32t.const_int(entries.len() as u64, false));
    count.set_constant(true);
    let bytes = ctx.const_string(stamp, false);
    let g = module.add_global(bytes.get_type(), None, "mx_stamp");
    g.set_initializer(&bytes);
    g.set_constant(true);
    Ok(())
}
