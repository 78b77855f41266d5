//! The outside references of an AOT image: every method, descriptor,
//! class, string literal and static field compiled code names, written as a
//! text key the loader resolves (`runtime::aot`) into one pointer-sized slot
//! per reference before any of the image's code runs.
//!
//! Key grammar (one reference per line of `mx_ref_keys`):
//!
//! ```text
//! ref    = "m:" method | "d:" method | "c:" class | "s:" image "#" offset
//!        | "f:" class "+" offset | "r:" class "." field-rid
//! method = class "." rid [ "<" class { ";" class } ">" ]   (method instantiation)
//! class  = image "#" rid [ "<" class { ";" class } ">" ]   (type definition / instantiation)
//!        | "[" class [ "*" rank ] "]"                       (array; no rank: SZ)
//!        | "*" class | "&" class                           (pointer, byref)
//! ```
//!
//! `m` resolves to the `Method`, `d` to its `FtnDesc`, `c` to the `Class`,
//! `s` to the literal's root cell, `f` to the static field's address, `r` to
//! the field's `RuntimeFieldHandle` value (its RVA data).

use crate::metadata::error::LoadError;
use crate::runtime::rt;
use crate::types::class::{ClassRef, Kind};
use crate::types::method::Method;

/// One outside reference of compiled code.
#[derive(Clone, Copy)]
pub enum Ref {
    Method(&'static Method),
    Desc(&'static Method),
    Class(ClassRef),
    /// A string literal: image and user-string heap offset.
    Str(&'static crate::metadata::Image, u32),
    /// A static field: its class and offset in the class's static storage.
    Static(ClassRef, u32),
    /// The handle of a field with RVA data: its class and field rid.
    FieldData(ClassRef, u32),
}

/// The key of class `c`, when a loader can find it again.
pub fn class_key(c: ClassRef) -> Option<String> {
    match c.kind {
        Kind::SzArray => Some(format!("[{}]", class_key(c.elem?)?)),
        Kind::Array(rank) => Some(format!("[{}*{rank}]", class_key(c.elem?)?)),
        Kind::Ptr => Some(format!("*{}", class_key(c.elem?)?)),
        Kind::ByRef => Some(format!("&{}", class_key(c.elem?)?)),
        Kind::Var(_) | Kind::MVar(_) => None,
        _ if c.rid == 0 || c.is_generic_def() => None,
        _ => {
            let def = c.generic_def.unwrap_or(c);
            Some(format!("{}#{}{}", def.image.name, def.rid, list_key(c.type_args)?))
        }
    }
}

/// The key of method `m`, when a loader can find it again (a MethodDef of a
/// nameable class, possibly instantiated).
pub fn method_key(m: &'static Method) -> Option<String> {
    if m.rid == 0 || m.class.is_generic_def() || (m.generic_def.is_none() && m.sig().ok()?.generic_params > 0) {
        return None;
    }
    Some(format!("{}.{}{}", class_key(m.class)?, m.rid, list_key(m.method_args)?))
}

fn list_key(args: &[ClassRef]) -> Option<String> {
    if args.is_empty() {
        return Some(String::new());
    }
    let keys: Option<Vec<String>> = args.iter().map(|a| class_key(a)).collect();
    Some(format!("<{}>", keys?.join(";")))
}

impl Ref {
    /// The static field whose storage holds address `p` (how transformed
    /// code, which holds raw addresses, names it).
    pub fn static_at(p: *const u8) -> Option<Ref> {
        let (c, off) = crate::runtime::rt().statics_owner(p)?;
        Some(Ref::Static(c, off))
    }

    /// The reference an `ldtoken` handle stands for.
    pub fn of_handle(h: &crate::interp::code::Handle) -> Ref {
        use crate::interp::code::Handle;
        match *h {
            Handle::Type(c) => Ref::Class(c),
            Handle::Method(m) => Ref::Method(m),
            Handle::Field(c, rid) => Ref::FieldData(c, rid),
        }
    }

    pub fn key(&self) -> Option<String> {
        Some(match self {
            Ref::Method(m) => format!("m:{}", method_key(m)?),
            Ref::Desc(m) => format!("d:{}", method_key(m)?),
            Ref::Class(c) => format!("c:{}", class_key(c)?),
            Ref::Str(img, off) => format!("s:{}#{off}", img.name),
            Ref::Static(c, off) => format!("f:{}+{off}", class_key(c)?),
            Ref::FieldData(c, rid) => format!("r:{}.{rid}", class_key(c)?),
        })
    }
}

/// Resolves one key line to the address its slot must hold.
pub fn resolve(line: &str) -> Result<*const u8, LoadError> {
    let bad = || LoadError::BadImage(format!("bad AOT reference key '{line}'"));
    let (kind, rest) = line.split_once(':').ok_or_else(bad)?;
    let mut p = Parser { s: rest.as_bytes(), at: 0 };
    let out: *const u8 = match kind {
        "m" => p.method()? as *const Method as *const u8,
        "d" => &p.method()?.desc as *const _ as *const u8,
        "c" => p.class()? as *const _ as *const u8,
        "s" => {
            let img = image(p.until(b'#'))?;
            p.eat(b'#')?;
            crate::runtime::object::literal(img, p.number()?)?.cell() as *const u8
        }
        "f" => {
            let c = p.class()?;
            p.eat(b'+')?;
            let off = p.number()? as usize;
            let statics = c.info()?.statics;
            if statics.is_null() {
                return Err(bad());
            }
            // SAFETY: the offset was taken from this class's static storage
            // when the image was compiled from the same assembly (stamped).
            unsafe { statics.add(off) as *const u8 }
        }
        "r" => {
            let c = p.class()?;
            p.eat(b'.')?;
            let rid = p.number()?;
            let f = c.info()?.static_fields.iter().find(|f| f.rid == rid).ok_or_else(bad)?;
            crate::runtime::object::field_rva_data(c, f)? as *const u8
        }
        _ => return Err(bad()),
    };
    if p.at != p.s.len() {
        return Err(bad());
    }
    Ok(out)
}

fn image(name: &[u8]) -> Result<&'static crate::metadata::Image, LoadError> {
    let name = std::str::from_utf8(name).map_err(|_| LoadError::BadImage("bad image name in AOT key".into()))?;
    rt().image_named(name)
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, c: u8) -> Result<(), LoadError> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(LoadError::BadImage(format!("bad AOT reference key: expected '{}'", c as char)))
        }
    }

    fn until(&mut self, c: u8) -> &[u8] {
        let start = self.at;
        while self.peek().is_some_and(|x| x != c) {
            self.at += 1;
        }
        &self.s[start..self.at]
    }

    fn number(&mut self) -> Result<u32, LoadError> {
        let start = self.at;
        while self.peek().is_some_and(|x| x.is_ascii_digit()) {
            self.at += 1;
        }
        std::str::from_utf8(&self.s[start..self.at])
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| LoadError::BadImage("bad number in AOT reference key".into()))
    }

    fn list(&mut self) -> Result<Vec<ClassRef>, LoadError> {
        let mut out = Vec::new();
        if self.peek() != Some(b'<') {
            return Ok(out);
        }
        self.at += 1;
        loop {
            out.push(self.class()?);
            match self.peek() {
                Some(b';') => self.at += 1,
                _ => break,
            }
        }
        self.eat(b'>')?;
        Ok(out)
    }

    fn class(&mut self) -> Result<ClassRef, LoadError> {
        match self.peek() {
            Some(b'[') => {
                self.at += 1;
                let elem = self.class()?;
                let rank = if self.peek() == Some(b'*') {
                    self.at += 1;
                    self.number()?
                } else {
                    0
                };
                self.eat(b']')?;
                Ok(rt().array_of(elem, rank))
            }
            Some(b'*') => {
                self.at += 1;
                Ok(rt().ptr_of(self.class()?, Kind::Ptr))
            }
            Some(b'&') => {
                self.at += 1;
                Ok(rt().ptr_of(self.class()?, Kind::ByRef))
            }
            _ => {
                let img = image(self.until(b'#'))?;
                self.eat(b'#')?;
                let def = crate::types::resolve::typedef_class(img, self.number()?)?;
                let args = self.list()?;
                if args.is_empty() {
                    Ok(def)
                } else {
                    rt().instantiate(def, &args)
                }
            }
        }
    }

    fn method(&mut self) -> Result<&'static Method, LoadError> {
        let class = self.class()?;
        self.eat(b'.')?;
        let rid = self.number()?;
        let def = class.info()?.methods.iter().copied().find(|m| m.rid == rid).ok_or_else(|| {
            LoadError::MissingMethod(format!("method #{rid} of {} named by an AOT image", class.full_name()))
        })?;
        let args = self.list()?;
        Ok(if args.is_empty() { def } else { rt().instantiate_method(def, &args) })
    }
}
