//! Internal calls of Exception and StackTrace: stack traces.

use crate::abi::layout::Slot;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::{object, rt};

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[("System.Diagnostics.StackTrace::get_trace", get_trace)];

/// Mono's `StackTrace.get_trace(exception, skip, needFileInfo)`: a
/// StackFrame per recorded frame. Frames carry the runtime's formatted
/// line as their internal method name, which StackTrace prints as is
/// after "  at " (the text is already Mono's).
fn get_trace(fp: *mut Slot) -> Result<(), Thrown> {
    let exc = non_null(ao(fp, 0))?;
    let skip = ai(fp, 1).max(0) as usize;
    let lines: Vec<String> = exception::trace_lines(exc).into_iter().skip(skip).collect();
    let frame_class = rt().corlib_class("System.Diagnostics", "StackFrame").map_err(load_err)?;
    let arr = object::new_array(rt().array_of(frame_class, 0), lines.len() as i64)?;
    for (i, line) in lines.iter().enumerate() {
        let frame = object::alloc_object(frame_class)?;
        let text = line.trim_start().strip_prefix("at ").unwrap_or(line).trim_end();
        set_field(frame, "ilOffset", -1i32)?;
        set_field(frame, "nativeOffset", -1i32)?;
        set_field(frame, "internalMethodName", object::new_string_from_str(text))?;
        // SAFETY: `arr` is a StackFrame[] of lines.len() elements.
        unsafe { *(elem_ptr(arr, i, 8) as *mut *mut u8) = frame };
    }
    ret_o(fp, arr)
}
