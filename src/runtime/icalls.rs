//! Internal calls: the Rust implementations of the corlib's `extern`
//! methods, bound by `Namespace.Type::Method` (see runtime/corlib/ICALLS.md).
//!
//! Every internal call takes the interpreter frame of its arguments
//! (`this` first) and writes its result to the first slot.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

use cildec::{TableId, Token};

use crate::abi::layout::{ArrayHeader, Slot, ARRAY_DATA_OFFSET, OBJECT_HEADER_SIZE, STRING_CHARS_OFFSET};
use crate::interp::code::Mem;
use crate::interp::exec;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object::{self, obj_class, string_to_rust};
use crate::runtime::{gc, rt};
use crate::types::class::{ClassRef, ElemKind, Kind};
use crate::types::method::Method;

pub type Icall = fn(*mut Slot) -> Result<(), Thrown>;

// ---- argument access ----------------------------------------------------
// SAFETY (all helpers): an internal call's frame holds its arguments in
// consecutive slots, as the transform lays them out for the signature
// declared in ICALLS.md, and the first slot receives the result.

pub(crate) fn a(fp: *mut Slot, i: usize) -> Slot {
    // SAFETY: see above.
    unsafe { *fp.add(i) }
}
pub(crate) fn ai(fp: *mut Slot, i: usize) -> i32 {
    a(fp, i) as i32
}
fn af(fp: *mut Slot, i: usize) -> f64 {
    f64::from_bits(a(fp, i))
}
pub(crate) fn ao(fp: *mut Slot, i: usize) -> *mut u8 {
    a(fp, i) as *mut u8
}
pub(crate) fn ret(fp: *mut Slot, v: Slot) -> Result<(), Thrown> {
    // SAFETY: see above.
    unsafe { *fp = v };
    Ok(())
}
fn ret_f(fp: *mut Slot, v: f64) -> Result<(), Thrown> {
    ret(fp, v.to_bits())
}
pub(crate) fn ret_o(fp: *mut Slot, o: *mut u8) -> Result<(), Thrown> {
    ret(fp, o as Slot)
}
pub(crate) fn ret_str(fp: *mut Slot, s: &str) -> Result<(), Thrown> {
    ret_o(fp, object::new_string_from_str(s))
}
pub(crate) fn nre() -> Thrown {
    exception::null_reference()
}
pub(crate) fn non_null(o: *mut u8) -> Result<*mut u8, Thrown> {
    if o.is_null() {
        Err(nre())
    } else {
        Ok(o)
    }
}
pub(crate) fn klass(fp: *mut Slot, i: usize) -> Result<ClassRef, Thrown> {
    let p = a(fp, i) as *const crate::types::Class;
    if p.is_null() {
        return Err(nre());
    }
    // SAFETY: klass arguments come from RuntimeType._klass or ldtoken.
    Ok(unsafe { &*p })
}
pub(crate) fn load_err(e: crate::metadata::error::LoadError) -> Thrown {
    exception::from_load_error(&e)
}
pub(crate) fn type_obj(c: Option<ClassRef>) -> Result<*mut u8, Thrown> {
    c.map_or(Ok(std::ptr::null_mut()), object::type_object)
}

// ---- stdout -------------------------------------------------------------

static STDOUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

fn write_stdout(s: &str) {
    let mut b = STDOUT.lock().unwrap_or_else(|e| e.into_inner());
    b.extend_from_slice(s.as_bytes());
    if b.len() > 1 << 16 {
        let _ = std::io::stdout().write_all(&b);
        b.clear();
    }
}

/// Writes buffered Console output; called before stderr output and at exit.
pub fn flush_stdout() {
    let mut b = STDOUT.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&b);
    let _ = out.flush();
    b.clear();
}

/// `flush_stdout` for a signal handler: write(2) only, and nothing when the
/// buffer is in use (the fault may have struck while it was being changed).
pub fn flush_stdout_from_signal() {
    let Ok(b) = STDOUT.try_lock() else { return };
    let mut rest: &[u8] = &b;
    while !rest.is_empty() {
        // SAFETY: writes from a live buffer; write(2) is async-signal-safe.
        let n = unsafe { libc::write(1, rest.as_ptr() as *const libc::c_void, rest.len()) };
        if n <= 0 {
            return;
        }
        rest = &rest[n as usize..];
    }
}

// ---- the table ----------------------------------------------------------

/// The internal call implementing `m`, if the runtime has one.
pub fn lookup(m: &'static Method) -> Option<Icall> {
    *m.icall.get_or_init(|| {
        let mut owner = String::new();
        let mut c = Some(m.class.generic_def.unwrap_or(m.class));
        let mut parts = Vec::new();
        while let Some(k) = c {
            parts.push(k);
            c = k.enclosing;
        }
        for (i, k) in parts.iter().rev().enumerate() {
            if i == 0 {
                if !k.namespace.is_empty() {
                    owner.push_str(&k.namespace);
                    owner.push('.');
                }
            } else {
                owner.push('/');
            }
            owner.push_str(&k.name);
        }
        table().get(format!("{owner}::{}", m.name).as_str()).copied()
    })
}

fn table() -> &'static HashMap<&'static str, Icall> {
    static T: OnceLock<HashMap<&'static str, Icall>> = OnceLock::new();
    T.get_or_init(|| {
        let entries: &[(&str, Icall)] = &[
            ("System.Object::GetType", object_get_type),
            ("System.Object::MemberwiseClone", object_clone),
            ("System.Runtime.CompilerServices.RuntimeHelpers::GetHashCode", identity_hash),
            ("System.Runtime.CompilerServices.RuntimeHelpers::InitializeArray", initialize_array),
            ("System.ValueType::InternalEquals", valuetype_equals),
            ("System.ValueType::InternalGetHashCode", valuetype_hash),
            ("System.String::FastAllocateString", string_alloc),
            ("System.String::get_Chars", string_get_chars),
            ("System.String::InternalEquals", string_equals),
            ("System.String::InternalIntern", string_intern),
            ("System.String::InternalIsInterned", string_is_interned),
            ("System.Buffer::Memmove", buffer_memmove),
            ("System.Array::get_Length", array_length),
            ("System.Array::get_Rank", array_rank),
            ("System.Array::GetLength", array_get_length),
            ("System.Array::GetLowerBound", array_get_lower_bound),
            ("System.Array::InternalCopy", array_copy),
            ("System.Array::InternalClear", array_clear),
            ("System.Array::InternalGetValue", array_get_value),
            ("System.Array::InternalSetValue", array_set_value),
            ("System.Array::InternalCreate", array_create),
            ("System.Array::GetElementKlass", array_elem_klass),
            ("System.Type::GetTypeFromHandle", type_from_handle),
            ("System.RuntimeType::GetName", rtype_name),
            ("System.RuntimeType::GetNamespace", rtype_namespace),
            ("System.RuntimeType::GetFullName", rtype_full_name),
            ("System.RuntimeType::GetToStringName", rtype_to_string),
            ("System.RuntimeType::GetBaseType", rtype_base),
            ("System.RuntimeType::GetElementType", rtype_elem),
            ("System.RuntimeType::GetAttributes", rtype_attributes),
            ("System.RuntimeType::IsAssignableFrom", rtype_assignable),
            ("System.RuntimeType::GetGenericArguments", rtype_generic_args),
            ("System.RuntimeType::GetGenericTypeDefinition", rtype_generic_def),
            ("System.RuntimeType::GetArrayRank", rtype_rank),
            ("System.RuntimeType::MakeArrayType", rtype_make_array),
            ("System.RuntimeType::MakeGenericType", rtype_make_generic),
            ("System.RuntimeType::MakePointerType", rtype_make_pointer),
            ("System.ArgIterator::MakeTypedReference", arg_iterator_reference),
            ("System.TypedReference::ToObject", typed_reference_to_object),
            ("System.RuntimeType::HasAttribute", rtype_has_attribute),
            ("System.RuntimeType::CreateInstanceDefault", rtype_create),
            ("System.Enum::GetEnumNames", enum_names),
            ("System.Enum::GetEnumValues", enum_values),
            ("System.Enum::GetUnderlyingValue", enum_underlying_value),
            ("System.Enum::GetUnderlyingKlass", enum_underlying_klass),
            ("System.Enum::BoxEnum", enum_box),
            ("System.Number::DoubleToDigits", double_to_digits),
            ("System.Number::SingleToDigits", single_to_digits),
            ("System.Number::ParseDouble", parse_double),
            ("System.Math::Sqrt", |fp| ret_f(fp, af(fp, 0).sqrt())),
            ("System.Math::Sin", |fp| ret_f(fp, af(fp, 0).sin())),
            ("System.Math::Cos", |fp| ret_f(fp, af(fp, 0).cos())),
            ("System.Math::Tan", |fp| ret_f(fp, af(fp, 0).tan())),
            ("System.Math::Asin", |fp| ret_f(fp, af(fp, 0).asin())),
            ("System.Math::Acos", |fp| ret_f(fp, af(fp, 0).acos())),
            ("System.Math::Atan", |fp| ret_f(fp, af(fp, 0).atan())),
            ("System.Math::Atan2", |fp| ret_f(fp, af(fp, 0).atan2(af(fp, 1)))),
            ("System.Math::Sinh", |fp| ret_f(fp, af(fp, 0).sinh())),
            ("System.Math::Cosh", |fp| ret_f(fp, af(fp, 0).cosh())),
            ("System.Math::Tanh", |fp| ret_f(fp, af(fp, 0).tanh())),
            ("System.Math::Exp", |fp| ret_f(fp, af(fp, 0).exp())),
            ("System.Math::Log", |fp| ret_f(fp, af(fp, 0).ln())),
            ("System.Math::Log10", |fp| ret_f(fp, af(fp, 0).log10())),
            ("System.Math::Pow", |fp| ret_f(fp, pow(af(fp, 0), af(fp, 1)))),
            ("System.Math::Floor", |fp| ret_f(fp, af(fp, 0).floor())),
            ("System.Math::Ceiling", |fp| ret_f(fp, af(fp, 0).ceil())),
            ("System.Math::Round", |fp| ret_f(fp, af(fp, 0).round_ties_even())),
            ("System.Math::Truncate", |fp| ret_f(fp, af(fp, 0).trunc())),
            ("System.Console::InternalWrite", console_write),
            ("System.Console::InternalWriteErr", console_write_err),
            ("System.Console::InternalReadLine", console_read_line),
            ("System.Environment::Exit", environment_exit),
            ("System.Environment::GetCommandLineArgs", command_line_args),
            ("System.Environment::get_TickCount", |fp| ret(fp, (monotonic_ns() / 1_000_000) as i32 as i64 as Slot)),
            ("System.Environment::get_ProcessorCount", |fp| {
                ret(fp, std::thread::available_parallelism().map_or(1, |n| n.get()) as Slot)
            }),
            ("System.Environment::InternalGetEnvironmentVariable", get_env),
            ("System.Diagnostics.Stopwatch::GetTimestampNs", |fp| ret(fp, monotonic_ns() as Slot)),
            ("System.DateTime::GetNowTicks", now_ticks),
            ("System.GC::InternalCollect", |_| {
                gc::collect();
                Ok(())
            }),
            ("System.GC::WaitForPendingFinalizers", |_| {
                object::run_pending_finalizers();
                Ok(())
            }),
            ("System.GC::SuppressFinalize", |fp| {
                gc::unregister_finalizer(non_null(ao(fp, 0))?);
                Ok(())
            }),
            ("System.GC::ReRegisterForFinalize", reregister_finalize),
            ("System.GC::GetTotalMemory", |fp| {
                if ai(fp, 0) != 0 {
                    gc::collect();
                }
                ret(fp, (gc::heap_size() - gc::free_bytes()) as Slot)
            }),
            ("System.GC::InternalCollectionCount", |fp| ret(fp, gc::collection_count() as Slot)),
            ("System.Runtime.InteropServices.Marshal::GetFunctionPointerForDelegateInternal", |fp| {
                ret(fp, crate::runtime::pinvoke::delegate_to_native(ao(fp, 0))? as Slot)
            }),
            ("System.WeakReference::AllocHandle", |fp| {
                let h = Box::new(gc::WeakHandle::new(ao(fp, 0)));
                ret(fp, Box::into_raw(h) as Slot)
            }),
            ("System.WeakReference::GetHandleTarget", |fp| {
                let h = a(fp, 0) as *mut gc::WeakHandle;
                // SAFETY: handles come from AllocHandle and are freed only by FreeHandle.
                ret_o(fp, if h.is_null() { std::ptr::null_mut() } else { unsafe { (*h).get() } })
            }),
            ("System.WeakReference::SetHandleTarget", |fp| {
                let h = a(fp, 0) as *mut gc::WeakHandle;
                // SAFETY: as in GetHandleTarget.
                if !h.is_null() {
                    unsafe { (*h).set(ao(fp, 1)) }
                }
                Ok(())
            }),
            ("System.WeakReference::FreeHandle", |fp| {
                let h = a(fp, 0) as *mut gc::WeakHandle;
                // SAFETY: the handle came from Box::into_raw in AllocHandle; the
                // corlib frees each handle once (finalizer or explicit).
                if !h.is_null() {
                    drop(unsafe { Box::from_raw(h) });
                }
                Ok(())
            }),
            ("System.Threading.Monitor::ReliableEnter", |fp| {
                non_null(ao(fp, 0))?;
                // SAFETY: the second argument is a `ref bool`.
                unsafe { *(a(fp, 1) as *mut u8) = 1 };
                Ok(())
            }),
            ("System.Threading.Monitor::Exit", |fp| {
                non_null(ao(fp, 0))?;
                Ok(())
            }),
            ("System.Threading.Interlocked::CompareExchange_Int", |fp| cas::<i32>(fp)),
            ("System.Threading.Interlocked::CompareExchange_Long", |fp| cas::<i64>(fp)),
            ("System.Threading.Interlocked::CompareExchange_Object", |fp| cas::<i64>(fp)),
            ("System.Threading.Interlocked::CompareExchange_T", |fp| cas::<i64>(fp)),
            ("System.Threading.Interlocked::Exchange_Int", |fp| xchg::<i32>(fp)),
            ("System.Threading.Interlocked::Exchange_Long", |fp| xchg::<i64>(fp)),
            ("System.Threading.Interlocked::Exchange_Object", |fp| xchg::<i64>(fp)),
            ("System.Threading.Interlocked::Exchange_T", |fp| xchg::<i64>(fp)),
            ("System.Threading.Interlocked::Add_Int", |fp| {
                // SAFETY: `ref int` points to a live, aligned int.
                let p = unsafe { &*(a(fp, 0) as *const std::sync::atomic::AtomicI32) };
                let v = ai(fp, 1);
                ret(fp, p.fetch_add(v, std::sync::atomic::Ordering::SeqCst).wrapping_add(v) as i64 as Slot)
            }),
            ("System.Threading.Interlocked::Add_Long", |fp| {
                // SAFETY: `ref long` points to a live, aligned long.
                let p = unsafe { &*(a(fp, 0) as *const std::sync::atomic::AtomicI64) };
                let v = a(fp, 1) as i64;
                ret(fp, p.fetch_add(v, std::sync::atomic::Ordering::SeqCst).wrapping_add(v) as Slot)
            }),
            ("System.Threading.Thread::SleepInternal", |fp| {
                std::thread::sleep(std::time::Duration::from_millis(ai(fp, 0).max(0) as u64));
                Ok(())
            }),
            ("System.Exception::FormatTrace", |fp| {
                let s = exception::format_trace(non_null(ao(fp, 0))?);
                ret_o(fp, if s.is_empty() { std::ptr::null_mut() } else { object::new_string_from_str(&s) })
            }),
            ("System.IO.File::InternalReadAllText", file_read),
            ("System.IO.File::InternalWriteAllText", file_write),
            ("System.IO.File::InternalExists", |fp| {
                let p = string_to_rust(ao(fp, 0));
                ret(fp, std::path::Path::new(&p).is_file() as Slot)
            }),
        ];
        entries.iter().chain(crate::runtime::reflection::table()).copied().collect()
    })
}

// ---- object ---------------------------------------------------------------

fn object_get_type(fp: *mut Slot) -> Result<(), Thrown> {
    let o = non_null(ao(fp, 0))?;
    ret_o(fp, object::type_object(obj_class(o))?)
}

/// Size in bytes of object `o` (header included).
fn object_size(o: *mut u8) -> Result<usize, Thrown> {
    let c = obj_class(o);
    Ok(if c.is_array() {
        let (n, size) = array_info(o)?;
        let rank = c.rank() as usize;
        let data = n * size;
        if c.kind == Kind::SzArray {
            ARRAY_DATA_OFFSET + data
        } else {
            ARRAY_DATA_OFFSET + data.next_multiple_of(8) + rank * 16
        }
    } else if std::ptr::eq(c, rt().wk().string) {
        STRING_CHARS_OFFSET + 2 * object::string_chars(o).len() + 2
    } else if c.is_valuetype() {
        OBJECT_HEADER_SIZE + c.value_size().map_err(load_err)?
    } else {
        c.layout().map_err(load_err)?.size as usize
    })
}

fn object_clone(fp: *mut Slot) -> Result<(), Thrown> {
    let o = non_null(ao(fp, 0))?;
    let c = obj_class(o);
    let size = object_size(o)?;
    let copy = gc::alloc(size);
    if copy.is_null() {
        return Err(exception::throw_new("System", "OutOfMemoryException"));
    }
    // SAFETY: both blocks are `size` bytes; md-array bounds are re-pointed
    // into the copy.
    unsafe {
        std::ptr::copy_nonoverlapping(o, copy, size);
        let h = copy as *mut ArrayHeader;
        if c.is_array() && !(*h).bounds.is_null() {
            let off = (*h).bounds as usize - o as usize;
            (*h).bounds = copy.add(off) as *mut _;
        }
        let vt = c.rt_vtable().map_err(load_err)?;
        if (*vt).has_finalizer != 0 {
            gc::register_finalizer(copy, object::finalize);
        }
    }
    ret_o(fp, copy)
}

fn reregister_finalize(fp: *mut Slot) -> Result<(), Thrown> {
    let o = non_null(ao(fp, 0))?;
    // SAFETY: `o` is a live object whose vtable says whether it finalizes.
    if unsafe { (*obj_class(o).rt_vtable().map_err(load_err)?).has_finalizer } != 0 {
        gc::register_finalizer(o, object::finalize);
    }
    Ok(())
}

/// Identity hash: stable for the object's life (objects never move).
fn identity_hash(fp: *mut Slot) -> Result<(), Thrown> {
    let o = ao(fp, 0) as usize;
    let h = (o >> 3) as u32 ^ (o >> 35) as u32;
    ret(fp, (h & 0x7fff_ffff) as i32 as i64 as Slot)
}

fn initialize_array(fp: *mut Slot) -> Result<(), Thrown> {
    let arr = non_null(ao(fp, 0))?;
    let data = a(fp, 1) as *const object::RvaData;
    let (n, size) = array_info(arr)?;
    let bytes = n * size;
    // SAFETY: the handle was made by ldtoken (field_rva_data) and lives in
    // its image's arena; the copy is bounded by both the array and the data.
    unsafe {
        if data.is_null() || (*data).len < bytes {
            return Err(exception::throw_msg("System", "ArgumentException", "Field data is too small for the array."));
        }
        std::ptr::copy_nonoverlapping((*data).ptr, arr.add(ARRAY_DATA_OFFSET), bytes);
    }
    Ok(())
}

fn valuetype_equals(fp: *mut Slot) -> Result<(), Thrown> {
    let (x, y) = (non_null(ao(fp, 0))?, ao(fp, 1));
    if y.is_null() || !std::ptr::eq(obj_class(x), obj_class(y)) {
        return ret(fp, 0);
    }
    let c = obj_class(x);
    let layout = c.layout().map_err(load_err)?;
    let eq = |xp: *mut u8, yp: *mut u8, n: usize| {
        // SAFETY: both are boxes of the same class, `n` bytes from the offset.
        unsafe { std::slice::from_raw_parts(xp, n) == std::slice::from_raw_parts(yp, n) }
    };
    if !layout.has_refs || layout.fields.is_empty() {
        let n = c.value_size().map_err(load_err)?;
        // SAFETY: the values follow the headers.
        return ret(fp, unsafe { eq(x.add(OBJECT_HEADER_SIZE), y.add(OBJECT_HEADER_SIZE), n) } as Slot);
    }
    let equals = rt().wk().object.find_method("Equals", Some(1));
    for f in &layout.fields {
        let off = OBJECT_HEADER_SIZE + f.offset as usize;
        let k = f.ty.elem_kind().map_err(load_err)?;
        // SAFETY: the field lies inside both boxes.
        let same = unsafe {
            if k == ElemKind::Ref {
                let (p, q) = (*(x.add(off) as *const *mut u8), *(y.add(off) as *const *mut u8));
                if p.is_null() || q.is_null() {
                    p == q
                } else {
                    match equals {
                        Some(m) => exec::invoke_virtual(m, p, &[q as Slot])? as u8 != 0,
                        None => p == q,
                    }
                }
            } else {
                eq(x.add(off), y.add(off), k.size())
            }
        };
        if !same {
            return ret(fp, 0);
        }
    }
    ret(fp, 1)
}

fn valuetype_hash(fp: *mut Slot) -> Result<(), Thrown> {
    let o = non_null(ao(fp, 0))?;
    let c = obj_class(o);
    let layout = c.layout().map_err(load_err)?;
    // Like Mono: hash the first field (references by identity), else 0.
    let h = match layout.fields.first() {
        Some(f) => {
            let k = f.ty.elem_kind().map_err(load_err)?;
            // SAFETY: the field lies inside the box.
            let p = unsafe { o.add(OBJECT_HEADER_SIZE + f.offset as usize) };
            // SAFETY: as above; `k.size()` bytes of the field are readable.
            let bytes = unsafe { std::slice::from_raw_parts(p, k.size().min(8)) };
            let mut v = 0u64;
            for (i, b) in bytes.iter().enumerate() {
                v |= (*b as u64) << (8 * i);
            }
            (v as u32 ^ (v >> 32) as u32) as i32
        }
        None => 0,
    };
    ret(fp, h as i64 as Slot)
}

// ---- strings --------------------------------------------------------------

fn string_alloc(fp: *mut Slot) -> Result<(), Thrown> {
    let n = ai(fp, 0);
    if n < 0 {
        return Err(exception::throw_new("System", "OverflowException"));
    }
    ret_o(fp, object::new_string(n as usize)?)
}

fn string_get_chars(fp: *mut Slot) -> Result<(), Thrown> {
    let s = non_null(ao(fp, 0))?;
    let chars = object::string_chars(s);
    match chars.get(ai(fp, 1) as u32 as usize) {
        Some(c) => ret(fp, *c as Slot),
        None => Err(exception::throw_new("System", "IndexOutOfRangeException")),
    }
}

fn string_equals(fp: *mut Slot) -> Result<(), Thrown> {
    let (x, y) = (non_null(ao(fp, 0))?, non_null(ao(fp, 1))?);
    ret(fp, (object::string_chars(x) == object::string_chars(y)) as Slot)
}

fn string_intern(fp: *mut Slot) -> Result<(), Thrown> {
    ret_o(fp, object::intern(non_null(ao(fp, 0))?))
}

fn string_is_interned(fp: *mut Slot) -> Result<(), Thrown> {
    ret_o(fp, object::is_interned(non_null(ao(fp, 0))?))
}

fn buffer_memmove(fp: *mut Slot) -> Result<(), Thrown> {
    let n = ai(fp, 2);
    if n > 0 {
        // SAFETY: the corlib passes pointers into pinned objects or stack
        // memory with at least `n` bytes (its callers check ranges).
        unsafe { std::ptr::copy(ao(fp, 1), ao(fp, 0), n as usize) };
    }
    Ok(())
}

// ---- arrays ---------------------------------------------------------------

/// (element count, element size) of array `arr`.
pub(crate) fn array_info(arr: *mut u8) -> Result<(usize, usize), Thrown> {
    let c = obj_class(arr);
    let elem = c.elem.ok_or_else(|| exception::throw_new("System", "ArgumentException"))?;
    // SAFETY: `arr` is a live array.
    let n = unsafe { (*(arr as *const ArrayHeader)).length };
    Ok((n, elem.value_size().map_err(load_err)?))
}

fn array_length(fp: *mut Slot) -> Result<(), Thrown> {
    let arr = non_null(ao(fp, 0))?;
    // SAFETY: `arr` is a live array.
    let n = unsafe { (*(arr as *const ArrayHeader)).length };
    if n > i32::MAX as usize {
        return Err(exception::throw_new("System", "OverflowException"));
    }
    ret(fp, n as Slot)
}

fn array_rank(fp: *mut Slot) -> Result<(), Thrown> {
    ret(fp, obj_class(non_null(ao(fp, 0))?).rank() as Slot)
}

fn dimension(fp: *mut Slot) -> Result<crate::abi::layout::ArrayBound, Thrown> {
    let arr = non_null(ao(fp, 0))?;
    let d = ai(fp, 1);
    let b = object::array_bounds(arr);
    b.get(d as u32 as usize).copied().ok_or_else(|| {
        exception::throw_msg("System", "IndexOutOfRangeException", "Index was outside the bounds of the array.")
    })
}

fn array_get_length(fp: *mut Slot) -> Result<(), Thrown> {
    let b = dimension(fp)?;
    ret(fp, b.length as Slot)
}

fn array_get_lower_bound(fp: *mut Slot) -> Result<(), Thrown> {
    let b = dimension(fp)?;
    ret(fp, b.lower as i64 as Slot)
}

pub(crate) fn elem_ptr(arr: *mut u8, i: usize, size: usize) -> *mut u8 {
    // SAFETY: callers check `i` against the array's length.
    unsafe { arr.add(ARRAY_DATA_OFFSET + i * size) }
}

/// Reads element `i` of `arr` as an object (boxing value elements).
fn get_boxed(arr: *mut u8, i: usize) -> Result<*mut u8, Thrown> {
    let elem = obj_class(arr).elem.unwrap_or(rt().wk().object);
    let size = elem.value_size().map_err(load_err)?;
    load_boxed(elem, elem_ptr(arr, i, size))
}

/// Reads the `elem` at `p` (memory form) as an object, boxing values.
pub(crate) fn load_boxed(elem: ClassRef, p: *mut u8) -> Result<*mut u8, Thrown> {
    if elem.elem_kind().map_err(load_err)? == ElemKind::Ref {
        // SAFETY: a reference element.
        return Ok(unsafe { *(p as *const *mut u8) });
    }
    object::box_value(elem, p)
}

/// Stores object `v` into element `i` of `arr` (unboxing into value arrays).
fn set_boxed(arr: *mut u8, i: usize, v: *mut u8, mismatch: &str) -> Result<(), Thrown> {
    let elem = obj_class(arr).elem.unwrap_or(rt().wk().object);
    let size = elem.value_size().map_err(load_err)?;
    store_unboxed(elem, elem_ptr(arr, i, size), v, || exception::throw_new("System", mismatch))
}

/// Stores object `v` into the `elem` location `p` (unboxing values; null
/// stores a zero value); `mismatch` raises the error for a wrong type.
pub(crate) fn store_unboxed(
    elem: ClassRef,
    p: *mut u8,
    v: *mut u8,
    mismatch: impl Fn() -> Thrown,
) -> Result<(), Thrown> {
    let size = elem.value_size().map_err(load_err)?;
    if elem.elem_kind().map_err(load_err)? == ElemKind::Ref {
        if !v.is_null() && !object::is_instance(v, elem) {
            return Err(mismatch());
        }
        // SAFETY: a reference element.
        unsafe { *(p as *mut *mut u8) = v };
        return Ok(());
    }
    if v.is_null() {
        // SAFETY: the element is `size` bytes.
        unsafe { std::ptr::write_bytes(p, 0, size) };
        return Ok(());
    }
    let src = object::unbox(v, elem, std::ptr::null_mut()).map_err(|_| {
        exception::take_pending();
        mismatch()
    })?;
    // SAFETY: `src` is a value of the element type.
    unsafe { std::ptr::copy(src, p, size) };
    Ok(())
}

fn array_copy(fp: *mut Slot) -> Result<(), Thrown> {
    let (src, si, dst, di, n) = (non_null(ao(fp, 0))?, ai(fp, 1), non_null(ao(fp, 2))?, ai(fp, 3), ai(fp, 4));
    let (sn, _) = array_info(src)?;
    let (dn, _) = array_info(dst)?;
    if si < 0 || di < 0 || n < 0 || si as usize + n as usize > sn || di as usize + n as usize > dn {
        return Err(exception::throw_msg(
            "System",
            "ArgumentException",
            "Destination array was not long enough. Check destIndex and length, and the array's lower bounds.",
        ));
    }
    let (se, de) = (obj_class(src).elem.unwrap(), obj_class(dst).elem.unwrap());
    let (sk, dk) = (se.elem_kind().map_err(load_err)?, de.elem_kind().map_err(load_err)?);
    let (si, di, n) = (si as usize, di as usize, n as usize);
    let same_bits = std::ptr::eq(se, de)
        || (se.is_valuetype()
            && de.is_valuetype()
            && sk == dk
            && !matches!(sk, ElemKind::Struct(_))
            && (se.is_enum() || de.is_enum()));
    if same_bits || (sk == ElemKind::Ref && dk == ElemKind::Ref && se.is_assignable_to(de)) {
        let size = sk.size();
        // SAFETY: ranges checked above; `copy` handles overlap.
        unsafe { std::ptr::copy(elem_ptr(src, si, size), elem_ptr(dst, di, size), n * size) };
        return Ok(());
    }
    if sk != ElemKind::Ref && dk != ElemKind::Ref {
        return Err(exception::throw_msg(
            "System",
            "ArrayTypeMismatchException",
            "Source array type cannot be assigned to destination array type.",
        ));
    }
    // Element by element with boxing/unboxing and casts, through a
    // temporary object[] (managed, so the collector sees the boxes).
    let tmp = object::new_array(rt().array_of(rt().wk().object, 0), n as i64)?;
    for k in 0..n {
        let b = get_boxed(src, si + k)?;
        // SAFETY: `tmp` is an object[] of `n` elements.
        unsafe { *(elem_ptr(tmp, k, 8) as *mut *mut u8) = b };
    }
    for k in 0..n {
        // SAFETY: as above.
        let v = unsafe { *(elem_ptr(tmp, k, 8) as *const *mut u8) };
        set_boxed(dst, di + k, v, "InvalidCastException")?;
    }
    Ok(())
}

fn array_clear(fp: *mut Slot) -> Result<(), Thrown> {
    let (arr, i, n) = (non_null(ao(fp, 0))?, ai(fp, 1), ai(fp, 2));
    let (len, size) = array_info(arr)?;
    if i < 0 || n < 0 || i as usize + n as usize > len {
        return Err(exception::throw_new("System", "IndexOutOfRangeException"));
    }
    // SAFETY: range checked against the array length.
    unsafe { std::ptr::write_bytes(elem_ptr(arr, i as usize, size), 0, n as usize * size) };
    Ok(())
}

fn array_get_value(fp: *mut Slot) -> Result<(), Thrown> {
    let (arr, i) = (non_null(ao(fp, 0))?, ai(fp, 1));
    let (len, _) = array_info(arr)?;
    if i < 0 || i as usize >= len {
        return Err(exception::throw_new("System", "IndexOutOfRangeException"));
    }
    ret_o(fp, get_boxed(arr, i as usize)?)
}

fn array_set_value(fp: *mut Slot) -> Result<(), Thrown> {
    let (arr, v, i) = (non_null(ao(fp, 0))?, ao(fp, 1), ai(fp, 2));
    let (len, _) = array_info(arr)?;
    if i < 0 || i as usize >= len {
        return Err(exception::throw_new("System", "IndexOutOfRangeException"));
    }
    set_boxed(arr, i as usize, v, "InvalidCastException")
}

fn array_create(fp: *mut Slot) -> Result<(), Thrown> {
    let elem = klass(fp, 0)?;
    let lengths = non_null(ao(fp, 1))?;
    let (n, _) = array_info(lengths)?;
    // SAFETY: `lengths` is an int[] of `n` elements.
    let dims: Vec<i64> = (0..n).map(|i| unsafe { *(elem_ptr(lengths, i, 4) as *const i32) } as i64).collect();
    let c = rt().array_of(elem, if n == 1 { 0 } else { n as u32 });
    ret_o(fp, object::new_md_array(c, &dims)?)
}

fn array_elem_klass(fp: *mut Slot) -> Result<(), Thrown> {
    let arr = non_null(ao(fp, 0))?;
    ret(fp, obj_class(arr).elem.map_or(0, |e| e as *const _ as Slot))
}

// ---- types ----------------------------------------------------------------

fn type_from_handle(fp: *mut Slot) -> Result<(), Thrown> {
    let p = a(fp, 0) as *const crate::types::Class;
    if p.is_null() {
        return ret(fp, 0);
    }
    // SAFETY: RuntimeTypeHandle values are class pointers made by ldtoken.
    ret_o(fp, object::type_object(unsafe { &*p })?)
}

fn simple_name(c: ClassRef) -> String {
    match c.kind {
        Kind::SzArray => format!("{}[]", simple_name(c.elem.unwrap())),
        Kind::Array(r) => format!("{}[{}]", simple_name(c.elem.unwrap()), ",".repeat(r as usize - 1)),
        Kind::Ptr => format!("{}*", simple_name(c.elem.unwrap())),
        Kind::ByRef => format!("{}&", simple_name(c.elem.unwrap())),
        _ => c.name.clone(),
    }
}

fn namespace_of(c: ClassRef) -> String {
    match (c.elem, c.enclosing) {
        (Some(e), _) => namespace_of(e),
        (None, Some(e)) => namespace_of(e),
        _ => c.namespace.clone(),
    }
}

/// `Type.FullName`: generic arguments assembly-qualified, as Mono prints them.
fn qualified_full_name(c: ClassRef) -> String {
    match c.kind {
        Kind::SzArray => return format!("{}[]", qualified_full_name(c.elem.unwrap())),
        Kind::Array(r) => return format!("{}[{}]", qualified_full_name(c.elem.unwrap()), ",".repeat(r as usize - 1)),
        _ => {}
    }
    let Some(def) = c.generic_def else { return c.full_name() };
    let args: Vec<String> = c
        .type_args
        .iter()
        .map(|t| {
            let asm = if t.is_corlib() {
                "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089".to_string()
            } else {
                format!("{}, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null", t.image.name)
            };
            format!("[{}, {asm}]", qualified_full_name(t))
        })
        .collect();
    format!("{}[{}]", def.full_name(), args.join(","))
}

fn rtype_name(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret_str(fp, &simple_name(c))
}

fn rtype_namespace(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let ns = namespace_of(c);
    ret_o(fp, if ns.is_empty() { std::ptr::null_mut() } else { object::new_string_from_str(&ns) })
}

fn rtype_full_name(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret_str(fp, &qualified_full_name(c))
}

fn rtype_to_string(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret_str(fp, &c.full_name())
}

fn rtype_base(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret_o(fp, type_obj(if c.is_interface() { None } else { c.parent() })?)
}

fn rtype_elem(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret_o(fp, type_obj(c.elem)?)
}

fn rtype_attributes(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let prim = c.is_corlib()
        && c.namespace == "System"
        && c.is_valuetype()
        && !c.is_enum()
        && matches!(
            c.name.as_str(),
            "Boolean"
                | "Char"
                | "SByte"
                | "Byte"
                | "Int16"
                | "UInt16"
                | "Int32"
                | "UInt32"
                | "Int64"
                | "UInt64"
                | "Single"
                | "Double"
                | "IntPtr"
                | "UIntPtr"
        );
    let bits = [
        c.is_valuetype(),
        c.is_interface(),
        c.is_array(),
        c.is_enum(),
        prim,
        c.generic_def.is_some(),
        c.is_generic_def(),
        c.is_abstract(),
        c.flags & 0x100 != 0,
        c.kind == Kind::Ptr,
        c.kind == Kind::ByRef,
        c.enclosing.is_some(),
    ];
    let v = bits.iter().enumerate().fold(0u64, |acc, (i, b)| acc | ((*b as u64) << i));
    ret(fp, v)
}

fn rtype_assignable(fp: *mut Slot) -> Result<(), Thrown> {
    let (to, from) = (klass(fp, 0)?, klass(fp, 1)?);
    ret(fp, from.is_assignable_to(to) as Slot)
}

pub(crate) fn new_type_array(types: &[ClassRef]) -> Result<*mut u8, Thrown> {
    let tc = rt().corlib_class("System", "Type").map_err(load_err)?;
    let arr = object::new_array(rt().array_of(tc, 0), types.len() as i64)?;
    for (i, t) in types.iter().enumerate() {
        let o = object::type_object(t)?;
        // SAFETY: `arr` has `types.len()` reference elements.
        unsafe { *(elem_ptr(arr, i, 8) as *mut *mut u8) = o };
    }
    Ok(arr)
}

fn rtype_generic_args(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let args: Vec<ClassRef> = if c.is_generic_def() {
        rt().placeholders(false, c.generic_param_count()).to_vec()
    } else {
        c.type_args.to_vec()
    };
    ret_o(fp, new_type_array(&args)?)
}

fn rtype_generic_def(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    match c.generic_def.or(c.is_generic_def().then_some(c)) {
        Some(d) => ret_o(fp, object::type_object(d)?),
        None => Err(exception::throw_msg(
            "System",
            "InvalidOperationException",
            "Operation is not valid due to the current state of the object.",
        )),
    }
}

fn rtype_rank(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    ret(fp, c.rank() as Slot)
}

fn rtype_make_array(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let rank = ai(fp, 1).max(0) as u32;
    ret_o(fp, object::type_object(rt().array_of(c, rank))?)
}

/// `ArgIterator.MakeTypedReference(object[] args, int at)`: a reference to
/// the argument whose type object is `args[at]` and value `args[at + 1]`
/// (see `object::make_arglist`).
fn arg_iterator_reference(fp: *mut Slot) -> Result<(), Thrown> {
    let list = non_null(ao(fp, 0))?;
    let at = ai(fp, 1);
    let (n, _) = array_info(list)?;
    if at < 0 || at as usize + 1 >= n {
        return Err(exception::throw_new("System", "InvalidOperationException"));
    }
    // SAFETY: `list` is an object[] of `n` elements and `at + 1 < n`.
    let (t, value_at) = unsafe {
        let data = list.add(ARRAY_DATA_OFFSET) as *mut *mut u8;
        (*data.add(at as usize), data.add(at as usize + 1))
    };
    let c = object::class_of_type_object(t).ok_or_else(nre)?;
    let address = if c.is_valuetype() {
        // SAFETY: a value type's argument is boxed; its value follows the header.
        unsafe { (*value_at).add(OBJECT_HEADER_SIZE) as Slot }
    } else {
        value_at as Slot
    };
    // SAFETY: a TypedReference result takes two slots: address, class.
    unsafe {
        *fp = address;
        *fp.add(1) = c.record() as Slot;
    }
    Ok(())
}

/// `TypedReference.ToObject`: the value a typed reference points to, boxed.
fn typed_reference_to_object(fp: *mut Slot) -> Result<(), Thrown> {
    let address = a(fp, 0) as *const u8;
    let c = klass(fp, 1)?;
    if address.is_null() {
        return Err(nre());
    }
    if c.is_valuetype() {
        ret_o(fp, object::box_value(c, address)?)
    } else {
        // SAFETY: a typed reference to a reference type points to a slot holding it.
        ret_o(fp, unsafe { *(address as *const *mut u8) })
    }
}

fn rtype_make_pointer(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let kind = if ai(fp, 1) != 0 { crate::types::class::Kind::ByRef } else { crate::types::class::Kind::Ptr };
    ret_o(fp, object::type_object(rt().ptr_of(c, kind))?)
}

fn rtype_make_generic(fp: *mut Slot) -> Result<(), Thrown> {
    let def = klass(fp, 0)?;
    let arr = non_null(ao(fp, 1))?;
    let (n, _) = array_info(arr)?;
    let mut args = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: a Type[] of `n` elements.
        let t = unsafe { *(elem_ptr(arr, i, 8) as *const *mut u8) };
        args.push(object::class_of_type_object(non_null(t)?).ok_or_else(nre)?);
    }
    if let Some(i) = violated_constraint(def, &args) {
        return Err(exception::throw_msg(
            "System",
            "ArgumentException",
            &format!(
                "GenericArguments[{i}], '{}', on '{}' violates the constraint of type '{}'.",
                args[i].full_name(),
                def.full_name(),
                generic_param_name(def, i)
            ),
        ));
    }
    let inst =
        rt().instantiate(def, &args).map_err(|e| exception::throw_msg("System", "ArgumentException", e.message()))?;
    ret_o(fp, object::type_object(inst)?)
}

fn generic_param_rows(def: ClassRef) -> Vec<(u32, cildec::tables::GenericParamRow)> {
    let tables = def.image.md().tables();
    let rows = tables.generic_params(Token::new(TableId::TypeDef, def.rid)).unwrap_or_default();
    rows.into_iter()
        .filter_map(|r| def.image.row::<cildec::tables::GenericParamRow>(r).ok().map(|row| (r, row)))
        .collect()
}

fn generic_param_name(def: ClassRef, i: usize) -> String {
    generic_param_rows(def).get(i).and_then(|(_, p)| def.image.str(p.name).ok()).unwrap_or("T").to_string()
}

/// The index of the first type argument that breaks a constraint of `def`'s
/// generic parameters (class, struct, new(), base class, interfaces).
fn violated_constraint(def: ClassRef, args: &[ClassRef]) -> Option<usize> {
    let tables = def.image.md().tables();
    let ctx = crate::types::resolve::GenericCtx { class_args: rt().arena.alloc_slice(args), method_args: &[] };
    for (i, (rid, p)) in generic_param_rows(def).into_iter().enumerate() {
        let arg = *args.get(i)?;
        let is_nullable = arg.generic_def.is_some_and(|d| std::ptr::eq(d, rt().wk().nullable));
        let has_default_ctor = arg.is_valuetype()
            || (!arg.is_abstract()
                && arg.info().is_ok_and(|info| {
                    info.methods
                        .iter()
                        .any(|m| m.is_ctor() && !m.is_static() && m.sig().is_ok_and(|s| s.params.is_empty()))
                }));
        let special_ok = (p.flags & 0x04 == 0 || arg.is_reference())
            && (p.flags & 0x08 == 0 || (arg.is_valuetype() && !is_nullable))
            && (p.flags & 0x10 == 0 || has_default_ctor);
        let constraints = tables.generic_param_constraints(cildec::Rid::new(rid)).unwrap_or_default();
        let types_ok = constraints.into_iter().all(|c| {
            def.image
                .row::<cildec::tables::GenericParamConstraintRow>(c)
                .ok()
                .and_then(|row| crate::types::resolve::type_token(def.image, row.constraint, &ctx).ok())
                .is_none_or(|t| arg.is_assignable_to(t))
        });
        if !(special_ok && types_ok) {
            return Some(i);
        }
    }
    None
}

/// Does class `c` carry a custom attribute whose type is `name`?
fn has_attribute(c: ClassRef, name: &str) -> bool {
    let c = c.generic_def.unwrap_or(c);
    if c.rid == 0 {
        return false;
    }
    let tables = c.image.md().tables();
    let Ok(rows) = tables.custom_attributes(Token::new(TableId::TypeDef, c.rid)) else { return false };
    let ctx = crate::types::resolve::GenericCtx::of_class(c);
    rows.into_iter().any(|r| {
        c.image
            .row::<cildec::tables::CustomAttributeRow>(r)
            .ok()
            .and_then(|row| crate::types::resolve::method_token(c.image, row.constructor, &ctx).ok())
            .is_some_and(|ctor| ctor.class.full_name() == name)
    })
}

fn rtype_has_attribute(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let name = string_to_rust(ao(fp, 1));
    ret(fp, has_attribute(c, &name) as Slot)
}

fn rtype_create(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    if c.is_valuetype() {
        let zero = vec![0u8; c.value_size().map_err(load_err)?.max(8)];
        return ret_o(fp, object::box_value(c, zero.as_ptr())?);
    }
    if c.is_abstract() || c.is_interface() || c.is_generic_def() {
        return Err(exception::throw_msg(
            "System",
            "MissingMethodException",
            &format!("Cannot create an abstract class '{}'.", c.full_name()),
        ));
    }
    let ctor = c
        .info()
        .map_err(load_err)?
        .methods
        .iter()
        .copied()
        .find(|m| m.is_ctor() && !m.is_static() && m.sig().is_ok_and(|s| s.params.is_empty()));
    let Some(ctor) = ctor else {
        return Err(exception::throw_msg(
            "System",
            "MissingMethodException",
            &format!("Default constructor not found for type {}", c.full_name()),
        ));
    };
    if c.cctor_state() != crate::types::class::CCTOR_DONE {
        object::run_cctor(c)?;
    }
    let o = object::alloc_object(c)?;
    exec::invoke(ctor, &[o as Slot])?;
    ret_o(fp, o)
}

// ---- enums ----------------------------------------------------------------

/// (name, value) of the literal fields of enum `c`, in declaration order.
fn enum_fields(c: ClassRef) -> Result<Vec<(&'static str, i64)>, Thrown> {
    let img = c.image;
    let tables = img.md().tables();
    let range = tables
        .field_range(cildec::Rid::new(c.rid))
        .map_err(|e| exception::throw_msg("System", "BadImageFormatException", &e.to_string()))?;
    let unsigned = matches!(c.elem_kind().map_err(load_err)?, ElemKind::U1 | ElemKind::U2 | ElemKind::U4);
    let mut out = Vec::new();
    for rid in range {
        let row: cildec::tables::FieldRow = img.row(rid).map_err(load_err)?;
        if row.flags & 0x50 != 0x50 {
            continue;
        }
        let Ok(Some(k)) = tables.constant_of(Token::new(TableId::Field, rid)) else { continue };
        let blob = img.blob(k.value).map_err(load_err)?;
        let mut raw = [0u8; 8];
        raw[..blob.len().min(8)].copy_from_slice(&blob[..blob.len().min(8)]);
        let bits = u64::from_le_bytes(raw);
        let v = match (blob.len(), unsigned) {
            (1, false) => bits as i8 as i64,
            (2, false) => bits as i16 as i64,
            (4, false) => bits as i32 as i64,
            _ => bits as i64,
        };
        out.push((img.str(row.name).map_err(load_err)?, v));
    }
    Ok(out)
}

fn enum_names(fp: *mut Slot) -> Result<(), Thrown> {
    let fields = enum_fields(klass(fp, 0)?)?;
    let arr = object::new_array(rt().array_of(rt().wk().string, 0), fields.len() as i64)?;
    for (i, (n, _)) in fields.iter().enumerate() {
        // SAFETY: a string[] of fields.len() elements.
        unsafe { *(elem_ptr(arr, i, 8) as *mut *mut u8) = object::new_string_from_str(n) };
    }
    ret_o(fp, arr)
}

fn enum_values(fp: *mut Slot) -> Result<(), Thrown> {
    let fields = enum_fields(klass(fp, 0)?)?;
    let arr = object::new_array(rt().array_of(rt().wk().int64, 0), fields.len() as i64)?;
    for (i, (_, v)) in fields.iter().enumerate() {
        // SAFETY: a long[] of fields.len() elements.
        unsafe { *(elem_ptr(arr, i, 8) as *mut i64) = *v };
    }
    ret_o(fp, arr)
}

fn enum_underlying_value(fp: *mut Slot) -> Result<(), Thrown> {
    let o = non_null(ao(fp, 0))?;
    let k = obj_class(o).elem_kind().map_err(load_err)?;
    let mem = Mem::of(k).ok_or_else(|| exception::throw_new("System", "ArgumentException"))?;
    // SAFETY: a boxed enum or primitive: the value follows the header.
    let v = unsafe { exec::load(mem, o.add(OBJECT_HEADER_SIZE)) };
    ret(fp, v)
}

fn enum_underlying_klass(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let f = c.layout().map_err(load_err)?.fields.first().map(|f| f.ty);
    ret(fp, f.map_or(0, |t| t as *const _ as Slot))
}

fn enum_box(fp: *mut Slot) -> Result<(), Thrown> {
    let c = klass(fp, 0)?;
    let v = a(fp, 1);
    ret_o(fp, object::box_value(c, &v as *const u64 as *const u8)?)
}

// ---- numbers --------------------------------------------------------------

/// Digits and exponent of finite `v` >= 0 such that v ~= 0.DIGITS * 10^exp.
fn digits(v: f64, precision: i32, shortest: impl Fn() -> String) -> (String, i32) {
    if v == 0.0 {
        return ("0".into(), 0);
    }
    let sci = if precision <= 0 { shortest() } else { format!("{:.*e}", (precision - 1) as usize, v) };
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits, exp.parse::<i32>().unwrap_or(0) + 1)
}

fn write_out_int(fp: *mut Slot, i: usize, v: i32) {
    // SAFETY: an `out int` argument points to a live int.
    unsafe { *(a(fp, i) as *mut i32) = v };
}

fn double_to_digits(fp: *mut Slot) -> Result<(), Thrown> {
    let v = af(fp, 0).abs();
    let (d, e) = digits(v, ai(fp, 1), || format!("{v:e}"));
    write_out_int(fp, 2, e);
    ret_str(fp, &d)
}

fn single_to_digits(fp: *mut Slot) -> Result<(), Thrown> {
    let v = (af(fp, 0) as f32).abs();
    let (d, e) = digits(v as f64, ai(fp, 1), || format!("{v:e}"));
    write_out_int(fp, 2, e);
    ret_str(fp, &d)
}

fn parse_double(fp: *mut Slot) -> Result<(), Thrown> {
    let s = string_to_rust(ao(fp, 0));
    let t = s.trim();
    let parsed = match t {
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ if t.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) && t.chars().any(|c| c.is_ascii_digit()) => {
            t.parse::<f64>().ok()
        }
        _ => None,
    };
    // SAFETY: an `out double` argument.
    unsafe { *(a(fp, 1) as *mut f64) = parsed.unwrap_or(0.0) };
    ret(fp, parsed.is_some() as Slot)
}

/// Math.Pow with .NET's special cases (Rust's powf follows C99, which
/// differs for NaN exponents with base 1 and for base -1 with infinities).
fn pow(x: f64, y: f64) -> f64 {
    if y.is_nan() || (x.is_nan() && y != 0.0) {
        return f64::NAN;
    }
    if x == -1.0 && y.is_infinite() {
        return f64::NAN;
    }
    x.powf(y)
}

// ---- console, environment, time, files --------------------------------------

fn console_write(fp: *mut Slot) -> Result<(), Thrown> {
    let s = ao(fp, 0);
    if !s.is_null() {
        write_stdout(&string_to_rust(s));
    }
    Ok(())
}

fn console_write_err(fp: *mut Slot) -> Result<(), Thrown> {
    let s = ao(fp, 0);
    if !s.is_null() {
        flush_stdout();
        let _ = std::io::stderr().write_all(string_to_rust(s).as_bytes());
    }
    Ok(())
}

fn console_read_line(fp: *mut Slot) -> Result<(), Thrown> {
    flush_stdout();
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) | Err(_) => ret(fp, 0),
        Ok(_) => {
            let l = line.strip_suffix('\n').unwrap_or(&line);
            ret_str(fp, l.strip_suffix('\r').unwrap_or(l))
        }
    }
}

fn environment_exit(fp: *mut Slot) -> Result<(), Thrown> {
    flush_stdout();
    crate::runtime::generator::report_if_asked();
    std::process::exit(ai(fp, 0))
}

fn command_line_args(fp: *mut Slot) -> Result<(), Thrown> {
    let args = rt().command_line.get().cloned().unwrap_or_default();
    let arr = object::new_array(rt().array_of(rt().wk().string, 0), args.len() as i64)?;
    for (i, s) in args.iter().enumerate() {
        // SAFETY: a string[] of args.len() elements.
        unsafe { *(elem_ptr(arr, i, 8) as *mut *mut u8) = object::new_string_from_str(s) };
    }
    ret_o(fp, arr)
}

fn get_env(fp: *mut Slot) -> Result<(), Thrown> {
    let name = string_to_rust(non_null(ao(fp, 0))?);
    match std::env::var(name) {
        Ok(v) => ret_str(fp, &v),
        Err(_) => ret(fp, 0),
    }
}

fn monotonic_ns() -> u64 {
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_nanos() as u64 + 1_000_000_000
}

fn now_ticks(fp: *mut Slot) -> Result<(), Thrown> {
    const UNIX_EPOCH_TICKS: u64 = 621_355_968_000_000_000;
    let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    ret(fp, UNIX_EPOCH_TICKS + (d.as_nanos() / 100) as u64)
}

fn file_read(fp: *mut Slot) -> Result<(), Thrown> {
    let p = string_to_rust(non_null(ao(fp, 0))?);
    match std::fs::read(&p) {
        Ok(b) => ret_str(fp, &String::from_utf8_lossy(&b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(exception::throw_msg("System.IO", "FileNotFoundException", &format!("Could not find file \"{p}\"")))
        }
        Err(e) => Err(exception::throw_msg("System.IO", "IOException", &e.to_string())),
    }
}

fn file_write(fp: *mut Slot) -> Result<(), Thrown> {
    let p = string_to_rust(non_null(ao(fp, 0))?);
    let text = string_to_rust(ao(fp, 1));
    std::fs::write(&p, text).map_err(|e| exception::throw_msg("System.IO", "IOException", &e.to_string()))
}

// ---- interlocked ------------------------------------------------------------

trait AtomicWord: Copy {
    fn cas(p: *mut u8, v: Slot, c: Slot) -> Slot;
    fn swap(p: *mut u8, v: Slot) -> Slot;
}

impl AtomicWord for i32 {
    fn cas(p: *mut u8, v: Slot, c: Slot) -> Slot {
        // SAFETY: `ref int` points to a live, aligned int.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicI32) };
        let r = a.compare_exchange(
            c as i32,
            v as i32,
            std::sync::atomic::Ordering::SeqCst,
            std::sync::atomic::Ordering::SeqCst,
        );
        r.unwrap_or_else(|x| x) as i64 as Slot
    }
    fn swap(p: *mut u8, v: Slot) -> Slot {
        // SAFETY: as in `cas`.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicI32) };
        a.swap(v as i32, std::sync::atomic::Ordering::SeqCst) as i64 as Slot
    }
}

impl AtomicWord for i64 {
    fn cas(p: *mut u8, v: Slot, c: Slot) -> Slot {
        // SAFETY: `ref long`/`ref object` points to a live, aligned word.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicU64) };
        let r = a.compare_exchange(c, v, std::sync::atomic::Ordering::SeqCst, std::sync::atomic::Ordering::SeqCst);
        r.unwrap_or_else(|x| x)
    }
    fn swap(p: *mut u8, v: Slot) -> Slot {
        // SAFETY: as in `cas`.
        let a = unsafe { &*(p as *const std::sync::atomic::AtomicU64) };
        a.swap(v, std::sync::atomic::Ordering::SeqCst)
    }
}

fn cas<T: AtomicWord>(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    ret(fp, T::cas(p, a(fp, 1), a(fp, 2)))
}

fn xchg<T: AtomicWord>(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))?;
    ret(fp, T::swap(p, a(fp, 1)))
}
