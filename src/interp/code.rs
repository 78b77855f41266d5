//! Transformed code: instructions over fixed frame slots, with tokens
//! resolved and branch targets as instruction indices.

use crate::runtime::icalls::Icall;
use crate::types::class::{ClassRef, ElemKind};
use crate::types::method::Method;
use crate::util::ArenaSlice;

/// A frame slot index.
pub type S = u16;

/// Memory access width and extension for loads/stores of non-struct values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mem {
    I1,
    U1,
    I2,
    U2,
    I4,
    U4,
    I8,
    R4,
    R8,
}

impl Mem {
    /// Bytes the access reads or writes.
    pub fn size(self) -> usize {
        match self {
            Mem::I1 | Mem::U1 => 1,
            Mem::I2 | Mem::U2 => 2,
            Mem::I4 | Mem::U4 | Mem::R4 => 4,
            Mem::I8 | Mem::R8 => 8,
        }
    }

    /// The access for a value of kind `k` (None for structs and void).
    pub fn of(k: ElemKind) -> Option<Mem> {
        Some(match k {
            ElemKind::I1 => Mem::I1,
            ElemKind::U1 => Mem::U1,
            ElemKind::I2 => Mem::I2,
            ElemKind::U2 => Mem::U2,
            ElemKind::I4 | ElemKind::U4 => Mem::I4,
            ElemKind::I8 | ElemKind::Ref => Mem::I8,
            ElemKind::R4 => Mem::R4,
            ElemKind::R8 => Mem::R8,
            ElemKind::Struct(_) | ElemKind::Void => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OvfOp {
    Add,
    AddUn,
    Sub,
    SubUn,
    Mul,
    MulUn,
}

/// Target of a checked conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvTo {
    I1,
    U1,
    I2,
    U2,
    I4,
    U4,
    I8,
    U8,
}

/// Stack kind of a conversion source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Src {
    I4,
    I8,
    F,
}

#[derive(Clone, Debug)]
pub enum Insn {
    Nop,
    LdcI4 {
        d: S,
        v: i32,
    },
    LdcI8 {
        d: S,
        v: i64,
    },
    LdcF {
        d: S,
        v: f64,
    },
    Mov {
        d: S,
        s: S,
    },
    MovN {
        d: S,
        s: S,
        n: S,
    },
    /// d = address of frame slot s.
    LdAddr {
        d: S,
        s: S,
    },
    ZeroN {
        d: S,
        n: S,
    },

    AddI4 {
        d: S,
        a: S,
        b: S,
    },
    SubI4 {
        d: S,
        a: S,
        b: S,
    },
    MulI4 {
        d: S,
        a: S,
        b: S,
    },
    DivI4 {
        d: S,
        a: S,
        b: S,
    },
    DivUnI4 {
        d: S,
        a: S,
        b: S,
    },
    RemI4 {
        d: S,
        a: S,
        b: S,
    },
    RemUnI4 {
        d: S,
        a: S,
        b: S,
    },
    ShlI4 {
        d: S,
        a: S,
        b: S,
    },
    ShrI4 {
        d: S,
        a: S,
        b: S,
    },
    ShrUnI4 {
        d: S,
        a: S,
        b: S,
    },
    NegI4 {
        d: S,
        s: S,
    },
    AddI8 {
        d: S,
        a: S,
        b: S,
    },
    SubI8 {
        d: S,
        a: S,
        b: S,
    },
    MulI8 {
        d: S,
        a: S,
        b: S,
    },
    DivI8 {
        d: S,
        a: S,
        b: S,
    },
    DivUnI8 {
        d: S,
        a: S,
        b: S,
    },
    RemI8 {
        d: S,
        a: S,
        b: S,
    },
    RemUnI8 {
        d: S,
        a: S,
        b: S,
    },
    ShlI8 {
        d: S,
        a: S,
        b: S,
    },
    ShrI8 {
        d: S,
        a: S,
        b: S,
    },
    ShrUnI8 {
        d: S,
        a: S,
        b: S,
    },
    NegI8 {
        d: S,
        s: S,
    },
    And {
        d: S,
        a: S,
        b: S,
    },
    Or {
        d: S,
        a: S,
        b: S,
    },
    Xor {
        d: S,
        a: S,
        b: S,
    },
    Not {
        d: S,
        s: S,
    },
    AddF {
        d: S,
        a: S,
        b: S,
    },
    SubF {
        d: S,
        a: S,
        b: S,
    },
    MulF {
        d: S,
        a: S,
        b: S,
    },
    DivF {
        d: S,
        a: S,
        b: S,
    },
    RemF {
        d: S,
        a: S,
        b: S,
    },
    NegF {
        d: S,
        s: S,
    },
    Ovf {
        op: OvfOp,
        wide: bool,
        d: S,
        a: S,
        b: S,
    },
    /// Adds a constant (a common `i++` / `i += k` shape).
    AddI4Imm {
        d: S,
        s: S,
        v: i32,
    },

    CeqI {
        d: S,
        a: S,
        b: S,
    },
    CgtI {
        d: S,
        a: S,
        b: S,
    },
    CltI {
        d: S,
        a: S,
        b: S,
    },
    CgtUnI4 {
        d: S,
        a: S,
        b: S,
    },
    CltUnI4 {
        d: S,
        a: S,
        b: S,
    },
    CgtUnI8 {
        d: S,
        a: S,
        b: S,
    },
    CltUnI8 {
        d: S,
        a: S,
        b: S,
    },
    CeqF {
        d: S,
        a: S,
        b: S,
    },
    CgtF {
        d: S,
        a: S,
        b: S,
    },
    CltF {
        d: S,
        a: S,
        b: S,
    },
    CgtUnF {
        d: S,
        a: S,
        b: S,
    },
    CltUnF {
        d: S,
        a: S,
        b: S,
    },

    Br {
        t: u32,
    },
    BrTrue {
        s: S,
        t: u32,
    },
    BrFalse {
        s: S,
        t: u32,
    },
    BeqI {
        a: S,
        b: S,
        t: u32,
    },
    BneI {
        a: S,
        b: S,
        t: u32,
    },
    BltI {
        a: S,
        b: S,
        t: u32,
    },
    BleI {
        a: S,
        b: S,
        t: u32,
    },
    BgtI {
        a: S,
        b: S,
        t: u32,
    },
    BgeI {
        a: S,
        b: S,
        t: u32,
    },
    /// Compare-and-branch against an immediate.
    BeqIImm {
        a: S,
        v: i32,
        t: u32,
    },
    /// Compare-and-branch against an immediate.
    BneIImm {
        a: S,
        v: i32,
        t: u32,
    },
    /// Compare-and-branch against an immediate.
    BltIImm {
        a: S,
        v: i32,
        t: u32,
    },
    /// Compare-and-branch against an immediate.
    BleIImm {
        a: S,
        v: i32,
        t: u32,
    },
    /// Compare-and-branch against an immediate.
    BgtIImm {
        a: S,
        v: i32,
        t: u32,
    },
    /// Compare-and-branch against an immediate.
    BgeIImm {
        a: S,
        v: i32,
        t: u32,
    },
    Switch {
        s: S,
        targets: ArenaSlice<u32>,
    },

    /// Truncate to 8/16/32 bits and sign- or zero-extend to the slot.
    ConvI1 {
        d: S,
        s: S,
    },
    ConvU1 {
        d: S,
        s: S,
    },
    ConvI2 {
        d: S,
        s: S,
    },
    ConvU2 {
        d: S,
        s: S,
    },
    ConvI4 {
        d: S,
        s: S,
    },
    /// Zero-extend a 32-bit value (conv.u8 of an int32).
    ConvZext {
        d: S,
        s: S,
    },
    ConvFToI4 {
        d: S,
        s: S,
    },
    ConvFToI8 {
        d: S,
        s: S,
    },
    ConvFToU8 {
        d: S,
        s: S,
    },
    ConvI8ToF {
        d: S,
        s: S,
    },
    ConvU4ToF {
        d: S,
        s: S,
    },
    ConvU8ToF {
        d: S,
        s: S,
    },
    /// Round a double to float precision.
    ConvR4 {
        d: S,
        s: S,
    },
    /// d = float32 memory form of F value s (for float variables whose
    /// address is taken: pointers to them see a float32).
    ConvToR4Mem {
        d: S,
        s: S,
    },
    ConvOvf {
        d: S,
        s: S,
        to: ConvTo,
        src: Src,
        un: bool,
    },
    Ckfinite {
        s: S,
    },

    /// d = load(frame[a] + off); null-checked when `a` holds an object.
    Ld {
        m: Mem,
        d: S,
        a: S,
        off: i32,
    },
    St {
        m: Mem,
        a: S,
        off: i32,
        v: S,
    },
    LdN {
        d: S,
        a: S,
        off: i32,
        size: u32,
    },
    StN {
        a: S,
        off: i32,
        v: S,
        size: u32,
    },
    /// d = frame[a] + off, null-checked.
    LdFlda {
        d: S,
        a: S,
        off: i32,
    },
    /// d = load(&frame[s] + off): a field of a struct held in slots.
    LdFrame {
        m: Mem,
        d: S,
        s: S,
        off: u32,
    },
    LdFrameN {
        d: S,
        s: S,
        off: u32,
        size: u32,
    },
    LdS {
        m: Mem,
        d: S,
        p: *mut u8,
    },
    StS {
        m: Mem,
        p: *mut u8,
        v: S,
    },
    LdSN {
        d: S,
        p: *mut u8,
        size: u32,
    },
    StSN {
        p: *mut u8,
        v: S,
        size: u32,
    },
    LdSA {
        d: S,
        p: *mut u8,
    },
    InitClass {
        c: ClassRef,
    },
    InitObj {
        a: S,
        size: u32,
    },
    CpBlk {
        d: S,
        s: S,
        n: S,
    },
    InitBlk {
        d: S,
        v: S,
        n: S,
    },

    NewObj {
        ctor: &'static Method,
        a0: S,
        n: S,
        vt: S,
    },
    NewArr {
        d: S,
        len: S,
        c: ClassRef,
    },
    NewMdArr {
        c: ClassRef,
        a0: S,
        n: S,
    },
    MdAccess {
        m: &'static Method,
        a0: S,
        n: S,
    },
    NewString {
        ctor: &'static Method,
        a0: S,
    },
    NewDelegate {
        c: ClassRef,
        a0: S,
    },
    LdLen {
        d: S,
        a: S,
    },
    LdElem {
        m: Mem,
        d: S,
        a: S,
        i: S,
    },
    StElem {
        m: Mem,
        a: S,
        i: S,
        v: S,
    },
    /// Specialised forms of `LdElem`/`StElem`/`Ld`/`St` for the common
    /// widths (one dispatch instead of two; see `Insn::specialize`).
    LdElemI4 {
        d: S,
        a: S,
        i: S,
    },
    LdElemU1 {
        d: S,
        a: S,
        i: S,
    },
    LdElemI8 {
        d: S,
        a: S,
        i: S,
    },
    StElemI4 {
        a: S,
        i: S,
        v: S,
    },
    StElemI1 {
        a: S,
        i: S,
        v: S,
    },
    StElemI8 {
        a: S,
        i: S,
        v: S,
    },
    LdI4 {
        d: S,
        a: S,
        off: i32,
    },
    LdI8 {
        d: S,
        a: S,
        off: i32,
    },
    StI4 {
        a: S,
        off: i32,
        v: S,
    },
    StI8 {
        a: S,
        off: i32,
        v: S,
    },
    StElemRef {
        a: S,
        i: S,
        v: S,
    },
    LdElemN {
        d: S,
        a: S,
        i: S,
        size: u32,
    },
    StElemN {
        a: S,
        i: S,
        v: S,
        size: u32,
    },
    LdElemA {
        d: S,
        a: S,
        i: S,
        size: u32,
        check: Option<ClassRef>,
    },

    Call {
        m: &'static Method,
        a0: S,
    },
    CallVirt {
        m: &'static Method,
        a0: S,
        /// Dispatch results of this site by receiver vtable.
        cache: &'static CallSiteCache,
    },
    /// `calli`: calls the method whose descriptor `f` holds (from ldftn),
    /// which must have the call site's signature.
    CallIndirect {
        f: S,
        a0: S,
        sig: &'static CallSig,
    },
    CallIcall {
        f: Icall,
        m: &'static Method,
        a0: S,
    },
    /// `constrained. T callvirt m` where T is a value type: resolved at
    /// transform time to a direct call (or boxing + virtual call).
    BoxThis {
        c: ClassRef,
        a0: S,
    },
    DelegateInvoke {
        m: &'static Method,
        a0: S,
        n: S,
    },
    Ret {
        s: S,
        n: S,
    },
    RetVoid,

    CastClass {
        s: S,
        c: ClassRef,
    },
    IsInst {
        d: S,
        s: S,
        c: ClassRef,
    },
    Box {
        d: S,
        s: S,
        c: ClassRef,
    },
    Unbox {
        d: S,
        s: S,
        c: ClassRef,
    },
    LdStr {
        d: S,
        obj: crate::runtime::roots::Root,
        /// The literal's user-string heap offset in the method's image (how
        /// AOT images name it).
        offset: u32,
    },
    LdPtr {
        d: S,
        v: usize,
    },
    /// `ldtoken`: the handle's value `v`, and what it stands for (how AOT
    /// images name it).
    LdToken {
        d: S,
        v: usize,
        handle: Handle,
    },
    LdFtn {
        d: S,
        m: &'static Method,
    },
    LdVirtFtn {
        d: S,
        o: S,
        m: &'static Method,
    },
    Localloc {
        d: S,
        s: S,
    },

    Throw {
        s: S,
    },
    Rethrow {
        clause: u32,
    },
    Leave {
        t: u32,
        finallies: ArenaSlice<u32>,
    },
    EndFinally,
    EndFilter {
        s: S,
    },
}

// SAFETY: the raw pointers in instructions point to static-field storage and
// root cells owned by classes for the life of the process.
unsafe impl Send for Insn {}
// SAFETY: as above; instructions are immutable after transformation.
unsafe impl Sync for Insn {}

/// What an `ldtoken` handle stands for.
#[derive(Clone, Copy, Debug)]
pub enum Handle {
    Type(ClassRef),
    Method(&'static Method),
    /// A field (its RVA data): the declaring class and the field's rid.
    Field(ClassRef, u32),
}

#[derive(Clone, Copy, Debug)]
pub enum ClauseKind {
    Catch(ClassRef),
    /// Filter code starts at this instruction.
    Filter(u32),
    Finally,
    Fault,
}

#[derive(Clone, Debug)]
pub struct Clause {
    pub kind: ClauseKind,
    pub try_start: u32,
    pub try_end: u32,
    pub handler_start: u32,
    pub handler_end: u32,
    /// Slot where a catch/filter handler finds the exception.
    pub exc_slot: S,
    /// Slot that keeps the caught exception for `rethrow`.
    pub hold: S,
}

impl Clause {
    pub fn in_try(&self, pc: u32) -> bool {
        pc >= self.try_start && pc < self.try_end
    }
    pub fn in_handler(&self, pc: u32) -> bool {
        let start = match self.kind {
            ClauseKind::Filter(f) => f,
            _ => self.handler_start,
        };
        pc >= start && pc < self.handler_end
    }
}

/// Every part lives in the arena of the method's owner (its image, or the
/// dynamic method's own arena).
pub struct InterpCode {
    pub insns: ArenaSlice<Insn>,
    /// IL offset of each instruction, for stack traces.
    pub il_offsets: ArenaSlice<u32>,
    pub clauses: ArenaSlice<Clause>,
    /// Slots of arguments, then locals, then the evaluation stack.
    pub frame_slots: u32,
    pub arg_slots: u32,
    pub local_slots: u32,
    /// beforefieldinit classes whose statics the method uses: their static
    /// constructors run before its first execution, as Mono's JIT runs them
    /// when it compiles the method.
    pub eager_cctors: ArenaSlice<ClassRef>,
    pub eager_done: std::sync::atomic::AtomicBool,
}

/// The signature a `calli` site expects (in its method's arena).
#[derive(Debug)]
pub struct CallSig {
    pub has_this: bool,
    pub params: &'static [ClassRef],
    pub ret: ClassRef,
}

impl CallSig {
    /// Does `m` have exactly this signature?
    pub fn matches(&self, m: &'static Method) -> bool {
        m.sig().is_ok_and(|s| {
            s.has_this == self.has_this
                && std::ptr::eq(s.ret, self.ret)
                && s.params.len() == self.params.len()
                && s.params.iter().zip(self.params).all(|(a, b)| std::ptr::eq(*a, *b))
        })
    }
}

/// A call site's inline cache: up to four (vtable, target) pairs, each
/// published once and never replaced, so readers always see whole pairs.
#[derive(Debug, Default)]
pub struct CallSiteCache([std::sync::atomic::AtomicPtr<(usize, &'static Method)>; 4]);

impl CallSiteCache {
    /// The target cached for receivers with `vtable`, if any.
    #[inline(always)]
    pub fn lookup(&self, vtable: usize) -> Option<&'static Method> {
        for e in &self.0 {
            let p = e.load(std::sync::atomic::Ordering::Acquire);
            if p.is_null() {
                return None;
            }
            // SAFETY: published pairs live in the image arena as long as the
            // code holding this cache.
            let (vt, m) = unsafe { *p };
            if vt == vtable {
                return Some(m);
            }
        }
        None
    }

    /// Records a resolution in a free entry (a full cache stays as it is).
    pub fn fill(&self, arena: &crate::util::Arena, vtable: usize, target: &'static Method) {
        for e in &self.0 {
            if e.load(std::sync::atomic::Ordering::Acquire).is_null() {
                let pair = arena.alloc((vtable, target));
                if e.compare_exchange(
                    std::ptr::null_mut(),
                    pair,
                    std::sync::atomic::Ordering::AcqRel,
                    std::sync::atomic::Ordering::Acquire,
                )
                .is_ok()
                {
                    return;
                }
            }
        }
    }
}

impl Insn {
    /// The specialised form of a generic memory access, if it has one.
    pub fn specialize(self) -> Insn {
        match self {
            Insn::LdElem { m: Mem::I4 | Mem::U4, d, a, i } => Insn::LdElemI4 { d, a, i },
            Insn::LdElem { m: Mem::U1, d, a, i } => Insn::LdElemU1 { d, a, i },
            Insn::LdElem { m: Mem::I8 | Mem::R8, d, a, i } => Insn::LdElemI8 { d, a, i },
            Insn::StElem { m: Mem::I4 | Mem::U4, a, i, v } => Insn::StElemI4 { a, i, v },
            Insn::StElem { m: Mem::I1 | Mem::U1, a, i, v } => Insn::StElemI1 { a, i, v },
            Insn::StElem { m: Mem::I8 | Mem::R8, a, i, v } => Insn::StElemI8 { a, i, v },
            Insn::Ld { m: Mem::I4 | Mem::U4, d, a, off } => Insn::LdI4 { d, a, off },
            Insn::Ld { m: Mem::I8 | Mem::R8, d, a, off } => Insn::LdI8 { d, a, off },
            Insn::St { m: Mem::I4 | Mem::U4, a, off, v } => Insn::StI4 { a, off, v },
            Insn::St { m: Mem::I8 | Mem::R8, a, off, v } => Insn::StI8 { a, off, v },
            other => other,
        }
    }

    /// The one-slot result of an instruction that writes nothing else and
    /// reads its operands before writing it: such a result can be sent
    /// straight to a variable (`stloc` folding).
    pub fn single_dest_mut(&mut self) -> Option<&mut S> {
        match self {
            Insn::LdcI4 { d, .. }
            | Insn::LdcI8 { d, .. }
            | Insn::LdcF { d, .. }
            | Insn::Mov { d, .. }
            | Insn::LdAddr { d, .. }
            | Insn::AddI4 { d, .. }
            | Insn::SubI4 { d, .. }
            | Insn::MulI4 { d, .. }
            | Insn::DivI4 { d, .. }
            | Insn::DivUnI4 { d, .. }
            | Insn::RemI4 { d, .. }
            | Insn::RemUnI4 { d, .. }
            | Insn::ShlI4 { d, .. }
            | Insn::ShrI4 { d, .. }
            | Insn::ShrUnI4 { d, .. }
            | Insn::NegI4 { d, .. }
            | Insn::AddI8 { d, .. }
            | Insn::SubI8 { d, .. }
            | Insn::MulI8 { d, .. }
            | Insn::DivI8 { d, .. }
            | Insn::DivUnI8 { d, .. }
            | Insn::RemI8 { d, .. }
            | Insn::RemUnI8 { d, .. }
            | Insn::ShlI8 { d, .. }
            | Insn::ShrI8 { d, .. }
            | Insn::ShrUnI8 { d, .. }
            | Insn::NegI8 { d, .. }
            | Insn::And { d, .. }
            | Insn::Or { d, .. }
            | Insn::Xor { d, .. }
            | Insn::Not { d, .. }
            | Insn::AddF { d, .. }
            | Insn::SubF { d, .. }
            | Insn::MulF { d, .. }
            | Insn::DivF { d, .. }
            | Insn::RemF { d, .. }
            | Insn::NegF { d, .. }
            | Insn::Ovf { d, .. }
            | Insn::AddI4Imm { d, .. }
            | Insn::CeqI { d, .. }
            | Insn::CgtI { d, .. }
            | Insn::CltI { d, .. }
            | Insn::CgtUnI4 { d, .. }
            | Insn::CltUnI4 { d, .. }
            | Insn::CgtUnI8 { d, .. }
            | Insn::CltUnI8 { d, .. }
            | Insn::CeqF { d, .. }
            | Insn::CgtF { d, .. }
            | Insn::CltF { d, .. }
            | Insn::CgtUnF { d, .. }
            | Insn::CltUnF { d, .. }
            | Insn::ConvI1 { d, .. }
            | Insn::ConvU1 { d, .. }
            | Insn::ConvI2 { d, .. }
            | Insn::ConvU2 { d, .. }
            | Insn::ConvI4 { d, .. }
            | Insn::ConvZext { d, .. }
            | Insn::ConvFToI4 { d, .. }
            | Insn::ConvFToI8 { d, .. }
            | Insn::ConvFToU8 { d, .. }
            | Insn::ConvI8ToF { d, .. }
            | Insn::ConvU4ToF { d, .. }
            | Insn::ConvU8ToF { d, .. }
            | Insn::ConvR4 { d, .. }
            | Insn::ConvOvf { d, .. }
            | Insn::Ld { d, .. }
            | Insn::LdFlda { d, .. }
            | Insn::LdFrame { d, .. }
            | Insn::LdS { d, .. }
            | Insn::LdSA { d, .. }
            | Insn::NewArr { d, .. }
            | Insn::LdLen { d, .. }
            | Insn::LdElem { d, .. }
            | Insn::LdElemA { d, .. }
            | Insn::IsInst { d, .. }
            | Insn::Box { d, .. }
            | Insn::LdStr { d, .. }
            | Insn::LdPtr { d, .. }
            | Insn::LdToken { d, .. }
            | Insn::LdFtn { d, .. }
            | Insn::LdVirtFtn { d, .. }
            | Insn::Localloc { d, .. }
            | Insn::LdElemI4 { d, .. }
            | Insn::LdElemU1 { d, .. }
            | Insn::LdElemI8 { d, .. }
            | Insn::LdI4 { d, .. }
            | Insn::LdI8 { d, .. } => Some(d),
            _ => None,
        }
    }
}

impl InterpCode {
    /// One line per instruction, for `MONOXIDE_LOG=debug`.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (i, insn) in self.insns.iter().enumerate() {
            out.push_str(&format!("{i:4} IL_{:04x} {insn:?}\n", self.il_offsets.get(i).copied().unwrap_or(0)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn insn_size() {
        eprintln!("Insn is {} bytes", std::mem::size_of::<super::Insn>());
    }
}
