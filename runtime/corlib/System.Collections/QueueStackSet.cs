namespace System.Collections.Generic {
    [Serializable]
    public class Queue<T> : IEnumerable<T>, IReadOnlyCollection<T>, ICollection {
        T[] items = new T[4]; int head, count, version;
        public Queue() {}
        public Queue(int capacity) { items = new T[Math.Max(capacity, 1)]; }
        public Queue(IEnumerable<T> collection) { foreach (T x in collection) Enqueue(x); }
        public int Count { get { return count; } }
        bool ICollection.IsSynchronized { get { return false; } }
        object ICollection.SyncRoot { get { return this; } }
        public void Enqueue(T item) {
            if (count == items.Length) {
                T[] n = new T[items.Length * 2];
                for (int i = 0; i < count; i++) n[i] = items[(head + i) % items.Length];
                items = n; head = 0;
            }
            items[(head + count) % items.Length] = item;
            count++; version++;
        }
        public T Dequeue() {
            if (count == 0) throw new InvalidOperationException("Queue empty.");
            T r = items[head]; items[head] = default(T);
            head = (head + 1) % items.Length; count--; version++;
            return r;
        }
        public T Peek() { if (count == 0) throw new InvalidOperationException("Queue empty."); return items[head]; }
        public bool Contains(T item) { EqualityComparer<T> c = EqualityComparer<T>.Default; for (int i = 0; i < count; i++) if (c.Equals(items[(head + i) % items.Length], item)) return true; return false; }
        public void Clear() { items = new T[4]; head = 0; count = 0; version++; }
        public T[] ToArray() { T[] r = new T[count]; for (int i = 0; i < count; i++) r[i] = items[(head + i) % items.Length]; return r; }
        void ICollection.CopyTo(Array array, int index) { Array.Copy(ToArray(), 0, array, index, count); }
        internal T At(int i) { return items[(head + i) % items.Length]; }
        public Enumerator GetEnumerator() { return new Enumerator(this); }
        IEnumerator<T> IEnumerable<T>.GetEnumerator() { return new Enumerator(this); }
        IEnumerator IEnumerable.GetEnumerator() { return new Enumerator(this); }

        [Serializable]
        public struct Enumerator : IEnumerator<T> {
            Queue<T> q; int i, version; T current;
            internal Enumerator(Queue<T> q) { this.q = q; i = -1; version = q.version; current = default(T); }
            public bool MoveNext() {
                if (version != q.version) throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
                if (i + 1 >= q.count) { i = q.count; return false; }
                current = q.At(++i);
                return true;
            }
            public T Current { get { return current; } }
            object IEnumerator.Current { get { return current; } }
            public void Reset() { i = -1; }
            public void Dispose() {}
        }
    }

    [Serializable]
    public class Stack<T> : IEnumerable<T>, IReadOnlyCollection<T>, ICollection {
        List<T> items = new List<T>();
        int version;
        public Stack() {}
        public Stack(int capacity) {}
        public Stack(IEnumerable<T> collection) { foreach (T x in collection) Push(x); }
        public int Count { get { return items.Count; } }
        bool ICollection.IsSynchronized { get { return false; } }
        object ICollection.SyncRoot { get { return this; } }
        public void Push(T item) { items.Add(item); version++; }
        public T Pop() {
            if (items.Count == 0) throw new InvalidOperationException("Stack empty.");
            T r = items[items.Count - 1]; items.RemoveAt(items.Count - 1); version++;
            return r;
        }
        public T Peek() { if (items.Count == 0) throw new InvalidOperationException("Stack empty."); return items[items.Count - 1]; }
        public bool Contains(T item) { return items.Contains(item); }
        public void Clear() { items.Clear(); version++; }
        public T[] ToArray() { T[] r = items.ToArray(); Array.Reverse(r); return r; }
        void ICollection.CopyTo(Array array, int index) { Array.Copy(ToArray(), 0, array, index, Count); }
        public Enumerator GetEnumerator() { return new Enumerator(this); }
        IEnumerator<T> IEnumerable<T>.GetEnumerator() { return new Enumerator(this); }
        IEnumerator IEnumerable.GetEnumerator() { return new Enumerator(this); }

        [Serializable]
        public struct Enumerator : IEnumerator<T> {
            Stack<T> s; int i, version; T current;
            internal Enumerator(Stack<T> s) { this.s = s; i = s.items.Count; version = s.version; current = default(T); }
            public bool MoveNext() {
                if (version != s.version) throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
                if (i <= 0) { i = -1; return false; }
                current = s.items[--i];
                return true;
            }
            public T Current { get { return current; } }
            object IEnumerator.Current { get { return current; } }
            public void Reset() { i = s.items.Count; }
            public void Dispose() {}
        }
    }

    // A set over a Dictionary, so enumeration order matches .NET's for
    // insert-only use.
    [Serializable]
    public class HashSet<T> : ISet<T>, IReadOnlyCollection<T> {
        Dictionary<T, bool> d;
        public HashSet() { d = new Dictionary<T, bool>(); }
        public HashSet(IEqualityComparer<T> comparer) { d = new Dictionary<T, bool>(comparer); }
        public HashSet(IEnumerable<T> collection) : this() { UnionWith(collection); }
        public HashSet(IEnumerable<T> collection, IEqualityComparer<T> comparer) : this(comparer) { UnionWith(collection); }
        public int Count { get { return d.Count; } }
        public bool IsReadOnly { get { return false; } }
        public bool Add(T item) { if (d.ContainsKey(item)) return false; d[item] = true; return true; }
        void ICollection<T>.Add(T item) { Add(item); }
        public bool Contains(T item) { return d.ContainsKey(item); }
        public bool Remove(T item) { return d.Remove(item); }
        public void Clear() { d.Clear(); }
        public void CopyTo(T[] array, int index) { foreach (T x in d.Keys) array[index++] = x; }
        public void CopyTo(T[] array) { CopyTo(array, 0); }
        public void UnionWith(IEnumerable<T> other) { foreach (T x in other) Add(x); }
        public void IntersectWith(IEnumerable<T> other) {
            HashSet<T> o = new HashSet<T>(other);
            List<T> drop = new List<T>();
            foreach (T x in d.Keys) if (!o.Contains(x)) drop.Add(x);
            foreach (T x in drop) Remove(x);
        }
        public void ExceptWith(IEnumerable<T> other) { foreach (T x in other) Remove(x); }
        public bool IsSubsetOf(IEnumerable<T> other) { HashSet<T> o = new HashSet<T>(other); foreach (T x in d.Keys) if (!o.Contains(x)) return false; return true; }
        public bool IsSupersetOf(IEnumerable<T> other) { foreach (T x in other) if (!Contains(x)) return false; return true; }
        public bool Overlaps(IEnumerable<T> other) { foreach (T x in other) if (Contains(x)) return true; return false; }
        public bool SetEquals(IEnumerable<T> other) { HashSet<T> o = new HashSet<T>(other); return o.Count == Count && IsSubsetOf(o); }
        public int RemoveWhere(Predicate<T> match) {
            List<T> drop = new List<T>();
            foreach (T x in d.Keys) if (match(x)) drop.Add(x);
            foreach (T x in drop) Remove(x);
            return drop.Count;
        }
        public Enumerator GetEnumerator() { return new Enumerator(this); }
        IEnumerator<T> IEnumerable<T>.GetEnumerator() { return new Enumerator(this); }
        IEnumerator IEnumerable.GetEnumerator() { return new Enumerator(this); }

        [Serializable]
        public struct Enumerator : IEnumerator<T> {
            Dictionary<T, bool>.KeyCollection.Enumerator e;
            internal Enumerator(HashSet<T> set) { e = set.d.Keys.GetEnumerator(); }
            public bool MoveNext() { return e.MoveNext(); }
            public T Current { get { return e.Current; } }
            object IEnumerator.Current { get { return e.Current; } }
            public void Reset() { e.Reset(); }
            public void Dispose() {}
        }
    }
}
