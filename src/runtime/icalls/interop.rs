//! Internal calls of Marshal and Mono's string marshalling helpers.

use crate::abi::layout::Slot;
use crate::runtime::object;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
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
    ("Mono.SafeStringMarshal::GFree", |fp| {
        // SAFETY: the pointer came from StringToUtf8 (malloc) or is null.
        unsafe { libc::free(a(fp, 0) as *mut libc::c_void) };
        Ok(())
    }),
];
