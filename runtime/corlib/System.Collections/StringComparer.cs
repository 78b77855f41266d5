using System.Collections;
using System.Collections.Generic;

namespace System {
    [Serializable]
    public abstract class StringComparer : IComparer, IEqualityComparer, IComparer<string>, IEqualityComparer<string> {
        static readonly StringComparer ordinal = new OrdinalComparer(false);
        static readonly StringComparer ordinalIgnoreCase = new OrdinalComparer(true);
        static readonly StringComparer culture = new CultureComparer(false);
        static readonly StringComparer cultureIgnoreCase = new CultureComparer(true);
        public static StringComparer Ordinal { get { return ordinal; } }
        public static StringComparer OrdinalIgnoreCase { get { return ordinalIgnoreCase; } }
        public static StringComparer InvariantCulture { get { return culture; } }
        public static StringComparer InvariantCultureIgnoreCase { get { return cultureIgnoreCase; } }
        public static StringComparer CurrentCulture { get { return culture; } }
        public static StringComparer CurrentCultureIgnoreCase { get { return cultureIgnoreCase; } }
        public abstract int Compare(string x, string y);
        public abstract bool Equals(string x, string y);
        public abstract int GetHashCode(string obj);
        public int Compare(object x, object y) {
            if (x == y) return 0;
            if (x == null) return -1;
            if (y == null) return 1;
            string a = x as string, b = y as string;
            if (a != null && b != null) return Compare(a, b);
            return Comparer.Default.Compare(x, y);
        }
        public new bool Equals(object x, object y) {
            string a = x as string, b = y as string;
            if (a != null && b != null) return Equals(a, b);
            return object.Equals(x, y);
        }
        public int GetHashCode(object obj) {
            if (obj == null) throw new ArgumentNullException("obj");
            string s = obj as string;
            return s != null ? GetHashCode(s) : obj.GetHashCode();
        }
        sealed class OrdinalComparer : StringComparer {
            bool ic;
            internal OrdinalComparer(bool ignoreCase) { ic = ignoreCase; }
            public override int Compare(string x, string y) { return string.Compare(x, y, ic ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal); }
            public override bool Equals(string x, string y) { return string.Equals(x, y, ic ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal); }
            public override int GetHashCode(string obj) {
                if (obj == null) throw new ArgumentNullException("obj");
                return ic ? obj.ToUpperInvariant().GetHashCode() : obj.GetHashCode();
            }
        }
        sealed class CultureComparer : StringComparer {
            bool ic;
            internal CultureComparer(bool ignoreCase) { ic = ignoreCase; }
            public override int Compare(string x, string y) { return string.Compare(x, y, ic); }
            public override bool Equals(string x, string y) { return string.Compare(x, y, ic) == 0; }
            public override int GetHashCode(string obj) {
                if (obj == null) throw new ArgumentNullException("obj");
                return ic ? obj.ToLowerInvariant().GetHashCode() : obj.GetHashCode();
            }
        }
    }
}
