//! `System.Reflection.Emit` on Mono's class libraries: a DynamicMethod's
//! ILGenerator (code, locals, exception blocks) and `refs` list become a
//! fat method body and token table for `runtime::dynamic`, which builds its
//! record. Mono's DynamicMethod has no finalizer (Mono frees its methods
//! from a reference queue), so the runtime registers one that releases the
//! record; delegates keep the DynamicMethod alive through
//! `Delegate.method_info`.

use std::ffi::c_void;

use cildec::il::InstructionIter;

use super::members::{field_of, handle_of};
use super::reflection::{class_list, objects};
use super::*;
use crate::interp::code::CallSig;
use crate::runtime::dynamic::{self, Source, Tok, TOK_SIG, TOK_TYPE};
use crate::runtime::{gc, rt};
use crate::types::method::Sig;
use crate::util::Arena;

pub(super) const ENTRIES: &[(&str, Icall)] =
    &[("System.Reflection.Emit.DynamicMethod::create_dynamic_method", create_dynamic_method)];

/// ECMA-335 exception clause kinds, which Mono's ILExceptionBlock.type uses.
const CLAUSE_FILTER: i32 = 1;
const CLAUSE_FINALLY: i32 = 2;

/// Field `name` of element `i` of `arr`, an array of a value type.
fn elem_get<T: Copy>(arr: *mut u8, i: usize, name: &str) -> Result<T, Thrown> {
    let (n, size) = array_info(arr)?;
    let elem = object::obj_class(arr).elem.ok_or_else(nre)?;
    let f = elem.find_field(name).ok_or_else(|| {
        exception::throw_msg("System", "MissingFieldException", &format!("{}.{name}", elem.full_name()))
    })?;
    if i >= n {
        return Err(exception::throw_new("System", "IndexOutOfRangeException"));
    }
    // SAFETY: element `i` exists; `f` lies inside it and has `T`'s width.
    Ok(unsafe { (elem_ptr(arr, i, size).add(f.offset as usize) as *const T).read_unaligned() })
}

fn is_class(obj: *mut u8, ns: &str, name: &str) -> bool {
    object::obj_class(obj).is(ns, name)
}

/// The class of a type object, or an exception naming what it is not.
fn class_of(t: *mut u8) -> Result<ClassRef, Thrown> {
    object::class_of_type_object(non_null(t)?).ok_or_else(nre)
}

/// One entry of the `refs` list, before the record's arena exists.
enum Ref {
    Tok(Tok),
    Sig { has_this: bool, ret: ClassRef, params: Vec<ClassRef> },
}

impl Ref {
    fn table(&self) -> u8 {
        match self {
            Ref::Tok(t) => t.table(),
            Ref::Sig { .. } => TOK_SIG,
        }
    }
}

/// What `DynamicMethod.AddRef` recorded, as the transform reads it.
fn reference(dm: *mut u8, obj: *mut u8) -> Result<Ref, Thrown> {
    let obj = non_null(obj)?;
    let class = object::obj_class(obj);
    Ok(Ref::Tok(if std::ptr::eq(class, rt().wk().string) {
        Tok::Str(obj)
    } else if std::ptr::eq(class, rt().wk().runtime_type) {
        Tok::Type(class_of(obj)?)
    } else if obj == dm {
        Tok::This
    } else if is_class(obj, "System.Reflection", "RuntimeFieldInfo") {
        let (c, f) = field_of(obj)?;
        Tok::Field(c, f)
    } else if is_class(obj, "System.Reflection.Emit", "SignatureHelper") {
        // CallingConventions.HasThis.
        let has_this = get::<i32>(obj, "callConv")? & 0x20 != 0;
        let args = get::<*mut u8>(obj, "arguments")?;
        let params = if args.is_null() { Vec::new() } else { class_list(args)? };
        let ret = get::<*mut u8>(obj, "returnType")?;
        let ret = if ret.is_null() { rt().wk().void } else { class_of(ret)? };
        return Ok(Ref::Sig { has_this, ret, params });
    } else if class.find_field("mhandle").is_some() {
        Tok::Method(handle_of(obj)?)
    } else {
        return Err(exception::throw_msg(
            "System",
            "NotSupportedException",
            &format!("A dynamic method cannot refer to a {}", class.full_name()),
        ));
    }))
}

/// Mono's ILGenerator writes `refs` indices (1, 3, 5...: the odd slots hold
/// nothing) as tokens; the transform wants table-tagged indices into the
/// packed table (`dynamic::Tok`). Other values become token 0,
/// which no table has. Stops at undecodable IL, which the transform rejects.
fn retag_tokens(code: &mut [u8], tables: &[u8]) {
    let mut at = Vec::new();
    for ins in InstructionIter::new(code).map_while(Result::ok) {
        if ins.info().operand.is_token() {
            at.push(ins.offset as usize + ins.info().size as usize);
        }
    }
    for p in at {
        let Some(bytes) = code.get_mut(p..p + 4) else { continue };
        let i = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        let tok = match tables.get(i.wrapping_sub(1) / 2) {
            Some(&t) if i % 2 == 1 => (t as u32) << 24 | (i as u32 + 1) / 2,
            _ => 0,
        };
        bytes.copy_from_slice(&tok.to_le_bytes());
    }
}

/// An exception clause in the fat format (ECMA-335 II.25.4.6).
struct Clause {
    flags: i32,
    try_offset: i32,
    try_len: i32,
    handler_offset: i32,
    handler_len: i32,
    /// A catch clause's class token, a filter's offset, else 0.
    data: u32,
}

/// The clauses of `ex_handlers` (an ILExceptionInfo[]), innermost first;
/// catch classes are appended to `refs`. A finally protects its try block
/// and the handlers before it, as Mono encodes them.
fn clauses(ex_handlers: *mut u8, refs: &mut Vec<Ref>) -> Result<Vec<Clause>, Thrown> {
    let mut out = Vec::new();
    if ex_handlers.is_null() {
        return Ok(out);
    }
    let (n, _) = array_info(ex_handlers)?;
    for i in (0..n).rev() {
        let start = elem_get::<i32>(ex_handlers, i, "start")?;
        let len = elem_get::<i32>(ex_handlers, i, "len")?;
        let blocks = elem_get::<*mut u8>(ex_handlers, i, "handlers")?;
        if blocks.is_null() {
            continue;
        }
        let mut finally_start = start + len;
        for j in 0..array_info(blocks)?.0 {
            let flags = elem_get::<i32>(blocks, j, "type")?;
            let (handler_offset, handler_len) =
                (elem_get::<i32>(blocks, j, "start")?, elem_get::<i32>(blocks, j, "len")?);
            let extype = elem_get::<*mut u8>(blocks, j, "extype")?;
            let data = if !extype.is_null() {
                refs.push(Ref::Tok(Tok::Type(class_of(extype)?)));
                (TOK_TYPE as u32) << 24 | refs.len() as u32
            } else if flags == CLAUSE_FILTER {
                elem_get::<i32>(blocks, j, "filter_offset")? as u32
            } else {
                0
            };
            let try_len = if flags == CLAUSE_FINALLY { finally_start - start } else { len };
            out.push(Clause { flags, try_offset: start, try_len, handler_offset, handler_len, data });
            finally_start = handler_offset + handler_len;
        }
    }
    Ok(out)
}

/// A fat method body: header (no local signature: the locals travel apart),
/// code and, with clauses, a fat exception section.
fn fat_body(code: &[u8], max_stack: u16, init_locals: bool, clauses: &[Clause]) -> Vec<u8> {
    const FAT: u16 = 0x3;
    const MORE_SECTS: u16 = 0x8;
    const INIT_LOCALS: u16 = 0x10;
    const EH_TABLE_FAT: u8 = 0x41;
    let mut flags = FAT | 3 << 12;
    if init_locals {
        flags |= INIT_LOCALS;
    }
    if !clauses.is_empty() {
        flags |= MORE_SECTS;
    }
    let mut b = Vec::with_capacity(12 + code.len() + 4 + 24 * clauses.len());
    b.extend_from_slice(&flags.to_le_bytes());
    b.extend_from_slice(&max_stack.to_le_bytes());
    b.extend_from_slice(&(code.len() as u32).to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    b.extend_from_slice(code);
    if clauses.is_empty() {
        return b;
    }
    b.resize(b.len().next_multiple_of(4), 0);
    let size = (4 + 24 * clauses.len()) as u32;
    b.push(EH_TABLE_FAT);
    b.extend_from_slice(&size.to_le_bytes()[..3]);
    for c in clauses {
        for w in [c.flags, c.try_offset, c.try_len, c.handler_offset, c.handler_len] {
            b.extend_from_slice(&w.to_le_bytes());
        }
        b.extend_from_slice(&c.data.to_le_bytes());
    }
    b
}

/// The bytes of a byte[] (`len` of them at most).
fn bytes(arr: *mut u8, len: usize) -> Result<Vec<u8>, Thrown> {
    let (n, _) = array_info(non_null(arr)?)?;
    // SAFETY: a byte[] of `n` elements; at most `n` are read.
    Ok(unsafe { std::slice::from_raw_parts(elem_ptr(arr, 0, 1), len.min(n)) }.to_vec())
}

/// Releases the record of a collected DynamicMethod.
///
/// # Safety
/// Called by the collector with `obj` the DynamicMethod that
/// `create_dynamic_method` registered.
unsafe extern "C" fn finalized(obj: *mut c_void, _data: *mut c_void) {
    dynamic::release(obj as usize);
}

/// `DynamicMethod.create_dynamic_method(DynamicMethod m)`: builds and
/// publishes the method and stores it in `m.mhandle`. Referenced dynamic
/// methods were created first by the managed caller.
fn create_dynamic_method(fp: *mut Slot) -> Result<(), Thrown> {
    let dm = non_null(ao(fp, 0))?;
    let ilgen = non_null(get::<*mut u8>(dm, "ilgen")?)?;
    let owner = match get::<*mut u8>(dm, "owner")? {
        t if !t.is_null() => class_of(t)?,
        _ => {
            let module = non_null(get::<*mut u8>(dm, "module")?)?;
            // SAFETY: a RuntimeModule's `_impl` holds its image, which lives
            // for the life of the process; a ModuleBuilder's is null.
            match unsafe { get::<*const crate::metadata::Image>(module, "_impl")?.as_ref() } {
                Some(image) => crate::types::resolve::typedef_class(image, 1).map_err(load_err)?,
                // A dynamic module (anonymously hosted methods) has no
                // image: the method belongs to Object, as on Mono.
                None => rt().wk().object,
            }
        }
    };
    let name = object::string_to_rust(non_null(get::<*mut u8>(dm, "name")?)?);
    let ret = match get::<*mut u8>(dm, "returnType")? {
        t if t.is_null() => rt().wk().void,
        t => class_of(t)?,
    };
    let params = match get::<*mut u8>(dm, "parameters")? {
        p if p.is_null() => Vec::new(),
        p => class_list(p)?,
    };
    let locals = objects(get::<*mut u8>(ilgen, "locals")?)?
        .into_iter()
        .map(|l| class_of(get::<*mut u8>(non_null(l)?, "type")?))
        .collect::<Result<Vec<_>, _>>()?;
    let nrefs = get::<i32>(dm, "nrefs")?.max(0) as usize;
    let mut refs = objects(get::<*mut u8>(dm, "refs")?)?
        .into_iter()
        .take(nrefs)
        .step_by(2)
        .map(|o| reference(dm, o))
        .collect::<Result<Vec<_>, _>>()?;
    let mut code = bytes(get::<*mut u8>(ilgen, "code")?, get::<i32>(ilgen, "code_len")?.max(0) as usize)?;
    let tables: Vec<u8> = refs.iter().map(Ref::table).collect();
    retag_tokens(&mut code, &tables);
    let clauses = clauses(get::<*mut u8>(ilgen, "ex_handlers")?, &mut refs)?;
    let max_stack = get::<i32>(ilgen, "max_stack")?.clamp(0, u16::MAX as i32) as u16;
    let body = fat_body(&code, max_stack, get::<u8>(dm, "init_locals")? != 0, &clauses);
    let tokens = |a: &'static Arena| -> Result<Vec<Tok>, Thrown> {
        Ok(refs
            .into_iter()
            .map(|r| match r {
                Ref::Tok(t) => t,
                Ref::Sig { has_this, ret, params } => {
                    Tok::Sig(a.alloc(CallSig { has_this, params: a.alloc_slice(&params), ret }))
                }
            })
            .collect())
    };
    let sig = Sig { has_this: false, params, ret, generic_params: 0, vararg: false };
    let m = dynamic::create(dm as usize, Source { owner, name: &name, body: &body, tokens, sig, locals: &locals })?;
    set_field(dm, "mhandle", m as *const Method as usize)?;
    gc::register_finalizer(dm, finalized);
    Ok(())
}
