using System.Runtime.CompilerServices;
using System.Text;

namespace System {
    [Serializable]
    public abstract class Enum : ValueType, IComparable, IFormattable, IConvertible {
        protected Enum() {}
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string[] GetEnumNames(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern long[] GetEnumValues(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern long GetUnderlyingValue(object boxedEnum);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern IntPtr GetUnderlyingKlass(IntPtr enumKlass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern object BoxEnum(IntPtr enumKlass, long value);

        static IntPtr Klass(Type t) {
            RuntimeType r = t as RuntimeType;
            if (r == null) throw new ArgumentNullException("enumType");
            if (!r.IsEnum) throw new ArgumentException("Type provided must be an Enum.", "enumType");
            return r._klass;
        }
        internal static Type UnderlyingType(RuntimeType t) {
            // The runtime's underlying class becomes a Type through a boxed default value.
            object o = BoxUnderlying(GetUnderlyingKlass(t._klass));
            return o.GetType();
        }
        static object BoxUnderlying(IntPtr klass) {
            return RuntimeType.CreateInstanceDefault(klass);
        }
        long Value { get { return GetUnderlyingValue(this); } }
        bool IsUnsigned64 { get { return GetType().GetEnumUnderlyingType() == typeof(ulong); } }

        public static string[] GetNames(Type enumType) { return GetEnumNames(Klass(enumType)); }
        public static Array GetValues(Type enumType) {
            IntPtr k = Klass(enumType);
            long[] v = GetEnumValues(k);
            int[] order = SortedOrder(v);
            Array r = Array.CreateInstance(enumType, v.Length);
            for (int i = 0; i < v.Length; i++) r.SetValue(BoxEnum(k, v[order[i]]), i);
            return r;
        }
        static int[] SortedOrder(long[] v) {
            int[] idx = new int[v.Length];
            for (int i = 0; i < idx.Length; i++) idx[i] = i;
            // Stable insertion sort by unsigned value, as .NET orders enum values.
            for (int i = 1; i < idx.Length; i++) {
                int x = idx[i], j = i - 1;
                while (j >= 0 && (ulong)v[idx[j]] > (ulong)v[x]) { idx[j + 1] = idx[j]; j--; }
                idx[j + 1] = x;
            }
            return idx;
        }
        public static string GetName(Type enumType, object value) {
            if (value == null) throw new ArgumentNullException("value");
            IntPtr k = Klass(enumType);
            long v = value is Enum ? GetUnderlyingValue(value) : Convert.ToInt64(value);
            string[] n = GetEnumNames(k);
            long[] vals = GetEnumValues(k);
            int[] order = SortedOrder(vals);
            foreach (int i in order) if (vals[i] == v) return n[i];
            return null;
        }
        public static bool IsDefined(Type enumType, object value) {
            if (value is string) return Array.IndexOf(GetNames(enumType), (string)value) >= 0;
            return GetName(enumType, value) != null;
        }
        public static Type GetUnderlyingType(Type enumType) { return enumType.GetEnumUnderlyingType(); }
        public static object ToObject(Type enumType, object value) { return BoxEnum(Klass(enumType), Convert.ToInt64(value)); }
        public static object ToObject(Type enumType, int value) { return BoxEnum(Klass(enumType), value); }
        public static object ToObject(Type enumType, long value) { return BoxEnum(Klass(enumType), value); }
        public static object Parse(Type enumType, string value) { return Parse(enumType, value, false); }
        public static object Parse(Type enumType, string value, bool ignoreCase) {
            if (value == null) throw new ArgumentNullException("value");
            IntPtr k = Klass(enumType);
            string s = value.Trim();
            if (s.Length == 0) throw new ArgumentException("Must specify valid information for parsing in the string.", "value");
            long n;
            if ((Char.IsDigit(s[0]) || s[0] == '-' || s[0] == '+') && long.TryParse(s, out n)) return BoxEnum(k, n);
            string[] names = GetEnumNames(k);
            long[] vals = GetEnumValues(k);
            long acc = 0;
            foreach (string part in s.Split(',')) {
                string p = part.Trim();
                int found = -1;
                for (int i = 0; i < names.Length; i++)
                    if (string.Compare(names[i], p, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) == 0) { found = i; break; }
                if (found < 0) throw new ArgumentException("Requested value '" + p + "' was not found.");
                acc |= vals[found];
            }
            return BoxEnum(k, acc);
        }
        public static bool TryParse<TEnum>(string value, out TEnum result) where TEnum : struct {
            try { result = (TEnum)Parse(typeof(TEnum), value, false); return true; }
            catch (ArgumentException) { result = default(TEnum); return false; }
        }
        public static bool TryParse<TEnum>(string value, bool ignoreCase, out TEnum result) where TEnum : struct {
            try { result = (TEnum)Parse(typeof(TEnum), value, ignoreCase); return true; }
            catch (ArgumentException) { result = default(TEnum); return false; }
        }
        public static string Format(Type enumType, object value, string format) { return ((Enum)ToObject(enumType, value)).ToString(format); }

        public override string ToString() {
            IntPtr k = ((RuntimeType)GetType())._klass;
            string[] names = GetEnumNames(k);
            long[] vals = GetEnumValues(k);
            long v = Value;
            int[] order = SortedOrder(vals);
            foreach (int i in order) if (vals[i] == v) return names[i];
            if (RuntimeType.HasAttribute(k, "System.FlagsAttribute")) {
                string f = FlagsString(names, vals, order, v);
                if (f != null) return f;
            }
            return IsUnsigned64 ? ((ulong)v).ToString() : v.ToString();
        }
        static string FlagsString(string[] names, long[] vals, int[] order, long v) {
            if (v == 0) return null;
            long rest = v;
            StringBuilder sb = new StringBuilder();
            for (int j = order.Length - 1; j >= 0; j--) {
                int i = order[j];
                long f = vals[i];
                if (f != 0 && (rest & f) == f) {
                    rest &= ~f;
                    sb.Insert(0, sb.Length > 0 ? names[i] + ", " : names[i]);
                }
            }
            return rest != 0 ? null : sb.ToString();
        }
        public string ToString(string format) {
            if (string.IsNullOrEmpty(format) || format == "G" || format == "g") return ToString();
            long v = Value;
            switch (format) {
                case "D": case "d": return IsUnsigned64 ? ((ulong)v).ToString() : v.ToString();
                case "X": case "x": {
                    int size = Size();
                    string h = ((ulong)v).ToString("X" + (size * 2));
                    if (h.Length > size * 2) h = h.Substring(h.Length - size * 2);
                    return format == "x" ? h.ToLowerInvariant() : h;
                }
                case "F": case "f": {
                    IntPtr k = ((RuntimeType)GetType())._klass;
                    string[] names = GetEnumNames(k);
                    long[] vals = GetEnumValues(k);
                    int[] order = SortedOrder(vals);
                    foreach (int i in order) if (vals[i] == v) return names[i];
                    return FlagsString(names, vals, order, v) ?? v.ToString();
                }
                default: throw new FormatException("Format String can be only \"G\", \"g\", \"X\", \"x\", \"F\", \"f\", \"D\" or \"d\".");
            }
        }
        int Size() {
            Type u = GetType().GetEnumUnderlyingType();
            if (u == typeof(byte) || u == typeof(sbyte)) return 1;
            if (u == typeof(short) || u == typeof(ushort)) return 2;
            if (u == typeof(long) || u == typeof(ulong)) return 8;
            return 4;
        }
        public string ToString(IFormatProvider provider) { return ToString(); }
        public string ToString(string format, IFormatProvider provider) { return ToString(format); }
        public override bool Equals(object obj) {
            return obj != null && obj.GetType() == GetType() && GetUnderlyingValue(obj) == Value;
        }
        public override int GetHashCode() { long v = Value; return (int)v ^ (int)(v >> 32); }
        public int CompareTo(object target) {
            if (target == null) return 1;
            if (target.GetType() != GetType()) throw new ArgumentException("Object must be the same type as the enum. The type passed in was '" + target.GetType().FullName + "'; the enum type was '" + GetType().FullName + "'.");
            long a = Value, b = GetUnderlyingValue(target);
            if (IsUnsigned64) return ((ulong)a).CompareTo((ulong)b);
            return a.CompareTo(b);
        }
        public bool HasFlag(Enum flag) {
            if (flag == null) throw new ArgumentNullException("flag");
            long f = GetUnderlyingValue(flag);
            return (Value & f) == f;
        }
        public TypeCode GetTypeCode() { return Type.GetTypeCode(GetType().GetEnumUnderlyingType()); }
    }
}
