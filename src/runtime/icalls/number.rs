//! Internal calls of Number: digits of floating-point values and parsing
//! (ours), and the C formatting Mono's Number class asks of its native
//! library (`Interop.Sys.DoubleToString`).

use crate::abi::layout::Slot;
use crate::runtime::exception::Thrown;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[("Interop/Sys::DoubleToString", double_to_string)];

/// `DoubleToString(double, byte* format, byte* buffer, int length)`:
/// snprintf with a printf format of one double (Mono's round-trip "%.17g").
fn double_to_string(fp: *mut Slot) -> Result<(), Thrown> {
    let (format, buffer, len) = (a(fp, 1) as *const libc::c_char, a(fp, 2) as *mut libc::c_char, ai(fp, 3));
    if format.is_null() || buffer.is_null() || len <= 0 {
        return ret(fp, -1i64 as Slot);
    }
    // SAFETY: the caller passes a NUL-terminated format taking one double
    // and a buffer of `len` bytes.
    let n = unsafe { libc::snprintf(buffer, len as usize, format, af(fp, 0)) };
    ret(fp, n as i64 as Slot)
}
