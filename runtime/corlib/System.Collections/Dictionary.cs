namespace System.Collections.Generic {
    // Buckets over an entries array with a free list, as .NET's Dictionary,
    // so that enumeration order matches .NET's.
    [Serializable]
    public class Dictionary<TKey, TValue> : IDictionary<TKey, TValue>, IDictionary, IReadOnlyDictionary<TKey, TValue> {
        struct Entry { public int hashCode; public int next; public TKey key; public TValue value; }
        int[] buckets;
        Entry[] entries;
        int count, version, freeList, freeCount;
        IEqualityComparer<TKey> comparer;
        KeyCollection keys;
        ValueCollection values;

        public Dictionary() : this(0, null) {}
        public Dictionary(int capacity) : this(capacity, null) {}
        public Dictionary(IEqualityComparer<TKey> comparer) : this(0, comparer) {}
        public Dictionary(int capacity, IEqualityComparer<TKey> comparer) {
            if (capacity < 0) throw new ArgumentOutOfRangeException("capacity");
            if (capacity > 0) Initialize(capacity);
            this.comparer = comparer ?? EqualityComparer<TKey>.Default;
        }
        public Dictionary(IDictionary<TKey, TValue> dictionary) : this(dictionary, null) {}
        public Dictionary(IDictionary<TKey, TValue> dictionary, IEqualityComparer<TKey> comparer) : this(dictionary == null ? 0 : dictionary.Count, comparer) {
            if (dictionary == null) throw new ArgumentNullException("dictionary");
            foreach (KeyValuePair<TKey, TValue> p in dictionary) Add(p.Key, p.Value);
        }

        static readonly int[] primes = { 3, 7, 11, 17, 23, 29, 37, 47, 59, 71, 89, 107, 131, 163, 197, 239, 293, 353, 431, 521, 631, 761, 919,
            1103, 1327, 1597, 1931, 2333, 2801, 3371, 4049, 4861, 5839, 7013, 8419, 10103, 12143, 14591, 17519, 21023, 25229, 30293, 36353,
            43627, 52361, 62851, 75431, 90523, 108631, 130363, 156437, 187751, 225307, 270371, 324449, 389357, 467237, 560689, 672827,
            807403, 968897, 1162687, 1395263, 1674319, 2009191, 2411033, 2893249, 3471899, 4166287, 4999559, 5999471, 7199369 };
        static bool IsPrime(int c) {
            if ((c & 1) == 0) return c == 2;
            for (int d = 3; d * d <= c; d += 2) if (c % d == 0) return false;
            return true;
        }
        static int GetPrime(int min) {
            foreach (int p in primes) if (p >= min) return p;
            for (int i = min | 1; i < int.MaxValue; i += 2) if (IsPrime(i) && (i - 1) % 101 != 0) return i;
            return min;
        }
        void Initialize(int capacity) {
            int size = GetPrime(capacity);
            buckets = new int[size];
            for (int i = 0; i < size; i++) buckets[i] = -1;
            entries = new Entry[size];
            freeList = -1;
        }
        int FindEntry(TKey key) {
            if (key == null) throw new ArgumentNullException("key");
            if (buckets != null) {
                int h = comparer.GetHashCode(key) & 0x7FFFFFFF;
                for (int i = buckets[h % buckets.Length]; i >= 0; i = entries[i].next)
                    if (entries[i].hashCode == h && comparer.Equals(entries[i].key, key)) return i;
            }
            return -1;
        }
        void Insert(TKey key, TValue value, bool add) {
            if (key == null) throw new ArgumentNullException("key");
            if (buckets == null) Initialize(0);
            int h = comparer.GetHashCode(key) & 0x7FFFFFFF;
            int target = h % buckets.Length;
            for (int i = buckets[target]; i >= 0; i = entries[i].next) {
                if (entries[i].hashCode == h && comparer.Equals(entries[i].key, key)) {
                    if (add) throw new ArgumentException("An item with the same key has already been added. Key: " + key);
                    entries[i].value = value;
                    version++;
                    return;
                }
            }
            int index;
            if (freeCount > 0) {
                index = freeList;
                freeList = entries[index].next;
                freeCount--;
            } else {
                if (count == entries.Length) { Resize(); target = h % buckets.Length; }
                index = count++;
            }
            entries[index].hashCode = h;
            entries[index].next = buckets[target];
            entries[index].key = key;
            entries[index].value = value;
            buckets[target] = index;
            version++;
        }
        void Resize() {
            int newSize = GetPrime(2 * count);
            int[] nb = new int[newSize];
            for (int i = 0; i < nb.Length; i++) nb[i] = -1;
            Entry[] ne = new Entry[newSize];
            Array.Copy(entries, 0, ne, 0, count);
            for (int i = 0; i < count; i++) {
                if (ne[i].hashCode >= 0) {
                    int b = ne[i].hashCode % newSize;
                    ne[i].next = nb[b];
                    nb[b] = i;
                }
            }
            buckets = nb;
            entries = ne;
        }
        public int Count { get { return count - freeCount; } }
        public IEqualityComparer<TKey> Comparer { get { return comparer; } }
        public TValue this[TKey key] {
            get {
                int i = FindEntry(key);
                if (i < 0) throw new KeyNotFoundException("The given key was not present in the dictionary.");
                return entries[i].value;
            }
            set { Insert(key, value, false); }
        }
        public void Add(TKey key, TValue value) { Insert(key, value, true); }
        public bool ContainsKey(TKey key) { return FindEntry(key) >= 0; }
        public bool ContainsValue(TValue value) {
            EqualityComparer<TValue> c = EqualityComparer<TValue>.Default;
            for (int i = 0; i < count; i++) if (entries[i].hashCode >= 0 && c.Equals(entries[i].value, value)) return true;
            return false;
        }
        public bool TryGetValue(TKey key, out TValue value) {
            int i = FindEntry(key);
            if (i >= 0) { value = entries[i].value; return true; }
            value = default(TValue);
            return false;
        }
        public bool Remove(TKey key) {
            if (key == null) throw new ArgumentNullException("key");
            if (buckets == null) return false;
            int h = comparer.GetHashCode(key) & 0x7FFFFFFF;
            int b = h % buckets.Length;
            int last = -1;
            for (int i = buckets[b]; i >= 0; last = i, i = entries[i].next) {
                if (entries[i].hashCode == h && comparer.Equals(entries[i].key, key)) {
                    if (last < 0) buckets[b] = entries[i].next; else entries[last].next = entries[i].next;
                    entries[i].hashCode = -1;
                    entries[i].next = freeList;
                    entries[i].key = default(TKey);
                    entries[i].value = default(TValue);
                    freeList = i;
                    freeCount++;
                    version++;
                    return true;
                }
            }
            return false;
        }
        public void Clear() {
            if (count > 0) {
                for (int i = 0; i < buckets.Length; i++) buckets[i] = -1;
                Array.Clear(entries, 0, count);
                freeList = -1;
                count = 0;
                freeCount = 0;
                version++;
            }
        }
        public KeyCollection Keys { get { return keys ?? (keys = new KeyCollection(this)); } }
        public ValueCollection Values { get { return values ?? (values = new ValueCollection(this)); } }
        ICollection<TKey> IDictionary<TKey, TValue>.Keys { get { return Keys; } }
        ICollection<TValue> IDictionary<TKey, TValue>.Values { get { return Values; } }
        ICollection IDictionary.Keys { get { return new List<TKey>(Keys); } }
        ICollection IDictionary.Values { get { return new List<TValue>(Values); } }
        object IDictionary.this[object key] { get { TValue v; return TryGetValue((TKey)key, out v) ? (object)v : null; } set { this[(TKey)key] = (TValue)value; } }
        void IDictionary.Add(object key, object value) { Add((TKey)key, (TValue)value); }
        bool IDictionary.Contains(object key) { return key is TKey && ContainsKey((TKey)key); }
        void IDictionary.Remove(object key) { if (key is TKey) Remove((TKey)key); }
        bool ICollection<KeyValuePair<TKey, TValue>>.IsReadOnly { get { return false; } }
        void ICollection<KeyValuePair<TKey, TValue>>.Add(KeyValuePair<TKey, TValue> p) { Add(p.Key, p.Value); }
        bool ICollection<KeyValuePair<TKey, TValue>>.Contains(KeyValuePair<TKey, TValue> p) {
            int i = FindEntry(p.Key);
            return i >= 0 && EqualityComparer<TValue>.Default.Equals(entries[i].value, p.Value);
        }
        bool ICollection<KeyValuePair<TKey, TValue>>.Remove(KeyValuePair<TKey, TValue> p) { return Remove(p.Key); }
        public void CopyTo(KeyValuePair<TKey, TValue>[] array, int index) {
            for (int i = 0; i < count; i++) if (entries[i].hashCode >= 0) array[index++] = new KeyValuePair<TKey, TValue>(entries[i].key, entries[i].value);
        }
        bool ICollection.IsSynchronized { get { return false; } }
        object ICollection.SyncRoot { get { return this; } }
        void ICollection.CopyTo(Array array, int index) { foreach (KeyValuePair<TKey, TValue> p in this) array.SetValue(p, index++); }
        IEnumerable<TKey> IReadOnlyDictionary<TKey, TValue>.Keys { get { return Keys; } }
        IEnumerable<TValue> IReadOnlyDictionary<TKey, TValue>.Values { get { return Values; } }
        public Enumerator GetEnumerator() { return new Enumerator(this); }
        IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() { return new Enumerator(this); }
        IEnumerator IEnumerable.GetEnumerator() { return new Enumerator(this); }

        [Serializable]
        public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>> {
            Dictionary<TKey, TValue> d; int version, index; KeyValuePair<TKey, TValue> current;
            internal Enumerator(Dictionary<TKey, TValue> d) { this.d = d; version = d.version; index = 0; current = new KeyValuePair<TKey, TValue>(); }
            public bool MoveNext() {
                if (version != d.version) throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
                while ((uint)index < (uint)d.count) {
                    if (d.entries[index].hashCode >= 0) {
                        current = new KeyValuePair<TKey, TValue>(d.entries[index].key, d.entries[index].value);
                        index++;
                        return true;
                    }
                    index++;
                }
                index = d.count + 1;
                current = new KeyValuePair<TKey, TValue>();
                return false;
            }
            public KeyValuePair<TKey, TValue> Current { get { return current; } }
            object IEnumerator.Current { get { return current; } }
            public void Reset() { index = 0; }
            public void Dispose() {}
        }

        public sealed class KeyCollection : ICollection<TKey>, IReadOnlyCollection<TKey> {
            Dictionary<TKey, TValue> d;
            public KeyCollection(Dictionary<TKey, TValue> dictionary) { d = dictionary; }
            public int Count { get { return d.Count; } }
            public bool IsReadOnly { get { return true; } }
            public void Add(TKey item) { throw new NotSupportedException(); }
            public void Clear() { throw new NotSupportedException(); }
            public bool Contains(TKey item) { return d.ContainsKey(item); }
            public bool Remove(TKey item) { throw new NotSupportedException(); }
            public void CopyTo(TKey[] array, int index) { foreach (KeyValuePair<TKey, TValue> p in d) array[index++] = p.Key; }
            public Enumerator GetEnumerator() { return new Enumerator(d); }
            IEnumerator<TKey> IEnumerable<TKey>.GetEnumerator() { return new Enumerator(d); }
            IEnumerator IEnumerable.GetEnumerator() { return new Enumerator(d); }
            public struct Enumerator : IEnumerator<TKey> {
                Dictionary<TKey, TValue>.Enumerator e;
                internal Enumerator(Dictionary<TKey, TValue> d) { e = d.GetEnumerator(); }
                public bool MoveNext() { return e.MoveNext(); }
                public TKey Current { get { return e.Current.Key; } }
                object IEnumerator.Current { get { return e.Current.Key; } }
                public void Reset() { e.Reset(); }
                public void Dispose() {}
            }
        }

        public sealed class ValueCollection : ICollection<TValue>, IReadOnlyCollection<TValue> {
            Dictionary<TKey, TValue> d;
            public ValueCollection(Dictionary<TKey, TValue> dictionary) { d = dictionary; }
            public int Count { get { return d.Count; } }
            public bool IsReadOnly { get { return true; } }
            public void Add(TValue item) { throw new NotSupportedException(); }
            public void Clear() { throw new NotSupportedException(); }
            public bool Contains(TValue item) { return d.ContainsValue(item); }
            public bool Remove(TValue item) { throw new NotSupportedException(); }
            public void CopyTo(TValue[] array, int index) { foreach (KeyValuePair<TKey, TValue> p in d) array[index++] = p.Value; }
            public Enumerator GetEnumerator() { return new Enumerator(d); }
            IEnumerator<TValue> IEnumerable<TValue>.GetEnumerator() { return new Enumerator(d); }
            IEnumerator IEnumerable.GetEnumerator() { return new Enumerator(d); }
            public struct Enumerator : IEnumerator<TValue> {
                Dictionary<TKey, TValue>.Enumerator e;
                internal Enumerator(Dictionary<TKey, TValue> d) { e = d.GetEnumerator(); }
                public bool MoveNext() { return e.MoveNext(); }
                public TValue Current { get { return e.Current.Value; } }
                object IEnumerator.Current { get { return e.Current.Value; } }
                public void Reset() { e.Reset(); }
                public void Dispose() {}
            }
        }
    }
}
