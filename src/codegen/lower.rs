//! Lowering of transformed interpreter code to LLVM IR.
//!
//! Every frame slot becomes an `i64` alloca (floats as their bits), so an
//! instruction maps to a few loads, one operation and a store; mem2reg and
//! the -O2 pipeline turn that into register code. Each instruction starts
//! its own basic block, so branch targets need no analysis.

use std::collections::{HashMap, HashSet};

use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::{AddressSpace, FloatPredicate, IntPredicate};

use crate::interp::code::{Insn, InterpCode};
use crate::runtime::error::LoadError;
use crate::types::class::{ClassRef, ElemKind};
use crate::types::method::Method;

/// How a parameter or result travels in a native signature.
#[derive(Clone, Copy, PartialEq)]
enum Abi {
    Int,
    Float,
}

fn abi_of(c: ClassRef) -> Option<Abi> {
    match c.elem_kind().ok()? {
        ElemKind::R4 | ElemKind::R8 => Some(Abi::Float),
        ElemKind::Struct(_) | ElemKind::Void => None,
        _ => Some(Abi::Int),
    }
}

/// Parameters (with `this`) and result of `m`, when every one is a scalar.
fn native_sig(m: &'static Method) -> Option<(Vec<Abi>, Option<Abi>)> {
    let sig = m.sig().ok()?;
    let mut params = Vec::new();
    if sig.has_this {
        if m.class.is_valuetype() {
            return None;
        }
        params.push(Abi::Int);
    }
    for p in &sig.params {
        params.push(abi_of(p)?);
    }
    let ret = if sig.ret.is("System", "Void") { None } else { Some(abi_of(sig.ret)?) };
    Some((params, ret))
}

/// Can the instruction be lowered (calls aside)?
fn supported(i: &Insn) -> bool {
    use Insn::*;
    matches!(
        i,
        Nop | LdcI4 { .. }
            | LdcI8 { .. }
            | LdcF { .. }
            | Mov { .. }
            | AddI4 { .. }
            | SubI4 { .. }
            | MulI4 { .. }
            | AddI4Imm { .. }
            | And { .. }
            | Or { .. }
            | Xor { .. }
            | Not { .. }
            | ShlI4 { .. }
            | ShrI4 { .. }
            | ShrUnI4 { .. }
            | NegI4 { .. }
            | AddI8 { .. }
            | SubI8 { .. }
            | MulI8 { .. }
            | NegI8 { .. }
            | AddF { .. }
            | SubF { .. }
            | MulF { .. }
            | DivF { .. }
            | NegF { .. }
            | CeqI { .. }
            | CgtI { .. }
            | CltI { .. }
            | CgtUnI4 { .. }
            | CltUnI4 { .. }
            | CgtUnI8 { .. }
            | CltUnI8 { .. }
            | CeqF { .. }
            | CgtF { .. }
            | CltF { .. }
            | CgtUnF { .. }
            | CltUnF { .. }
            | ConvI1 { .. }
            | ConvU1 { .. }
            | ConvI2 { .. }
            | ConvU2 { .. }
            | ConvI4 { .. }
            | ConvZext { .. }
            | ConvI8ToF { .. }
            | ConvR4 { .. }
            | Br { .. }
            | BrTrue { .. }
            | BrFalse { .. }
            | BeqI { .. }
            | BneI { .. }
            | BltI { .. }
            | BleI { .. }
            | BgtI { .. }
            | BgeI { .. }
            | BeqIImm { .. }
            | BneIImm { .. }
            | BltIImm { .. }
            | BleIImm { .. }
            | BgtIImm { .. }
            | BgeIImm { .. }
            | Ret { n: 1, .. }
            | RetVoid
            | Call { .. }
    )
}

/// The methods that can be compiled: scalar signatures, supported
/// instructions, and calls only to other compiled methods (a fixpoint).
fn compilable(methods: &[(&'static Method, &'static InterpCode)]) -> Vec<(&'static Method, &'static InterpCode)> {
    let mut set: Vec<(&'static Method, &'static InterpCode)> = methods
        .iter()
        .copied()
        .filter(|(m, c)| c.clauses.is_empty() && native_sig(m).is_some() && c.insns.iter().all(supported))
        .collect();
    loop {
        let ids: HashSet<usize> = set.iter().map(|(m, _)| *m as *const Method as usize).collect();
        let before = set.len();
        set.retain(|(_, c)| {
            c.insns.iter().all(|i| match i {
                Insn::Call { m, .. } => ids.contains(&(*m as *const Method as usize)),
                _ => true,
            })
        });
        if set.len() == before {
            return set;
        }
    }
}

fn body_name(m: &'static Method) -> String {
    format!("mx_m_{}", m.rid)
}

fn wrapper_name(m: &'static Method) -> String {
    format!("mx_w_{}", m.rid)
}

fn err(e: impl std::fmt::Display) -> LoadError {
    LoadError::InvalidProgram(format!("code generation failed: {e}"))
}

/// Lowers what it can of `methods` into `module`, with the table of
/// compiled methods and the image stamp. Returns (compiled, total).
pub fn lower_methods<'ctx>(
    ctx: &'ctx Context,
    module: &Module<'ctx>,
    methods: &[(&'static Method, &'static InterpCode)],
    stamp: &[u8],
) -> Result<(usize, usize), LoadError> {
    let set = compilable(methods);
    let i64t = ctx.i64_type();
    let f64t = ctx.f64_type();
    let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
    let ty = |a: Abi| -> BasicTypeEnum<'ctx> {
        match a {
            Abi::Int => i64t.into(),
            Abi::Float => f64t.into(),
        }
    };
    // Declare every body first so that calls can name any of them.
    let mut bodies: HashMap<usize, FunctionValue<'ctx>> = HashMap::new();
    for (m, _) in &set {
        let (params, ret) = native_sig(m).ok_or_else(|| err("signature"))?;
        let mut ps: Vec<BasicMetadataTypeEnum<'ctx>> = params.iter().map(|a| ty(*a).into()).collect();
        ps.push(i8p.into());
        let fnty = match ret {
            Some(r) => ty(r).fn_type(&ps, false),
            None => ctx.void_type().fn_type(&ps, false),
        };
        let f = module.add_function(&body_name(m), fnty, Some(Linkage::Internal));
        bodies.insert(*m as *const Method as usize, f);
    }
    let builder = ctx.create_builder();
    for (m, code) in &set {
        let f = bodies[&(*m as *const Method as usize)];
        lower_body(ctx, &builder, f, m, code, &bodies)?;
        emit_wrapper(ctx, module, &builder, f, m)?;
    }
    emit_table(ctx, module, &set, stamp)?;
    Ok((set.len(), methods.len()))
}

fn lower_body<'ctx>(
    ctx: &'ctx Context,
    b: &Builder<'ctx>,
    f: FunctionValue<'ctx>,
    m: &'static Method,
    code: &'static InterpCode,
    bodies: &HashMap<usize, FunctionValue<'ctx>>,
) -> Result<(), LoadError> {
    let i64t = ctx.i64_type();
    let i32t = ctx.i32_type();
    let f64t = ctx.f64_type();
    let entry = ctx.append_basic_block(f, "entry");
    let blocks: Vec<_> = (0..code.insns.len()).map(|i| ctx.append_basic_block(f, &format!("i{i}"))).collect();
    b.position_at_end(entry);
    let slots: Vec<PointerValue<'ctx>> =
        (0..code.frame_slots).map(|i| b.build_alloca(i64t, &format!("s{i}"))).collect::<Result<_, _>>().map_err(err)?;
    let (params, ret) = native_sig(m).ok_or_else(|| err("signature"))?;
    for (i, a) in params.iter().enumerate() {
        let v = f.get_nth_param(i as u32).ok_or_else(|| err("parameter"))?;
        let bits = match a {
            Abi::Int => v.into_int_value(),
            Abi::Float => b.build_bit_cast(v, i64t, "").map_err(err)?.into_int_value(),
        };
        b.build_store(slots[i], bits).map_err(err)?;
    }
    for i in code.arg_slots..code.arg_slots + code.local_slots {
        b.build_store(slots[i as usize], i64t.const_zero()).map_err(err)?;
    }
    b.build_unconditional_branch(blocks[0]).map_err(err)?;

    let ld = |s: u16| -> Result<IntValue<'ctx>, LoadError> {
        Ok(b.build_load(slots[s as usize], "").map_err(err)?.into_int_value())
    };
    let st = |s: u16, v: IntValue<'ctx>| -> Result<(), LoadError> {
        b.build_store(slots[s as usize], v).map_err(err).map(|_| ())
    };
    let ldf = |s: u16| -> Result<inkwell::values::FloatValue<'ctx>, LoadError> {
        Ok(b.build_bit_cast(ld(s)?, f64t, "").map_err(err)?.into_float_value())
    };
    let stf = |s: u16, v: inkwell::values::FloatValue<'ctx>| -> Result<(), LoadError> {
        st(s, b.build_bit_cast(v, i64t, "").map_err(err)?.into_int_value())
    };
    let i4 = |s: u16| -> Result<IntValue<'ctx>, LoadError> { b.build_int_truncate(ld(s)?, i32t, "").map_err(err) };
    let sext =
        |v: IntValue<'ctx>| -> Result<IntValue<'ctx>, LoadError> { b.build_int_s_extend(v, i64t, "").map_err(err) };
    let flag =
        |v: IntValue<'ctx>| -> Result<IntValue<'ctx>, LoadError> { b.build_int_z_extend(v, i64t, "").map_err(err) };
    let ci = |v: i64| i64t.const_int(v as u64, true);

    for (idx, insn) in code.insns.iter().enumerate() {
        b.position_at_end(blocks[idx]);
        let next = blocks.get(idx + 1).copied();
        let mut falls = true;
        // Integer binary operations on int32 values (sign-extended slots).
        macro_rules! bin4 {
            ($d:expr, $a:expr, $bb:expr, $op:ident) => {{
                let r = b.$op(i4($a)?, i4($bb)?, "").map_err(err)?;
                st($d, sext(r)?)?
            }};
        }
        macro_rules! bin8 {
            ($d:expr, $a:expr, $bb:expr, $op:ident) => {{
                let r = b.$op(ld($a)?, ld($bb)?, "").map_err(err)?;
                st($d, r)?
            }};
        }
        macro_rules! binf {
            ($d:expr, $a:expr, $bb:expr, $op:ident) => {{
                let r = b.$op(ldf($a)?, ldf($bb)?, "").map_err(err)?;
                stf($d, r)?
            }};
        }
        macro_rules! cmpi {
            ($d:expr, $x:expr, $y:expr, $p:expr) => {{
                let r = b.build_int_compare($p, $x, $y, "").map_err(err)?;
                st($d, flag(r)?)?
            }};
        }
        macro_rules! cmpf {
            ($d:expr, $a:expr, $bb:expr, $p:expr) => {{
                let r = b.build_float_compare($p, ldf($a)?, ldf($bb)?, "").map_err(err)?;
                st($d, flag(r)?)?
            }};
        }
        macro_rules! branch {
            ($cond:expr, $t:expr) => {{
                let c = $cond;
                let n = next.ok_or_else(|| err("branch falls off the end"))?;
                b.build_conditional_branch(c, blocks[*$t as usize], n).map_err(err)?;
                falls = false;
            }};
        }
        macro_rules! narrow {
            ($d:expr, $s:expr, $bits:expr, $signed:expr) => {{
                let t = ctx.custom_width_int_type($bits);
                let v = b.build_int_truncate(ld($s)?, t, "").map_err(err)?;
                let w = if $signed { b.build_int_s_extend(v, i64t, "") } else { b.build_int_z_extend(v, i64t, "") };
                st($d, w.map_err(err)?)?
            }};
        }
        use Insn::*;
        use IntPredicate as P;
        match insn {
            Nop => {}
            LdcI4 { d, v } => st(*d, ci(*v as i64))?,
            LdcI8 { d, v } => st(*d, ci(*v))?,
            LdcF { d, v } => st(*d, i64t.const_int(v.to_bits(), false))?,
            Mov { d, s } => st(*d, ld(*s)?)?,
            AddI4 { d, a, b: y } => bin4!(*d, *a, *y, build_int_add),
            SubI4 { d, a, b: y } => bin4!(*d, *a, *y, build_int_sub),
            MulI4 { d, a, b: y } => bin4!(*d, *a, *y, build_int_mul),
            AddI4Imm { d, s, v } => {
                let r = b.build_int_add(i4(*s)?, i32t.const_int(*v as i64 as u64, true), "").map_err(err)?;
                st(*d, sext(r)?)?
            }
            And { d, a, b: y } => bin8!(*d, *a, *y, build_and),
            Or { d, a, b: y } => bin8!(*d, *a, *y, build_or),
            Xor { d, a, b: y } => bin8!(*d, *a, *y, build_xor),
            Not { d, s } => st(*d, b.build_not(ld(*s)?, "").map_err(err)?)?,
            ShlI4 { d, a, b: y } | ShrI4 { d, a, b: y } | ShrUnI4 { d, a, b: y } => {
                let amount = b.build_and(i4(*y)?, i32t.const_int(31, false), "").map_err(err)?;
                let r = match insn {
                    ShlI4 { .. } => b.build_left_shift(i4(*a)?, amount, ""),
                    ShrI4 { .. } => b.build_right_shift(i4(*a)?, amount, true, ""),
                    _ => b.build_right_shift(i4(*a)?, amount, false, ""),
                }
                .map_err(err)?;
                st(*d, sext(r)?)?
            }
            NegI4 { d, s } => st(*d, sext(b.build_int_neg(i4(*s)?, "").map_err(err)?)?)?,
            AddI8 { d, a, b: y } => bin8!(*d, *a, *y, build_int_add),
            SubI8 { d, a, b: y } => bin8!(*d, *a, *y, build_int_sub),
            MulI8 { d, a, b: y } => bin8!(*d, *a, *y, build_int_mul),
            NegI8 { d, s } => st(*d, b.build_int_neg(ld(*s)?, "").map_err(err)?)?,
            AddF { d, a, b: y } => binf!(*d, *a, *y, build_float_add),
            SubF { d, a, b: y } => binf!(*d, *a, *y, build_float_sub),
            MulF { d, a, b: y } => binf!(*d, *a, *y, build_float_mul),
            DivF { d, a, b: y } => binf!(*d, *a, *y, build_float_div),
            NegF { d, s } => stf(*d, b.build_float_neg(ldf(*s)?, "").map_err(err)?)?,
            CeqI { d, a, b: y } => cmpi!(*d, ld(*a)?, ld(*y)?, P::EQ),
            CgtI { d, a, b: y } => cmpi!(*d, ld(*a)?, ld(*y)?, P::SGT),
            CltI { d, a, b: y } => cmpi!(*d, ld(*a)?, ld(*y)?, P::SLT),
            CgtUnI4 { d, a, b: y } => cmpi!(*d, i4(*a)?, i4(*y)?, P::UGT),
            CltUnI4 { d, a, b: y } => cmpi!(*d, i4(*a)?, i4(*y)?, P::ULT),
            CgtUnI8 { d, a, b: y } => cmpi!(*d, ld(*a)?, ld(*y)?, P::UGT),
            CltUnI8 { d, a, b: y } => cmpi!(*d, ld(*a)?, ld(*y)?, P::ULT),
            CeqF { d, a, b: y } => cmpf!(*d, *a, *y, FloatPredicate::OEQ),
            CgtF { d, a, b: y } => cmpf!(*d, *a, *y, FloatPredicate::OGT),
            CltF { d, a, b: y } => cmpf!(*d, *a, *y, FloatPredicate::OLT),
            CgtUnF { d, a, b: y } => cmpf!(*d, *a, *y, FloatPredicate::UGT),
            CltUnF { d, a, b: y } => cmpf!(*d, *a, *y, FloatPredicate::ULT),
            ConvI1 { d, s } => narrow!(*d, *s, 8, true),
            ConvU1 { d, s } => narrow!(*d, *s, 8, false),
            ConvI2 { d, s } => narrow!(*d, *s, 16, true),
            ConvU2 { d, s } => narrow!(*d, *s, 16, false),
            ConvI4 { d, s } => narrow!(*d, *s, 32, true),
            ConvZext { d, s } => narrow!(*d, *s, 32, false),
            ConvI8ToF { d, s } => stf(*d, b.build_signed_int_to_float(ld(*s)?, f64t, "").map_err(err)?)?,
            ConvR4 { d, s } => {
                let narrowed = b.build_float_trunc(ldf(*s)?, ctx.f32_type(), "").map_err(err)?;
                stf(*d, b.build_float_ext(narrowed, f64t, "").map_err(err)?)?
            }
            Br { t } => {
                b.build_unconditional_branch(blocks[*t as usize]).map_err(err)?;
                falls = false;
            }
            BrTrue { s, t } => branch!(b.build_int_compare(P::NE, ld(*s)?, ci(0), "").map_err(err)?, t),
            BrFalse { s, t } => branch!(b.build_int_compare(P::EQ, ld(*s)?, ci(0), "").map_err(err)?, t),
            BeqI { a, b: y, t } => branch!(b.build_int_compare(P::EQ, ld(*a)?, ld(*y)?, "").map_err(err)?, t),
            BneI { a, b: y, t } => branch!(b.build_int_compare(P::NE, ld(*a)?, ld(*y)?, "").map_err(err)?, t),
            BltI { a, b: y, t } => branch!(b.build_int_compare(P::SLT, ld(*a)?, ld(*y)?, "").map_err(err)?, t),
            BleI { a, b: y, t } => branch!(b.build_int_compare(P::SLE, ld(*a)?, ld(*y)?, "").map_err(err)?, t),
            BgtI { a, b: y, t } => branch!(b.build_int_compare(P::SGT, ld(*a)?, ld(*y)?, "").map_err(err)?, t),
            BgeI { a, b: y, t } => branch!(b.build_int_compare(P::SGE, ld(*a)?, ld(*y)?, "").map_err(err)?, t),
            BeqIImm { a, v, t } => branch!(b.build_int_compare(P::EQ, ld(*a)?, ci(*v as i64), "").map_err(err)?, t),
            BneIImm { a, v, t } => branch!(b.build_int_compare(P::NE, ld(*a)?, ci(*v as i64), "").map_err(err)?, t),
            BltIImm { a, v, t } => branch!(b.build_int_compare(P::SLT, ld(*a)?, ci(*v as i64), "").map_err(err)?, t),
            BleIImm { a, v, t } => branch!(b.build_int_compare(P::SLE, ld(*a)?, ci(*v as i64), "").map_err(err)?, t),
            BgtIImm { a, v, t } => branch!(b.build_int_compare(P::SGT, ld(*a)?, ci(*v as i64), "").map_err(err)?, t),
            BgeIImm { a, v, t } => branch!(b.build_int_compare(P::SGE, ld(*a)?, ci(*v as i64), "").map_err(err)?, t),
            Ret { s, .. } => {
                let v = ld(*s)?;
                match ret {
                    Some(Abi::Float) => {
                        let fv = b.build_bit_cast(v, f64t, "").map_err(err)?;
                        b.build_return(Some(&fv)).map_err(err)?
                    }
                    Some(Abi::Int) => b.build_return(Some(&v)).map_err(err)?,
                    None => b.build_return(None).map_err(err)?,
                };
                falls = false;
            }
            RetVoid => {
                b.build_return(None).map_err(err)?;
                falls = false;
            }
            Call { m: callee, a0 } => {
                let target = bodies.get(&(*callee as *const Method as usize)).ok_or_else(|| err("call target"))?;
                let (cparams, cret) = native_sig(callee).ok_or_else(|| err("callee signature"))?;
                let mut args: Vec<BasicMetadataValueEnum<'ctx>> = Vec::new();
                for (k, a) in cparams.iter().enumerate() {
                    let s = *a0 + k as u16;
                    args.push(match a {
                        Abi::Int => ld(s)?.into(),
                        Abi::Float => ldf(s)?.into(),
                    });
                }
                args.push(ctx.i8_type().ptr_type(AddressSpace::default()).const_null().into());
                let r = b.build_call(*target, &args, "").map_err(err)?;
                if let Some(a) = cret {
                    let v: BasicValueEnum<'ctx> = r.try_as_basic_value().left().ok_or_else(|| err("call result"))?;
                    match a {
                        Abi::Int => st(*a0, v.into_int_value())?,
                        Abi::Float => stf(*a0, v.into_float_value())?,
                    }
                }
            }
            _ => return Err(err(format!("unsupported instruction {insn:?}"))),
        }
        if falls {
            let n = next.ok_or_else(|| err("control falls off the end"))?;
            b.build_unconditional_branch(n).map_err(err)?;
        }
    }
    Ok(())
}

/// `mx_w_<rid>(fp) -> u32`: the out wrapper the interpreter calls; reads
/// the arguments from the frame, calls the body, writes the result to
/// `fp[0]`, returns 0 (no exception).
fn emit_wrapper<'ctx>(
    ctx: &'ctx Context,
    module: &Module<'ctx>,
    b: &Builder<'ctx>,
    body: FunctionValue<'ctx>,
    m: &'static Method,
) -> Result<(), LoadError> {
    let i64t = ctx.i64_type();
    let f64t = ctx.f64_type();
    let i64p = i64t.ptr_type(AddressSpace::default());
    let fnty = ctx.i32_type().fn_type(&[i64p.into()], false);
    let w = module.add_function(&wrapper_name(m), fnty, None);
    let bb = ctx.append_basic_block(w, "entry");
    b.position_at_end(bb);
    let fp = w.get_nth_param(0).ok_or_else(|| err("wrapper parameter"))?.into_pointer_value();
    let (params, ret) = native_sig(m).ok_or_else(|| err("signature"))?;
    let mut args: Vec<BasicMetadataValueEnum<'ctx>> = Vec::new();
    for (i, a) in params.iter().enumerate() {
        // SAFETY: the interpreter passes a frame with one slot per argument.
        let p = unsafe { b.build_gep(fp, &[i64t.const_int(i as u64, false)], "") }.map_err(err)?;
        let v = b.build_load(p, "").map_err(err)?.into_int_value();
        args.push(match a {
            Abi::Int => v.into(),
            Abi::Float => b.build_bit_cast(v, f64t, "").map_err(err)?.into(),
        });
    }
    args.push(ctx.i8_type().ptr_type(AddressSpace::default()).const_null().into());
    let r = b.build_call(body, &args, "").map_err(err)?;
    if let Some(a) = ret {
        let v = r.try_as_basic_value().left().ok_or_else(|| err("result"))?;
        let bits = match a {
            Abi::Int => v.into_int_value(),
            Abi::Float => b.build_bit_cast(v, i64t, "").map_err(err)?.into_int_value(),
        };
        b.build_store(fp, bits).map_err(err)?;
    }
    b.build_return(Some(&ctx.i32_type().const_zero())).map_err(err)?;
    Ok(())
}

/// Exports `mx_stamp` (marker, module id, compiler version), `mx_count` and
/// `mx_methods` ({MethodDef rid, wrapper} pairs).
fn emit_table<'ctx>(
    ctx: &'ctx Context,
    module: &Module<'ctx>,
    set: &[(&'static Method, &'static InterpCode)],
    stamp: &[u8],
) -> Result<(), LoadError> {
    let i32t = ctx.i32_type();
    let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
    let entry_ty = ctx.struct_type(&[i32t.into(), i8p.into()], false);
    let entries: Vec<_> = set
        .iter()
        .map(|(m, _)| {
            let w = module.get_function(&wrapper_name(m)).ok_or_else(|| err("wrapper"))?;
            let wp = w.as_global_value().as_pointer_value().const_cast(i8p);
            Ok(entry_ty.const_named_struct(&[i32t.const_int(m.rid as u64, false).into(), wp.into()]))
        })
        .collect::<Result<_, LoadError>>()?;
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
    let _ = entry_ty.as_basic_type_enum();
    Ok(())
}
