//! Runtime glue: the process-wide runtime (loaded images, interned
//! constructed types), the managed heap, objects, exceptions, internal calls.

pub mod aot;
pub mod assemblies;
pub mod dynamic;
pub mod exception;
pub mod gc;
pub mod generator;
pub mod icalls;
pub mod imt;
pub mod libcalls;
pub mod object;
pub mod pinvoke;
pub mod refs;
pub mod roots;
pub mod stack_guard;
pub mod thread;
pub mod thunks;

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use dashmap::DashMap;

use crate::metadata::error::LoadError;
use crate::metadata::Image;
use crate::types::class::{Class, ClassRef, Kind};
use crate::types::method::{Method, Sig};
use crate::util::Arena;

/// Corlib classes the runtime needs by identity.
pub struct WellKnown {
    pub object: ClassRef,
    pub valuetype: ClassRef,
    pub enum_: ClassRef,
    pub string: ClassRef,
    pub array: ClassRef,
    pub void: ClassRef,
    pub boolean: ClassRef,
    pub char: ClassRef,
    pub sbyte: ClassRef,
    pub byte: ClassRef,
    pub int16: ClassRef,
    pub uint16: ClassRef,
    pub int32: ClassRef,
    pub uint32: ClassRef,
    pub int64: ClassRef,
    pub uint64: ClassRef,
    pub single: ClassRef,
    pub double: ClassRef,
    pub intptr: ClassRef,
    pub uintptr: ClassRef,
    pub exception: ClassRef,
    pub delegate: ClassRef,
    pub multicast_delegate: ClassRef,
    pub runtime_type: ClassRef,
    pub nullable: ClassRef,
}

pub struct Runtime {
    pub corlib: &'static Image,
    /// Owns every loaded image; entries are never removed. Boxed so that
    /// an image never moves while `&'static` references to it exist.
    #[allow(clippy::vec_box)]
    images: Mutex<Vec<Box<Image>>>,
    by_name: DashMap<String, &'static Image>,
    /// Constructed types (arrays, pointers, instantiations, placeholders).
    pub arena: Arena,
    wk: OnceLock<WellKnown>,
    arrays: DashMap<(usize, u32), ClassRef>,
    ptrs: DashMap<(usize, bool), ClassRef>,
    insts: DashMap<Vec<usize>, ClassRef>,
    method_insts: DashMap<Vec<usize>, &'static Method>,
    placeholder_lists: DashMap<(bool, usize), &'static [ClassRef]>,
    array_methods: DashMap<(usize, &'static str), &'static Method>,
    /// Static storage blocks by start address: (size, class). The AOT
    /// compiler names a static field by class and offset, not address.
    statics_owners: Mutex<std::collections::BTreeMap<usize, (usize, ClassRef)>>,
    pub command_line: OnceLock<Vec<String>>,
    /// The program's assembly (`Assembly.GetEntryAssembly`).
    pub entry_image: OnceLock<&'static Image>,
}

static RT: OnceLock<Runtime> = OnceLock::new();

/// The runtime. Panics if called before [`init`], which `main` does first.
pub fn rt() -> &'static Runtime {
    RT.get().expect("runtime not initialised")
}

/// Starts the runtime on Mono's class libraries (once: later calls return
/// the runtime started first).
pub fn init() -> Result<&'static Runtime, LoadError> {
    gc::init();
    if let Some(r) = RT.get() {
        return Ok(r);
    }
    let path = assemblies::corlib_path().ok_or_else(|| {
        LoadError::FileNotFound("Mono's mscorlib.dll is not installed (ci/deps installs mono-runtime)".into())
    })?;
    let bytes =
        std::fs::read(&path).map_err(|e| LoadError::FileNotFound(format!("cannot read {}: {e}", path.display())))?;
    let image = Image::parse(bytes.into(), path.parent().map(PathBuf::from))?;
    let corlib = Box::new(image);
    let corlib_ref: &'static Image = leak_ref(&corlib);
    let r = Runtime {
        corlib: corlib_ref,
        images: Mutex::new(vec![corlib]),
        by_name: DashMap::new(),
        arena: Arena::new(),
        wk: OnceLock::new(),
        arrays: DashMap::new(),
        ptrs: DashMap::new(),
        insts: DashMap::new(),
        method_insts: DashMap::new(),
        placeholder_lists: DashMap::new(),
        array_methods: DashMap::new(),
        statics_owners: Mutex::new(std::collections::BTreeMap::new()),
        command_line: OnceLock::new(),
        entry_image: OnceLock::new(),
    };
    let _ = RT.set(r);
    init_string_empty()?;
    Ok(rt())
}

/// Mono's corlib leaves String.Empty to the runtime (as .NET's leaves it to
/// the execution engine): it gets its value once the corlib is loaded.
fn init_string_empty() -> Result<(), LoadError> {
    let info = rt().wk().string.info()?;
    if let Some(f) = info.static_fields.iter().find(|f| f.name == "Empty") {
        // SAFETY: the static area holds the field, a reference, at its offset.
        unsafe { *(info.statics.add(f.offset as usize) as *mut *mut u8) = object::new_string_from_str("") };
    }
    Ok(())
}

fn leak_ref(img: &Image) -> &'static Image {
    // SAFETY: images are boxed, owned by `Runtime::images` and never removed
    // or moved out of their box, so the address stays valid for the process.
    unsafe { &*(img as *const Image) }
}

impl Runtime {
    pub fn wk(&self) -> &WellKnown {
        self.wk.get_or_init(|| {
            let c = |n: &str| self.corlib_class("System", n).unwrap_or_else(|e| panic!("corlib lacks System.{n}: {e}"));
            WellKnown {
                object: c("Object"),
                valuetype: c("ValueType"),
                enum_: c("Enum"),
                string: c("String"),
                array: c("Array"),
                void: c("Void"),
                boolean: c("Boolean"),
                char: c("Char"),
                sbyte: c("SByte"),
                byte: c("Byte"),
                int16: c("Int16"),
                uint16: c("UInt16"),
                int32: c("Int32"),
                uint32: c("UInt32"),
                int64: c("Int64"),
                uint64: c("UInt64"),
                single: c("Single"),
                double: c("Double"),
                intptr: c("IntPtr"),
                uintptr: c("UIntPtr"),
                exception: c("Exception"),
                delegate: c("Delegate"),
                multicast_delegate: c("MulticastDelegate"),
                runtime_type: c("RuntimeType"),
                nullable: c("Nullable`1"),
            }
        })
    }

    pub fn corlib_class(&self, ns: &str, name: &str) -> Result<ClassRef, LoadError> {
        let rid = self.corlib.find_typedef(ns, name, 0).ok_or_else(|| {
            LoadError::TypeLoad(format!("Could not load type '{ns}.{name}' from assembly 'mscorlib'."))
        })?;
        crate::types::resolve::typedef_class(self.corlib, rid)
    }

    /// A loaded image by assembly name (the corlib under its own name).
    /// Every image loaded so far, the corlib first.
    pub fn images(&self) -> Vec<&'static Image> {
        self.images.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|b| leak_ref(b)).collect()
    }

    pub fn image_by_name(&self, name: &str) -> Option<&'static Image> {
        if name == self.corlib.name {
            return Some(self.corlib);
        }
        self.by_name.get(name).map(|i| *i)
    }

    /// The image of assembly `name`, loading it from beside the loaded
    /// assemblies if needed (AOT images name assemblies their code reaches).
    pub fn image_named(&self, name: &str) -> Result<&'static Image, LoadError> {
        if let Some(i) = self.image_by_name(name) {
            return Ok(i);
        }
        let dirs: Vec<PathBuf> =
            self.images.lock().unwrap_or_else(|e| e.into_inner()).iter().filter_map(|i| i.dir.clone()).collect();
        let beside = dirs.iter().find_map(|d| assemblies::find_in(d, name));
        let path = beside.or_else(|| assemblies::locate(name, None)).ok_or_else(|| {
            LoadError::FileNotFound(format!("Could not load file or assembly '{name}' or one of its dependencies."))
        })?;
        self.load_file(&path)
    }

    /// Loads an assembly file (the program, or a reference found beside it).
    pub fn load_file(&self, path: &std::path::Path) -> Result<&'static Image, LoadError> {
        let bytes = std::fs::read(path).map_err(|e| {
            LoadError::FileNotFound(format!("Could not load file or assembly '{}': {e}", path.display()))
        })?;
        // Absolute, as Mono keeps it: Assembly.Location and the program's
        // directory (AppDomain's APPBASE) do not depend on the working one.
        let dir = std::path::absolute(path).ok().and_then(|p| p.parent().map(PathBuf::from));
        let img = Box::new(Image::parse(bytes.into(), dir)?);
        if let Some(existing) = self.by_name.get(&img.name) {
            return Ok(*existing);
        }
        let r = leak_ref(&img);
        self.by_name.insert(img.name.clone(), r);
        self.images.lock().unwrap_or_else(|e| e.into_inner()).push(img);
        // A refused image (stale, foreign) fails the load: never run half bound.
        crate::runtime::aot::on_load(r, path).map_err(LoadError::BadImage)?;
        Ok(r)
    }

    /// Resolves AssemblyRef `rid` of `from`.
    pub fn load_reference(&self, from: &'static Image, rid: u32) -> Result<&'static Image, LoadError> {
        let cell = from.assembly_refs.get(rid as usize).ok_or_else(|| LoadError::BadImage("bad AssemblyRef".into()))?;
        if let Some(i) = cell.get() {
            return Ok(i);
        }
        let name = from.assembly_ref_name(rid)?;
        let img = if name == self.corlib.name {
            self.corlib
        } else if let Some(i) = self.by_name.get(name) {
            *i
        } else {
            let path = assemblies::locate(name, from.dir.as_deref()).ok_or_else(|| {
                LoadError::FileNotFound(format!("Could not load file or assembly '{name}' or one of its dependencies."))
            })?;
            self.load_file(&path)?
        };
        Ok(cell.get_or_init(|| img))
    }

    /// Records that `class`'s static storage is `size` bytes at `base`.
    pub fn register_statics(&self, base: *mut u8, size: usize, class: ClassRef) {
        self.statics_owners.lock().unwrap_or_else(|e| e.into_inner()).insert(base as usize, (size, class));
    }

    /// The class whose static storage holds address `p`, and the offset.
    pub fn statics_owner(&self, p: *const u8) -> Option<(ClassRef, u32)> {
        let owners = self.statics_owners.lock().unwrap_or_else(|e| e.into_inner());
        let (&base, &(size, class)) = owners.range(..=p as usize).next_back()?;
        let off = p as usize - base;
        (off < size).then_some((class, off as u32))
    }

    /// The SZ array (`rank` 0) or multi-dimensional array of `elem`.
    pub fn array_of(&self, elem: ClassRef, rank: u32) -> ClassRef {
        *self.arrays.entry((elem as *const Class as usize, rank)).or_insert_with(|| {
            let kind = if rank == 0 { Kind::SzArray } else { Kind::Array(rank) };
            let mut c = Class::new(self.corlib, 0, String::new(), String::new(), 0x2101, kind);
            c.elem = Some(elem);
            c.name = format!("{}[{}]", elem.name, ",".repeat(rank.saturating_sub(1) as usize));
            c.namespace = elem.namespace.clone();
            self.arena.alloc(c)
        })
    }

    pub fn ptr_of(&self, elem: ClassRef, kind: Kind) -> ClassRef {
        *self.ptrs.entry((elem as *const Class as usize, kind == Kind::ByRef)).or_insert_with(|| {
            let mut c = Class::new(self.corlib, 0, String::new(), String::new(), 0, kind);
            c.elem = Some(elem);
            self.arena.alloc(c)
        })
    }

    /// Placeholders `!0..!n` (or `!!0..!!n`) for open signatures.
    pub fn placeholders(&self, method: bool, n: usize) -> &'static [ClassRef] {
        *self.placeholder_lists.entry((method, n)).or_insert_with(|| {
            let v: Vec<ClassRef> = (0..n as u32)
                .map(|i| {
                    let kind = if method { Kind::MVar(i) } else { Kind::Var(i) };
                    let c: ClassRef =
                        self.arena.alloc(Class::new(self.corlib, 0, format!("T{i}"), String::new(), 0, kind));
                    c
                })
                .collect();
            self.arena.alloc_slice(&v)
        })
    }

    /// The instantiation of generic type definition `def` over `args`.
    pub fn instantiate(&self, def: ClassRef, args: &[ClassRef]) -> Result<ClassRef, LoadError> {
        if args.len() != def.generic_param_count() {
            return Err(LoadError::TypeLoad(format!("wrong number of type arguments for {}", def.full_name())));
        }
        // Instantiating a definition over its own parameters names the definition.
        if args.iter().enumerate().all(|(i, a)| a.kind == Kind::Var(i as u32)) {
            return Ok(def);
        }
        let mut key = vec![def as *const Class as usize];
        key.extend(args.iter().map(|a| *a as *const Class as usize));
        if let Some(c) = self.insts.get(&key) {
            return Ok(*c);
        }
        let mut c = Class::new(def.image, def.rid, def.name.clone(), def.namespace.clone(), def.flags, def.kind);
        c.type_args = self.arena.alloc_slice(args);
        c.generic_def = Some(def);
        c.enclosing = def.enclosing;
        let c: ClassRef = def.image.arena.alloc(c);
        Ok(*self.insts.entry(key).or_insert(c))
    }

    pub fn instantiate_method(&self, def: &'static Method, args: &[ClassRef]) -> &'static Method {
        let mut key = vec![def as *const Method as usize];
        key.extend(args.iter().map(|a| *a as *const Class as usize));
        if let Some(m) = self.method_insts.get(&key) {
            return *m;
        }
        let m = Method::instantiate(def, self.arena.alloc_slice(args));
        *self.method_insts.entry(key).or_insert(m)
    }

    /// Runtime-provided methods of multi-dimensional arrays (`Get`, `Set`,
    /// `Address`, `.ctor`), synthesised on first reference.
    pub fn array_method(&self, class: ClassRef, name: &str, want: &Sig) -> Result<Option<&'static Method>, LoadError> {
        let name: &'static str = match name {
            "Get" => "Get",
            "Set" => "Set",
            "Address" => "Address",
            ".ctor" => ".ctor",
            _ => return Ok(None),
        };
        let key = (class as *const Class as usize + want.params.len(), name);
        if let Some(m) = self.array_methods.get(&key) {
            return Ok(Some(*m));
        }
        let sig = Sig { has_this: true, params: want.params.clone(), ret: want.ret, generic_params: 0, vararg: false };
        let m = Method::synthesized(class, name, sig);
        Ok(Some(*self.array_methods.entry(key).or_insert(m)))
    }
}
