namespace System.Collections {
    public interface IEnumerable { IEnumerator GetEnumerator(); }
    public interface IEnumerator { bool MoveNext(); object Current { get; } void Reset(); }
    public interface ICollection : IEnumerable {
        int Count { get; }
        bool IsSynchronized { get; }
        object SyncRoot { get; }
        void CopyTo(Array array, int index);
    }
    public interface IList : ICollection {
        object this[int index] { get; set; }
        int Add(object value);
        void Clear();
        bool Contains(object value);
        int IndexOf(object value);
        void Insert(int index, object value);
        void Remove(object value);
        void RemoveAt(int index);
        bool IsFixedSize { get; }
        bool IsReadOnly { get; }
    }
    public interface IComparer { int Compare(object x, object y); }
    public interface IEqualityComparer { bool Equals(object x, object y); int GetHashCode(object obj); }
    public interface IDictionary : ICollection {
        object this[object key] { get; set; }
        void Add(object key, object value);
        bool Contains(object key);
        void Remove(object key);
        void Clear();
        ICollection Keys { get; }
        ICollection Values { get; }
    }
    public interface IStructuralEquatable {}
    public interface IStructuralComparable {}

    [Serializable]
    public sealed class Comparer : IComparer {
        public static readonly Comparer Default = new Comparer();
        public static readonly Comparer DefaultInvariant = Default;
        public int Compare(object a, object b) {
            if (a == b) return 0;
            if (a == null) return -1;
            if (b == null) return 1;
            string sa = a as string, sb = b as string;
            if (sa != null && sb != null) return string.Compare(sa, sb);
            IComparable ia = a as IComparable;
            if (ia != null) return ia.CompareTo(b);
            IComparable ib = b as IComparable;
            if (ib != null) return -ib.CompareTo(a);
            throw new ArgumentException("At least one object must implement IComparable.");
        }
    }
}

namespace System.Collections.Generic {
    public interface IEnumerable<out T> : IEnumerable { new IEnumerator<T> GetEnumerator(); }
    public interface IEnumerator<out T> : IDisposable, IEnumerator { new T Current { get; } }
    public interface ICollection<T> : IEnumerable<T> {
        int Count { get; }
        bool IsReadOnly { get; }
        void Add(T item);
        void Clear();
        bool Contains(T item);
        void CopyTo(T[] array, int arrayIndex);
        bool Remove(T item);
    }
    public interface IList<T> : ICollection<T> {
        T this[int index] { get; set; }
        int IndexOf(T item);
        void Insert(int index, T item);
        void RemoveAt(int index);
    }
    public interface IReadOnlyCollection<out T> : IEnumerable<T> { int Count { get; } }
    public interface IReadOnlyList<out T> : IReadOnlyCollection<T> { T this[int index] { get; } }
    public interface IComparer<in T> { int Compare(T x, T y); }
    public interface IEqualityComparer<in T> { bool Equals(T x, T y); int GetHashCode(T obj); }
    public interface IDictionary<TKey, TValue> : ICollection<KeyValuePair<TKey, TValue>> {
        TValue this[TKey key] { get; set; }
        ICollection<TKey> Keys { get; }
        ICollection<TValue> Values { get; }
        bool ContainsKey(TKey key);
        void Add(TKey key, TValue value);
        bool Remove(TKey key);
        bool TryGetValue(TKey key, out TValue value);
    }
    public interface IReadOnlyDictionary<TKey, TValue> : IReadOnlyCollection<KeyValuePair<TKey, TValue>> {
        TValue this[TKey key] { get; }
        IEnumerable<TKey> Keys { get; }
        IEnumerable<TValue> Values { get; }
        bool ContainsKey(TKey key);
        bool TryGetValue(TKey key, out TValue value);
    }
    public interface ISet<T> : ICollection<T> { new bool Add(T item); }

    [Serializable]
    public struct KeyValuePair<TKey, TValue> {
        TKey key; TValue value;
        public KeyValuePair(TKey key, TValue value) { this.key = key; this.value = value; }
        public TKey Key { get { return key; } }
        public TValue Value { get { return value; } }
        public override string ToString() {
            return "[" + (key == null ? "" : key.ToString()) + ", " + (value == null ? "" : value.ToString()) + "]";
        }
    }

    [Serializable]
    public abstract class Comparer<T> : IComparer<T>, IComparer {
        static Comparer<T> def;
        public static Comparer<T> Default { get { return def ?? (def = new DefaultComparer<T>()); } }
        public abstract int Compare(T x, T y);
        int IComparer.Compare(object x, object y) { return Compare((T)x, (T)y); }
        public static Comparer<T> Create(Comparison<T> comparison) { return new ComparisonComparer<T>(comparison); }
    }
    sealed class ComparisonComparer<T> : Comparer<T> {
        Comparison<T> c;
        internal ComparisonComparer(Comparison<T> c) { this.c = c; }
        public override int Compare(T x, T y) { return c(x, y); }
    }
    // Uses IComparable<T>, then IComparable, as .NET's default comparer does.
    sealed class DefaultComparer<T> : Comparer<T> {
        public override int Compare(T x, T y) {
            if (x == null) return y == null ? 0 : -1;
            if (y == null) return 1;
            IComparable<T> g = x as IComparable<T>;
            if (g != null) return g.CompareTo(y);
            IComparable c = x as IComparable;
            if (c != null) return c.CompareTo(y);
            throw new ArgumentException("At least one object must implement IComparable.");
        }
    }

    [Serializable]
    public abstract class EqualityComparer<T> : IEqualityComparer<T>, IEqualityComparer {
        static EqualityComparer<T> def;
        public static EqualityComparer<T> Default { get { return def ?? (def = Create()); } }
        // The common key types get comparers that neither box nor cast
        // (as .NET specialises its default comparers).
        static EqualityComparer<T> Create() {
            if (typeof(T) == typeof(int)) return (EqualityComparer<T>)(object)new Int32EqualityComparer();
            if (typeof(T) == typeof(long)) return (EqualityComparer<T>)(object)new Int64EqualityComparer();
            if (typeof(T) == typeof(char)) return (EqualityComparer<T>)(object)new CharEqualityComparer();
            if (typeof(T) == typeof(string)) return (EqualityComparer<T>)(object)new StringEqualityComparer();
            return new DefaultEqualityComparer<T>();
        }
        public abstract bool Equals(T x, T y);
        public abstract int GetHashCode(T obj);
        bool IEqualityComparer.Equals(object x, object y) { return Equals((T)x, (T)y); }
        int IEqualityComparer.GetHashCode(object obj) { return obj == null ? 0 : GetHashCode((T)obj); }
    }
    sealed class Int32EqualityComparer : EqualityComparer<int> {
        public override bool Equals(int x, int y) { return x == y; }
        public override int GetHashCode(int obj) { return obj; }
    }
    sealed class Int64EqualityComparer : EqualityComparer<long> {
        public override bool Equals(long x, long y) { return x == y; }
        public override int GetHashCode(long obj) { return obj.GetHashCode(); }
    }
    sealed class CharEqualityComparer : EqualityComparer<char> {
        public override bool Equals(char x, char y) { return x == y; }
        public override int GetHashCode(char obj) { return obj.GetHashCode(); }
    }
    sealed class StringEqualityComparer : EqualityComparer<string> {
        public override bool Equals(string x, string y) { return string.Equals(x, y); }
        public override int GetHashCode(string obj) { return obj == null ? 0 : obj.GetHashCode(); }
    }
    sealed class DefaultEqualityComparer<T> : EqualityComparer<T> {
        public override bool Equals(T x, T y) {
            if (x == null) return y == null;
            if (y == null) return false;
            IEquatable<T> e = x as IEquatable<T>;
            if (e != null) return e.Equals(y);
            return x.Equals(y);
        }
        public override int GetHashCode(T obj) { return obj == null ? 0 : obj.GetHashCode(); }
    }
}
