//! Internal calls of String and Buffer.

use crate::abi::layout::{Slot, ARRAY_DATA_OFFSET};
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object::{self, obj_class};
use crate::types::class::ElemKind;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Buffer::InternalMemcpy", |fp| memmove(a(fp, 0), a(fp, 1), ai(fp, 2).max(0) as usize)),
    ("System.Buffer::_ByteLength", |fp| {
        let arr = non_null(ao(fp, 0))?;
        let c = obj_class(arr);
        let primitive = c.elem.is_some_and(|e| {
            e.is_valuetype() && !e.is_enum() && !matches!(e.elem_kind(), Ok(ElemKind::Struct(_)) | Err(_))
        });
        if !primitive {
            return ret(fp, -1i64 as Slot);
        }
        let (n, size) = array_info(arr)?;
        ret(fp, (n * size) as Slot)
    }),
    ("System.Buffer::InternalBlockCopy", block_copy),
    ("System.Runtime.RuntimeImports::Memmove", |fp| memmove(a(fp, 0), a(fp, 1), a(fp, 2) as u32 as usize)),
    ("System.Runtime.RuntimeImports::Memmove_wbarrier", |fp| {
        let ty = a(fp, 3) as *const crate::types::Class;
        if ty.is_null() {
            return Err(nre());
        }
        // SAFETY: the type handle is a class pointer (RuntimeTypeHandle.Value).
        let size = unsafe { &*ty }.value_size().map_err(load_err)?;
        memmove(a(fp, 0), a(fp, 1), a(fp, 2) as u32 as usize * size)
    }),
    ("System.Runtime.RuntimeImports::ZeroMemory", |fp| {
        // SAFETY: the corlib passes a block of at least `len` writable bytes.
        unsafe { std::ptr::write_bytes(a(fp, 0) as *mut u8, 0, a(fp, 1) as u32 as usize) };
        Ok(())
    }),
    ("System.String::FastAllocateString", string_alloc),
    ("System.String::InternalIntern", string_intern),
    ("System.String::InternalIsInterned", string_is_interned),
];

fn string_alloc(fp: *mut Slot) -> Result<(), Thrown> {
    let n = ai(fp, 0);
    if n < 0 {
        return Err(exception::throw_new("System", "OverflowException"));
    }
    ret_o(fp, object::new_string(n as usize)?)
}

fn string_intern(fp: *mut Slot) -> Result<(), Thrown> {
    ret_o(fp, object::intern(non_null(ao(fp, 0))?))
}

fn string_is_interned(fp: *mut Slot) -> Result<(), Thrown> {
    ret_o(fp, object::is_interned(non_null(ao(fp, 0))?))
}

/// Copies `len` bytes between blocks the corlib owns (they may overlap).
fn memmove(dst: Slot, src: Slot, len: usize) -> Result<(), Thrown> {
    // SAFETY: the corlib passes blocks of at least `len` bytes; objects
    // never move, so no barrier is needed for the references among them.
    unsafe { std::ptr::copy(src as *const u8, dst as *mut u8, len) };
    Ok(())
}

/// `Buffer.BlockCopy` on primitive arrays, by bytes; false for bad ranges.
fn block_copy(fp: *mut Slot) -> Result<(), Thrown> {
    let (src, so, dst, doff, n) = (non_null(ao(fp, 0))?, ai(fp, 1), non_null(ao(fp, 2))?, ai(fp, 3), ai(fp, 4));
    let bytes = |arr| array_info(arr).map(|(n, s)| n * s);
    let (sb, db) = (bytes(src)?, bytes(dst)?);
    if so < 0 || doff < 0 || n < 0 || so as usize + n as usize > sb || doff as usize + n as usize > db {
        return ret(fp, 0);
    }
    // SAFETY: both ranges are inside their arrays' data.
    unsafe {
        std::ptr::copy(src.add(ARRAY_DATA_OFFSET + so as usize), dst.add(ARRAY_DATA_OFFSET + doff as usize), n as usize)
    };
    ret(fp, 1)
}
