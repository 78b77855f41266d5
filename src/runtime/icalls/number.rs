//! Internal calls of Number: digits of floating-point values and parsing
//! (ours), and the C formatting Mono's Number class asks of its native
//! library (`Interop.Sys.DoubleToString`).

use crate::abi::layout::Slot;
use crate::runtime::exception::Thrown;
use crate::runtime::object::string_to_rust;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Number::DoubleToDigits", double_to_digits),
    ("System.Number::SingleToDigits", single_to_digits),
    ("System.Number::ParseDouble", parse_double),
    ("Interop/Sys::DoubleToString", double_to_string),
];

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
