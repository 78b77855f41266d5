//! Internal calls of Math.

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
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
    // Mono's further ones (float32 arrives widened, and is returned so).
    ("System.Math::Abs(double)", |fp| ret_f(fp, af(fp, 0).abs())),
    ("System.Math::Abs(single)", |fp| ret_f(fp, af(fp, 0).abs())),
    ("System.Math::Acosh", |fp| ret_f(fp, af(fp, 0).acosh())),
    ("System.Math::Asinh", |fp| ret_f(fp, af(fp, 0).asinh())),
    ("System.Math::Atanh", |fp| ret_f(fp, af(fp, 0).atanh())),
    ("System.Math::Cbrt", |fp| ret_f(fp, af(fp, 0).cbrt())),
    ("System.Math::FMod", |fp| ret_f(fp, af(fp, 0) % af(fp, 1))),
    ("System.Math::ModF", |fp| {
        let x = af(fp, 0);
        let int = x.trunc();
        // SAFETY: the second argument points to the caller's double.
        unsafe { *(a(fp, 1) as *mut f64) = int };
        ret_f(fp, if x.is_infinite() { 0f64.copysign(x) } else { x - int })
    }),
];

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
