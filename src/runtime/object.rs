//! Managed objects: allocation, strings, arrays, boxing, delegates, casts,
//! string literals, type objects and static constructors.
//!
//! Every managed object comes from the Boehm heap (`gc`); objects without
//! references come from its atomic (unscanned) part.

use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::Ordering;
use std::sync::OnceLock;

use dashmap::DashMap;

use crate::abi::layout::{
    ArrayBound, ArrayHeader, FtnDesc, ObjectHeader, Slot, StringHeader, VTable, ARRAY_DATA_OFFSET, OBJECT_HEADER_SIZE,
    SLOT_SIZE, STRING_CHARS_OFFSET,
};
use crate::interp::code::{Mem, S};
use crate::interp::{exec, first_pass};
use crate::metadata::error::LoadError;
use crate::metadata::Image;
use crate::runtime::assemblies::CORLIB_FIELDS;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::roots::{new_root, Root};
use crate::runtime::{gc, rt};
use crate::types::class::{ClassRef, ElemKind, Field, Kind, CCTOR_DONE, CCTOR_FAILED, CCTOR_NONE, CCTOR_RUNNING};
use crate::types::method::Method;

/// The class of a live, non-null object.
pub fn obj_class(obj: *mut u8) -> ClassRef {
    // SAFETY: every object starts with an ObjectHeader whose vtable points
    // to its class's VTable, which lives as long as the class.
    unsafe { crate::types::Class::from_record((*(*(obj as *const ObjectHeader)).vtable).class) }
}

fn oom() -> Thrown {
    exception::throw_new("System", "OutOfMemoryException")
}

fn load_err(e: LoadError) -> Thrown {
    exception::from_load_error(&e)
}

thread_local! {
    static IN_FINALIZERS: Cell<bool> = const { Cell::new(false) };
    /// Has a finalizer of program code (not the corlib's) run in this batch?
    static PROGRAM_FINALIZER_RAN: Cell<bool> = const { Cell::new(false) };
}

/// Runs the finalizers the collector has queued, unless already doing so
/// on this thread.
pub fn run_pending_finalizers() {
    if IN_FINALIZERS.with(|f| f.replace(true)) {
        return;
    }
    PROGRAM_FINALIZER_RAN.with(|f| f.set(false));
    while gc::run_finalizers() > 0 {}
    // Only program finalizers can bring a finalized dynamic method (or a
    // delegate to it) back to life; the corlib's never do.
    crate::runtime::dynamic::finalizers_done(PROGRAM_FINALIZER_RAN.with(|f| f.get()));
    IN_FINALIZERS.with(|f| f.set(false));
}

/// Allocates `size` zeroed bytes for an object of `vtable`'s class.
fn alloc_raw(vtable: *const VTable, size: usize, has_refs: bool) -> Result<*mut u8, Thrown> {
    if gc::finalizers_pending() {
        run_pending_finalizers();
    }
    let p = gc::try_alloc(size, has_refs);
    if p.is_null() {
        return Err(oom());
    }
    // SAFETY: `p` is a fresh block of at least `size` >= 16 bytes.
    unsafe {
        (*(p as *mut ObjectHeader)).vtable = vtable;
        if (*vtable).has_finalizer != 0 {
            gc::register_finalizer(p, finalize);
        }
    }
    Ok(p)
}

/// Interpreter stack slots cleared after a finalizer ran (its frames and
/// those of the calls it made, as far as they matter in practice).
const FINALIZER_FRAME_SLOTS: usize = 256;

/// The collector's finalizer of every finalizable object, whether
/// registered at allocation, by a clone or by GC.ReRegisterForFinalize:
/// each run of a program finalizer must be recorded (see
/// `run_pending_finalizers`).
///
/// # Safety
/// Called by the collector with `obj` a finalizable managed object.
pub(crate) unsafe extern "C" fn finalize(obj: *mut c_void, _data: *mut c_void) {
    let obj = obj as *mut u8;
    let Ok(info) = obj_class(obj).info() else { return };
    if let Some(f) = info.finalizer {
        if !f.class.is_corlib() {
            PROGRAM_FINALIZER_RAN.with(|r| r.set(true));
        }
        // A finalizer's exception does not propagate; .NET would end the
        // process, Mono only reports it. We report it too.
        let top = crate::runtime::thread::top();
        if first_pass::behind_barrier(|| exec::invoke_virtual(f, obj, &[])).is_err() {
            let e = exception::take_pending();
            if !e.is_null() {
                exception::report_unhandled(e);
            }
        }
        // The finalizer's frames held `obj`: left in the (scanned) stack
        // they would keep it from being reclaimed, which is what frees a
        // dynamic method.
        crate::runtime::thread::clear_slots(top, FINALIZER_FRAME_SLOTS);
    }
}

/// A new instance of reference type `class`, zeroed.
pub fn alloc_object(class: ClassRef) -> Result<*mut u8, Thrown> {
    let layout = class.layout().map_err(load_err)?;
    alloc_raw(instance_vtable(class)?, layout.size as usize, layout.has_refs)
}

/// The vtable of instances of `class`; interfaces and type placeholders
/// have none (bad metadata can still ask to create or box one).
fn instance_vtable(class: ClassRef) -> Result<*const VTable, Thrown> {
    let vt = class.rt_vtable().map_err(load_err)?;
    if vt.is_null() {
        return Err(exception::throw_msg(
            "System",
            "InvalidOperationException",
            &format!("Cannot create an instance of {}", class.full_name()),
        ));
    }
    Ok(vt)
}

// ---- strings ----------------------------------------------------------

/// A new string of `len` zero chars.
pub fn new_string(len: usize) -> Result<*mut u8, Thrown> {
    if len > i32::MAX as usize / 2 {
        return Err(oom());
    }
    let vt = rt().wk().string.rt_vtable().map_err(load_err)?;
    let s = alloc_raw(vt, STRING_CHARS_OFFSET + 2 * len + 2, false)?;
    // SAFETY: `s` is a fresh string object.
    unsafe { (*(s as *mut StringHeader)).length = len as i32 };
    Ok(s)
}

pub fn new_string_utf16(chars: &[u16]) -> Result<*mut u8, Thrown> {
    let s = new_string(chars.len())?;
    // SAFETY: the string has room for `chars.len()` chars.
    unsafe { std::ptr::copy_nonoverlapping(chars.as_ptr(), s.add(STRING_CHARS_OFFSET) as *mut u16, chars.len()) };
    Ok(s)
}

/// A string from Rust text. Allocation failure aborts, as it does for any
/// runtime-internal allocation.
pub fn new_string_from_str(text: &str) -> *mut u8 {
    let v: Vec<u16> = text.encode_utf16().collect();
    new_string_utf16(&v).unwrap_or_else(|_| {
        eprintln!("monoxide: out of memory");
        std::process::abort()
    })
}

/// The chars of string `s` (non-null).
pub fn string_chars<'a>(s: *mut u8) -> &'a [u16] {
    // SAFETY: `s` is a live string; its chars follow the header and the GC
    // keeps it alive while the caller holds it.
    unsafe {
        let len = (*(s as *const StringHeader)).length as usize;
        std::slice::from_raw_parts(s.add(STRING_CHARS_OFFSET) as *const u16, len)
    }
}

pub fn string_to_rust(s: *mut u8) -> String {
    if s.is_null() {
        return String::new();
    }
    String::from_utf16_lossy(string_chars(s))
}

/// Interned strings: literals of every image and `String.Intern`.
fn intern_table() -> &'static DashMap<Vec<u16>, Root> {
    static T: OnceLock<DashMap<Vec<u16>, Root>> = OnceLock::new();
    T.get_or_init(DashMap::new)
}

pub fn intern(s: *mut u8) -> *mut u8 {
    let key = string_chars(s).to_vec();
    intern_table().entry(key).or_insert_with(|| new_root(s)).get()
}

pub fn is_interned(s: *mut u8) -> *mut u8 {
    intern_table().get(string_chars(s)).map_or(std::ptr::null_mut(), |r| r.get())
}

/// String literals already resolved, by (image address, user-string offset).
fn literals() -> &'static DashMap<(usize, u32), Root> {
    static T: OnceLock<DashMap<(usize, u32), Root>> = OnceLock::new();
    T.get_or_init(DashMap::new)
}

/// The interned string of user-string heap offset `offset` of `image`.
pub fn literal(image: &'static Image, offset: u32) -> Result<Root, LoadError> {
    let key = (image as *const Image as usize, offset);
    if let Some(r) = literals().get(&key) {
        return Ok(*r);
    }
    let chars = image.user_string(offset)?;
    let root = match intern_table().get(&chars) {
        Some(r) => *r,
        None => {
            let s = new_string_utf16(&chars).map_err(|_| LoadError::BadImage("out of memory".into()))?;
            *intern_table().entry(chars).or_insert_with(|| new_root(s))
        }
    };
    literals().insert(key, root);
    Ok(root)
}

/// `newobj String::.ctor(args)`: calls the corlib's `String.Ctor`
/// with the same parameters; the result replaces the arguments.
pub fn new_string_ctor(ctor: &'static Method, fp: *mut Slot) -> Result<(), Thrown> {
    let want = ctor.sig().map_err(load_err)?;
    let info = ctor.class.info().map_err(load_err)?;
    let create = info
        .methods
        .iter()
        .find(|m| {
            m.name == "Ctor"
                && m.sig().is_ok_and(|s| {
                    s.params.len() == want.params.len()
                        && s.params.iter().zip(&want.params).all(|(a, b)| std::ptr::eq(*a, *b))
                })
        })
        .ok_or_else(|| {
            exception::throw_msg(
                "System",
                "MissingMethodException",
                &format!("Method not found: {}", ctor.display_name()),
            )
        })?;
    exec::call(create, fp)
}

// ---- arrays -----------------------------------------------------------

fn elem_size(array_class: ClassRef) -> Result<(usize, bool), Thrown> {
    let elem = array_class.elem.ok_or_else(|| exception::throw_new("System", "InvalidProgramException"))?;
    let k = elem.elem_kind().map_err(load_err)?;
    let refs = match k {
        ElemKind::Ref => true,
        ElemKind::Struct(_) => elem.layout().map_err(load_err)?.has_refs,
        _ => false,
    };
    Ok((k.size(), refs))
}

/// A new SZ array of class `array_class` with `n` elements.
pub fn new_array(array_class: ClassRef, n: i64) -> Result<*mut u8, Thrown> {
    // Lengths are int32 (up to int.MaxValue) in Mono, whatever the type
    // of the operand.
    if !(0..=i32::MAX as i64).contains(&n) {
        return Err(exception::throw_new("System", "OverflowException"));
    }
    let (size, refs) = elem_size(array_class)?;
    let bytes = (n as usize).checked_mul(size).and_then(|b| b.checked_add(ARRAY_DATA_OFFSET)).ok_or_else(oom)?;
    let vt = array_class.rt_vtable().map_err(load_err)?;
    let a = alloc_raw(vt, bytes, refs)?;
    // SAFETY: `a` is a fresh array object.
    unsafe { (*(a as *mut ArrayHeader)).length = n as usize };
    Ok(a)
}

/// A new multi-dimensional array: `dims` holds the lengths, or
/// (lower bound, length) pairs when it has twice the rank.
pub fn new_md_array(array_class: ClassRef, dims: &[i64]) -> Result<*mut u8, Thrown> {
    let rank = array_class.rank() as usize;
    if dims.len() != rank && dims.len() != 2 * rank {
        return Err(exception::throw_msg(
            "System",
            "ArgumentException",
            &format!("{} dimensions given for an array of rank {rank}", dims.len()),
        ));
    }
    let bounds: Vec<ArrayBound> = if dims.len() == 2 * rank {
        dims.chunks(2).map(|p| ArrayBound { lower: p[0] as isize, length: p[1] as usize }).collect()
    } else {
        dims.iter().map(|&l| ArrayBound { lower: 0, length: l as usize }).collect()
    };
    if dims.len() == 2 * rank && rank > 0 && dims.chunks(2).any(|p| p[1] < 0)
        || dims.len() == rank && dims.iter().any(|&l| l < 0)
    {
        return Err(exception::throw_new("System", "OverflowException"));
    }
    if array_class.kind == Kind::SzArray {
        return new_array(array_class, dims.first().copied().unwrap_or(0));
    }
    // As in Mono, the element count of a multi-dimensional array must be
    // an int32 too; a larger one is an allocation failure.
    let total = bounds
        .iter()
        .try_fold(1usize, |acc, b| acc.checked_mul(b.length))
        .filter(|&t| t <= i32::MAX as usize)
        .ok_or_else(oom)?;
    let (size, refs) = elem_size(array_class)?;
    let data = total.checked_mul(size).ok_or_else(oom)?.next_multiple_of(8);
    let bytes = ARRAY_DATA_OFFSET + data + rank * std::mem::size_of::<ArrayBound>();
    let vt = array_class.rt_vtable().map_err(load_err)?;
    let a = alloc_raw(vt, bytes, refs)?;
    // SAFETY: `a` is fresh and sized for the data plus the bounds after it.
    unsafe {
        let h = a as *mut ArrayHeader;
        (*h).length = total;
        let b = a.add(ARRAY_DATA_OFFSET + data) as *mut ArrayBound;
        std::ptr::copy_nonoverlapping(bounds.as_ptr(), b, rank);
        (*h).bounds = b;
    }
    Ok(a)
}

/// The bounds of array `a` (one synthesized bound for SZ arrays).
pub fn array_bounds(a: *mut u8) -> Vec<ArrayBound> {
    // SAFETY: `a` is a live array; md arrays carry `rank` bounds.
    unsafe {
        let h = a as *const ArrayHeader;
        if (*h).bounds.is_null() {
            vec![ArrayBound { length: (*h).length, lower: 0 }]
        } else {
            std::slice::from_raw_parts((*h).bounds, obj_class(a).rank() as usize).to_vec()
        }
    }
}

/// Element address for multi-dimensional `indices` (bounds checked).
fn md_elem_addr(a: *mut u8, indices: &[i64]) -> Result<*mut u8, Thrown> {
    let bounds = array_bounds(a);
    if bounds.len() != indices.len() {
        return Err(exception::throw_new("System", "IndexOutOfRangeException"));
    }
    let mut flat = 0usize;
    for (b, &i) in bounds.iter().zip(indices) {
        let rel = i - b.lower as i64;
        if rel < 0 || rel as usize >= b.length {
            return Err(exception::throw_new("System", "IndexOutOfRangeException"));
        }
        flat = flat * b.length + rel as usize;
    }
    let (size, _) = elem_size(obj_class(a))?;
    // SAFETY: `flat` < length, so the element is inside the array's data.
    Ok(unsafe { a.add(ARRAY_DATA_OFFSET + flat * size) })
}

/// `Get`/`Set`/`Address` of a multi-dimensional array: `fp[0]` is the
/// array, then the indices (and for Set the value); results go to `fp[0]`.
pub fn md_access(m: &'static Method, fp: *mut Slot, nparams: usize) -> Result<(), Thrown> {
    // SAFETY: the transform placed the array and `nparams` arguments at fp.
    unsafe {
        let a = *fp as *mut u8;
        if a.is_null() {
            return Err(exception::null_reference());
        }
        let rank = obj_class(a).rank() as usize;
        let idx: Vec<i64> = (0..rank.min(nparams)).map(|i| *fp.add(1 + i) as i32 as i64).collect();
        let p = md_elem_addr(a, &idx)?;
        let elem = obj_class(a).elem.unwrap_or(rt().wk().object);
        let k = elem.elem_kind().map_err(load_err)?;
        match m.name {
            "Address" => *fp = p as Slot,
            "Get" => match Mem::of(k) {
                Some(mem) => *fp = exec::load(mem, p),
                None => std::ptr::copy(p, fp as *mut u8, k.size()),
            },
            "Set" => {
                let v = fp.add(1 + rank);
                if k == ElemKind::Ref && *v != 0 && !obj_class(*v as *mut u8).is_assignable_to(elem) {
                    return Err(exception::throw_new("System", "ArrayTypeMismatchException"));
                }
                match Mem::of(k) {
                    Some(mem) => exec::store(mem, p, *v),
                    None => std::ptr::copy(v as *const u8, p, k.size()),
                }
            }
            _ => return Err(exception::throw_new("System", "MissingMethodException")),
        }
    }
    Ok(())
}

/// For an interface method of `IList<T>` and friends on an array, the
/// corlib helper implementing it: `Array.InternalArray__[Iface_]Name<T>`.
pub fn array_interface_method(class: ClassRef, m: &'static Method) -> Result<&'static Method, Thrown> {
    let prefix = match m.class.name.as_str() {
        "IList`1" | "IReadOnlyList`1" => "InternalArray__",
        "ICollection`1" | "IReadOnlyCollection`1" => "InternalArray__ICollection_",
        "IEnumerable`1" => "InternalArray__IEnumerable_",
        _ => return Err(exception::throw_new("System", "InvalidCastException")),
    };
    let name = format!("{prefix}{}", m.name);
    let arg = m.class.type_args.first().copied().or(class.elem).unwrap_or(rt().wk().object);
    let helper = rt().wk().array.find_method(&name, None).ok_or_else(|| {
        exception::throw_msg("System", "MissingMethodException", &format!("Method not found: System.Array.{name}"))
    })?;
    Ok(rt().instantiate_method(helper, &[arg]))
}

// ---- boxing and casts -------------------------------------------------

fn nullable_arg(c: ClassRef) -> Option<ClassRef> {
    let def = c.generic_def?;
    std::ptr::eq(def, rt().wk().nullable).then(|| c.type_args[0])
}

/// Boxes the value of type `c` stored (in memory form) at `src`.
pub fn box_value(c: ClassRef, src: *const u8) -> Result<*mut u8, Thrown> {
    if let Some(t) = nullable_arg(c) {
        let f = value_field(c)?;
        // SAFETY: `src` holds a Nullable<T>: hasValue at offset 0.
        if unsafe { *src } == 0 {
            return Ok(std::ptr::null_mut());
        }
        // SAFETY: the value field lies inside the Nullable.
        return box_value(t, unsafe { src.add(f.offset as usize) });
    }
    let size = c.value_size().map_err(load_err)?;
    let layout = c.layout().map_err(load_err)?;
    let obj = alloc_raw(instance_vtable(c)?, OBJECT_HEADER_SIZE + size.max(1), layout.has_refs)?;
    // SAFETY: the box has room for the value after its header.
    unsafe { std::ptr::copy_nonoverlapping(src, obj.add(OBJECT_HEADER_SIZE), size) };
    Ok(obj)
}

/// The hidden argument of a vararg call: an `object[]` holding, per extra
/// argument, its declared type's object and its value (boxed for value
/// types), read by `ArgIterator` (icalls/varargs.rs).
pub fn make_arglist(args: &[(ClassRef, S)], fp: *mut Slot) -> Result<*mut u8, Thrown> {
    let list = new_array(rt().array_of(rt().wk().object, 0), 2 * args.len() as i64)?;
    for (i, &(c, s)) in args.iter().enumerate() {
        let t = type_object(c)?;
        // SAFETY: the call site's slots hold the extra arguments.
        let v = unsafe {
            if c.is_valuetype() {
                box_slot(c, fp.add(s as usize))?
            } else {
                *fp.add(s as usize) as *mut u8
            }
        };
        // SAFETY: `list` is an object[] of 2 * args.len() elements; the
        // collector sees it through this frame's locals meanwhile.
        unsafe {
            let data = list.add(ARRAY_DATA_OFFSET) as *mut *mut u8;
            *data.add(2 * i) = t;
            *data.add(2 * i + 1) = v;
        }
    }
    Ok(list)
}

/// Boxes a value held in interpreter slot form (floats are widened there).
pub fn box_slot(c: ClassRef, src: *const Slot) -> Result<*mut u8, Thrown> {
    if c.elem_kind().map_err(load_err)? == ElemKind::R4 {
        // SAFETY: `src` is a slot holding an F value.
        let v = (f64::from_bits(unsafe { *src }) as f32).to_bits();
        return box_value(c, &v as *const u32 as *const u8);
    }
    box_value(c, src as *const u8)
}

fn value_field(nullable: ClassRef) -> Result<&'static Field, Thrown> {
    let layout = nullable.layout().map_err(load_err)?;
    layout.fields.get(1).ok_or_else(|| exception::throw_new("System", "InvalidProgramException"))
}

/// Can a box of class `from` be unboxed as `to`? Enums and their
/// underlying primitive are interchangeable, as in the CLI.
fn unbox_compatible(from: ClassRef, to: ClassRef) -> bool {
    if std::ptr::eq(from, to) {
        return true;
    }
    (from.is_enum() || to.is_enum())
        && from.elem_kind().ok() == to.elem_kind().ok()
        && !matches!(from.elem_kind(), Ok(ElemKind::Struct(_)))
        && (from.is_corlib() && from.namespace == "System"
            || to.is_corlib() && to.namespace == "System"
            || from.is_enum() && to.is_enum())
}

/// Unboxes `obj` as value type `c`: returns the value's address.
pub fn unbox(obj: *mut u8, c: ClassRef, _scratch: *mut Slot) -> Result<*mut u8, Thrown> {
    if let Some(t) = nullable_arg(c) {
        // Unboxing to Nullable<T> builds a Nullable in a fresh block.
        let size = c.value_size().map_err(load_err)?;
        let f = value_field(c)?;
        let p = gc::alloc(size.max(8));
        if p.is_null() {
            return Err(oom());
        }
        if !obj.is_null() {
            if !unbox_compatible(obj_class(obj), t) {
                return Err(exception::throw_new("System", "InvalidCastException"));
            }
            // SAFETY: `p` holds a Nullable<T>; the box holds a T.
            unsafe {
                *p = 1;
                std::ptr::copy_nonoverlapping(
                    obj.add(OBJECT_HEADER_SIZE),
                    p.add(f.offset as usize),
                    t.value_size().map_err(load_err)?,
                );
            }
        }
        return Ok(p);
    }
    if obj.is_null() {
        return Err(exception::null_reference());
    }
    if !unbox_compatible(obj_class(obj), c) {
        return Err(exception::throw_new("System", "InvalidCastException"));
    }
    // SAFETY: a boxed value follows the object header.
    Ok(unsafe { obj.add(OBJECT_HEADER_SIZE) })
}

/// `isinst`: is `obj` (non-null) an instance of `c`?
pub fn is_instance(obj: *mut u8, c: ClassRef) -> bool {
    let from = obj_class(obj);
    match nullable_arg(c) {
        Some(t) => std::ptr::eq(from, t),
        None => from.is_assignable_to(c),
    }
}

// ---- delegates --------------------------------------------------------

struct DelegateFields {
    target: usize,
    ftn: usize,
    method: usize,
    method_base: usize,
    thunk: usize,
    list: usize,
}

fn delegate_fields() -> Result<&'static DelegateFields, Thrown> {
    static F: OnceLock<Option<DelegateFields>> = OnceLock::new();
    F.get_or_init(|| {
        let d = rt().wk().multicast_delegate;
        let off = |n: &str| d.find_field(n).map(|f| f.offset as usize);
        let n = &CORLIB_FIELDS;
        Some(DelegateFields {
            target: off(n.delegate_target)?,
            ftn: off(n.delegate_ftn)?,
            method: off(n.delegate_method)?,
            method_base: off(n.delegate_method_info)?,
            thunk: off(n.delegate_thunk)?,
            list: off(n.delegate_list)?,
        })
    })
    .as_ref()
    .ok_or_else(|| exception::throw_msg("System", "MissingFieldException", "System.Delegate lacks its runtime fields"))
}

/// Offsets of a delegate's target, descriptor and invocation list, for
/// compiled code that calls single delegates itself.
pub fn delegate_layout() -> Option<(usize, usize, usize)> {
    let f = delegate_fields().ok()?;
    Some((f.target, f.ftn, f.list))
}

/// Offset of a delegate's `_thunk`: its native callback thunk, as
/// `runtime::thunks` records it.
pub fn delegate_thunk_field() -> Result<usize, Thrown> {
    Ok(delegate_fields()?.thunk)
}

/// `newobj D::.ctor(object, IntPtr)`: a delegate of class `c` to `ftn`.
pub fn new_delegate(c: ClassRef, target: *mut u8, ftn: *const FtnDesc) -> Result<*mut u8, Thrown> {
    let f = delegate_fields()?;
    // SAFETY: a non-null `ftn` is a live descriptor (from ldftn or reflection).
    let dynamic = !ftn.is_null() && unsafe { Method::from_record((*ftn).method).dynamic.is_some() };
    // A delegate to a dynamic method keeps its DynamicMethod alive.
    let owner = match dynamic {
        true => crate::runtime::dynamic::owner_of(ftn).ok_or_else(|| {
            exception::throw_msg("System", "InvalidOperationException", "The dynamic method was freed.")
        })?,
        false => std::ptr::null_mut(),
    };
    let d = alloc_object(c)?;
    // SAFETY: `d` is a fresh delegate; `ftn` is a descriptor from ldftn.
    unsafe {
        *(d.add(f.target) as *mut *mut u8) = target;
        *(d.add(f.ftn) as *mut *const FtnDesc) = ftn;
        *(d.add(f.method) as *mut *const crate::abi::layout::MethodRecord) =
            if ftn.is_null() { std::ptr::null() } else { (*ftn).method };
        *(d.add(f.method_base) as *mut *mut u8) = owner;
    }
    Ok(d)
}

/// `D::Invoke`: `fp[0]` is the delegate, `fp[1..=nslots]` the arguments;
/// the result replaces them at `fp[0]`.
pub fn invoke_delegate(fp: *mut Slot, nslots: usize) -> Result<(), Thrown> {
    let f = delegate_fields()?;
    // SAFETY: the transform placed the delegate and its argument slots at fp
    // and reserved two spare slots after them.
    unsafe {
        let d = *fp as *mut u8;
        if d.is_null() {
            return Err(exception::null_reference());
        }
        let list = *(d.add(f.list) as *const *mut u8);
        if list.is_null() {
            return invoke_single(d, fp, nslots, f);
        }
        // Each target may overwrite its argument slots: keep the arguments
        // in GC-scanned memory (they may be the only references to objects).
        let args = gc::alloc(nslots.max(1) * 8) as *mut Slot;
        if args.is_null() {
            return Err(oom());
        }
        std::ptr::copy_nonoverlapping(fp.add(1), args, nslots);
        let n = (*(list as *const ArrayHeader)).length;
        for i in 0..n {
            let each = *(list.add(ARRAY_DATA_OFFSET + 8 * i) as *const *mut u8);
            *fp = each as Slot;
            std::ptr::copy_nonoverlapping(args, fp.add(1), nslots);
            invoke_single(each, fp, nslots, f)?;
        }
        Ok(())
    }
}

/// # Safety
/// As in `invoke_delegate`, with `d` a single (non-combined) delegate.
unsafe fn invoke_single(d: *mut u8, fp: *mut Slot, nslots: usize, f: &DelegateFields) -> Result<(), Thrown> {
    // SAFETY: the caller keeps the contract in `# Safety` above.
    unsafe {
        let target = *(d.add(f.target) as *const *mut u8);
        let desc = *(d.add(f.ftn) as *const *const FtnDesc);
        if desc.is_null() {
            return Err(exception::null_reference());
        }
        let m = Method::from_record((*desc).method);
        if target.is_null() && (m.is_static() || !m.class.is_valuetype()) {
            // Open static, or open instance (`this` is the first argument):
            // the arguments start one slot later.
            let r = exec::call(m, fp.add(1));
            let ret = m.sig().map_err(load_err)?.ret.value_size().map_err(load_err)?;
            std::ptr::copy(fp.add(1), fp, crate::abi::layout::slots_for(ret));
            return r;
        }
        let this = if m.class.is_valuetype() && !m.is_static() { target.add(OBJECT_HEADER_SIZE) } else { target };
        *fp = this as Slot;
        let _ = nslots;
        let r = exec::call(m, fp);
        // The delegate may be the only reference to a dynamic method's owner
        // and its slot was just overwritten: keep it visible to the collector
        // (on this scanned native stack) until the call is over.
        std::hint::black_box(d);
        r
    }
}

// ---- statics and type objects ----------------------------------------

/// What a `RuntimeFieldHandle` points to: the field with its declaring
/// class (reflection), and the address and length of its data when it has
/// an RVA (array initialisers).
#[repr(C)]
pub struct FieldHandle {
    pub ptr: *const u8,
    pub len: usize,
    pub owner: ClassRef,
    pub field: &'static Field,
}

/// The `RuntimeFieldHandle` value of field `f` of `owner`: a pointer to a
/// [`FieldHandle`] in the image's arena (null data when the field has no RVA),
/// the same for `ldtoken` and reflection.
/// One per field, so that methods transformed again and again (dynamic
/// methods) do not grow the image arena; handles may outlive the method.
pub fn field_handle(owner: ClassRef, f: &'static Field) -> Result<*const FieldHandle, LoadError> {
    static MADE: OnceLock<DashMap<usize, usize>> = OnceLock::new();
    let made = MADE.get_or_init(DashMap::new);
    let key = f as *const Field as usize;
    if let Some(p) = made.get(&key) {
        return Ok(*p as *const FieldHandle);
    }
    let img = owner.image;
    let rid = cildec::Rid::new(f.rid);
    let data = match img.md().tables().field_rva_of(rid).ok().flatten() {
        Some(rva) => {
            let bytes = img.pe().rva_rest(rva).map_err(|e| LoadError::BadImage(format!("bad field RVA: {e}")))?;
            let want = f.ty.value_size().unwrap_or(0).min(bytes.len());
            FieldHandle { ptr: bytes.as_ptr(), len: want, owner, field: f }
        }
        None => FieldHandle { ptr: std::ptr::null(), len: 0, owner, field: f },
    };
    let p = *made.entry(key).or_insert_with(|| img.arena.alloc(data) as *const FieldHandle as usize);
    Ok(p as *const FieldHandle)
}

/// Runs the static constructor of `c` unless it ran (or is running on this
/// thread). A failed constructor's TypeInitializationException is rethrown
/// on every later access.
pub fn run_cctor(c: ClassRef) -> Result<(), Thrown> {
    match c.cctor_state.compare_exchange(CCTOR_NONE, CCTOR_RUNNING, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => {}
        Err(CCTOR_FAILED) => {
            let e = c.cctor_error.get().map_or(std::ptr::null_mut(), |r| r.get());
            return Err(exception::throw_object(e, false));
        }
        Err(_) => return Ok(()),
    }
    let info = c.info().map_err(load_err)?;
    let r = match info.cctor {
        // Its exception becomes a TypeInitializationException: handlers
        // outside see that one, so their filters wait for it.
        Some(m) => first_pass::behind_barrier(|| exec::invoke(m, &[]).map(|_| ())),
        None => Ok(()),
    };
    match r {
        Ok(()) => {
            c.cctor_state.store(CCTOR_DONE, Ordering::Release);
            Ok(())
        }
        Err(_) => {
            let inner = exception::take_pending();
            let tie = exception::type_initialization(c, inner)?;
            let _ = c.cctor_error.set(new_root(tie));
            c.cctor_state.store(CCTOR_FAILED, Ordering::Release);
            Err(exception::throw_object(tie, true))
        }
    }
}

/// The `System.RuntimeType` object of `c` (one per class).
pub fn type_object(c: ClassRef) -> Result<*mut u8, Thrown> {
    if let Some(r) = c.type_object.get() {
        return Ok(r.get());
    }
    let rtc = rt().wk().runtime_type;
    let off = type_class_offset().ok_or_else(|| {
        let name = CORLIB_FIELDS.type_class;
        exception::throw_msg("System", "MissingFieldException", &format!("System.RuntimeType.{name}"))
    })?;
    let obj = alloc_object(rtc)?;
    // SAFETY: `obj` is a fresh RuntimeType; its class field is pointer-sized.
    unsafe { *(obj.add(off) as *mut *const crate::types::Class) = c };
    Ok(c.type_object.get_or_init(|| new_root(obj)).get())
}

/// Offset of a type object's class pointer (`FieldNames::type_class`).
fn type_class_offset() -> Option<usize> {
    static OFF: OnceLock<Option<usize>> = OnceLock::new();
    *OFF.get_or_init(|| {
        let f = rt().wk().runtime_type.find_field(CORLIB_FIELDS.type_class)?;
        Some(f.offset as usize)
    })
}

/// The class behind a RuntimeType object.
pub fn class_of_type_object(t: *mut u8) -> Option<ClassRef> {
    if t.is_null() {
        return None;
    }
    let off = type_class_offset()?;
    // SAFETY: `t` is a RuntimeType; its class field was set by `type_object`.
    unsafe {
        let k = *(t.add(off) as *const *const crate::types::Class);
        (!k.is_null()).then(|| &*k)
    }
}

/// Where a `System.TypedReference` keeps its parts, in slots from its
/// start (`FieldNames::typed_ref_*`): the address, the class and a type
/// handle (which holds the class here too).
#[derive(Clone, Copy, Debug)]
pub struct TypedRefSlots {
    pub value: S,
    pub class: S,
    pub type_handle: S,
}

/// The corlib's [`TypedRefSlots`], read from its layout once.
pub fn typed_ref_slots() -> Result<TypedRefSlots, LoadError> {
    static SLOTS: OnceLock<TypedRefSlots> = OnceLock::new();
    if let Some(s) = SLOTS.get() {
        return Ok(*s);
    }
    let c = rt().corlib_class("System", "TypedReference")?;
    let names = &CORLIB_FIELDS;
    let slot = |name: &str| -> Result<S, LoadError> {
        let f = c.find_field(name).ok_or_else(|| LoadError::MissingField(format!("System.TypedReference.{name}")))?;
        Ok((f.offset as usize / SLOT_SIZE) as S)
    };
    let s = TypedRefSlots {
        value: slot(names.typed_ref_value)?,
        class: slot(names.typed_ref_class)?,
        type_handle: slot(names.typed_ref_type)?,
    };
    Ok(*SLOTS.get_or_init(|| s))
}

/// `obj.ToString()` as Rust text.
pub fn to_string(obj: *mut u8) -> Result<String, Thrown> {
    let m = rt()
        .wk()
        .object
        .find_method("ToString", Some(0))
        .ok_or_else(|| exception::throw_msg("System", "MissingMethodException", "System.Object.ToString"))?;
    let s = exec::invoke_virtual(m, obj, &[])?;
    Ok(string_to_rust(s as *mut u8))
}
