//! Classes: identity, instance layout, vtables, interface offsets, statics.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use cildec::tables::{FieldRow, TypeDefRow};
use cildec::{Rid, TableId, Token};

use crate::abi::layout::{ClassRecord, FtnDesc, VTable, OBJECT_HEADER_SIZE};
use crate::metadata::error::LoadError;
use crate::metadata::Image;
use crate::runtime::{gc, roots::Root, rt};
use crate::types::method::Method;
use crate::types::resolve::{self, GenericCtx};

pub type ClassRef = &'static Class;

/// How deeply lazily computed class data (base class, layout, method
/// tables) may nest: a legitimate hierarchy or struct nesting is far
/// shallower; metadata can build an endless one (`class A<T> : A<A<T>>`).
const MAX_NESTING: usize = 256;

thread_local! {
    /// The class computations in progress on this thread: (class, what).
    /// A class whose base class or layout needs itself (a type extending
    /// or containing itself, directly or not) would otherwise recurse or
    /// block forever on its own cell.
    static COMPUTING: std::cell::RefCell<Vec<(usize, &'static str)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `cell`'s value, computed by `f` the first time; a computation that
/// needs its own result, or nests too deeply, is a TypeLoadException (and
/// the outer computation it breaks stores that error).
#[inline]
fn computed<'a, T>(
    cell: &'a OnceLock<Result<T, LoadError>>,
    class: &Class,
    what: &'static str,
    f: impl FnOnce() -> Result<T, LoadError>,
) -> Result<&'a T, LoadError> {
    // The fast path (already computed) stays inline at every use: layouts
    // and method tables are read on every allocation, box and cast.
    match cell.get() {
        Some(r) => r.as_ref().map_err(Clone::clone),
        None => compute_guarded(cell, class, what, f),
    }
}

/// The first computation of `computed`, guarded against cycles and depth.
#[cold]
#[inline(never)]
fn compute_guarded<'a, T>(
    cell: &'a OnceLock<Result<T, LoadError>>,
    class: &Class,
    what: &'static str,
    f: impl FnOnce() -> Result<T, LoadError>,
) -> Result<&'a T, LoadError> {
    let key = (class as *const Class as usize, what);
    let problem = COMPUTING.with(|s| {
        let s = s.borrow();
        if s.contains(&key) {
            Some("depends on itself")
        } else if s.len() >= MAX_NESTING {
            Some("nests too deeply")
        } else {
            None
        }
    });
    if let Some(problem) = problem {
        return Err(LoadError::TypeLoad(format!(
            "Could not load type '{}' from assembly '{}': its {what} {problem}.",
            class.full_name(),
            class.image.name
        )));
    }
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            COMPUTING.with(|s| s.borrow_mut().pop());
        }
    }
    COMPUTING.with(|s| s.borrow_mut().push(key));
    let _done = Done;
    cell.get_or_init(f).as_ref().map_err(Clone::clone)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Class,
    ValueType,
    Interface,
    /// Zero-based one-dimensional array.
    SzArray,
    /// Multi-dimensional (or non-zero-based) array of `rank`.
    Array(u32),
    Ptr,
    ByRef,
    /// Placeholder for a class generic parameter, used when comparing open signatures.
    Var(u32),
    /// Placeholder for a method generic parameter.
    MVar(u32),
}

/// How a value of a type is loaded from and stored to memory.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ElemKind {
    I1,
    U1,
    I2,
    U2,
    I4,
    U4,
    I8,
    R4,
    R8,
    Ref,
    /// A struct of this many bytes.
    Struct(u32),
    Void,
}

impl ElemKind {
    pub fn size(self) -> usize {
        match self {
            ElemKind::I1 | ElemKind::U1 => 1,
            ElemKind::I2 | ElemKind::U2 => 2,
            ElemKind::I4 | ElemKind::U4 | ElemKind::R4 => 4,
            ElemKind::I8 | ElemKind::R8 | ElemKind::Ref => 8,
            ElemKind::Struct(n) => n as usize,
            ElemKind::Void => 0,
        }
    }
}

pub struct Field {
    pub name: &'static str,
    pub flags: u16,
    pub ty: ClassRef,
    /// Instance fields: offset from the object start (reference types) or
    /// from the value's start (value types). Statics: offset in the static area.
    pub offset: u32,
    pub rid: u32,
}

impl Field {
    pub fn is_static(&self) -> bool {
        self.flags & 0x10 != 0
    }
}

pub struct Layout {
    /// Reference types: size of an object including the header.
    /// Value types: size of the raw value.
    pub size: u32,
    pub align: u32,
    pub kind: ElemKind,
    pub fields: Vec<Field>,
    /// Objects of this class may hold references (GC scanning needed).
    pub has_refs: bool,
}

pub struct Info {
    pub methods: Vec<&'static Method>,
    pub vtable: Vec<&'static Method>,
    /// Every interface the class implements, with the vtable index of its first method.
    pub interfaces: Vec<(ClassRef, u32)>,
    pub parent: Option<ClassRef>,
    pub rt_vtable: *const VTable,
    pub statics: *mut u8,
    pub static_fields: Vec<Field>,
    pub cctor: Option<&'static Method>,
    pub finalizer: Option<&'static Method>,
}

// SAFETY: `rt_vtable` and `statics` point to memory owned by the class for
// the life of the process; access to static data follows CLI memory rules.
unsafe impl Send for Info {}
// SAFETY: as above.
unsafe impl Sync for Info {}

pub const CCTOR_NONE: u8 = 0;
pub const CCTOR_RUNNING: u8 = 1;
pub const CCTOR_DONE: u8 = 2;
pub const CCTOR_FAILED: u8 = 3;

pub struct Class {
    pub image: &'static Image,
    /// TypeDef rid; 0 for constructed types (arrays, pointers, placeholders).
    pub rid: u32,
    pub name: String,
    pub namespace: String,
    pub flags: u32,
    pub kind: Kind,
    /// Element type of arrays, pointers and byrefs.
    pub elem: Option<ClassRef>,
    pub type_args: &'static [ClassRef],
    pub generic_def: Option<ClassRef>,
    pub enclosing: Option<ClassRef>,
    parent: OnceLock<Result<Option<ClassRef>, LoadError>>,
    layout: OnceLock<Result<Layout, LoadError>>,
    info: OnceLock<Result<Info, LoadError>>,
    pub(crate) cctor_state: AtomicU8,
    /// The `System.Type` object for this class, created on first request.
    pub(crate) type_object: OnceLock<Root>,
    /// Holds the exception of a failed static constructor.
    pub(crate) cctor_error: OnceLock<Root>,
}

impl std::fmt::Debug for Class {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.full_name())
    }
}

const PRIMS: &[(&str, ElemKind)] = &[
    ("Boolean", ElemKind::U1),
    ("Char", ElemKind::U2),
    ("SByte", ElemKind::I1),
    ("Byte", ElemKind::U1),
    ("Int16", ElemKind::I2),
    ("UInt16", ElemKind::U2),
    ("Int32", ElemKind::I4),
    ("UInt32", ElemKind::U4),
    ("Int64", ElemKind::I8),
    ("UInt64", ElemKind::I8),
    ("Single", ElemKind::R4),
    ("Double", ElemKind::R8),
    ("IntPtr", ElemKind::I8),
    ("UIntPtr", ElemKind::I8),
];

impl Class {
    /// A class made at run time (by a `TypeBuilder`) rather than read from
    /// a TypeDef row: base class `parent` and no members of its own. Its
    /// image is the corlib's, as for the other classes the runtime
    /// constructs (arrays, pointers).
    pub fn defined_at_run_time(name: String, namespace: String, flags: u32, parent: ClassRef) -> Class {
        let c = Class::new(rt().corlib, 0, name, namespace, flags, Kind::Class);
        let _ = c.parent.set(Ok(Some(parent)));
        c
    }

    /// This class as vtables and generated code see it.
    pub fn record(&self) -> *const ClassRecord {
        self as *const Class as *const ClassRecord
    }

    /// The class behind a record pointer.
    ///
    /// # Safety
    /// `r` comes from [`Class::record`]; classes live as long as their
    /// image (or the runtime, for constructed types): for the process.
    pub unsafe fn from_record(r: *const ClassRecord) -> ClassRef {
        // SAFETY: by the caller's contract `r` is a live `Class`.
        unsafe { &*(r as *const Class) }
    }

    pub fn new(image: &'static Image, rid: u32, name: String, namespace: String, flags: u32, kind: Kind) -> Class {
        Class {
            image,
            rid,
            name,
            namespace,
            flags,
            kind,
            elem: None,
            type_args: &[],
            generic_def: None,
            enclosing: None,
            parent: OnceLock::new(),
            layout: OnceLock::new(),
            info: OnceLock::new(),
            cctor_state: AtomicU8::new(CCTOR_NONE),
            type_object: OnceLock::new(),
            cctor_error: OnceLock::new(),
        }
    }

    pub fn is_valuetype(&self) -> bool {
        self.kind == Kind::ValueType
    }
    pub fn is_interface(&self) -> bool {
        self.kind == Kind::Interface
    }
    pub fn is_array(&self) -> bool {
        matches!(self.kind, Kind::SzArray | Kind::Array(_))
    }
    pub fn is_reference(&self) -> bool {
        matches!(self.kind, Kind::Class | Kind::Interface | Kind::SzArray | Kind::Array(_))
    }
    pub fn is_abstract(&self) -> bool {
        self.flags & 0x80 != 0
    }
    pub fn is_beforefieldinit(&self) -> bool {
        self.flags & 0x0010_0000 != 0
    }
    pub fn is_explicit_layout(&self) -> bool {
        self.flags & 0x18 == 0x10
    }
    pub fn is_generic_def(&self) -> bool {
        self.generic_def.is_none() && self.generic_param_count() > 0
    }
    pub fn is_corlib(&self) -> bool {
        std::ptr::eq(self.image, rt().corlib)
    }
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.rid != 0 && self.name == name && self.namespace == ns && self.is_corlib()
    }
    pub fn is_enum(&'static self) -> bool {
        self.is_valuetype() && self.parent().is_some_and(|p| p.is("System", "Enum"))
    }
    /// The underlying type of an enum: its one instance field's.
    pub fn enum_underlying(&'static self) -> Option<ClassRef> {
        self.layout().ok()?.fields.first().map(|f| f.ty)
    }
    pub fn rank(&self) -> u32 {
        match self.kind {
            Kind::SzArray => 1,
            Kind::Array(r) => r,
            _ => 0,
        }
    }

    /// Number of generic parameters of the type definition.
    pub fn generic_param_count(&self) -> usize {
        if self.rid == 0 {
            return 0;
        }
        let owner = Token::new(TableId::TypeDef, self.rid);
        self.image.md().tables().generic_params(owner).map_or(0, |v| v.len())
    }

    pub fn typedef(&self) -> Result<TypeDefRow, LoadError> {
        self.image.row::<TypeDefRow>(self.rid)
    }

    /// `Namespace.Name` with nesting (`Outer+Inner`) and generic arguments,
    /// as `Type.FullName`/`ToString` print it.
    pub fn full_name(&self) -> String {
        match self.kind {
            Kind::SzArray => return format!("{}[]", self.elem.unwrap().full_name()),
            Kind::Array(r) => return format!("{}[{}]", self.elem.unwrap().full_name(), ",".repeat(r as usize - 1)),
            Kind::Ptr => return format!("{}*", self.elem.unwrap().full_name()),
            Kind::ByRef => return format!("{}&", self.elem.unwrap().full_name()),
            Kind::Var(i) => return format!("!{i}"),
            Kind::MVar(i) => return format!("!!{i}"),
            _ => {}
        }
        let mut s = match self.enclosing {
            Some(e) => format!("{}+", e.full_name()),
            None if self.namespace.is_empty() => String::new(),
            None => format!("{}.", self.namespace),
        };
        s.push_str(&self.name);
        if !self.type_args.is_empty() {
            s.push('[');
            for (i, a) in self.type_args.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                s.push_str(&a.full_name());
            }
            s.push(']');
        }
        s
    }

    /// The name as C# writes it in stack traces: `Outer+Inner`, generic
    /// arguments as `[T]`.
    pub fn trace_name(&self) -> String {
        self.full_name()
    }

    // ---- layout -------------------------------------------------------

    pub fn layout(&'static self) -> Result<&'static Layout, LoadError> {
        computed(&self.layout, self, "layout", || self.compute_layout())
    }

    /// Memory kind of a value of this type (reference types: `Ref`).
    pub fn elem_kind(&'static self) -> Result<ElemKind, LoadError> {
        Ok(match self.kind {
            _ if self.is("System", "Void") => ElemKind::Void,
            Kind::ValueType => self.layout()?.kind,
            Kind::Ptr | Kind::ByRef => ElemKind::I8,
            Kind::Var(_) | Kind::MVar(_) => ElemKind::Ref,
            _ => ElemKind::Ref,
        })
    }

    /// Size of a value of this type in a field, array element or local.
    /// The interpreter slots a value of this class occupies.
    pub fn value_slots(&'static self) -> Option<u16> {
        Some(crate::abi::layout::slots_for(self.value_size().ok()?).max(1) as u16)
    }

    pub fn value_size(&'static self) -> Result<usize, LoadError> {
        Ok(self.elem_kind()?.size())
    }

    fn compute_layout(&'static self) -> Result<Layout, LoadError> {
        match self.kind {
            Kind::SzArray | Kind::Array(_) => {
                return Ok(Layout {
                    size: crate::abi::layout::ARRAY_DATA_OFFSET as u32,
                    align: 8,
                    kind: ElemKind::Ref,
                    fields: vec![],
                    has_refs: true,
                })
            }
            Kind::Ptr | Kind::ByRef | Kind::Var(_) | Kind::MVar(_) => {
                return Ok(Layout { size: 8, align: 8, kind: ElemKind::I8, fields: vec![], has_refs: false })
            }
            _ => {}
        }
        let prim = if self.namespace == "System" && self.is_corlib() {
            PRIMS.iter().find(|(n, _)| *n == self.name).map(|p| p.1)
        } else {
            None
        };
        if self.rid == 0 {
            // Made at run time: its base's fields, none of its own.
            let base = self.parent().map(|p| p.layout()).transpose()?;
            let (size, has_refs) = base.map_or((OBJECT_HEADER_SIZE as u32, false), |l| (l.size, l.has_refs));
            return Ok(Layout { size, align: 8, kind: ElemKind::Ref, fields: vec![], has_refs });
        }
        let td = self.typedef()?;
        let tables = self.image.md().tables();
        let range = tables.field_range(Rid::new(self.rid)).map_err(|e| LoadError::BadImage(e.to_string()))?;
        let ctx = GenericCtx::of_class(self);
        let (mut offset, mut align) = match (self.kind, self.parent()) {
            (Kind::ValueType, _) => (0u32, 1u32),
            (_, Some(p)) => (p.layout()?.size, 8),
            (_, None) => (OBJECT_HEADER_SIZE as u32, 8),
        };
        let base = offset;
        let mut has_refs = match self.parent() {
            Some(p) if !self.is_valuetype() => p.layout()?.has_refs,
            _ => false,
        };
        let explicit = self.is_explicit_layout();
        let class_layout: Option<cildec::tables::ClassLayoutRow> =
            tables.class_layout_of(Rid::new(self.rid)).ok().flatten();
        // `.pack N` caps every field's alignment (and so the type's) at N.
        let pack = class_layout.map_or(0, |cl| u32::from(cl.packing_size));
        let mut fields = Vec::new();
        let mut max_end = offset;
        for rid in range {
            let row: FieldRow = self.image.row(rid)?;
            if row.flags & 0x10 != 0 {
                continue;
            }
            let sig = self.image.blob(row.signature)?;
            let ty = resolve::field_sig_type(self.image, sig, &ctx)?;
            let kind = if std::ptr::eq(ty, self) { prim.unwrap_or(ElemKind::I8) } else { ty.elem_kind()? };
            let (size, falign) = match kind {
                ElemKind::Struct(n) => (n, ty.layout()?.align.max(1)),
                k => (k.size() as u32, k.size().max(1) as u32),
            };
            let falign = if pack > 0 { falign.min(pack) } else { falign };
            if kind == ElemKind::Ref || (matches!(kind, ElemKind::Struct(_)) && ty.layout()?.has_refs) {
                has_refs = true;
            }
            let at = if explicit {
                let fo = tables.field_layout_of(Rid::new(rid)).ok().flatten().unwrap_or(0);
                base + fo
            } else {
                offset.next_multiple_of(falign)
            };
            offset = at + size;
            max_end = max_end.max(offset);
            align = align.max(falign);
            fields.push(Field { name: self.image.str(row.name)?, flags: row.flags, ty, offset: at, rid });
        }
        let mut size = max_end;
        if let Some(cl) = class_layout {
            if cl.class_size > 0 && self.is_valuetype() {
                size = size.max(cl.class_size);
            }
        }
        let _ = td;
        let kind = if let Some(p) = prim {
            size = p.size() as u32;
            align = size;
            p
        } else if self.is_enum() {
            let underlying = fields
                .first()
                .ok_or_else(|| LoadError::TypeLoad(format!("enum {} has no value field", self.full_name())))?;
            let k = underlying.ty.elem_kind()?;
            size = k.size() as u32;
            align = size;
            k
        } else if self.is_valuetype() {
            size = size.max(1).next_multiple_of(align);
            ElemKind::Struct(size)
        } else {
            size = size.next_multiple_of(8);
            ElemKind::Ref
        };
        Ok(Layout { size, align, kind, fields, has_refs })
    }

    // ---- hierarchy, methods, vtable ------------------------------------

    /// The base class (None for System.Object, interfaces, placeholders).
    pub fn parent(&'static self) -> Option<ClassRef> {
        match self.kind {
            Kind::SzArray | Kind::Array(_) => return Some(rt().wk().array),
            Kind::Ptr | Kind::ByRef | Kind::Var(_) | Kind::MVar(_) | Kind::Interface => return None,
            _ => {}
        }
        self.try_parent().ok().flatten()
    }

    pub fn try_parent(&'static self) -> Result<Option<ClassRef>, LoadError> {
        computed(&self.parent, self, "base class", || self.resolve_parent()).copied()
    }

    fn resolve_parent(&'static self) -> Result<Option<ClassRef>, LoadError> {
        if self.is_array() {
            return Ok(Some(rt().wk().array));
        }
        if self.rid == 0 || self.is_interface() {
            return Ok(None);
        }
        let td = self.typedef()?;
        if td.extends.is_null() {
            // Only System.Object and `<Module>` have no base (II.22.37).
            let root = (self.is_corlib() && self.is("System", "Object")) || self.rid == 1;
            if !root {
                return Err(LoadError::TypeLoad(format!(
                    "Could not load type '{}' from assembly '{}': a class without a base type.",
                    self.full_name(),
                    self.image.name
                )));
            }
            return Ok(None);
        }
        let parent = resolve::type_token(self.image, td.extends, &GenericCtx::of_class(self))?;
        // The chain above must end: a base class that reaches back to this
        // class fails in `computed` (this class's base is in progress).
        let mut c = parent;
        while let Some(p) = c.try_parent()? {
            c = p;
        }
        // Only an unsealed class can be a base (value types are sealed);
        // arrays derive from System.Array, programs' types cannot.
        const SEALED: u32 = 0x100;
        // The chain must end at System.Object: `<Module>` and interfaces
        // have no base and no vtable to inherit.
        let rooted = c.is_corlib() && c.is("System", "Object");
        if !rooted || parent.kind != Kind::Class || parent.flags & SEALED != 0 || parent.is("System", "Array") {
            return Err(LoadError::TypeLoad(format!(
                "Could not load type '{}' from assembly '{}': its base type {} cannot be derived from.",
                self.full_name(),
                self.image.name,
                parent.full_name()
            )));
        }
        Ok(Some(parent))
    }

    pub fn info(&'static self) -> Result<&'static Info, LoadError> {
        computed(&self.info, self, "method table", || self.compute_info())
    }

    fn compute_info(&'static self) -> Result<Info, LoadError> {
        let parent = self.try_parent()?;
        let parent_info = match parent {
            Some(p) => Some(p.info()?),
            None => None,
        };
        let mut methods = Vec::new();
        if self.rid != 0 {
            let range = self
                .image
                .md()
                .tables()
                .method_range(Rid::new(self.rid))
                .map_err(|e| LoadError::BadImage(e.to_string()))?;
            for rid in range {
                methods.push(Method::from_def(self, rid)?);
            }
        }
        if let Some(m) = methods.iter().find(|m| m.is_virtual() && m.is_static()) {
            return Err(LoadError::TypeLoad(format!(
                "Type {} has invalid vtable method slot with static method {}",
                self.full_name(),
                m.display_name()
            )));
        }
        let mut vtable: Vec<&'static Method> = parent_info.map(|p| p.vtable.clone()).unwrap_or_default();
        let mut interfaces: Vec<(ClassRef, u32)> = parent_info.map(|p| p.interfaces.clone()).unwrap_or_default();
        if self.is_interface() {
            // An interface's own vtable is just its methods, in order.
            for m in &methods {
                if m.is_virtual() {
                    m.set_slot(vtable.len());
                    vtable.push(m);
                }
            }
        } else {
            for m in &methods {
                if !m.is_virtual() {
                    continue;
                }
                // The most derived declaration: `new virtual` hides older slots.
                let overridden =
                    if m.is_newslot() { None } else { vtable.iter().rposition(|v| v.name == m.name && v.same_sig(m)) };
                match overridden {
                    Some(i) => {
                        m.set_slot(i);
                        // Interface slots inherited from the base that name
                        // the overridden method now name the override.
                        let old = vtable[i];
                        for v in vtable.iter_mut() {
                            if std::ptr::eq(*v, old) {
                                *v = m;
                            }
                        }
                    }
                    None => {
                        m.set_slot(vtable.len());
                        vtable.push(m);
                    }
                }
            }
            // Explicit overrides (MethodImpl table): `void I.M()` and
            // `override` of a differently named method.
            for (decl, body) in self.method_impls(&methods)? {
                if decl.class.is_interface() {
                    continue;
                }
                let inherited =
                    std::iter::successors(self.parent(), |c| c.parent()).any(|c| std::ptr::eq(c, decl.class));
                let old = usize::try_from(decl.slot()).ok().and_then(|s| vtable.get(s).copied());
                let (true, Some(old)) = (inherited, old) else {
                    return Err(LoadError::TypeLoad(format!(
                        "{} overrides {}, not a virtual method of a base class",
                        self.full_name(),
                        decl.display_name()
                    )));
                };
                for v in vtable.iter_mut() {
                    if std::ptr::eq(*v, old) {
                        *v = body;
                    }
                }
            }
            for iface in self.all_interfaces()? {
                let offset = vtable.len() as u32;
                let iinfo = iface.info()?;
                let impls = self.method_impls(&methods)?;
                for im in &iinfo.vtable {
                    let target = impls
                        .iter()
                        .find(|(d, _)| std::ptr::eq(*d, *im))
                        .map(|(_, b)| *b)
                        .or_else(|| self.find_implementation(&methods, &vtable, im));
                    vtable.push(target.unwrap_or(im));
                }
                // A re-implemented interface gets a fresh offset; the newest wins.
                interfaces.retain(|(i, _)| !std::ptr::eq(*i, iface));
                interfaces.push((iface, offset));
            }
        }
        let finalizer = vtable
            .iter()
            .find(|m| m.name == "Finalize" && m.sig().is_ok_and(|s| s.params.is_empty()))
            .copied()
            .filter(|m| !m.class.is("System", "Object"));
        let rt_vtable = if matches!(self.kind, Kind::Class | Kind::ValueType | Kind::SzArray | Kind::Array(_)) {
            self.build_vtable(&vtable, finalizer.is_some(), !interfaces.is_empty())
        } else {
            std::ptr::null()
        };
        let (static_fields, statics) = self.build_statics()?;
        let cctor = methods.iter().find(|m| m.name == ".cctor" && m.is_static()).copied();
        Ok(Info { methods, vtable, interfaces, parent, rt_vtable, statics, static_fields, cctor, finalizer })
    }

    /// Interfaces declared on this class and, transitively, their bases, in
    /// declaration order.
    fn all_interfaces(&'static self) -> Result<Vec<ClassRef>, LoadError> {
        let mut out: Vec<ClassRef> = Vec::new();
        if !self.is_array() {
            self.add_interfaces(&mut out, 0)?;
        }
        Ok(out)
    }

    /// Adds the interfaces declared by `self` and their bases not yet in
    /// `out`, depth first; an interface met again (metadata can make one
    /// extend itself) adds nothing.
    fn add_interfaces(&'static self, out: &mut Vec<ClassRef>, depth: usize) -> Result<(), LoadError> {
        if depth > MAX_NESTING {
            return Err(LoadError::TypeLoad(format!(
                "Could not load type '{}' from assembly '{}': its interfaces nest too deeply.",
                self.full_name(),
                self.image.name
            )));
        }
        for i in self.declared_interfaces()? {
            if !out.iter().any(|o| std::ptr::eq(*o, i)) {
                out.push(i);
                i.add_interfaces(out, depth + 1)?;
            }
        }
        Ok(())
    }

    pub fn declared_interfaces(&'static self) -> Result<Vec<ClassRef>, LoadError> {
        if self.rid == 0 {
            return Ok(vec![]);
        }
        let tables = self.image.md().tables();
        let rows = tables.interface_impls(Rid::new(self.rid)).map_err(|e| LoadError::BadImage(e.to_string()))?;
        let ctx = GenericCtx::of_class(self);
        let mut out = Vec::new();
        for r in rows {
            let row: cildec::tables::InterfaceImplRow = self.image.row(r)?;
            let iface = resolve::type_token(self.image, row.interface, &ctx)?;
            if !iface.is_interface() {
                return Err(LoadError::TypeLoad(format!(
                    "Could not load type '{}' from assembly '{}': it implements {}, which is not an interface.",
                    self.full_name(),
                    self.image.name,
                    iface.full_name()
                )));
            }
            out.push(iface);
        }
        Ok(out)
    }

    /// (declaration, body) pairs from the MethodImpl table.
    fn method_impls(
        &'static self,
        methods: &[&'static Method],
    ) -> Result<Vec<(&'static Method, &'static Method)>, LoadError> {
        if self.rid == 0 {
            return Ok(vec![]);
        }
        let tables = self.image.md().tables();
        let rows = tables.method_impls(Rid::new(self.rid)).map_err(|e| LoadError::BadImage(e.to_string()))?;
        let ctx = GenericCtx::of_class(self);
        let mut out = Vec::new();
        for r in rows {
            let row: cildec::tables::MethodImplRow = self.image.row(r)?;
            let body = match row.method_body.as_rid::<cildec::token::marker::MethodDef>() {
                Some(rid) => methods.iter().find(|m| m.rid == rid.get()).copied(),
                None => None,
            };
            let decl = resolve::method_token(self.image, row.method_declaration, &ctx)?;
            if let Some(body) = body {
                out.push((decl, body));
            }
        }
        Ok(out)
    }

    /// The public virtual method of this class or its bases that implements `im`.
    fn find_implementation(
        &'static self,
        methods: &[&'static Method],
        vtable: &[&'static Method],
        im: &'static Method,
    ) -> Option<&'static Method> {
        methods
            .iter()
            .find(|m| m.is_virtual() && m.name == im.name && m.same_sig(im))
            .copied()
            .or_else(|| vtable.iter().rev().find(|m| m.name == im.name && m.same_sig(im)).copied())
            .or_else(|| {
                // Non-virtual public methods can implement interfaces too
                // when the compiler marks them virtual final; fall back to
                // any same-named method.
                methods.iter().find(|m| m.name == im.name && m.same_sig(im)).copied()
            })
    }

    fn build_vtable(
        &'static self,
        slots: &[&'static Method],
        has_finalizer: bool,
        has_interfaces: bool,
    ) -> *const VTable {
        let size = std::mem::size_of::<VTable>() + slots.len() * std::mem::size_of::<*const FtnDesc>();
        let words = size.div_ceil(8);
        let mem = self.image.arena.alloc_slice(&vec![0u64; words]).as_ptr() as *mut VTable;
        // SAFETY: `mem` is a fresh, 8-aligned arena block of `size` bytes,
        // owned by the class's image for the life of the process.
        unsafe {
            (*mem).class = self.record();
            (*mem).slot_count = slots.len() as u32;
            (*mem).has_finalizer = has_finalizer as u32;
            let base = std::ptr::addr_of_mut!((*mem).slots) as *mut *const FtnDesc;
            for (i, m) in slots.iter().enumerate() {
                *base.add(i) = &m.desc;
            }
            crate::runtime::imt::init_imt(mem, &self.image.arena, has_interfaces);
        }
        mem
    }

    fn build_statics(&'static self) -> Result<(Vec<Field>, *mut u8), LoadError> {
        if self.rid == 0 || self.is_generic_def() {
            return Ok((vec![], std::ptr::null_mut()));
        }
        let tables = self.image.md().tables();
        let range = tables.field_range(Rid::new(self.rid)).map_err(|e| LoadError::BadImage(e.to_string()))?;
        let ctx = GenericCtx::of_class(self);
        let mut fields = Vec::new();
        let mut offset = 0u32;
        for rid in range {
            let row: FieldRow = self.image.row(rid)?;
            if row.flags & 0x10 == 0 || row.flags & 0x40 != 0 {
                continue;
            }
            let sig = self.image.blob(row.signature)?;
            let ty = resolve::field_sig_type(self.image, sig, &ctx)?;
            let size = ty.value_size()?.max(1) as u32;
            let at = offset.next_multiple_of(8);
            offset = at + size;
            fields.push(Field { name: self.image.str(row.name)?, flags: row.flags, ty, offset: at, rid });
        }
        let statics = if offset > 0 { gc::alloc_root(offset as usize) } else { std::ptr::null_mut() };
        if !statics.is_null() {
            crate::runtime::rt().register_statics(statics, offset as usize, self);
        }
        Ok((fields, statics))
    }

    pub fn rt_vtable(&'static self) -> Result<*const VTable, LoadError> {
        Ok(self.info()?.rt_vtable)
    }

    /// Is a value of class `self` assignable to a location of type `target`?
    pub fn is_assignable_to(&'static self, target: ClassRef) -> bool {
        if std::ptr::eq(self, target) {
            return true;
        }
        // Variant interfaces and delegates: `IProducer<Cat>` to `IProducer<Animal>`.
        if self.generic_def.is_some()
            && (self.is_interface() || self.parent().is_some_and(|p| p.is("System", "MulticastDelegate")))
            && self.is_variant_of(target)
        {
            return true;
        }
        let wk = rt().wk();
        if std::ptr::eq(target, wk.object) {
            return !matches!(self.kind, Kind::Ptr | Kind::ByRef);
        }
        if self.is_array() {
            if let (Some(se), Some(te), true) = (self.elem, target.elem, target.is_array()) {
                if self.kind != target.kind {
                    return false;
                }
                // Array covariance: reference element types convert; value
                // types only to themselves (and int/uint-style twins).
                if se.is_reference() && te.is_reference() {
                    return se.is_assignable_to(te);
                }
                return std::ptr::eq(se, te)
                    || (se.array_compat_key().is_some() && se.array_compat_key() == te.array_compat_key());
            }
            if target.is_interface() {
                return self.array_implements(target);
            }
            return std::ptr::eq(target, wk.array);
        }
        if target.is_interface() {
            let Ok(info) = self.info() else { return false };
            return info.interfaces.iter().any(|(i, _)| std::ptr::eq(*i, target) || i.is_variant_of(target));
        }
        let mut p = self.parent();
        while let Some(c) = p {
            if std::ptr::eq(c, target) {
                return true;
            }
            p = c.parent();
        }
        false
    }

    /// Element types whose arrays convert to each other (`int[]` and
    /// `uint[]`, enums and their underlying type): integers of one size.
    fn array_compat_key(&'static self) -> Option<usize> {
        let prim = self.is_corlib()
            && self.namespace == "System"
            && matches!(
                self.name.as_str(),
                "SByte" | "Byte" | "Int16" | "UInt16" | "Int32" | "UInt32" | "Int64" | "UInt64"
            );
        if !(prim || self.is_enum()) {
            return None;
        }
        self.elem_kind().ok().map(ElemKind::size)
    }

    /// Generic interfaces of arrays: `T[]` is an `IList<T>` (and its bases).
    fn array_implements(&'static self, target: ClassRef) -> bool {
        let Some(te) = target.type_args.first() else {
            return ["IList", "ICollection", "IEnumerable", "ICloneable"].contains(&target.name.as_str())
                && target.is_corlib();
        };
        let Some(se) = self.elem else { return false };
        self.kind == Kind::SzArray
            && ["IList`1", "ICollection`1", "IEnumerable`1", "IReadOnlyList`1", "IReadOnlyCollection`1"]
                .contains(&target.name.as_str())
            && target.is_corlib()
            && (std::ptr::eq(se, *te) || (se.is_reference() && se.is_assignable_to(te)))
    }

    /// Variance: `I<Derived>` converts to `I<Base>` when the parameter is
    /// declared `out` (and the reverse for `in`), for reference type arguments.
    fn is_variant_of(&'static self, target: ClassRef) -> bool {
        let (Some(a), Some(b)) = (self.generic_def, target.generic_def) else { return false };
        if !std::ptr::eq(a, b) {
            return false;
        }
        let Ok(params) = a.image.md().tables().generic_params(Token::new(TableId::TypeDef, a.rid)) else {
            return false;
        };
        self.type_args.iter().zip(target.type_args).zip(params).all(|((s, t), p)| {
            let flags = a.image.row::<cildec::tables::GenericParamRow>(p).map_or(0, |r| r.flags) & 3;
            std::ptr::eq(*s, *t)
                || (s.is_reference()
                    && t.is_reference()
                    && match flags {
                        1 => s.is_assignable_to(t),
                        2 => t.is_assignable_to(s),
                        _ => false,
                    })
        })
    }

    /// Finds a declared method by name and parameter count.
    pub fn find_method(&'static self, name: &str, params: Option<usize>) -> Option<&'static Method> {
        let info = self.info().ok()?;
        info.methods
            .iter()
            .find(|m| m.name == name && params.is_none_or(|n| m.sig().is_ok_and(|s| s.params.len() == n)))
            .copied()
    }

    /// Finds an instance field by name, searching base classes.
    pub fn find_field(&'static self, name: &str) -> Option<&'static Field> {
        let mut c = Some(self);
        while let Some(k) = c {
            if let Ok(l) = k.layout() {
                if let Some(f) = l.fields.iter().find(|f| f.name == name) {
                    return Some(f);
                }
            }
            c = k.parent();
        }
        None
    }

    pub fn cctor_state(&self) -> u8 {
        self.cctor_state.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use crate::runtime::{init, rt};

    fn slot_of(class: super::ClassRef, name: &str) -> &'static crate::types::method::Method {
        let info = class.info().expect("class info");
        let m = class.find_method(name, Some(0)).expect("method");
        info.vtable[usize::try_from(m.slot()).expect("virtual")]
    }

    #[test]
    fn overrides_take_the_base_slot() {
        init().expect("runtime");
        let object = rt().wk().object;
        let string = rt().wk().string;
        let to_string = object.find_method("ToString", Some(0)).expect("Object.ToString");
        let slot = usize::try_from(to_string.slot()).expect("virtual");
        // String.ToString overrides Object.ToString in the same slot.
        assert!(std::ptr::eq(string.info().unwrap().vtable[slot].class, string));
        assert!(std::ptr::eq(slot_of(string, "ToString"), string.info().unwrap().vtable[slot]));
    }

    #[test]
    fn interface_slots_follow_overrides() {
        init().expect("runtime");
        // GenericComparer<string> overrides the abstract Comparer<T>.Compare,
        // and the IComparer<string> slot inherited from Comparer<T> must
        // name the override, not the abstract method.
        let def = rt().corlib_class("System.Collections.Generic", "GenericComparer`1").expect("GenericComparer");
        let c = rt().instantiate(def, &[rt().wk().string]).expect("instantiate");
        let info = c.info().expect("info");
        let (iface, offset) =
            info.interfaces.iter().find(|(i, _)| i.name == "IComparer`1").copied().expect("IComparer<T>");
        let im = iface.info().unwrap().vtable[0];
        assert_eq!(im.name, "Compare");
        let target = info.vtable[offset as usize];
        assert!(std::ptr::eq(target.class, c), "interface slot names {}", target.class.full_name());
        assert!(!target.is_abstract());
    }
}
