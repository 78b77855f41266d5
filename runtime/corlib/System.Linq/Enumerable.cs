using System.Collections;
using System.Collections.Generic;

namespace System.Linq {
    public interface IGrouping<out TKey, out TElement> : IEnumerable<TElement> { TKey Key { get; } }
    public interface IOrderedEnumerable<TElement> : IEnumerable<TElement> {
        IOrderedEnumerable<TElement> CreateOrderedEnumerable<TKey>(Func<TElement, TKey> keySelector, IComparer<TKey> comparer, bool descending);
    }
    public interface ILookup<TKey, TElement> : IEnumerable<IGrouping<TKey, TElement>> {
        int Count { get; }
        IEnumerable<TElement> this[TKey key] { get; }
        bool Contains(TKey key);
    }

    public static class Enumerable {
        static ArgumentNullException Null(string name) { return new ArgumentNullException(name); }
        static InvalidOperationException NoElements() { return new InvalidOperationException("Sequence contains no elements"); }

        public static IEnumerable<TSource> Where<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) {
            if (source == null) throw Null("source");
            if (predicate == null) throw Null("predicate");
            return WhereIterator(source, predicate);
        }
        static IEnumerable<T> WhereIterator<T>(IEnumerable<T> source, Func<T, bool> predicate) { foreach (T x in source) if (predicate(x)) yield return x; }
        public static IEnumerable<TSource> Where<TSource>(this IEnumerable<TSource> source, Func<TSource, int, bool> predicate) {
            if (source == null) throw Null("source");
            return WhereIndexed(source, predicate);
        }
        static IEnumerable<T> WhereIndexed<T>(IEnumerable<T> source, Func<T, int, bool> predicate) { int i = 0; foreach (T x in source) if (predicate(x, i++)) yield return x; }
        public static IEnumerable<TResult> Select<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, TResult> selector) {
            if (source == null) throw Null("source");
            if (selector == null) throw Null("selector");
            return SelectIterator(source, selector);
        }
        static IEnumerable<R> SelectIterator<T, R>(IEnumerable<T> source, Func<T, R> selector) { foreach (T x in source) yield return selector(x); }
        public static IEnumerable<TResult> Select<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, int, TResult> selector) {
            if (source == null) throw Null("source");
            return SelectIndexed(source, selector);
        }
        static IEnumerable<R> SelectIndexed<T, R>(IEnumerable<T> source, Func<T, int, R> selector) { int i = 0; foreach (T x in source) yield return selector(x, i++); }
        public static IEnumerable<TResult> SelectMany<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, IEnumerable<TResult>> selector) {
            if (source == null) throw Null("source");
            return SelectManyIterator(source, selector);
        }
        static IEnumerable<R> SelectManyIterator<T, R>(IEnumerable<T> source, Func<T, IEnumerable<R>> selector) { foreach (T x in source) foreach (R r in selector(x)) yield return r; }
        public static IEnumerable<TResult> SelectMany<TSource, TCollection, TResult>(this IEnumerable<TSource> source, Func<TSource, IEnumerable<TCollection>> collectionSelector, Func<TSource, TCollection, TResult> resultSelector) {
            return SelectManyResult(source, collectionSelector, resultSelector);
        }
        static IEnumerable<R> SelectManyResult<T, C, R>(IEnumerable<T> source, Func<T, IEnumerable<C>> cs, Func<T, C, R> rs) { foreach (T x in source) foreach (C c in cs(x)) yield return rs(x, c); }
        public static IEnumerable<TSource> Take<TSource>(this IEnumerable<TSource> source, int count) { if (source == null) throw Null("source"); return TakeIterator(source, count); }
        static IEnumerable<T> TakeIterator<T>(IEnumerable<T> source, int count) {
            if (count <= 0) yield break;
            foreach (T x in source) { yield return x; if (--count == 0) yield break; }
        }
        public static IEnumerable<TSource> Skip<TSource>(this IEnumerable<TSource> source, int count) { if (source == null) throw Null("source"); return SkipIterator(source, count); }
        static IEnumerable<T> SkipIterator<T>(IEnumerable<T> source, int count) { foreach (T x in source) { if (count > 0) { count--; continue; } yield return x; } }
        public static IEnumerable<TSource> TakeWhile<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { return TakeWhileIterator(source, predicate); }
        static IEnumerable<T> TakeWhileIterator<T>(IEnumerable<T> source, Func<T, bool> p) { foreach (T x in source) { if (!p(x)) yield break; yield return x; } }
        public static IEnumerable<TSource> SkipWhile<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { return SkipWhileIterator(source, predicate); }
        static IEnumerable<T> SkipWhileIterator<T>(IEnumerable<T> source, Func<T, bool> p) { bool yielding = false; foreach (T x in source) { if (!yielding && !p(x)) yielding = true; if (yielding) yield return x; } }
        public static IEnumerable<TSource> Concat<TSource>(this IEnumerable<TSource> first, IEnumerable<TSource> second) {
            if (first == null) throw Null("first");
            if (second == null) throw Null("second");
            return ConcatIterator(first, second);
        }
        static IEnumerable<T> ConcatIterator<T>(IEnumerable<T> a, IEnumerable<T> b) { foreach (T x in a) yield return x; foreach (T x in b) yield return x; }
        public static IEnumerable<TResult> Zip<TFirst, TSecond, TResult>(this IEnumerable<TFirst> first, IEnumerable<TSecond> second, Func<TFirst, TSecond, TResult> resultSelector) { return ZipIterator(first, second, resultSelector); }
        static IEnumerable<R> ZipIterator<A, B, R>(IEnumerable<A> a, IEnumerable<B> b, Func<A, B, R> f) {
            using (IEnumerator<A> ea = a.GetEnumerator()) using (IEnumerator<B> eb = b.GetEnumerator())
                while (ea.MoveNext() && eb.MoveNext()) yield return f(ea.Current, eb.Current);
        }
        public static IEnumerable<TSource> Distinct<TSource>(this IEnumerable<TSource> source) { return Distinct(source, null); }
        public static IEnumerable<TSource> Distinct<TSource>(this IEnumerable<TSource> source, IEqualityComparer<TSource> comparer) { if (source == null) throw Null("source"); return DistinctIterator(source, comparer); }
        static IEnumerable<T> DistinctIterator<T>(IEnumerable<T> source, IEqualityComparer<T> c) { HashSet<T> seen = new HashSet<T>(c); foreach (T x in source) if (seen.Add(x)) yield return x; }
        public static IEnumerable<TSource> Union<TSource>(this IEnumerable<TSource> first, IEnumerable<TSource> second) { return Distinct(Concat(first, second)); }
        public static IEnumerable<TSource> Intersect<TSource>(this IEnumerable<TSource> first, IEnumerable<TSource> second) { return IntersectIterator(first, second); }
        static IEnumerable<T> IntersectIterator<T>(IEnumerable<T> a, IEnumerable<T> b) { HashSet<T> s = new HashSet<T>(b); foreach (T x in a) if (s.Remove(x)) yield return x; }
        public static IEnumerable<TSource> Except<TSource>(this IEnumerable<TSource> first, IEnumerable<TSource> second) { return ExceptIterator(first, second); }
        static IEnumerable<T> ExceptIterator<T>(IEnumerable<T> a, IEnumerable<T> b) { HashSet<T> s = new HashSet<T>(b); foreach (T x in a) if (s.Add(x)) yield return x; }
        public static IEnumerable<TSource> Reverse<TSource>(this IEnumerable<TSource> source) { if (source == null) throw Null("source"); return ReverseIterator(source); }
        static IEnumerable<T> ReverseIterator<T>(IEnumerable<T> source) { T[] a = ToArray(source); for (int i = a.Length - 1; i >= 0; i--) yield return a[i]; }
        public static IEnumerable<int> Range(int start, int count) {
            if (count < 0 || (long)start + count - 1 > int.MaxValue) throw new ArgumentOutOfRangeException("count");
            return RangeIterator(start, count);
        }
        static IEnumerable<int> RangeIterator(int start, int count) { for (int i = 0; i < count; i++) yield return start + i; }
        public static IEnumerable<TResult> Repeat<TResult>(TResult element, int count) {
            if (count < 0) throw new ArgumentOutOfRangeException("count");
            return RepeatIterator(element, count);
        }
        static IEnumerable<T> RepeatIterator<T>(T e, int count) { for (int i = 0; i < count; i++) yield return e; }
        public static IEnumerable<TResult> Empty<TResult>() { return new TResult[0]; }
        public static IEnumerable<TResult> Cast<TResult>(this IEnumerable source) { if (source == null) throw Null("source"); return CastIterator<TResult>(source); }
        static IEnumerable<T> CastIterator<T>(IEnumerable source) { foreach (object o in source) yield return (T)o; }
        public static IEnumerable<TResult> OfType<TResult>(this IEnumerable source) { if (source == null) throw Null("source"); return OfTypeIterator<TResult>(source); }
        static IEnumerable<T> OfTypeIterator<T>(IEnumerable source) { foreach (object o in source) if (o is T) yield return (T)o; }
        public static IEnumerable<TSource> AsEnumerable<TSource>(this IEnumerable<TSource> source) { return source; }
        public static IEnumerable<TSource> DefaultIfEmpty<TSource>(this IEnumerable<TSource> source) { return DefaultIfEmpty(source, default(TSource)); }
        public static IEnumerable<TSource> DefaultIfEmpty<TSource>(this IEnumerable<TSource> source, TSource defaultValue) { return DefaultIfEmptyIterator(source, defaultValue); }
        static IEnumerable<T> DefaultIfEmptyIterator<T>(IEnumerable<T> source, T d) { bool any = false; foreach (T x in source) { any = true; yield return x; } if (!any) yield return d; }

        // ---- ordering and grouping ----
        public static IOrderedEnumerable<TSource> OrderBy<TSource, TKey>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector) { return new OrderedEnumerable<TSource, TKey>(source, null, keySelector, null, false); }
        public static IOrderedEnumerable<TSource> OrderBy<TSource, TKey>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector, IComparer<TKey> comparer) { return new OrderedEnumerable<TSource, TKey>(source, null, keySelector, comparer, false); }
        public static IOrderedEnumerable<TSource> OrderByDescending<TSource, TKey>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector) { return new OrderedEnumerable<TSource, TKey>(source, null, keySelector, null, true); }
        public static IOrderedEnumerable<TSource> OrderByDescending<TSource, TKey>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector, IComparer<TKey> comparer) { return new OrderedEnumerable<TSource, TKey>(source, null, keySelector, comparer, true); }
        public static IOrderedEnumerable<TSource> ThenBy<TSource, TKey>(this IOrderedEnumerable<TSource> source, Func<TSource, TKey> keySelector) { return source.CreateOrderedEnumerable(keySelector, null, false); }
        public static IOrderedEnumerable<TSource> ThenByDescending<TSource, TKey>(this IOrderedEnumerable<TSource> source, Func<TSource, TKey> keySelector) { return source.CreateOrderedEnumerable(keySelector, null, true); }
        public static IEnumerable<IGrouping<TKey, TSource>> GroupBy<TSource, TKey>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector) { return GroupByIterator(source, keySelector, x => x, null); }
        public static IEnumerable<IGrouping<TKey, TElement>> GroupBy<TSource, TKey, TElement>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector, Func<TSource, TElement> elementSelector) { return GroupByIterator(source, keySelector, elementSelector, null); }
        public static IEnumerable<TResult> GroupBy<TSource, TKey, TResult>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector, Func<TKey, IEnumerable<TSource>, TResult> resultSelector) {
            return Select(GroupByIterator(source, keySelector, x => x, null), g => resultSelector(g.Key, g));
        }
        static IEnumerable<IGrouping<K, E>> GroupByIterator<T, K, E>(IEnumerable<T> source, Func<T, K> key, Func<T, E> element, IEqualityComparer<K> comparer) {
            if (source == null) throw Null("source");
            Dictionary<K, Grouping<K, E>> map = new Dictionary<K, Grouping<K, E>>(comparer);
            List<Grouping<K, E>> order = new List<Grouping<K, E>>();
            Grouping<K, E> nullGroup = null;
            foreach (T x in source) {
                K k = key(x);
                Grouping<K, E> g;
                if (k == null) {
                    if (nullGroup == null) { nullGroup = new Grouping<K, E>(k); order.Add(nullGroup); }
                    g = nullGroup;
                } else if (!map.TryGetValue(k, out g)) { g = new Grouping<K, E>(k); map[k] = g; order.Add(g); }
                g.Items.Add(element(x));
            }
            foreach (Grouping<K, E> g in order) yield return g;
        }
        public static ILookup<TKey, TSource> ToLookup<TSource, TKey>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector) {
            return new Lookup<TKey, TSource>(GroupByIterator(source, keySelector, x => x, null));
        }
        public static IEnumerable<TResult> Join<TOuter, TInner, TKey, TResult>(this IEnumerable<TOuter> outer, IEnumerable<TInner> inner, Func<TOuter, TKey> outerKeySelector, Func<TInner, TKey> innerKeySelector, Func<TOuter, TInner, TResult> resultSelector) {
            return JoinIterator(outer, inner, outerKeySelector, innerKeySelector, resultSelector);
        }
        static IEnumerable<R> JoinIterator<O, I, K, R>(IEnumerable<O> outer, IEnumerable<I> inner, Func<O, K> ok, Func<I, K> ik, Func<O, I, R> rs) {
            ILookup<K, I> look = ToLookup(inner, ik);
            foreach (O o in outer) foreach (I i in look[ok(o)]) yield return rs(o, i);
        }

        // ---- aggregates and element access ----
        public static List<TSource> ToList<TSource>(this IEnumerable<TSource> source) { if (source == null) throw Null("source"); return new List<TSource>(source); }
        public static TSource[] ToArray<TSource>(this IEnumerable<TSource> source) { if (source == null) throw Null("source"); return new List<TSource>(source).ToArray(); }
        public static Dictionary<TKey, TSource> ToDictionary<TSource, TKey>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector) { return ToDictionary(source, keySelector, x => x); }
        public static Dictionary<TKey, TElement> ToDictionary<TSource, TKey, TElement>(this IEnumerable<TSource> source, Func<TSource, TKey> keySelector, Func<TSource, TElement> elementSelector) {
            if (source == null) throw Null("source");
            Dictionary<TKey, TElement> d = new Dictionary<TKey, TElement>();
            foreach (TSource x in source) d.Add(keySelector(x), elementSelector(x));
            return d;
        }
        public static HashSet<TSource> ToHashSet<TSource>(this IEnumerable<TSource> source) { return new HashSet<TSource>(source); }
        public static int Count<TSource>(this IEnumerable<TSource> source) {
            if (source == null) throw Null("source");
            ICollection<TSource> c = source as ICollection<TSource>;
            if (c != null) return c.Count;
            int n = 0; using (IEnumerator<TSource> e = source.GetEnumerator()) while (e.MoveNext()) n++;
            return n;
        }
        public static int Count<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { int n = 0; foreach (TSource x in source) if (predicate(x)) n++; return n; }
        public static long LongCount<TSource>(this IEnumerable<TSource> source) { return Count(source); }
        public static bool Any<TSource>(this IEnumerable<TSource> source) { if (source == null) throw Null("source"); using (IEnumerator<TSource> e = source.GetEnumerator()) return e.MoveNext(); }
        public static bool Any<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { foreach (TSource x in source) if (predicate(x)) return true; return false; }
        public static bool All<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { foreach (TSource x in source) if (!predicate(x)) return false; return true; }
        public static bool Contains<TSource>(this IEnumerable<TSource> source, TSource value) {
            ICollection<TSource> c = source as ICollection<TSource>;
            if (c != null) return c.Contains(value);
            EqualityComparer<TSource> eq = EqualityComparer<TSource>.Default;
            foreach (TSource x in source) if (eq.Equals(x, value)) return true;
            return false;
        }
        public static bool SequenceEqual<TSource>(this IEnumerable<TSource> first, IEnumerable<TSource> second) {
            EqualityComparer<TSource> eq = EqualityComparer<TSource>.Default;
            using (IEnumerator<TSource> a = first.GetEnumerator()) using (IEnumerator<TSource> b = second.GetEnumerator()) {
                while (a.MoveNext()) if (!b.MoveNext() || !eq.Equals(a.Current, b.Current)) return false;
                return !b.MoveNext();
            }
        }
        public static TSource First<TSource>(this IEnumerable<TSource> source) { foreach (TSource x in source) return x; throw NoElements(); }
        public static TSource First<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { foreach (TSource x in source) if (predicate(x)) return x; throw new InvalidOperationException("Sequence contains no matching element"); }
        public static TSource FirstOrDefault<TSource>(this IEnumerable<TSource> source) { foreach (TSource x in source) return x; return default(TSource); }
        public static TSource FirstOrDefault<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { foreach (TSource x in source) if (predicate(x)) return x; return default(TSource); }
        public static TSource Last<TSource>(this IEnumerable<TSource> source) { bool any = false; TSource r = default(TSource); foreach (TSource x in source) { any = true; r = x; } if (!any) throw NoElements(); return r; }
        public static TSource Last<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { bool any = false; TSource r = default(TSource); foreach (TSource x in source) if (predicate(x)) { any = true; r = x; } if (!any) throw new InvalidOperationException("Sequence contains no matching element"); return r; }
        public static TSource LastOrDefault<TSource>(this IEnumerable<TSource> source) { TSource r = default(TSource); foreach (TSource x in source) r = x; return r; }
        public static TSource LastOrDefault<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { TSource r = default(TSource); foreach (TSource x in source) if (predicate(x)) r = x; return r; }
        public static TSource Single<TSource>(this IEnumerable<TSource> source) {
            int n = 0; TSource r = default(TSource);
            foreach (TSource x in source) { r = x; if (++n > 1) throw new InvalidOperationException("Sequence contains more than one element"); }
            if (n == 0) throw NoElements();
            return r;
        }
        public static TSource Single<TSource>(this IEnumerable<TSource> source, Func<TSource, bool> predicate) { return Single(Where(source, predicate)); }
        public static TSource SingleOrDefault<TSource>(this IEnumerable<TSource> source) {
            int n = 0; TSource r = default(TSource);
            foreach (TSource x in source) { r = x; if (++n > 1) throw new InvalidOperationException("Sequence contains more than one element"); }
            return r;
        }
        public static TSource ElementAt<TSource>(this IEnumerable<TSource> source, int index) {
            IList<TSource> l = source as IList<TSource>;
            if (l != null) return l[index];
            if (index >= 0) foreach (TSource x in source) if (index-- == 0) return x;
            throw new ArgumentOutOfRangeException("index");
        }
        public static TSource ElementAtOrDefault<TSource>(this IEnumerable<TSource> source, int index) {
            if (index >= 0) foreach (TSource x in source) if (index-- == 0) return x;
            return default(TSource);
        }
        public static TSource Aggregate<TSource>(this IEnumerable<TSource> source, Func<TSource, TSource, TSource> func) {
            using (IEnumerator<TSource> e = source.GetEnumerator()) {
                if (!e.MoveNext()) throw NoElements();
                TSource acc = e.Current;
                while (e.MoveNext()) acc = func(acc, e.Current);
                return acc;
            }
        }
        public static TAccumulate Aggregate<TSource, TAccumulate>(this IEnumerable<TSource> source, TAccumulate seed, Func<TAccumulate, TSource, TAccumulate> func) { TAccumulate acc = seed; foreach (TSource x in source) acc = func(acc, x); return acc; }
        public static TResult Aggregate<TSource, TAccumulate, TResult>(this IEnumerable<TSource> source, TAccumulate seed, Func<TAccumulate, TSource, TAccumulate> func, Func<TAccumulate, TResult> resultSelector) { return resultSelector(Aggregate(source, seed, func)); }
        public static int Sum(this IEnumerable<int> source) { int s = 0; foreach (int x in source) s = checked(s + x); return s; }
        public static long Sum(this IEnumerable<long> source) { long s = 0; foreach (long x in source) s = checked(s + x); return s; }
        public static double Sum(this IEnumerable<double> source) { double s = 0; foreach (double x in source) s += x; return s; }
        public static float Sum(this IEnumerable<float> source) { double s = 0; foreach (float x in source) s += x; return (float)s; }
        public static int Sum<TSource>(this IEnumerable<TSource> source, Func<TSource, int> selector) { return Sum(Select(source, selector)); }
        public static long Sum<TSource>(this IEnumerable<TSource> source, Func<TSource, long> selector) { return Sum(Select(source, selector)); }
        public static double Sum<TSource>(this IEnumerable<TSource> source, Func<TSource, double> selector) { return Sum(Select(source, selector)); }
        public static int Min(this IEnumerable<int> source) { return Aggregate(source, (a, b) => b < a ? b : a); }
        public static int Max(this IEnumerable<int> source) { return Aggregate(source, (a, b) => b > a ? b : a); }
        public static long Min(this IEnumerable<long> source) { return Aggregate(source, (a, b) => b < a ? b : a); }
        public static long Max(this IEnumerable<long> source) { return Aggregate(source, (a, b) => b > a ? b : a); }
        public static double Min(this IEnumerable<double> source) { return Aggregate(source, (a, b) => b < a || double.IsNaN(b) ? b : a); }
        public static double Max(this IEnumerable<double> source) { return Aggregate(source, (a, b) => b > a || double.IsNaN(a) ? b : a); }
        public static int Min<TSource>(this IEnumerable<TSource> source, Func<TSource, int> selector) { return Min(Select(source, selector)); }
        public static int Max<TSource>(this IEnumerable<TSource> source, Func<TSource, int> selector) { return Max(Select(source, selector)); }
        public static double Min<TSource>(this IEnumerable<TSource> source, Func<TSource, double> selector) { return Min(Select(source, selector)); }
        public static double Max<TSource>(this IEnumerable<TSource> source, Func<TSource, double> selector) { return Max(Select(source, selector)); }
        public static TSource Min<TSource>(this IEnumerable<TSource> source) { Comparer<TSource> c = Comparer<TSource>.Default; return Aggregate(source, (a, b) => c.Compare(b, a) < 0 ? b : a); }
        public static TSource Max<TSource>(this IEnumerable<TSource> source) { Comparer<TSource> c = Comparer<TSource>.Default; return Aggregate(source, (a, b) => c.Compare(b, a) > 0 ? b : a); }
        public static TResult Max<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, TResult> selector) { return Max(Select(source, selector)); }
        public static TResult Min<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, TResult> selector) { return Min(Select(source, selector)); }
        public static double Average(this IEnumerable<int> source) { long s = 0; int n = 0; foreach (int x in source) { s += x; n++; } if (n == 0) throw NoElements(); return (double)s / n; }
        public static double Average(this IEnumerable<long> source) { long s = 0; int n = 0; foreach (long x in source) { s += x; n++; } if (n == 0) throw NoElements(); return (double)s / n; }
        public static double Average(this IEnumerable<double> source) { double s = 0; int n = 0; foreach (double x in source) { s += x; n++; } if (n == 0) throw NoElements(); return s / n; }
        public static double Average<TSource>(this IEnumerable<TSource> source, Func<TSource, int> selector) { return Average(Select(source, selector)); }
        public static double Average<TSource>(this IEnumerable<TSource> source, Func<TSource, double> selector) { return Average(Select(source, selector)); }
    }

    sealed class Grouping<TKey, TElement> : IGrouping<TKey, TElement> {
        internal readonly List<TElement> Items = new List<TElement>();
        readonly TKey key;
        internal Grouping(TKey key) { this.key = key; }
        public TKey Key { get { return key; } }
        public IEnumerator<TElement> GetEnumerator() { return Items.GetEnumerator(); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }

    public class Lookup<TKey, TElement> : ILookup<TKey, TElement> {
        readonly List<IGrouping<TKey, TElement>> groups = new List<IGrouping<TKey, TElement>>();
        readonly Dictionary<TKey, IGrouping<TKey, TElement>> map = new Dictionary<TKey, IGrouping<TKey, TElement>>();
        internal Lookup(IEnumerable<IGrouping<TKey, TElement>> gs) {
            foreach (IGrouping<TKey, TElement> g in gs) { groups.Add(g); if (g.Key != null) map[g.Key] = g; }
        }
        public int Count { get { return groups.Count; } }
        public IEnumerable<TElement> this[TKey key] { get { IGrouping<TKey, TElement> g; return key != null && map.TryGetValue(key, out g) ? (IEnumerable<TElement>)g : new TElement[0]; } }
        public bool Contains(TKey key) { return key != null && map.ContainsKey(key); }
        public IEnumerator<IGrouping<TKey, TElement>> GetEnumerator() { return groups.GetEnumerator(); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }

    // Stable sort over the keys of every level, as .NET's OrderBy.
    sealed class OrderedEnumerable<TElement, TKey> : IOrderedEnumerable<TElement> {
        readonly IEnumerable<TElement> source;
        readonly Comparison<TElement> parent;
        readonly Func<TElement, TKey> key;
        readonly IComparer<TKey> comparer;
        readonly bool descending;
        internal OrderedEnumerable(IEnumerable<TElement> source, Comparison<TElement> parent, Func<TElement, TKey> key, IComparer<TKey> comparer, bool descending) {
            if (source == null) throw new ArgumentNullException("source");
            if (key == null) throw new ArgumentNullException("keySelector");
            this.source = source; this.parent = parent; this.key = key; this.comparer = comparer ?? Comparer<TKey>.Default; this.descending = descending;
        }
        internal Comparison<TElement> Comparison() {
            Comparison<TElement> p = parent;
            Func<TElement, TKey> k = key;
            IComparer<TKey> c = comparer;
            bool desc = descending;
            return (a, b) => {
                int r = p == null ? 0 : p(a, b);
                if (r != 0) return r;
                r = c.Compare(k(a), k(b));
                return desc ? -r : r;
            };
        }
        public IOrderedEnumerable<TElement> CreateOrderedEnumerable<TKey2>(Func<TElement, TKey2> keySelector, IComparer<TKey2> comparer, bool descending) {
            return new OrderedEnumerable<TElement, TKey2>(source, Comparison(), keySelector, comparer, descending);
        }
        public IEnumerator<TElement> GetEnumerator() {
            TElement[] items = Enumerable.ToArray(source);
            int[] idx = new int[items.Length];
            for (int i = 0; i < idx.Length; i++) idx[i] = i;
            Comparison<TElement> cmp = Comparison();
            Array.Sort(idx, (x, y) => { int r = cmp(items[x], items[y]); return r != 0 ? r : x - y; });
            for (int i = 0; i < idx.Length; i++) yield return items[idx[i]];
        }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }
}
