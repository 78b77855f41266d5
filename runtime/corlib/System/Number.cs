using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace System {
    // Number formatting and parsing, invariant culture, as Mono 6.8 prints.
    static class Number {
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern string DoubleToDigits(double v, int precision, out int exponent);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern string SingleToDigits(float v, int precision, out int exponent);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern bool ParseDouble(string s, out double result);

        static void ParseFormat(string format, out char kind, out int precision) {
            kind = 'G'; precision = -1;
            if (string.IsNullOrEmpty(format)) return;
            char c = format[0];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) { kind = '\0'; return; }
            if (format.Length > 1) {
                int p = 0;
                for (int i = 1; i < format.Length; i++) {
                    char d = format[i];
                    if (d < '0' || d > '9' || p > 99999999) { kind = '\0'; return; }
                    p = p * 10 + (d - '0');
                }
                precision = p;
            }
            kind = c;
        }

        static string Digits(ulong v) {
            if (v == 0) return "0";
            char[] buf = new char[20];
            int i = 20;
            while (v != 0) { buf[--i] = (char)('0' + (int)(v % 10)); v /= 10; }
            return new string(buf, i, 20 - i);
        }

        internal static string Int64ToString(long v) {
            if (v >= 0) return Digits((ulong)v);
            return "-" + Digits((ulong)(-(v + 1)) + 1);
        }
        internal static string UInt64ToString(ulong v) { return Digits(v); }

        // Formats an integer. `bits` is the width (8..64) for X; `neg`/`mag`
        // are the sign and magnitude.
        internal static string FormatInteger(bool neg, ulong mag, ulong raw, int bits, string format) {
            char kind; int prec;
            ParseFormat(format, out kind, out prec);
            if (kind == '\0') return FormatCustom(neg, Digits(mag), Digits(mag).Length, format);
            string digits = Digits(mag);
            string sign = neg ? "-" : "";
            switch (kind) {
                case 'G': case 'g':
                    if (prec > 0 && prec < digits.Length) return FormatFloatDigits(neg, digits, digits.Length, kind == 'G' ? "E" : "e", prec, false);
                    return sign + digits;
                case 'D': case 'd':
                    return sign + (prec > digits.Length ? new string('0', prec - digits.Length) + digits : digits);
                case 'X': case 'x': {
                    ulong u = bits == 64 ? raw : raw & ((1UL << bits) - 1);
                    string hex = kind == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
                    StringBuilder sb = new StringBuilder();
                    do { sb.Insert(0, hex[(int)(u & 15)]); u >>= 4; } while (u != 0);
                    while (sb.Length < prec) sb.Insert(0, '0');
                    return sb.ToString();
                }
                case 'N': case 'n': return sign + Group(digits) + Fraction("", prec < 0 ? 2 : prec);
                case 'F': case 'f': return sign + digits + Fraction("", prec < 0 ? 2 : prec);
                case 'E': case 'e': return FormatExp(neg, digits, digits.Length, prec < 0 ? 6 : prec, kind == 'E' ? 'E' : 'e', 3);
                case 'P': case 'p': return FormatFixed(neg, digits + "00", digits.Length + 2, prec < 0 ? 2 : prec, true) + " %";
                case 'C': case 'c': return (neg ? "-" : "") + "¤" + Group(digits) + Fraction("", prec < 0 ? 2 : prec);
                default: throw new FormatException("Format specifier was invalid.");
            }
        }

        static string Fraction(string digits, int n) {
            if (n <= 0) return "";
            return "." + (digits.Length >= n ? digits.Substring(0, n) : digits + new string('0', n - digits.Length));
        }

        static string Group(string intDigits) {
            if (intDigits.Length <= 3) return intDigits;
            StringBuilder sb = new StringBuilder();
            int first = intDigits.Length % 3;
            if (first == 0) first = 3;
            sb.Append(intDigits, 0, first);
            for (int i = first; i < intDigits.Length; i += 3) { sb.Append(','); sb.Append(intDigits, i, 3); }
            return sb.ToString();
        }

        // Rounds decimal digit string `d` (value 0.d * 10^exp) to `keep`
        // digits, half away from zero; returns the new digits and exponent.
        static string RoundDigits(string d, ref int exp, int keep) {
            if (keep < 0) return "";
            if (keep >= d.Length) return d;
            char[] a = d.Substring(0, keep).ToCharArray();
            if (d[keep] >= '5') {
                int i = keep - 1;
                while (i >= 0) {
                    if (a[i] == '9') { a[i] = '0'; i--; } else { a[i]++; break; }
                }
                if (i < 0) { exp++; return "1" + new string(a); }
            }
            return new string(a);
        }

        // Fixed notation with `decimals` fraction digits from digits/exp.
        static string FormatFixed(bool neg, string d, int exp, int decimals, bool group) {
            d = RoundDigits(d, ref exp, exp + decimals);
            string intPart, frac;
            if (exp <= 0) {
                intPart = "0";
                frac = new string('0', Math.Min(-exp, decimals)) + d;
            } else if (d.Length <= exp) {
                intPart = d + new string('0', exp - d.Length);
                frac = "";
            } else {
                intPart = d.Substring(0, exp);
                frac = d.Substring(exp);
            }
            if (intPart.Length > 1) intPart = intPart.TrimStart('0');
            if (intPart.Length == 0) intPart = "0";
            string s = (group ? Group(intPart) : intPart) + Fraction(frac, decimals);
            if (neg && !IsAllZero(s)) s = "-" + s;
            return s;
        }

        static bool IsAllZero(string s) {
            foreach (char c in s) if (c >= '1' && c <= '9') return false;
            return true;
        }

        static string FormatExp(bool neg, string d, int exp, int decimals, char e, int minExpDigits) {
            if (d == "0") exp = 1;
            d = RoundDigits(d, ref exp, decimals + 1);
            if (d.Length < decimals + 1) d = d + new string('0', decimals + 1 - d.Length);
            int x = d == "0" || IsAllZero(d) ? 0 : exp - 1;
            StringBuilder sb = new StringBuilder();
            if (neg) sb.Append('-');
            sb.Append(d[0]);
            if (decimals > 0) { sb.Append('.'); sb.Append(d, 1, decimals); }
            sb.Append(e);
            sb.Append(x < 0 ? '-' : '+');
            string xs = Digits((ulong)Math.Abs(x));
            if (xs.Length < minExpDigits) xs = new string('0', minExpDigits - xs.Length) + xs;
            sb.Append(xs);
            return sb.ToString();
        }

        // "G" style from significant digits (trailing zeros removed).
        static string FormatFloatDigits(bool neg, string d, int exp, string e, int precision, bool isFloat) {
            d = RoundDigits(d, ref exp, precision);
            d = d.TrimEnd('0');
            if (d.Length == 0) return "0";
            int x = exp - 1;
            StringBuilder sb = new StringBuilder();
            if (neg) sb.Append('-');
            if (x > -5 && x < precision) {
                if (exp <= 0) {
                    sb.Append("0.");
                    sb.Append('0', -exp);
                    sb.Append(d);
                } else if (d.Length <= exp) {
                    sb.Append(d);
                    sb.Append('0', exp - d.Length);
                } else {
                    sb.Append(d, 0, exp);
                    sb.Append('.');
                    sb.Append(d, exp, d.Length - exp);
                }
            } else {
                sb.Append(d[0]);
                if (d.Length > 1) { sb.Append('.'); sb.Append(d, 1, d.Length - 1); }
                sb.Append(e);
                sb.Append(x < 0 ? '-' : '+');
                string xs = Digits((ulong)Math.Abs(x));
                if (xs.Length < 2) xs = "0" + xs;
                sb.Append(xs);
            }
            return sb.ToString();
        }

        internal static string FormatDouble(double v, string format, bool isFloat) {
            if (double.IsNaN(v)) return "NaN";
            if (double.IsPositiveInfinity(v)) return "Infinity";
            if (double.IsNegativeInfinity(v)) return "-Infinity";
            char kind; int prec;
            ParseFormat(format, out kind, out prec);
            bool neg = v < 0 || (v == 0 && 1 / v < 0 && false);
            double a = Math.Abs(v);
            int defPrec = isFloat ? 7 : 15;
            int exp;
            string d;
            if (kind == '\0') {
                d = Digits15(a, isFloat, defPrec, out exp);
                return FormatCustom(neg, d, exp, format);
            }
            switch (kind) {
                case 'R': case 'r': {
                    string shortest = isFloat ? SingleToDigits((float)a, 0, out exp) : DoubleToDigits(a, 0, out exp);
                    int p = shortest.Length <= defPrec ? defPrec : (isFloat ? 9 : 17);
                    d = Digits15(a, isFloat, p, out exp);
                    return FormatFloatDigits(neg, d, exp, "E", p, isFloat);
                }
                case 'G': case 'g': {
                    int p = prec <= 0 ? defPrec : prec;
                    d = Digits15(a, isFloat, Math.Max(p, defPrec) > defPrec ? p : defPrec, out exp);
                    return FormatFloatDigits(neg, d, exp, kind == 'G' ? "E" : "e", p, isFloat);
                }
                case 'F': case 'f':
                    d = Digits15(a, isFloat, defPrec, out exp);
                    return FormatFixed(neg, d, exp, prec < 0 ? 2 : prec, false);
                case 'N': case 'n':
                    d = Digits15(a, isFloat, defPrec, out exp);
                    return FormatFixed(neg, d, exp, prec < 0 ? 2 : prec, true);
                case 'E': case 'e':
                    d = Digits15(a, isFloat, defPrec, out exp);
                    return FormatExp(neg, d, exp, prec < 0 ? 6 : prec, kind, 3);
                case 'P': case 'p':
                    d = Digits15(a, isFloat, defPrec, out exp);
                    return FormatFixed(neg, d, exp + 2, prec < 0 ? 2 : prec, true) + " %";
                case 'C': case 'c':
                    d = Digits15(a, isFloat, defPrec, out exp);
                    return (neg ? "-" : "") + "¤" + FormatFixed(false, d, exp, prec < 0 ? 2 : prec, true);
                default: throw new FormatException("Format specifier was invalid.");
            }
        }

        static string Digits15(double a, bool isFloat, int precision, out int exp) {
            return isFloat ? SingleToDigits((float)a, precision, out exp) : DoubleToDigits(a, precision, out exp);
        }

        // Custom numeric formats: 0 # . , % and literals ('..', "..", \x).
        internal static string FormatCustom(bool neg, string d, int exp, string format) {
            string[] sections = SplitSections(format);
            string f = sections[0];
            if (neg && sections.Length > 1 && sections[1].Length > 0) { f = sections[1]; neg = false; }
            int dot = -1, intZeros = 0, fracZeros = 0, fracHashes = 0, percent = 0;
            bool grouping = false, sawDigit = false;
            for (int i = 0; i < f.Length; i++) {
                char c = f[i];
                if (c == '\'' || c == '"') { int j = f.IndexOf(c, i + 1); i = j < 0 ? f.Length : j; continue; }
                if (c == '\\') { i++; continue; }
                if (c == '.' && dot < 0) dot = i;
                else if (c == '0') { if (dot < 0) intZeros++; else fracZeros++; sawDigit = true; }
                else if (c == '#') { if (dot >= 0) fracHashes++; sawDigit = true; }
                else if (c == ',' && dot < 0 && sawDigit) grouping = true;
                else if (c == '%') percent++;
            }
            exp += 2 * percent;
            int decimals = fracZeros + fracHashes;
            string fixedStr = FormatFixed(false, d, exp, decimals, false);
            string intPart = fixedStr, frac = "";
            int p = fixedStr.IndexOf('.');
            if (p >= 0) { intPart = fixedStr.Substring(0, p); frac = fixedStr.Substring(p + 1); }
            while (frac.Length > fracZeros && frac[frac.Length - 1] == '0') frac = frac.Substring(0, frac.Length - 1);
            if (intPart == "0") intPart = "";
            if (intPart.Length < intZeros) intPart = new string('0', intZeros - intPart.Length) + intPart;
            if (grouping) intPart = Group(intPart);
            StringBuilder sb = new StringBuilder();
            bool intDone = false;
            for (int i = 0; i < f.Length; i++) {
                char c = f[i];
                if (c == '\'' || c == '"') {
                    int j = f.IndexOf(c, i + 1);
                    if (j < 0) j = f.Length;
                    sb.Append(f, i + 1, j - i - 1);
                    i = j;
                } else if (c == '\\' && i + 1 < f.Length) {
                    sb.Append(f[++i]);
                } else if (c == '0' || c == '#' || c == ',') {
                    if (dot < 0 || i < dot) {
                        if (!intDone) { sb.Append(intPart); intDone = true; }
                    }
                } else if (c == '.') {
                    if (i == dot) {
                        if (!intDone) { sb.Append(intPart); intDone = true; }
                        if (frac.Length > 0) { sb.Append('.'); sb.Append(frac); }
                    } else sb.Append(c);
                } else {
                    sb.Append(c);
                }
            }
            string r = sb.ToString();
            if (neg && !IsAllZero(intPart + frac)) r = "-" + r;
            return r;
        }

        static string[] SplitSections(string f) {
            System.Collections.Generic.List<string> parts = new System.Collections.Generic.List<string>();
            int start = 0;
            for (int i = 0; i < f.Length; i++) {
                char c = f[i];
                if (c == '\'' || c == '"') { int j = f.IndexOf(c, i + 1); i = j < 0 ? f.Length : j; }
                else if (c == '\\') i++;
                else if (c == ';') { parts.Add(f.Substring(start, i - start)); start = i + 1; }
            }
            parts.Add(f.Substring(start));
            return parts.ToArray();
        }

        // ---- parsing ----
        internal static bool TryParseInteger(string s, NumberStyles style, long min, ulong max, out bool neg, out ulong mag, out bool overflow) {
            neg = false; mag = 0; overflow = false;
            if (s == null) return false;
            int i = 0, n = s.Length;
            if ((style & NumberStyles.AllowLeadingWhite) != 0) while (i < n && Char.IsWhiteSpace(s[i])) i++;
            if ((style & NumberStyles.AllowTrailingWhite) != 0) while (n > i && Char.IsWhiteSpace(s[n - 1])) n--;
            if (i >= n) return false;
            bool hex = (style & NumberStyles.AllowHexSpecifier) != 0;
            if (!hex && (style & NumberStyles.AllowLeadingSign) != 0) {
                if (s[i] == '-') { neg = true; i++; } else if (s[i] == '+') i++;
            }
            if (i >= n) return false;
            bool any = false;
            for (; i < n; i++) {
                char c = s[i];
                int dv;
                if (c >= '0' && c <= '9') dv = c - '0';
                else if (hex && c >= 'a' && c <= 'f') dv = c - 'a' + 10;
                else if (hex && c >= 'A' && c <= 'F') dv = c - 'A' + 10;
                else if (c == ',' && (style & NumberStyles.AllowThousands) != 0 && any) continue;
                else if (c == '.' && (style & NumberStyles.AllowDecimalPoint) != 0) {
                    for (i++; i < n; i++) if (s[i] != '0') return false;
                    break;
                }
                else return false;
                any = true;
                ulong b = hex ? 16UL : 10UL;
                if (mag > (ulong.MaxValue - (ulong)dv) / b) { overflow = true; mag = ulong.MaxValue; continue; }
                mag = mag * b + (ulong)dv;
            }
            if (!any) return false;
            if (hex) { if (mag > max) overflow = true; return true; }
            if (neg) { if (mag > (ulong)(-(min + 1)) + 1) overflow = true; }
            else if (mag > max) overflow = true;
            return true;
        }

        internal static long ParseSigned(string s, NumberStyles style, long min, long max, string typeName) {
            if (s == null) throw new ArgumentNullException("s");
            bool neg, ovf; ulong mag;
            if (!TryParseInteger(s, style, min, (ulong)max, out neg, out mag, out ovf)) throw new FormatException("Input string was not in a correct format.");
            if (ovf) throw new OverflowException("Value was either too large or too small for " + typeName + ".");
            if ((style & NumberStyles.AllowHexSpecifier) != 0) return (long)mag;
            return neg ? (long)(0 - mag) : (long)mag;
        }

        internal static ulong ParseUnsigned(string s, NumberStyles style, ulong max, string typeName) {
            if (s == null) throw new ArgumentNullException("s");
            bool neg, ovf; ulong mag;
            if (!TryParseInteger(s, style, 0, max, out neg, out mag, out ovf)) throw new FormatException("Input string was not in a correct format.");
            if (ovf || (neg && mag != 0)) throw new OverflowException("Value was either too large or too small for " + typeName + ".");
            return mag;
        }

        internal static bool TryParseSigned(string s, NumberStyles style, long min, long max, out long result) {
            bool neg, ovf; ulong mag;
            result = 0;
            if (!TryParseInteger(s, style, min, (ulong)max, out neg, out mag, out ovf) || ovf) return false;
            result = (style & NumberStyles.AllowHexSpecifier) != 0 ? (long)mag : neg ? (long)(0 - mag) : (long)mag;
            return true;
        }

        internal static bool TryParseUnsigned(string s, NumberStyles style, ulong max, out ulong result) {
            bool neg, ovf; ulong mag;
            result = 0;
            if (!TryParseInteger(s, style, 0, max, out neg, out mag, out ovf) || ovf || (neg && mag != 0)) return false;
            result = mag;
            return true;
        }

        internal static double ParseDoubleOrThrow(string s) {
            if (s == null) throw new ArgumentNullException("s");
            double d;
            if (!ParseDouble(s.Replace(",", ""), out d)) throw new FormatException("Input string was not in a correct format.");
            return d;
        }
    }
}

namespace System.Globalization {
    [Flags]
    public enum NumberStyles {
        None = 0, AllowLeadingWhite = 1, AllowTrailingWhite = 2, AllowLeadingSign = 4, AllowTrailingSign = 8,
        AllowParentheses = 16, AllowDecimalPoint = 32, AllowThousands = 64, AllowExponent = 128, AllowCurrencySymbol = 256,
        AllowHexSpecifier = 512, Integer = 7, HexNumber = 515, Number = 111, Float = 167, Currency = 383, Any = 511
    }

    public class CultureInfo : IFormatProvider {
        static readonly CultureInfo invariant = new CultureInfo("");
        string name;
        public CultureInfo(string name) { this.name = name; }
        public static CultureInfo InvariantCulture { get { return invariant; } }
        public static CultureInfo CurrentCulture { get { return invariant; } }
        public static CultureInfo CurrentUICulture { get { return invariant; } }
        public string Name { get { return name; } }
        public virtual NumberFormatInfo NumberFormat { get { return NumberFormatInfo.InvariantInfo; } }
        public virtual object GetFormat(Type formatType) { return formatType == typeof(NumberFormatInfo) ? NumberFormat : null; }
        public override string ToString() { return name; }
    }

    public sealed class NumberFormatInfo : IFormatProvider {
        static readonly NumberFormatInfo invariant = new NumberFormatInfo();
        public static NumberFormatInfo InvariantInfo { get { return invariant; } }
        public static NumberFormatInfo CurrentInfo { get { return invariant; } }
        public string NumberDecimalSeparator { get { return "."; } }
        public string NumberGroupSeparator { get { return ","; } }
        public string NegativeSign { get { return "-"; } }
        public string PositiveSign { get { return "+"; } }
        public object GetFormat(Type formatType) { return formatType == typeof(NumberFormatInfo) ? this : null; }
    }
}
