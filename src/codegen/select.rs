//! Which methods an image compiles, and why the others stay with the
//! interpreter: the native signature rule, the instructions the lowering
//! supports, and the references compiled code must be able to name.

use std::collections::{HashMap, HashSet};

use crate::codegen::refs::{method_key, Ref};
use crate::interp::code::{Insn, InterpCode};
use crate::interp::exec;
use crate::types::class::{ClassRef, ElemKind};
use crate::types::method::Method;

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
        Unbox { c, .. } | NewMdArr { c, .. } | NewDelegate { c, .. } | RefAnyVal { c, .. } => vec![Ref::Class(c)],
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
        i => match crate::codegen::lower::not_compiled(i) {
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
    code.insns.iter().find_map(|i| refs_of(m, i).err())
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
