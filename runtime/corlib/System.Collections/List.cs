namespace System.Collections.Generic {
    [Serializable]
    public class List<T> : IList<T>, IList, IReadOnlyList<T> {
        T[] items;
        int size;
        int version;
        static readonly T[] empty = new T[0];

        public List() { items = empty; }
        public List(int capacity) {
            if (capacity < 0) throw new ArgumentOutOfRangeException("capacity", "Non-negative number required.");
            items = capacity == 0 ? empty : new T[capacity];
        }
        public List(IEnumerable<T> collection) {
            if (collection == null) throw new ArgumentNullException("collection");
            ICollection<T> c = collection as ICollection<T>;
            if (c != null) {
                items = c.Count == 0 ? empty : new T[c.Count];
                c.CopyTo(items, 0);
                size = c.Count;
            } else {
                items = empty;
                foreach (T x in collection) Add(x);
            }
        }
        public int Capacity {
            get { return items.Length; }
            set {
                if (value < size) throw new ArgumentOutOfRangeException("value", "capacity was less than the current size.");
                if (value == items.Length) return;
                T[] n = new T[value];
                Array.Copy(items, n, size);
                items = n;
            }
        }
        public int Count { get { return size; } }
        bool ICollection<T>.IsReadOnly { get { return false; } }
        bool IList.IsReadOnly { get { return false; } }
        bool IList.IsFixedSize { get { return false; } }
        bool ICollection.IsSynchronized { get { return false; } }
        object ICollection.SyncRoot { get { return this; } }
        public T this[int index] {
            get {
                if ((uint)index >= (uint)size) throw new ArgumentOutOfRangeException("index", "Index was out of range. Must be non-negative and less than the size of the collection.");
                return items[index];
            }
            set {
                if ((uint)index >= (uint)size) throw new ArgumentOutOfRangeException("index", "Index was out of range. Must be non-negative and less than the size of the collection.");
                items[index] = value;
                version++;
            }
        }
        object IList.this[int index] { get { return this[index]; } set { this[index] = (T)value; } }
        void Grow(int min) {
            int n = items.Length == 0 ? 4 : items.Length * 2;
            if (n < min) n = min;
            Capacity = n;
        }
        public void Add(T item) {
            if (size == items.Length) Grow(size + 1);
            items[size++] = item;
            version++;
        }
        int IList.Add(object item) { Add((T)item); return size - 1; }
        public void AddRange(IEnumerable<T> collection) { InsertRange(size, collection); }
        public void Clear() { if (size > 0) Array.Clear(items, 0, size); size = 0; version++; }
        public bool Contains(T item) { return IndexOf(item) >= 0; }
        bool IList.Contains(object item) { return item is T && Contains((T)item); }
        public void CopyTo(T[] array) { CopyTo(array, 0); }
        public void CopyTo(T[] array, int arrayIndex) { Array.Copy(items, 0, array, arrayIndex, size); }
        public void CopyTo(int index, T[] array, int arrayIndex, int count) { Array.Copy(items, index, array, arrayIndex, count); }
        void ICollection.CopyTo(Array array, int index) { Array.Copy(items, 0, array, index, size); }
        public int IndexOf(T item) { return Array.IndexOf(items, item, 0, size); }
        public int IndexOf(T item, int index) { return Array.IndexOf(items, item, index, size - index); }
        int IList.IndexOf(object item) { return item is T ? IndexOf((T)item) : -1; }
        public int LastIndexOf(T item) {
            EqualityComparer<T> c = EqualityComparer<T>.Default;
            for (int i = size - 1; i >= 0; i--) if (c.Equals(items[i], item)) return i;
            return -1;
        }
        public void Insert(int index, T item) {
            if ((uint)index > (uint)size) throw new ArgumentOutOfRangeException("index", "Index must be within the bounds of the List.");
            if (size == items.Length) Grow(size + 1);
            if (index < size) Array.Copy(items, index, items, index + 1, size - index);
            items[index] = item;
            size++;
            version++;
        }
        void IList.Insert(int index, object item) { Insert(index, (T)item); }
        public void InsertRange(int index, IEnumerable<T> collection) {
            if (collection == null) throw new ArgumentNullException("collection");
            if ((uint)index > (uint)size) throw new ArgumentOutOfRangeException("index", "Index must be within the bounds of the List.");
            List<T> tmp = new List<T>();
            foreach (T x in collection) { if (tmp.size == tmp.items.Length) tmp.Grow(tmp.size + 1); tmp.items[tmp.size++] = x; }
            if (tmp.size == 0) return;
            if (size + tmp.size > items.Length) Grow(size + tmp.size);
            if (index < size) Array.Copy(items, index, items, index + tmp.size, size - index);
            Array.Copy(tmp.items, 0, items, index, tmp.size);
            size += tmp.size;
            version++;
        }
        public bool Remove(T item) {
            int i = IndexOf(item);
            if (i < 0) return false;
            RemoveAt(i);
            return true;
        }
        void IList.Remove(object item) { if (item is T) Remove((T)item); }
        public int RemoveAll(Predicate<T> match) {
            if (match == null) throw new ArgumentNullException("match");
            int j = 0;
            for (int i = 0; i < size; i++) if (!match(items[i])) items[j++] = items[i];
            int removed = size - j;
            if (removed > 0) { Array.Clear(items, j, removed); size = j; version++; }
            return removed;
        }
        public void RemoveAt(int index) {
            if ((uint)index >= (uint)size) throw new ArgumentOutOfRangeException("index", "Index was out of range. Must be non-negative and less than the size of the collection.");
            size--;
            if (index < size) Array.Copy(items, index + 1, items, index, size - index);
            items[size] = default(T);
            version++;
        }
        public void RemoveRange(int index, int count) {
            if (index < 0 || count < 0 || size - index < count) throw new ArgumentException("Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.");
            if (count == 0) return;
            size -= count;
            if (index < size) Array.Copy(items, index + count, items, index, size - index);
            Array.Clear(items, size, count);
            version++;
        }
        public List<T> GetRange(int index, int count) {
            if (index < 0 || count < 0 || size - index < count) throw new ArgumentException("Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.");
            List<T> r = new List<T>(count);
            Array.Copy(items, index, r.items, 0, count);
            r.size = count;
            return r;
        }
        public void Reverse() { Reverse(0, size); }
        public void Reverse(int index, int count) { Array.Reverse(items, index, count); version++; }
        public void Sort() { Sort(0, size, null); }
        public void Sort(IComparer<T> comparer) { Sort(0, size, comparer); }
        public void Sort(int index, int count, IComparer<T> comparer) { Array.Sort(items, index, count, comparer); version++; }
        public void Sort(Comparison<T> comparison) {
            if (comparison == null) throw new ArgumentNullException("comparison");
            ArraySortHelper<T, T>.Sort(items, null, 0, size, comparison);
            version++;
        }
        public int BinarySearch(T item) { return Array.BinarySearch(items, 0, size, item, null); }
        public int BinarySearch(T item, IComparer<T> comparer) { return Array.BinarySearch(items, 0, size, item, comparer); }
        public T[] ToArray() {
            T[] r = new T[size];
            Array.Copy(items, r, size);
            return r;
        }
        public void ForEach(Action<T> action) {
            if (action == null) throw new ArgumentNullException("action");
            int v = version;
            for (int i = 0; i < size; i++) {
                if (v != version) break;
                action(items[i]);
            }
            if (v != version) throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
        }
        public bool Exists(Predicate<T> match) { return FindIndex(match) >= 0; }
        public T Find(Predicate<T> match) { int i = FindIndex(match); return i < 0 ? default(T) : items[i]; }
        public int FindIndex(Predicate<T> match) {
            if (match == null) throw new ArgumentNullException("match");
            for (int i = 0; i < size; i++) if (match(items[i])) return i;
            return -1;
        }
        public T FindLast(Predicate<T> match) {
            for (int i = size - 1; i >= 0; i--) if (match(items[i])) return items[i];
            return default(T);
        }
        public List<T> FindAll(Predicate<T> match) {
            List<T> r = new List<T>();
            for (int i = 0; i < size; i++) if (match(items[i])) r.Add(items[i]);
            return r;
        }
        public bool TrueForAll(Predicate<T> match) {
            for (int i = 0; i < size; i++) if (!match(items[i])) return false;
            return true;
        }
        public List<TOutput> ConvertAll<TOutput>(Converter<T, TOutput> converter) {
            List<TOutput> r = new List<TOutput>(size);
            for (int i = 0; i < size; i++) r.Add(converter(items[i]));
            return r;
        }
        public void TrimExcess() { Capacity = size; }
        public Enumerator GetEnumerator() { return new Enumerator(this); }
        IEnumerator<T> IEnumerable<T>.GetEnumerator() { return new Enumerator(this); }
        IEnumerator IEnumerable.GetEnumerator() { return new Enumerator(this); }

        [Serializable]
        public struct Enumerator : IEnumerator<T> {
            List<T> list; int index; int version; T current;
            internal Enumerator(List<T> list) { this.list = list; index = 0; version = list.version; current = default(T); }
            public bool MoveNext() {
                if (version != list.version) throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
                if (index < list.size) { current = list.items[index++]; return true; }
                index = list.size + 1;
                current = default(T);
                return false;
            }
            public T Current { get { return current; } }
            object IEnumerator.Current {
                get {
                    if (index == 0 || index == list.size + 1) throw new InvalidOperationException("Operation is not valid due to the current state of the object.");
                    return current;
                }
            }
            public void Reset() { index = 0; current = default(T); }
            public void Dispose() {}
        }
    }
}
