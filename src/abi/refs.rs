//! The reference keys of an AOT image: every method, descriptor, class,
//! string literal and static field compiled code names is written as a
//! text key (one line of `mx_ref_keys`) that the loader resolves into one
//! pointer-sized slot. Keys name things by assembly and row, never by
//! address, so an image holds nothing of the process that compiled it.
//!
//! Grammar:
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
//! `m` resolves to the method's record, `d` to its `FtnDesc`, `c` to the
//! class's record, `s` to the literal's root cell, `f` to the static field's
//! address, `r` to the field's `RuntimeFieldHandle` value (its RVA data).

use std::fmt;

/// A class, as a key names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassKey {
    /// A type definition (row `rid` of assembly `image`), instantiated over
    /// `args` when there are any.
    Def {
        image: String,
        rid: u32,
        args: Vec<ClassKey>,
    },
    /// An array; rank 0 is an SZ array.
    Array {
        elem: Box<ClassKey>,
        rank: u32,
    },
    Ptr(Box<ClassKey>),
    ByRef(Box<ClassKey>),
}

/// A method: MethodDef row `rid` of `class`, instantiated over `args`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodKey {
    pub class: ClassKey,
    pub rid: u32,
    pub args: Vec<ClassKey>,
}

/// One outside reference of compiled code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefKey {
    Method(MethodKey),
    Desc(MethodKey),
    Class(ClassKey),
    /// A string literal: user-string heap offset in assembly `image`.
    Str {
        image: String,
        offset: u32,
    },
    /// A static field: offset in its class's static storage.
    Static {
        class: ClassKey,
        offset: u32,
    },
    /// The RVA data of field `rid` of `class`.
    FieldData {
        class: ClassKey,
        rid: u32,
    },
}

/// A key that does not follow the grammar.
#[derive(Debug, PartialEq, Eq)]
pub struct KeyError(pub String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad AOT reference key: {}", self.0)
    }
}

fn write_args(f: &mut fmt::Formatter<'_>, args: &[ClassKey]) -> fmt::Result {
    if args.is_empty() {
        return Ok(());
    }
    f.write_str("<")?;
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            f.write_str(";")?;
        }
        write!(f, "{a}")?;
    }
    f.write_str(">")
}

impl fmt::Display for ClassKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClassKey::Def { image, rid, args } => {
                write!(f, "{image}#{rid}")?;
                write_args(f, args)
            }
            ClassKey::Array { elem, rank: 0 } => write!(f, "[{elem}]"),
            ClassKey::Array { elem, rank } => write!(f, "[{elem}*{rank}]"),
            ClassKey::Ptr(e) => write!(f, "*{e}"),
            ClassKey::ByRef(e) => write!(f, "&{e}"),
        }
    }
}

impl fmt::Display for MethodKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.class, self.rid)?;
        write_args(f, &self.args)
    }
}

impl fmt::Display for RefKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefKey::Method(m) => write!(f, "m:{m}"),
            RefKey::Desc(m) => write!(f, "d:{m}"),
            RefKey::Class(c) => write!(f, "c:{c}"),
            RefKey::Str { image, offset } => write!(f, "s:{image}#{offset}"),
            RefKey::Static { class, offset } => write!(f, "f:{class}+{offset}"),
            RefKey::FieldData { class, rid } => write!(f, "r:{class}.{rid}"),
        }
    }
}

impl std::str::FromStr for RefKey {
    type Err = KeyError;

    fn from_str(line: &str) -> Result<RefKey, KeyError> {
        let (kind, rest) = line.split_once(':').ok_or_else(|| KeyError(format!("no kind in '{line}'")))?;
        let mut p = Parser { s: rest.as_bytes(), at: 0 };
        let key = match kind {
            "m" => RefKey::Method(p.method()?),
            "d" => RefKey::Desc(p.method()?),
            "c" => RefKey::Class(p.class(0)?),
            "s" => {
                let image = p.image()?;
                p.eat(b'#')?;
                RefKey::Str { image, offset: p.number()? }
            }
            "f" => {
                let class = p.class(0)?;
                p.eat(b'+')?;
                RefKey::Static { class, offset: p.number()? }
            }
            "r" => {
                let class = p.class(0)?;
                p.eat(b'.')?;
                RefKey::FieldData { class, rid: p.number()? }
            }
            _ => return Err(KeyError(format!("unknown kind in '{line}'"))),
        };
        if p.at != p.s.len() {
            return Err(KeyError(format!("trailing text in '{line}'")));
        }
        Ok(key)
    }
}

/// Deeper nesting than any real type: bounds the parser's recursion.
const MAX_DEPTH: u32 = 64;

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, c: u8) -> Result<(), KeyError> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(KeyError(format!("expected '{}' at {}", c as char, self.at)))
        }
    }

    fn image(&mut self) -> Result<String, KeyError> {
        let start = self.at;
        while self.peek().is_some_and(|x| x != b'#') {
            self.at += 1;
        }
        let name = std::str::from_utf8(&self.s[start..self.at]).map_err(|_| KeyError("image name".into()))?;
        if name.is_empty() {
            return Err(KeyError("empty image name".into()));
        }
        Ok(name.to_string())
    }

    fn number(&mut self) -> Result<u32, KeyError> {
        let start = self.at;
        while self.peek().is_some_and(|x| x.is_ascii_digit()) {
            self.at += 1;
        }
        std::str::from_utf8(&self.s[start..self.at])
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| KeyError(format!("expected a number at {start}")))
    }

    fn list(&mut self, depth: u32) -> Result<Vec<ClassKey>, KeyError> {
        let mut out = Vec::new();
        if self.peek() != Some(b'<') {
            return Ok(out);
        }
        self.at += 1;
        loop {
            out.push(self.class(depth + 1)?);
            match self.peek() {
                Some(b';') => self.at += 1,
                _ => break,
            }
        }
        self.eat(b'>')?;
        Ok(out)
    }

    fn class(&mut self, depth: u32) -> Result<ClassKey, KeyError> {
        if depth > MAX_DEPTH {
            return Err(KeyError("types nested too deeply".into()));
        }
        match self.peek() {
            Some(b'[') => {
                self.at += 1;
                let elem = Box::new(self.class(depth + 1)?);
                let rank = if self.peek() == Some(b'*') {
                    self.at += 1;
                    self.number()?
                } else {
                    0
                };
                self.eat(b']')?;
                Ok(ClassKey::Array { elem, rank })
            }
            Some(b'*') => {
                self.at += 1;
                Ok(ClassKey::Ptr(Box::new(self.class(depth + 1)?)))
            }
            Some(b'&') => {
                self.at += 1;
                Ok(ClassKey::ByRef(Box::new(self.class(depth + 1)?)))
            }
            _ => {
                let image = self.image()?;
                self.eat(b'#')?;
                let rid = self.number()?;
                Ok(ClassKey::Def { image, rid, args: self.list(depth)? })
            }
        }
    }

    fn method(&mut self) -> Result<MethodKey, KeyError> {
        let class = self.class(0)?;
        self.eat(b'.')?;
        let rid = self.number()?;
        Ok(MethodKey { class, rid, args: self.list(0)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(image: &str, rid: u32, args: Vec<ClassKey>) -> ClassKey {
        ClassKey::Def { image: image.into(), rid, args }
    }

    #[test]
    fn keys_round_trip() {
        let int = def("mscorlib", 17, vec![]);
        let list_int = def("mscorlib", 230, vec![int.clone()]);
        let dict =
            def("System.Core", 3, vec![list_int.clone(), ClassKey::Array { elem: Box::new(int.clone()), rank: 0 }]);
        let keys = vec![
            RefKey::Method(MethodKey { class: dict.clone(), rid: 9, args: vec![] }),
            RefKey::Desc(MethodKey { class: int.clone(), rid: 4, args: vec![list_int.clone(), dict.clone()] }),
            RefKey::Class(ClassKey::Array { elem: Box::new(ClassKey::Ptr(Box::new(int.clone()))), rank: 3 }),
            RefKey::Class(ClassKey::ByRef(Box::new(dict.clone()))),
            RefKey::Str { image: "prog".into(), offset: 1234 },
            RefKey::Static { class: list_int.clone(), offset: 8 },
            RefKey::FieldData { class: def("prog", 2, vec![]), rid: 77 },
        ];
        for k in keys {
            let text = k.to_string();
            assert_eq!(text.parse::<RefKey>(), Ok(k), "{text}");
        }
        assert_eq!(
            RefKey::Desc(MethodKey { class: list_int, rid: 5, args: vec![int] }).to_string(),
            "d:mscorlib#230<mscorlib#17>.5<mscorlib#17>"
        );
    }

    #[test]
    fn malformed_keys_are_errors() {
        for bad in [
            "",
            "m",
            "x:a#1.2",
            "m:a#1",
            "m:a#1.",
            "c:#3",
            "c:a#",
            "c:a#1<",
            "c:a#1<b#2",
            "c:[a#1",
            "c:a#1 ",
            "s:a#x",
            "f:a#1+",
            "r:a#1",
        ] {
            assert!(bad.parse::<RefKey>().is_err(), "{bad:?} parsed");
        }
        let deep = format!("c:{}a#1", "*".repeat(1000));
        assert!(deep.parse::<RefKey>().is_err());
    }
}
