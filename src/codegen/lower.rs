//! Lowering of transformed interpreter code to LLVM IR.
//!
//! Every frame slot becomes an `i64` alloca (floats as their bits), so an
//! instruction maps to a few loads, one operation and a store; mem2reg and
//! the -O2 pipeline turn that into register code. Each instruction starts
//! its own basic block, so branch targets need no analysis.

use std::collections::{HashMap, HashSet};

use inkwell::builder::{Builder, BuilderError};
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
            | CallVirt { .. }
            | CallIcall { .. }
            | NewObj { vt: 0, .. }
            | NewArr { .. }
            | LdStr { .. }
            | CastClass { .. }
            | IsInst { .. }
            | DivI4 { .. }
            | RemI4 { .. }
            | LdI4 { .. }
            | LdI8 { .. }
            | StI4 { .. }
            | StI8 { .. }
            | LdLen { .. }
            | LdElemI4 { .. }
            | LdElemU1 { .. }
            | LdElemI8 { .. }
            | StElemI4 { .. }
            | StElemI1 { .. }
            | StElemI8 { .. }
    )
}

/// Can compiled code name `m` through the image's reference table? (A
/// MethodDef of a non-generic class, re-resolved by image name and rid.)
fn referable(m: &'static Method) -> bool {
    m.rid != 0 && m.method_args.is_empty() && m.class.type_args.is_empty() && !m.class.is_generic_def()
}

/// How the loader finds class `c` again: "t:image:rid" for a non-generic
/// type definition, "a:image:rid" for a one-dimensional array of one.
fn class_key(c: ClassRef) -> Option<String> {
    let plain = |k: ClassRef| {
        (k.rid != 0 && k.type_args.is_empty() && !k.is_generic_def()).then(|| format!("{}:{}", k.image.name, k.rid))
    };
    match c.kind {
        crate::types::class::Kind::SzArray => Some(format!("a:{}", plain(c.elem?)?)),
        crate::types::class::Kind::Array(_) => None,
        _ => Some(format!("t:{}", plain(c)?)),
    }
}

/// The instructions that can raise an exception themselves.
fn raises(i: &Insn) -> bool {
    use Insn::*;
    matches!(
        i,
        CallVirt { .. }
            | CallIcall { .. }
            | NewObj { .. }
            | NewArr { .. }
            | CastClass { .. }
            | DivI4 { .. }
            | RemI4 { .. }
            | LdI4 { .. }
            | LdI8 { .. }
            | StI4 { .. }
            | StI8 { .. }
            | LdLen { .. }
            | LdElemI4 { .. }
            | LdElemU1 { .. }
            | LdElemI8 { .. }
            | StElemI4 { .. }
            | StElemI1 { .. }
            | StElemI8 { .. }
    )
}

/// The methods that can be compiled: scalar signatures and supported
/// instructions; calls reach compiled methods directly and others through
/// the runtime when they are referable.
fn compilable(methods: &[(&'static Method, &'static InterpCode)]) -> Vec<(&'static Method, &'static InterpCode)> {
    methods
        .iter()
        .copied()
        .filter(|(m, c)| {
            c.clauses.is_empty()
                && referable(m)
                && native_sig(m).is_some()
                && c.insns.iter().all(|i| {
                    supported(i)
                        && match i {
                            Insn::Call { m: t, .. }
                            | Insn::CallVirt { m: t, .. }
                            | Insn::CallIcall { m: t, .. }
                            | Insn::NewObj { ctor: t, .. } => referable(t) && native_sig(t).is_some(),
                            Insn::NewArr { c, .. } | Insn::CastClass { c, .. } | Insn::IsInst { c, .. } => {
                                class_key(c).is_some()
                            }
                            _ => true,
                        }
                })
        })
        .collect()
}

/// The compiled methods that may leave with an exception pending (a
/// fixpoint over calls).
fn may_throw(set: &[(&'static Method, &'static InterpCode)]) -> HashSet<usize> {
    let compiled: HashSet<usize> = set.iter().map(|(m, _)| *m as *const Method as usize).collect();
    let mut throws: HashSet<usize> = HashSet::new();
    loop {
        let before = throws.len();
        for (m, c) in set {
            let t = c.insns.iter().any(|i| match i {
                Insn::Call { m: callee, .. } => {
                    let k = *callee as *const Method as usize;
                    !compiled.contains(&k) || throws.contains(&k)
                }
                i => raises(i),
            });
            if t {
                throws.insert(*m as *const Method as usize);
            }
        }
        if throws.len() == before {
            return throws;
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
    let env = Env {
        bodies,
        throws: may_throw(&set),
        refs: std::cell::RefCell::new(Vec::new()),
        class_refs: std::cell::RefCell::new(Vec::new()),
        libcalls: {
            let table_ty = i8p.array_type(crate::runtime::libcalls::LIBCALL_COUNT).ptr_type(AddressSpace::default());
            let g = module.add_global(table_ty, None, "mx_libcalls");
            g.set_initializer(&table_ty.const_null());
            g
        },
    };
    let builder = ctx.create_builder();
    for (m, code) in &set {
        let f = env.bodies[&(*m as *const Method as usize)];
        lower_body(ctx, module, &builder, f, m, code, &env)?;
        emit_wrapper(ctx, module, &builder, f, m, &env)?;
    }
    emit_refs(ctx, module, &env)?;
    emit_table(ctx, module, &set, stamp)?;
    Ok((set.len(), methods.len()))
}

/// What lowering one image shares across its methods.
struct Env<'ctx> {
    bodies: HashMap<usize, FunctionValue<'ctx>>,
    /// Compiled methods that may leave with an exception pending.
    throws: HashSet<usize>,
    /// Methods named by compiled code, each with its `mx_ref_<i>` global
    /// (filled by the loader).
    refs: std::cell::RefCell<Vec<(&'static Method, inkwell::values::GlobalValue<'ctx>)>>,
    /// Classes named by compiled code, each with its `mx_class_<i>` global.
    class_refs: std::cell::RefCell<Vec<(String, inkwell::values::GlobalValue<'ctx>)>>,
    /// `mx_libcalls`: the runtime's `Libcalls` table, set by the loader.
    libcalls: inkwell::values::GlobalValue<'ctx>,
}

impl<'ctx> Env<'ctx> {
    /// The global that will hold `m`'s address at run time.
    fn method_ref(&self, module: &Module<'ctx>, m: &'static Method) -> inkwell::values::GlobalValue<'ctx> {
        let mut refs = self.refs.borrow_mut();
        if let Some((_, g)) = refs.iter().find(|(r, _)| std::ptr::eq(*r, m)) {
            return *g;
        }
        let i8p = module.get_context().i8_type().ptr_type(AddressSpace::default());
        let g = module.add_global(i8p, None, &format!("mx_ref_{}", refs.len()));
        g.set_initializer(&i8p.const_null());
        refs.push((m, g));
        g
    }
}

impl<'ctx> Env<'ctx> {
    /// The global that will hold class `key`'s address at run time.
    fn class_ref(&self, module: &Module<'ctx>, key: String) -> inkwell::values::GlobalValue<'ctx> {
        let mut refs = self.class_refs.borrow_mut();
        if let Some((_, g)) = refs.iter().find(|(k, _)| *k == key) {
            return *g;
        }
        let i8p = module.get_context().i8_type().ptr_type(AddressSpace::default());
        let g = module.add_global(i8p, None, &format!("mx_class_{}", refs.len()));
        g.set_initializer(&i8p.const_null());
        refs.push((key, g));
        g
    }
}

/// `mx_ref_keys` ("image:rid" lines, in order) and `mx_ref_slots` (the
/// addresses of the `mx_ref_<i>` globals) for the loader.
fn emit_refs<'ctx>(ctx: &'ctx Context, module: &Module<'ctx>, env: &Env<'ctx>) -> Result<(), LoadError> {
    let refs = env.refs.borrow();
    let keys: String = refs.iter().map(|(m, _)| format!("{}:{}\n", m.class.image.name, m.rid)).collect();
    let k = ctx.const_string(keys.as_bytes(), true);
    let g = module.add_global(k.get_type(), None, "mx_ref_keys");
    g.set_initializer(&k);
    g.set_constant(true);
    let i8pp = ctx.i8_type().ptr_type(AddressSpace::default()).ptr_type(AddressSpace::default());
    let slots: Vec<_> = refs.iter().map(|(_, g)| g.as_pointer_value()).collect();
    let arr = module.add_global(i8pp.array_type(slots.len() as u32), None, "mx_ref_slots");
    arr.set_initializer(&i8pp.const_array(&slots));
    arr.set_constant(true);
    let n = module.add_global(ctx.i32_type(), None, "mx_ref_count");
    n.set_initializer(&ctx.i32_type().const_int(slots.len() as u64, false));
    n.set_constant(true);
    let classes = env.class_refs.borrow();
    let keys: String = classes.iter().map(|(k, _)| format!("{k}\n")).collect();
    let k = ctx.const_string(keys.as_bytes(), true);
    let g = module.add_global(k.get_type(), None, "mx_class_keys");
    g.set_initializer(&k);
    g.set_constant(true);
    let slots: Vec<_> = classes.iter().map(|(_, g)| g.as_pointer_value()).collect();
    let arr = module.add_global(i8pp.array_type(slots.len() as u32), None, "mx_class_slots");
    arr.set_initializer(&i8pp.const_array(&slots));
    arr.set_constant(true);
    let n = module.add_global(ctx.i32_type(), None, "mx_class_count");
    n.set_initializer(&ctx.i32_type().const_int(slots.len() as u64, false));
    n.set_constant(true);
    Ok(())
}

/// Calls through function pointer `f` (typed by its pointer type).
fn call_ptr<'ctx>(
    b: &Builder<'ctx>,
    f: PointerValue<'ctx>,
    args: &[BasicMetadataValueEnum<'ctx>],
    name: &str,
) -> Result<inkwell::values::CallSiteValue<'ctx>, BuilderError> {
    let callable = inkwell::values::CallableValue::try_from(f).map_err(|_| BuilderError::UnsetPosition)?;
    b.build_call(callable, args, name)
}

/// Loads libcall `index` of the runtime's table as a callable pointer.
fn libcall<'ctx>(
    ctx: &'ctx Context,
    b: &Builder<'ctx>,
    env: &Env<'ctx>,
    index: u32,
    fnty: inkwell::types::FunctionType<'ctx>,
) -> Result<PointerValue<'ctx>, LoadError> {
    let table = b.build_load(env.libcalls.as_pointer_value(), "").map_err(err)?.into_pointer_value();
    let zero = ctx.i32_type().const_zero();
    // SAFETY: `table` points to the runtime's `Libcalls`, `index` < LIBCALL_COUNT.
    let slot =
        unsafe { b.build_gep(table, &[zero, ctx.i32_type().const_int(index as u64, false)], "") }.map_err(err)?;
    let raw = b.build_load(slot, "").map_err(err)?.into_pointer_value();
    b.build_pointer_cast(raw, fnty.ptr_type(AddressSpace::default()), "").map_err(err)
}

fn lower_body<'ctx>(
    ctx: &'ctx Context,
    module: &Module<'ctx>,
    b: &Builder<'ctx>,
    f: FunctionValue<'ctx>,
    m: &'static Method,
    code: &'static InterpCode,
    env: &Env<'ctx>,
) -> Result<(), LoadError> {
    let bodies = &env.bodies;
    let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
    let i64p = ctx.i64_type().ptr_type(AddressSpace::default());
    let i64t = ctx.i64_type();
    let i32t = ctx.i32_type();
    let f64t = ctx.f64_type();
    let entry = ctx.append_basic_block(f, "entry");
    let blocks: Vec<_> = (0..code.insns.len()).map(|i| ctx.append_basic_block(f, &format!("i{i}"))).collect();
    b.position_at_end(entry);
    let slots: Vec<PointerValue<'ctx>> =
        (0..code.frame_slots).map(|i| b.build_alloca(i64t, &format!("s{i}"))).collect::<Result<_, _>>().map_err(err)?;
    let scratch = b.build_array_alloca(i64t, i64t.const_int(16, false), "args").map_err(err)?;
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

    let self_ref = env.method_ref(module, m);
    // Leaves with the pending exception: records this frame in its trace
    // and returns a zero result (callers check for the pending exception).
    let unwind_block = |il: u32| -> Result<inkwell::basic_block::BasicBlock<'ctx>, LoadError> {
        let here = b.get_insert_block().ok_or_else(|| err("no block"))?;
        let bb = ctx.append_basic_block(f, "unwind");
        b.position_at_end(bb);
        let fnty = ctx.void_type().fn_type(&[i8p.into(), ctx.i32_type().into()], false);
        let unwind = libcall(ctx, b, env, 4, fnty)?;
        let me = b.build_load(self_ref.as_pointer_value(), "").map_err(err)?;
        call_ptr(b, unwind, &[me.into(), ctx.i32_type().const_int(il as u64, false).into()], "").map_err(err)?;
        match ret {
            Some(Abi::Int) => b.build_return(Some(&i64t.const_zero())),
            Some(Abi::Float) => b.build_return(Some(&f64t.const_zero())),
            None => b.build_return(None),
        }
        .map_err(err)?;
        b.position_at_end(here);
        Ok(bb)
    };
    // Branches to the unwind block when `failed` holds, else continues in a
    // fresh block.
    let check = |failed: IntValue<'ctx>, il: u32| -> Result<(), LoadError> {
        let ok = ctx.append_basic_block(f, "ok");
        let bad = unwind_block(il)?;
        b.build_conditional_branch(failed, bad, ok).map_err(err)?;
        b.position_at_end(ok);
        Ok(())
    };
    // Raises runtime exception `kind` when `failed` holds.
    let throw_if =
        |failed: IntValue<'ctx>, kind: crate::runtime::libcalls::ThrowKind, il: u32| -> Result<(), LoadError> {
            let ok = ctx.append_basic_block(f, "ok");
            let bad = ctx.append_basic_block(f, "throw");
            b.build_conditional_branch(failed, bad, ok).map_err(err)?;
            b.position_at_end(bad);
            let fnty = ctx.void_type().fn_type(&[ctx.i32_type().into()], false);
            let throw = libcall(ctx, b, env, 2, fnty)?;
            call_ptr(b, throw, &[ctx.i32_type().const_int(kind as u64, false).into()], "").map_err(err)?;
            let unwind = unwind_block(il)?;
            b.build_unconditional_branch(unwind).map_err(err)?;
            b.position_at_end(ok);
            Ok(())
        };
    let pending = || -> Result<IntValue<'ctx>, LoadError> {
        let fnty = ctx.i32_type().fn_type(&[], false);
        let p = libcall(ctx, b, env, 3, fnty)?;
        let v = call_ptr(b, p, &[], "").map_err(err)?;
        let v = v.try_as_basic_value().left().ok_or_else(|| err("pending"))?.into_int_value();
        b.build_int_compare(IntPredicate::NE, v, ctx.i32_type().const_zero(), "").map_err(err)
    };
    // Address `base + off` for a memory access (after a null check).
    let addr = |base: IntValue<'ctx>,
                off: i64,
                ty: inkwell::types::PointerType<'ctx>|
     -> Result<PointerValue<'ctx>, LoadError> {
        let a = b.build_int_add(base, i64t.const_int(off as u64, true), "").map_err(err)?;
        b.build_int_to_ptr(a, ty, "").map_err(err)
    };
    let null_check = |s: u16, il: u32| -> Result<IntValue<'ctx>, LoadError> {
        let base = b.build_load(slots[s as usize], "").map_err(err)?.into_int_value();
        let isnull = b.build_int_compare(IntPredicate::EQ, base, i64t.const_zero(), "").map_err(err)?;
        throw_if(isnull, crate::runtime::libcalls::ThrowKind::NullReference, il)?;
        Ok(base)
    };
    // Element address of array slot `a` at index slot `i` (checked).
    let elem = |a: u16,
                i: u16,
                size: u64,
                ty: inkwell::types::PointerType<'ctx>,
                il: u32|
     -> Result<PointerValue<'ctx>, LoadError> {
        let arr = null_check(a, il)?;
        let len_p = addr(arr, crate::types::layout::ARRAY_LENGTH_OFFSET as i64, i64p)?;
        let len = b.build_load(len_p, "").map_err(err)?.into_int_value();
        let idx = b.build_load(slots[i as usize], "").map_err(err)?.into_int_value();
        let out = b.build_int_compare(IntPredicate::UGE, idx, len, "").map_err(err)?;
        throw_if(out, crate::runtime::libcalls::ThrowKind::IndexOutOfRange, il)?;
        let scaled = b.build_int_mul(idx, i64t.const_int(size, false), "").map_err(err)?;
        let base = b.build_int_add(arr, scaled, "").map_err(err)?;
        addr(base, crate::types::layout::ARRAY_DATA_OFFSET as i64, ty)
    };
    let i32p = i32t.ptr_type(AddressSpace::default());
    let i8pt = ctx.i8_type().ptr_type(AddressSpace::default());
    // A call through the runtime (libcall `which`: 0 call, 1 call_virtual):
    // arguments go through the scratch buffer, the result comes back in
    // its first slot.
    let outside_call = |callee: &'static Method, a0: u16, which: u32, il: u32| -> Result<(), LoadError> {
        let (cparams, cret) = native_sig(callee).ok_or_else(|| err("callee signature"))?;
        if cparams.len() > 16 {
            return Err(err("too many arguments"));
        }
        for k in 0..cparams.len() {
            // SAFETY: the scratch buffer has 16 slots.
            let p = unsafe { b.build_gep(scratch, &[i64t.const_int(k as u64, false)], "") }.map_err(err)?;
            b.build_store(p, ld(a0 + k as u16)?).map_err(err)?;
        }
        let fnty = ctx.i32_type().fn_type(&[i8p.into(), i64p.into(), ctx.i32_type().into()], false);
        let call = libcall(ctx, b, env, which, fnty)?;
        let target = b.build_load(env.method_ref(module, callee).as_pointer_value(), "").map_err(err)?;
        let nargs = ctx.i32_type().const_int(cparams.len() as u64, false);
        let status = call_ptr(b, call, &[target.into(), scratch.into(), nargs.into()], "").map_err(err)?;
        let status = status.try_as_basic_value().left().ok_or_else(|| err("status"))?.into_int_value();
        let failed = b.build_int_compare(IntPredicate::NE, status, ctx.i32_type().const_zero(), "").map_err(err)?;
        check(failed, il)?;
        if cret.is_some() {
            let v = b.build_load(scratch, "").map_err(err)?.into_int_value();
            st(a0, v)?;
        }
        Ok(())
    };

    for (idx, insn) in code.insns.iter().enumerate() {
        b.position_at_end(blocks[idx]);
        let il = code.il_offsets.get(idx).copied().unwrap_or(0);
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
            Call { m: callee, a0 } => match bodies.get(&(*callee as *const Method as usize)) {
                Some(target) => {
                    let (cparams, cret) = native_sig(callee).ok_or_else(|| err("callee signature"))?;
                    let mut args: Vec<BasicMetadataValueEnum<'ctx>> = Vec::new();
                    for (k, a) in cparams.iter().enumerate() {
                        let s = *a0 + k as u16;
                        args.push(match a {
                            Abi::Int => ld(s)?.into(),
                            Abi::Float => ldf(s)?.into(),
                        });
                    }
                    args.push(i8p.const_null().into());
                    let r = b.build_call(*target, &args, "").map_err(err)?;
                    if let Some(a) = cret {
                        let v: BasicValueEnum<'ctx> =
                            r.try_as_basic_value().left().ok_or_else(|| err("call result"))?;
                        match a {
                            Abi::Int => st(*a0, v.into_int_value())?,
                            Abi::Float => stf(*a0, v.into_float_value())?,
                        }
                    }
                    if env.throws.contains(&(*callee as *const Method as usize)) {
                        check(pending()?, il)?;
                    }
                }
                None => outside_call(callee, *a0, 0, il)?,
            },
            CallVirt { m: callee, a0, .. } => outside_call(callee, *a0, 1, il)?,
            NewObj { ctor, a0, n, .. } => {
                for k in 0..*n {
                    // SAFETY: the scratch buffer has 16 slots (checked below).
                    let p = unsafe { b.build_gep(scratch, &[i64t.const_int(k as u64, false)], "") }.map_err(err)?;
                    b.build_store(p, ld(*a0 + k)?).map_err(err)?;
                }
                if *n > 16 {
                    return Err(err("too many constructor arguments"));
                }
                let fnty = i32t.fn_type(&[i8p.into(), i64p.into(), i32t.into()], false);
                let new_object = libcall(ctx, b, env, 5, fnty)?;
                let target = b.build_load(env.method_ref(module, ctor).as_pointer_value(), "").map_err(err)?;
                let status = call_ptr(
                    b,
                    new_object,
                    &[target.into(), scratch.into(), i32t.const_int(*n as u64, false).into()],
                    "",
                )
                .map_err(err)?;
                let status = status.try_as_basic_value().left().ok_or_else(|| err("status"))?.into_int_value();
                check(b.build_int_compare(P::NE, status, i32t.const_zero(), "").map_err(err)?, il)?;
                st(*a0, b.build_load(scratch, "").map_err(err)?.into_int_value())?
            }
            NewArr { d, len, c } => {
                let key = class_key(c).ok_or_else(|| err("array class"))?;
                let fnty = i32t.fn_type(&[i8p.into(), i64t.into(), i64p.into()], false);
                let new_array = libcall(ctx, b, env, 6, fnty)?;
                let class = b.build_load(env.class_ref(module, key).as_pointer_value(), "").map_err(err)?;
                let status =
                    call_ptr(b, new_array, &[class.into(), ld(*len)?.into(), scratch.into()], "").map_err(err)?;
                let status = status.try_as_basic_value().left().ok_or_else(|| err("status"))?.into_int_value();
                check(b.build_int_compare(P::NE, status, i32t.const_zero(), "").map_err(err)?, il)?;
                st(*d, b.build_load(scratch, "").map_err(err)?.into_int_value())?
            }
            LdStr { d, offset, .. } => {
                // The literal's root cell, found by the loader: load the cell.
                let key = format!("s:{}:{offset}", m.class.image.name);
                let cell =
                    b.build_load(env.class_ref(module, key).as_pointer_value(), "").map_err(err)?.into_pointer_value();
                let cell = b.build_pointer_cast(cell, i64p, "").map_err(err)?;
                st(*d, b.build_load(cell, "").map_err(err)?.into_int_value())?
            }
            CastClass { s: v, c } | IsInst { s: v, c, .. } => {
                let key = class_key(c).ok_or_else(|| err("cast class"))?;
                let fnty = i32t.fn_type(&[i8p.into(), i64t.into(), i32t.into()], false);
                let cast = libcall(ctx, b, env, 7, fnty)?;
                let class = b.build_load(env.class_ref(module, key).as_pointer_value(), "").map_err(err)?;
                let throwing = matches!(insn, CastClass { .. });
                let r = call_ptr(
                    b,
                    cast,
                    &[class.into(), ld(*v)?.into(), i32t.const_int(throwing as u64, false).into()],
                    "",
                )
                .map_err(err)?;
                let r = r.try_as_basic_value().left().ok_or_else(|| err("cast"))?.into_int_value();
                if throwing {
                    check(b.build_int_compare(P::EQ, r, i32t.const_int(2, false), "").map_err(err)?, il)?;
                } else if let IsInst { d, .. } = insn {
                    let yes = b.build_int_compare(P::EQ, r, i32t.const_int(1, false), "").map_err(err)?;
                    let v2 = b.build_select(yes, ld(*v)?, i64t.const_zero(), "").map_err(err)?.into_int_value();
                    st(*d, v2)?
                }
            }
            // Internal calls go through the runtime's call, which binds them.
            CallIcall { m: callee, a0, .. } => outside_call(callee, *a0, 0, il)?,
            DivI4 { d, a, b: y } | RemI4 { d, a, b: y } => {
                let (x, z) = (i4(*a)?, i4(*y)?);
                let zero = b.build_int_compare(P::EQ, z, i32t.const_zero(), "").map_err(err)?;
                throw_if(zero, crate::runtime::libcalls::ThrowKind::DivideByZero, il)?;
                let min = b.build_int_compare(P::EQ, x, i32t.const_int(i32::MIN as u64, true), "").map_err(err)?;
                let m1 = b.build_int_compare(P::EQ, z, i32t.const_all_ones(), "").map_err(err)?;
                let both = b.build_and(min, m1, "").map_err(err)?;
                throw_if(both, crate::runtime::libcalls::ThrowKind::Overflow, il)?;
                let r = if matches!(insn, DivI4 { .. }) {
                    b.build_int_signed_div(x, z, "")
                } else {
                    b.build_int_signed_rem(x, z, "")
                }
                .map_err(err)?;
                st(*d, sext(r)?)?
            }
            LdI4 { d, a, off } => {
                let p = addr(null_check(*a, il)?, *off as i64, i32p)?;
                st(*d, sext(b.build_load(p, "").map_err(err)?.into_int_value())?)?
            }
            LdI8 { d, a, off } => {
                let p = addr(null_check(*a, il)?, *off as i64, i64p)?;
                st(*d, b.build_load(p, "").map_err(err)?.into_int_value())?
            }
            StI4 { a, off, v } => {
                let p = addr(null_check(*a, il)?, *off as i64, i32p)?;
                b.build_store(p, i4(*v)?).map_err(err)?;
            }
            StI8 { a, off, v } => {
                let p = addr(null_check(*a, il)?, *off as i64, i64p)?;
                b.build_store(p, ld(*v)?).map_err(err)?;
            }
            LdLen { d, a } => {
                let p = addr(null_check(*a, il)?, crate::types::layout::ARRAY_LENGTH_OFFSET as i64, i64p)?;
                st(*d, b.build_load(p, "").map_err(err)?.into_int_value())?
            }
            LdElemI4 { d, a, i } => {
                let p = elem(*a, *i, 4, i32p, il)?;
                st(*d, sext(b.build_load(p, "").map_err(err)?.into_int_value())?)?
            }
            LdElemU1 { d, a, i } => {
                let p = elem(*a, *i, 1, i8pt, il)?;
                let v = b.build_load(p, "").map_err(err)?.into_int_value();
                st(*d, b.build_int_z_extend(v, i64t, "").map_err(err)?)?
            }
            LdElemI8 { d, a, i } => {
                let p = elem(*a, *i, 8, i64p, il)?;
                st(*d, b.build_load(p, "").map_err(err)?.into_int_value())?
            }
            StElemI4 { a, i, v } => {
                let p = elem(*a, *i, 4, i32p, il)?;
                b.build_store(p, i4(*v)?).map_err(err)?;
            }
            StElemI1 { a, i, v } => {
                let p = elem(*a, *i, 1, i8pt, il)?;
                b.build_store(p, b.build_int_truncate(ld(*v)?, ctx.i8_type(), "").map_err(err)?).map_err(err)?;
            }
            StElemI8 { a, i, v } => {
                let p = elem(*a, *i, 8, i64p, il)?;
                b.build_store(p, ld(*v)?).map_err(err)?;
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
    env: &Env<'ctx>,
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
    let status = if env.throws.contains(&(m as *const Method as usize)) {
        let fnty = ctx.i32_type().fn_type(&[], false);
        let p = libcall(ctx, b, env, 3, fnty)?;
        let v = call_ptr(b, p, &[], "").map_err(err)?;
        v.try_as_basic_value().left().ok_or_else(|| err("pending"))?.into_int_value()
    } else {
        ctx.i32_type().const_zero()
    };
    b.build_return(Some(&status)).map_err(err)?;
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
