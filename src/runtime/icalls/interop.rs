//! Internal calls of Marshal and Mono's string marshalling helpers.

use crate::abi::layout::Slot;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Runtime.InteropServices.Marshal::GetLastWin32Error", |fp| {
        ret(fp, crate::runtime::embedding::last_error() as Slot)
    }),
    ("System.Runtime.InteropServices.Marshal::GetFunctionPointerForDelegateInternal", |fp| {
        ret(fp, crate::runtime::pinvoke::delegate_to_native(ao(fp, 0))? as Slot)
    }),
    // A C copy of a string, owned by the managed SafeStringMarshal that
    // asked for it and freed by its GFree.
    ("Mono.SafeStringMarshal::StringToUtf8", |fp| {
        let s = object::string_to_rust(non_null(ao(fp, 0))?);
        let c = std::ffi::CString::new(s.replace('\0', "")).unwrap_or_default();
        // SAFETY: strdup copies the NUL-terminated text into malloc'd memory.
        ret(fp, unsafe { libc::strdup(c.as_ptr()) } as Slot)
    }),
    ("System.Runtime.InteropServices.Marshal::copy_from_unmanaged_fixed", |fp| {
        let (src, start, arr, n) = (a(fp, 0) as *const u8, ai(fp, 1), ao(fp, 2), ai(fp, 3));
        let dst = array_range(arr, start, n)?;
        // SAFETY: `dst` holds the `n` elements checked by array_range; the
        // caller vouches for `src` (Marshal.Copy's contract).
        unsafe { std::ptr::copy(src, dst.0, dst.1) };
        Ok(())
    }),
    ("System.Runtime.InteropServices.Marshal::copy_to_unmanaged_fixed", |fp| {
        let (arr, start, dst, n) = (ao(fp, 0), ai(fp, 1), a(fp, 2) as *mut u8, ai(fp, 3));
        let src = array_range(arr, start, n)?;
        // SAFETY: as in copy_from_unmanaged_fixed, the other way.
        unsafe { std::ptr::copy(src.0, dst, src.1) };
        Ok(())
    }),
    ("Mono.SafeStringMarshal::GFree", |fp| {
        // SAFETY: the pointer came from StringToUtf8 (malloc) or is null.
        unsafe { libc::free(a(fp, 0) as *mut libc::c_void) };
        Ok(())
    }),
];

/// The address and byte size of elements `[start, start + n)` of `arr`,
/// or ArgumentOutOfRangeException.
fn array_range(arr: *mut u8, start: i32, n: i32) -> Result<(*mut u8, usize), Thrown> {
    let (len, size) = array_info(non_null(arr)?)?;
    if start < 0 || n < 0 || start as usize + n as usize > len {
        return Err(exception::throw_new("System", "ArgumentOutOfRangeException"));
    }
    Ok((elem_ptr(arr, start as usize, size), n as usize * size))
}
