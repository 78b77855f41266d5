using System.Globalization;
using System.Runtime.CompilerServices;

namespace System {
    public enum TypeCode {
        Empty = 0, Object = 1, DBNull = 2, Boolean = 3, Char = 4, SByte = 5, Byte = 6, Int16 = 7, UInt16 = 8, Int32 = 9,
        UInt32 = 10, Int64 = 11, UInt64 = 12, Single = 13, Double = 14, Decimal = 15, DateTime = 16, String = 18
    }

    [Serializable]
    public struct Boolean : IComparable, IComparable<bool>, IEquatable<bool>, IConvertible {
        internal bool m_value;
        public static readonly string TrueString = "True";
        public static readonly string FalseString = "False";
        public override string ToString() { return m_value ? "True" : "False"; }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public override bool Equals(object obj) { return obj is bool && (bool)obj == m_value; }
        public bool Equals(bool obj) { return m_value == obj; }
        public override int GetHashCode() { return m_value ? 1 : 0; }
        public int CompareTo(bool value) { return m_value == value ? 0 : m_value ? 1 : -1; }
        public int CompareTo(object obj) {
            if (obj == null) return 1;
            if (!(obj is bool)) throw new ArgumentException("Object must be of type Boolean.");
            return CompareTo((bool)obj);
        }
        public static bool Parse(string value) {
            bool r;
            if (value == null) throw new ArgumentNullException("value");
            if (!TryParse(value, out r)) throw new FormatException("String was not recognized as a valid Boolean.");
            return r;
        }
        public static bool TryParse(string value, out bool result) {
            result = false;
            if (value == null) return false;
            string t = value.Trim();
            if (string.Compare(t, "True", StringComparison.OrdinalIgnoreCase) == 0) { result = true; return true; }
            return string.Compare(t, "False", StringComparison.OrdinalIgnoreCase) == 0;
        }
        public TypeCode GetTypeCode() { return TypeCode.Boolean; }
    }

    [Serializable]
    public struct Char : IComparable, IComparable<char>, IEquatable<char>, IConvertible {
        internal char m_value;
        public const char MaxValue = (char)0xFFFF;
        public const char MinValue = (char)0;
        public override unsafe string ToString() { return ToString(m_value); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public static string ToString(char c) { return new string(c, 1); }
        public override bool Equals(object obj) { return obj is char && (char)obj == m_value; }
        public bool Equals(char obj) { return m_value == obj; }
        public override int GetHashCode() { return (int)m_value | ((int)m_value << 16); }
        public int CompareTo(char value) { return m_value - value; }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is char)) throw new ArgumentException("Object must be of type Char.");
            return m_value - (char)value;
        }
        public static char Parse(string s) {
            if (s == null) throw new ArgumentNullException("s");
            if (s.Length != 1) throw new FormatException("String must be exactly one character long.");
            return s[0];
        }
        public static bool TryParse(string s, out char result) {
            result = '\0';
            if (s == null || s.Length != 1) return false;
            result = s[0];
            return true;
        }
        static bool Latin1Letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\u00aa' || c == '\u00b5' || c == '\u00ba' || (c >= '\u00c0' && c <= '\u00ff' && c != '\u00d7' && c != '\u00f7'); }
        public static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
        public static bool IsDigit(string s, int index) { return IsDigit(s[index]); }
        public static bool IsNumber(char c) { return IsDigit(c) || c == '\u00b2' || c == '\u00b3' || c == '\u00b9' || (c >= '\u00bc' && c <= '\u00be'); }
        public static bool IsLetter(char c) { return c < 256 ? Latin1Letter(c) : c > 0x2000; }
        public static bool IsLetter(string s, int index) { return IsLetter(s[index]); }
        public static bool IsLetterOrDigit(char c) { return IsLetter(c) || IsDigit(c); }
        public static bool IsLetterOrDigit(string s, int index) { return IsLetterOrDigit(s[index]); }
        public static bool IsUpper(char c) { return (c >= 'A' && c <= 'Z') || (c >= '\u00c0' && c <= '\u00de' && c != '\u00d7'); }
        public static bool IsUpper(string s, int index) { return IsUpper(s[index]); }
        public static bool IsLower(char c) { return (c >= 'a' && c <= 'z') || (c >= '\u00df' && c <= '\u00ff' && c != '\u00f7') || c == '\u00b5' || c == '\u00aa' || c == '\u00ba'; }
        public static bool IsLower(string s, int index) { return IsLower(s[index]); }
        public static bool IsWhiteSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u00a0' || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\u3000' || (c >= '\u2000' && c <= '\u200a'); }
        public static bool IsWhiteSpace(string s, int index) { return IsWhiteSpace(s[index]); }
        public static bool IsControl(char c) { return c < 0x20 || (c >= 0x7f && c < 0xa0); }
        public static bool IsControl(string s, int index) { return IsControl(s[index]); }
        public static bool IsPunctuation(char c) {
            return (c >= '!' && c <= '#') || (c >= '%' && c <= '*') || (c >= ',' && c <= '/') || c == ':' || c == ';' || c == '?' || c == '@'
                || (c >= '[' && c <= ']') || c == '_' || c == '{' || c == '}' || c == '\u00a1' || c == '\u00a7' || c == '\u00ab' || c == '\u00b6' || c == '\u00b7' || c == '\u00bb' || c == '\u00bf';
        }
        public static bool IsPunctuation(string s, int index) { return IsPunctuation(s[index]); }
        public static bool IsSymbol(char c) { return c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '`' || c == '|' || c == '~' || (c >= '\u00a2' && c <= '\u00a9' && c != '\u00a7') || c == '\u00ac' || (c >= '\u00ae' && c <= '\u00b1') || c == '\u00b4' || c == '\u00b8' || c == '\u00d7' || c == '\u00f7'; }
        public static bool IsSeparator(char c) { return c == ' ' || c == '\u00a0' || c == '\u2028' || c == '\u2029' || c == '\u3000' || (c >= '\u2000' && c <= '\u200a'); }
        public static bool IsSurrogate(char c) { return c >= '\ud800' && c <= '\udfff'; }
        public static bool IsHighSurrogate(char c) { return c >= '\ud800' && c <= '\udbff'; }
        public static bool IsLowSurrogate(char c) { return c >= '\udc00' && c <= '\udfff'; }
        public static char ToUpper(char c) { return ToUpperInvariant(c); }
        public static char ToUpper(char c, CultureInfo culture) { return ToUpperInvariant(c); }
        public static char ToLower(char c) { return ToLowerInvariant(c); }
        public static char ToLower(char c, CultureInfo culture) { return ToLowerInvariant(c); }
        public static char ToUpperInvariant(char c) {
            if (c >= 'a' && c <= 'z') return (char)(c - 32);
            if (c >= '\u00e0' && c <= '\u00fe' && c != '\u00f7') return (char)(c - 32);
            if (c == '\u00ff') return '\u0178';
            if (c == '\u00b5') return '\u039c';
            return c;
        }
        public static char ToLowerInvariant(char c) {
            if (c >= 'A' && c <= 'Z') return (char)(c + 32);
            if (c >= '\u00c0' && c <= '\u00de' && c != '\u00d7') return (char)(c + 32);
            return c;
        }
        public static double GetNumericValue(char c) { return IsDigit(c) ? c - '0' : -1; }
        public static bool IsSurrogatePair(char high, char low) { return IsHighSurrogate(high) && IsLowSurrogate(low); }
        public TypeCode GetTypeCode() { return TypeCode.Char; }
    }

    [Serializable]
    public struct Double : IComparable, IComparable<double>, IEquatable<double>, IFormattable, IConvertible {
        internal double m_value;
        public const double MinValue = -1.7976931348623157E+308;
        public const double MaxValue = 1.7976931348623157E+308;
        public const double Epsilon = 4.9406564584124654E-324;
        public const double NegativeInfinity = -1.0 / 0.0;
        public const double PositiveInfinity = 1.0 / 0.0;
        public const double NaN = 0.0 / 0.0;
        public static bool IsNaN(double d) { return d != d; }
        public static bool IsInfinity(double d) { return d == PositiveInfinity || d == NegativeInfinity; }
        public static bool IsPositiveInfinity(double d) { return d == PositiveInfinity; }
        public static bool IsNegativeInfinity(double d) { return d == NegativeInfinity; }
        public override bool Equals(object obj) { return obj is double && Equals((double)obj); }
        public bool Equals(double obj) { return m_value == obj || (IsNaN(m_value) && IsNaN(obj)); }
        public override unsafe int GetHashCode() {
            double d = m_value;
            if (d == 0) return 0;
            long bits = *(long*)&d;
            return (int)bits ^ (int)(bits >> 32);
        }
        public int CompareTo(double value) {
            if (m_value < value) return -1;
            if (m_value > value) return 1;
            if (m_value == value) return 0;
            return IsNaN(m_value) ? (IsNaN(value) ? 0 : -1) : 1;
        }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is double)) throw new ArgumentException("Object must be of type Double.");
            return CompareTo((double)value);
        }
        public override string ToString() { return Number.FormatDouble(m_value, null, false); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return Number.FormatDouble(m_value, format, false); }
        public string ToString(string format, IFormatProvider provider) { return ToString(format); }
        public static double Parse(string s) { return Number.ParseDoubleOrThrow(s); }
        public static double Parse(string s, IFormatProvider provider) { return Number.ParseDoubleOrThrow(s); }
        public static double Parse(string s, NumberStyles style) { return Number.ParseDoubleOrThrow(s); }
        public static double Parse(string s, NumberStyles style, IFormatProvider provider) { return Number.ParseDoubleOrThrow(s); }
        public static bool TryParse(string s, out double result) {
            result = 0;
            return s != null && Number.ParseDouble(s, out result);
        }
        public static bool TryParse(string s, NumberStyles style, IFormatProvider provider, out double result) { return TryParse(s, out result); }
        public TypeCode GetTypeCode() { return TypeCode.Double; }
        public static bool operator ==(double left, double right) { return left == right; }
        public static bool operator !=(double left, double right) { return left != right; }
        public static bool operator <(double left, double right) { return left < right; }
        public static bool operator >(double left, double right) { return left > right; }
        public static bool operator <=(double left, double right) { return left <= right; }
        public static bool operator >=(double left, double right) { return left >= right; }
    }

    [Serializable]
    public struct Single : IComparable, IComparable<float>, IEquatable<float>, IFormattable, IConvertible {
        internal float m_value;
        public const float MinValue = -3.40282347E+38f;
        public const float MaxValue = 3.40282347E+38f;
        public const float Epsilon = 1.401298E-45f;
        public const float NegativeInfinity = -1.0f / 0.0f;
        public const float PositiveInfinity = 1.0f / 0.0f;
        public const float NaN = 0.0f / 0.0f;
        public static bool IsNaN(float f) { return f != f; }
        public static bool IsInfinity(float f) { return f == PositiveInfinity || f == NegativeInfinity; }
        public static bool IsPositiveInfinity(float f) { return f == PositiveInfinity; }
        public static bool IsNegativeInfinity(float f) { return f == NegativeInfinity; }
        public override bool Equals(object obj) { return obj is float && Equals((float)obj); }
        public bool Equals(float obj) { return m_value == obj || (IsNaN(m_value) && IsNaN(obj)); }
        public override unsafe int GetHashCode() { float f = m_value; if (f == 0) return 0; return *(int*)&f; }
        public int CompareTo(float value) {
            if (m_value < value) return -1;
            if (m_value > value) return 1;
            if (m_value == value) return 0;
            return IsNaN(m_value) ? (IsNaN(value) ? 0 : -1) : 1;
        }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is float)) throw new ArgumentException("Object must be of type Single.");
            return CompareTo((float)value);
        }
        public override string ToString() { return Number.FormatDouble(m_value, null, true); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return Number.FormatDouble(m_value, format, true); }
        public string ToString(string format, IFormatProvider provider) { return ToString(format); }
        public static float Parse(string s) { return (float)Number.ParseDoubleOrThrow(s); }
        public static float Parse(string s, IFormatProvider provider) { return (float)Number.ParseDoubleOrThrow(s); }
        public static bool TryParse(string s, out float result) {
            double d = 0; bool ok = s != null && Number.ParseDouble(s, out d);
            result = ok ? (float)d : 0;
            return ok;
        }
        public TypeCode GetTypeCode() { return TypeCode.Single; }
    }

    [Serializable]
    public unsafe struct IntPtr {
        void* m_value;
        public static readonly IntPtr Zero;
        public IntPtr(int value) { m_value = (void*)value; }
        public IntPtr(long value) { m_value = (void*)value; }
        public IntPtr(void* value) { m_value = value; }
        public static int Size { get { return 8; } }
        public int ToInt32() { return (int)(long)m_value; }
        public long ToInt64() { return (long)m_value; }
        public void* ToPointer() { return m_value; }
        public override bool Equals(object obj) { return obj is IntPtr && ((IntPtr)obj).m_value == m_value; }
        public override int GetHashCode() { return (int)(long)m_value; }
        public override string ToString() { return ((long)m_value).ToString(); }
        public string ToString(string format) { return ((long)m_value).ToString(format); }
        public static bool operator ==(IntPtr a, IntPtr b) { return a.m_value == b.m_value; }
        public static bool operator !=(IntPtr a, IntPtr b) { return a.m_value != b.m_value; }
        public static explicit operator IntPtr(int value) { return new IntPtr(value); }
        public static explicit operator IntPtr(long value) { return new IntPtr(value); }
        public static explicit operator IntPtr(void* value) { return new IntPtr(value); }
        public static explicit operator int(IntPtr value) { return (int)(long)value.m_value; }
        public static explicit operator long(IntPtr value) { return (long)value.m_value; }
        public static explicit operator void*(IntPtr value) { return value.m_value; }
        public static IntPtr operator +(IntPtr pointer, int offset) { return new IntPtr((byte*)pointer.m_value + offset); }
        public static IntPtr operator -(IntPtr pointer, int offset) { return new IntPtr((byte*)pointer.m_value - offset); }
        public static IntPtr Add(IntPtr pointer, int offset) { return pointer + offset; }
    }

    [Serializable]
    public unsafe struct UIntPtr {
        void* m_value;
        public static readonly UIntPtr Zero;
        public UIntPtr(uint value) { m_value = (void*)value; }
        public UIntPtr(ulong value) { m_value = (void*)value; }
        public UIntPtr(void* value) { m_value = value; }
        public static int Size { get { return 8; } }
        public uint ToUInt32() { return (uint)(ulong)m_value; }
        public ulong ToUInt64() { return (ulong)m_value; }
        public void* ToPointer() { return m_value; }
        public override bool Equals(object obj) { return obj is UIntPtr && ((UIntPtr)obj).m_value == m_value; }
        public override int GetHashCode() { return (int)(ulong)m_value; }
        public override string ToString() { return ((ulong)m_value).ToString(); }
        public static bool operator ==(UIntPtr a, UIntPtr b) { return a.m_value == b.m_value; }
        public static bool operator !=(UIntPtr a, UIntPtr b) { return a.m_value != b.m_value; }
        public static explicit operator UIntPtr(ulong value) { return new UIntPtr(value); }
        public static explicit operator ulong(UIntPtr value) { return (ulong)value.m_value; }
    }

    // Decimal exists so the compiler can build the corlib; arithmetic on it is not supported yet.
    [Serializable]
    public struct Decimal {
        int flags, hi, lo, mid;
        public Decimal(int value) { flags = value < 0 ? unchecked((int)0x80000000) : 0; lo = value < 0 ? -value : value; hi = 0; mid = 0; }
        public override string ToString() { return ((flags < 0) ? "-" : "") + ((uint)lo).ToString(); }
    }
}
