//! Wrappers between the worlds and the image's method tables.
//!
//! An out wrapper `fn(fp: *mut u64) -> u32` (interpreter -> compiled code)
//! reads the arguments from an interpreter frame, calls the compiled body
//! with the trailing `arg`, writes the result to `fp[0]` and returns 1 when
//! an exception is pending.
//!
//! An entry wrapper (compiled code -> interpreter), one per native
//! signature, has the signature of the methods it serves: it spills its
//! arguments into a buffer and runs the method its `arg` names (the
//! interpreter record: the `Method`) through the runtime's `call`. A
//! descriptor of an interpreted method points to it, so compiled callers
//! make the same call whatever world the callee lives in.

use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::{BasicMetadataValueEnum, FunctionValue};
use inkwell::AddressSpace;

use std::collections::HashMap;

use crate::abi::image::{TableDesc, CALLBACKS, ENTRIES, METHODS};
use crate::abi::libcalls::Libcall;
use crate::abi::sig::{Abi, NativeSig};
use crate::codegen::lower::{err, sig_fn_type, Unit};
use crate::codegen::refs::Ref;
use crate::codegen::select::MethodCode;
use crate::metadata::error::LoadError;
use crate::types::method::Method;

/// Emits the out wrapper of compiled `m`.
pub fn emit_out_wrapper<'ctx>(
    u: &Unit<'ctx>,
    m: &'static Method,
    body: FunctionValue<'ctx>,
    may_throw: bool,
    name: &str,
) -> Result<FunctionValue<'ctx>, LoadError> {
    let module = &u.module;
    let ctx = module.get_context();
    let ctx = &ctx;
    let b = ctx.create_builder();
    let i64t = ctx.i64_type();
    let f64t = ctx.f64_type();
    let i64p = i64t.ptr_type(AddressSpace::default());
    let fnty = ctx.i32_type().fn_type(&[i64p.into()], false);
    let w = module.add_function(name, fnty, Some(inkwell::module::Linkage::Internal));
    b.position_at_end(ctx.append_basic_block(w, "entry"));
    let fp = w.get_nth_param(0).ok_or_else(|| err("wrapper parameter"))?.into_pointer_value();
    let sig = m.native_sig().ok_or_else(|| err("signature"))?;
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
    let status = if may_throw {
        let p = u.libcall(&b, Libcall::pending, &[])?;
        p.ok_or_else(|| err("pending"))?.into_int_value()
    } else {
        ctx.i32_type().const_zero()
    };
    b.build_return(Some(&status)).map_err(err)?;
    Ok(w)
}

/// Emits the entry wrapper for native signature `sig`.
pub fn emit_entry_wrapper<'ctx>(u: &Unit<'ctx>, sig: &NativeSig, name: &str) -> Result<FunctionValue<'ctx>, LoadError> {
    let module = &u.module;
    let ctx = u.context();
    let i64t = ctx.i64_type();
    let f64t = ctx.f64_type();
    let fnty = sig_fn_type(ctx, sig, 0);
    let w = module.add_function(name, fnty, None);
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(w, "entry"));
    let len = sig.arg_slots().max(sig.ret_slots()).max(1) as u64;
    let buf = b.build_array_alloca(i64t, i64t.const_int(len, false), "args").map_err(err)?;
    let slot = |k: usize| {
        // SAFETY: `buf` holds `len` slots, enough for arguments and result.
        unsafe { b.build_gep(buf, &[i64t.const_int(k as u64, false)], "") }.map_err(err)
    };
    let first = sig.sret() as u32;
    for (k, (a, at)) in sig.params.iter().zip(sig.offsets()).enumerate() {
        let v = w.get_nth_param(first + k as u32).ok_or_else(|| err("parameter"))?;
        let dst = slot(at as usize)?;
        match a {
            Abi::Int => {
                b.build_store(dst, v.into_int_value()).map_err(err)?;
            }
            Abi::Float => {
                b.build_store(dst, b.build_bit_cast(v, i64t, "").map_err(err)?).map_err(err)?;
            }
            Abi::Struct(n) => {
                let src =
                    b.build_int_to_ptr(v.into_int_value(), i64t.ptr_type(AddressSpace::default()), "").map_err(err)?;
                b.build_memcpy(dst, 8, src, 8, i64t.const_int(*n as u64 * 8, false)).map_err(err)?;
            }
        }
    }
    let method = w.get_last_param().ok_or_else(|| err("arg"))?;
    let i32t = ctx.i32_type();
    let nargs = i32t.const_int(sig.arg_slots() as u64, false);
    let nret = i32t.const_int(sig.ret_slots() as u64, false);
    // An exception stays pending for the caller to see; the result is then zero.
    u.libcall(&b, Libcall::call, &[method.into(), buf.into(), nargs.into(), nret.into()])?;
    match sig.ret {
        None => b.build_return(None),
        Some(Abi::Struct(n)) => {
            let out = w.get_first_param().ok_or_else(|| err("result buffer"))?.into_int_value();
            let out = b.build_int_to_ptr(out, i64t.ptr_type(AddressSpace::default()), "").map_err(err)?;
            b.build_memcpy(out, 8, buf, 8, i64t.const_int(n as u64 * 8, false)).map_err(err)?;
            b.build_return(None)
        }
        Some(Abi::Float) => {
            let v = b.build_load(buf, "").map_err(err)?;
            b.build_return(Some(&b.build_bit_cast(v, f64t, "").map_err(err)?))
        }
        Some(Abi::Int) => b.build_return(Some(&b.build_load(buf, "").map_err(err)?)),
    }
    .map_err(err)?;
    Ok(w)
}

/// Exports `mx_entries`/`mx_entry_count`: for each method the image's code
/// calls through a descriptor and does not compile, {index of its `d:`
/// reference, entry wrapper for its signature}.
pub fn emit_entries(u: &Unit<'_>) -> Result<(), LoadError> {
    let module = &u.module;
    let ctx = module.get_context();
    let i32t = ctx.i32_type();
    let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
    let entry_ty = table_type(u, &ENTRIES);
    let mut wrappers: HashMap<String, FunctionValue<'_>> = HashMap::new();
    let mut entries = Vec::new();
    for (m, index) in u.outside_callees() {
        // Descriptors of value-type methods expect a box (see `emit_table`).
        if m.class.is_valuetype() && !m.is_static() {
            continue;
        }
        let sig = m.native_sig().ok_or_else(|| err("signature"))?;
        let key = sig.key();
        let w = match wrappers.get(&key) {
            Some(w) => *w,
            None => {
                let w = emit_entry_wrapper(u, &sig, &format!("mx_e_{}", wrappers.len()))?;
                w.set_linkage(inkwell::module::Linkage::Internal);
                wrappers.insert(key, w);
                w
            }
        };
        u.try_at_bind.borrow_mut().insert(index);
        let wp = w.as_global_value().as_pointer_value().const_cast(i8p);
        entries.push(entry_ty.const_named_struct(&[i32t.const_int(index as u64, false).into(), wp.into()]));
    }
    export_table(u, &ENTRIES, &entries);
    Ok(())
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
    let this_at = m.native_sig().ok_or_else(|| err("signature"))?.sret() as u32;
    let mut args: Vec<BasicMetadataValueEnum<'ctx>> = t.get_param_iter().map(|p| p.into()).collect();
    let boxed = t.get_nth_param(this_at).ok_or_else(|| err("this"))?.into_int_value();
    let header = ctx.i64_type().const_int(crate::abi::layout::OBJECT_HEADER_SIZE as u64, false);
    args[this_at as usize] = b.build_int_add(boxed, header, "").map_err(err)?.into();
    let r = b.build_call(body, &args, "").map_err(err)?;
    match r.try_as_basic_value().left() {
        Some(v) => b.build_return(Some(&v)),
        None => b.build_return(None),
    }
    .map_err(err)?;
    Ok(t)
}

/// Exports `mx_count` and `mx_methods`: per compiled method {reference index, out wrapper, body,
/// descriptor entry (the body, or its unboxing entry)}.
pub fn emit_table(u: &Unit<'_>, set: &[MethodCode], pinvokes: &[&'static Method]) -> Result<(), LoadError> {
    let module = &u.module;
    let ctx = module.get_context();
    let i32t = ctx.i32_type();
    let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
    let entry_ty = table_type(u, &METHODS);
    let mut entries = Vec::new();
    for (i, (m, _)) in set.iter().enumerate() {
        let body = u.body(m).ok_or_else(|| err("undeclared body"))?;
        let w = emit_out_wrapper(u, m, body, u.may_throw(m), &format!("mx_w_{i}"))?;
        let entry = if m.class.is_valuetype() && !m.is_static() { emit_unbox_thunk(u, m, i)? } else { body };
        // The loader reads the key only: the record is made when a program
        // reaches the method (`aot::on_publish`).
        let (_, index) = u.slot(Ref::Method(m))?;
        let [w, body, entry] = [w, body, entry].map(|f| f.as_global_value().as_pointer_value().const_cast(i8p));
        let fields = [i32t.const_int(index as u64, false).into(), w.into(), body.into(), entry.into()];
        entries.push(entry_ty.const_named_struct(&fields));
    }
    // P/Invoke methods: their stubs are their bodies.
    let mut delegates: Vec<&'static Method> = Vec::new();
    for (i, m) in pinvokes.iter().enumerate() {
        let stub =
            crate::codegen::pinvoke::emit_stub(u, m, &format!("mx_p_{i}"), crate::codegen::pinvoke::Me::Reference)?;
        let w = emit_out_wrapper(u, m, stub, true, &format!("mx_pw_{i}"))?;
        let (_, index) = u.slot(Ref::Method(m))?;
        let [w, stub] = [w, stub].map(|f| f.as_global_value().as_pointer_value().const_cast(i8p));
        let fields = [i32t.const_int(index as u64, false).into(), w.into(), stub.into(), stub.into()];
        entries.push(entry_ty.const_named_struct(&fields));
        // Delegate types whose signature does not marshal get no handler:
        // passing one raises MarshalDirectiveException at run time.
        for p in &m.sig().map_err(|e| err(e.message()))?.params {
            let invoke = p.find_method("Invoke", None).filter(|_| crate::interp::transform::is_delegate(p));
            if let Some(invoke) = invoke.filter(|i| crate::runtime::pinvoke::CallbackSig::of(i).is_ok()) {
                if !delegates.iter().any(|d| std::ptr::eq(*d, invoke)) {
                    delegates.push(invoke);
                }
            }
        }
    }
    emit_callbacks(u, &delegates)?;
    export_table(u, &METHODS, &entries);
    Ok(())
}

/// Exports `mx_callbacks`/`mx_callback_count`: for each delegate type the
/// image's P/Invoke methods take, {index of its `Invoke` reference, its
/// callback handler} (`llvmonly` mode cannot make them at run time).
fn emit_callbacks(u: &Unit<'_>, delegates: &[&'static Method]) -> Result<(), LoadError> {
    let i8p = u.context().i8_type().ptr_type(AddressSpace::default());
    let entry_ty = table_type(u, &CALLBACKS);
    let mut entries = Vec::new();
    for (k, invoke) in delegates.iter().enumerate() {
        let handler = crate::codegen::pinvoke::emit_callback_handler(u, invoke, &format!("mx_cb_{k}"))?;
        let (_, index) = u.slot(Ref::Method(invoke))?;
        u.at_bind.borrow_mut().insert(index);
        let fields = [
            u.context().i32_type().const_int(index as u64, false).into(),
            handler.as_global_value().as_pointer_value().const_cast(i8p).into(),
        ];
        entries.push(entry_ty.const_named_struct(&fields));
    }
    export_table(u, &CALLBACKS, &entries);
    Ok(())
}

/// The LLVM type of an entry of exported table `desc` (its fields in the
/// order and of the kinds `abi::image` defines).
pub fn table_type<'ctx>(u: &Unit<'ctx>, desc: &TableDesc) -> StructType<'ctx> {
    let fields: Vec<BasicTypeEnum<'ctx>> = desc.fields.iter().map(|(t, _)| u.abi_type(*t)).collect();
    u.context().struct_type(&fields, false)
}

/// Exports `entries` as table `desc`, with its length.
fn export_table<'ctx>(u: &Unit<'ctx>, desc: &TableDesc, entries: &[inkwell::values::StructValue<'ctx>]) {
    let i32t = u.context().i32_type();
    let entry_ty = table_type(u, desc);
    let table = u.module.add_global(entry_ty.array_type(entries.len() as u32), None, desc.name);
    table.set_initializer(&entry_ty.const_array(entries));
    table.set_constant(true);
    let n = u.module.add_global(i32t, None, desc.count);
    n.set_initializer(&i32t.const_int(entries.len() as u64, false));
    n.set_constant(true);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What codegen emits for the exported tables and the libcall table
    /// has, on this host, exactly the layout the runtime reads.
    #[test]
    fn exported_tables_have_the_abi_layout() {
        let machine = crate::codegen::host_machine().expect("host target");
        let td = machine.get_target_data();
        let ctx = inkwell::context::Context::create();
        let unit = Unit::new(&ctx, "layout", &[]).expect("unit");
        for desc in [&METHODS, &ENTRIES, &CALLBACKS] {
            let ty = table_type(&unit, desc);
            assert_eq!(td.get_abi_size(&ty) as usize, desc.size, "{}", desc.name);
            for (i, (_, off)) in desc.fields.iter().enumerate() {
                assert_eq!(td.offset_of_element(&ty, i as u32), Some(*off as u64), "{} field {i}", desc.name);
            }
        }
        let table = crate::codegen::lower::libcall_table_type(&ctx);
        assert_eq!(td.get_abi_size(&table) as usize, std::mem::size_of::<crate::abi::libcalls::Libcalls>());
    }
}
