//! Lowering of transformed interpreter code to LLVM IR.
//!
//! A method's frame becomes one `[N x i64]` alloca (floats as their bits),
//! so an instruction maps to a few loads, one operation and a store; SROA,
//! mem2reg and the -O2 pipeline turn that into register code unless the
//! frame's address escapes (`ldloca` of a struct). Each instruction starts
//! its own basic block, so branch targets need no analysis.
//!
//! Calls: to a method compiled into the same image, direct; to any other
//! method, through its function descriptor (`addr(args..., arg)` when it
//! has native code, the runtime's `call` libcall otherwise); virtual calls
//! load the descriptor from the receiver's vtable slot.

use std::collections::{HashMap, HashSet};

use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, FunctionType, PointerType};
use inkwell::values::{
    BasicMetadataValueEnum, BasicValue, BasicValueEnum, FloatValue, FunctionValue, GlobalValue, IntValue, PointerValue,
};
use inkwell::ThreadLocalMode;
use inkwell::{AddressSpace, FloatPredicate, IntPredicate};

use crate::abi::image as abi_image;
use crate::abi::layout;
use crate::abi::libcalls::{Conv, Libcall, Op, ThrowKind, Ty};
use crate::abi::sig::{Abi, NativeSig};
use crate::codegen::refs::Ref;
use crate::codegen::select::{self, MethodCode};
use crate::interp::code::{Insn, InterpCode, Mem, S};
use crate::metadata::error::LoadError;
use crate::runtime::libcalls::checked_code;
use crate::types::class::ElemKind;
use crate::types::method::Method;

/// Why the lowering leaves instruction `i` (and so its method) to the
/// interpreter, or None when it compiles it.
pub fn not_compiled(i: &Insn) -> Option<&'static str> {
    match i {
        // Only IL written at run time (dynamic methods, always interpreted) uses calli.
        Insn::CallIndirect { .. } => Some("calli is not compiled"),
        Insn::LdPtr { .. } => Some("raw runtime pointer"),
        Insn::MakeArgList { .. } => Some("vararg call"),
        // The first pass of exception handling runs filters in the
        // interpreter, on the frame's slots.
        Insn::EndFilter { .. } => Some("exception filter"),
        _ => None,
    }
}

/// The outside references instruction `i` of `m` names, or why it cannot be
/// compiled.
pub fn refs_of(m: &'static Method, i: &Insn) -> Result<Vec<Ref>, String> {
    use Insn::*;
    let callee = |t: &'static Method| -> Result<Vec<Ref>, String> {
        t.native_sig().ok_or_else(|| format!("call to {} (unsized parameters or result)", t.display_name()))?;
        Ok(vec![Ref::Method(t), Ref::Desc(t)])
    };
    let refs = match i {
        Call { m: t, .. } | CallVirt { m: t, .. } | CallIcall { m: t, .. } => callee(t)?,
        NewObj { ctor, .. } => callee(ctor)?,
        NewArr { c, .. } | CastClass { c, .. } | IsInst { c, .. } | InitClass { c } | BoxThis { c, .. } => {
            vec![Ref::Class(c)]
        }
        Box { c, .. } => {
            c.value_slots().ok_or("box of an unsized value")?;
            vec![Ref::Class(c)]
        }
        Unbox { c, .. } | NewMdArr { c, .. } | LdAssembly { c, .. } | NewDelegate { c, .. } | RefAnyVal { c, .. } => {
            vec![Ref::Class(c)]
        }
        LdElemA { check: Some(c), .. } => vec![Ref::Class(c)],
        LdStr { offset, .. } => vec![Ref::Str(m.class.image, *offset)],
        LdS { p, .. } | StS { p, .. } | LdSN { p, .. } | StSN { p, .. } | LdSA { p, .. } => {
            vec![Ref::static_at(*p).ok_or("static data outside class storage")?]
        }
        LdFtn { m: t, .. } | LdVirtFtn { m: t, .. } => vec![Ref::Method(t), Ref::Desc(t)],
        NewString { ctor, .. } => vec![Ref::Method(ctor)],
        MdAccess { m: t, .. } => {
            let ret = t.sig().map_err(|e| e.message().to_string())?.ret;
            if matches!(ret.elem_kind(), Ok(ElemKind::Struct(_))) {
                return Err("md-array access to struct elements".into());
            }
            vec![Ref::Method(t)]
        }
        DelegateInvoke { m: t, .. } if t.native_sig().is_none_or(|s| s.ret_slots() > 1) => {
            return Err("delegate with a value-type result".into())
        }
        DelegateInvoke { .. } | StElemRef { .. } | Throw { .. } | Ovf { .. } | ConvOvf { .. } => vec![],
        LdToken { handle, .. } => vec![Ref::of_handle(handle)],
        i => match not_compiled(i) {
            Some(why) => return Err(why.into()),
            None => vec![],
        },
    };
    for r in &refs {
        if r.key().is_none() {
            return Err(format!("unnameable reference in {i:?}"));
        }
    }
    Ok(refs)
}

pub fn err(e: impl std::fmt::Display) -> LoadError {
    LoadError::InvalidProgram(format!("code generation failed: {e}"))
}

pub type R<T> = Result<T, LoadError>;

fn key_of(m: &'static Method) -> usize {
    m as *const Method as usize
}

/// What lowering one image shares across its methods.
pub struct Unit<'ctx> {
    ctx: &'ctx Context,
    pub module: Module<'ctx>,
    bodies: HashMap<usize, FunctionValue<'ctx>>,
    /// Compiled methods that may leave with an exception pending.
    throws: HashSet<usize>,
    /// Outside references by key, each with its `mx_ref_<i>` global.
    refs: std::cell::RefCell<Vec<(String, GlobalValue<'ctx>)>>,
    /// The index in `refs` of each key.
    ref_index: std::cell::RefCell<HashMap<String, usize>>,
    /// The methods named by `d:` references, with the reference's index.
    descs: std::cell::RefCell<Vec<(&'static Method, usize)>>,
    /// References the loader resolves when it binds the image (the rest
    /// are resolved on first use).
    pub at_bind: std::cell::RefCell<HashSet<usize>>,
    /// References the loader tries to resolve at bind time (to install
    /// entry wrappers), leaving failures to the first use.
    pub try_at_bind: std::cell::RefCell<HashSet<usize>>,
    /// `mx_image`: the loader's record of this image, for `resolve_ref`.
    image_record: GlobalValue<'ctx>,
    /// `mx_libcalls`: the runtime's `Libcalls` table, set by the loader.
    libcalls: GlobalValue<'ctx>,
    /// `mx_filters_seen` (see `abi::image::FILTERS_SEEN`).
    pub(super) filters_seen: GlobalValue<'ctx>,
    /// The executable's thread-local `mx_pending` (see `abi::image::PENDING`).
    pending: GlobalValue<'ctx>,
}

impl<'ctx> Unit<'ctx> {
    /// Declares the bodies of `set` (so calls can name any of them).
    pub fn new(ctx: &'ctx Context, name: &str, set: &[MethodCode]) -> R<Unit<'ctx>> {
        let module = ctx.create_module(name);
        let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
        let mut bodies = HashMap::new();
        for (m, _) in set {
            let f = module.add_function(&body_name(bodies.len()), fn_type(ctx, m)?, Some(Linkage::Internal));
            bodies.insert(key_of(m), f);
        }
        let table_ty = libcall_table_type(ctx).ptr_type(AddressSpace::default());
        let libcalls = module.add_global(table_ty, None, abi_image::LIBCALLS);
        libcalls.set_initializer(&table_ty.const_null());
        let image_record = module.add_global(i8p, None, abi_image::IMAGE_RECORD);
        image_record.set_initializer(&i8p.const_null());
        let filters_seen = module.add_global(ctx.i32_type(), None, abi_image::FILTERS_SEEN);
        filters_seen.set_initializer(&ctx.i32_type().const_zero());
        let pending = module.add_global(i8p, None, abi_image::PENDING);
        pending.set_linkage(Linkage::External);
        pending.set_thread_local_mode(Some(ThreadLocalMode::InitialExecTLSModel));
        Ok(Unit {
            ctx,
            module,
            bodies,
            throws: select::may_throw(set),
            refs: Default::default(),
            ref_index: Default::default(),
            descs: Default::default(),
            at_bind: Default::default(),
            try_at_bind: Default::default(),
            image_record,
            filters_seen,
            pending,
            libcalls,
        })
    }

    pub fn image_record(&self) -> GlobalValue<'ctx> {
        self.image_record
    }

    pub fn context(&self) -> &'ctx Context {
        self.ctx
    }

    pub fn body(&self, m: &'static Method) -> Option<FunctionValue<'ctx>> {
        self.bodies.get(&key_of(m)).copied()
    }

    /// Outside methods compiled code calls through descriptors: (method,
    /// index of its `d:` reference), for those this image does not compile.
    pub fn outside_callees(&self) -> Vec<(&'static Method, usize)> {
        self.descs.borrow().iter().copied().filter(|(m, _)| self.body(m).is_none()).collect()
    }

    pub fn may_throw(&self, m: &'static Method) -> bool {
        self.throws.contains(&key_of(m))
    }

    /// The global that holds reference `r` at run time (its index too).
    pub fn slot(&self, r: Ref) -> R<(GlobalValue<'ctx>, usize)> {
        let key = r.key().ok_or_else(|| err("unnameable reference"))?.to_string();
        let mut refs = self.refs.borrow_mut();
        let mut index = self.ref_index.borrow_mut();
        if let Some(&i) = index.get(&key) {
            return Ok((refs[i].1, i));
        }
        let i8p = self.ctx.i8_type().ptr_type(AddressSpace::default());
        let g = self.module.add_global(i8p, None, &format!("mx_ref_{}", refs.len()));
        g.set_initializer(&i8p.const_null());
        // The loader finds the slots through `mx_ref_slots`, never by name:
        // hidden, they cost no symbol lookup at load and code reaches them
        // PC-relative.
        g.set_visibility(inkwell::GlobalVisibility::Hidden);
        index.insert(key.clone(), refs.len());
        refs.push((key, g));
        if let Ref::Desc(m) = r {
            self.descs.borrow_mut().push((m, refs.len() - 1));
        }
        Ok((g, refs.len() - 1))
    }

    /// The LLVM type of a value kind of the libcall table.
    pub fn abi_type(&self, t: Ty) -> BasicTypeEnum<'ctx> {
        match t {
            Ty::I32 => self.ctx.i32_type().into(),
            Ty::I64 => self.ctx.i64_type().into(),
            Ty::Ptr => self.ctx.i8_type().ptr_type(AddressSpace::default()).into(),
        }
    }

    /// Emits a call of libcall `lc` with `args` at `b`, with the type its
    /// declaration gives it (integers and pointers are converted to the
    /// declared kind); its result, if any.
    pub fn libcall(
        &self,
        b: &Builder<'ctx>,
        lc: Libcall,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let sig = lc.signature();
        if sig.params.len() != args.len() {
            return Err(err(format!("libcall {} takes {} arguments", lc.name(), sig.params.len())));
        }
        let tys: Vec<BasicMetadataTypeEnum<'ctx>> = sig.params.iter().map(|t| self.abi_type(*t).into()).collect();
        let fnty = match sig.ret {
            Some(r) => self.abi_type(r).fn_type(&tys, false),
            None => self.ctx.void_type().fn_type(&tys, false),
        };
        let mut actual: Vec<BasicMetadataValueEnum<'ctx>> = Vec::with_capacity(args.len());
        for (a, t) in args.iter().zip(sig.params) {
            actual.push(match (*a, *t) {
                (BasicMetadataValueEnum::PointerValue(p), Ty::Ptr) => {
                    b.build_pointer_cast(p, self.abi_type(Ty::Ptr).into_pointer_type(), "").map_err(err)?.into()
                }
                (BasicMetadataValueEnum::IntValue(i), Ty::Ptr) => {
                    b.build_int_to_ptr(i, self.abi_type(Ty::Ptr).into_pointer_type(), "").map_err(err)?.into()
                }
                (BasicMetadataValueEnum::PointerValue(p), Ty::I64) => {
                    b.build_ptr_to_int(p, self.ctx.i64_type(), "").map_err(err)?.into()
                }
                (BasicMetadataValueEnum::IntValue(i), Ty::I64 | Ty::I32)
                    if Some(i.get_type()) == self.abi_type(*t).try_into().ok() =>
                {
                    i.into()
                }
                _ => return Err(err(format!("argument of the wrong kind to libcall {}", lc.name()))),
            });
        }
        let i32t = self.ctx.i32_type();
        let table = b.build_load(self.libcalls.as_pointer_value(), "").map_err(err)?.into_pointer_value();
        let at = [i32t.const_zero(), i32t.const_int(lc as u64, false)];
        // SAFETY: `table` points to the runtime's `Libcalls`, which has an
        // entry for every `Libcall`.
        let slot = unsafe { b.build_gep(table, &at, "") }.map_err(err)?;
        let raw = b.build_load(slot, "").map_err(err)?.into_pointer_value();
        let fp = b.build_pointer_cast(raw, fnty.ptr_type(AddressSpace::default()), "").map_err(err)?;
        let callable = inkwell::values::CallableValue::try_from(fp).map_err(|_| err("libcall type"))?;
        Ok(b.build_call(callable, &actual, "").map_err(err)?.try_as_basic_value().left())
    }

    /// `mx_init(libcalls, record)`: the image's init entry point, which the
    /// loader calls first with the runtime's libcall table and the record
    /// lazy references resolve through.
    pub fn emit_init(&self) -> R<()> {
        let ctx = self.ctx;
        let i8p = ctx.i8_type().ptr_type(AddressSpace::default());
        let f =
            self.module.add_function(abi_image::INIT, ctx.void_type().fn_type(&[i8p.into(), i8p.into()], false), None);
        let b = ctx.create_builder();
        b.position_at_end(ctx.append_basic_block(f, "entry"));
        let table = f.get_nth_param(0).ok_or_else(|| err("libcalls"))?.into_pointer_value();
        let table_ty = self.libcalls.as_pointer_value().get_type().get_element_type().into_pointer_type();
        let table = b.build_pointer_cast(table, table_ty, "").map_err(err)?;
        b.build_store(self.libcalls.as_pointer_value(), table).map_err(err)?;
        let record = f.get_nth_param(1).ok_or_else(|| err("record"))?;
        b.build_store(self.image_record.as_pointer_value(), record).map_err(err)?;
        b.build_return(None).map_err(err)?;
        Ok(())
    }

    /// `mx_ref_keys` (key lines, in order), `mx_ref_slots` (the addresses
    /// of the `mx_ref_<i>` globals) and `mx_ref_count`, for the loader.
    pub fn emit_refs(&self) {
        let ctx = self.ctx;
        let refs = self.refs.borrow();
        let keys: String = refs.iter().map(|(k, _)| format!("{k}\n")).collect();
        let k = ctx.const_string(keys.as_bytes(), true);
        let g = self.module.add_global(k.get_type(), None, abi_image::REF_KEYS);
        g.set_initializer(&k);
        g.set_constant(true);
        let i8pp = ctx.i8_type().ptr_type(AddressSpace::default()).ptr_type(AddressSpace::default());
        let slots: Vec<_> = refs.iter().map(|(_, g)| g.as_pointer_value()).collect();
        let arr = self.module.add_global(i8pp.array_type(slots.len() as u32), None, abi_image::REF_SLOTS);
        arr.set_initializer(&i8pp.const_array(&slots));
        arr.set_constant(true);
        let n = self.module.add_global(ctx.i32_type(), None, abi_image::REF_COUNT);
        n.set_initializer(&ctx.i32_type().const_int(slots.len() as u64, false));
        n.set_constant(true);
        let (at_bind, try_at_bind) = (self.at_bind.borrow(), self.try_at_bind.borrow());
        let flags: Vec<u8> = (0..refs.len())
            .map(|i| match (at_bind.contains(&i), try_at_bind.contains(&i)) {
                (true, _) => abi_image::AT_BIND,
                (false, true) => abi_image::TRY_AT_BIND,
                (false, false) => abi_image::AT_FIRST_USE,
            })
            .collect();
        let f = ctx.const_string(&flags, false);
        let g = self.module.add_global(f.get_type(), None, abi_image::REF_AT_BIND);
        g.set_initializer(&f);
        g.set_constant(true);
    }
}

/// The type of the runtime's libcall table as compiled code reads it: one
/// pointer per `Libcall`.
pub fn libcall_table_type(ctx: &Context) -> inkwell::types::ArrayType<'_> {
    ctx.i8_type().ptr_type(AddressSpace::default()).array_type(Libcall::ALL.len() as u32)
}

fn body_name(i: usize) -> String {
    format!("mx_m_{i}")
}

fn basic<'ctx>(ctx: &'ctx Context, a: Abi) -> BasicTypeEnum<'ctx> {
    match a {
        Abi::Int | Abi::Struct(_) => ctx.i64_type().into(),
        Abi::Float => ctx.f64_type().into(),
    }
}

/// The native type of `m`: [result buffer], its CIL parameters, `arg`.
pub fn fn_type<'ctx>(ctx: &'ctx Context, m: &'static Method) -> R<FunctionType<'ctx>> {
    Ok(sig_fn_type(ctx, &m.native_sig().ok_or_else(|| err("signature"))?, 0))
}

/// The native type of `sig` without its first `skip` parameters.
pub fn sig_fn_type<'ctx>(ctx: &'ctx Context, sig: &NativeSig, skip: usize) -> FunctionType<'ctx> {
    let mut ps: Vec<BasicMetadataTypeEnum<'ctx>> = Vec::new();
    if sig.sret() {
        ps.push(ctx.i64_type().into());
    }
    ps.extend(sig.params.iter().skip(skip).map(|a| BasicMetadataTypeEnum::from(basic(ctx, *a))));
    ps.push(ctx.i8_type().ptr_type(AddressSpace::default()).into());
    match sig.ret {
        Some(r) if !sig.sret() => basic(ctx, r).fn_type(&ps, false),
        _ => ctx.void_type().fn_type(&ps, false),
    }
}

/// Lowers the body of `m`.
pub fn lower_body<'ctx>(u: &Unit<'ctx>, m: &'static Method, code: &'static InterpCode) -> R<()> {
    let f = u.body(m).ok_or_else(|| err("undeclared body"))?;
    let b = u.ctx.create_builder();
    let entry = u.ctx.append_basic_block(f, "entry");
    b.position_at_end(entry);
    let i64t = u.ctx.i64_type();
    let frame = b.build_array_alloca(i64t, i64t.const_int(code.frame_slots.max(1) as u64, false), "frame");
    let frame = frame.map_err(err)?;
    let slots = (0..code.frame_slots.max(1))
        // SAFETY: every index is below the frame's slot count.
        .map(|i| unsafe { b.build_gep(frame, &[i64t.const_int(i as u64, false)], &format!("s{i}")) })
        .collect::<Result<Vec<_>, _>>()
        .map_err(err)?;
    let scratch_len = code.insns.iter().map(scratch_need).max().unwrap_or(0).max(16);
    let scratch = b.build_array_alloca(i64t, i64t.const_int(scratch_len as u64, false), "args").map_err(err)?;
    let sig = m.native_sig().ok_or_else(|| err("signature"))?;
    let sret = match sig.sret() {
        true => Some(f.get_nth_param(0).ok_or_else(|| err("result buffer"))?.into_int_value()),
        false => None,
    };
    let ret = sig.ret.filter(|_| sret.is_none());
    let blocks: Vec<_> = (0..code.insns.len()).map(|i| u.ctx.append_basic_block(f, &format!("i{i}"))).collect();
    let eh = crate::codegen::handlers::Handlers::new(u.ctx, &b, f, code)?;
    let l = Lower {
        u,
        b,
        f,
        m,
        code,
        slots,
        frame,
        scratch,
        ret,
        sret,
        blocks,
        pc: Default::default(),
        eh,
        first_pass: Default::default(),
    };
    let first_param = sret.is_some() as u32;
    for (k, (a, at)) in sig.params.iter().zip(sig.offsets()).enumerate() {
        let v = f.get_nth_param(first_param + k as u32).ok_or_else(|| err("parameter"))?;
        l.st_abi(at, *a, v)?;
    }
    for i in code.arg_slots..code.frame_slots {
        l.st(i as S, l.ci(0))?;
    }
    if code.catches {
        l.show_to_first_pass()?;
    }
    let first = *l.blocks.first().ok_or_else(|| err("empty method"))?;
    if !code.eager_cctors.is_empty() {
        l.prepare_once(first)?;
    }
    l.b.build_unconditional_branch(first).map_err(err)?;
    for (idx, insn) in code.insns.iter().enumerate() {
        l.b.position_at_end(l.blocks[idx]);
        l.pc.set(idx);
        let il = code.il_offsets.get(idx).copied().unwrap_or(0);
        let next = l.blocks.get(idx + 1).copied();
        if let (Some((_, cell)), true) = (l.first_pass.get(), insn.may_throw()) {
            l.b.build_store(cell, l.c32(il as u64)).map_err(err)?;
        }
        if l.insn(insn, il, &l.blocks, next)? {
            let n = next.ok_or_else(|| err("control falls off the end"))?;
            l.b.build_unconditional_branch(n).map_err(err)?;
        }
    }
    l.finish_handlers()
}

/// Scratch slots instruction `i` needs for arguments passed to the runtime.
fn scratch_need(i: &Insn) -> usize {
    match i {
        Insn::DelegateInvoke { n, .. } => *n as usize + 3,
        Insn::NewObj { n, .. } | Insn::NewMdArr { n, .. } | Insn::MdAccess { n, .. } => *n as usize + 2,
        Insn::Call { m, .. }
        | Insn::CallVirt { m, .. }
        | Insn::CallIcall { m, .. }
        | Insn::NewString { ctor: m, .. } => m.native_sig().map_or(0, |s| s.arg_slots().max(s.ret_slots()) + 1),
        Insn::Box { c, .. } => c.value_slots().unwrap_or(1) as usize,
        Insn::LdAssembly { .. } => 1,
        _ => 0,
    }
}

pub(super) struct Lower<'a, 'ctx> {
    pub(super) u: &'a Unit<'ctx>,
    pub(super) b: Builder<'ctx>,
    pub(super) f: FunctionValue<'ctx>,
    pub(super) m: &'static Method,
    pub(super) code: &'static InterpCode,
    slots: Vec<PointerValue<'ctx>>,
    frame: PointerValue<'ctx>,
    scratch: PointerValue<'ctx>,
    /// The scalar result (None for void and for value types, which go to `sret`).
    ret: Option<Abi>,
    /// The result buffer of a method returning a value type.
    sret: Option<IntValue<'ctx>>,
    /// One block per instruction.
    pub(super) blocks: Vec<BasicBlock<'ctx>>,
    /// The instruction being lowered (its try regions decide where an
    /// exception goes).
    pub(super) pc: std::cell::Cell<usize>,
    /// Exception-handling state (`codegen::handlers`).
    pub(super) eh: crate::codegen::handlers::Handlers<'ctx>,
    /// A method with catch clauses: its mark on the first pass's chain and
    /// the cell holding the IL offset it is at.
    pub(super) first_pass: std::cell::Cell<Option<(IntValue<'ctx>, PointerValue<'ctx>)>>,
}

/// Where a descriptor call goes when the descriptor has no native code.
enum Fallback {
    /// The runtime's `call` libcall with this method.
    Call(&'static Method),
    /// The runtime's `call_virtual` libcall with this declared method.
    Virtual(&'static Method),
}

impl<'a, 'ctx> Lower<'a, 'ctx> {
    pub(super) fn ctx(&self) -> &'ctx Context {
        self.u.ctx
    }
    pub(super) fn i64t(&self) -> inkwell::types::IntType<'ctx> {
        self.ctx().i64_type()
    }
    pub(super) fn i32t(&self) -> inkwell::types::IntType<'ctx> {
        self.ctx().i32_type()
    }
    pub(super) fn i8p(&self) -> PointerType<'ctx> {
        self.ctx().i8_type().ptr_type(AddressSpace::default())
    }
    pub(super) fn ci(&self, v: i64) -> IntValue<'ctx> {
        self.i64t().const_int(v as u64, true)
    }
    pub(super) fn c32(&self, v: u64) -> IntValue<'ctx> {
        self.i32t().const_int(v, false)
    }

    pub(super) fn ld(&self, s: S) -> R<IntValue<'ctx>> {
        Ok(self.b.build_load(self.slots[s as usize], "").map_err(err)?.into_int_value())
    }
    pub(super) fn st(&self, s: S, v: IntValue<'ctx>) -> R<()> {
        self.b.build_store(self.slots[s as usize], v).map_err(err).map(|_| ())
    }
    fn ldf(&self, s: S) -> R<FloatValue<'ctx>> {
        Ok(self.b.build_bit_cast(self.ld(s)?, self.ctx().f64_type(), "").map_err(err)?.into_float_value())
    }
    fn stf(&self, s: S, v: FloatValue<'ctx>) -> R<()> {
        self.st(s, self.b.build_bit_cast(v, self.i64t(), "").map_err(err)?.into_int_value())
    }
    fn i4(&self, s: S) -> R<IntValue<'ctx>> {
        self.b.build_int_truncate(self.ld(s)?, self.i32t(), "").map_err(err)
    }
    fn sext(&self, v: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        self.b.build_int_s_extend(v, self.i64t(), "").map_err(err)
    }
    fn zext(&self, v: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        self.b.build_int_z_extend(v, self.i64t(), "").map_err(err)
    }
    /// An argument of kind `a` from frame slot `s` (a value type: its address).
    fn ld_abi(&self, s: S, a: Abi) -> R<BasicMetadataValueEnum<'ctx>> {
        Ok(match a {
            Abi::Int => self.ld(s)?.into(),
            Abi::Float => self.ldf(s)?.into(),
            Abi::Struct(_) => self.int_of(self.frame_addr(s, 0)?)?.into(),
        })
    }
    /// Stores a value of kind `a` to frame slot `s` (a value type: copies
    /// its slots from the address `v`).
    fn st_abi(&self, s: S, a: Abi, v: BasicValueEnum<'ctx>) -> R<()> {
        match a {
            Abi::Int => self.st(s, v.into_int_value()),
            Abi::Float => self.stf(s, v.into_float_value()),
            Abi::Struct(n) => {
                let src = self.as_ptr(v.into_int_value(), self.ctx().i8_type().into())?;
                self.copy(self.frame_addr(s, 0)?, src, n as u64 * 8)
            }
        }
    }
    /// The native arguments of a call to `sig` with its arguments at `a0`
    /// (the result buffer, if any, is slot `a0` itself), then `arg`.
    fn native_args(
        &self,
        sig: &NativeSig,
        a0: S,
        arg: BasicMetadataValueEnum<'ctx>,
    ) -> R<Vec<BasicMetadataValueEnum<'ctx>>> {
        let mut args = Vec::new();
        if sig.sret() {
            args.push(self.int_of(self.frame_addr(a0, 0)?)?.into());
        }
        for (a, at) in sig.params.iter().zip(sig.offsets()) {
            args.push(self.ld_abi(a0 + at, *a)?);
        }
        args.push(arg);
        Ok(args)
    }
    /// Stores a scalar call result to `a0` (value types arrived through the buffer).
    fn store_result(&self, sig: &NativeSig, a0: S, r: inkwell::values::CallSiteValue<'ctx>) -> R<()> {
        match sig.ret {
            Some(a) if !sig.sret() => {
                self.st_abi(a0, a, r.try_as_basic_value().left().ok_or_else(|| err("call result"))?)
            }
            _ => Ok(()),
        }
    }
    /// The address of frame slot `s` plus `off` bytes, as an i8*.
    fn frame_addr(&self, s: S, off: u32) -> R<PointerValue<'ctx>> {
        let base = self.b.build_pointer_cast(self.frame, self.i8p(), "").map_err(err)?;
        let at = self.i64t().const_int(s as u64 * layout::SLOT_SIZE as u64 + off as u64, false);
        // SAFETY: the transform sized the frame to hold every slot it names.
        unsafe { self.b.build_gep(base, &[at], "") }.map_err(err)
    }
    fn scratch_at(&self, k: usize) -> R<PointerValue<'ctx>> {
        // SAFETY: the scratch buffer is sized by `scratch_need` for every instruction.
        unsafe { self.b.build_gep(self.scratch, &[self.i64t().const_int(k as u64, false)], "") }.map_err(err)
    }
    /// Copies `n` frame slots from `a0` to the scratch buffer at `at`.
    fn to_scratch(&self, a0: S, n: usize, at: usize) -> R<()> {
        for k in 0..n {
            self.b.build_store(self.scratch_at(at + k)?, self.ld(a0 + k as S)?).map_err(err)?;
        }
        Ok(())
    }
    fn scratch0(&self) -> R<IntValue<'ctx>> {
        Ok(self.b.build_load(self.scratch, "").map_err(err)?.into_int_value())
    }
    /// Integer `v` as a pointer to `ty`.
    fn as_ptr(&self, v: IntValue<'ctx>, ty: BasicTypeEnum<'ctx>) -> R<PointerValue<'ctx>> {
        self.b.build_int_to_ptr(v, ty.ptr_type(AddressSpace::default()), "").map_err(err)
    }
    fn int_of(&self, p: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        self.b.build_ptr_to_int(p, self.i64t(), "").map_err(err)
    }

    /// The value of reference `r` (its slot, loaded), as an i8*.
    ///
    /// References are resolved on first use: an empty slot is filled by
    /// the runtime's `resolve_ref` (which raises the managed exception of a
    /// failure).
    pub(super) fn reference(&self, r: Ref) -> R<PointerValue<'ctx>> {
        let (g, index) = self.u.slot(r)?;
        let ctx = self.ctx();
        let v = self.b.build_load(g.as_pointer_value(), "").map_err(err)?.into_pointer_value();
        let here = self.b.get_insert_block().ok_or_else(|| err("no block"))?;
        let (resolve, done) = (ctx.append_basic_block(self.f, "resolve"), ctx.append_basic_block(self.f, "resolved"));
        let empty = self.b.build_is_null(v, "").map_err(err)?;
        self.b.build_conditional_branch(empty, resolve, done).map_err(err)?;
        self.b.position_at_end(resolve);
        let image = self.b.build_load(self.u.image_record().as_pointer_value(), "").map_err(err)?;
        let args = [image.into(), self.c32(index as u64).into()];
        let il = self.code.il_offsets.get(self.pc.get()).copied().unwrap_or(0);
        let found = self.status_call(Libcall::resolve_ref, &args, il)?;
        let found = found.ok_or_else(|| err("resolve_ref"))?.into_pointer_value();
        let resolved = self.b.get_insert_block().ok_or_else(|| err("no block"))?;
        self.b.build_unconditional_branch(done).map_err(err)?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(self.i8p(), "").map_err(err)?;
        phi.add_incoming(&[(&v, here), (&found, resolved)]);
        Ok(phi.as_basic_value().into_pointer_value())
    }

    /// The address of the static field at `p` in this process.
    fn static_addr(&self, p: *mut u8) -> R<PointerValue<'ctx>> {
        self.reference(Ref::static_at(p).ok_or_else(|| err("static field"))?)
    }

    /// The loader record of this image and the index of the reference to
    /// the method being compiled, for the libcalls that find its record
    /// themselves (on the exception paths, where no exception may be
    /// raised for a reference not yet resolved).
    pub(super) fn own_method_ref(&self) -> R<(PointerValue<'ctx>, IntValue<'ctx>)> {
        let (_, index) = self.u.slot(Ref::Method(self.m))?;
        let image = self.b.build_load(self.u.image_record().as_pointer_value(), "").map_err(err)?;
        Ok((image.into_pointer_value(), self.c32(index as u64)))
    }

    /// The value of reference `r`, which the loader resolves at bind time.
    pub(super) fn reference_at_bind(&self, r: Ref) -> R<PointerValue<'ctx>> {
        let (g, index) = self.u.slot(r)?;
        self.u.at_bind.borrow_mut().insert(index);
        Ok(self.b.build_load(g.as_pointer_value(), "").map_err(err)?.into_pointer_value())
    }

    /// Calls libcall `lc` with `args`; its result, if any.
    pub(super) fn libcall(
        &self,
        lc: Libcall,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        self.u.libcall(&self.b, lc, args)
    }

    /// Calls libcall `lc` and leaves with the pending exception when its
    /// convention reports one (a non-zero status, a null pointer); its
    /// result, if any.
    pub(super) fn status_call(
        &self,
        lc: Libcall,
        args: &[BasicMetadataValueEnum<'ctx>],
        il: u32,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let r = self.libcall(lc, args)?;
        let failed = match (lc.signature().conv, r) {
            (Conv::Status, Some(st)) => self.icmp(IntPredicate::NE, st.into_int_value(), self.c32(0))?,
            (Conv::OrNull, Some(p)) => self.b.build_is_null(p.into_pointer_value(), "").map_err(err)?,
            _ => return Err(err(format!("libcall {} reports no exception", lc.name()))),
        };
        self.check(failed, il)?;
        Ok(r)
    }

    /// A block that returns a zero result: how a method leaves with the
    /// pending exception (its callers check for it).
    pub(super) fn return_zero(&self) -> R<()> {
        self.leave_first_pass()?;
        match self.ret {
            Some(Abi::Float) => self.b.build_return(Some(&self.ctx().f64_type().const_zero())),
            Some(_) => self.b.build_return(Some(&self.ci(0))),
            None => self.b.build_return(None),
        }
        .map_err(err)
        .map(|_| ())
    }

    fn icmp(&self, p: IntPredicate, x: IntValue<'ctx>, y: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        self.b.build_int_compare(p, x, y, "").map_err(err)
    }

    /// Leaves with the pending exception when `failed` holds.
    fn check(&self, failed: IntValue<'ctx>, il: u32) -> R<()> {
        let ok = self.ctx().append_basic_block(self.f, "ok");
        let bad = self.landing(il)?;
        self.b.build_conditional_branch(failed, bad, ok).map_err(err)?;
        self.b.position_at_end(ok);
        Ok(())
    }

    /// Leaves with the pending exception if there is one (the thread's
    /// `mx_pending`).
    fn check_pending(&self, il: u32) -> R<()> {
        let exc = self.b.build_load(self.u.pending.as_pointer_value(), "").map_err(err)?;
        let failed = self.b.build_is_not_null(exc.into_pointer_value(), "").map_err(err)?;
        self.check(failed, il)
    }

    /// Raises runtime exception `kind` when `failed` holds.
    pub(super) fn throw_if(&self, failed: IntValue<'ctx>, kind: ThrowKind, il: u32) -> R<()> {
        let ok = self.ctx().append_basic_block(self.f, "ok");
        let bad = self.ctx().append_basic_block(self.f, "throw");
        self.b.build_conditional_branch(failed, bad, ok).map_err(err)?;
        self.b.position_at_end(bad);
        self.libcall(Libcall::throw, &[self.c32(kind as u64).into()])?;
        let unwind = self.landing(il)?;
        self.b.build_unconditional_branch(unwind).map_err(err)?;
        self.b.position_at_end(ok);
        Ok(())
    }

    pub(super) fn null_check(&self, s: S, il: u32) -> R<IntValue<'ctx>> {
        let base = self.ld(s)?;
        let isnull =
            self.b.build_int_compare(IntPredicate::ULT, base, self.ci(layout::NULL_PAGE as i64), "").map_err(err)?;
        self.throw_if(isnull, ThrowKind::NullReference, il)?;
        Ok(base)
    }

    /// `base + off` as an i8* (after the caller's null check).
    fn at(&self, base: IntValue<'ctx>, off: i64) -> R<PointerValue<'ctx>> {
        let a = self.b.build_int_add(base, self.ci(off), "").map_err(err)?;
        self.as_ptr(a, self.ctx().i8_type().into())
    }

    /// Address of element `i` of array `a` with `size`-byte elements (checked).
    fn elem(&self, a: S, i: S, size: u64, il: u32) -> R<PointerValue<'ctx>> {
        let arr = self.null_check(a, il)?;
        let len_p = self.at(arr, layout::ARRAY_LENGTH_OFFSET as i64)?;
        let len_p = self.b.build_pointer_cast(len_p, self.i64t().ptr_type(AddressSpace::default()), "").map_err(err)?;
        let len = self.b.build_load(len_p, "").map_err(err)?.into_int_value();
        let idx = self.ld(i)?;
        let out = self.b.build_int_compare(IntPredicate::UGE, idx, len, "").map_err(err)?;
        self.throw_if(out, ThrowKind::IndexOutOfRange, il)?;
        let scaled = self.b.build_int_mul(idx, self.ci(size as i64), "").map_err(err)?;
        let base = self.b.build_int_add(arr, scaled, "").map_err(err)?;
        self.at(base, layout::ARRAY_DATA_OFFSET as i64)
    }

    /// Loads a `Mem` value at `p` as slot bits (as `exec::load` does).
    fn load_mem(&self, m: Mem, p: PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        let ctx = self.ctx();
        let ty: BasicTypeEnum<'ctx> = match m {
            Mem::I1 | Mem::U1 => ctx.i8_type().into(),
            Mem::I2 | Mem::U2 => ctx.i16_type().into(),
            Mem::I4 | Mem::U4 => ctx.i32_type().into(),
            Mem::I8 | Mem::R8 => ctx.i64_type().into(),
            Mem::R4 => ctx.f32_type().into(),
        };
        let p = self.b.build_pointer_cast(p, ty.ptr_type(AddressSpace::default()), "").map_err(err)?;
        let v = self.b.build_load(p, "").map_err(err)?;
        if let Some(inst) = v.as_instruction_value() {
            let _ = inst.set_alignment(1);
        }
        match m {
            Mem::I1 | Mem::I2 | Mem::I4 | Mem::U4 => self.sext(v.into_int_value()),
            Mem::U1 | Mem::U2 => self.zext(v.into_int_value()),
            Mem::I8 | Mem::R8 => Ok(v.into_int_value()),
            Mem::R4 => {
                let d = self.b.build_float_ext(v.into_float_value(), ctx.f64_type(), "").map_err(err)?;
                Ok(self.b.build_bit_cast(d, self.i64t(), "").map_err(err)?.into_int_value())
            }
        }
    }

    /// Stores slot bits `v` as a `Mem` value at `p` (as `exec::store` does).
    fn store_mem(&self, m: Mem, p: PointerValue<'ctx>, v: IntValue<'ctx>) -> R<()> {
        let ctx = self.ctx();
        let value: BasicValueEnum<'ctx> = match m {
            Mem::I1 | Mem::U1 => self.b.build_int_truncate(v, ctx.i8_type(), "").map_err(err)?.into(),
            Mem::I2 | Mem::U2 => self.b.build_int_truncate(v, ctx.i16_type(), "").map_err(err)?.into(),
            Mem::I4 | Mem::U4 => self.b.build_int_truncate(v, ctx.i32_type(), "").map_err(err)?.into(),
            Mem::I8 | Mem::R8 => v.into(),
            Mem::R4 => {
                let d = self.b.build_bit_cast(v, ctx.f64_type(), "").map_err(err)?.into_float_value();
                self.b.build_float_trunc(d, ctx.f32_type(), "").map_err(err)?.into()
            }
        };
        let p = self.b.build_pointer_cast(p, value.get_type().ptr_type(AddressSpace::default()), "").map_err(err)?;
        let s = self.b.build_store(p, value).map_err(err)?;
        let _ = s.set_alignment(1);
        Ok(())
    }

    fn copy(&self, dst: PointerValue<'ctx>, src: PointerValue<'ctx>, size: u64) -> R<()> {
        self.b.build_memmove(dst, 1, src, 1, self.ci(size as i64)).map_err(err).map(|_| ())
    }

    /// Calls `callee` with the arguments at `a0`; result to `a0`.
    fn call(&self, callee: &'static Method, a0: S, il: u32) -> R<()> {
        match self.u.body(callee) {
            Some(target) => {
                let sig = callee.native_sig().ok_or_else(|| err("callee signature"))?;
                let args = self.native_args(&sig, a0, self.i8p().const_null().into())?;
                let r = self.b.build_call(target, &args, "").map_err(err)?;
                self.store_result(&sig, a0, r)?;
                if self.u.may_throw(callee) {
                    self.check_pending(il)?;
                }
                Ok(())
            }
            // Descriptors of value-type methods expect a box; this `this`
            // is the value's address.
            None if callee.is_internal_call() && self.intrinsic(callee, a0, il)? => Ok(()),
            None if callee.is_internal_call() || (callee.class.is_valuetype() && !callee.is_static()) => {
                self.runtime_call(callee, a0, false, il)
            }
            None => {
                let desc = self.reference(Ref::Desc(callee))?;
                self.call_desc(desc, callee, a0, Fallback::Call(callee), il)
            }
        }
    }

    /// A call through the runtime's `call` (or `call_virtual`) libcall.
    fn runtime_call(&self, callee: &'static Method, a0: S, virt: bool, il: u32) -> R<()> {
        let target = self.reference(Ref::Method(callee))?;
        self.runtime_call_to(target, callee, a0, virt, il)
    }

    fn runtime_call_to(
        &self,
        target: PointerValue<'ctx>,
        sig_of: &'static Method,
        a0: S,
        virt: bool,
        il: u32,
    ) -> R<()> {
        let sig = sig_of.native_sig().ok_or_else(|| err("callee signature"))?;
        self.to_scratch(a0, sig.arg_slots(), 0)?;
        let which = if virt { Libcall::call_virtual } else { Libcall::call };
        let (n, nret) = (self.c32(sig.arg_slots() as u64), self.c32(sig.ret_slots() as u64));
        self.status_call(which, &[target.into(), self.scratch.into(), n.into(), nret.into()], il)?;
        for k in 0..sig.ret_slots() {
            let v = self.b.build_load(self.scratch_at(k)?, "").map_err(err)?.into_int_value();
            self.st(a0 + k as S, v)?;
        }
        Ok(())
    }

    /// Calls through descriptor `desc` (an `FtnDesc*`, possibly null): its
    /// native code when it has some, else `fallback`.
    fn call_desc(
        &self,
        desc: PointerValue<'ctx>,
        sig_of: &'static Method,
        a0: S,
        fallback: Fallback,
        il: u32,
    ) -> R<()> {
        let ctx = self.ctx();
        let fast = ctx.append_basic_block(self.f, "native");
        let probe = ctx.append_basic_block(self.f, "probe");
        let slow = ctx.append_basic_block(self.f, "runtime");
        let done = ctx.append_basic_block(self.f, "called");
        let d = self.int_of(desc)?;
        let none = self.b.build_int_compare(IntPredicate::EQ, d, self.ci(0), "").map_err(err)?;
        self.b.build_conditional_branch(none, slow, probe).map_err(err)?;
        self.b.position_at_end(probe);
        let addr = self
            .b
            .build_load(
                self.as_ptr(
                    self.b.build_int_add(d, self.ci(layout::FTNDESC_ADDR_OFFSET as i64), "").map_err(err)?,
                    self.i8p().into(),
                )?,
                "",
            )
            .map_err(err)?
            .into_pointer_value();
        let no_code = self.b.build_is_null(addr, "").map_err(err)?;
        self.b.build_conditional_branch(no_code, slow, fast).map_err(err)?;

        self.b.position_at_end(fast);
        let arg_p = self.as_ptr(
            self.b.build_int_add(d, self.ci(layout::FTNDESC_ARG_OFFSET as i64), "").map_err(err)?,
            self.i8p().into(),
        )?;
        let arg = self.b.build_load(arg_p, "").map_err(err)?;
        let fnty = fn_type(ctx, sig_of)?;
        let fp = self.b.build_pointer_cast(addr, fnty.ptr_type(AddressSpace::default()), "").map_err(err)?;
        let sig = sig_of.native_sig().ok_or_else(|| err("callee signature"))?;
        let args = self.native_args(&sig, a0, arg.into())?;
        let callable = inkwell::values::CallableValue::try_from(fp).map_err(|_| err("descriptor type"))?;
        let r = self.b.build_call(callable, &args, "").map_err(err)?;
        self.store_result(&sig, a0, r)?;
        self.check_pending(il)?;
        self.b.build_unconditional_branch(done).map_err(err)?;

        self.b.position_at_end(slow);
        match fallback {
            Fallback::Call(t) => self.runtime_call(t, a0, false, il)?,
            Fallback::Virtual(t) => self.runtime_call(t, a0, true, il)?,
        }
        self.b.build_unconditional_branch(done).map_err(err)?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// `callvirt`: the vtable slot's descriptor for virtual methods, the
    /// runtime's resolver for interface and generic virtual methods.
    fn call_virtual(&self, callee: &'static Method, a0: S, il: u32) -> R<()> {
        let this = self.null_check(a0, il)?;
        if !callee.is_virtual() {
            return self.call(callee, a0, il);
        }
        let interface = callee.class.kind == crate::types::class::Kind::Interface;
        let generic = !callee.method_args.is_empty();
        // The receiver's vtable: the object header's first word.
        let vtable = || -> R<IntValue<'ctx>> {
            let p = self.at(this, layout::OBJECT_VTABLE_OFFSET as i64)?;
            let p = self.b.build_pointer_cast(p, self.i64t().ptr_type(AddressSpace::default()), "").map_err(err)?;
            Ok(self.b.build_load(p, "").map_err(err)?.into_int_value())
        };
        let load_ptr = |addr: IntValue<'ctx>, off: usize| -> R<PointerValue<'ctx>> {
            let p = self.at(addr, off as i64)?;
            let p = self.b.build_pointer_cast(p, self.i8p().ptr_type(AddressSpace::default()), "").map_err(err)?;
            Ok(self.b.build_load(p, "").map_err(err)?.into_pointer_value())
        };
        let desc = if generic || (!interface && callee.slot() < 0) {
            let m = self.reference(Ref::Method(callee))?;
            self.libcall(Libcall::resolve, &[m.into(), this.into()])?
                .ok_or_else(|| err("resolve"))?
                .into_pointer_value()
        } else if interface {
            // The IMT slot's thunk answers with the implementation's descriptor.
            let slot = layout::VTABLE_IMT_OFFSET + crate::runtime::imt::imt_slot(callee) * 8;
            let d = self.int_of(load_ptr(vtable()?, slot)?)?;
            let thunk = load_ptr(d, layout::FTNDESC_ADDR_OFFSET)?;
            let table = load_ptr(d, layout::FTNDESC_ARG_OFFSET)?;
            let fnty = self.i8p().fn_type(&[self.i8p().into(), self.i8p().into()], false);
            let thunk = self.b.build_pointer_cast(thunk, fnty.ptr_type(AddressSpace::default()), "").map_err(err)?;
            let thunk = inkwell::values::CallableValue::try_from(thunk).map_err(|_| err("IMT thunk type"))?;
            let m = self.reference(Ref::Method(callee))?;
            let r = self.b.build_call(thunk, &[m.into(), table.into()], "").map_err(err)?;
            r.try_as_basic_value().left().ok_or_else(|| err("IMT thunk"))?.into_pointer_value()
        } else {
            load_ptr(vtable()?, layout::VTABLE_SLOTS_OFFSET + callee.slot() as usize * 8)?
        };
        self.call_desc(desc, callee, a0, Fallback::Virtual(callee), il)
    }

    /// `Invoke` of a delegate: a single delegate to a method with native
    /// code is called directly (with its target as `this`, or with none for
    /// an open static); combined delegates and the rest go to the runtime.
    fn invoke_delegate(&self, invoke: &'static Method, a0: S, n: S, il: u32) -> R<()> {
        let ctx = self.ctx();
        let (target_off, ftn_off, list_off) =
            crate::runtime::object::delegate_layout().ok_or_else(|| err("delegate layout"))?;
        let sig = invoke.native_sig().ok_or_else(|| err("Invoke signature"))?;
        let d = self.null_check(a0, il)?;
        let load = |base: IntValue<'ctx>, off: usize| -> R<IntValue<'ctx>> {
            let p = self.at(base, off as i64)?;
            let p = self.b.build_pointer_cast(p, self.i64t().ptr_type(AddressSpace::default()), "").map_err(err)?;
            Ok(self.b.build_load(p, "").map_err(err)?.into_int_value())
        };
        let (probe, code, closed, open, slow, done) = (
            ctx.append_basic_block(self.f, "single"),
            ctx.append_basic_block(self.f, "code"),
            ctx.append_basic_block(self.f, "closed"),
            ctx.append_basic_block(self.f, "open"),
            ctx.append_basic_block(self.f, "runtime"),
            ctx.append_basic_block(self.f, "invoked"),
        );
        let list = load(d, list_off)?;
        let desc = load(d, ftn_off)?;
        let single = self
            .b
            .build_and(
                self.icmp(IntPredicate::EQ, list, self.ci(0))?,
                self.icmp(IntPredicate::NE, desc, self.ci(0))?,
                "",
            )
            .map_err(err)?;
        self.b.build_conditional_branch(single, probe, slow).map_err(err)?;
        self.b.position_at_end(probe);
        let addr = load(desc, layout::FTNDESC_ADDR_OFFSET)?;
        let has_code = self.icmp(IntPredicate::NE, addr, self.ci(0))?;
        self.b.build_conditional_branch(has_code, code, slow).map_err(err)?;
        self.b.position_at_end(code);
        let target = load(d, target_off)?;
        let arg = self.as_ptr(load(desc, layout::FTNDESC_ARG_OFFSET)?, ctx.i8_type().into())?;
        let bound = self.icmp(IntPredicate::NE, target, self.ci(0))?;
        self.b.build_conditional_branch(bound, closed, open).map_err(err)?;
        for (bb, skip) in [(closed, 0), (open, 1)] {
            self.b.position_at_end(bb);
            let fnty = sig_fn_type(ctx, &sig, skip);
            let f = self.b.build_int_to_ptr(addr, fnty.ptr_type(AddressSpace::default()), "").map_err(err)?;
            let mut args = self.native_args(&sig, a0, arg.into())?;
            let first = sig.sret() as usize;
            if skip == 0 {
                args[first] = target.into();
            } else {
                args.remove(first);
            }
            let callable = inkwell::values::CallableValue::try_from(f).map_err(|_| err("delegate target type"))?;
            let r = self.b.build_call(callable, &args, "").map_err(err)?;
            self.store_result(&sig, a0, r)?;
            self.check_pending(il)?;
            self.b.build_unconditional_branch(done).map_err(err)?;
        }
        self.b.position_at_end(slow);
        self.op(Op::InvokeDelegate, self.i8p().const_null(), a0, n as usize, n as usize + 1, il)?;
        self.b.build_unconditional_branch(done).map_err(err)?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// The `op` libcall on the `n` slots at `a0` (copied to scratch); its
    /// first result slot back to `a0`.
    fn op(&self, op: Op, target: PointerValue<'ctx>, a0: S, n: usize, copy: usize, il: u32) -> R<()> {
        self.to_scratch(a0, copy, 0)?;
        let args = [self.c32(op as u64).into(), target.into(), self.scratch.into(), self.c32(n as u64).into()];
        self.status_call(Libcall::op, &args, il)?;
        self.st(a0, self.scratch0()?)
    }

    /// Integer division family with the exec loop's checks.
    fn div(&self, d: S, a: S, y: S, (wide, signed, rem): (bool, bool, bool), il: u32) -> R<()> {
        let (x, z) = if wide { (self.ld(a)?, self.ld(y)?) } else { (self.i4(a)?, self.i4(y)?) };
        let t = x.get_type();
        let zero = self.b.build_int_compare(IntPredicate::EQ, z, t.const_zero(), "").map_err(err)?;
        self.throw_if(zero, ThrowKind::DivideByZero, il)?;
        if signed {
            let min = if wide { t.const_int(i64::MIN as u64, true) } else { t.const_int(i32::MIN as i64 as u64, true) };
            let is_min = self.b.build_int_compare(IntPredicate::EQ, x, min, "").map_err(err)?;
            let m1 = self.b.build_int_compare(IntPredicate::EQ, z, t.const_all_ones(), "").map_err(err)?;
            let both = self.b.build_and(is_min, m1, "").map_err(err)?;
            self.throw_if(both, ThrowKind::Overflow, il)?;
        }
        let r = match (signed, rem) {
            (true, false) => self.b.build_int_signed_div(x, z, ""),
            (true, true) => self.b.build_int_signed_rem(x, z, ""),
            (false, false) => self.b.build_int_unsigned_div(x, z, ""),
            (false, true) => self.b.build_int_unsigned_rem(x, z, ""),
        }
        .map_err(err)?;
        self.st(d, if wide { r } else { self.sext(r)? })
    }

    /// On the first call, lets the runtime run the static constructors the
    /// interpreter runs before a method's first execution.
    fn prepare_once(&self, first: BasicBlock<'ctx>) -> R<()> {
        let i8t = self.ctx().i8_type();
        let flag = self.u.module.add_global(i8t, None, "");
        flag.set_linkage(Linkage::Internal);
        flag.set_initializer(&i8t.const_zero());
        let done = self.b.build_load(flag.as_pointer_value(), "").map_err(err)?.into_int_value();
        let todo = self.ctx().append_basic_block(self.f, "prepare");
        let zero = self.b.build_int_compare(IntPredicate::EQ, done, i8t.const_zero(), "").map_err(err)?;
        self.b.build_conditional_branch(zero, todo, first).map_err(err)?;
        self.b.position_at_end(todo);
        self.b.build_store(flag.as_pointer_value(), i8t.const_int(1, false)).map_err(err)?;
        let me = self.reference(Ref::Method(self.m))?;
        self.status_call(Libcall::prepare, &[me.into()], 0).map(|_| ())
    }

    /// `isinst`/`castclass` of the object in slot `v` to `c`: whether it is
    /// a (non-null) instance. Each site remembers the last vtable that
    /// passed, so a repeated receiver class needs no runtime call; a failed
    /// `castclass` raises InvalidCastException.
    fn cast(&self, v: S, c: crate::types::class::ClassRef, throwing: bool, il: u32) -> R<IntValue<'ctx>> {
        let ctx = self.ctx();
        let cache = self.u.module.add_global(self.i64t(), None, "");
        cache.set_linkage(Linkage::Internal);
        cache.set_initializer(&self.ci(0));
        let o = self.ld(v)?;
        let start = self.b.get_insert_block().ok_or_else(|| err("no block"))?;
        let (probe, miss, done) = (
            ctx.append_basic_block(self.f, "probe"),
            ctx.append_basic_block(self.f, "miss"),
            ctx.append_basic_block(self.f, "cast"),
        );
        self.b.build_conditional_branch(self.icmp(IntPredicate::EQ, o, self.ci(0))?, done, probe).map_err(err)?;
        self.b.position_at_end(probe);
        let vt = self.load_mem(Mem::I8, self.at(o, layout::OBJECT_VTABLE_OFFSET as i64)?)?;
        let seen = self.b.build_load(cache.as_pointer_value(), "").map_err(err)?.into_int_value();
        self.b.build_conditional_branch(self.icmp(IntPredicate::EQ, vt, seen)?, done, miss).map_err(err)?;
        self.b.position_at_end(miss);
        let class = self.reference(Ref::Class(c))?;
        let passed = if throwing {
            self.status_call(Libcall::castclass, &[class.into(), o.into()], il)?;
            ctx.bool_type().const_int(1, false)
        } else {
            let r = self.libcall(Libcall::isinst, &[class.into(), o.into()])?.ok_or_else(|| err("isinst"))?;
            self.icmp(IntPredicate::EQ, r.into_int_value(), self.c32(1))?
        };
        let old = self.b.build_load(cache.as_pointer_value(), "").map_err(err)?.into_int_value();
        let remember = self.b.build_select(passed, vt, old, "").map_err(err)?;
        self.b.build_store(cache.as_pointer_value(), remember).map_err(err)?;
        let missed = self.b.get_insert_block().ok_or_else(|| err("no block"))?;
        self.b.build_unconditional_branch(done).map_err(err)?;
        self.b.position_at_end(done);
        let bool_t = ctx.bool_type();
        let phi = self.b.build_phi(bool_t, "").map_err(err)?;
        phi.add_incoming(&[(&bool_t.const_zero(), start), (&bool_t.const_int(1, false), probe), (&passed, missed)]);
        Ok(phi.as_basic_value().into_int_value())
    }

    /// A checked arithmetic operation or conversion, done by the runtime.
    fn checked(&self, insn: &Insn, d: S, a: S, y: S, il: u32) -> R<()> {
        let code = checked_code(insn).ok_or_else(|| err("checked operation"))?;
        self.b.build_store(self.scratch_at(0)?, self.ci(code as i64)).map_err(err)?;
        self.b.build_store(self.scratch_at(1)?, self.ld(a)?).map_err(err)?;
        self.b.build_store(self.scratch_at(2)?, self.ld(y)?).map_err(err)?;
        let null = self.i8p().const_null();
        let args = [self.c32(Op::Checked as u64).into(), null.into(), self.scratch.into(), self.c32(3).into()];
        self.status_call(Libcall::op, &args, il)?;
        self.st(d, self.scratch0()?)
    }

    /// Float to int64 with the exec loop's saturation (`f_to_i8`).
    fn f_to_i8(&self, v: FloatValue<'ctx>) -> R<IntValue<'ctx>> {
        let f64t = self.ctx().f64_type();
        let lo = self.b.build_float_compare(FloatPredicate::OGE, v, f64t.const_float(-9.223372036854776e18), "");
        let hi = self.b.build_float_compare(FloatPredicate::OLT, v, f64t.const_float(9.223372036854776e18), "");
        let ok = self.b.build_and(lo.map_err(err)?, hi.map_err(err)?, "").map_err(err)?;
        let r = self.b.build_float_to_signed_int(v, self.i64t(), "").map_err(err)?;
        Ok(self.b.build_select(ok, r, self.ci(i64::MIN), "").map_err(err)?.into_int_value())
    }

    /// Lowers one instruction; true when control falls through.
    fn insn(&self, insn: &Insn, il: u32, blocks: &[BasicBlock<'ctx>], next: Option<BasicBlock<'ctx>>) -> R<bool> {
        use Insn::*;
        use IntPredicate as P;
        let b = &self.b;
        let ctx = self.ctx();
        let f64t = ctx.f64_type();
        macro_rules! bin4 {
            ($d:expr, $a:expr, $y:expr, $op:ident) => {{
                let r = b.$op(self.i4(*$a)?, self.i4(*$y)?, "").map_err(err)?;
                self.st(*$d, self.sext(r)?)?
            }};
        }
        macro_rules! bin8 {
            ($d:expr, $a:expr, $y:expr, $op:ident) => {{
                let r = b.$op(self.ld(*$a)?, self.ld(*$y)?, "").map_err(err)?;
                self.st(*$d, r)?
            }};
        }
        macro_rules! binf {
            ($d:expr, $a:expr, $y:expr, $op:ident) => {{
                let r = b.$op(self.ldf(*$a)?, self.ldf(*$y)?, "").map_err(err)?;
                self.stf(*$d, r)?
            }};
        }
        macro_rules! cmpi {
            ($d:expr, $x:expr, $y:expr, $p:expr) => {{
                let r = b.build_int_compare($p, $x, $y, "").map_err(err)?;
                self.st(*$d, self.zext(r)?)?
            }};
        }
        macro_rules! cmpf {
            ($d:expr, $a:expr, $y:expr, $p:expr) => {{
                let r = b.build_float_compare($p, self.ldf(*$a)?, self.ldf(*$y)?, "").map_err(err)?;
                self.st(*$d, self.zext(r)?)?
            }};
        }
        macro_rules! branch {
            ($cond:expr, $t:expr) => {{
                let c = $cond;
                let n = next.ok_or_else(|| err("branch falls off the end"))?;
                b.build_conditional_branch(c, blocks[*$t as usize], n).map_err(err)?;
                return Ok(false);
            }};
        }
        macro_rules! narrow {
            ($d:expr, $s:expr, $bits:expr, $signed:expr) => {{
                let t = ctx.custom_width_int_type($bits);
                let v = b.build_int_truncate(self.ld(*$s)?, t, "").map_err(err)?;
                self.st(*$d, if $signed { self.sext(v)? } else { self.zext(v)? })?
            }};
        }
        macro_rules! shift {
            ($d:expr, $a:expr, $y:expr, $wide:expr, $kind:expr) => {{
                let (x, mask) = if $wide { (self.ld(*$a)?, 63) } else { (self.i4(*$a)?, 31) };
                let t = x.get_type();
                let amount = b.build_int_z_extend_or_bit_cast(self.i4(*$y)?, t, "").map_err(err)?;
                let amount = b.build_and(amount, t.const_int(mask, false), "").map_err(err)?;
                let r = match $kind {
                    0 => b.build_left_shift(x, amount, ""),
                    1 => b.build_right_shift(x, amount, true, ""),
                    _ => b.build_right_shift(x, amount, false, ""),
                }
                .map_err(err)?;
                self.st(*$d, if $wide { r } else { self.sext(r)? })?
            }};
        }
        match insn {
            Nop => {}
            LdcI4 { d, v } => self.st(*d, self.ci(*v as i64))?,
            LdcI8 { d, v } => self.st(*d, self.ci(*v))?,
            LdcF { d, v } => self.st(*d, self.i64t().const_int(v.to_bits(), false))?,
            Mov { d, s } => self.st(*d, self.ld(*s)?)?,
            MovN { d, s, n } => {
                let vals = (0..*n).map(|k| self.ld(*s + k)).collect::<R<Vec<_>>>()?;
                for (k, v) in vals.into_iter().enumerate() {
                    self.st(*d + k as S, v)?;
                }
            }
            ZeroN { d, n } => {
                for k in 0..*n {
                    self.st(*d + k, self.ci(0))?;
                }
            }
            LdAddr { d, s } => self.st(*d, self.int_of(self.frame_addr(*s, 0)?)?)?,
            AddI4 { d, a, b: y } => bin4!(d, a, y, build_int_add),
            SubI4 { d, a, b: y } => bin4!(d, a, y, build_int_sub),
            MulI4 { d, a, b: y } => bin4!(d, a, y, build_int_mul),
            AddI4Imm { d, s, v } => {
                let r =
                    b.build_int_add(self.i4(*s)?, self.i32t().const_int(*v as i64 as u64, true), "").map_err(err)?;
                self.st(*d, self.sext(r)?)?
            }
            DivI4 { d, a, b: y } => self.div(*d, *a, *y, (false, true, false), il)?,
            RemI4 { d, a, b: y } => self.div(*d, *a, *y, (false, true, true), il)?,
            DivUnI4 { d, a, b: y } => self.div(*d, *a, *y, (false, false, false), il)?,
            RemUnI4 { d, a, b: y } => self.div(*d, *a, *y, (false, false, true), il)?,
            DivI8 { d, a, b: y } => self.div(*d, *a, *y, (true, true, false), il)?,
            RemI8 { d, a, b: y } => self.div(*d, *a, *y, (true, true, true), il)?,
            DivUnI8 { d, a, b: y } => self.div(*d, *a, *y, (true, false, false), il)?,
            RemUnI8 { d, a, b: y } => self.div(*d, *a, *y, (true, false, true), il)?,
            ShlI4 { d, a, b: y } => shift!(d, a, y, false, 0),
            ShrI4 { d, a, b: y } => shift!(d, a, y, false, 1),
            ShrUnI4 { d, a, b: y } => shift!(d, a, y, false, 2),
            ShlI8 { d, a, b: y } => shift!(d, a, y, true, 0),
            ShrI8 { d, a, b: y } => shift!(d, a, y, true, 1),
            ShrUnI8 { d, a, b: y } => shift!(d, a, y, true, 2),
            NegI4 { d, s } => self.st(*d, self.sext(b.build_int_neg(self.i4(*s)?, "").map_err(err)?)?)?,
            AddI8 { d, a, b: y } => bin8!(d, a, y, build_int_add),
            SubI8 { d, a, b: y } => bin8!(d, a, y, build_int_sub),
            MulI8 { d, a, b: y } => bin8!(d, a, y, build_int_mul),
            NegI8 { d, s } => self.st(*d, b.build_int_neg(self.ld(*s)?, "").map_err(err)?)?,
            And { d, a, b: y } => bin8!(d, a, y, build_and),
            Or { d, a, b: y } => bin8!(d, a, y, build_or),
            Xor { d, a, b: y } => bin8!(d, a, y, build_xor),
            Not { d, s } => self.st(*d, b.build_not(self.ld(*s)?, "").map_err(err)?)?,
            AddF { d, a, b: y } => binf!(d, a, y, build_float_add),
            SubF { d, a, b: y } => binf!(d, a, y, build_float_sub),
            MulF { d, a, b: y } => binf!(d, a, y, build_float_mul),
            DivF { d, a, b: y } => binf!(d, a, y, build_float_div),
            RemF { d, a, b: y } => binf!(d, a, y, build_float_rem),
            NegF { d, s } => self.stf(*d, b.build_float_neg(self.ldf(*s)?, "").map_err(err)?)?,
            Ovf { d, a, b: y, .. } => self.checked(insn, *d, *a, *y, il)?,
            ConvOvf { d, s, .. } => self.checked(insn, *d, *s, *s, il)?,
            CeqI { d, a, b: y } => cmpi!(d, self.ld(*a)?, self.ld(*y)?, P::EQ),
            CgtI { d, a, b: y } => cmpi!(d, self.ld(*a)?, self.ld(*y)?, P::SGT),
            CltI { d, a, b: y } => cmpi!(d, self.ld(*a)?, self.ld(*y)?, P::SLT),
            CgtUnI4 { d, a, b: y } => cmpi!(d, self.i4(*a)?, self.i4(*y)?, P::UGT),
            CltUnI4 { d, a, b: y } => cmpi!(d, self.i4(*a)?, self.i4(*y)?, P::ULT),
            CgtUnI8 { d, a, b: y } => cmpi!(d, self.ld(*a)?, self.ld(*y)?, P::UGT),
            CltUnI8 { d, a, b: y } => cmpi!(d, self.ld(*a)?, self.ld(*y)?, P::ULT),
            CeqF { d, a, b: y } => cmpf!(d, a, y, FloatPredicate::OEQ),
            CgtF { d, a, b: y } => cmpf!(d, a, y, FloatPredicate::OGT),
            CltF { d, a, b: y } => cmpf!(d, a, y, FloatPredicate::OLT),
            CgtUnF { d, a, b: y } => cmpf!(d, a, y, FloatPredicate::UGT),
            CltUnF { d, a, b: y } => cmpf!(d, a, y, FloatPredicate::ULT),
            Br { t } => {
                b.build_unconditional_branch(blocks[*t as usize]).map_err(err)?;
                return Ok(false);
            }
            BrTrue { s, t } => branch!(self.icmp(P::NE, self.ld(*s)?, self.ci(0))?, t),
            BrFalse { s, t } => branch!(self.icmp(P::EQ, self.ld(*s)?, self.ci(0))?, t),
            BeqI { a, b: y, t } => branch!(self.icmp(P::EQ, self.ld(*a)?, self.ld(*y)?)?, t),
            BneI { a, b: y, t } => branch!(self.icmp(P::NE, self.ld(*a)?, self.ld(*y)?)?, t),
            BltI { a, b: y, t } => branch!(self.icmp(P::SLT, self.ld(*a)?, self.ld(*y)?)?, t),
            BleI { a, b: y, t } => branch!(self.icmp(P::SLE, self.ld(*a)?, self.ld(*y)?)?, t),
            BgtI { a, b: y, t } => branch!(self.icmp(P::SGT, self.ld(*a)?, self.ld(*y)?)?, t),
            BgeI { a, b: y, t } => branch!(self.icmp(P::SGE, self.ld(*a)?, self.ld(*y)?)?, t),
            BeqIImm { a, v, t } => branch!(self.icmp(P::EQ, self.ld(*a)?, self.ci(*v as i64))?, t),
            BneIImm { a, v, t } => branch!(self.icmp(P::NE, self.ld(*a)?, self.ci(*v as i64))?, t),
            BltIImm { a, v, t } => branch!(self.icmp(P::SLT, self.ld(*a)?, self.ci(*v as i64))?, t),
            BleIImm { a, v, t } => branch!(self.icmp(P::SLE, self.ld(*a)?, self.ci(*v as i64))?, t),
            BgtIImm { a, v, t } => branch!(self.icmp(P::SGT, self.ld(*a)?, self.ci(*v as i64))?, t),
            BgeIImm { a, v, t } => branch!(self.icmp(P::SGE, self.ld(*a)?, self.ci(*v as i64))?, t),
            Switch { s, targets } => {
                let n = next.ok_or_else(|| err("switch falls off the end"))?;
                let cases: Vec<_> =
                    targets.iter().enumerate().map(|(k, t)| (self.c32(k as u64), blocks[*t as usize])).collect();
                b.build_switch(self.i4(*s)?, n, &cases).map_err(err)?;
                return Ok(false);
            }
            ConvI1 { d, s } => narrow!(d, s, 8, true),
            ConvU1 { d, s } => narrow!(d, s, 8, false),
            ConvI2 { d, s } => narrow!(d, s, 16, true),
            ConvU2 { d, s } => narrow!(d, s, 16, false),
            ConvI4 { d, s } => narrow!(d, s, 32, true),
            ConvZext { d, s } => narrow!(d, s, 32, false),
            ConvFToI4 { d, s } => {
                let v = self.ldf(*s)?;
                let lo =
                    b.build_float_compare(FloatPredicate::OGT, v, f64t.const_float(-2147483649.0), "").map_err(err)?;
                let hi =
                    b.build_float_compare(FloatPredicate::OLT, v, f64t.const_float(2147483648.0), "").map_err(err)?;
                let ok = b.build_and(lo, hi, "").map_err(err)?;
                let r = b.build_float_to_signed_int(v, self.i32t(), "").map_err(err)?;
                let r = b.build_select(ok, r, self.i32t().const_int(i32::MIN as i64 as u64, true), "").map_err(err)?;
                self.st(*d, self.sext(r.into_int_value())?)?
            }
            ConvFToI8 { d, s } => self.st(*d, self.f_to_i8(self.ldf(*s)?)?)?,
            ConvFToU8 { d, s } => {
                // As the interpreter's `f_to_u8` (Mono's x86-64 semantics).
                let v = self.ldf(*s)?;
                let two63 = f64t.const_float(9.223372036854776e18);
                let small = b.build_float_compare(FloatPredicate::OLT, v, two63, "").map_err(err)?;
                let shifted = self.f_to_i8(b.build_float_sub(v, two63, "").map_err(err)?)?;
                let hi = b.build_int_add(shifted, self.ci(i64::MIN), "").map_err(err)?;
                let lo = self.f_to_i8(v)?;
                self.st(*d, b.build_select(small, lo, hi, "").map_err(err)?.into_int_value())?
            }
            ConvI8ToF { d, s } => self.stf(*d, b.build_signed_int_to_float(self.ld(*s)?, f64t, "").map_err(err)?)?,
            ConvU4ToF { d, s } => self.stf(*d, b.build_unsigned_int_to_float(self.i4(*s)?, f64t, "").map_err(err)?)?,
            ConvU8ToF { d, s } => self.stf(*d, b.build_unsigned_int_to_float(self.ld(*s)?, f64t, "").map_err(err)?)?,
            ConvR4 { d, s } => {
                let narrowed = b.build_float_trunc(self.ldf(*s)?, ctx.f32_type(), "").map_err(err)?;
                self.stf(*d, b.build_float_ext(narrowed, f64t, "").map_err(err)?)?
            }
            ConvToR4Mem { d, s } => {
                let narrowed = b.build_float_trunc(self.ldf(*s)?, ctx.f32_type(), "").map_err(err)?;
                let bits = b.build_bit_cast(narrowed, self.i32t(), "").map_err(err)?.into_int_value();
                self.st(*d, self.zext(bits)?)?
            }
            CheckNull { s } => {
                self.null_check(*s, il)?;
            }
            Ckfinite { s } => {
                // x - x is NaN exactly when x is infinite or NaN.
                let v = self.ldf(*s)?;
                let diff = b.build_float_sub(v, v, "").map_err(err)?;
                let bad = b.build_float_compare(FloatPredicate::UNO, diff, diff, "").map_err(err)?;
                self.throw_if(bad, ThrowKind::Arithmetic, il)?
            }
            Ld { m, d, a, off } => {
                let base = self.null_check(*a, il)?;
                self.st(*d, self.load_mem(*m, self.at(base, *off as i64)?)?)?
            }
            St { m, a, off, v } => {
                let base = self.null_check(*a, il)?;
                self.store_mem(*m, self.at(base, *off as i64)?, self.ld(*v)?)?
            }
            LdI4 { d, a, off } => {
                let base = self.null_check(*a, il)?;
                self.st(*d, self.load_mem(Mem::I4, self.at(base, *off as i64)?)?)?
            }
            LdI8 { d, a, off } => {
                let base = self.null_check(*a, il)?;
                self.st(*d, self.load_mem(Mem::I8, self.at(base, *off as i64)?)?)?
            }
            StI4 { a, off, v } => {
                let base = self.null_check(*a, il)?;
                self.store_mem(Mem::I4, self.at(base, *off as i64)?, self.ld(*v)?)?
            }
            StI8 { a, off, v } => {
                let base = self.null_check(*a, il)?;
                self.store_mem(Mem::I8, self.at(base, *off as i64)?, self.ld(*v)?)?
            }
            LdN { d, a, off, size } => {
                let base = self.null_check(*a, il)?;
                self.copy(self.frame_addr(*d, 0)?, self.at(base, *off as i64)?, *size as u64)?
            }
            StN { a, off, v, size } => {
                let base = self.null_check(*a, il)?;
                self.copy(self.at(base, *off as i64)?, self.frame_addr(*v, 0)?, *size as u64)?
            }
            LdFlda { d, a, off } => {
                let base = self.null_check(*a, il)?;
                self.st(*d, b.build_int_add(base, self.ci(*off as i64), "").map_err(err)?)?
            }
            LdFrame { m, d, s, off } => self.st(*d, self.load_mem(*m, self.frame_addr(*s, *off)?)?)?,
            LdFrameN { d, s, off, size } => {
                self.copy(self.frame_addr(*d, 0)?, self.frame_addr(*s, *off)?, *size as u64)?
            }
            LdS { m, d, p } => self.st(*d, self.load_mem(*m, self.static_addr(*p)?)?)?,
            StS { m, p, v } => self.store_mem(*m, self.static_addr(*p)?, self.ld(*v)?)?,
            LdSN { d, p, size } => self.copy(self.frame_addr(*d, 0)?, self.static_addr(*p)?, *size as u64)?,
            StSN { p, v, size } => self.copy(self.static_addr(*p)?, self.frame_addr(*v, 0)?, *size as u64)?,
            LdSA { d, p } => self.st(*d, self.int_of(self.static_addr(*p)?)?)?,
            InitClass { c } => {
                let class = self.reference(Ref::Class(c))?;
                self.status_call(Libcall::init_class, &[class.into()], il)?;
            }
            InitObj { a, size } => {
                let base = self.null_check(*a, il)?;
                b.build_memset(self.at(base, 0)?, 1, ctx.i8_type().const_zero(), self.ci(*size as i64)).map_err(err)?;
            }
            CpBlk { d, s, n } => {
                let len = self.zext(self.i4(*n)?)?;
                let (dst, src) = (self.at(self.ld(*d)?, 0)?, self.at(self.ld(*s)?, 0)?);
                b.build_memmove(dst, 1, src, 1, len).map_err(err)?;
            }
            CpObj { d, s, size } => {
                let dst = self.null_check(*d, il)?;
                let src = self.null_check(*s, il)?;
                b.build_memmove(self.at(dst, 0)?, 1, self.at(src, 0)?, 1, self.ci(*size as i64)).map_err(err)?;
            }
            InitBlk { d, v, n } => {
                let len = self.zext(self.i4(*n)?)?;
                let byte = b.build_int_truncate(self.ld(*v)?, ctx.i8_type(), "").map_err(err)?;
                b.build_memset(self.at(self.ld(*d)?, 0)?, 1, byte, len).map_err(err)?;
            }
            NewObj { ctor, a0, n, vt: 0 } => {
                self.to_scratch(*a0, *n as usize, 0)?;
                let target = self.reference(Ref::Method(ctor))?;
                let args = [target.into(), self.scratch.into(), self.c32(*n as u64).into()];
                self.status_call(Libcall::new_object, &args, il)?;
                self.st(*a0, self.scratch0()?)?
            }
            NewObj { ctor, a0, n, vt } => {
                // A value type: construct in place in slots a0..a0+vt.
                let args = (0..*n).map(|k| self.ld(*a0 + k)).collect::<R<Vec<_>>>()?;
                for k in 0..*vt {
                    self.st(*a0 + k, self.ci(0))?;
                }
                let this = *a0 + *vt;
                self.st(this, self.int_of(self.frame_addr(*a0, 0)?)?)?;
                for (k, v) in args.into_iter().enumerate() {
                    self.st(this + 1 + k as S, v)?;
                }
                self.call(ctor, this, il)?
            }
            NewArr { d, len, c } => {
                let class = self.reference(Ref::Class(c))?;
                let args = [class.into(), self.ld(*len)?.into(), self.scratch.into()];
                self.status_call(Libcall::new_array, &args, il)?;
                self.st(*d, self.scratch0()?)?
            }
            LdAssembly { d, c } => self.op(Op::AssemblyOf, self.reference(Ref::Class(c))?, *d, 0, 0, il)?,
            NewMdArr { c, a0, n } => {
                self.op(Op::NewMdArray, self.reference(Ref::Class(c))?, *a0, *n as usize, *n as usize, il)?
            }
            MdAccess { m, a0, n } => {
                self.op(Op::MdAccess, self.reference(Ref::Method(m))?, *a0, *n as usize, *n as usize + 1, il)?
            }
            NewString { ctor, a0 } => {
                // The arguments' slots (a struct takes several), without `this`.
                let sig = ctor.native_sig().ok_or_else(|| err("unsized string constructor signature"))?;
                let n = sig.arg_slots() - 1;
                self.op(Op::NewString, self.reference(Ref::Method(ctor))?, *a0, n, n, il)?
            }
            NewDelegate { c, a0 } => self.op(Op::NewDelegate, self.reference(Ref::Class(c))?, *a0, 2, 2, il)?,
            DelegateInvoke { m: invoke, a0, n } => self.invoke_delegate(invoke, *a0, *n, il)?,
            LdFtn { d, m } => self.st(*d, self.int_of(self.reference(Ref::Desc(m))?)?)?,
            LdVirtFtn { d, o, m } => {
                self.st(*d, self.ld(*o)?)?;
                self.op(Op::VirtFtn, self.reference(Ref::Method(m))?, *d, 1, 1, il)?
            }
            LdLen { d, a } => {
                let arr = self.null_check(*a, il)?;
                self.st(*d, self.load_mem(Mem::I8, self.at(arr, layout::ARRAY_LENGTH_OFFSET as i64)?)?)?
            }
            LdElem { m, d, a, i } => self.st(*d, self.load_mem(*m, self.elem(*a, *i, m.size() as u64, il)?)?)?,
            StElem { m, a, i, v } => self.store_mem(*m, self.elem(*a, *i, m.size() as u64, il)?, self.ld(*v)?)?,
            LdElemI4 { d, a, i } => self.st(*d, self.load_mem(Mem::I4, self.elem(*a, *i, 4, il)?)?)?,
            LdElemU1 { d, a, i } => self.st(*d, self.load_mem(Mem::U1, self.elem(*a, *i, 1, il)?)?)?,
            LdElemI8 { d, a, i } => self.st(*d, self.load_mem(Mem::I8, self.elem(*a, *i, 8, il)?)?)?,
            StElemI4 { a, i, v } => self.store_mem(Mem::I4, self.elem(*a, *i, 4, il)?, self.ld(*v)?)?,
            StElemI1 { a, i, v } => self.store_mem(Mem::I1, self.elem(*a, *i, 1, il)?, self.ld(*v)?)?,
            StElemI8 { a, i, v } => self.store_mem(Mem::I8, self.elem(*a, *i, 8, il)?, self.ld(*v)?)?,
            StElemRef { a, i, v } => {
                let args = [self.ld(*a)?.into(), self.ld(*i)?.into(), self.ld(*v)?.into()];
                self.status_call(Libcall::store_ref, &args, il)?;
            }
            LdElemN { d, a, i, size } => {
                let p = self.elem(*a, *i, *size as u64, il)?;
                self.copy(self.frame_addr(*d, 0)?, p, *size as u64)?
            }
            StElemN { a, i, v, size } => {
                let p = self.elem(*a, *i, *size as u64, il)?;
                self.copy(p, self.frame_addr(*v, 0)?, *size as u64)?
            }
            LdElemA { d, a, i, size, check: None } => {
                let p = self.elem(*a, *i, *size as u64, il)?;
                self.st(*d, self.int_of(p)?)?
            }
            LdElemA { d, a, i, check: Some(c), .. } => {
                let class = self.reference(Ref::Class(c))?;
                let args = [class.into(), self.ld(*a)?.into(), self.ld(*i)?.into(), self.scratch.into()];
                self.status_call(Libcall::elem_addr_checked, &args, il)?;
                self.st(*d, self.scratch0()?)?
            }
            Call { m: callee, a0 } => self.call(callee, *a0, il)?,
            CallVirt { m: callee, a0, .. } => self.call_virtual(callee, *a0, il)?,
            // Internal calls go through the runtime's call, which binds them.
            CallIcall { m: callee, a0, .. } => {
                if !self.intrinsic(callee, *a0, il)? {
                    self.runtime_call(callee, *a0, false, il)?
                }
            }
            BoxThis { c, a0 } => {
                let class = self.reference(Ref::Class(c))?;
                let args = [class.into(), self.ld(*a0)?.into(), self.scratch.into()];
                self.status_call(Libcall::box_at, &args, il)?;
                self.st(*a0, self.scratch0()?)?
            }
            Box { d, s, c } => {
                let n = c.value_slots().ok_or_else(|| err("box size"))?;
                self.to_scratch(*s, n as usize, 0)?;
                let class = self.reference(Ref::Class(c))?;
                self.status_call(Libcall::box_value, &[class.into(), self.scratch.into(), self.scratch.into()], il)?;
                self.st(*d, self.scratch0()?)?
            }
            Unbox { d, s, c } => {
                let class = self.reference(Ref::Class(c))?;
                self.status_call(Libcall::unbox, &[class.into(), self.ld(*s)?.into(), self.scratch.into()], il)?;
                self.st(*d, self.scratch0()?)?
            }
            Ret { s, n } if self.sret.is_some() => {
                let buf = self.as_ptr(self.sret.ok_or_else(|| err("result buffer"))?, ctx.i8_type().into())?;
                self.copy(buf, self.frame_addr(*s, 0)?, *n as u64 * 8)?;
                self.leave_first_pass()?;
                b.build_return(None).map_err(err)?;
                return Ok(false);
            }
            Ret { s, .. } => {
                match self.ret {
                    Some(a) => {
                        let v = self.ld_abi(*s, a)?;
                        let v: BasicValueEnum<'ctx> = v.try_into().map_err(|_| err("return value"))?;
                        self.leave_first_pass()?;
                        b.build_return(Some(&v)).map_err(err)?
                    }
                    None => {
                        self.leave_first_pass()?;
                        b.build_return(None).map_err(err)?
                    }
                };
                return Ok(false);
            }
            RetVoid => {
                self.leave_first_pass()?;
                b.build_return(None).map_err(err)?;
                return Ok(false);
            }
            CastClass { s: v, c } | IsInst { s: v, c, .. } => {
                let yes = self.cast(*v, c, matches!(insn, CastClass { .. }), il)?;
                if let IsInst { d, .. } = insn {
                    let v2 = b.build_select(yes, self.ld(*v)?, self.ci(0), "").map_err(err)?.into_int_value();
                    self.st(*d, v2)?
                }
            }
            LdToken { d, handle, .. } => self.st(*d, self.int_of(self.reference(Ref::of_handle(handle))?)?)?,
            RefAnyVal { d, value, class, c } => {
                let want = self.int_of(self.reference(Ref::Class(c))?)?;
                let wrong = self.icmp(P::NE, self.ld(*class)?, want)?;
                self.throw_if(wrong, ThrowKind::InvalidCast, il)?;
                self.st(*d, self.ld(*value)?)?
            }
            LdStr { d, offset, .. } => {
                // The literal's root cell, found by the loader: load the cell.
                let cell = self.reference(Ref::Str(self.m.class.image, *offset))?;
                self.st(*d, self.load_mem(Mem::I8, cell)?)?
            }
            Localloc { d, s } => {
                let n = self.ld(*s)?;
                let p = b.build_array_alloca(ctx.i8_type(), n, "").map_err(err)?;
                b.build_memset(p, 8, ctx.i8_type().const_zero(), n).map_err(err)?;
                self.st(*d, self.int_of(p)?)?
            }
            Leave { t, finallies } => {
                self.leave(*t, finallies)?;
                return Ok(false);
            }
            EndFinally => {
                self.end_finally()?;
                return Ok(false);
            }

            EndFilter { .. } => return Err(err("exception filter (see not_compiled)")),
            Rethrow { clause } => {
                self.rethrow(*clause, il)?;
                return Ok(false);
            }
            Throw { s } => {
                self.libcall(Libcall::throw_object, &[self.ld(*s)?.into()])?;
                let unwind = self.landing(il)?;
                b.build_unconditional_branch(unwind).map_err(err)?;
                return Ok(false);
            }
            CallIndirect { .. } | LdPtr { .. } | MakeArgList { .. } => {
                return Err(err(not_compiled(insn).unwrap_or("instruction not compiled")))
            }
        }
        Ok(true)
    }
}
