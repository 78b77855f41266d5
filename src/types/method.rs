//! Methods: identity, flags, resolved signatures, vtable slots, and the
//! function descriptor each method owns.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::OnceLock;

use cildec::tables::MethodDefRow;

use crate::abi::layout::{FtnDesc, MethodRecord};
use crate::abi::sig::{Abi, NativeSig};
use crate::metadata::error::LoadError;
use crate::runtime::dynamic::DynBody;
use crate::runtime::icalls::Icall;
use crate::types::class::{ClassRef, ElemKind};
use crate::types::resolve::{self, GenericCtx};
use crate::util::Arena;

/// A method's interpreter code as the type system holds it: opaque (the
/// type, `interp::code::InterpCode`, belongs to the layer above).
#[repr(C)]
pub struct CodeRecord {
    _opaque: [u8; 0],
}

/// A resolved method signature. `ret` is System.Void for no result.
pub struct Sig {
    pub has_this: bool,
    pub params: Vec<ClassRef>,
    pub ret: ClassRef,
    pub generic_params: u32,
    /// The vararg calling convention: after its parameters the method
    /// takes one hidden argument, the call's extra arguments (`arglist`).
    pub vararg: bool,
}

pub struct Method {
    pub class: ClassRef,
    /// MethodDef rid in `class.image`; 0 for runtime-synthesised methods.
    pub rid: u32,
    pub name: &'static str,
    pub flags: u16,
    pub impl_flags: u16,
    pub rva: u32,
    pub sig_blob: &'static [u8],
    /// Arguments of an instantiated generic method.
    pub method_args: &'static [ClassRef],
    pub generic_def: Option<&'static Method>,
    /// The descriptor every caller uses; `method` points back here.
    pub desc: FtnDesc,
    sig: OnceLock<Result<Sig, LoadError>>,
    /// The interpreter's code, set once by `interp` (which alone knows its
    /// type) to code allocated in the method's arena.
    pub(crate) code: OnceLock<Result<&'static CodeRecord, LoadError>>,
    /// The code once it is ready to run (transformed, eager static
    /// constructors done): the call fast path reads only this.
    pub(crate) ready: std::sync::atomic::AtomicPtr<CodeRecord>,
    /// The AOT out wrapper `fn(fp) -> u32` of this method, when an image
    /// compiled it; calls prefer it to the interpreter.
    pub native: std::sync::atomic::AtomicPtr<std::ffi::c_void>,
    pub(crate) icall: OnceLock<Option<Icall>>,
    slot: AtomicI32,
    /// The IL and tokens of a dynamic method (which then lives in its own
    /// arena, not its class's image); None for methods from metadata.
    pub dynamic: Option<&'static DynBody>,
}

impl std::fmt::Debug for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}::{}", self.class.full_name(), self.name)
    }
}

impl Method {
    /// Creates (once per class) the method for MethodDef `rid` of `class`.
    pub fn from_def(class: ClassRef, rid: u32) -> Result<&'static Method, LoadError> {
        let row: MethodDefRow = class.image.row(rid)?;
        let m = Method {
            class,
            rid,
            name: class.image.str(row.name)?,
            flags: row.flags,
            impl_flags: row.impl_flags,
            rva: row.rva,
            sig_blob: class.image.blob(row.signature)?,
            method_args: &[],
            generic_def: None,
            desc: FtnDesc::empty(),
            sig: OnceLock::new(),
            code: OnceLock::new(),
            ready: Default::default(),
            native: Default::default(),
            icall: OnceLock::new(),
            slot: AtomicI32::new(-1),
            dynamic: None,
        };
        Ok(Self::publish(class, m))
    }

    /// An instantiation of generic method `def` over `args`.
    pub fn instantiate(def: &'static Method, args: &'static [ClassRef]) -> &'static Method {
        let m = Method {
            class: def.class,
            rid: def.rid,
            name: def.name,
            flags: def.flags,
            impl_flags: def.impl_flags,
            rva: def.rva,
            sig_blob: def.sig_blob,
            method_args: args,
            generic_def: Some(def),
            desc: FtnDesc::empty(),
            sig: OnceLock::new(),
            code: OnceLock::new(),
            ready: Default::default(),
            native: Default::default(),
            icall: OnceLock::new(),
            slot: AtomicI32::new(def.slot.load(Ordering::Relaxed)),
            dynamic: None,
        };
        Self::publish(def.class, m)
    }

    fn publish(class: ClassRef, m: Method) -> &'static Method {
        let m = class.image.arena.alloc(m);
        m.desc.method = m.record();
        let m: &'static Method = m;
        // Bound AOT images give the record its compiled code.
        crate::runtime::aot::on_publish(m);
        m
    }

    pub fn is_static(&self) -> bool {
        self.flags & 0x10 != 0
    }
    pub fn is_virtual(&self) -> bool {
        self.flags & 0x40 != 0
    }
    pub fn is_abstract(&self) -> bool {
        self.flags & 0x400 != 0
    }
    pub fn is_newslot(&self) -> bool {
        self.flags & 0x100 != 0
    }
    pub fn is_final(&self) -> bool {
        self.flags & 0x20 != 0
    }
    pub fn is_pinvoke(&self) -> bool {
        self.flags & 0x2000 != 0
    }
    /// Implemented by the runtime (internal calls, delegate members).
    pub fn is_internal_call(&self) -> bool {
        self.impl_flags & 0x1000 != 0 || self.impl_flags & 0x3 == 0x3
    }
    pub fn is_ctor(&self) -> bool {
        self.name == ".ctor"
    }

    pub fn slot(&self) -> i32 {
        self.slot.load(Ordering::Relaxed)
    }
    pub(crate) fn set_slot(&self, s: usize) {
        self.slot.store(s as i32, Ordering::Relaxed)
    }

    pub fn generic_ctx(&self) -> GenericCtx {
        GenericCtx::of_method(self)
    }

    pub fn sig(&'static self) -> Result<&'static Sig, LoadError> {
        self.sig
            .get_or_init(|| resolve::method_sig(self.class.image, self.sig_blob, &self.generic_ctx()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Same name-independent signature (for overriding and interface
    /// implementation): same parameter and return types.
    pub fn same_sig(&'static self, other: &'static Method) -> bool {
        match (self.sig(), other.sig()) {
            (Ok(a), Ok(b)) => {
                a.params.len() == b.params.len()
                    && a.generic_params == b.generic_params
                    && std::ptr::eq(a.ret, b.ret)
                    && a.params.iter().zip(&b.params).all(|(x, y)| std::ptr::eq(*x, *y))
            }
            _ => false,
        }
    }

    /// `Namespace.Type:Name (ParamTypes)` as Mono prints members in messages.
    pub fn display_name(&'static self) -> String {
        let params = match self.sig() {
            Ok(s) => s.params.iter().map(|p| p.full_name()).collect::<Vec<_>>().join(","),
            Err(_) => String::from("?"),
        };
        format!("{}.{}({})", self.class.full_name(), self.name, params)
    }

    /// A stack-trace line as Mono prints it.
    pub fn trace_line(&'static self, il_offset: u32) -> String {
        let params = match self.sig() {
            Ok(s) => s.params.iter().map(|p| p.full_name()).collect::<Vec<_>>().join(", "),
            Err(_) => String::new(),
        };
        if self.dynamic.is_some() {
            // Mono names module-hosted dynamic methods after System.Object.
            let owner = if self.class.name == "<Module>" { "System.Object".into() } else { self.class.trace_name() };
            return format!("  at (wrapper dynamic-method) {owner}.{}({})", self.name, params.replace(", ", ","));
        }
        format!(
            "  at {}.{} ({}) [0x{:05x}] in <{}>:0 ",
            self.class.trace_name(),
            self.name,
            params,
            il_offset,
            guid_hex(&self.class.image.mvid)
        )
    }
}

/// How a value of class `c` travels in a native signature.
fn abi_of(c: ClassRef) -> Option<Abi> {
    match c.elem_kind().ok()? {
        ElemKind::R4 | ElemKind::R8 => Some(Abi::Float),
        ElemKind::Struct(_) => Some(Abi::Struct(c.value_slots()?)),
        ElemKind::Void => None,
        _ => Some(Abi::Int),
    }
}

/// A GUID as Mono prints module ids: the first three fields little-endian.
fn guid_hex(g: &[u8; 16]) -> String {
    let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
    order.iter().map(|&i| format!("{:02x}", g[i])).collect()
}

impl Method {
    /// A runtime-provided method with no metadata (array accessors).
    pub fn synthesized(class: ClassRef, name: &'static str, sig: Sig) -> &'static Method {
        Self::publish(class, Self::without_row(class, name, 0x0006, 0x0003, sig, None))
    }

    /// A dynamic method of `class` (its owner), allocated in `body.arena`.
    pub fn dynamic(class: ClassRef, name: &'static str, sig: Sig, body: &'static DynBody) -> &'static Method {
        let m = body.arena.alloc(Self::without_row(class, name, 0x0016, 0, sig, Some(body)));
        m.desc.method = m.record();
        m
    }

    /// A method without a MethodDef row whose signature is already known.
    fn without_row(
        class: ClassRef,
        name: &'static str,
        flags: u16,
        impl_flags: u16,
        sig: Sig,
        dynamic: Option<&'static DynBody>,
    ) -> Method {
        let m = Method {
            class,
            rid: 0,
            name,
            flags,
            impl_flags,
            rva: 0,
            sig_blob: &[],
            method_args: &[],
            generic_def: None,
            desc: FtnDesc::empty(),
            sig: OnceLock::new(),
            code: OnceLock::new(),
            ready: Default::default(),
            native: Default::default(),
            icall: OnceLock::new(),
            slot: AtomicI32::new(-1),
            dynamic,
        };
        let _ = m.sig.set(Ok(sig));
        m
    }

    /// This method as generated code and descriptors see it.
    pub fn record(&self) -> *const MethodRecord {
        self as *const Method as *const MethodRecord
    }

    /// The method behind a record pointer.
    ///
    /// # Safety
    /// `r` comes from [`Method::record`] of a method that is still alive
    /// (methods live as long as their owner: the image, or a dynamic
    /// method's record, which outlives every descriptor and call to it).
    pub unsafe fn from_record(r: *const MethodRecord) -> &'static Method {
        // SAFETY: by the caller's contract `r` is a live `Method`.
        unsafe { &*(r as *const Method) }
    }

    /// Its native signature (None when a type has no known size).
    pub fn native_sig(&'static self) -> Option<NativeSig> {
        let sig = self.sig().ok()?;
        let mut params = Vec::new();
        if sig.has_this {
            params.push(Abi::Int);
        }
        for p in &sig.params {
            params.push(abi_of(p)?);
        }
        let ret = if sig.ret.is("System", "Void") { None } else { Some(abi_of(sig.ret)?) };
        Some(NativeSig { params, ret })
    }

    /// The arena that owns this method's code and data.
    pub fn arena(&self) -> &'static Arena {
        match self.dynamic {
            Some(d) => d.arena,
            None => &self.class.image.arena,
        }
    }
}
