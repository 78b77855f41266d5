//! Code for P/Invoke (see `runtime::pinvoke`): stubs that call native
//! functions with the managed calling convention on one side and the C
//! one on the other, and callback handlers that let native code call a
//! delegate through its thunk (`runtime::thunks`).
//!
//! Marshalling is the blittable subset (`runtime::pinvoke::native_of`):
//! integers, pointers, `IntPtr`, floats and booleans by value, SZ arrays
//! of such elements as a pointer to their data, delegates as a function
//! pointer. Anything else (strings, structs) is refused when the stub is
//! made.

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue};
use inkwell::AddressSpace;

use crate::abi::layout::ARRAY_DATA_OFFSET;
use crate::abi::libcalls::Libcall;
use crate::abi::libcalls::Op;
use crate::codegen::lower::{err, fn_type, Unit, R};
use crate::codegen::refs::Ref;
use crate::runtime::pinvoke::{native_of as runtime_native_of, CallbackSig, Native};
use crate::types::class::ClassRef;
use crate::types::method::Method;

fn native_of(c: ClassRef) -> R<Native> {
    runtime_native_of(c).map_err(err)
}

fn c_type<'ctx>(u: &Unit<'ctx>, n: Native) -> BasicTypeEnum<'ctx> {
    let ctx = u.context();
    match n {
        Native::I32 { .. } => ctx.i32_type().into(),
        Native::F32 => ctx.f32_type().into(),
        Native::F64 => ctx.f64_type().into(),
        _ => ctx.i64_type().into(),
    }
}

/// Whether a stub for `m` can be made (its signature marshals).
pub fn stub_possible(m: &'static Method) -> bool {
    m.sig().is_ok_and(|s| {
        !s.has_this
            && s.params.iter().all(|p| native_of(p).is_ok())
            && (s.ret.is("System", "Void")
                || native_of(s.ret).is_ok_and(|n| !matches!(n, Native::Array | Native::Delegate)))
    })
}

/// Where a stub finds its own method (to ask for its native target).
#[derive(Clone, Copy)]
pub enum Me {
    /// The address itself (JIT-compiled stubs live in this process).
    Address,
    /// The image's bind-time reference slot.
    Reference,
}

/// Emits the stub of P/Invoke method `m` (managed native signature).
pub fn emit_stub<'ctx>(u: &Unit<'ctx>, m: &'static Method, name: &str, me: Me) -> R<FunctionValue<'ctx>> {
    let ctx = u.context();
    let sig = m.sig().map_err(|e| err(e.message()))?;
    if sig.has_this {
        return Err(err("instance P/Invoke method"));
    }
    let params = sig.params.iter().map(|p| native_of(p)).collect::<R<Vec<_>>>()?;
    let ret = if sig.ret.is("System", "Void") { None } else { Some(native_of(sig.ret)?) };
    let f = u.module.add_function(name, fn_type(ctx, m)?, Some(inkwell::module::Linkage::Internal));
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(f, "entry"));
    let i64t = ctx.i64_type();
    let mut args: Vec<BasicMetadataValueEnum<'ctx>> = Vec::new();
    for (k, n) in params.iter().enumerate() {
        let v = f.get_nth_param(k as u32).ok_or_else(|| err("parameter"))?;
        args.push(match n {
            Native::I32 { .. } => b.build_int_truncate(v.into_int_value(), ctx.i32_type(), "").map_err(err)?.into(),
            Native::I64 => v.into(),
            Native::F32 => b.build_float_trunc(v.into_float_value(), ctx.f32_type(), "").map_err(err)?.into(),
            Native::F64 => v.into(),
            Native::Array => {
                let a = v.into_int_value();
                let data = b.build_int_add(a, i64t.const_int(ARRAY_DATA_OFFSET as u64, false), "").map_err(err)?;
                let null = b.build_int_compare(inkwell::IntPredicate::EQ, a, i64t.const_zero(), "").map_err(err)?;
                b.build_select(null, i64t.const_zero(), data, "").map_err(err)?.into()
            }
            Native::Delegate => {
                // Native code does not keep the delegate alive, but the
                // call must (as .NET's marshaller does): a volatile copy in
                // this frame is seen by the collector until the call returns.
                let keep = b.build_alloca(i64t, "delegate").map_err(err)?;
                b.build_store(keep, v).map_err(err)?.set_volatile(true).map_err(err)?;
                let r = u.libcall(&b, Libcall::delegate_to_native, &[v.into()])?;
                r.ok_or_else(|| err("delegate_to_native"))?.into()
            }
        });
    }
    let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
    let me = match me {
        Me::Address => b.build_int_to_ptr(i64t.const_int(m as *const Method as u64, false), i8p, "").map_err(err)?,
        Me::Reference => {
            let (g, index) = u.slot(Ref::Method(m))?;
            u.at_bind.borrow_mut().insert(index);
            b.build_load(g.as_pointer_value(), "").map_err(err)?.into_pointer_value()
        }
    };
    let target = u.libcall(&b, Libcall::native_target, &[me.into()])?;
    let target = target.ok_or_else(|| err("native_target"))?.into_pointer_value();
    let tys: Vec<BasicMetadataTypeEnum<'ctx>> = params.iter().map(|n| c_type(u, *n).into()).collect();
    let cty = match ret {
        Some(n) => c_type(u, n).fn_type(&tys, false),
        None => ctx.void_type().fn_type(&tys, false),
    };
    let (call, skip) = (ctx.append_basic_block(f, "call"), ctx.append_basic_block(f, "failed"));
    let mut failed = b.build_is_null(target, "").map_err(err)?;
    if params.contains(&Native::Delegate) {
        // A delegate without a thunk left an exception pending.
        let pending = u.libcall(&b, Libcall::pending, &[])?.ok_or_else(|| err("pending"))?.into_int_value();
        let raised =
            b.build_int_compare(inkwell::IntPredicate::NE, pending, ctx.i32_type().const_zero(), "").map_err(err)?;
        failed = b.build_or(failed, raised, "").map_err(err)?;
    }
    b.build_conditional_branch(failed, skip, call).map_err(err)?;
    b.position_at_end(skip);
    zero_return(&b, f)?;
    b.position_at_end(call);
    let fp = b.build_pointer_cast(target, cty.ptr_type(AddressSpace::default()), "").map_err(err)?;
    let callable = inkwell::values::CallableValue::try_from(fp).map_err(|_| err("native type"))?;
    let r = b.build_call(callable, &args, "").map_err(err)?;
    match ret {
        None => b.build_return(None),
        Some(n) => {
            let v = r.try_as_basic_value().left().ok_or_else(|| err("native result"))?;
            let v: BasicValueEnum<'ctx> = match n {
                Native::I32 { signed: true } => b.build_int_s_extend(v.into_int_value(), i64t, "").map_err(err)?.into(),
                Native::I32 { signed: false } => {
                    b.build_int_z_extend(v.into_int_value(), i64t, "").map_err(err)?.into()
                }
                Native::F32 => b.build_float_ext(v.into_float_value(), ctx.f64_type(), "").map_err(err)?.into(),
                _ => v,
            };
            b.build_return(Some(&v))
        }
    }
    .map_err(err)?;
    Ok(f)
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
            Native::I32 { signed: true } => b.build_int_s_extend(v.into_int_value(), i64t, "").map_err(err)?,
            Native::I32 { signed: false } => b.build_int_z_extend(v.into_int_value(), i64t, "").map_err(err)?,
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
        Some(Native::I32 { .. }) => b.build_return(Some(&b.build_int_truncate(r, i32t, "").map_err(err)?)),
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
