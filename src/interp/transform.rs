//! CIL -> interpreter code, once per method.
//!
//! Simulates the evaluation stack: every stack entry gets a fixed frame
//! slot (its depth in slots above the locals), so instructions name slots
//! directly and the exec loop never pushes or pops. Checks what the exec
//! loop relies on (stack depth and kinds, branch targets on instruction
//! boundaries, tokens of the right table, no falling off the end) and
//! reports violations as `InvalidProgramException`.

use std::collections::HashMap;

use cildec::tables::{MethodDefRow, StandAloneSigRow};
use cildec::{HandlerKind, LocalVarSig, MethodBody, OpCode, Operand, TableId, Token};

use crate::abi::layout::{slots_for, OBJECT_HEADER_SIZE};
use crate::interp::code::*;
use crate::metadata::error::{invalid_program, LoadError};
use crate::runtime::{icalls, object, rt};
use crate::types::class::{ClassRef, ElemKind, Kind};
use crate::types::method::Method;
use crate::types::resolve::{self, GenericCtx};
use crate::util::ArenaSlice;

/// Kind of an evaluation-stack entry.
#[derive(Clone, Copy, Debug)]
enum St {
    I4,
    I8,
    F,
    O,
    /// Managed or unmanaged pointer.
    P,
    Vt(ClassRef),
}

impl PartialEq for St {
    fn eq(&self, other: &St) -> bool {
        match (self, other) {
            (St::Vt(a), St::Vt(b)) => std::ptr::eq(*a, *b),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl St {
    /// For messages: what a value of this kind is.
    fn describe(self) -> &'static str {
        match self {
            St::I4 => "an int32",
            St::I8 => "an int64 or native int",
            St::F => "a float",
            St::O => "an object reference",
            St::P => "a pointer",
            St::Vt(_) => "a value type",
        }
    }

    fn slots(self) -> usize {
        match self {
            St::Vt(c) => c.value_size().map(slots_for).unwrap_or(1).max(1),
            _ => 1,
        }
    }
    fn is_int(self) -> bool {
        matches!(self, St::I4 | St::I8 | St::P)
    }
}

#[derive(Clone, Copy, Debug)]
struct Ent {
    st: St,
    /// The entry's own place in the frame.
    slot: S,
    /// Where its value is read from: `slot`, or the local/argument (or
    /// lower entry) it was loaded from and not yet copied out of.
    src: S,
    /// For an object reference, its declared class where the producer
    /// names one (a variable, field or result); for the address of a
    /// variable, the variable's type; unknown after a join.
    cls: Option<ClassRef>,
}

impl Ent {
    fn at(st: St, slot: S) -> Ent {
        Ent { st, slot, src: slot, cls: None }
    }
}

/// Can an object whose declared class is `c` be the `this` of a method of
/// `target`? Only invariant class hierarchies are judged (walking base
/// classes); anything else (interfaces, value types, generic parameters,
/// arrays and delegates, which convert by variance without an
/// instruction, System.Object) is left to run time.
fn may_be_this(c: ClassRef, target: ClassRef) -> bool {
    let judged = |k: ClassRef| k.kind == Kind::Class && !k.is_valuetype() && !is_delegate(k);
    if !judged(c) || !judged(target) || target.is("System", "Object") {
        return true;
    }
    let mut k = Some(c);
    while let Some(x) = k {
        if std::ptr::eq(x, target) {
            return true;
        }
        k = x.parent();
    }
    false
}

/// Does a value of type `c` hold object references?
fn holds_references(c: ClassRef) -> Result<bool, LoadError> {
    Ok(c.is_reference() || (c.is_valuetype() && c.layout()?.has_refs))
}

fn st_of(c: ClassRef) -> Result<Option<St>, LoadError> {
    Ok(Some(match c.elem_kind()? {
        ElemKind::Void => return Ok(None),
        ElemKind::I1 | ElemKind::U1 | ElemKind::I2 | ElemKind::U2 | ElemKind::I4 | ElemKind::U4 => St::I4,
        ElemKind::I8 if matches!(c.kind, Kind::Ptr | Kind::ByRef) => St::P,
        ElemKind::I8 => St::I8,
        ElemKind::R4 | ElemKind::R8 => St::F,
        ElemKind::Ref => St::O,
        ElemKind::Struct(_) => St::Vt(c),
    }))
}

/// May a stack value of kind `have` be stored where a `want` goes? The
/// rules of ECMA-335 III.1.6 less verifiability: int32, int64 and native
/// int mix, native ints and pointers mix; object references, floats and
/// value types (by class) match only themselves, so that no value is
/// ever read as something it is not.
fn storable(have: St, want: ClassRef) -> Result<bool, LoadError> {
    // `newobj` of a primitive (`new IntPtr(x)`) pushes its value type.
    let have = match have {
        St::Vt(c) => st_of(c)?.unwrap_or(have),
        h => h,
    };
    Ok(match (have, st_of(want)?) {
        (_, None) => false,
        (St::O, Some(St::O)) | (St::F, Some(St::F)) => true,
        (St::Vt(a), Some(St::Vt(b))) => std::ptr::eq(a, b),
        // An int32 goes where a native int or a pointer goes (ECMA-335
        // III.1.6), widened as it is already held.
        (St::I4 | St::I8, Some(St::I4 | St::I8)) | (St::I4 | St::I8 | St::P, Some(St::P | St::I8)) => true,
        _ => false,
    })
}

/// Access and stack kind of the typed `ldind.*` and `ldelem.*` opcodes.
fn typed_load(op: OpCode) -> (Mem, St) {
    use OpCode as O;
    match op {
        O::LdindI1 | O::LdelemI1 => (Mem::I1, St::I4),
        O::LdindU1 | O::LdelemU1 => (Mem::U1, St::I4),
        O::LdindI2 | O::LdelemI2 => (Mem::I2, St::I4),
        O::LdindU2 | O::LdelemU2 => (Mem::U2, St::I4),
        O::LdindI4 | O::LdindU4 | O::LdelemI4 | O::LdelemU4 => (Mem::I4, St::I4),
        O::LdindI8 | O::LdindI | O::LdelemI8 | O::LdelemI => (Mem::I8, St::I8),
        O::LdindR4 | O::LdelemR4 => (Mem::R4, St::F),
        O::LdindR8 | O::LdelemR8 => (Mem::R8, St::F),
        _ => (Mem::I8, St::O),
    }
}

fn mem_of(k: ElemKind) -> Option<Mem> {
    Mem::of(k)
}

fn slot(n: usize) -> Result<S, LoadError> {
    S::try_from(n).map_err(|_| invalid_program("method frame too large"))
}

struct Tx {
    m: &'static Method,
    ctx: GenericCtx,
    image: &'static crate::metadata::Image,
    insns: Vec<Insn>,
    il_of: Vec<u32>,
    stack: Vec<Ent>,
    stack_base: usize,
    max_slots: usize,
    /// Stack state recorded at branch targets (IL offset).
    join: HashMap<u32, Vec<Ent>>,
    /// Instructions whose targets are IL offsets to patch.
    fixups: Vec<usize>,
    /// Switch instructions and their IL targets (placed in the arena once mapped).
    switches: Vec<(usize, Vec<u32>)>,
    args: Vec<(ClassRef, S)>,
    /// A vararg method's hidden argument (what `arglist` reads).
    arglist: Option<S>,
    handlers: Vec<cildec::ExceptionHandler>,
    locals: Vec<(ClassRef, S)>,
    /// Argument and local slots whose address the method takes: loads
    /// from them always copy.
    addr_taken: std::collections::HashSet<S>,
    /// Argument 0 is stored to or has its address taken: in an instance
    /// method of a class, `this` may then be anything, even null.
    this_reassigned: bool,
    /// Every IL offset control can reach other than by falling through.
    targets: std::collections::HashSet<u32>,
    eager_cctors: Vec<ClassRef>,
    cur_il: u32,
    /// The instruction being transformed has a `readonly.` prefix.
    readonly: bool,
}

pub fn transform(m: &'static Method) -> Result<InterpCode, LoadError> {
    let image = m.class.image;
    let body = match m.dynamic {
        Some(d) => {
            MethodBody::parse(d.body, 0).map_err(|e| invalid_program(format!("bad dynamic method body: {e}")))?
        }
        None => {
            if m.rva == 0 {
                return Err(LoadError::MissingMethod(format!("Method has no body: {}", m.display_name())));
            }
            let row: MethodDefRow = image.row(m.rid)?;
            MethodBody::from_image(image.pe(), &row)
                .map_err(|e| LoadError::BadImage(format!("bad method body of {}: {e}", m.display_name())))?
                .ok_or_else(|| invalid_program("method has no body"))?
        }
    };
    let ctx = m.generic_ctx();
    let sig = m.sig()?;
    let mut tx = Tx {
        m,
        ctx,
        image,
        insns: Vec::new(),
        il_of: Vec::new(),
        stack: Vec::new(),
        stack_base: 0,
        max_slots: 0,
        join: HashMap::new(),
        fixups: Vec::new(),
        switches: Vec::new(),
        args: Vec::new(),
        arglist: None,
        handlers: body.exception_handlers.clone(),
        locals: Vec::new(),
        addr_taken: Default::default(),
        this_reassigned: false,
        targets: body
            .exception_handlers
            .iter()
            .flat_map(|h| match h.kind {
                HandlerKind::Filter { filter_offset } => vec![h.handler_offset, filter_offset],
                _ => vec![h.handler_offset],
            })
            .collect(),
        eager_cctors: Vec::new(),
        cur_il: 0,
        readonly: false,
    };
    let mut at = 0usize;
    if sig.has_this {
        let this = if m.class.is_valuetype() { rt().ptr_of(m.class, Kind::ByRef) } else { m.class };
        tx.args.push((this, slot(at)?));
        at += 1;
    }
    for p in &sig.params {
        tx.args.push((p, slot(at)?));
        at += p.value_size().map(slots_for)?.max(1);
    }
    if sig.vararg {
        tx.arglist = Some(slot(at)?);
        at += 1;
    }
    let arg_slots = at;
    if let Some(d) = m.dynamic {
        for &t in d.locals {
            tx.locals.push((t, slot(at)?));
            at += t.value_size().map(slots_for)?.max(1);
        }
    } else if let Some(tok) = body.local_var_sig {
        if tok.table() != Some(TableId::StandAloneSig) {
            return Err(invalid_program("bad local signature token"));
        }
        let row: StandAloneSigRow = image.row(tok.rid())?;
        let sig = LocalVarSig::parse(image.blob(row.signature)?).map_err(|e| LoadError::BadImage(e.to_string()))?;
        for l in &sig.locals {
            let mut t = resolve::sig_type(image, &l.type_, &ctx)?;
            if l.by_ref {
                t = rt().ptr_of(t, Kind::ByRef);
            }
            tx.locals.push((t, slot(at)?));
            at += t.value_size().map(slots_for)?.max(1);
        }
    }
    // Each clause holds its exception in flight in a slot below the
    // evaluation stack, where callee frames (which start at their
    // arguments) cannot overwrite it.
    let hold_base = at;
    at += body.exception_handlers.len();
    let local_slots = at - arg_slots;
    // Prefixes do not matter here; the transform's loop below reports bad IL.
    for ins in body.instructions().map_while(Result::ok) {
        let ins = &ins;
        match &ins.operand {
            Operand::BranchTarget(t) => {
                tx.targets.insert(*t);
            }
            Operand::Switch(ts) => tx.targets.extend(ts.iter().copied()),
            _ => {}
        }
        let Operand::Var(v) = ins.operand else { continue };
        if v == 0 && matches!(ins.opcode, OpCode::StargS | OpCode::Starg | OpCode::LdargaS | OpCode::Ldarga) {
            tx.this_reassigned = true;
        }
        let var = match ins.opcode {
            OpCode::LdargaS | OpCode::Ldarga => tx.args.get(v as usize),
            OpCode::LdlocaS | OpCode::Ldloca => tx.locals.get(v as usize),
            _ => None,
        };
        if let Some((t, s)) = var {
            let n = t.value_size().map(slots_for)?.max(1);
            tx.addr_taken.extend((0..n).map(|k| s + k as S));
        }
    }
    tx.stack_base = at;
    tx.max_slots = at;

    // Handler entry states: catch and filter blocks start with the exception.
    let exc_slot = slot(at)?;
    for h in &body.exception_handlers {
        match h.kind {
            HandlerKind::Catch(_) => {
                tx.join.insert(h.handler_offset, vec![Ent::at(St::O, exc_slot)]);
            }
            HandlerKind::Filter { filter_offset } => {
                tx.join.insert(filter_offset, vec![Ent::at(St::O, exc_slot)]);
                tx.join.insert(h.handler_offset, vec![Ent::at(St::O, exc_slot)]);
            }
            HandlerKind::Finally | HandlerKind::Fault => {
                tx.join.insert(h.handler_offset, vec![]);
            }
        }
    }
    // Float arguments arrive widened; those whose address is taken are
    // kept as float32 in memory form.
    for &(t, s) in &tx.args.clone() {
        if tx.addr_taken.contains(&s) && t.elem_kind()? == ElemKind::R4 {
            tx.emit(Insn::ConvToR4Mem { d: s, s });
        }
    }
    let mut il_to_insn: HashMap<u32, u32> = HashMap::new();
    let mut reachable = true;
    let mut last_end = 0u32;
    for folded in fold_prefixes(body.instructions()) {
        let f = folded?;
        let ins = &f.instruction;
        // Falling into a branch target: copy entries out before the label,
        // so that branches to it do not run the copies.
        if reachable && tx.targets.contains(&f.first_offset) {
            tx.materialize_all()?;
        }
        tx.cur_il = f.first_offset;
        tx.readonly = f.readonly;
        il_to_insn.insert(f.first_offset, tx.insns.len() as u32);
        if let Some(st) = tx.join.get(&f.first_offset) {
            if reachable && !same_shape(&tx.stack, st) {
                return Err(invalid_program(format!("stack mismatch at IL_{:04x}", f.first_offset)));
            }
            tx.stack = st.clone();
        } else if !reachable {
            tx.stack.clear();
        }
        reachable = tx.op(ins.opcode, &ins.operand, f.constrained, ins.next_offset())?;
        last_end = ins.next_offset();
    }
    if reachable {
        return Err(invalid_program(format!("{}: control falls off the end of the method", m.display_name())));
    }
    // The end of the body bounds clauses; no branch may go there.
    let branch = |il: u32| -> Result<u32, LoadError> {
        il_to_insn
            .get(&il)
            .copied()
            .ok_or_else(|| invalid_program(format!("branch target IL_{il:04x} is not an instruction boundary")))
    };
    let end = tx.insns.len() as u32;
    let bound = |il: u32| if il == last_end { Ok(end) } else { branch(il) };
    for (i, ts) in &tx.switches {
        for &t in ts {
            check_transfer(&tx.handlers, tx.il_of[*i], t, false)?;
        }
    }
    for &i in &tx.fixups {
        let (from, leave) = (tx.il_of[i], matches!(tx.insns[i], Insn::Leave { .. }));
        match &mut tx.insns[i] {
            Insn::Br { t }
            | Insn::BrTrue { t, .. }
            | Insn::BrFalse { t, .. }
            | Insn::BeqI { t, .. }
            | Insn::BneI { t, .. }
            | Insn::BltI { t, .. }
            | Insn::BleI { t, .. }
            | Insn::BgtI { t, .. }
            | Insn::BgeI { t, .. }
            | Insn::BeqIImm { t, .. }
            | Insn::BneIImm { t, .. }
            | Insn::BltIImm { t, .. }
            | Insn::BleIImm { t, .. }
            | Insn::BgtIImm { t, .. }
            | Insn::BgeIImm { t, .. }
            | Insn::Leave { t, .. } => {
                check_transfer(&tx.handlers, from, *t, leave)?;
                *t = branch(*t)?
            }
            _ => {}
        }
    }
    let arena = m.arena();
    for (i, ts) in std::mem::take(&mut tx.switches) {
        let mapped = ts.into_iter().map(branch).collect::<Result<Vec<_>, _>>()?;
        if let Insn::Switch { targets, .. } = &mut tx.insns[i] {
            *targets = arena.alloc_vec(mapped).into();
        }
    }
    let mut clauses = Vec::new();
    for h in &body.exception_handlers {
        let kind = match h.kind {
            HandlerKind::Catch(tok) => ClauseKind::Catch(tx.type_tok(tok)?),
            HandlerKind::Filter { filter_offset } => ClauseKind::Filter(branch(filter_offset)?),
            HandlerKind::Finally => ClauseKind::Finally,
            HandlerKind::Fault => ClauseKind::Fault,
        };
        clauses.push(Clause {
            kind,
            try_start: branch(h.try_offset)?,
            try_end: bound(h.try_end())?,
            handler_start: branch(h.handler_offset)?,
            handler_end: bound(h.handler_end())?,
            exc_slot,
            hold: slot(hold_base + clauses.len())?,
        });
    }
    let frame_slots = (tx.max_slots + 2) as u32;
    let catches = clauses.iter().any(|c| matches!(c.kind, ClauseKind::Catch(_) | ClauseKind::Filter(_)));
    if clauses.iter().any(|c| matches!(c.kind, ClauseKind::Filter(_))) {
        crate::interp::first_pass::filters_seen();
    }
    Ok(InterpCode {
        insns: arena.alloc_vec(tx.insns).into(),
        il_offsets: arena.alloc_vec(tx.il_of).into(),
        clauses: arena.alloc_vec(clauses).into(),
        frame_slots,
        arg_slots: arg_slots as u32,
        local_slots: local_slots as u32,
        eager_cctors: arena.alloc_vec(tx.eager_cctors).into(),
        eager_done: Default::default(),
        catches,
    })
}

/// The regions of `handlers` containing IL offset `il`, each as (3 *
/// clause + part, start) with parts protected block, handler, filter.
fn regions(handlers: &[cildec::ExceptionHandler], il: u32) -> Vec<(usize, u32)> {
    let mut v = Vec::new();
    for (i, h) in handlers.iter().enumerate() {
        if (h.try_offset..h.try_end()).contains(&il) {
            v.push((3 * i, h.try_offset));
        }
        if (h.handler_offset..h.handler_end()).contains(&il) {
            v.push((3 * i + 1, h.handler_offset));
        }
        if let HandlerKind::Filter { filter_offset } = h.kind {
            if (filter_offset..h.handler_offset).contains(&il) {
                v.push((3 * i + 2, filter_offset));
            }
        }
    }
    v
}

/// A branch stays in its regions; a `leave` may also exit some. Either may
/// enter a protected block at its first instruction (loops whose body is a
/// try block), never a handler or the middle of a block.
fn check_transfer(handlers: &[cildec::ExceptionHandler], from: u32, to: u32, leave: bool) -> Result<(), LoadError> {
    let (src, dst) = (regions(handlers, from), regions(handlers, to));
    let entered_ok = dst.iter().all(|r| src.contains(r) || (r.0 % 3 == 0 && r.1 == to));
    // Only endfinally leaves a finally or fault handler.
    let finally_exit = |r: &(usize, u32)| {
        r.0 % 3 == 1 && matches!(handlers[r.0 / 3].kind, HandlerKind::Finally | HandlerKind::Fault) && !dst.contains(r)
    };
    let exited_ok = src.iter().all(|r| dst.contains(r) || leave && !finally_exit(r));
    if entered_ok && exited_ok {
        return Ok(());
    }
    let what = if leave { "leave" } else { "branch" };
    Err(invalid_program(format!("{what} from IL_{from:04x} to IL_{to:04x} crosses a protected block illegally")))
}

/// `System.TypedReference` (its slots: `object::typed_ref_slots`).
fn typed_reference() -> Result<ClassRef, LoadError> {
    rt().corlib_class("System", "TypedReference")
}

/// An instruction with the prefixes before it folded in.
struct Folded {
    instruction: cildec::il::Instruction,
    /// Offset of its first prefix (or of itself): where branches may land.
    first_offset: u32,
    constrained: Option<Token>,
    readonly: bool,
}

/// Folds prefixes onto the instruction they precede. Unlike cildec's
/// folding, any prefix may precede any instruction, as Mono runs it (it
/// executes `unaligned. cpobj`, which III.2.5 does not list): prefixes
/// only qualify an access, except `constrained.`, which must precede a
/// call or ldftn. A prefix at the end of the body, or given twice, is bad IL.
fn fold_prefixes<'a>(
    mut it: impl Iterator<Item = Result<cildec::il::Instruction, cildec::Error>> + 'a,
) -> impl Iterator<Item = Result<Folded, LoadError>> + 'a {
    let bad = |e: cildec::Error| invalid_program(format!("bad IL: {e}"));
    std::iter::from_fn(move || {
        let mut first: Option<u32> = None;
        let mut constrained: Option<Token> = None;
        let mut seen: Vec<cildec::il::OpCode> = Vec::new();
        loop {
            let ins = match it.next() {
                None if first.is_some() => return Some(Err(invalid_program("a prefix ends the method body"))),
                None => return None,
                Some(r) => match r.map_err(bad) {
                    Ok(i) => i,
                    Err(e) => return Some(Err(e)),
                },
            };
            let at = *first.get_or_insert(ins.offset);
            if ins.opcode.is_prefix() {
                if seen.contains(&ins.opcode) {
                    return Some(Err(invalid_program(format!(
                        "duplicate prefix {} at IL_{at:04x}",
                        ins.opcode.name()
                    ))));
                }
                seen.push(ins.opcode);
                if ins.opcode == cildec::il::OpCode::Constrained {
                    constrained = ins.operand.token();
                }
                continue;
            }
            use cildec::il::OpCode as O;
            if constrained.is_some() && !matches!(ins.opcode, O::Call | O::Callvirt | O::Ldftn) {
                return Some(Err(invalid_program(format!("constrained. before {} at IL_{at:04x}", ins.opcode.name()))));
            }
            let readonly = seen.contains(&O::Readonly);
            return Some(Ok(Folded { instruction: ins, first_offset: at, constrained, readonly }));
        }
    })
}

/// Do two stack states agree at a join: the same places, and values of
/// kinds that may meet there (an int on one path and a reference on the
/// other would let the code after the join read one as the other)? As in
/// `storable`, integers of either width mix, and native ints with
/// pointers (`fixed` joins a null native int with an element address).
fn same_shape(a: &[Ent], b: &[Ent]) -> bool {
    let meet = |x: St, y: St| {
        x == y || matches!((x, y), (St::I4 | St::I8, St::I4 | St::I8) | (St::I8 | St::P, St::I8 | St::P))
    };
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.slot == y.slot && meet(x.st, y.st))
}

impl Tx {
    fn emit(&mut self, i: Insn) {
        self.insns.push(i.specialize());
        self.il_of.push(self.cur_il);
    }

    fn emit_branch(&mut self, i: Insn) {
        self.fixups.push(self.insns.len());
        self.emit(i);
    }

    fn top_slot(&self) -> usize {
        self.stack.last().map_or(self.stack_base, |e| e.slot as usize + e.st.slots())
    }

    fn push(&mut self, st: St) -> Result<S, LoadError> {
        let s = self.top_slot();
        let end = s + st.slots();
        self.max_slots = self.max_slots.max(end + 1);
        let s = slot(s)?;
        self.stack.push(Ent::at(st, s));
        Ok(s)
    }

    /// Pushes the address of a variable of type `t`.
    fn push_address_of(&mut self, t: ClassRef) -> Result<S, LoadError> {
        let d = self.push(St::P)?;
        if let Some(top) = self.stack.last_mut() {
            top.cls = Some(t);
        }
        Ok(d)
    }

    /// `ldobj`/`stobj`/`initobj`/`cpobj` of type `c` through address `a`:
    /// when `a` is a variable's address, the variable must be a `c`, or
    /// neither may hold object references and `c` must fit in it; else raw
    /// bytes would be written over a reference or read out as one.
    fn check_pointee(&self, a: &Ent, c: ClassRef, op: OpCode) -> Result<(), LoadError> {
        self.check_address(a, op)?;
        let (St::P, Some(t)) = (a.st, a.cls) else { return Ok(()) };
        if std::ptr::eq(t, c) || (t.is_reference() && c.is_reference()) {
            return Ok(());
        }
        if !holds_references(t)? && !holds_references(c)? && c.value_size()? <= t.value_size()? {
            return Ok(());
        }
        Err(invalid_program(format!(
            "{} of {} through the address of a {} at IL_{:04x}",
            op.name(),
            c.full_name(),
            t.full_name(),
            self.cur_il
        )))
    }

    /// The address operand of an indirect load or store is a pointer or an
    /// integer; an object reference there would let raw bytes overwrite
    /// its header.
    fn check_address(&self, a: &Ent, op: OpCode) -> Result<(), LoadError> {
        match a.st {
            St::P | St::I4 | St::I8 => Ok(()),
            st => Err(invalid_program(format!("{} through {} at IL_{:04x}", op.name(), st.describe(), self.cur_il))),
        }
    }

    /// Pushes a value declared of class `c`, remembering the class of an
    /// object reference.
    fn push_of(&mut self, st: St, c: ClassRef) -> Result<S, LoadError> {
        let d = self.push(st)?;
        if let (St::O, Some(top)) = (st, self.stack.last_mut()) {
            top.cls = Some(c);
        }
        Ok(d)
    }

    /// Pushes an entry whose value is still at `src` (an operation that
    /// changed nothing: a cast check, boxing a reference).
    fn push_alias(&mut self, st: St, src: S) -> Result<S, LoadError> {
        let d = self.push(st)?;
        if let Some(top) = self.stack.last_mut() {
            top.src = src;
        }
        Ok(d)
    }

    fn pop(&mut self) -> Result<Ent, LoadError> {
        self.stack.pop().ok_or_else(|| {
            invalid_program(format!("stack underflow at IL_{:04x} in {}", self.cur_il, self.m.display_name()))
        })
    }

    /// Fails unless `v` may be stored where a `want` goes (see `storable`).
    fn check_store(&self, v: &Ent, want: ClassRef, place: impl FnOnce() -> String) -> Result<(), LoadError> {
        // An object of a known class goes only where that class fits, as
        // far as `may_be_this` judges it (invariant class hierarchies). The
        // corlib is trusted: it reinterprets references on purpose
        // (Unsafe.As, JitHelpers.UnsafeCast), as Mono lets it.
        let fits = v.st != St::O || self.m.class.is_corlib() || v.cls.is_none_or(|c| may_be_this(c, want));
        if storable(v.st, want)? && fits {
            return Ok(());
        }
        Err(invalid_program(format!(
            "{} where {} ({}) is expected at IL_{:04x} in {}",
            match (v.st, v.cls) {
                (St::O, Some(c)) => c.full_name(),
                (st, _) => format!("{st:?}"),
            },
            want.full_name(),
            place(),
            self.cur_il,
            self.m.display_name()
        )))
    }

    /// Fails unless `v` is an object reference (an array, an exception...).
    fn check_object(&self, v: &Ent, what: &str) -> Result<(), LoadError> {
        if v.st == St::O {
            return Ok(());
        }
        Err(invalid_program(format!(
            "{:?} given as the {what} at IL_{:04x} in {}",
            v.st,
            self.cur_il,
            self.m.display_name()
        )))
    }

    /// Fails unless `v` is an array index (an int32 or a native int).
    fn check_index(&self, v: &Ent) -> Result<(), LoadError> {
        if matches!(v.st, St::I4 | St::I8) {
            return Ok(());
        }
        Err(invalid_program(format!("{:?} given as an array index at IL_{:04x}", v.st, self.cur_il)))
    }

    /// Fails unless `o` can hold an instance field of `owner`: a reference
    /// or an address (or, to read a field, a value of the owner's type).
    fn check_owner(&self, o: &Ent, owner: ClassRef, by_value: bool) -> Result<(), LoadError> {
        let ok = match o.st {
            St::O | St::P | St::I8 => true,
            St::Vt(c) => by_value && std::ptr::eq(c, owner),
            _ => false,
        };
        if ok {
            return Ok(());
        }
        Err(invalid_program(format!(
            "{:?} given as the instance of a field of {} at IL_{:04x}",
            o.st,
            owner.full_name(),
            self.cur_il
        )))
    }

    /// Checks the arguments of a call to `m` on the stack: `this` (when
    /// `with_this`) is a reference, or for value types' methods and
    /// `constrained.` calls an address; the others fit their parameters.
    fn check_args(&self, m: &'static Method, with_this: bool, constrained: bool) -> Result<(), LoadError> {
        let sig = m.sig()?;
        let n = sig.params.len() + with_this as usize;
        let Some(args) = self.stack.len().checked_sub(n).map(|base| &self.stack[base..]) else {
            return Ok(()); // `pop_n` reports the underflow
        };
        if with_this {
            let ok = match args[0].st {
                // A value type's method takes the address of its value: an
                // object reference there would be written as the value.
                St::O => !m.class.is_valuetype() && args[0].cls.is_none_or(|c| may_be_this(c, m.class)),
                St::P | St::I8 => m.class.is_valuetype() || constrained,
                _ => false,
            };
            if !ok {
                return Err(invalid_program(format!(
                    "{:?} given as `this` of {} at IL_{:04x} in {}",
                    args[0].st,
                    m.display_name(),
                    self.cur_il,
                    self.m.display_name()
                )));
            }
        }
        for (i, (v, p)) in args[with_this as usize..].iter().zip(&sig.params).enumerate() {
            self.check_store(v, p, || format!("argument {} of {}", i + 1, m.display_name()))?;
        }
        Ok(())
    }

    /// Reserves `n` extra slots above the stack top (for call shuffling).
    fn reserve(&mut self, n: usize) {
        self.max_slots = self.max_slots.max(self.top_slot() + n + 1);
    }

    fn record_join(&mut self, il: u32) -> Result<(), LoadError> {
        self.materialize_all()?;
        match self.join.get(&il) {
            Some(st) if !same_shape(st, &self.stack) => {
                Err(invalid_program(format!("stack mismatch at branch target IL_{il:04x}")))
            }
            Some(_) => Ok(()),
            None => {
                // Other paths may bring objects of other classes.
                let stack = self.stack.iter().map(|e| Ent { cls: None, ..*e }).collect();
                self.join.insert(il, stack);
                Ok(())
            }
        }
    }

    fn tok_err(&self, e: LoadError) -> LoadError {
        match e {
            LoadError::BadImage(m) => invalid_program(format!("bad token in {}: {m}", self.m.display_name())),
            e => e,
        }
    }

    fn type_tok(&self, tok: Token) -> Result<ClassRef, LoadError> {
        match self.m.dynamic {
            Some(d) => d.type_token(tok),
            None => resolve::type_token(self.image, tok, &self.ctx).map_err(|e| self.tok_err(e)),
        }
    }

    fn method_tok(&self, tok: Token) -> Result<&'static Method, LoadError> {
        match self.m.dynamic {
            Some(d) => d.method_token(tok, self.m),
            None => resolve::method_token(self.image, tok, &self.ctx).map_err(|e| self.tok_err(e)),
        }
    }

    /// The signature of a `calli` site: a StandAloneSig, or an entry of a
    /// dynamic method's token table.
    fn call_sig(&self, tok: Token) -> Result<&'static CallSig, LoadError> {
        if let Some(d) = self.m.dynamic {
            return d.sig_token(tok);
        }
        if tok.table() != Some(TableId::StandAloneSig) {
            return Err(invalid_program("calli needs a signature token"));
        }
        let row: StandAloneSigRow = self.image.row(tok.rid())?;
        let s =
            resolve::method_sig(self.image, self.image.blob(row.signature)?, &self.ctx).map_err(|e| self.tok_err(e))?;
        let arena = self.m.arena();
        Ok(arena.alloc(CallSig { has_this: s.has_this, params: arena.alloc_slice(&s.params), ret: s.ret }))
    }

    fn field_tok(&self, tok: Token) -> Result<(ClassRef, &'static crate::types::class::Field), LoadError> {
        match self.m.dynamic {
            Some(d) => d.field_token(tok),
            None => resolve::field_token(self.image, tok, &self.ctx).map_err(|e| self.tok_err(e)),
        }
    }

    /// Copies a value into `d` with the store semantics of a location of type `t`.
    fn store_to(&mut self, t: ClassRef, d: S, v: Ent) -> Result<(), LoadError> {
        let k = t.elem_kind()?;
        self.materialize_var(d, slots_for(k.size()).max(1))?;
        if k == ElemKind::R4 && self.addr_taken.contains(&d) {
            self.emit(Insn::ConvToR4Mem { d, s: v.src });
            return Ok(());
        }
        let plain = matches!(k, ElemKind::I4 | ElemKind::U4 | ElemKind::I8 | ElemKind::R8 | ElemKind::Ref);
        if plain && v.src == v.slot && self.retarget_last(v.slot, d) {
            return Ok(());
        }
        let i = match k {
            ElemKind::I1 => Insn::ConvI1 { d, s: v.src },
            ElemKind::U1 => Insn::ConvU1 { d, s: v.src },
            ElemKind::I2 => Insn::ConvI2 { d, s: v.src },
            ElemKind::U2 => Insn::ConvU2 { d, s: v.src },
            ElemKind::R4 => Insn::ConvR4 { d, s: v.src },
            ElemKind::Struct(n) => Insn::MovN { d, s: v.src, n: slot(slots_for(n as usize))? },
            _ if v.st == St::I4 && matches!(k, ElemKind::I8) => {
                // int32 stored to a native-int-sized location: already sign-extended.
                Insn::Mov { d, s: v.src }
            }
            _ => Insn::Mov { d, s: v.src },
        };
        if !matches!(i, Insn::Mov { d, s } if d == s) {
            self.emit(i);
        }
        Ok(())
    }

    /// `ldloc`/`ldarg`: the entry reads the variable in place until
    /// something could change it (see `materialize`); variables whose
    /// address is taken are always copied.
    fn load_from(&mut self, t: ClassRef, s: S) -> Result<(), LoadError> {
        let st = st_of(t)?.ok_or_else(|| invalid_program("load of void"))?;
        let d = self.push_of(st, t)?;
        if self.addr_taken.contains(&s) {
            match st {
                St::Vt(_) => self.emit(Insn::MovN { d, s, n: slot(st.slots())? }),
                // Stores through pointers write only the value's width, so
                // reload with the width's extension (and float widening).
                _ => match Mem::of(t.elem_kind()?) {
                    Some(m) if m != Mem::I8 && m != Mem::R8 => self.emit(Insn::LdFrame { m, d, s, off: 0 }),
                    _ => self.emit(Insn::Mov { d, s }),
                },
            }
        } else if let Some(top) = self.stack.last_mut() {
            top.src = s;
        }
        Ok(())
    }

    /// If entry `e` (the stack top) holds an int32 constant loaded by the
    /// instruction just emitted, removes that load and returns the value.
    fn take_const(&mut self, e: Ent) -> Option<i32> {
        if e.src != e.slot || e.st != St::I4 || self.targets.contains(&self.cur_il) {
            return None;
        }
        match self.insns.last() {
            Some(Insn::LdcI4 { d, v }) if *d == e.slot => {
                let v = *v;
                self.insns.pop();
                self.il_of.pop();
                Some(v)
            }
            _ => None,
        }
    }

    /// `stloc` folding: when the instruction just emitted computed the
    /// popped temporary `t` and nothing else can observe `t`, make it write
    /// variable `d` directly.
    fn retarget_last(&mut self, t: S, d: S) -> bool {
        if self.targets.contains(&self.cur_il) || self.stack.iter().any(|e| e.src == t) {
            return false;
        }
        match self.insns.last_mut().and_then(Insn::single_dest_mut) {
            Some(dest) if *dest == t => {
                *dest = d;
                true
            }
            _ => false,
        }
    }

    /// Copies stack entry `i` into its own slot if it still reads elsewhere.
    fn materialize(&mut self, i: usize) -> Result<(), LoadError> {
        let e = self.stack[i];
        if e.src != e.slot {
            match e.st {
                St::Vt(_) => self.emit(Insn::MovN { d: e.slot, s: e.src, n: slot(e.st.slots())? }),
                _ => self.emit(Insn::Mov { d: e.slot, s: e.src }),
            }
            self.stack[i].src = e.slot;
        }
        Ok(())
    }

    /// Before control flow merges or leaves: every entry in its own slot.
    fn materialize_all(&mut self) -> Result<(), LoadError> {
        (0..self.stack.len()).try_for_each(|i| self.materialize(i))
    }

    /// Before variable `[s, s + n)` is written: copy out entries reading it.
    fn materialize_var(&mut self, s: S, n: usize) -> Result<(), LoadError> {
        for i in 0..self.stack.len() {
            let e = self.stack[i];
            let (lo, hi) = (e.src as usize, e.src as usize + e.st.slots());
            if e.src != e.slot && lo < s as usize + n && (s as usize) < hi {
                self.materialize(i)?;
            }
        }
        Ok(())
    }

    fn binop(&mut self, op: OpCode) -> Result<(), LoadError> {
        let b = self.pop()?;
        let a = self.pop()?;
        if a.st == St::I4 && matches!(op, OpCode::Add | OpCode::Sub) {
            if let Some(v) = self.take_const(b) {
                let v = if op == OpCode::Sub { v.wrapping_neg() } else { v };
                self.emit(Insn::AddI4Imm { d: a.slot, s: a.src, v });
                self.push(St::I4)?;
                return Ok(());
            }
        }
        let d = a.slot;
        let (ai, bi) = (a.src, b.src);
        let float = a.st == St::F && b.st == St::F;
        // Integers and pointers mix; object references and value types
        // are no operands (an object plus one is no object).
        if !float && !(a.st.is_int() && b.st.is_int()) {
            return Err(invalid_program(format!("bad operand types for {op:?}")));
        }
        let shift = matches!(op, OpCode::Shl | OpCode::Shr | OpCode::ShrUn);
        let wide = if shift { a.st != St::I4 } else { a.st != St::I4 || b.st != St::I4 };
        let res = if float {
            St::F
        } else if shift {
            a.st
        } else if !wide {
            St::I4
        } else if a.st == St::P || b.st == St::P {
            St::P
        } else {
            St::I8
        };
        use OpCode as O;
        let i = if float {
            match op {
                O::Add => Insn::AddF { d, a: ai, b: bi },
                O::Sub => Insn::SubF { d, a: ai, b: bi },
                O::Mul => Insn::MulF { d, a: ai, b: bi },
                O::Div => Insn::DivF { d, a: ai, b: bi },
                O::Rem => Insn::RemF { d, a: ai, b: bi },
                _ => return Err(invalid_program(format!("{op:?} on floats"))),
            }
        } else if !wide {
            match op {
                O::Add => Insn::AddI4 { d, a: ai, b: bi },
                O::Sub => Insn::SubI4 { d, a: ai, b: bi },
                O::Mul => Insn::MulI4 { d, a: ai, b: bi },
                O::Div => Insn::DivI4 { d, a: ai, b: bi },
                O::DivUn => Insn::DivUnI4 { d, a: ai, b: bi },
                O::Rem => Insn::RemI4 { d, a: ai, b: bi },
                O::RemUn => Insn::RemUnI4 { d, a: ai, b: bi },
                O::And => Insn::And { d, a: ai, b: bi },
                O::Or => Insn::Or { d, a: ai, b: bi },
                O::Xor => Insn::Xor { d, a: ai, b: bi },
                O::Shl => Insn::ShlI4 { d, a: ai, b: bi },
                O::Shr => Insn::ShrI4 { d, a: ai, b: bi },
                O::ShrUn => Insn::ShrUnI4 { d, a: ai, b: bi },
                O::AddOvf => Insn::Ovf { op: OvfOp::Add, wide, d, a: ai, b: bi },
                O::AddOvfUn => Insn::Ovf { op: OvfOp::AddUn, wide, d, a: ai, b: bi },
                O::SubOvf => Insn::Ovf { op: OvfOp::Sub, wide, d, a: ai, b: bi },
                O::SubOvfUn => Insn::Ovf { op: OvfOp::SubUn, wide, d, a: ai, b: bi },
                O::MulOvf => Insn::Ovf { op: OvfOp::Mul, wide, d, a: ai, b: bi },
                O::MulOvfUn => Insn::Ovf { op: OvfOp::MulUn, wide, d, a: ai, b: bi },
                _ => unreachable_op(op)?,
            }
        } else {
            match op {
                O::Add => Insn::AddI8 { d, a: ai, b: bi },
                O::Sub => Insn::SubI8 { d, a: ai, b: bi },
                O::Mul => Insn::MulI8 { d, a: ai, b: bi },
                O::Div => Insn::DivI8 { d, a: ai, b: bi },
                O::DivUn => Insn::DivUnI8 { d, a: ai, b: bi },
                O::Rem => Insn::RemI8 { d, a: ai, b: bi },
                O::RemUn => Insn::RemUnI8 { d, a: ai, b: bi },
                O::And => Insn::And { d, a: ai, b: bi },
                O::Or => Insn::Or { d, a: ai, b: bi },
                O::Xor => Insn::Xor { d, a: ai, b: bi },
                O::Shl => Insn::ShlI8 { d, a: ai, b: bi },
                O::Shr => Insn::ShrI8 { d, a: ai, b: bi },
                O::ShrUn => Insn::ShrUnI8 { d, a: ai, b: bi },
                O::AddOvf => Insn::Ovf { op: OvfOp::Add, wide, d, a: ai, b: bi },
                O::AddOvfUn => Insn::Ovf { op: OvfOp::AddUn, wide, d, a: ai, b: bi },
                O::SubOvf => Insn::Ovf { op: OvfOp::Sub, wide, d, a: ai, b: bi },
                O::SubOvfUn => Insn::Ovf { op: OvfOp::SubUn, wide, d, a: ai, b: bi },
                O::MulOvf => Insn::Ovf { op: OvfOp::Mul, wide, d, a: ai, b: bi },
                O::MulOvfUn => Insn::Ovf { op: OvfOp::MulUn, wide, d, a: ai, b: bi },
                _ => unreachable_op(op)?,
            }
        };
        self.emit(i);
        self.push(res)?;
        Ok(())
    }

    /// Emits a comparison of the two top entries into `d`; returns whether
    /// the result must be negated (for branch forms).
    fn compare(&mut self, op: OpCode) -> Result<(S, bool), LoadError> {
        use OpCode as O;
        let b = self.pop()?;
        let a = self.pop()?;
        let d = a.slot;
        let (ai, bi) = (a.src, b.src);
        let float = a.st == St::F;
        let narrow = a.st == St::I4 && b.st == St::I4;
        let (i, neg) = if float {
            match op {
                O::Ceq | O::Beq => (Insn::CeqF { d, a: ai, b: bi }, false),
                O::BneUn => (Insn::CeqF { d, a: ai, b: bi }, true),
                O::Cgt | O::Bgt => (Insn::CgtF { d, a: ai, b: bi }, false),
                O::CgtUn | O::BgtUn => (Insn::CgtUnF { d, a: ai, b: bi }, false),
                O::Clt | O::Blt => (Insn::CltF { d, a: ai, b: bi }, false),
                O::CltUn | O::BltUn => (Insn::CltUnF { d, a: ai, b: bi }, false),
                O::Bge => (Insn::CltUnF { d, a: ai, b: bi }, true),
                O::BgeUn => (Insn::CltF { d, a: ai, b: bi }, true),
                O::Ble => (Insn::CgtUnF { d, a: ai, b: bi }, true),
                O::BleUn => (Insn::CgtF { d, a: ai, b: bi }, true),
                _ => unreachable_op(op)?,
            }
        } else {
            match op {
                O::Ceq | O::Beq => (Insn::CeqI { d, a: ai, b: bi }, false),
                O::BneUn => (Insn::CeqI { d, a: ai, b: bi }, true),
                O::Cgt | O::Bgt => (Insn::CgtI { d, a: ai, b: bi }, false),
                O::Clt | O::Blt => (Insn::CltI { d, a: ai, b: bi }, false),
                O::Bge => (Insn::CltI { d, a: ai, b: bi }, true),
                O::Ble => (Insn::CgtI { d, a: ai, b: bi }, true),
                O::CgtUn | O::BgtUn if narrow => (Insn::CgtUnI4 { d, a: ai, b: bi }, false),
                O::CgtUn | O::BgtUn => (Insn::CgtUnI8 { d, a: ai, b: bi }, false),
                O::CltUn | O::BltUn if narrow => (Insn::CltUnI4 { d, a: ai, b: bi }, false),
                O::CltUn | O::BltUn => (Insn::CltUnI8 { d, a: ai, b: bi }, false),
                O::BgeUn if narrow => (Insn::CltUnI4 { d, a: ai, b: bi }, true),
                O::BgeUn => (Insn::CltUnI8 { d, a: ai, b: bi }, true),
                O::BleUn if narrow => (Insn::CgtUnI4 { d, a: ai, b: bi }, true),
                O::BleUn => (Insn::CgtUnI8 { d, a: ai, b: bi }, true),
                _ => unreachable_op(op)?,
            }
        };
        self.emit(i);
        Ok((d, neg))
    }

    fn conv(&mut self, op: OpCode) -> Result<(), LoadError> {
        use OpCode as O;
        let v = self.pop()?;
        let (d, s) = (v.slot, v.src);
        let src = match v.st {
            St::I4 => Src::I4,
            St::I8 | St::P | St::O => Src::I8,
            St::F => Src::F,
            St::Vt(_) => return Err(invalid_program("conversion of a struct")),
        };
        let ovf = |to, un| Insn::ConvOvf { d, s, to, src, un };
        let (insns, res): (Vec<Insn>, St) = match op {
            O::ConvI1 | O::ConvU1 | O::ConvI2 | O::ConvU2 => {
                let mut v = vec![];
                let from = if src == Src::F {
                    v.push(Insn::ConvFToI4 { d, s });
                    d
                } else {
                    s
                };
                v.push(match op {
                    O::ConvI1 => Insn::ConvI1 { d, s: from },
                    O::ConvU1 => Insn::ConvU1 { d, s: from },
                    O::ConvI2 => Insn::ConvI2 { d, s: from },
                    _ => Insn::ConvU2 { d, s: from },
                });
                (v, St::I4)
            }
            O::ConvI4 | O::ConvU4 => match src {
                Src::I4 => (vec![], St::I4),
                Src::I8 => (vec![Insn::ConvI4 { d, s }], St::I4),
                Src::F if op == O::ConvI4 => (vec![Insn::ConvFToI4 { d, s }], St::I4),
                Src::F => (vec![Insn::ConvFToI8 { d, s }, Insn::ConvI4 { d, s: d }], St::I4),
            },
            O::ConvI8 | O::ConvI => match src {
                Src::I4 | Src::I8 => (vec![], St::I8),
                Src::F => (vec![Insn::ConvFToI8 { d, s }], St::I8),
            },
            O::ConvU8 | O::ConvU => match src {
                Src::I4 => (vec![Insn::ConvZext { d, s }], St::I8),
                Src::I8 => (vec![], if op == O::ConvU && v.st == St::P { St::P } else { St::I8 }),
                Src::F => (vec![Insn::ConvFToU8 { d, s }], St::I8),
            },
            O::ConvR4 => match src {
                Src::F => (vec![Insn::ConvR4 { d, s }], St::F),
                _ => (vec![Insn::ConvI8ToF { d, s }, Insn::ConvR4 { d, s: d }], St::F),
            },
            O::ConvR8 => match src {
                Src::F => (vec![], St::F),
                _ => (vec![Insn::ConvI8ToF { d, s }], St::F),
            },
            O::ConvRUn => match src {
                Src::I4 => (vec![Insn::ConvU4ToF { d, s }], St::F),
                Src::I8 => (vec![Insn::ConvU8ToF { d, s }], St::F),
                Src::F => (vec![], St::F),
            },
            // Checked conversions that cannot fail change nothing.
            O::ConvOvfI4 | O::ConvOvfU4Un if src == Src::I4 => (vec![], St::I4),
            O::ConvOvfI8 | O::ConvOvfI if src != Src::F => (vec![], St::I8),
            O::ConvOvfU8Un | O::ConvOvfUUn if src == Src::I8 => (vec![], St::I8),
            O::ConvOvfI1 => (vec![ovf(ConvTo::I1, false)], St::I4),
            O::ConvOvfU1 => (vec![ovf(ConvTo::U1, false)], St::I4),
            O::ConvOvfI2 => (vec![ovf(ConvTo::I2, false)], St::I4),
            O::ConvOvfU2 => (vec![ovf(ConvTo::U2, false)], St::I4),
            O::ConvOvfI4 => (vec![ovf(ConvTo::I4, false)], St::I4),
            O::ConvOvfU4 => (vec![ovf(ConvTo::U4, false)], St::I4),
            O::ConvOvfI8 | O::ConvOvfI => (vec![ovf(ConvTo::I8, false)], St::I8),
            O::ConvOvfU8 | O::ConvOvfU => (vec![ovf(ConvTo::U8, false)], St::I8),
            O::ConvOvfI1Un => (vec![ovf(ConvTo::I1, true)], St::I4),
            O::ConvOvfU1Un => (vec![ovf(ConvTo::U1, true)], St::I4),
            O::ConvOvfI2Un => (vec![ovf(ConvTo::I2, true)], St::I4),
            O::ConvOvfU2Un => (vec![ovf(ConvTo::U2, true)], St::I4),
            O::ConvOvfI4Un => (vec![ovf(ConvTo::I4, true)], St::I4),
            O::ConvOvfU4Un => (vec![ovf(ConvTo::U4, true)], St::I4),
            O::ConvOvfI8Un | O::ConvOvfIUn => (vec![ovf(ConvTo::I8, true)], St::I8),
            O::ConvOvfU8Un | O::ConvOvfUUn => (vec![ovf(ConvTo::U8, true)], St::I8),
            _ => unreachable_op(op)?,
        };
        // A conversion that changes nothing keeps reading the same place.
        let same = insns.is_empty();
        for i in insns {
            self.emit(i);
        }
        if same {
            self.push_alias(res, s)?;
        } else {
            self.push(res)?;
        }
        Ok(())
    }

    /// Pops the arguments of `m` (with `this` when `with_this`); returns the
    /// first argument's slot.
    fn pop_args(&mut self, m: &'static Method, with_this: bool) -> Result<S, LoadError> {
        let n = m.sig()?.params.len() + with_this as usize;
        self.pop_n(n, &m.display_name())
    }

    /// Pops `n` call arguments (each in its own slot); returns the first's slot.
    fn pop_n(&mut self, n: usize, callee: &str) -> Result<S, LoadError> {
        if self.stack.len() < n {
            return Err(invalid_program(format!("stack underflow calling {callee}")));
        }
        for i in self.stack.len() - n..self.stack.len() {
            self.materialize(i)?;
        }
        let a0 = if n == 0 { slot(self.top_slot())? } else { self.stack[self.stack.len() - n].slot };
        self.stack.truncate(self.stack.len() - n);
        Ok(a0)
    }

    fn push_ret(&mut self, m: &'static Method, a0: S) -> Result<(), LoadError> {
        let sig = m.sig()?;
        if let Some(st) = st_of(sig.ret)? {
            let s = self.push_of(st, sig.ret)?;
            debug_assert_eq!(s, a0);
        }
        Ok(())
    }

    fn call(
        &mut self,
        m: &'static Method,
        virt: bool,
        constrained: Option<Token>,
        varargs: &[ClassRef],
    ) -> Result<(), LoadError> {
        let sig = m.sig()?;
        self.init_for_call(m)?;
        if !varargs.is_empty() && !sig.vararg {
            return Err(invalid_program(format!("extra arguments to {}, which takes none", m.display_name())));
        }
        // A vararg callee's hidden argument follows its own arguments: the
        // extra arguments, packed where the first of them was.
        let extra = if sig.vararg {
            let n = self.stack.len();
            if n < varargs.len() {
                return Err(invalid_program(format!("stack underflow calling {}", m.display_name())));
            }
            for (k, i) in (n - varargs.len()..n).enumerate() {
                self.materialize(i)?;
                let e = self.stack[i];
                self.check_store(&e, varargs[k], || format!("extra argument {} of {}", k + 1, m.display_name()))?;
            }
            let slots: Vec<(ClassRef, S)> =
                varargs.iter().zip(&self.stack[n - varargs.len()..]).map(|(c, e)| (*c, e.slot)).collect();
            self.stack.truncate(n - varargs.len());
            Some((self.top_slot(), slots))
        } else {
            None
        };
        // As pushed, before the arguments are copied to their slots.
        let receiver =
            sig.has_this.then(|| self.stack.len().checked_sub(sig.params.len() + 1).map(|i| self.stack[i])).flatten();
        self.check_args(m, sig.has_this, constrained.is_some())?;
        let a0 = self.pop_args(m, sig.has_this)?;
        if let Some((at, slots)) = extra {
            let d = slot(at)?;
            self.max_slots = self.max_slots.max(at + 2);
            let args = self.m.arena().alloc_slice(&slots);
            self.emit(Insn::MakeArgList { d, args: args.into() });
        }
        // Reserve room for the callee's result and frame link.
        self.reserve(slots_for(sig.ret.value_size()?) + 1);
        let mut target = m;
        // `callvirt` of a method no override can replace is a direct call
        // that must still fail on a null receiver.
        // `this` of a class's instance method is never null (every call
        // that reaches one checked it) unless the method reassigns it.
        let this_again = !self.this_reassigned
            && !self.m.is_static()
            && !self.m.class.is_valuetype()
            && receiver.is_some_and(|r| r.src == 0 && r.st == St::O);
        let null_check =
            virt && (!m.is_virtual() || m.is_final()) && sig.has_this && constrained.is_none() && !this_again;
        let mut virt = virt && m.is_virtual() && !m.is_final();
        if let Some(tok) = constrained {
            let t = self.type_tok(tok)?;
            if !t.is_assignable_to(m.class) {
                return Err(invalid_program(format!(
                    "constrained call: {} is not assignable from {}",
                    m.class.full_name(),
                    t.full_name()
                )));
            }
            // The receiver is the address of a `t`: a value type's bytes
            // must not be read as a reference nor a reference as a value.
            if let Some(Ent { st: St::P, cls: Some(pt), .. }) = receiver {
                if !std::ptr::eq(pt, t) && (pt.is_valuetype() || t.is_valuetype()) {
                    return Err(invalid_program(format!(
                        "constrained. {} on the address of a {} at IL_{:04x}",
                        t.full_name(),
                        pt.full_name(),
                        self.cur_il
                    )));
                }
            }
            if t.is_valuetype() {
                match constrained_target(t, m)? {
                    Some(direct) => {
                        target = direct;
                        virt = false;
                    }
                    None => self.emit(Insn::BoxThis { c: t, a0 }),
                }
            } else {
                // A pointer to a reference: load it.
                self.emit(Insn::Ld { m: Mem::I8, d: a0, a: a0, off: 0 });
            }
        }
        if let Some(i) = intrinsic(target) {
            match i {
                Intrinsic::ExecutingAssembly => {
                    // The caller's assembly, from its class: an internal
                    // call does not see who called it.
                    self.emit(Insn::LdAssembly { d: a0, c: self.m.class });
                }
                Intrinsic::ByReferenceNew => self.emit(Insn::St { m: Mem::I8, a: a0, off: 0, v: a0 + 1 }),
                Intrinsic::ByReferenceValue => self.emit(Insn::Ld { m: Mem::I8, d: a0, a: a0, off: 0 }),
            }
        } else if let Some(f) = target.is_internal_call().then(|| icalls::lookup(target)).flatten() {
            if null_check {
                self.emit(Insn::CheckNull { s: a0 });
            }
            self.emit(Insn::CallIcall { f, m: target, a0 });
        } else if target.class.is_array() && target.rid == 0 {
            let n = slot(sig.params.len())?;
            self.emit(Insn::MdAccess { m: target, a0, n });
        } else if target.name == "Invoke" && is_delegate(target.class) {
            let n = slot(sig.params.iter().map(|p| p.value_size().map(slots_for).unwrap_or(1).max(1)).sum::<usize>())?;
            self.reserve(n as usize + 2);
            self.emit(Insn::DelegateInvoke { m: target, a0, n });
        } else if target.is_internal_call() && icalls::native::registered(target).is_none() {
            return Err(LoadError::MissingMethod(format!("No implementation found for {}", target.display_name())));
        } else if virt {
            let cache = self.m.arena().alloc(CallSiteCache::default());
            self.emit(Insn::CallVirt { m: target, a0, cache });
        } else if target.is_abstract() {
            return Err(invalid_program(format!("call to abstract method {}", target.display_name())));
        } else {
            if null_check {
                self.emit(Insn::CheckNull { s: a0 });
            }
            self.emit(Insn::Call { m: target, a0 });
        }
        self.push_ret(m, a0)
    }

    /// `jmp`: leaves this method for `target`, which has the same
    /// signature and takes this frame's arguments as they are (III.3.37).
    /// The target runs on a frame starting at the arguments, as any callee
    /// does, then this method returns its result.
    fn jmp(&mut self, target: &'static Method) -> Result<(), LoadError> {
        if !self.stack.is_empty() || !regions(&self.handlers, self.cur_il).is_empty() {
            return Err(invalid_program(format!(
                "jmp with a non-empty stack or in a protected block at IL_{:04x}",
                self.cur_il
            )));
        }
        let (mine, theirs) = (self.m.sig()?, target.sig()?);
        let same = mine.has_this == theirs.has_this
            && std::ptr::eq(mine.ret, theirs.ret)
            && mine.params.len() == theirs.params.len()
            && mine.params.iter().zip(&theirs.params).all(|(a, b)| std::ptr::eq(*a, *b));
        if !same || target.is_abstract() || target.is_internal_call() {
            return Err(invalid_program(format!("jmp to {} of another signature", target.display_name())));
        }
        self.init_for_call(target)?;
        self.reserve(slots_for(theirs.ret.value_size()?) + 1);
        self.emit(Insn::Call { m: target, a0: 0 });
        match st_of(theirs.ret)? {
            None => self.emit(Insn::RetVoid),
            Some(st) => self.emit(Insn::Ret { s: 0, n: slot(st.slots())? }),
        }
        Ok(())
    }

    fn newobj(&mut self, ctor: &'static Method) -> Result<(), LoadError> {
        let c = ctor.class;
        let sig = ctor.sig()?;
        if !ctor.is_ctor() || !sig.has_this {
            return Err(invalid_program(format!(
                "newobj of {}, no instance constructor, at IL_{:04x}",
                ctor.display_name(),
                self.cur_il
            )));
        }
        self.check_args(ctor, false, false)?;
        self.init_for_call(ctor)?;
        let a0 = self.pop_args(ctor, false)?;
        let n: usize = sig.params.iter().map(|p| p.value_size().map(slots_for).unwrap_or(1).max(1)).sum();
        if c.is("System", "String") {
            self.reserve(n + 2);
            self.emit(Insn::NewString { ctor, a0 });
            self.push(St::O)?;
        } else if c.is_array() {
            self.emit(Insn::NewMdArr { c, a0, n: slot(sig.params.len())? });
            self.push(St::O)?;
        } else if is_delegate(c) {
            self.emit(Insn::NewDelegate { c, a0 });
            self.push(St::O)?;
        } else if matches!(intrinsic(ctor), Some(Intrinsic::ByReferenceNew)) {
            // The value is the pointer given.
            let d = self.push(St::Vt(c))?;
            if d != a0 {
                self.emit(Insn::Mov { d, s: a0 });
            }
        } else if c.is_valuetype() {
            let vt = c.value_size().map(slots_for)?.max(1);
            self.reserve(n + vt + 2);
            self.emit(Insn::NewObj { ctor, a0, n: slot(n)?, vt: slot(vt)? });
            self.push(St::Vt(c))?;
        } else {
            if c.is_abstract() || c.is_interface() {
                return Err(invalid_program(format!("newobj of abstract class {}", c.full_name())));
            }
            self.reserve(n + 2);
            self.emit(Insn::NewObj { ctor, a0, n: slot(n)?, vt: 0 });
            self.push_of(St::O, c)?;
        }
        Ok(())
    }

    /// Offset of an instance field when accessed through a receiver of kind `st`.
    fn field_off(&self, owner: ClassRef, f: &crate::types::class::Field, st: St) -> i32 {
        let boxed = owner.is_valuetype() && st == St::O;
        f.offset as i32 + if boxed { OBJECT_HEADER_SIZE as i32 } else { 0 }
    }

    /// Precise-init classes (no beforefieldinit) run their static
    /// constructor before the first static method call or instance creation.
    fn init_for_call(&mut self, target: &'static Method) -> Result<(), LoadError> {
        let c = target.class;
        if c.is_beforefieldinit() || std::ptr::eq(c, self.m.class) || !(target.is_static() || target.is_ctor()) {
            return Ok(());
        }
        if c.info()?.cctor.is_some() && c.cctor_state() != crate::types::class::CCTOR_DONE {
            self.emit(Insn::InitClass { c });
        }
        Ok(())
    }

    fn static_addr(&mut self, owner: ClassRef, f: &crate::types::class::Field) -> Result<*mut u8, LoadError> {
        let info = owner.info()?;
        if info.cctor.is_some() && owner.cctor_state() != crate::types::class::CCTOR_DONE {
            self.emit(Insn::InitClass { c: owner });
            if owner.is_beforefieldinit() && !self.eager_cctors.iter().any(|c| std::ptr::eq(*c, owner)) {
                self.eager_cctors.push(owner);
            }
        }
        // SAFETY: the static area is at least `offset + size` bytes (built
        // from the same field list).
        Ok(unsafe { info.statics.add(f.offset as usize) })
    }

    /// Transforms one instruction; returns whether control can fall through.
    fn op(&mut self, op: OpCode, operand: &Operand, constrained: Option<Token>, next: u32) -> Result<bool, LoadError> {
        use OpCode as O;
        let var = || match operand {
            Operand::Var(v) => *v as usize,
            _ => 0,
        };
        match op {
            O::Nop | O::Break | O::Volatile | O::Readonly | O::Tail | O::Unaligned | O::Constrained | O::No => {}
            O::Ldarg0 | O::Ldarg1 | O::Ldarg2 | O::Ldarg3 | O::LdargS | O::Ldarg => {
                let i = match op {
                    O::Ldarg0 => 0,
                    O::Ldarg1 => 1,
                    O::Ldarg2 => 2,
                    O::Ldarg3 => 3,
                    _ => var(),
                };
                let (t, s) = *self.args.get(i).ok_or_else(|| invalid_program("bad argument index"))?;
                self.load_from(t, s)?;
            }
            O::Ldloc0 | O::Ldloc1 | O::Ldloc2 | O::Ldloc3 | O::LdlocS | O::Ldloc => {
                let i = match op {
                    O::Ldloc0 => 0,
                    O::Ldloc1 => 1,
                    O::Ldloc2 => 2,
                    O::Ldloc3 => 3,
                    _ => var(),
                };
                let (t, s) = *self.locals.get(i).ok_or_else(|| invalid_program("bad local index"))?;
                self.load_from(t, s)?;
            }
            O::Stloc0 | O::Stloc1 | O::Stloc2 | O::Stloc3 | O::StlocS | O::Stloc => {
                let i = match op {
                    O::Stloc0 => 0,
                    O::Stloc1 => 1,
                    O::Stloc2 => 2,
                    O::Stloc3 => 3,
                    _ => var(),
                };
                let (t, s) = *self.locals.get(i).ok_or_else(|| invalid_program("bad local index"))?;
                let v = self.pop()?;
                self.check_store(&v, t, || format!("local {i}"))?;
                self.store_to(t, s, v)?;
            }
            O::StargS | O::Starg => {
                let i = var();
                let (t, s) = *self.args.get(i).ok_or_else(|| invalid_program("bad argument index"))?;
                let v = self.pop()?;
                self.check_store(&v, t, || format!("argument {i}"))?;
                self.store_to(t, s, v)?;
            }
            O::LdargaS | O::Ldarga => {
                let (t, s) = *self.args.get(var()).ok_or_else(|| invalid_program("bad argument index"))?;
                let d = self.push_address_of(t)?;
                self.emit(Insn::LdAddr { d, s });
            }
            O::LdlocaS | O::Ldloca => {
                let (t, s) = *self.locals.get(var()).ok_or_else(|| invalid_program("bad local index"))?;
                let d = self.push_address_of(t)?;
                self.emit(Insn::LdAddr { d, s });
            }
            O::Ldnull => {
                let d = self.push(St::O)?;
                self.emit(Insn::LdcI8 { d, v: 0 });
            }
            O::LdcI4M1
            | O::LdcI40
            | O::LdcI41
            | O::LdcI42
            | O::LdcI43
            | O::LdcI44
            | O::LdcI45
            | O::LdcI46
            | O::LdcI47
            | O::LdcI48
            | O::LdcI4S
            | O::LdcI4 => {
                let v = match (op, operand) {
                    (_, Operand::I8(v)) => *v as i32,
                    (_, Operand::I32(v)) => *v,
                    (O::LdcI4M1, _) => -1,
                    _ => op as i32 - O::LdcI40 as i32,
                };
                let d = self.push(St::I4)?;
                self.emit(Insn::LdcI4 { d, v });
            }
            O::LdcI8 => {
                let Operand::I64(v) = operand else { return Err(invalid_program("bad ldc.i8")) };
                let d = self.push(St::I8)?;
                self.emit(Insn::LdcI8 { d, v: *v });
            }
            O::LdcR4 | O::LdcR8 => {
                let v = match operand {
                    Operand::R32(v) => *v as f64,
                    Operand::R64(v) => *v,
                    _ => return Err(invalid_program("bad ldc.r")),
                };
                let d = self.push(St::F)?;
                self.emit(Insn::LdcF { d, v });
            }
            O::Dup => {
                let e = *self.stack.last().ok_or_else(|| invalid_program("dup on empty stack"))?;
                // The copy reads the same place; entries above never alias
                // places below that get overwritten while they live.
                self.push_alias(e.st, e.src)?;
            }
            O::Pop => {
                self.pop()?;
            }
            O::Call | O::Callvirt => {
                let Operand::Method(tok) = operand else { return Err(invalid_program("bad call operand")) };
                let m = self.method_tok(*tok)?;
                let varargs = match self.m.dynamic {
                    Some(_) => Vec::new(),
                    None => resolve::call_site_varargs(self.image, *tok, &self.ctx)?,
                };
                self.call(m, op == O::Callvirt, constrained, &varargs)?;
            }
            O::Newobj => {
                let Operand::Method(tok) = operand else { return Err(invalid_program("bad newobj operand")) };
                let m = self.method_tok(*tok)?;
                self.newobj(m)?;
            }
            O::Ret => {
                if !regions(&self.handlers, self.cur_il).is_empty() {
                    return Err(invalid_program(format!("ret inside a protected block at IL_{:04x}", self.cur_il)));
                }
                let ret = self.m.sig()?.ret;
                match st_of(ret)? {
                    None => self.emit(Insn::RetVoid),
                    Some(st) => {
                        let v = self.pop()?;
                        self.check_store(&v, ret, || "the result".into())?;
                        self.emit(Insn::Ret { s: v.src, n: slot(st.slots())? });
                    }
                }
                if !self.stack.is_empty() {
                    return Err(invalid_program(format!("stack not empty at ret in {}", self.m.display_name())));
                }
                return Ok(false);
            }
            O::BrS | O::Br => {
                let t = branch_target(operand)?;
                self.record_join(t)?;
                self.emit_branch(Insn::Br { t });
                return Ok(false);
            }
            O::BrfalseS | O::Brfalse | O::BrtrueS | O::Brtrue => {
                let t = branch_target(operand)?;
                let v = self.pop()?;
                self.record_join(t)?;
                let i = if matches!(op, O::BrfalseS | O::Brfalse) {
                    Insn::BrFalse { s: v.src, t }
                } else {
                    Insn::BrTrue { s: v.src, t }
                };
                self.emit_branch(i);
            }
            O::BeqS
            | O::BgeS
            | O::BgtS
            | O::BleS
            | O::BltS
            | O::BneUnS
            | O::BgeUnS
            | O::BgtUnS
            | O::BleUnS
            | O::BltUnS
            | O::Beq
            | O::Bge
            | O::Bgt
            | O::Ble
            | O::Blt
            | O::BneUn
            | O::BgeUn
            | O::BgtUn
            | O::BleUn
            | O::BltUn => {
                let t = branch_target(operand)?;
                let long = long_form(op);
                let b = *self.stack.last().ok_or_else(|| invalid_program("stack underflow"))?;
                let a = *self
                    .stack
                    .get(self.stack.len().wrapping_sub(2))
                    .ok_or_else(|| invalid_program("stack underflow"))?;
                let fused = a.st != St::F && b.st != St::F;
                let imm = if fused { self.take_const(b) } else { None };
                let fast = match (long, imm) {
                    (O::Beq, Some(v)) => Some(Insn::BeqIImm { a: a.src, v, t }),
                    (O::BneUn, Some(v)) => Some(Insn::BneIImm { a: a.src, v, t }),
                    (O::Blt, Some(v)) => Some(Insn::BltIImm { a: a.src, v, t }),
                    (O::Ble, Some(v)) => Some(Insn::BleIImm { a: a.src, v, t }),
                    (O::Bgt, Some(v)) => Some(Insn::BgtIImm { a: a.src, v, t }),
                    (O::Bge, Some(v)) => Some(Insn::BgeIImm { a: a.src, v, t }),
                    (_, Some(v)) => {
                        // No immediate form: put the constant back.
                        self.emit(Insn::LdcI4 { d: b.slot, v });
                        None
                    }
                    _ => None,
                };
                let fast = fast.or(match long {
                    O::Beq if fused => Some(Insn::BeqI { a: a.src, b: b.src, t }),
                    O::BneUn if fused => Some(Insn::BneI { a: a.src, b: b.src, t }),
                    O::Blt if fused => Some(Insn::BltI { a: a.src, b: b.src, t }),
                    O::Ble if fused => Some(Insn::BleI { a: a.src, b: b.src, t }),
                    O::Bgt if fused => Some(Insn::BgtI { a: a.src, b: b.src, t }),
                    O::Bge if fused => Some(Insn::BgeI { a: a.src, b: b.src, t }),
                    _ => None,
                });
                match fast {
                    Some(i) => {
                        self.pop()?;
                        self.pop()?;
                        self.record_join(t)?;
                        self.emit_branch(i);
                    }
                    None => {
                        let (d, neg) = self.compare(long)?;
                        self.record_join(t)?;
                        self.emit_branch(if neg { Insn::BrFalse { s: d, t } } else { Insn::BrTrue { s: d, t } });
                    }
                }
            }
            O::Switch => {
                let Operand::Switch(ts) = operand else { return Err(invalid_program("bad switch")) };
                let v = self.pop()?;
                for t in ts {
                    self.record_join(*t)?;
                }
                self.switches.push((self.insns.len(), ts.clone()));
                self.emit(Insn::Switch { s: v.src, targets: ArenaSlice::EMPTY });
            }
            O::Ceq | O::Cgt | O::CgtUn | O::Clt | O::CltUn => {
                self.compare(op)?;
                self.push(St::I4)?;
            }
            O::Add
            | O::Sub
            | O::Mul
            | O::Div
            | O::DivUn
            | O::Rem
            | O::RemUn
            | O::And
            | O::Or
            | O::Xor
            | O::Shl
            | O::Shr
            | O::ShrUn
            | O::AddOvf
            | O::AddOvfUn
            | O::SubOvf
            | O::SubOvfUn
            | O::MulOvf
            | O::MulOvfUn => {
                self.binop(op)?;
            }
            O::Neg | O::Not => {
                let v = self.pop()?;
                let (d, s) = (v.slot, v.src);
                self.emit(match (op, v.st) {
                    (O::Neg, St::I4) => Insn::NegI4 { d, s },
                    (O::Neg, St::F) => Insn::NegF { d, s },
                    (O::Neg, _) => Insn::NegI8 { d, s },
                    _ => Insn::Not { d, s },
                });
                self.push(v.st)?;
            }
            O::ConvI1
            | O::ConvI2
            | O::ConvI4
            | O::ConvI8
            | O::ConvR4
            | O::ConvR8
            | O::ConvU4
            | O::ConvU8
            | O::ConvRUn
            | O::ConvU2
            | O::ConvU1
            | O::ConvI
            | O::ConvU
            | O::ConvOvfI1Un
            | O::ConvOvfI2Un
            | O::ConvOvfI4Un
            | O::ConvOvfI8Un
            | O::ConvOvfU1Un
            | O::ConvOvfU2Un
            | O::ConvOvfU4Un
            | O::ConvOvfU8Un
            | O::ConvOvfIUn
            | O::ConvOvfUUn
            | O::ConvOvfI1
            | O::ConvOvfU1
            | O::ConvOvfI2
            | O::ConvOvfU2
            | O::ConvOvfI4
            | O::ConvOvfU4
            | O::ConvOvfI8
            | O::ConvOvfU8
            | O::ConvOvfI
            | O::ConvOvfU => {
                self.conv(op)?;
            }
            O::Ckfinite => {
                let v = *self.stack.last().ok_or_else(|| invalid_program("stack underflow"))?;
                self.emit(Insn::Ckfinite { s: v.src });
            }
            O::LdindI1
            | O::LdindU1
            | O::LdindI2
            | O::LdindU2
            | O::LdindI4
            | O::LdindU4
            | O::LdindI8
            | O::LdindI
            | O::LdindR4
            | O::LdindR8
            | O::LdindRef => {
                let a = self.pop()?;
                self.check_address(&a, op)?;
                let (m, st) = typed_load(op);
                let d = self.push(st)?;
                self.emit(Insn::Ld { m, d, a: a.src, off: 0 });
            }
            O::StindRef | O::StindI1 | O::StindI2 | O::StindI4 | O::StindI8 | O::StindR4 | O::StindR8 | O::StindI => {
                let v = self.pop()?;
                let a = self.pop()?;
                let m = match op {
                    O::StindI1 => Mem::I1,
                    O::StindI2 => Mem::I2,
                    O::StindI4 => Mem::I4,
                    O::StindR4 => Mem::R4,
                    O::StindR8 => Mem::R8,
                    _ => Mem::I8,
                };
                self.check_address(&a, op)?;
                self.emit(Insn::St { m, a: a.src, off: 0, v: v.src });
            }
            O::Ldobj
            | O::Stobj
            | O::Cpobj
            | O::Initobj
            | O::Box
            | O::Unbox
            | O::UnboxAny
            | O::Castclass
            | O::Isinst
            | O::Newarr
            | O::Ldelema
            | O::Ldelem
            | O::Stelem
            | O::Mkrefany
            | O::Refanyval
            | O::Sizeof => {
                let Operand::Type(tok) = operand else { return Err(invalid_program("bad type operand")) };
                let c = self.type_tok(*tok)?;
                self.type_op(op, c)?;
            }
            O::Ldstr => {
                let Operand::String(tok) = operand else { return Err(invalid_program("bad ldstr operand")) };
                if let Some(dynamic) = self.m.dynamic {
                    let v = dynamic.string_token(Token(tok.0))? as usize;
                    let d = self.push(St::O)?;
                    self.emit(Insn::LdPtr { d, v });
                    return Ok(true);
                }
                let offset = tok.0 & 0x00ff_ffff;
                let obj = object::literal(self.image, offset)?;
                let d = self.push(St::O)?;
                self.emit(Insn::LdStr { d, obj, offset });
            }
            O::Ldfld | O::Ldflda | O::Stfld | O::Ldsfld | O::Ldsflda | O::Stsfld => {
                let Operand::Field(tok) = operand else { return Err(invalid_program("bad field operand")) };
                let (owner, f) = self.field_tok(*tok)?;
                self.field_op(op, owner, f)?;
            }
            O::Ldlen => {
                let a = self.pop()?;
                self.check_object(&a, "array")?;
                let d = self.push(St::I8)?;
                self.emit(Insn::LdLen { d, a: a.src });
            }
            O::LdelemI1
            | O::LdelemU1
            | O::LdelemI2
            | O::LdelemU2
            | O::LdelemI4
            | O::LdelemU4
            | O::LdelemI8
            | O::LdelemI
            | O::LdelemR4
            | O::LdelemR8
            | O::LdelemRef => {
                let i = self.pop()?;
                let a = self.pop()?;
                self.check_object(&a, "array")?;
                self.check_index(&i)?;
                let (m, st) = typed_load(op);
                let d = self.push(st)?;
                self.emit(Insn::LdElem { m, d, a: a.src, i: i.src });
            }
            O::StelemI
            | O::StelemI1
            | O::StelemI2
            | O::StelemI4
            | O::StelemI8
            | O::StelemR4
            | O::StelemR8
            | O::StelemRef => {
                let v = self.pop()?;
                let i = self.pop()?;
                let a = self.pop()?;
                self.check_object(&a, "array")?;
                self.check_index(&i)?;
                if op == O::StelemRef {
                    self.check_object(&v, "element")?;
                } else if !matches!((op, v.st), (O::StelemR4 | O::StelemR8, St::F) | (_, St::I4 | St::I8)) {
                    return Err(invalid_program(format!("{:?} stored by {op:?} at IL_{:04x}", v.st, self.cur_il)));
                }
                let m = match op {
                    O::StelemI1 => Mem::I1,
                    O::StelemI2 => Mem::I2,
                    O::StelemI4 => Mem::I4,
                    O::StelemR4 => Mem::R4,
                    O::StelemR8 => Mem::R8,
                    _ => Mem::I8,
                };
                if op == O::StelemRef {
                    self.emit(Insn::StElemRef { a: a.src, i: i.src, v: v.src });
                } else {
                    self.emit(Insn::StElem { m, a: a.src, i: i.src, v: v.src });
                }
            }
            O::Throw => {
                let v = self.pop()?;
                self.check_object(&v, "exception")?;
                self.emit(Insn::Throw { s: v.src });
                self.stack.clear();
                return Ok(false);
            }
            O::Rethrow => {
                let here = self.cur_il;
                let clause = self
                    .handlers
                    .iter()
                    .position(|h| {
                        matches!(h.kind, HandlerKind::Catch(_) | HandlerKind::Filter { .. })
                            && here >= h.handler_offset
                            && here < h.handler_end()
                    })
                    .ok_or_else(|| invalid_program("rethrow outside a catch handler"))?;
                self.emit(Insn::Rethrow { clause: clause as u32 });
                self.stack.clear();
                return Ok(false);
            }
            O::Leave | O::LeaveS => {
                let t = branch_target(operand)?;
                self.stack.clear();
                self.join.entry(t).or_default();
                let finallies = self.finallies_between(self.cur_il, t)?;
                self.emit_branch(Insn::Leave { t, finallies });
                return Ok(false);
            }
            O::Endfinally => {
                self.stack.clear();
                self.emit(Insn::EndFinally);
                return Ok(false);
            }
            O::Endfilter => {
                let v = self.pop()?;
                self.emit(Insn::EndFilter { s: v.src });
                return Ok(false);
            }
            O::Ldtoken => {
                let tok = operand.token().ok_or_else(|| invalid_program("bad ldtoken operand"))?;
                let (v, kind, handle) = match tok.table() {
                    Some(TableId::Field) | Some(TableId::MemberRef)
                        if tok.table() == Some(TableId::Field) || self.is_field_ref(tok) =>
                    {
                        let (owner, f) = self.field_tok(tok)?;
                        (object::field_handle(owner, f)? as usize, "RuntimeFieldHandle", Handle::Field(owner, f.rid))
                    }
                    Some(TableId::MethodDef) | Some(TableId::MemberRef) | Some(TableId::MethodSpec) => {
                        let m = self.method_tok(tok)?;
                        (m as *const Method as usize, "RuntimeMethodHandle", Handle::Method(m))
                    }
                    _ => {
                        let c = self.type_tok(tok)?;
                        (c as *const crate::types::Class as usize, "RuntimeTypeHandle", Handle::Type(c))
                    }
                };
                let c = rt().corlib_class("System", kind)?;
                let d = self.push(St::Vt(c))?;
                self.emit(Insn::LdToken { d, v, handle });
            }
            O::Ldftn => {
                let Operand::Method(tok) = operand else { return Err(invalid_program("bad ldftn operand")) };
                let m = self.method_tok(*tok)?;
                let d = self.push(St::I8)?;
                self.emit(Insn::LdFtn { d, m });
            }
            O::Ldvirtftn => {
                let Operand::Method(tok) = operand else { return Err(invalid_program("bad ldvirtftn operand")) };
                let m = self.method_tok(*tok)?;
                let o = self.pop()?;
                // The method is looked up in the object's vtable: it must be
                // an object with instance methods (III.4.18).
                if o.st != St::O || m.is_static() {
                    return Err(invalid_program(format!(
                        "ldvirtftn of {} on {} at IL_{:04x}",
                        m.display_name(),
                        o.st.describe(),
                        self.cur_il
                    )));
                }
                let d = self.push(St::I8)?;
                self.emit(Insn::LdVirtFtn { d, o: o.src, m });
            }
            O::Localloc => {
                let s = self.pop()?;
                let d = self.push(St::P)?;
                self.emit(Insn::Localloc { d, s: s.src });
            }
            O::Cpblk | O::Initblk => {
                let n = self.pop()?;
                let v = self.pop()?;
                let d = self.pop()?;
                self.emit(if op == O::Cpblk {
                    Insn::CpBlk { d: d.src, s: v.src, n: n.src }
                } else {
                    Insn::InitBlk { d: d.src, v: v.src, n: n.src }
                });
            }
            O::Calli => {
                let Operand::Sig(tok) = operand else { return Err(invalid_program("bad calli operand")) };
                let sig = self.call_sig(*tok)?;
                let f = self.pop()?;
                if !f.st.is_int() {
                    return Err(invalid_program(format!("calli without a function pointer at IL_{:04x}", self.cur_il)));
                }
                let a0 = self.pop_n(sig.params.len() + sig.has_this as usize, "calli")?;
                self.reserve(slots_for(sig.ret.value_size()?) + 1);
                self.emit(Insn::CallIndirect { f: f.src, a0, sig });
                if let Some(st) = st_of(sig.ret)? {
                    self.push(st)?;
                }
            }
            O::Refanytype => {
                let r = self.pop()?;
                if r.st != St::Vt(typed_reference()?) {
                    return Err(invalid_program("refanytype of a value that is not a TypedReference"));
                }
                let d = self.push(St::Vt(rt().corlib_class("System", "RuntimeTypeHandle")?))?;
                self.emit(Insn::Mov { d, s: r.src + object::typed_ref_slots()?.class });
            }
            O::Jmp => {
                let Operand::Method(tok) = operand else { return Err(invalid_program("bad jmp operand")) };
                let target = self.method_tok(*tok)?;
                self.jmp(target)?;
                return Ok(false);
            }
            O::Arglist => {
                let list = self.arglist.ok_or_else(|| invalid_program("arglist in a method without varargs"))?;
                let d = self.push(St::Vt(rt().corlib_class("System", "RuntimeArgumentHandle")?))?;
                self.emit(Insn::Mov { d, s: list });
            }
            _ => return Err(invalid_program(format!("unknown opcode {}", op.name()))),
        }
        let _ = next;
        Ok(true)
    }

    fn is_field_ref(&self, tok: Token) -> bool {
        let Ok(row) = self.image.row::<cildec::tables::MemberRefRow>(tok.rid()) else { return false };
        self.image.blob(row.signature).is_ok_and(|b| b.first() == Some(&0x06))
    }

    /// Finally clauses whose try block contains `from` but not `to`, innermost first.
    fn finallies_between(&self, from: u32, to: u32) -> Result<ArenaSlice<u32>, LoadError> {
        let v: Vec<u32> = self
            .handlers
            .iter()
            .enumerate()
            .filter(|(_, h)| matches!(h.kind, HandlerKind::Finally))
            .filter(|(_, h)| {
                let inside = |x: u32| x >= h.try_offset && x < h.try_end();
                inside(from) && !inside(to)
            })
            .map(|(i, _)| i as u32)
            .collect();
        Ok(self.m.arena().alloc_vec(v).into())
    }

    fn field_op(
        &mut self,
        op: OpCode,
        owner: ClassRef,
        f: &'static crate::types::class::Field,
    ) -> Result<(), LoadError> {
        use OpCode as O;
        // An instance access to a static field (or the reverse) would read
        // the other storage at the field's offset.
        if f.is_static() != matches!(op, O::Ldsfld | O::Ldsflda | O::Stsfld) {
            return Err(invalid_program(format!(
                "{op:?} of {} field {} at IL_{:04x} in {}",
                if f.is_static() { "static" } else { "instance" },
                f.name,
                self.cur_il,
                self.m.display_name()
            )));
        }
        let k = f.ty.elem_kind()?;
        let st = st_of(f.ty)?.ok_or_else(|| invalid_program("void field"))?;
        match op {
            O::Ldfld => {
                let o = self.pop()?;
                self.check_owner(&o, owner, true)?;
                let d = self.push_of(st, f.ty)?;
                if let St::Vt(_) = o.st {
                    match mem_of(k) {
                        Some(m) => self.emit(Insn::LdFrame { m, d, s: o.src, off: f.offset }),
                        None => self.emit(Insn::LdFrameN { d, s: o.src, off: f.offset, size: k.size() as u32 }),
                    }
                } else {
                    let off = self.field_off(owner, f, o.st);
                    match mem_of(k) {
                        Some(m) => self.emit(Insn::Ld { m, d, a: o.src, off }),
                        None => self.emit(Insn::LdN { d, a: o.src, off, size: k.size() as u32 }),
                    }
                }
            }
            O::Ldflda => {
                let o = self.pop()?;
                self.check_owner(&o, owner, false)?;
                let off = self.field_off(owner, f, o.st);
                let d = self.push(St::P)?;
                self.emit(Insn::LdFlda { d, a: o.src, off });
            }
            O::Stfld => {
                let v = self.pop()?;
                let o = self.pop()?;
                self.check_owner(&o, owner, false)?;
                self.check_store(&v, f.ty, || format!("field {}", f.name))?;
                let off = self.field_off(owner, f, o.st);
                match mem_of(k) {
                    Some(m) => self.emit(Insn::St { m, a: o.src, off, v: v.src }),
                    None => self.emit(Insn::StN { a: o.src, off, v: v.src, size: k.size() as u32 }),
                }
            }
            O::Ldsfld => {
                let p = self.static_addr(owner, f)?;
                let d = self.push_of(st, f.ty)?;
                match mem_of(k) {
                    Some(m) => self.emit(Insn::LdS { m, d, p }),
                    None => self.emit(Insn::LdSN { d, p, size: k.size() as u32 }),
                }
            }
            O::Ldsflda => {
                let p = self.static_addr(owner, f)?;
                let d = self.push(St::P)?;
                self.emit(Insn::LdSA { d, p });
            }
            _ => {
                let v = self.pop()?;
                self.check_store(&v, f.ty, || format!("field {}", f.name))?;
                let p = self.static_addr(owner, f)?;
                match mem_of(k) {
                    Some(m) => self.emit(Insn::StS { m, p, v: v.src }),
                    None => self.emit(Insn::StSN { p, v: v.src, size: k.size() as u32 }),
                }
            }
        }
        Ok(())
    }

    fn type_op(&mut self, op: OpCode, c: ClassRef) -> Result<(), LoadError> {
        use OpCode as O;
        let k = c.elem_kind()?;
        match op {
            O::Ldobj => {
                let a = self.pop()?;
                self.check_pointee(&a, c, op)?;
                let st = st_of(c)?.ok_or_else(|| invalid_program("ldobj void"))?;
                let d = self.push(st)?;
                match mem_of(k) {
                    Some(m) => self.emit(Insn::Ld { m, d, a: a.src, off: 0 }),
                    None => self.emit(Insn::LdN { d, a: a.src, off: 0, size: k.size() as u32 }),
                }
            }
            O::Stobj => {
                let v = self.pop()?;
                let a = self.pop()?;
                self.check_pointee(&a, c, op)?;
                match mem_of(k) {
                    Some(m) => self.emit(Insn::St { m, a: a.src, off: 0, v: v.src }),
                    None => self.emit(Insn::StN { a: a.src, off: 0, v: v.src, size: k.size() as u32 }),
                }
            }
            O::Mkrefany => {
                let a = self.pop()?;
                let d = self.push(St::Vt(typed_reference()?))?;
                let at = object::typed_ref_slots()?;
                if d + at.value != a.src {
                    self.emit(Insn::Mov { d: d + at.value, s: a.src });
                }
                for s in [at.class, at.type_handle] {
                    self.emit(Insn::LdToken { d: d + s, v: c.record() as usize, handle: Handle::Type(c) });
                }
            }
            O::Refanyval => {
                let r = self.pop()?;
                if r.st != St::Vt(typed_reference()?) {
                    return Err(invalid_program("refanyval of a value that is not a TypedReference"));
                }
                let at = object::typed_ref_slots()?;
                let d = self.push(St::I8)?;
                self.emit(Insn::RefAnyVal { d, value: r.src + at.value, class: r.src + at.class, c });
            }
            O::Cpobj => {
                let s = self.pop()?;
                let d = self.pop()?;
                self.check_pointee(&s, c, op)?;
                self.check_pointee(&d, c, op)?;
                self.emit(Insn::CpObj { d: d.src, s: s.src, size: k.size() as u32 });
            }
            O::Initobj => {
                let a = self.pop()?;
                self.check_pointee(&a, c, op)?;
                self.emit(Insn::InitObj { a: a.src, size: k.size() as u32 });
            }
            O::Box => {
                let v = self.pop()?;
                if c.is_reference() {
                    // A no-op, as on mono: the value keeps its kind, so a
                    // non-object "boxed" as a class is caught where used.
                    self.push_alias(v.st, v.src)?;
                } else {
                    let d = self.push(St::O)?;
                    self.emit(Insn::Box { d, s: v.src, c });
                }
            }
            O::Unbox => {
                let v = self.pop()?;
                let d = self.push(St::P)?;
                self.emit(Insn::Unbox { d, s: v.src, c });
            }
            O::UnboxAny => {
                let v = self.pop()?;
                if c.is_reference() {
                    self.emit(Insn::CastClass { s: v.src, c });
                    self.push_alias(St::O, v.src)?;
                } else {
                    let st = st_of(c)?.ok_or_else(|| invalid_program("unbox void"))?;
                    let d = self.push(st)?;
                    self.emit(Insn::Unbox { d, s: v.src, c });
                    match mem_of(k) {
                        Some(m) => self.emit(Insn::Ld { m, d, a: d, off: 0 }),
                        None => self.emit(Insn::LdN { d, a: d, off: 0, size: k.size() as u32 }),
                    }
                }
            }
            O::Castclass => {
                let v = self.pop()?;
                self.emit(Insn::CastClass { s: v.src, c });
                self.push_alias(St::O, v.src)?;
            }
            O::Isinst => {
                let v = self.pop()?;
                let d = self.push(St::O)?;
                self.emit(Insn::IsInst { d, s: v.src, c });
            }
            O::Newarr => {
                let len = self.pop()?;
                let d = self.push(St::O)?;
                self.emit(Insn::NewArr { d, len: len.src, c: rt().array_of(c, 0) });
            }
            O::Ldelema => {
                let i = self.pop()?;
                let a = self.pop()?;
                let d = self.push(St::P)?;
                // `readonly.` takes an address only read through: no
                // exact-type check (III.2.3), so covariant arrays pass.
                let check = (c.is_reference() && !self.readonly).then_some(c);
                self.emit(Insn::LdElemA { d, a: a.src, i: i.src, size: k.size() as u32, check });
            }
            O::Ldelem => {
                let i = self.pop()?;
                let a = self.pop()?;
                let st = st_of(c)?.ok_or_else(|| invalid_program("ldelem void"))?;
                let d = self.push(st)?;
                match mem_of(k) {
                    Some(m) => self.emit(Insn::LdElem { m, d, a: a.src, i: i.src }),
                    None => self.emit(Insn::LdElemN { d, a: a.src, i: i.src, size: k.size() as u32 }),
                }
            }
            O::Stelem => {
                let v = self.pop()?;
                let i = self.pop()?;
                let a = self.pop()?;
                if c.is_reference() {
                    self.emit(Insn::StElemRef { a: a.src, i: i.src, v: v.src });
                } else {
                    match mem_of(k) {
                        Some(m) => self.emit(Insn::StElem { m, a: a.src, i: i.src, v: v.src }),
                        None => self.emit(Insn::StElemN { a: a.src, i: i.src, v: v.src, size: k.size() as u32 }),
                    }
                }
            }
            O::Sizeof => {
                let d = self.push(St::I4)?;
                self.emit(Insn::LdcI4 { d, v: k.size() as i32 });
            }
            _ => return Err(invalid_program(format!("{} is not supported", op.name()))),
        }
        Ok(())
    }
}

fn unreachable_op<T>(op: OpCode) -> Result<T, LoadError> {
    Err(invalid_program(format!("unexpected opcode {}", op.name())))
}

fn branch_target(o: &Operand) -> Result<u32, LoadError> {
    match o {
        Operand::BranchTarget(t) => Ok(*t),
        _ => Err(invalid_program("bad branch operand")),
    }
}

fn long_form(op: OpCode) -> OpCode {
    use OpCode as O;
    match op {
        O::BeqS => O::Beq,
        O::BgeS => O::Bge,
        O::BgtS => O::Bgt,
        O::BleS => O::Ble,
        O::BltS => O::Blt,
        O::BneUnS => O::BneUn,
        O::BgeUnS => O::BgeUn,
        O::BgtUnS => O::BgtUn,
        O::BleUnS => O::BleUn,
        O::BltUnS => O::BltUn,
        o => o,
    }
}

/// Corlib methods the transform implements itself: their IL cannot run
/// (Mono's `ByReference<T>`, a struct holding one managed pointer, whose
/// constructor and `Value` throw), or they need to know their caller.
enum Intrinsic {
    ExecutingAssembly,
    ByReferenceNew,
    ByReferenceValue,
}

fn intrinsic(m: &'static Method) -> Option<Intrinsic> {
    let c = m.class;
    if !c.is_corlib() {
        return None;
    }
    match m.name {
        "GetExecutingAssembly" if c.is("System.Reflection", "Assembly") => Some(Intrinsic::ExecutingAssembly),
        ".ctor" if c.is("System", "ByReference`1") => Some(Intrinsic::ByReferenceNew),
        "get_Value" if c.is("System", "ByReference`1") => Some(Intrinsic::ByReferenceValue),
        _ => None,
    }
}

pub fn is_delegate(c: ClassRef) -> bool {
    c.parent().is_some_and(|p| p.is("System", "MulticastDelegate"))
}

/// For `constrained. T` on value type T: the method of T to call directly,
/// or None when T does not override it (the receiver must then be boxed).
fn constrained_target(t: ClassRef, m: &'static Method) -> Result<Option<&'static Method>, LoadError> {
    let info = t.info()?;
    let found = if m.class.is_interface() {
        let off = info.interfaces.iter().find(|(i, _)| std::ptr::eq(*i, m.class)).map(|(_, o)| *o);
        match (off, usize::try_from(m.slot())) {
            (Some(o), Ok(s)) => info.vtable.get(o as usize + s).copied(),
            _ => None,
        }
    } else {
        usize::try_from(m.slot()).ok().and_then(|s| info.vtable.get(s).copied())
    };
    Ok(found.filter(|f| std::ptr::eq(f.class, t)).map(|f| {
        if m.method_args.is_empty() {
            f
        } else {
            rt().instantiate_method(f, m.method_args)
        }
    }))
}
