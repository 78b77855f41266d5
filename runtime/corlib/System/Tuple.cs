using System.Collections.Generic;
using System.Text;

namespace System {
    public static class Tuple {
        public static Tuple<T1> Create<T1>(T1 item1) { return new Tuple<T1>(item1); }
        public static Tuple<T1, T2> Create<T1, T2>(T1 item1, T2 item2) { return new Tuple<T1, T2>(item1, item2); }
        public static Tuple<T1, T2, T3> Create<T1, T2, T3>(T1 item1, T2 item2, T3 item3) { return new Tuple<T1, T2, T3>(item1, item2, item3); }
        public static Tuple<T1, T2, T3, T4> Create<T1, T2, T3, T4>(T1 item1, T2 item2, T3 item3, T4 item4) { return new Tuple<T1, T2, T3, T4>(item1, item2, item3, item4); }
        internal static string Format(params object[] items) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < items.Length; i++) { if (i > 0) sb.Append(", "); sb.Append(items[i]); }
            return sb.Append(')').ToString();
        }
        internal static int Combine(int h1, int h2) { return ((h1 << 5) + h1) ^ h2; }
        internal static int Hash<T>(T x) { return x == null ? 0 : EqualityComparer<T>.Default.GetHashCode(x); }
        internal static bool Eq<T>(T a, T b) { return EqualityComparer<T>.Default.Equals(a, b); }
    }

    [Serializable]
    public class Tuple<T1> {
        readonly T1 item1;
        public Tuple(T1 item1) { this.item1 = item1; }
        public T1 Item1 { get { return item1; } }
        public override bool Equals(object obj) { Tuple<T1> t = obj as Tuple<T1>; return t != null && Tuple.Eq(item1, t.item1); }
        public override int GetHashCode() { return Tuple.Hash(item1); }
        public override string ToString() { return Tuple.Format(item1); }
    }

    [Serializable]
    public class Tuple<T1, T2> {
        readonly T1 item1; readonly T2 item2;
        public Tuple(T1 item1, T2 item2) { this.item1 = item1; this.item2 = item2; }
        public T1 Item1 { get { return item1; } }
        public T2 Item2 { get { return item2; } }
        public override bool Equals(object obj) { Tuple<T1, T2> t = obj as Tuple<T1, T2>; return t != null && Tuple.Eq(item1, t.item1) && Tuple.Eq(item2, t.item2); }
        public override int GetHashCode() { return Tuple.Combine(Tuple.Hash(item1), Tuple.Hash(item2)); }
        public override string ToString() { return Tuple.Format(item1, item2); }
    }

    [Serializable]
    public class Tuple<T1, T2, T3> {
        readonly T1 item1; readonly T2 item2; readonly T3 item3;
        public Tuple(T1 item1, T2 item2, T3 item3) { this.item1 = item1; this.item2 = item2; this.item3 = item3; }
        public T1 Item1 { get { return item1; } }
        public T2 Item2 { get { return item2; } }
        public T3 Item3 { get { return item3; } }
        public override bool Equals(object obj) { Tuple<T1, T2, T3> t = obj as Tuple<T1, T2, T3>; return t != null && Tuple.Eq(item1, t.item1) && Tuple.Eq(item2, t.item2) && Tuple.Eq(item3, t.item3); }
        public override int GetHashCode() { return Tuple.Combine(Tuple.Combine(Tuple.Hash(item1), Tuple.Hash(item2)), Tuple.Hash(item3)); }
        public override string ToString() { return Tuple.Format(item1, item2, item3); }
    }

    [Serializable]
    public class Tuple<T1, T2, T3, T4> {
        readonly T1 item1; readonly T2 item2; readonly T3 item3; readonly T4 item4;
        public Tuple(T1 item1, T2 item2, T3 item3, T4 item4) { this.item1 = item1; this.item2 = item2; this.item3 = item3; this.item4 = item4; }
        public T1 Item1 { get { return item1; } }
        public T2 Item2 { get { return item2; } }
        public T3 Item3 { get { return item3; } }
        public T4 Item4 { get { return item4; } }
        public override bool Equals(object obj) {
            Tuple<T1, T2, T3, T4> t = obj as Tuple<T1, T2, T3, T4>;
            return t != null && Tuple.Eq(item1, t.item1) && Tuple.Eq(item2, t.item2) && Tuple.Eq(item3, t.item3) && Tuple.Eq(item4, t.item4);
        }
        public override int GetHashCode() { return Tuple.Combine(Tuple.Combine(Tuple.Combine(Tuple.Hash(item1), Tuple.Hash(item2)), Tuple.Hash(item3)), Tuple.Hash(item4)); }
        public override string ToString() { return Tuple.Format(item1, item2, item3, item4); }
    }
}
