//! Which methods an image compiles, and why the others stay with the
//! interpreter (what `lower::refs_of` says of each instruction: the
//! references it names, or why it is not compiled), the may-throw
//! fixpoint, and the generic instantiations compiled code reaches.

use std::collections::{HashMap, HashSet};

use crate::codegen::lower;
use crate::interp::code::{Insn, InterpCode};
use crate::interp::exec;
use crate::runtime::refs::method_key;
use crate::types::class::ClassRef;
use crate::types::method::Method;

/// Why `m` (with `code`) cannot be compiled, or None.
pub fn blocker(m: &'static Method, code: &'static InterpCode) -> Option<String> {
    if method_key(m).is_none() {
        return Some("not nameable from an image".into());
    }
    if m.native_sig().is_none() {
        return Some("unsized parameters or result".into());
    }
    if m.sig().is_ok_and(|s| s.vararg) {
        // Its hidden argument (the extra arguments) has no native form.
        return Some("vararg method".into());
    }
    code.insns.iter().find_map(|i| lower::refs_of(m, i).err())
}

/// A method with its transformed code, as the code generator takes it.
pub type MethodCode = (&'static Method, &'static InterpCode);

/// The compiled methods that may leave with an exception pending (a
/// fixpoint over direct calls between them).
pub fn may_throw(set: &[MethodCode]) -> HashSet<usize> {
    let compiled: HashSet<usize> = set.iter().map(|(m, _)| *m as *const Method as usize).collect();
    let mut throws: HashSet<usize> = HashSet::new();
    loop {
        let before = throws.len();
        for (m, c) in set {
            let t = !c.eager_cctors.is_empty()
                || c.insns.iter().any(|i| match i {
                    Insn::Call { m: callee, .. } => {
                        let k = *callee as *const Method as usize;
                        !compiled.contains(&k) || throws.contains(&k)
                    }
                    i => i.may_throw(),
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

/// How deeply the type arguments of a compiled instantiation may nest.
const MAX_INSTANTIATION_DEPTH: usize = 8;

/// Does `c` nest type arguments or element types more than `depth` deep?
fn deeper_than(c: ClassRef, depth: usize) -> bool {
    depth == 0 || c.type_args.iter().chain(c.elem.as_slice()).any(|a| deeper_than(a, depth - 1))
}

/// The methods an image of `roots` compiles: the roots that can be
/// compiled, plus the generic instantiations their code reaches (full-AOT
/// style: an instantiation lives in the image of the code that uses it).
/// Also returns why each root left out stays interpreted.
pub fn select(roots: &[MethodCode]) -> (Vec<MethodCode>, Vec<(&'static Method, String)>) {
    let mut out = Vec::new();
    let mut left = Vec::new();
    let mut seen: HashSet<usize> = roots.iter().map(|(m, _)| *m as *const Method as usize).collect();
    let mut work: Vec<(MethodCode, bool)> = roots.iter().map(|u| (*u, true)).collect();
    work.reverse();
    while let Some(((m, code), root)) = work.pop() {
        if let Some(why) = blocker(m, code) {
            if root {
                left.push((m, why));
            }
            continue;
        }
        out.push((m, code));
        let mut reach = |t: &'static Method| {
            let generic = !t.class.type_args.is_empty() || !t.method_args.is_empty();
            if !generic || t.rva == 0 || t.is_internal_call() || !seen.insert(t as *const Method as usize) {
                return;
            }
            // Polymorphic recursion (`f<T>` calling `f<S<T>>`) reaches
            // ever deeper instantiations: past a depth they stay with the
            // interpreter, as in Mono's full AOT.
            if t.class.type_args.iter().chain(t.method_args).any(|a| deeper_than(a, MAX_INSTANTIATION_DEPTH)) {
                tracing::debug!("{}.{}: instantiation too deep, left to the interpreter", t.class.full_name(), t.name);
                return;
            }
            if let Ok(c) = exec::transformed(t) {
                work.push(((t, c), false));
            }
        };
        for i in &code.insns {
            match i {
                Insn::Call { m: t, .. } | Insn::CallVirt { m: t, .. } => reach(t),
                // Creating an instance of an instantiation makes its
                // virtual methods callable through its vtable.
                Insn::NewObj { ctor, .. } => {
                    reach(ctor);
                    if let Ok(info) = ctor.class.info() {
                        info.vtable.iter().for_each(|v| reach(v));
                    }
                }
                _ => {}
            }
        }
    }
    (out, left)
}

/// Counts the reasons methods stay interpreted, most frequent first.
pub fn summarize(left: &[(&'static Method, String)]) -> Vec<(String, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, why) in left {
        let head = why.split(" {").next().unwrap_or(why).to_string();
        *counts.entry(head).or_default() += 1;
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}
