//! Code for P/Invoke (see `runtime::pinvoke`): stubs that call native
//! functions with the managed calling convention on one side and the C
//! one on the other, and callback handlers that let native code call a
//! delegate through its thunk (`runtime::thunks`).
//!
//! A stub follows its method's marshalling plan (`runtime::pinvoke::plan`):
//! scalars by value (bool as a 4- or 1-byte integer), byrefs and
//! pointers as addresses, SZ arrays of blittable elements as their data,
//! delegates as a function pointer, strings as UTF-8 copies or their own
//! UTF-16 characters, SafeHandles as their handle (referenced for the
//! call), blittable structs as the x86-64 System V ABI passes them. In
//! order: the native target, each argument (a SafeHandle that cannot be
//! referenced abandons the call), the call, errno kept for `SetLastError`,
//! then the cleanup every path takes (UTF-8 copies freed, SafeHandles
//! released), then the result. A method whose plan fails gets no stub:
//! calling it raises MarshalDirectiveException.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::builder::Builder;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::AddressSpace;
use inkwell::IntPredicate;

use crate::abi::layout::{ARRAY_DATA_OFFSET, STRING_CHARS_OFFSET};
use crate::abi::libcalls::Libcall;
use crate::abi::libcalls::Op;
use crate::codegen::lower::{err, fn_type, Unit, R};
use crate::codegen::refs::Ref;
use crate::runtime::pinvoke::{plan, CallbackSig, Native, Part, StructAbi};
use crate::types::method::Method;

/// The C type of a value crossing as `n` (structs in memory travel as a
/// pointer, which their callers handle).
fn c_type<'ctx>(u: &Unit<'ctx>, n: Native) -> BasicTypeEnum<'ctx> {
    let ctx = u.context();
    match n {
        Native::Int { size, .. } | Native::Bool { size } => int_of(ctx, size).into(),
        Native::F32 => ctx.f32_type().into(),
        Native::F64 => ctx.f64_type().into(),
        Native::Struct(StructAbi { regs: Some(regs), .. }) => {
            let parts: Vec<BasicTypeEnum<'ctx>> = regs.iter().flatten().map(|p| part_type(u, *p)).collect();
            match parts[..] {
                [one] => one,
                _ => ctx.struct_type(&parts, false).into(),
            }
        }
        Native::Struct(StructAbi { size, regs: None }) => ctx.i8_type().array_type(size).into(),
        _ => ctx.i64_type().into(),
    }
}

/// The C integer of `bytes` bytes.
fn int_of(ctx: &inkwell::context::Context, bytes: u8) -> inkwell::types::IntType<'_> {
    ctx.custom_width_int_type(u32::from(bytes) * 8)
}

/// The LLVM type clang gives an eightbyte of this class, so that LLVM
/// assigns it the register the C ABI does.
fn part_type<'ctx>(u: &Unit<'ctx>, p: Part) -> BasicTypeEnum<'ctx> {
    let ctx = u.context();
    match p {
        Part::Int(bytes) => int_of(ctx, bytes).into(),
        Part::F32 => ctx.f32_type().into(),
        Part::F32x2 => ctx.f32_type().vec_type(2).into(),
        Part::F64 => ctx.f64_type().into(),
    }
}

fn in_memory(n: Native) -> bool {
    matches!(n, Native::Struct(StructAbi { regs: None, .. }))
}

/// Whether an image carries a stub for `m`: a P/Invoke method, or an
/// internal call the runtime lacks, which native code may register at run
/// time (`runtime::icalls::native`; llvmonly cannot make its stub then),
/// whose signature marshals.
pub fn stub_wanted(m: &'static Method) -> bool {
    let unimplemented_icall = m.impl_flags & 0x1000 != 0 && crate::runtime::icalls::lookup(m).is_none();
    (m.is_pinvoke() || unimplemented_icall) && plan(m).is_ok()
}

/// Where a stub finds its own method (to ask for its native target).
#[derive(Clone, Copy)]
pub enum Me {
    /// The address itself (JIT-compiled stubs live in this process).
    Address,
    /// The image's bind-time reference slot.
    Reference,
}

/// What the cleanup of a stub undoes, per parameter.
enum Undo<'ctx> {
    /// Free the C copy in this cell (0 until made).
    Free(PointerValue<'ctx>),
    /// Release SafeHandle `handle` when this flag is set.
    Release { flag: PointerValue<'ctx>, handle: IntValue<'ctx> },
}

/// Emits the stub of P/Invoke method `m` (managed native signature).
pub fn emit_stub<'ctx>(u: &Unit<'ctx>, m: &'static Method, name: &str, me: Me) -> R<FunctionValue<'ctx>> {
    let ctx = u.context();
    let plan = plan(m).map_err(err)?;
    let sret = m.native_sig().ok_or_else(|| err("signature"))?.sret();
    let f = u.module.add_function(name, fn_type(ctx, m)?, Some(inkwell::module::Linkage::Internal));
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(f, "entry"));
    let (i64t, i32t, i8t) = (ctx.i64_type(), ctx.i32_type(), ctx.i8_type());
    let i8p = i8t.ptr_type(AddressSpace::default());
    let param = |k: usize| f.get_nth_param(k as u32 + sret as u32).ok_or_else(|| err("parameter"));
    let me = match me {
        Me::Address => b.build_int_to_ptr(i64t.const_int(m as *const Method as u64, false), i8p, "").map_err(err)?,
        Me::Reference => {
            let (g, index) = u.slot(Ref::Method(m))?;
            u.at_bind.borrow_mut().insert(index);
            b.build_load(g.as_pointer_value(), "").map_err(err)?.into_pointer_value()
        }
    };
    // Cells the cleanup reads, zeroed before anything can branch to it.
    let ok = b.build_alloca(ctx.bool_type(), "ok").map_err(err)?;
    b.build_store(ok, ctx.bool_type().const_zero()).map_err(err)?;
    let ret_memory = plan.ret.is_some_and(in_memory);
    let result = match plan.ret {
        Some(n) if !ret_memory => Some((n, b.build_alloca(c_type(u, n), "result").map_err(err)?)),
        _ => None,
    };
    let mut undo = Vec::new();
    for (k, n) in plan.params.iter().enumerate() {
        match n {
            Native::Str { utf16: false } => {
                let cell = b.build_alloca(i64t, "copy").map_err(err)?;
                b.build_store(cell, i64t.const_zero()).map_err(err)?;
                undo.push(Undo::Free(cell));
            }
            Native::SafeHandle => {
                let flag = b.build_alloca(ctx.bool_type(), "referenced").map_err(err)?;
                b.build_store(flag, ctx.bool_type().const_zero()).map_err(err)?;
                undo.push(Undo::Release { flag, handle: param(k)?.into_int_value() });
            }
            _ => {}
        }
    }
    let cleanup = ctx.append_basic_block(f, "cleanup");
    let target = u.libcall(&b, Libcall::native_target, &[me.into()])?;
    let target = target.ok_or_else(|| err("native_target"))?.into_pointer_value();
    let have_target = ctx.append_basic_block(f, "marshal");
    b.build_conditional_branch(b.build_is_null(target, "").map_err(err)?, cleanup, have_target).map_err(err)?;
    b.position_at_end(have_target);
    let mut args: Vec<BasicMetadataValueEnum<'ctx>> = Vec::new();
    let mut byval = Vec::new();
    let mut undo_cells = undo.iter();
    for (k, n) in plan.params.iter().enumerate() {
        let v = param(k)?;
        args.push(match *n {
            Native::Int { size: 8, .. } | Native::F64 => v.into(),
            Native::Int { size, .. } => {
                b.build_int_truncate(v.into_int_value(), int_of(ctx, size), "").map_err(err)?.into()
            }
            Native::F32 => b.build_float_trunc(v.into_float_value(), ctx.f32_type(), "").map_err(err)?.into(),
            Native::Bool { size } => {
                let byte = b.build_int_truncate(v.into_int_value(), i8t, "").map_err(err)?;
                let set = b.build_int_compare(IntPredicate::NE, byte, i8t.const_zero(), "").map_err(err)?;
                b.build_int_z_extend(set, int_of(ctx, size), "").map_err(err)?.into()
            }
            Native::Array => offset_or_null(&b, u, v.into_int_value(), ARRAY_DATA_OFFSET)?.into(),
            Native::Str { utf16: true } => {
                // The characters are the string's own (NUL-terminated), kept
                // alive for the call by this frame's copy of the reference.
                keep_alive(&b, u, v.into_int_value())?;
                offset_or_null(&b, u, v.into_int_value(), STRING_CHARS_OFFSET)?.into()
            }
            Native::Str { utf16: false } => {
                let Some(Undo::Free(cell)) = undo_cells.next() else { return Err(err("string cell")) };
                let copy = u.libcall(&b, Libcall::string_to_utf8, &[v.into()])?.ok_or_else(|| err("string_to_utf8"))?;
                b.build_store(*cell, copy).map_err(err)?;
                copy.into()
            }
            Native::SafeHandle => {
                let Some(Undo::Release { flag, .. }) = undo_cells.next() else { return Err(err("handle flag")) };
                let out = b.build_alloca(i64t, "handle").map_err(err)?;
                let status = u.libcall(&b, Libcall::safe_handle_add_ref, &[v.into(), out.into()])?;
                let failed = status.ok_or_else(|| err("safe_handle_add_ref"))?.into_int_value();
                let failed = b.build_int_compare(IntPredicate::NE, failed, i32t.const_zero(), "").map_err(err)?;
                let next = ctx.append_basic_block(f, "referenced");
                b.build_conditional_branch(failed, cleanup, next).map_err(err)?;
                b.position_at_end(next);
                b.build_store(*flag, ctx.bool_type().const_all_ones()).map_err(err)?;
                b.build_load(out, "").map_err(err)?.into()
            }
            Native::Delegate => {
                // Native code does not keep the delegate alive, but the
                // call must (as .NET's marshaller does).
                keep_alive(&b, u, v.into_int_value())?;
                let r = u.libcall(&b, Libcall::delegate_to_native, &[v.into()])?;
                r.ok_or_else(|| err("delegate_to_native"))?.into()
            }
            Native::Struct(abi) => {
                let at = b.build_int_to_ptr(v.into_int_value(), c_type(u, *n).ptr_type(AddressSpace::default()), "");
                let at = at.map_err(err)?;
                match abi.regs {
                    Some(_) => b.build_load(at, "").map_err(err)?.into(),
                    None => {
                        // In memory: LLVM copies the value to the stack (byval).
                        byval.push((args.len(), c_type(u, *n)));
                        at.into()
                    }
                }
            }
        });
    }
    if plan.params.contains(&Native::Delegate) {
        // A delegate without a thunk left an exception pending.
        let pending = u.libcall(&b, Libcall::pending, &[])?.ok_or_else(|| err("pending"))?.into_int_value();
        let raised = b.build_int_compare(IntPredicate::NE, pending, i32t.const_zero(), "").map_err(err)?;
        let call = ctx.append_basic_block(f, "call");
        b.build_conditional_branch(raised, cleanup, call).map_err(err)?;
        b.position_at_end(call);
    }
    // The C function: a result in memory goes to the managed result
    // buffer, passed first (sret).
    let mut tys: Vec<BasicMetadataTypeEnum<'ctx>> = Vec::new();
    if ret_memory {
        tys.push(i8p.into());
    }
    for n in &plan.params {
        tys.push(match in_memory(*n) {
            true => c_type(u, *n).ptr_type(AddressSpace::default()).into(),
            false => c_type(u, *n).into(),
        });
    }
    let cty = match plan.ret {
        Some(n) if !ret_memory => c_type(u, n).fn_type(&tys, false),
        _ => ctx.void_type().fn_type(&tys, false),
    };
    if ret_memory {
        let buf = f.get_nth_param(0).ok_or_else(|| err("result buffer"))?.into_int_value();
        args.insert(0, b.build_int_to_ptr(buf, i8p, "").map_err(err)?.into());
    }
    let fp = b.build_pointer_cast(target, cty.ptr_type(AddressSpace::default()), "").map_err(err)?;
    let callable = inkwell::values::CallableValue::try_from(fp).map_err(|_| err("native type"))?;
    let call = b.build_call(callable, &args, "").map_err(err)?;
    let type_attr = |kind: &str, ty: BasicTypeEnum<'ctx>| {
        ctx.create_type_attribute(
            Attribute::get_named_enum_kind_id(kind),
            inkwell::types::AnyType::as_any_type_enum(&ty),
        )
    };
    let align = ctx.create_enum_attribute(Attribute::get_named_enum_kind_id("align"), 8);
    let shift = ret_memory as u32;
    for (at, ty) in byval {
        call.add_attribute(AttributeLoc::Param(at as u32 + shift), type_attr("byval", ty));
        call.add_attribute(AttributeLoc::Param(at as u32 + shift), align);
    }
    if let Some(n) = plan.ret.filter(|n| in_memory(*n)) {
        call.add_attribute(AttributeLoc::Param(0), type_attr("sret", c_type(u, n)));
    }
    if plan.set_last_error {
        u.libcall(&b, Libcall::save_last_error, &[])?;
    }
    // The result waits in its cell while the cleanup runs.
    if let (Some((_, cell)), Some(v)) = (result, call.try_as_basic_value().left()) {
        b.build_store(cell, v).map_err(err)?;
    }
    b.build_store(ok, ctx.bool_type().const_all_ones()).map_err(err)?;
    b.build_unconditional_branch(cleanup).map_err(err)?;

    b.position_at_end(cleanup);
    for step in &undo {
        match step {
            Undo::Free(cell) => {
                let p = b.build_load(*cell, "").map_err(err)?;
                u.libcall(&b, Libcall::free_native, &[p.into()])?;
            }
            Undo::Release { flag, handle } => {
                let set = b.build_load(*flag, "").map_err(err)?.into_int_value();
                let (release, next) = (ctx.append_basic_block(f, "release"), ctx.append_basic_block(f, "released"));
                b.build_conditional_branch(set, release, next).map_err(err)?;
                b.position_at_end(release);
                // A failed release leaves its exception pending for the caller.
                u.libcall(&b, Libcall::safe_handle_release, &[(*handle).into()])?;
                b.build_unconditional_branch(next).map_err(err)?;
                b.position_at_end(next);
            }
        }
    }
    let (done, failed) = (ctx.append_basic_block(f, "done"), ctx.append_basic_block(f, "failed"));
    let called = b.build_load(ok, "").map_err(err)?.into_int_value();
    b.build_conditional_branch(called, done, failed).map_err(err)?;
    b.position_at_end(failed);
    zero_return(&b, f)?;
    b.position_at_end(done);
    let Some((n, cell)) = result else {
        b.build_return(None).map_err(err)?;
        return Ok(f);
    };
    let v = b.build_load(cell, "").map_err(err)?;
    let v: BasicValueEnum<'ctx> = match n {
        Native::Int { size: 8, .. } | Native::F64 => v,
        Native::Int { signed: true, .. } => b.build_int_s_extend(v.into_int_value(), i64t, "").map_err(err)?.into(),
        Native::Int { signed: false, .. } => b.build_int_z_extend(v.into_int_value(), i64t, "").map_err(err)?.into(),
        Native::Bool { size } => {
            let zero = int_of(ctx, size).const_zero();
            let set = b.build_int_compare(IntPredicate::NE, v.into_int_value(), zero, "").map_err(err)?;
            b.build_int_z_extend(set, i64t, "").map_err(err)?.into()
        }
        Native::F32 => b.build_float_ext(v.into_float_value(), ctx.f64_type(), "").map_err(err)?.into(),
        Native::SafeHandle => {
            let obj = u.libcall(&b, Libcall::safe_handle_wrap, &[me.into(), v.into()])?;
            let obj = obj.ok_or_else(|| err("safe_handle_wrap"))?.into_pointer_value();
            b.build_ptr_to_int(obj, i64t, "").map_err(err)?.into()
        }
        Native::Struct(_) => {
            // Registers: stored into the managed result buffer.
            let buf = f.get_nth_param(0).ok_or_else(|| err("result buffer"))?.into_int_value();
            let at = b.build_int_to_ptr(buf, c_type(u, n).ptr_type(AddressSpace::default()), "").map_err(err)?;
            b.build_store(at, v).map_err(err)?;
            b.build_return(None).map_err(err)?;
            return Ok(f);
        }
        Native::Array | Native::Delegate | Native::Str { .. } => return Err(err("result kind")),
    };
    b.build_return(Some(&v)).map_err(err)?;
    Ok(f)
}

/// `obj + offset`, or 0 for a null `obj` (arrays' data, strings' characters).
fn offset_or_null<'ctx>(b: &Builder<'ctx>, u: &Unit<'ctx>, obj: IntValue<'ctx>, offset: usize) -> R<IntValue<'ctx>> {
    let i64t = u.context().i64_type();
    let at = b.build_int_add(obj, i64t.const_int(offset as u64, false), "").map_err(err)?;
    let null = b.build_int_compare(IntPredicate::EQ, obj, i64t.const_zero(), "").map_err(err)?;
    Ok(b.build_select(null, i64t.const_zero(), at, "").map_err(err)?.into_int_value())
}

/// Keeps `obj` reachable until the stub returns: a volatile copy in its
/// frame, which the collector scans.
fn keep_alive<'ctx>(b: &Builder<'ctx>, u: &Unit<'ctx>, obj: IntValue<'ctx>) -> R<()> {
    let keep = b.build_alloca(u.context().i64_type(), "keep").map_err(err)?;
    b.build_store(keep, obj).map_err(err)?.set_volatile(true).map_err(err)?;
    Ok(())
}

/// Returns a zero result (an exception is pending).
fn zero_return<'ctx>(b: &inkwell::builder::Builder<'ctx>, f: FunctionValue<'ctx>) -> R<()> {
    match f.get_type().get_return_type() {
        Some(t) if t.is_float_type() => b.build_return(Some(&t.into_float_type().const_zero())),
        Some(t) => b.build_return(Some(&t.into_int_type().const_zero())),
        None => b.build_return(None),
    }
    .map_err(err)?;
    Ok(())
}

/// Emits `name`, the callback handler for delegates like `invoke`'s: the
/// delegate (a `nest` parameter, which thunks load) followed by the C
/// arguments; it invokes the delegate and returns its result to C.
pub fn emit_callback_handler<'ctx>(u: &Unit<'ctx>, invoke: &'static Method, name: &str) -> R<FunctionValue<'ctx>> {
    let ctx = u.context();
    let i64t = ctx.i64_type();
    let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
    let CallbackSig { params, ret } = CallbackSig::of(invoke).map_err(err)?;
    let mut tys: Vec<BasicMetadataTypeEnum<'ctx>> = vec![i8p.into()];
    tys.extend(params.iter().map(|n| BasicMetadataTypeEnum::from(c_type(u, *n))));
    let cty = match ret {
        Some(n) => c_type(u, n).fn_type(&tys, false),
        None => ctx.void_type().fn_type(&tys, false),
    };
    let f = u.module.add_function(name, cty, None);
    let nest = Attribute::get_named_enum_kind_id("nest");
    f.add_attribute(AttributeLoc::Param(0), ctx.create_enum_attribute(nest, 0));
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(f, "entry"));
    let buf = b.build_array_alloca(i64t, i64t.const_int(params.len() as u64 + 4, false), "args").map_err(err)?;
    let at = |k: u64| {
        // SAFETY: `buf` holds the delegate, its arguments and three spare slots.
        unsafe { b.build_gep(buf, &[i64t.const_int(k, false)], "") }.map_err(err)
    };
    let d = f.get_nth_param(0).ok_or_else(|| err("delegate"))?.into_pointer_value();
    b.build_store(at(0)?, b.build_ptr_to_int(d, i64t, "").map_err(err)?).map_err(err)?;
    for (k, n) in params.iter().enumerate() {
        let v = f.get_nth_param(k as u32 + 1).ok_or_else(|| err("parameter"))?;
        let bits = match n {
            Native::Int { size: 8, .. } => v.into_int_value(),
            Native::Int { signed: true, .. } => b.build_int_s_extend(v.into_int_value(), i64t, "").map_err(err)?,
            Native::Int { signed: false, .. } => b.build_int_z_extend(v.into_int_value(), i64t, "").map_err(err)?,
            Native::F32 => {
                let d = b.build_float_ext(v.into_float_value(), ctx.f64_type(), "").map_err(err)?;
                b.build_bit_cast(d, i64t, "").map_err(err)?.into_int_value()
            }
            Native::F64 => b.build_bit_cast(v, i64t, "").map_err(err)?.into_int_value(),
            _ => v.into_int_value(),
        };
        b.build_store(at(k as u64 + 1)?, bits).map_err(err)?;
    }
    let i32t = ctx.i32_type();
    let args = [
        i32t.const_int(Op::InvokeDelegate as u64, false).into(),
        i8p.const_null().into(),
        buf.into(),
        i32t.const_int(params.len() as u64, false).into(),
    ];
    // A managed exception stays pending: the P/Invoke stub raises it once
    // the native caller returns.
    u.libcall(&b, Libcall::op, &args)?;
    let r = b.build_load(buf, "").map_err(err)?.into_int_value();
    match ret {
        None => b.build_return(None),
        Some(Native::Int { size, .. }) if size < 8 => {
            let t = int_of(ctx, size);
            b.build_return(Some(&b.build_int_truncate(r, t, "").map_err(err)?))
        }
        Some(Native::F32) => {
            let d = b.build_bit_cast(r, ctx.f64_type(), "").map_err(err)?.into_float_value();
            b.build_return(Some(&b.build_float_trunc(d, ctx.f32_type(), "").map_err(err)?))
        }
        Some(Native::F64) => b.build_return(Some(&b.build_bit_cast(r, ctx.f64_type(), "").map_err(err)?)),
        Some(_) => b.build_return(Some(&r)),
    }
    .map_err(err)?;
    Ok(f)
}
