//! Internal calls of Exception: stack traces.

use crate::runtime::exception::{self};
use crate::runtime::object::{self};

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[("System.Exception::FormatTrace", |fp| {
    let s = exception::format_trace(non_null(ao(fp, 0))?);
    ret_o(fp, if s.is_empty() { std::ptr::null_mut() } else { object::new_string_from_str(&s) })
})];
