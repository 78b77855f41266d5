using System.Globalization;

namespace System {
    [Serializable]
    public struct SByte : IComparable, IComparable<sbyte>, IEquatable<sbyte>, IFormattable, IConvertible {
        internal sbyte m_value;
        public const sbyte MaxValue = 127;
        public const sbyte MinValue = -128;
        public override bool Equals(object obj) { return obj is sbyte && ((sbyte)obj) == m_value; }
        public bool Equals(sbyte obj) { return m_value == obj; }
        public override int GetHashCode() { return (int)m_value ^ ((int)m_value << 8); }
        public int CompareTo(sbyte value) { return m_value < value ? -1 : m_value > value ? 1 : 0; }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is sbyte)) throw new ArgumentException("Object must be of type SByte.");
            return CompareTo((sbyte)value);
        }
        public override string ToString() { return Number.Int64ToString(m_value); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return ToString(format, null); }
        public string ToString(string format, IFormatProvider provider) {
            if (string.IsNullOrEmpty(format)) return ToString();
            return Number.FormatInteger(m_value < 0, (ulong)(m_value < 0 ? -(long)m_value : (long)m_value), (ulong)(long)m_value, 8, format);
        }
        public static sbyte Parse(string s) { return Parse(s, NumberStyles.Integer, null); }
        public static sbyte Parse(string s, NumberStyles style) { return Parse(s, style, null); }
        public static sbyte Parse(string s, IFormatProvider provider) { return Parse(s, NumberStyles.Integer, provider); }
        public static sbyte Parse(string s, NumberStyles style, IFormatProvider provider) { return (sbyte)Number.ParseSigned(s, style, sbyte.MinValue, sbyte.MaxValue, "a signed byte"); }
        public static bool TryParse(string s, out sbyte result) { return TryParse(s, NumberStyles.Integer, null, out result); }
        public static bool TryParse(string s, NumberStyles style, IFormatProvider provider, out sbyte result) { long r; bool ok = Number.TryParseSigned(s, style, sbyte.MinValue, sbyte.MaxValue, out r); result = ok ? (sbyte)r : (sbyte)0; return ok; }
        public TypeCode GetTypeCode() { return TypeCode.SByte; }
    }

    [Serializable]
    public struct Byte : IComparable, IComparable<byte>, IEquatable<byte>, IFormattable, IConvertible {
        internal byte m_value;
        public const byte MaxValue = 255;
        public const byte MinValue = 0;
        public override bool Equals(object obj) { return obj is byte && ((byte)obj) == m_value; }
        public bool Equals(byte obj) { return m_value == obj; }
        public override int GetHashCode() { return m_value; }
        public int CompareTo(byte value) { return m_value < value ? -1 : m_value > value ? 1 : 0; }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is byte)) throw new ArgumentException("Object must be of type Byte.");
            return CompareTo((byte)value);
        }
        public override string ToString() { return Number.UInt64ToString(m_value); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return ToString(format, null); }
        public string ToString(string format, IFormatProvider provider) {
            if (string.IsNullOrEmpty(format)) return ToString();
            return Number.FormatInteger(m_value < 0, (ulong)m_value, (ulong)m_value, 8, format);
        }
        public static byte Parse(string s) { return Parse(s, NumberStyles.Integer, null); }
        public static byte Parse(string s, NumberStyles style) { return Parse(s, style, null); }
        public static byte Parse(string s, IFormatProvider provider) { return Parse(s, NumberStyles.Integer, provider); }
        public static byte Parse(string s, NumberStyles style, IFormatProvider provider) { return (byte)Number.ParseUnsigned(s, style, byte.MaxValue, "an unsigned byte"); }
        public static bool TryParse(string s, out byte result) { return TryParse(s, NumberStyles.Integer, null, out result); }
        public static bool TryParse(string s, NumberStyles style, IFormatProvider provider, out byte result) { ulong r; bool ok = Number.TryParseUnsigned(s, style, byte.MaxValue, out r); result = ok ? (byte)r : (byte)0; return ok; }
        public TypeCode GetTypeCode() { return TypeCode.Byte; }
    }

    [Serializable]
    public struct Int16 : IComparable, IComparable<short>, IEquatable<short>, IFormattable, IConvertible {
        internal short m_value;
        public const short MaxValue = 32767;
        public const short MinValue = -32768;
        public override bool Equals(object obj) { return obj is short && ((short)obj) == m_value; }
        public bool Equals(short obj) { return m_value == obj; }
        public override int GetHashCode() { return (int)(ushort)m_value | ((int)m_value << 16); }
        public int CompareTo(short value) { return m_value < value ? -1 : m_value > value ? 1 : 0; }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is short)) throw new ArgumentException("Object must be of type Int16.");
            return CompareTo((short)value);
        }
        public override string ToString() { return Number.Int64ToString(m_value); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return ToString(format, null); }
        public string ToString(string format, IFormatProvider provider) {
            if (string.IsNullOrEmpty(format)) return ToString();
            return Number.FormatInteger(m_value < 0, (ulong)(m_value < 0 ? -(long)m_value : (long)m_value), (ulong)(long)m_value, 16, format);
        }
        public static short Parse(string s) { return Parse(s, NumberStyles.Integer, null); }
        public static short Parse(string s, NumberStyles style) { return Parse(s, style, null); }
        public static short Parse(string s, IFormatProvider provider) { return Parse(s, NumberStyles.Integer, provider); }
        public static short Parse(string s, NumberStyles style, IFormatProvider provider) { return (short)Number.ParseSigned(s, style, short.MinValue, short.MaxValue, "an Int16"); }
        public static bool TryParse(string s, out short result) { return TryParse(s, NumberStyles.Integer, null, out result); }
        public static bool TryParse(string s, NumberStyles style, IFormatProvider provider, out short result) { long r; bool ok = Number.TryParseSigned(s, style, short.MinValue, short.MaxValue, out r); result = ok ? (short)r : (short)0; return ok; }
        public TypeCode GetTypeCode() { return TypeCode.Int16; }
    }

    [Serializable]
    public struct UInt16 : IComparable, IComparable<ushort>, IEquatable<ushort>, IFormattable, IConvertible {
        internal ushort m_value;
        public const ushort MaxValue = 65535;
        public const ushort MinValue = 0;
        public override bool Equals(object obj) { return obj is ushort && ((ushort)obj) == m_value; }
        public bool Equals(ushort obj) { return m_value == obj; }
        public override int GetHashCode() { return m_value; }
        public int CompareTo(ushort value) { return m_value < value ? -1 : m_value > value ? 1 : 0; }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is ushort)) throw new ArgumentException("Object must be of type UInt16.");
            return CompareTo((ushort)value);
        }
        public override string ToString() { return Number.UInt64ToString(m_value); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return ToString(format, null); }
        public string ToString(string format, IFormatProvider provider) {
            if (string.IsNullOrEmpty(format)) return ToString();
            return Number.FormatInteger(m_value < 0, (ulong)m_value, (ulong)m_value, 16, format);
        }
        public static ushort Parse(string s) { return Parse(s, NumberStyles.Integer, null); }
        public static ushort Parse(string s, NumberStyles style) { return Parse(s, style, null); }
        public static ushort Parse(string s, IFormatProvider provider) { return Parse(s, NumberStyles.Integer, provider); }
        public static ushort Parse(string s, NumberStyles style, IFormatProvider provider) { return (ushort)Number.ParseUnsigned(s, style, ushort.MaxValue, "a UInt16"); }
        public static bool TryParse(string s, out ushort result) { return TryParse(s, NumberStyles.Integer, null, out result); }
        public static bool TryParse(string s, NumberStyles style, IFormatProvider provider, out ushort result) { ulong r; bool ok = Number.TryParseUnsigned(s, style, ushort.MaxValue, out r); result = ok ? (ushort)r : (ushort)0; return ok; }
        public TypeCode GetTypeCode() { return TypeCode.UInt16; }
    }

    [Serializable]
    public struct Int32 : IComparable, IComparable<int>, IEquatable<int>, IFormattable, IConvertible {
        internal int m_value;
        public const int MaxValue = 2147483647;
        public const int MinValue = -2147483648;
        public override bool Equals(object obj) { return obj is int && ((int)obj) == m_value; }
        public bool Equals(int obj) { return m_value == obj; }
        public override int GetHashCode() { return m_value; }
        public int CompareTo(int value) { return m_value < value ? -1 : m_value > value ? 1 : 0; }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is int)) throw new ArgumentException("Object must be of type Int32.");
            return CompareTo((int)value);
        }
        public override string ToString() { return Number.Int64ToString(m_value); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return ToString(format, null); }
        public string ToString(string format, IFormatProvider provider) {
            if (string.IsNullOrEmpty(format)) return ToString();
            return Number.FormatInteger(m_value < 0, (ulong)(m_value < 0 ? -(long)m_value : (long)m_value), (ulong)(long)m_value, 32, format);
        }
        public static int Parse(string s) { return Parse(s, NumberStyles.Integer, null); }
        public static int Parse(string s, NumberStyles style) { return Parse(s, style, null); }
        public static int Parse(string s, IFormatProvider provider) { return Parse(s, NumberStyles.Integer, provider); }
        public static int Parse(string s, NumberStyles style, IFormatProvider provider) { return (int)Number.ParseSigned(s, style, int.MinValue, int.MaxValue, "an Int32"); }
        public static bool TryParse(string s, out int result) { return TryParse(s, NumberStyles.Integer, null, out result); }
        public static bool TryParse(string s, NumberStyles style, IFormatProvider provider, out int result) { long r; bool ok = Number.TryParseSigned(s, style, int.MinValue, int.MaxValue, out r); result = ok ? (int)r : (int)0; return ok; }
        public TypeCode GetTypeCode() { return TypeCode.Int32; }
    }

    [Serializable]
    public struct UInt32 : IComparable, IComparable<uint>, IEquatable<uint>, IFormattable, IConvertible {
        internal uint m_value;
        public const uint MaxValue = 4294967295;
        public const uint MinValue = 0;
        public override bool Equals(object obj) { return obj is uint && ((uint)obj) == m_value; }
        public bool Equals(uint obj) { return m_value == obj; }
        public override int GetHashCode() { return (int)m_value; }
        public int CompareTo(uint value) { return m_value < value ? -1 : m_value > value ? 1 : 0; }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is uint)) throw new ArgumentException("Object must be of type UInt32.");
            return CompareTo((uint)value);
        }
        public override string ToString() { return Number.UInt64ToString(m_value); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return ToString(format, null); }
        public string ToString(string format, IFormatProvider provider) {
            if (string.IsNullOrEmpty(format)) return ToString();
            return Number.FormatInteger(m_value < 0, (ulong)m_value, (ulong)m_value, 32, format);
        }
        public static uint Parse(string s) { return Parse(s, NumberStyles.Integer, null); }
        public static uint Parse(string s, NumberStyles style) { return Parse(s, style, null); }
        public static uint Parse(string s, IFormatProvider provider) { return Parse(s, NumberStyles.Integer, provider); }
        public static uint Parse(string s, NumberStyles style, IFormatProvider provider) { return (uint)Number.ParseUnsigned(s, style, uint.MaxValue, "a UInt32"); }
        public static bool TryParse(string s, out uint result) { return TryParse(s, NumberStyles.Integer, null, out result); }
        public static bool TryParse(string s, NumberStyles style, IFormatProvider provider, out uint result) { ulong r; bool ok = Number.TryParseUnsigned(s, style, uint.MaxValue, out r); result = ok ? (uint)r : (uint)0; return ok; }
        public TypeCode GetTypeCode() { return TypeCode.UInt32; }
    }

    [Serializable]
    public struct Int64 : IComparable, IComparable<long>, IEquatable<long>, IFormattable, IConvertible {
        internal long m_value;
        public const long MaxValue = 0x7fffffffffffffff;
        public const long MinValue = unchecked((long)0x8000000000000000);
        public override bool Equals(object obj) { return obj is long && ((long)obj) == m_value; }
        public bool Equals(long obj) { return m_value == obj; }
        public override int GetHashCode() { return (int)m_value ^ (int)(m_value >> 32); }
        public int CompareTo(long value) { return m_value < value ? -1 : m_value > value ? 1 : 0; }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is long)) throw new ArgumentException("Object must be of type Int64.");
            return CompareTo((long)value);
        }
        public override string ToString() { return Number.Int64ToString(m_value); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return ToString(format, null); }
        public string ToString(string format, IFormatProvider provider) {
            if (string.IsNullOrEmpty(format)) return ToString();
            return Number.FormatInteger(m_value < 0, (m_value < 0 ? (ulong)(-(m_value + 1)) + 1 : (ulong)m_value), (ulong)(long)m_value, 64, format);
        }
        public static long Parse(string s) { return Parse(s, NumberStyles.Integer, null); }
        public static long Parse(string s, NumberStyles style) { return Parse(s, style, null); }
        public static long Parse(string s, IFormatProvider provider) { return Parse(s, NumberStyles.Integer, provider); }
        public static long Parse(string s, NumberStyles style, IFormatProvider provider) { return (long)Number.ParseSigned(s, style, long.MinValue, long.MaxValue, "an Int64"); }
        public static bool TryParse(string s, out long result) { return TryParse(s, NumberStyles.Integer, null, out result); }
        public static bool TryParse(string s, NumberStyles style, IFormatProvider provider, out long result) { long r; bool ok = Number.TryParseSigned(s, style, long.MinValue, long.MaxValue, out r); result = ok ? (long)r : (long)0; return ok; }
        public TypeCode GetTypeCode() { return TypeCode.Int64; }
    }

    [Serializable]
    public struct UInt64 : IComparable, IComparable<ulong>, IEquatable<ulong>, IFormattable, IConvertible {
        internal ulong m_value;
        public const ulong MaxValue = 18446744073709551615;
        public const ulong MinValue = 0;
        public override bool Equals(object obj) { return obj is ulong && ((ulong)obj) == m_value; }
        public bool Equals(ulong obj) { return m_value == obj; }
        public override int GetHashCode() { return (int)m_value ^ (int)(m_value >> 32); }
        public int CompareTo(ulong value) { return m_value < value ? -1 : m_value > value ? 1 : 0; }
        public int CompareTo(object value) {
            if (value == null) return 1;
            if (!(value is ulong)) throw new ArgumentException("Object must be of type UInt64.");
            return CompareTo((ulong)value);
        }
        public override string ToString() { return Number.UInt64ToString(m_value); }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format) { return ToString(format, null); }
        public string ToString(string format, IFormatProvider provider) {
            if (string.IsNullOrEmpty(format)) return ToString();
            return Number.FormatInteger(m_value < 0, (ulong)m_value, (ulong)m_value, 64, format);
        }
        public static ulong Parse(string s) { return Parse(s, NumberStyles.Integer, null); }
        public static ulong Parse(string s, NumberStyles style) { return Parse(s, style, null); }
        public static ulong Parse(string s, IFormatProvider provider) { return Parse(s, NumberStyles.Integer, provider); }
        public static ulong Parse(string s, NumberStyles style, IFormatProvider provider) { return (ulong)Number.ParseUnsigned(s, style, ulong.MaxValue, "a UInt64"); }
        public static bool TryParse(string s, out ulong result) { return TryParse(s, NumberStyles.Integer, null, out result); }
        public static bool TryParse(string s, NumberStyles style, IFormatProvider provider, out ulong result) { ulong r; bool ok = Number.TryParseUnsigned(s, style, ulong.MaxValue, out r); result = ok ? (ulong)r : (ulong)0; return ok; }
        public TypeCode GetTypeCode() { return TypeCode.UInt64; }
    }

}