using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;

namespace System {
    public enum StringComparison { CurrentCulture = 0, CurrentCultureIgnoreCase = 1, InvariantCulture = 2, InvariantCultureIgnoreCase = 3, Ordinal = 4, OrdinalIgnoreCase = 5 }
    [Flags] public enum StringSplitOptions { None = 0, RemoveEmptyEntries = 1 }

    [Serializable]
    public sealed unsafe class String : IComparable, IComparable<string>, IEquatable<string>, IEnumerable<char>, ICloneable, IConvertible {
        int _length;
        char _firstChar;

        public static readonly string Empty = "";

        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(char[] value);
        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(char[] value, int startIndex, int length);
        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(char c, int count);
        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(char* value);
        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(char* value, int startIndex, int length);
        [MethodImpl(MethodImplOptions.InternalCall)] public extern String(sbyte* value);

        static string Ctor(char[] value) {
            if (value == null || value.Length == 0) return Empty;
            return Ctor(value, 0, value.Length);
        }
        static string Ctor(char[] value, int startIndex, int length) {
            if (value == null) throw new ArgumentNullException("value");
            if (startIndex < 0 || length < 0 || startIndex > value.Length - length) throw new ArgumentOutOfRangeException("startIndex");
            string s = FastAllocateString(length);
            fixed (char* d = &s._firstChar) fixed (char* p = value) Buffer.Memmove((byte*)d, (byte*)(p + startIndex), length * 2);
            return s;
        }
        static string Ctor(char c, int count) {
            if (count < 0) throw new ArgumentOutOfRangeException("count");
            string s = FastAllocateString(count);
            fixed (char* d = &s._firstChar) for (int i = 0; i < count; i++) d[i] = c;
            return s;
        }
        static string Ctor(char* value) {
            if (value == null) return Empty;
            int n = 0; while (value[n] != 0) n++;
            return Ctor(value, 0, n);
        }
        static string Ctor(char* value, int startIndex, int length) {
            string s = FastAllocateString(length);
            fixed (char* d = &s._firstChar) Buffer.Memmove((byte*)d, (byte*)(value + startIndex), length * 2);
            return s;
        }
        static string Ctor(sbyte* value) {
            if (value == null) return Empty;
            int n = 0; while (value[n] != 0) n++;
            string s = FastAllocateString(n);
            fixed (char* d = &s._firstChar) for (int i = 0; i < n; i++) d[i] = (char)(byte)value[i];
            return s;
        }

        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern string FastAllocateString(int length);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern bool InternalEquals(string a, string b);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string InternalIntern(string s);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string InternalIsInterned(string s);

        public int Length { get { return _length; } }
        [IndexerName("Chars")]
        public extern char this[int index] { [MethodImpl(MethodImplOptions.InternalCall)] get; }

        internal static string Wrap(char* p, int n) { return Ctor(p, 0, n); }

        // ---- equality and comparison ----
        public override bool Equals(object obj) { string s = obj as string; return s != null && Equals(this, s); }
        public bool Equals(string value) { return Equals(this, value); }
        public bool Equals(string value, StringComparison comparisonType) { return Equals(this, value, comparisonType); }
        public static bool Equals(string a, string b) {
            if ((object)a == (object)b) return true;
            if (a == null || b == null || a._length != b._length) return false;
            return InternalEquals(a, b);
        }
        public static bool Equals(string a, string b, StringComparison comparisonType) {
            if (IgnoreCase(comparisonType)) return Compare(a, b, comparisonType) == 0;
            return Equals(a, b);
        }
        public static bool operator ==(string a, string b) { return Equals(a, b); }
        public static bool operator !=(string a, string b) { return !Equals(a, b); }

        public override int GetHashCode() {
            fixed (char* p = &_firstChar) {
                int h1 = 5381, h2 = h1;
                int n = _length, i = 0;
                while (i < n) {
                    h1 = ((h1 << 5) + h1) ^ p[i];
                    if (i + 1 < n) h2 = ((h2 << 5) + h2) ^ p[i + 1];
                    i += 2;
                }
                return h1 + h2 * 1566083941;
            }
        }

        static bool IgnoreCase(StringComparison c) {
            return c == StringComparison.CurrentCultureIgnoreCase || c == StringComparison.InvariantCultureIgnoreCase || c == StringComparison.OrdinalIgnoreCase;
        }

        public static int CompareOrdinal(string strA, string strB) {
            if ((object)strA == (object)strB) return 0;
            if (strA == null) return -1;
            if (strB == null) return 1;
            int n = Math.Min(strA.Length, strB.Length);
            for (int i = 0; i < n; i++) { int d = strA[i] - strB[i]; if (d != 0) return d; }
            return strA.Length - strB.Length;
        }
        public static int CompareOrdinal(string strA, int indexA, string strB, int indexB, int length) {
            return CompareOrdinal(strA == null ? null : strA.Substring(indexA, Math.Min(length, strA.Length - indexA)),
                                  strB == null ? null : strB.Substring(indexB, Math.Min(length, strB.Length - indexB)));
        }
        // Culture-style comparison: letters compare case-insensitively first,
        // then lower case sorts before upper case, as the invariant culture does.
        static int CultureCompare(string a, string b, bool ignoreCase) {
            if ((object)a == (object)b) return 0;
            if (a == null) return -1;
            if (b == null) return 1;
            int n = Math.Min(a.Length, b.Length);
            for (int i = 0; i < n; i++) {
                char x = Char.ToLowerInvariant(a[i]), y = Char.ToLowerInvariant(b[i]);
                if (x != y) {
                    int kx = SortKey(x), ky = SortKey(y);
                    return kx < ky ? -1 : 1;
                }
            }
            if (a.Length != b.Length) return a.Length < b.Length ? -1 : 1;
            if (ignoreCase) return 0;
            for (int i = 0; i < n; i++) {
                if (a[i] != b[i]) return Char.IsLower(a[i]) ? -1 : 1;
            }
            return 0;
        }
        // Punctuation and symbols sort before digits, digits before letters.
        static int SortKey(char c) {
            if (Char.IsLetter(c)) return 0x20000 + c;
            if (Char.IsDigit(c)) return 0x10000 + c;
            return c;
        }
        public static int Compare(string strA, string strB) { return CultureCompare(strA, strB, false); }
        public static int Compare(string strA, string strB, bool ignoreCase) { return CultureCompare(strA, strB, ignoreCase); }
        public static int Compare(string strA, string strB, StringComparison comparisonType) {
            switch (comparisonType) {
                case StringComparison.Ordinal: return CompareOrdinal(strA, strB);
                case StringComparison.OrdinalIgnoreCase:
                    return CompareOrdinal(strA == null ? null : strA.ToUpperInvariant(), strB == null ? null : strB.ToUpperInvariant());
                default: return CultureCompare(strA, strB, IgnoreCase(comparisonType));
            }
        }
        public static int Compare(string strA, int indexA, string strB, int indexB, int length) {
            return Compare(strA.Substring(indexA, Math.Min(length, strA.Length - indexA)), strB.Substring(indexB, Math.Min(length, strB.Length - indexB)));
        }
        public int CompareTo(object value) {
            if (value == null) return 1;
            string s = value as string;
            if (s == null) throw new ArgumentException("Object must be of type String.");
            return Compare(this, s);
        }
        public int CompareTo(string strB) { return Compare(this, strB); }

        // ---- concatenation ----
        public static string Concat(object arg0) { return arg0 == null ? Empty : arg0.ToString(); }
        public static string Concat(object arg0, object arg1) { return Concat(arg0 == null ? null : arg0.ToString(), arg1 == null ? null : arg1.ToString()); }
        public static string Concat(object arg0, object arg1, object arg2) { return Concat(Concat(arg0, arg1), arg2 == null ? null : arg2.ToString()); }
        public static string Concat(object arg0, object arg1, object arg2, object arg3) { return Concat(Concat(arg0, arg1, arg2), arg3 == null ? null : arg3.ToString()); }
        public static string Concat(params object[] args) {
            if (args == null) throw new ArgumentNullException("args");
            string[] s = new string[args.Length];
            for (int i = 0; i < args.Length; i++) s[i] = args[i] == null ? Empty : args[i].ToString();
            return Concat(s);
        }
        public static string Concat(string str0, string str1) {
            if (IsNullOrEmpty(str0)) return str1 ?? Empty;
            if (IsNullOrEmpty(str1)) return str0;
            string r = FastAllocateString(str0._length + str1._length);
            fixed (char* d = &r._firstChar) fixed (char* a = &str0._firstChar) fixed (char* b = &str1._firstChar) {
                Buffer.Memmove((byte*)d, (byte*)a, str0._length * 2);
                Buffer.Memmove((byte*)(d + str0._length), (byte*)b, str1._length * 2);
            }
            return r;
        }
        public static string Concat(string str0, string str1, string str2) { return Concat(new string[] { str0, str1, str2 }); }
        public static string Concat(string str0, string str1, string str2, string str3) { return Concat(new string[] { str0, str1, str2, str3 }); }
        public static string Concat(params string[] values) {
            if (values == null) throw new ArgumentNullException("values");
            int n = 0;
            for (int i = 0; i < values.Length; i++) if (values[i] != null) n += values[i]._length;
            string r = FastAllocateString(n);
            fixed (char* d = &r._firstChar) {
                int at = 0;
                for (int i = 0; i < values.Length; i++) {
                    string v = values[i];
                    if (v == null || v._length == 0) continue;
                    fixed (char* s = &v._firstChar) Buffer.Memmove((byte*)(d + at), (byte*)s, v._length * 2);
                    at += v._length;
                }
            }
            return r;
        }
        public static string Concat(IEnumerable<string> values) {
            StringBuilder sb = new StringBuilder();
            foreach (string s in values) sb.Append(s);
            return sb.ToString();
        }
        public static string Concat<T>(IEnumerable<T> values) {
            StringBuilder sb = new StringBuilder();
            foreach (T v in values) if (v != null) sb.Append(v.ToString());
            return sb.ToString();
        }

        // ---- searching ----
        public int IndexOf(char value) { return IndexOf(value, 0, _length); }
        public int IndexOf(char value, int startIndex) { return IndexOf(value, startIndex, _length - startIndex); }
        public int IndexOf(char value, int startIndex, int count) {
            if (startIndex < 0 || startIndex > _length) throw new ArgumentOutOfRangeException("startIndex", "Index was out of range. Must be non-negative and less than the size of the collection.");
            if (count < 0 || startIndex > _length - count) throw new ArgumentOutOfRangeException("count", "Count must be positive and count must refer to a location within the string/array/collection.");
            fixed (char* p = &_firstChar) for (int i = startIndex; i < startIndex + count; i++) if (p[i] == value) return i;
            return -1;
        }
        public int IndexOf(string value) { return IndexOf(value, 0, _length, StringComparison.CurrentCulture); }
        public int IndexOf(string value, int startIndex) { return IndexOf(value, startIndex, _length - startIndex, StringComparison.CurrentCulture); }
        public int IndexOf(string value, int startIndex, int count) { return IndexOf(value, startIndex, count, StringComparison.CurrentCulture); }
        public int IndexOf(string value, StringComparison comparisonType) { return IndexOf(value, 0, _length, comparisonType); }
        public int IndexOf(string value, int startIndex, StringComparison comparisonType) { return IndexOf(value, startIndex, _length - startIndex, comparisonType); }
        public int IndexOf(string value, int startIndex, int count, StringComparison comparisonType) {
            if (value == null) throw new ArgumentNullException("value");
            if (startIndex < 0 || startIndex > _length) throw new ArgumentOutOfRangeException("startIndex", "Index was out of range. Must be non-negative and less than the size of the collection.");
            if (count < 0 || startIndex > _length - count) throw new ArgumentOutOfRangeException("count", "Count must be positive and count must refer to a location within the string/array/collection.");
            bool ic = IgnoreCase(comparisonType);
            int last = startIndex + count - value._length;
            for (int i = startIndex; i <= last; i++) if (MatchAt(i, value, ic)) return i;
            return -1;
        }
        bool MatchAt(int i, string value, bool ignoreCase) {
            for (int j = 0; j < value._length; j++) {
                char a = this[i + j], b = value[j];
                if (a != b && (!ignoreCase || Char.ToUpperInvariant(a) != Char.ToUpperInvariant(b))) return false;
            }
            return true;
        }
        public int IndexOfAny(char[] anyOf) { return IndexOfAny(anyOf, 0, _length); }
        public int IndexOfAny(char[] anyOf, int startIndex) { return IndexOfAny(anyOf, startIndex, _length - startIndex); }
        public int IndexOfAny(char[] anyOf, int startIndex, int count) {
            if (anyOf == null) throw new ArgumentNullException("anyOf");
            for (int i = startIndex; i < startIndex + count; i++) if (Array.IndexOf(anyOf, this[i]) >= 0) return i;
            return -1;
        }
        public int LastIndexOf(char value) { return LastIndexOf(value, _length - 1, _length); }
        public int LastIndexOf(char value, int startIndex) { return LastIndexOf(value, startIndex, startIndex + 1); }
        public int LastIndexOf(char value, int startIndex, int count) {
            if (_length == 0) return -1;
            for (int i = startIndex; i > startIndex - count && i >= 0; i--) if (this[i] == value) return i;
            return -1;
        }
        public int LastIndexOf(string value) { return LastIndexOf(value, _length - 1, _length, StringComparison.CurrentCulture); }
        public int LastIndexOf(string value, int startIndex) { return LastIndexOf(value, startIndex, startIndex + 1, StringComparison.CurrentCulture); }
        public int LastIndexOf(string value, StringComparison comparisonType) { return LastIndexOf(value, _length - 1, _length, comparisonType); }
        public int LastIndexOf(string value, int startIndex, int count, StringComparison comparisonType) {
            if (value == null) throw new ArgumentNullException("value");
            if (value._length == 0) return Math.Min(startIndex, _length - 1) < 0 ? 0 : Math.Min(startIndex, _length);
            bool ic = IgnoreCase(comparisonType);
            int lo = startIndex - count + 1;
            for (int i = startIndex - value._length + 1; i >= lo && i >= 0; i--) if (i + value._length <= _length && MatchAt(i, value, ic)) return i;
            return -1;
        }
        public int LastIndexOfAny(char[] anyOf) {
            for (int i = _length - 1; i >= 0; i--) if (Array.IndexOf(anyOf, this[i]) >= 0) return i;
            return -1;
        }
        public bool Contains(char value) { return IndexOf(value) >= 0; }
        public bool Contains(string value) { return IndexOf(value, StringComparison.Ordinal) >= 0; }
        public bool StartsWith(string value) { return StartsWith(value, StringComparison.CurrentCulture); }
        public bool StartsWith(string value, StringComparison comparisonType) {
            if (value == null) throw new ArgumentNullException("value");
            return value._length <= _length && MatchAt(0, value, IgnoreCase(comparisonType));
        }
        public bool StartsWith(string value, bool ignoreCase, System.Globalization.CultureInfo culture) { return StartsWith(value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal); }
        public bool EndsWith(string value) { return EndsWith(value, StringComparison.CurrentCulture); }
        public bool EndsWith(string value, StringComparison comparisonType) {
            if (value == null) throw new ArgumentNullException("value");
            return value._length <= _length && MatchAt(_length - value._length, value, IgnoreCase(comparisonType));
        }
        public bool EndsWith(string value, bool ignoreCase, System.Globalization.CultureInfo culture) { return EndsWith(value, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal); }

        // ---- pieces ----
        public string Substring(int startIndex) { return Substring(startIndex, _length - startIndex); }
        public string Substring(int startIndex, int length) {
            if (startIndex < 0 || startIndex > _length) throw new ArgumentOutOfRangeException("startIndex", "StartIndex cannot be less than zero.");
            if (length < 0) throw new ArgumentOutOfRangeException("length", "Length cannot be less than zero.");
            if (startIndex > _length - length) throw new ArgumentOutOfRangeException("length", "Index and length must refer to a location within the string.");
            if (startIndex == 0 && length == _length) return this;
            fixed (char* p = &_firstChar) return Ctor(p, startIndex, length);
        }
        public string Insert(int startIndex, string value) {
            if (value == null) throw new ArgumentNullException("value");
            if (startIndex < 0 || startIndex > _length) throw new ArgumentOutOfRangeException("startIndex");
            return Concat(Substring(0, startIndex), value, Substring(startIndex));
        }
        public string Remove(int startIndex) { return Substring(0, startIndex); }
        public string Remove(int startIndex, int count) {
            if (startIndex < 0 || count < 0 || startIndex > _length - count) throw new ArgumentOutOfRangeException("startIndex");
            return Concat(Substring(0, startIndex), Substring(startIndex + count));
        }
        public string Replace(char oldChar, char newChar) {
            string r = FastAllocateString(_length);
            fixed (char* d = &r._firstChar) fixed (char* s = &_firstChar)
                for (int i = 0; i < _length; i++) d[i] = s[i] == oldChar ? newChar : s[i];
            return r;
        }
        public string Replace(string oldValue, string newValue) {
            if (oldValue == null) throw new ArgumentNullException("oldValue");
            if (oldValue._length == 0) throw new ArgumentException("String cannot be of zero length.", "oldValue");
            StringBuilder sb = new StringBuilder();
            int i = 0;
            while (true) {
                int j = IndexOf(oldValue, i, StringComparison.Ordinal);
                if (j < 0) break;
                sb.Append(this, i, j - i);
                sb.Append(newValue);
                i = j + oldValue._length;
            }
            sb.Append(this, i, _length - i);
            return sb.ToString();
        }
        public string[] Split(char separator, StringSplitOptions options = StringSplitOptions.None) { return Split(new char[] { separator }, int.MaxValue, options); }
        public string[] Split(char separator, int count, StringSplitOptions options = StringSplitOptions.None) { return Split(new char[] { separator }, count, options); }
        public string[] Split(string separator, StringSplitOptions options = StringSplitOptions.None) { return Split(new string[] { separator ?? "" }, int.MaxValue, options); }
        public string[] Split(string separator, int count, StringSplitOptions options = StringSplitOptions.None) { return Split(new string[] { separator ?? "" }, count, options); }
        public string[] Split(params char[] separator) { return Split(separator, int.MaxValue, StringSplitOptions.None); }
        public string[] Split(char[] separator, int count) { return Split(separator, count, StringSplitOptions.None); }
        public string[] Split(char[] separator, StringSplitOptions options) { return Split(separator, int.MaxValue, options); }
        public string[] Split(char[] separator, int count, StringSplitOptions options) {
            if (count < 0) throw new ArgumentOutOfRangeException("count");
            List<string> parts = new List<string>();
            bool remove = (options & StringSplitOptions.RemoveEmptyEntries) != 0;
            if (count == 0) return new string[0];
            int start = 0;
            for (int i = 0; i < _length && parts.Count < count - 1; i++) {
                bool sep = separator == null || separator.Length == 0 ? Char.IsWhiteSpace(this[i]) : Array.IndexOf(separator, this[i]) >= 0;
                if (!sep) continue;
                if (!remove || i > start) parts.Add(Substring(start, i - start));
                start = i + 1;
            }
            if (!remove || start < _length) parts.Add(Substring(start));
            return parts.ToArray();
        }
        public string[] Split(string[] separator, StringSplitOptions options) { return Split(separator, int.MaxValue, options); }
        public string[] Split(string[] separator, int count, StringSplitOptions options) {
            if (separator == null || separator.Length == 0) return Split((char[])null, count, options);
            List<string> parts = new List<string>();
            bool remove = (options & StringSplitOptions.RemoveEmptyEntries) != 0;
            int start = 0, i = 0;
            while (i < _length && parts.Count < count - 1) {
                string hit = null;
                foreach (string s in separator) if (!IsNullOrEmpty(s) && s._length <= _length - i && MatchAt(i, s, false)) { hit = s; break; }
                if (hit == null) { i++; continue; }
                if (!remove || i > start) parts.Add(Substring(start, i - start));
                i += hit._length;
                start = i;
            }
            if (!remove || start < _length) parts.Add(Substring(start));
            return parts.ToArray();
        }
        public static string Join(string separator, params string[] value) {
            if (value == null) throw new ArgumentNullException("value");
            return Join(separator, value, 0, value.Length);
        }
        public static string Join(string separator, string[] value, int startIndex, int count) {
            StringBuilder sb = new StringBuilder();
            for (int i = startIndex; i < startIndex + count; i++) {
                if (i > startIndex) sb.Append(separator);
                sb.Append(value[i]);
            }
            return sb.ToString();
        }
        public static string Join(string separator, params object[] values) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < values.Length; i++) {
                if (i > 0) sb.Append(separator);
                if (values[i] != null) sb.Append(values[i].ToString());
            }
            return sb.ToString();
        }
        public static string Join(string separator, IEnumerable<string> values) {
            StringBuilder sb = new StringBuilder();
            bool first = true;
            foreach (string s in values) { if (!first) sb.Append(separator); first = false; sb.Append(s); }
            return sb.ToString();
        }
        public static string Join<T>(string separator, IEnumerable<T> values) {
            StringBuilder sb = new StringBuilder();
            bool first = true;
            foreach (T v in values) { if (!first) sb.Append(separator); first = false; if (v != null) sb.Append(v.ToString()); }
            return sb.ToString();
        }

        public string Trim() { return TrimBoth(null, true, true); }
        public string Trim(params char[] trimChars) { return TrimBoth(trimChars, true, true); }
        public string Trim(char trimChar) { return TrimBoth(new char[] { trimChar }, true, true); }
        public string TrimStart() { return TrimBoth(null, true, false); }
        public string TrimStart(char trimChar) { return TrimBoth(new char[] { trimChar }, true, false); }
        public string TrimEnd() { return TrimBoth(null, false, true); }
        public string TrimEnd(char trimChar) { return TrimBoth(new char[] { trimChar }, false, true); }
        public string TrimStart(params char[] trimChars) { return TrimBoth(trimChars, true, false); }
        public string TrimEnd(params char[] trimChars) { return TrimBoth(trimChars, false, true); }
        string TrimBoth(char[] chars, bool start, bool end) {
            int a = 0, b = _length - 1;
            if (start) while (a <= b && Trimmed(this[a], chars)) a++;
            if (end) while (b >= a && Trimmed(this[b], chars)) b--;
            return Substring(a, b - a + 1);
        }
        static bool Trimmed(char c, char[] chars) {
            return chars == null || chars.Length == 0 ? Char.IsWhiteSpace(c) : Array.IndexOf(chars, c) >= 0;
        }
        public string PadLeft(int totalWidth) { return PadLeft(totalWidth, ' '); }
        public string PadLeft(int totalWidth, char paddingChar) {
            if (totalWidth < 0) throw new ArgumentOutOfRangeException("totalWidth", "Non-negative number required.");
            return totalWidth <= _length ? this : Concat(new string(paddingChar, totalWidth - _length), this);
        }
        public string PadRight(int totalWidth) { return PadRight(totalWidth, ' '); }
        public string PadRight(int totalWidth, char paddingChar) {
            if (totalWidth < 0) throw new ArgumentOutOfRangeException("totalWidth", "Non-negative number required.");
            return totalWidth <= _length ? this : Concat(this, new string(paddingChar, totalWidth - _length));
        }
        public string ToUpper() { return ToUpperInvariant(); }
        public string ToUpper(System.Globalization.CultureInfo culture) { return ToUpperInvariant(); }
        public string ToLower() { return ToLowerInvariant(); }
        public string ToLower(System.Globalization.CultureInfo culture) { return ToLowerInvariant(); }
        public string ToUpperInvariant() {
            string r = FastAllocateString(_length);
            fixed (char* d = &r._firstChar) fixed (char* s = &_firstChar) for (int i = 0; i < _length; i++) d[i] = Char.ToUpperInvariant(s[i]);
            return r;
        }
        public string ToLowerInvariant() {
            string r = FastAllocateString(_length);
            fixed (char* d = &r._firstChar) fixed (char* s = &_firstChar) for (int i = 0; i < _length; i++) d[i] = Char.ToLowerInvariant(s[i]);
            return r;
        }
        public char[] ToCharArray() { return ToCharArray(0, _length); }
        public char[] ToCharArray(int startIndex, int length) {
            if (startIndex < 0 || length < 0 || startIndex > _length - length) throw new ArgumentOutOfRangeException("startIndex");
            char[] r = new char[length];
            fixed (char* d = r) fixed (char* s = &_firstChar) Buffer.Memmove((byte*)d, (byte*)(s + startIndex), length * 2);
            return r;
        }
        public void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count) {
            if (destination == null) throw new ArgumentNullException("destination");
            if (count < 0 || sourceIndex < 0 || destinationIndex < 0 || sourceIndex > _length - count || destinationIndex > destination.Length - count) throw new ArgumentOutOfRangeException("sourceIndex");
            for (int i = 0; i < count; i++) destination[destinationIndex + i] = this[sourceIndex + i];
        }
        public static bool IsNullOrEmpty(string value) { return value == null || value._length == 0; }
        public static bool IsNullOrWhiteSpace(string value) {
            if (value == null) return true;
            for (int i = 0; i < value._length; i++) if (!Char.IsWhiteSpace(value[i])) return false;
            return true;
        }
        public static string Intern(string str) { if (str == null) throw new ArgumentNullException("str"); return InternalIntern(str); }
        public static string IsInterned(string str) { if (str == null) throw new ArgumentNullException("str"); return InternalIsInterned(str); }
        public override string ToString() { return this; }
        public string ToString(IFormatProvider provider) { return this; }
        public object Clone() { return this; }
        public static string Copy(string str) { fixed (char* p = &str._firstChar) return Ctor(p, 0, str._length); }
        public CharEnumerator GetEnumerator() { return new CharEnumerator(this); }
        IEnumerator<char> IEnumerable<char>.GetEnumerator() { return new CharEnumerator(this); }
        IEnumerator IEnumerable.GetEnumerator() { return new CharEnumerator(this); }

        // ---- formatting ----
        public static string Format(string format, object arg0) { return Format(null, format, new object[] { arg0 }); }
        public static string Format(string format, object arg0, object arg1) { return Format(null, format, new object[] { arg0, arg1 }); }
        public static string Format(string format, object arg0, object arg1, object arg2) { return Format(null, format, new object[] { arg0, arg1, arg2 }); }
        public static string Format(string format, params object[] args) { return Format(null, format, args); }
        public static string Format(IFormatProvider provider, string format, object arg0) { return Format(provider, format, new object[] { arg0 }); }
        public static string Format(IFormatProvider provider, string format, params object[] args) {
            if (format == null || args == null) throw new ArgumentNullException(format == null ? "format" : "args");
            return new StringBuilder().AppendFormat(provider, format, args).ToString();
        }
    }

    [Serializable]
    public sealed class CharEnumerator : IEnumerator<char>, ICloneable {
        string s; int i = -1;
        internal CharEnumerator(string s) { this.s = s; }
        public bool MoveNext() { if (i < s.Length) i++; return i < s.Length; }
        public char Current {
            get {
                if (i < 0 || i >= s.Length) throw new InvalidOperationException("Enumeration has either not started or has already finished.");
                return s[i];
            }
        }
        object IEnumerator.Current { get { return Current; } }
        public void Reset() { i = -1; }
        public void Dispose() {}
        public object Clone() { return MemberwiseClone(); }
    }
}
