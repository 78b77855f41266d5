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
    /// Bytes the access reads or writes (the size of its kind of value).
    pub fn size(self) -> usize {
        let kind = match self {
            Mem::I1 => ElemKind::I1,
            Mem::U1 => ElemKind::U1,
            Mem::I2 => ElemKind::I2,
            Mem::U2 => ElemKind::U2,
            Mem::I4 => ElemKind::I4,
            Mem::U4 => ElemKind::U4,
            Mem::I8 => ElemKind::I8,
            Mem::R4 => ElemKind::R4,
            Mem::R8 => ElemKind::R8,
        };
        kind.size()
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

/// Defines [`Insn`] from one line per instruction: its operands and its
/// properties, so that adding an instruction touches this list, the
/// transform, the exec loop and the lowering, and nothing else.
///
/// Properties, in brackets:
/// - `dest`: writes a one-slot result to operand `d` and nothing else,
///   after reading its operands (the transform may send that result
///   straight to a variable: `stloc` folding);
/// - `throws`: may raise an exception (for calls: when the callee may).
macro_rules! instruction_set {
    ($( $(#[$doc:meta])* $name:ident $({ $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? })? [$($flag:ident)*], )*) => {
        #[derive(Clone, Debug)]
        pub enum Insn {
            $( $(#[$doc])* $name $({ $($(#[$fdoc])* $field: $ty),* })?, )*
        }

        impl Insn {
            /// The `d` operand of a `dest` instruction.
            pub fn single_dest_mut(&mut self) -> Option<&mut S> {
                match self {
                    $( Insn::$name { .. } => dest_of!(self, $name, [$($flag)*]), )*
                }
            }

            /// Whether the instruction is `throws`.
            pub fn may_throw(&self) -> bool {
                match self {
                    $( Insn::$name { .. } => throws_in!([$($flag)*]), )*
                }
            }
        }
    };
}

/// Whether flag list `[...]` holds `throws`.
macro_rules! throws_in {
    ([]) => {
        false
    };
    ([throws $($r:ident)*]) => {
        true
    };
    ([$x:ident $($r:ident)*]) => {
        throws_in!([$($r)*])
    };
}

/// `Some(d)` of instruction `$me` (a `$name`) when its flags say `dest`.
macro_rules! dest_of {
    ($me:ident, $name:ident, []) => {
        None
    };
    ($me:ident, $name:ident, [dest $($r:ident)*]) => {
        match $me {
            Insn::$name { d, .. } => Some(d),
            _ => None,
        }
    };
    ($me:ident, $name:ident, [$x:ident $($r:ident)*]) => {
        dest_of!($me, $name, [$($r)*])
    };
}

#[rustfmt::skip]
instruction_set! {
    Nop [],
    LdcI4 { d: S, v: i32 } [dest],
    LdcI8 { d: S, v: i64 } [dest],
    LdcF { d: S, v: f64 } [dest],
    Mov { d: S, s: S } [dest],
    MovN { d: S, s: S, n: S } [],
    /// d = address of frame slot s.
    LdAddr { d: S, s: S } [dest],
    ZeroN { d: S, n: S } [],

    AddI4 { d: S, a: S, b: S } [dest],
    SubI4 { d: S, a: S, b: S } [dest],
    MulI4 { d: S, a: S, b: S } [dest],
    DivI4 { d: S, a: S, b: S } [dest throws],
    DivUnI4 { d: S, a: S, b: S } [dest throws],
    RemI4 { d: S, a: S, b: S } [dest throws],
    RemUnI4 { d: S, a: S, b: S } [dest throws],
    ShlI4 { d: S, a: S, b: S } [dest],
    ShrI4 { d: S, a: S, b: S } [dest],
    ShrUnI4 { d: S, a: S, b: S } [dest],
    NegI4 { d: S, s: S } [dest],
    AddI8 { d: S, a: S, b: S } [dest],
    SubI8 { d: S, a: S, b: S } [dest],
    MulI8 { d: S, a: S, b: S } [dest],
    DivI8 { d: S, a: S, b: S } [dest throws],
    DivUnI8 { d: S, a: S, b: S } [dest throws],
    RemI8 { d: S, a: S, b: S } [dest throws],
    RemUnI8 { d: S, a: S, b: S } [dest throws],
    ShlI8 { d: S, a: S, b: S } [dest],
    ShrI8 { d: S, a: S, b: S } [dest],
    ShrUnI8 { d: S, a: S, b: S } [dest],
    NegI8 { d: S, s: S } [dest],
    And { d: S, a: S, b: S } [dest],
    Or { d: S, a: S, b: S } [dest],
    Xor { d: S, a: S, b: S } [dest],
    Not { d: S, s: S } [dest],
    AddF { d: S, a: S, b: S } [dest],
    SubF { d: S, a: S, b: S } [dest],
    MulF { d: S, a: S, b: S } [dest],
    DivF { d: S, a: S, b: S } [dest],
    RemF { d: S, a: S, b: S } [dest],
    NegF { d: S, s: S } [dest],
    Ovf { op: OvfOp, wide: bool, d: S, a: S, b: S } [dest throws],
    /// Adds a constant (a common `i++` / `i += k` shape).
    AddI4Imm { d: S, s: S, v: i32 } [dest],

    CeqI { d: S, a: S, b: S } [dest],
    CgtI { d: S, a: S, b: S } [dest],
    CltI { d: S, a: S, b: S } [dest],
    CgtUnI4 { d: S, a: S, b: S } [dest],
    CltUnI4 { d: S, a: S, b: S } [dest],
    CgtUnI8 { d: S, a: S, b: S } [dest],
    CltUnI8 { d: S, a: S, b: S } [dest],
    CeqF { d: S, a: S, b: S } [dest],
    CgtF { d: S, a: S, b: S } [dest],
    CltF { d: S, a: S, b: S } [dest],
    CgtUnF { d: S, a: S, b: S } [dest],
    CltUnF { d: S, a: S, b: S } [dest],

    Br { t: u32 } [],
    BrTrue { s: S, t: u32 } [],
    BrFalse { s: S, t: u32 } [],
    BeqI { a: S, b: S, t: u32 } [],
    BneI { a: S, b: S, t: u32 } [],
    BltI { a: S, b: S, t: u32 } [],
    BleI { a: S, b: S, t: u32 } [],
    BgtI { a: S, b: S, t: u32 } [],
    BgeI { a: S, b: S, t: u32 } [],
    /// Compare-and-branch against an immediate.
    BeqIImm { a: S, v: i32, t: u32 } [],
    /// Compare-and-branch against an immediate.
    BneIImm { a: S, v: i32, t: u32 } [],
    /// Compare-and-branch against an immediate.
    BltIImm { a: S, v: i32, t: u32 } [],
    /// Compare-and-branch against an immediate.
    BleIImm { a: S, v: i32, t: u32 } [],
    /// Compare-and-branch against an immediate.
    BgtIImm { a: S, v: i32, t: u32 } [],
    /// Compare-and-branch against an immediate.
    BgeIImm { a: S, v: i32, t: u32 } [],
    Switch { s: S, targets: ArenaSlice<u32> } [],

    /// Truncate to 8/16/32 bits and sign- or zero-extend to the slot.
    ConvI1 { d: S, s: S } [dest],
    ConvU1 { d: S, s: S } [dest],
    ConvI2 { d: S, s: S } [dest],
    ConvU2 { d: S, s: S } [dest],
    ConvI4 { d: S, s: S } [dest],
    /// Zero-extend a 32-bit value (conv.u8 of an int32).
    ConvZext { d: S, s: S } [dest],
    ConvFToI4 { d: S, s: S } [dest],
    ConvFToI8 { d: S, s: S } [dest],
    ConvFToU8 { d: S, s: S } [dest],
    ConvI8ToF { d: S, s: S } [dest],
    ConvU4ToF { d: S, s: S } [dest],
    ConvU8ToF { d: S, s: S } [dest],
    /// Round a double to float precision.
    ConvR4 { d: S, s: S } [dest],
    /// d = float32 memory form of F value s (for float variables whose
    /// address is taken: pointers to them see a float32).
    ConvToR4Mem { d: S, s: S } [],
    ConvOvf { d: S, s: S, to: ConvTo, src: Src, un: bool } [dest throws],
    Ckfinite { s: S } [throws],
    /// NullReferenceException when slot `s` is null (`callvirt` of a
    /// method that is not virtual: the call itself checks nothing).
    CheckNull { s: S } [throws],

    /// d = load(frame[a] + off); null-checked when `a` holds an object.
    Ld { m: Mem, d: S, a: S, off: i32 } [dest throws],
    St { m: Mem, a: S, off: i32, v: S } [throws],
    LdN { d: S, a: S, off: i32, size: u32 } [throws],
    StN { a: S, off: i32, v: S, size: u32 } [throws],
    /// d = frame[a] + off, null-checked.
    LdFlda { d: S, a: S, off: i32 } [dest throws],
    /// d = load(&frame[s] + off): a field of a struct held in slots.
    LdFrame { m: Mem, d: S, s: S, off: u32 } [dest],
    LdFrameN { d: S, s: S, off: u32, size: u32 } [],
    LdS { m: Mem, d: S, p: *mut u8 } [dest],
    StS { m: Mem, p: *mut u8, v: S } [],
    LdSN { d: S, p: *mut u8, size: u32 } [],
    StSN { p: *mut u8, v: S, size: u32 } [],
    LdSA { d: S, p: *mut u8 } [dest],
    InitClass { c: ClassRef } [throws],
    InitObj { a: S, size: u32 } [throws],
    CpBlk { d: S, s: S, n: S } [],
    /// `cpobj`: copies a value of `size` bytes from the address in `s` to
    /// the address in `d`; a null address raises NullReferenceException.
    CpObj { d: S, s: S, size: u32 } [throws],
    InitBlk { d: S, v: S, n: S } [],

    NewObj { ctor: &'static Method, a0: S, n: S, vt: S } [throws],
    NewArr { d: S, len: S, c: ClassRef } [dest throws],
    NewMdArr { c: ClassRef, a0: S, n: S } [throws],
    MdAccess { m: &'static Method, a0: S, n: S } [throws],
    NewString { ctor: &'static Method, a0: S } [throws],
    /// `Assembly.GetExecutingAssembly()` called from a method of class `c`.
    LdAssembly { d: S, c: ClassRef } [dest throws],
    NewDelegate { c: ClassRef, a0: S } [throws],
    LdLen { d: S, a: S } [dest throws],
    LdElem { m: Mem, d: S, a: S, i: S } [dest throws],
    StElem { m: Mem, a: S, i: S, v: S } [throws],
    /// Specialised forms of `LdElem`/`StElem`/`Ld`/`St` for the common
    /// widths (one dispatch instead of two; see `Insn::specialize`).
    LdElemI4 { d: S, a: S, i: S } [dest throws],
    LdElemU1 { d: S, a: S, i: S } [dest throws],
    LdElemI8 { d: S, a: S, i: S } [dest throws],
    StElemI4 { a: S, i: S, v: S } [throws],
    StElemI1 { a: S, i: S, v: S } [throws],
    StElemI8 { a: S, i: S, v: S } [throws],
    LdI4 { d: S, a: S, off: i32 } [dest throws],
    LdI8 { d: S, a: S, off: i32 } [dest throws],
    StI4 { a: S, off: i32, v: S } [throws],
    StI8 { a: S, off: i32, v: S } [throws],
    StElemRef { a: S, i: S, v: S } [throws],
    LdElemN { d: S, a: S, i: S, size: u32 } [throws],
    StElemN { a: S, i: S, v: S, size: u32 } [throws],
    LdElemA { d: S, a: S, i: S, size: u32, check: Option<ClassRef> } [dest throws],

    Call { m: &'static Method, a0: S } [throws],
    CallVirt {
        m: &'static Method,
        a0: S,
        /// Dispatch results of this site by receiver vtable.
        cache: &'static CallSiteCache,
    } [throws],
    /// `calli`: calls the method whose descriptor `f` holds (from ldftn),
    /// which must have the call site's signature.
    CallIndirect { f: S, a0: S, sig: &'static CallSig } [],
    CallIcall { f: Icall, m: &'static Method, a0: S } [throws],
    /// `constrained. T callvirt m` where T is a value type: resolved at
    /// transform time to a direct call (or boxing + virtual call).
    BoxThis { c: ClassRef, a0: S } [throws],
    DelegateInvoke { m: &'static Method, a0: S, n: S } [throws],
    Ret { s: S, n: S } [],
    RetVoid [],

    CastClass { s: S, c: ClassRef } [throws],
    IsInst { d: S, s: S, c: ClassRef } [dest],
    Box { d: S, s: S, c: ClassRef } [dest throws],
    Unbox { d: S, s: S, c: ClassRef } [throws],
    LdStr {
        d: S,
        obj: crate::runtime::roots::Root,
        /// The literal's user-string heap offset in the method's image (how
        /// AOT images name it).
        offset: u32,
    } [dest],
    LdPtr { d: S, v: usize } [dest],
    /// `ldtoken`: the handle's value `v`, and what it stands for (how AOT
    /// images name it).
    LdToken { d: S, v: usize, handle: Handle } [dest],
    /// The extra arguments of a vararg call, each (class, slot), packed
    /// for the callee's `arglist` (an `object[]` of type objects and
    /// values); written to `d`, the callee's hidden argument.
    MakeArgList { d: S, args: ArenaSlice<(ClassRef, S)> } [throws],
    /// `refanyval`: the address in a typed reference (slot `value`, its
    /// class in slot `class`), which must be of class `c` exactly (else
    /// InvalidCastException).
    RefAnyVal { d: S, value: S, class: S, c: ClassRef } [dest throws],
    LdFtn { d: S, m: &'static Method } [dest],
    LdVirtFtn { d: S, o: S, m: &'static Method } [dest throws],
    Localloc { d: S, s: S } [dest],

    Throw { s: S } [throws],
    Rethrow { clause: u32 } [throws],
    Leave { t: u32, finallies: ArenaSlice<u32> } [],
    EndFinally [],
    EndFilter { s: S } [],
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
    /// Has catch or filter clauses: its frames show themselves to the first
    /// pass of exception handling (`first_pass`).
    pub catches: bool,
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
