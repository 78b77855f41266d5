//! Internal calls of System.Text: the process's code page.

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[("System.Text.EncodingHelper::InternalCodePage", internal_code_page)];

/// UTF-8, Mono's code number 3 with its "UTF-8" flag: the runtime treats
/// text as UTF-8 whatever the locale says (what mono does under C.UTF-8).
fn internal_code_page(fp: *mut Slot) -> Result<(), Thrown> {
    let p = non_null(ao(fp, 0))? as *mut i32;
    // SAFETY: the argument is a `ref int`.
    unsafe { *p = 3 | 0x1000_0000 };
    ret_o(fp, std::ptr::null_mut())
}
