//! Metadata tokens and signatures -> classes, methods and fields, in a
//! generic context. Also the interning of constructed types.

use cildec::tables::{MemberRefRow, MethodSpecRow, TypeRefRow, TypeSpecRow};
use cildec::{FieldSig, MethodSig, MethodSpecSig, TableId, Token, Type, TypeSpecSig};

use crate::metadata::error::LoadError;
use crate::metadata::Image;
use crate::runtime::rt;
use crate::types::class::{Class, ClassRef, Field, Kind};
use crate::types::method::{Method, Sig};

/// Type arguments in scope: the class's and the method's. Uninstantiated
/// parameters are represented by placeholder classes (`Kind::Var`/`MVar`).
#[derive(Clone, Copy, Default)]
pub struct GenericCtx {
    pub class_args: &'static [ClassRef],
    pub method_args: &'static [ClassRef],
}

impl GenericCtx {
    pub fn of_class(c: ClassRef) -> GenericCtx {
        let class_args = if !c.type_args.is_empty() {
            c.type_args
        } else {
            match c.generic_param_count() {
                0 => &[],
                n => rt().placeholders(false, n),
            }
        };
        GenericCtx { class_args, method_args: &[] }
    }

    pub fn of_method(m: &Method) -> GenericCtx {
        let mut ctx = GenericCtx::of_class(m.class);
        ctx.method_args = if !m.method_args.is_empty() {
            m.method_args
        } else {
            match generic_param_count(m.sig_blob) {
                0 => &[],
                n => rt().placeholders(true, n),
            }
        };
        ctx
    }
}

/// The generic parameter count a method signature declares. Parameters
/// are numbered in 16 bits (GenericParam.Number): a larger count is a bad
/// blob, read as 0, so that its `!!n` fail to resolve rather than a
/// billion placeholders being made.
fn generic_param_count(sig: &[u8]) -> usize {
    match sig {
        [cc, rest @ ..] if cc & 0x10 != 0 => {
            cildec::read_compressed_u32(rest).map(|(n, _)| n as usize).ok().filter(|&n| n <= 1 << 16).unwrap_or(0)
        }
        _ => 0,
    }
}

fn bad(e: impl std::fmt::Display) -> LoadError {
    LoadError::BadImage(e.to_string())
}

/// Resolves a decoded signature type.
pub fn sig_type(image: &'static Image, t: &Type<'_>, ctx: &GenericCtx) -> Result<ClassRef, LoadError> {
    let wk = rt().wk();
    Ok(match t {
        Type::Void => wk.void,
        Type::Boolean => wk.boolean,
        Type::Char => wk.char,
        Type::I1 => wk.sbyte,
        Type::U1 => wk.byte,
        Type::I2 => wk.int16,
        Type::U2 => wk.uint16,
        Type::I4 => wk.int32,
        Type::U4 => wk.uint32,
        Type::I8 => wk.int64,
        Type::U8 => wk.uint64,
        Type::R4 => wk.single,
        Type::R8 => wk.double,
        Type::String => wk.string,
        Type::Object => wk.object,
        Type::IntPtr => wk.intptr,
        Type::UIntPtr => wk.uintptr,
        Type::TypedByRef => rt().corlib_class("System", "TypedReference")?,
        Type::Ptr(_, inner) => rt().ptr_of(sig_type(image, inner, ctx)?, Kind::Ptr),
        Type::ByRef(inner) => rt().ptr_of(sig_type(image, inner, ctx)?, Kind::ByRef),
        Type::ValueType(tok) | Type::Class(tok) => type_token(image, *tok, ctx)?,
        Type::Var(i) => *ctx
            .class_args
            .get(*i as usize)
            .ok_or_else(|| LoadError::TypeLoad(format!("generic parameter !{i} out of range")))?,
        Type::MVar(i) => *ctx
            .method_args
            .get(*i as usize)
            .ok_or_else(|| LoadError::TypeLoad(format!("generic parameter !!{i} out of range")))?,
        Type::SzArray(_, inner) => rt().array_of(sig_type(image, inner, ctx)?, 0),
        Type::Array(inner, shape) => rt().array_of(sig_type(image, inner, ctx)?, shape.rank.max(1)),
        Type::GenericInst { def, args, .. } => {
            // The definition itself, not its instantiation in scope.
            let def = match def.table() {
                Some(TableId::TypeDef) => typedef_class(image, def.rid())?,
                _ => type_token(image, *def, ctx)?,
            };
            let args = args.iter().map(|a| sig_type(image, a, ctx)).collect::<Result<Vec<_>, _>>()?;
            rt().instantiate(def, &args)?
        }
        Type::FnPtr(_) => wk.intptr,
        Type::Modified(_, inner) | Type::Pinned(inner) => sig_type(image, inner, ctx)?,
        _ => return Err(LoadError::BadImage("unsupported element type in signature".into())),
    })
}

pub fn field_sig_type(image: &'static Image, blob: &[u8], ctx: &GenericCtx) -> Result<ClassRef, LoadError> {
    let sig = FieldSig::parse(blob).map_err(bad)?;
    sig_type(image, &sig.type_, ctx)
}

pub fn method_sig(image: &'static Image, blob: &[u8], ctx: &GenericCtx) -> Result<Sig, LoadError> {
    let sig = MethodSig::parse(blob).map_err(bad)?;
    let param = |p: &cildec::Param<'_>| -> Result<ClassRef, LoadError> {
        let t = sig_type(image, &p.type_, ctx)?;
        Ok(if p.by_ref { rt().ptr_of(t, Kind::ByRef) } else { t })
    };
    Ok(Sig {
        has_this: sig.has_this,
        params: sig.params.iter().map(param).collect::<Result<_, _>>()?,
        ret: param(&sig.return_type)?,
        generic_params: sig.calling_convention.generic_param_count(),
        vararg: sig.calling_convention == cildec::CallConv::VarArg,
    })
}

/// The classes of the extra arguments of a vararg call site: those after
/// the sentinel of its MemberRef signature (none for other tokens).
pub fn call_site_varargs(image: &'static Image, tok: Token, ctx: &GenericCtx) -> Result<Vec<ClassRef>, LoadError> {
    if tok.table() != Some(TableId::MemberRef) {
        return Ok(Vec::new());
    }
    let row: MemberRefRow = image.row(tok.rid())?;
    let sig = MethodSig::parse(image.blob(row.signature)?).map_err(bad)?;
    sig.vararg_params
        .iter()
        .map(|p| {
            let t = sig_type(image, &p.type_, ctx)?;
            Ok(if p.by_ref { rt().ptr_of(t, Kind::ByRef) } else { t })
        })
        .collect()
}

/// A class `image` defines, with its method table, or the name of one that
/// failed to load and why.
pub type DefinedClass = Result<(ClassRef, &'static crate::types::class::Info), (String, LoadError)>;

/// Every class `image` defines except generic definitions (which only
/// their instantiations use), loaded with its method table: what `monoxide
/// test` and `monoxide aot` walk, and report when one fails to load rather
/// than leaving its methods out unseen.
pub fn defined_classes(image: &'static Image) -> Vec<DefinedClass> {
    let mut out = Vec::new();
    for rid in 1..=image.row_count(TableId::TypeDef) {
        let class = match typedef_class(image, rid) {
            Ok(c) if c.is_generic_def() => continue,
            Ok(c) => c,
            Err(e) => {
                // The row's own name: the class never came to exist.
                let name = image
                    .row::<cildec::tables::TypeDefRow>(rid)
                    .and_then(|r| Ok((image.str(r.type_namespace)?, image.str(r.type_name)?)))
                    .map(|(ns, n)| if ns.is_empty() { n.to_string() } else { format!("{ns}.{n}") })
                    .unwrap_or_else(|_| format!("TypeDef #{rid}"));
                out.push(Err((name, e)));
                continue;
            }
        };
        out.push(class.info().map(|i| (class, i)).map_err(|e| (class.full_name(), e)));
    }
    out
}

/// The class of a TypeDef in `image` (not instantiated).
pub fn typedef_class(image: &'static Image, rid: u32) -> Result<ClassRef, LoadError> {
    let cell =
        image.typedefs.get(rid as usize).filter(|_| rid != 0).ok_or_else(|| bad(format!("bad TypeDef rid {rid}")))?;
    if let Some(&c) = cell.get() {
        // SAFETY: the cell only ever holds the address of a class of this
        // image, allocated in its arena below (so it lives as long as the image).
        return Ok(unsafe { &*(c as *const Class) });
    }
    let row: cildec::tables::TypeDefRow = image.row(rid)?;
    let name = image.str(row.type_name)?.to_string();
    let namespace = image.str(row.type_namespace)?.to_string();
    let tables = image.md().tables();
    let enclosing = tables.enclosing_type(cildec::Rid::new(rid)).map_err(bad)?.map(|r| r.get());
    let kind = if row.flags & 0x20 != 0 {
        Kind::Interface
    } else if is_valuetype_parent(image, row.extends)? && !(namespace == "System" && name == "Enum") {
        Kind::ValueType
    } else {
        Kind::Class
    };
    let mut class = Class::new(image, rid, name, namespace, row.flags, kind);
    if let Some(e) = enclosing {
        // Loading the enclosing type loads its own enclosing type first: the
        // chain must end within the table, without coming back here.
        let mut outer = Some(e);
        for _ in 0..=image.row_count(TableId::TypeDef) {
            match outer {
                Some(o) if o == rid => break,
                Some(o) => outer = tables.enclosing_type(cildec::Rid::new(o)).map_err(bad)?.map(|r| r.get()),
                None => break,
            }
        }
        if outer.is_some() {
            return Err(LoadError::TypeLoad(format!(
                "Could not load type '{}' from assembly '{}': it is nested in itself.",
                class.name, image.name
            )));
        }
        class.enclosing = Some(typedef_class(image, e)?);
    }
    let c: ClassRef = image.arena.alloc(class);
    let won = *cell.get_or_init(|| c as *const Class as usize);
    // SAFETY: as above; a thread that lost the race to fill the cell
    // returns the winner's class.
    Ok(unsafe { &*(won as *const Class) })
}

/// Does `extends` name System.ValueType or System.Enum?
fn is_valuetype_parent(image: &'static Image, extends: Token) -> Result<bool, LoadError> {
    let (ns, name) = match extends.table() {
        _ if extends.is_null() => return Ok(false),
        Some(TableId::TypeRef) => {
            let r: TypeRefRow = image.row(extends.rid())?;
            (image.str(r.type_namespace)?, image.str(r.type_name)?)
        }
        Some(TableId::TypeDef) => {
            let r: cildec::tables::TypeDefRow = image.row(extends.rid())?;
            (image.str(r.type_namespace)?, image.str(r.type_name)?)
        }
        _ => return Ok(false),
    };
    Ok(ns == "System" && (name == "ValueType" || name == "Enum"))
}

/// How deeply type specifications may nest (a TypeSpec naming itself
/// would recurse forever).
const MAX_TYPESPEC_NESTING: u32 = 64;

thread_local! {
    static TYPESPEC_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// TypeDef, TypeRef or TypeSpec token -> class.
pub fn type_token(image: &'static Image, tok: Token, ctx: &GenericCtx) -> Result<ClassRef, LoadError> {
    match tok.table() {
        Some(TableId::TypeDef) => {
            let c = typedef_class(image, tok.rid())?;
            // Inside generic code a TypeDef token names the definition's
            // own instantiation in scope.
            if c.is_generic_def() && ctx.class_args.len() == c.generic_param_count() {
                return rt().instantiate(c, ctx.class_args);
            }
            Ok(c)
        }
        Some(TableId::TypeRef) => typeref_class(image, tok.rid()),
        Some(TableId::TypeSpec) => {
            let row: TypeSpecRow = image.row(tok.rid())?;
            let sig = TypeSpecSig::parse(image.blob(row.signature)?).map_err(bad)?;
            let depth = TYPESPEC_DEPTH.with(|d| d.replace(d.get() + 1));
            let r = if depth >= MAX_TYPESPEC_NESTING {
                Err(bad(format!("type specification {tok} nests too deeply (or names itself)")))
            } else {
                sig_type(image, &sig.type_, ctx)
            };
            TYPESPEC_DEPTH.with(|d| d.set(depth));
            r
        }
        _ => Err(bad(format!("token {tok} is not a type"))),
    }
}

fn typeref_class(image: &'static Image, rid: u32) -> Result<ClassRef, LoadError> {
    typeref_class_at(image, rid, 0)
}

/// A TypeRef whose scope is the TypeRef of its enclosing type, `depth`
/// scopes in: a chain longer than the table is a cycle.
fn typeref_class_at(image: &'static Image, rid: u32, depth: u32) -> Result<ClassRef, LoadError> {
    if depth > image.row_count(TableId::TypeRef) {
        return Err(bad(format!("the resolution scope of TypeRef {rid} is a cycle")));
    }
    let row: TypeRefRow = image.row(rid)?;
    let name = image.str(row.type_name)?;
    let ns = image.str(row.type_namespace)?;
    let scope = row.resolution_scope;
    let (target, enclosing): (&'static Image, u32) = match scope.table() {
        Some(TableId::AssemblyRef) => (rt().load_reference(image, scope.rid())?, 0),
        Some(TableId::TypeRef) => {
            let outer = typeref_class_at(image, scope.rid(), depth + 1)?;
            (outer.image, outer.rid)
        }
        Some(TableId::Module) | None => (image, 0),
        Some(TableId::ModuleRef) => (image, 0),
        _ => return Err(bad("bad TypeRef resolution scope")),
    };
    let found = target.find_typedef(ns, name, enclosing).ok_or_else(|| {
        let full = if ns.is_empty() { name.to_string() } else { format!("{ns}.{name}") };
        LoadError::TypeLoad(format!("Could not load type '{full}' from assembly '{}'.", target.name))
    })?;
    typedef_class(target, found)
}

/// MethodDef, MemberRef or MethodSpec token -> method.
pub fn method_token(image: &'static Image, tok: Token, ctx: &GenericCtx) -> Result<&'static Method, LoadError> {
    match tok.table() {
        Some(TableId::MethodDef) => {
            let owner = image
                .md()
                .tables()
                .type_of_method(cildec::Rid::new(tok.rid()))
                .map_err(bad)?
                .ok_or_else(|| bad("method without owner type"))?;
            let class = type_token(image, Token::new(TableId::TypeDef, owner.get()), ctx)?;
            class
                .info()?
                .methods
                .iter()
                .find(|m| m.rid == tok.rid())
                .copied()
                .ok_or_else(|| bad("MethodDef not found in its type"))
        }
        Some(TableId::MemberRef) => {
            let row: MemberRefRow = image.row(tok.rid())?;
            let name = image.str(row.name)?;
            let blob = image.blob(row.signature)?;
            let parent = row.class;
            if parent.table() == Some(TableId::MethodDef) {
                return method_token(image, parent, ctx);
            }
            let class = type_token(image, parent, ctx)?;
            find_member_method(class, name, image, blob)
        }
        Some(TableId::MethodSpec) => {
            let row: MethodSpecRow = image.row(tok.rid())?;
            let def = method_token(image, row.method, ctx)?;
            let sig = MethodSpecSig::parse(image.blob(row.instantiation)?).map_err(bad)?;
            let args = sig.args.iter().map(|a| sig_type(image, a, ctx)).collect::<Result<Vec<_>, _>>()?;
            // Only a generic method definition with as many parameters
            // takes an instantiation.
            let arity = def.sig()?.generic_params as usize;
            if arity == 0 || arity != args.len() || !def.method_args.is_empty() {
                return Err(bad(format!(
                    "MethodSpec {tok}: {} arguments for {} (generic parameters: {arity})",
                    args.len(),
                    def.display_name()
                )));
            }
            Ok(rt().instantiate_method(def, &args))
        }
        _ => Err(bad(format!("token {tok} is not a method"))),
    }
}

/// Finds `name` with signature `blob` (from `image`) in `class` or its bases.
fn find_member_method(
    class: ClassRef,
    name: &str,
    image: &'static Image,
    blob: &[u8],
) -> Result<&'static Method, LoadError> {
    let nargs = generic_param_count(blob);
    let mut ctx = GenericCtx::of_class(class);
    ctx.method_args = if nargs > 0 { rt().placeholders(true, nargs) } else { &[] };
    let want = method_sig(image, blob, &ctx)?;
    let mut c = Some(class);
    while let Some(k) = c {
        if k.is_array() {
            if let Some(m) = rt().array_method(k, name, &want)? {
                return Ok(m);
            }
        }
        for m in &k.info()?.methods {
            if m.name != name {
                continue;
            }
            let Ok(have) = m.sig() else { continue };
            if have.params.len() == want.params.len()
                && have.generic_params == want.generic_params
                && have.has_this == want.has_this
                && std::ptr::eq(have.ret, want.ret)
                && have.params.iter().zip(&want.params).all(|(a, b)| std::ptr::eq(*a, *b))
            {
                return Ok(m);
            }
        }
        // Constructors are not inherited: a base class's would build an
        // object of the wrong class.
        c = if matches!(name, ".ctor" | ".cctor") { None } else { k.parent() };
    }
    let params = want.params.iter().map(|p| p.full_name()).collect::<Vec<_>>().join(", ");
    Err(LoadError::MissingMethod(format!(
        "Method not found: {} {}.{}({})",
        want.ret.full_name(),
        class.full_name(),
        name,
        params
    )))
}

/// FieldDef or MemberRef token -> (declaring class, field).
pub fn field_token(
    image: &'static Image,
    tok: Token,
    ctx: &GenericCtx,
) -> Result<(ClassRef, &'static Field), LoadError> {
    let (class, name) = match tok.table() {
        Some(TableId::Field) => {
            let owner = image
                .md()
                .tables()
                .type_of_field(cildec::Rid::new(tok.rid()))
                .map_err(bad)?
                .ok_or_else(|| bad("field without owner type"))?;
            let class = type_token(image, Token::new(TableId::TypeDef, owner.get()), ctx)?;
            let row: cildec::tables::FieldRow = image.row(tok.rid())?;
            (class, image.str(row.name)?)
        }
        Some(TableId::MemberRef) => {
            let row: MemberRefRow = image.row(tok.rid())?;
            (type_token(image, row.class, ctx)?, image.str(row.name)?)
        }
        _ => return Err(bad(format!("token {tok} is not a field"))),
    };
    let mut c = Some(class);
    while let Some(k) = c {
        if let Some(f) = k.layout()?.fields.iter().find(|f| f.name == name) {
            return Ok((k, f));
        }
        if let Some(f) = k.info()?.static_fields.iter().find(|f| f.name == name) {
            return Ok((k, f));
        }
        c = k.parent();
    }
    Err(LoadError::MissingField(format!("Field not found: {}.{}", class.full_name(), name)))
}
