//! Exception handling in compiled code, with the interpreter's semantics
//! (`interp::exec::find_handler`): an exception is observed at an
//! instruction (recorded once in the trace), then the clauses whose try
//! block holds that instruction are tried innermost first. A matching catch
//! takes the exception and jumps to its handler; a finally or fault block
//! takes it into the clause's hold slot, runs, and at `endfinally` puts it
//! back and continues with the next clause. Without a handler the method
//! returns and its caller sees the exception pending.
//!
//! `endfinally` does not know statically where to continue (after a
//! `leave`, or back to an unwinding search), so each finally clause has a
//! selector variable: whoever enters the finally stores an id, and the
//! clause's dispatch block switches on it once every entry is known.
//!
//! Filters run in the first pass (`interp::first_pass`), before any
//! finally, and methods with filters stay with the interpreter. A compiled
//! method with catch clauses shows itself to the first pass (`eh_enter`/
//! `eh_leave`, and a cell with the IL offset it is at), and before the
//! first finally or fault on the way the first pass is made to run.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::values::{FunctionValue, PointerValue};
use inkwell::IntPredicate;

use crate::abi::libcalls::{Libcall, NO_MARK};
use crate::codegen::lower::{err, Lower, R};
use crate::codegen::refs::Ref;
use crate::interp::code::{ClauseKind, InterpCode};

pub struct Handlers<'ctx> {
    /// Per clause: the selector of a finally or fault clause.
    sel: Vec<Option<PointerValue<'ctx>>>,
    /// Per clause: the block its `endfinally` jumps to.
    dispatch: Vec<Option<BasicBlock<'ctx>>>,
    /// (clause, id, continuation) for every way into a finally.
    cases: RefCell<Vec<(usize, u32, BasicBlock<'ctx>)>>,
    /// Handler search chains by the clause list still to try.
    chains: RefCell<HashMap<Vec<usize>, BasicBlock<'ctx>>>,
    next_id: Cell<u32>,
}

impl<'ctx> Handlers<'ctx> {
    /// Allocates the selectors (in the entry block, where `b` is).
    pub fn new(ctx: &'ctx Context, b: &Builder<'ctx>, f: FunctionValue<'ctx>, code: &InterpCode) -> R<Self> {
        let mut sel = Vec::new();
        let mut dispatch = Vec::new();
        for (k, c) in code.clauses.iter().enumerate() {
            let resumable = matches!(c.kind, ClauseKind::Finally | ClauseKind::Fault);
            sel.push(if resumable {
                Some(b.build_alloca(ctx.i32_type(), &format!("sel{k}")).map_err(err)?)
            } else {
                None
            });
            dispatch.push(resumable.then(|| ctx.append_basic_block(f, &format!("resume{k}"))));
        }
        Ok(Handlers { sel, dispatch, cases: Default::default(), chains: Default::default(), next_id: Cell::new(0) })
    }
}

impl<'a, 'ctx> Lower<'a, 'ctx> {
    /// In the entry block: puts the frame on the first pass's chain for its
    /// whole activation (`leave_first_pass` at every return), once a method
    /// with filters may run (`mx_filters_seen`); the mark is `NO_MARK` while
    /// none may, which costs a load and a branch.
    pub(super) fn show_to_first_pass(&self) -> R<()> {
        let cell = self.b.build_alloca(self.i32t(), "il").map_err(err)?;
        self.b.build_store(cell, self.c32(0)).map_err(err)?;
        let seen = self.b.build_load(self.u.filters_seen.as_pointer_value(), "").map_err(err)?.into_int_value();
        let seen = self.b.build_int_compare(IntPredicate::NE, seen, self.c32(0), "").map_err(err)?;
        let entry = self.b.get_insert_block().ok_or_else(|| err("no block"))?;
        let (show, join) =
            (self.ctx().append_basic_block(self.f, "show"), self.ctx().append_basic_block(self.f, "shown"));
        self.b.build_conditional_branch(seen, show, join).map_err(err)?;
        self.b.position_at_end(show);
        let (image, me) = self.own_method_ref()?;
        let cell_ptr = self.b.build_pointer_cast(cell, self.i8p(), "").map_err(err)?;
        let mark = self.libcall(Libcall::eh_enter, &[image.into(), me.into(), cell_ptr.into()])?;
        let mark = mark.ok_or_else(|| err("eh_enter"))?.into_int_value();
        let show_end = self.b.get_insert_block().ok_or_else(|| err("no block"))?;
        self.b.build_unconditional_branch(join).map_err(err)?;
        self.b.position_at_end(join);
        let phi = self.b.build_phi(self.i64t(), "mark").map_err(err)?;
        phi.add_incoming(&[(&mark, show_end), (&self.ci(NO_MARK as i64), entry)]);
        self.first_pass.set(Some((phi.as_basic_value().into_int_value(), cell)));
        Ok(())
    }

    /// Before a return: the frame leaves the first pass's chain, if on it.
    pub(super) fn leave_first_pass(&self) -> R<()> {
        let Some((mark, _)) = self.first_pass.get() else { return Ok(()) };
        let on = self.b.build_int_compare(IntPredicate::NE, mark, self.ci(NO_MARK as i64), "").map_err(err)?;
        let (leave, done) =
            (self.ctx().append_basic_block(self.f, "leave_chain"), self.ctx().append_basic_block(self.f, "left"));
        self.b.build_conditional_branch(on, leave, done).map_err(err)?;
        self.b.position_at_end(leave);
        self.libcall(Libcall::eh_leave, &[mark.into()])?;
        self.b.build_unconditional_branch(done).map_err(err)?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// Where control goes when an exception is observed at the current
    /// instruction (`il` for its trace entry).
    pub(super) fn landing(&self, il: u32) -> R<BasicBlock<'ctx>> {
        let here = self.b.get_insert_block().ok_or_else(|| err("no block"))?;
        let pc = self.pc.get() as u32;
        let enclosing: Vec<usize> =
            self.code.clauses.iter().enumerate().filter(|(_, c)| c.in_try(pc)).map(|(k, _)| k).collect();
        let chain = self.chain(&enclosing)?;
        let bb = self.ctx().append_basic_block(self.f, "observe");
        self.b.position_at_end(bb);
        let (image, me) = self.own_method_ref()?;
        self.libcall(Libcall::unwind, &[image.into(), me.into(), self.c32(il as u64).into()])?;
        if enclosing.iter().any(|&k| !matches!(self.code.clauses[k].kind, ClauseKind::Catch(_))) {
            self.libcall(Libcall::first_pass, &[])?;
        }
        self.b.build_unconditional_branch(chain).map_err(err)?;
        self.b.position_at_end(here);
        Ok(bb)
    }

    /// The handler search over `clauses` (innermost first).
    fn chain(&self, clauses: &[usize]) -> R<BasicBlock<'ctx>> {
        if let Some(bb) = self.eh.chains.borrow().get(clauses) {
            return Ok(*bb);
        }
        let bb = self.ctx().append_basic_block(self.f, "search");
        let Some((&k, rest)) = clauses.split_first() else {
            self.b.position_at_end(bb);
            self.return_zero()?;
            self.eh.chains.borrow_mut().insert(Vec::new(), bb);
            return Ok(bb);
        };
        let then = self.chain(rest)?;
        let c = &self.code.clauses[k];
        let handler = self.blocks[c.handler_start as usize];
        self.b.position_at_end(bb);
        match c.kind {
            ClauseKind::Filter(_) => return Err(err("a filter (methods with filters are not compiled)")),
            ClauseKind::Catch(class) => {
                // Resolved at bind: the handler search itself cannot fail.
                let class = self.reference_at_bind(Ref::Class(class))?;
                let exc = self.libcall(Libcall::catch, &[class.into()])?;
                let exc = exc.ok_or_else(|| err("catch"))?.into_int_value();
                self.st(c.exc_slot, exc)?;
                self.st(c.hold, exc)?;
                let caught = self.b.build_int_compare(IntPredicate::NE, exc, self.ci(0), "").map_err(err)?;
                self.b.build_conditional_branch(caught, handler, then).map_err(err)?;
            }
            ClauseKind::Finally | ClauseKind::Fault => {
                let exc = self.libcall(Libcall::take_pending, &[])?;
                let exc = exc.ok_or_else(|| err("take_pending"))?.into_int_value();
                self.st(c.hold, exc)?;
                // After the finally: the exception is pending again and the
                // search goes on outwards.
                let resume = self.ctx().append_basic_block(self.f, "resume");
                self.enter_finally(k, resume)?;
                self.b.position_at_end(resume);
                self.libcall(Libcall::set_pending, &[self.ld(c.hold)?.into()])?;
                self.b.build_unconditional_branch(then).map_err(err)?;
            }
        }
        self.eh.chains.borrow_mut().insert(clauses.to_vec(), bb);
        Ok(bb)
    }

    /// Enters finally clause `k`, continuing at `then` after its `endfinally`.
    fn enter_finally(&self, k: usize, then: BasicBlock<'ctx>) -> R<()> {
        self.enter(k, self.code.clauses[k].handler_start as usize, then)
    }

    /// Runs the code of clause `k` at instruction `start`, its selector
    /// set to continue at `then` when that code resumes.
    fn enter(&self, k: usize, start: usize, then: BasicBlock<'ctx>) -> R<()> {
        let id = self.eh.next_id.get();
        self.eh.next_id.set(id + 1);
        self.eh.cases.borrow_mut().push((k, id, then));
        let sel = self.eh.sel[k].ok_or_else(|| err("leave through a catch clause"))?;
        self.b.build_store(sel, self.c32(id as u64)).map_err(err)?;
        self.b.build_unconditional_branch(self.blocks[start]).map_err(err)?;
        Ok(())
    }

    /// `leave`: runs `finallies` in order, then jumps to instruction `t`.
    pub(super) fn leave(&self, t: u32, finallies: &[u32]) -> R<()> {
        let mut then = self.blocks[t as usize];
        let here = self.b.get_insert_block().ok_or_else(|| err("no block"))?;
        for &k in finallies.iter().skip(1).rev() {
            let bb = self.ctx().append_basic_block(self.f, "leave");
            self.b.position_at_end(bb);
            self.enter_finally(k as usize, then)?;
            then = bb;
        }
        self.b.position_at_end(here);
        match finallies.first() {
            Some(&k) => self.enter_finally(k as usize, then),
            None => self.b.build_unconditional_branch(then).map_err(err).map(|_| ()),
        }
    }

    /// `endfinally` of the innermost finally whose handler holds this instruction.
    pub(super) fn end_finally(&self) -> R<()> {
        let pc = self.pc.get() as u32;
        let k = self
            .code
            .clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.kind, ClauseKind::Finally | ClauseKind::Fault) && c.in_handler(pc))
            .min_by_key(|(_, c)| c.handler_end - c.handler_start)
            .map(|(k, _)| k)
            .ok_or_else(|| err("endfinally outside a finally"))?;
        let d = self.eh.dispatch[k].ok_or_else(|| err("endfinally"))?;
        self.b.build_unconditional_branch(d).map_err(err).map(|_| ())
    }

    /// `rethrow` in the catch handler of clause `k`.
    pub(super) fn rethrow(&self, k: u32, il: u32) -> R<()> {
        let hold = self.code.clauses.get(k as usize).ok_or_else(|| err("rethrow clause"))?.hold;
        self.libcall(Libcall::rethrow, &[self.ld(hold)?.into()])?;
        let l = self.landing(il)?;
        self.b.build_unconditional_branch(l).map_err(err).map(|_| ())
    }

    /// Fills each finally's dispatch block now that every entry is known.
    pub(super) fn finish_handlers(&self) -> R<()> {
        let cases = self.eh.cases.borrow();
        for (k, d) in self.eh.dispatch.iter().enumerate() {
            let (Some(d), Some(sel)) = (d, self.eh.sel[k]) else { continue };
            self.b.position_at_end(*d);
            let mine: Vec<_> =
                cases.iter().filter(|(c, _, _)| *c == k).map(|(_, id, bb)| (self.c32(*id as u64), *bb)).collect();
            let v = self.b.build_load(sel, "").map_err(err)?.into_int_value();
            match mine.split_first() {
                // The finally is never entered: its end is unreachable.
                None => self.b.build_unreachable().map(|_| ()),
                Some((first, rest)) => self.b.build_switch(v, first.1, rest).map(|_| ()),
            }
            .map_err(err)?;
        }
        Ok(())
    }
}
