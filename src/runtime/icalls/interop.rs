//! Internal calls of Marshal.

use crate::abi::layout::Slot;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] =
    &[("System.Runtime.InteropServices.Marshal::GetFunctionPointerForDelegateInternal", |fp| {
        ret(fp, crate::runtime::pinvoke::delegate_to_native(ao(fp, 0))? as Slot)
    })];
