using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace System {
    [Serializable]
    public abstract class Array : IList, ICloneable {
        protected Array() {}
        public extern int Length { [MethodImpl(MethodImplOptions.InternalCall)] get; }
        public extern int Rank { [MethodImpl(MethodImplOptions.InternalCall)] get; }
        public long LongLength { get { return Length; } }
        [MethodImpl(MethodImplOptions.InternalCall)] public extern int GetLength(int dimension);
        [MethodImpl(MethodImplOptions.InternalCall)] public extern int GetLowerBound(int dimension);
        public int GetUpperBound(int dimension) { return GetLowerBound(dimension) + GetLength(dimension) - 1; }
        public long GetLongLength(int dimension) { return GetLength(dimension); }
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void InternalCopy(Array src, int srcIndex, Array dst, int dstIndex, int length);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void InternalClear(Array a, int index, int length);
        [MethodImpl(MethodImplOptions.InternalCall)] extern object InternalGetValue(int flatIndex);
        [MethodImpl(MethodImplOptions.InternalCall)] extern void InternalSetValue(object value, int flatIndex);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern Array InternalCreate(IntPtr elementKlass, int[] lengths);

        public bool IsFixedSize { get { return true; } }
        public bool IsReadOnly { get { return false; } }
        public bool IsSynchronized { get { return false; } }
        public object SyncRoot { get { return this; } }
        public int Count { get { return Length; } }
        int ICollection.Count { get { return Length; } }

        int FlatIndex(int[] indices) {
            if (indices == null) throw new ArgumentNullException("indices");
            if (indices.Length != Rank) throw new ArgumentException("Indices length does not match the array rank.");
            int flat = 0;
            for (int d = 0; d < indices.Length; d++) {
                int i = indices[d] - GetLowerBound(d);
                if (i < 0 || i >= GetLength(d)) throw new IndexOutOfRangeException();
                flat = flat * GetLength(d) + i;
            }
            return flat;
        }
        public object GetValue(int index) {
            if (Rank != 1) throw new ArgumentException("Only single dimension arrays are supported here.");
            return InternalGetValue(index - GetLowerBound(0));
        }
        public object GetValue(int index1, int index2) { return InternalGetValue(FlatIndex(new int[] { index1, index2 })); }
        public object GetValue(int index1, int index2, int index3) { return InternalGetValue(FlatIndex(new int[] { index1, index2, index3 })); }
        public object GetValue(params int[] indices) { return InternalGetValue(FlatIndex(indices)); }
        public object GetValue(long index) { return GetValue((int)index); }
        public void SetValue(object value, int index) {
            if (Rank != 1) throw new ArgumentException("Only single dimension arrays are supported here.");
            InternalSetValue(value, index - GetLowerBound(0));
        }
        public void SetValue(object value, int index1, int index2) { InternalSetValue(value, FlatIndex(new int[] { index1, index2 })); }
        public void SetValue(object value, int index1, int index2, int index3) { InternalSetValue(value, FlatIndex(new int[] { index1, index2, index3 })); }
        public void SetValue(object value, params int[] indices) { InternalSetValue(value, FlatIndex(indices)); }

        object IList.this[int index] { get { return GetValue(index); } set { SetValue(value, index); } }
        int IList.Add(object value) { throw new NotSupportedException("Collection was of a fixed size."); }
        void IList.Clear() { Clear(this, 0, Length); }
        bool IList.Contains(object value) { return IndexOf(this, value) >= 0; }
        int IList.IndexOf(object value) { return IndexOf(this, value); }
        void IList.Insert(int index, object value) { throw new NotSupportedException("Collection was of a fixed size."); }
        void IList.Remove(object value) { throw new NotSupportedException("Collection was of a fixed size."); }
        void IList.RemoveAt(int index) { throw new NotSupportedException("Collection was of a fixed size."); }
        public IEnumerator GetEnumerator() { return new ArrayEnumerator(this); }
        public object Clone() { return MemberwiseClone(); }
        public void CopyTo(Array array, int index) { Copy(this, 0, array, index, Length); }
        public void CopyTo(Array array, long index) { CopyTo(array, (int)index); }
        public void Initialize() {}

        public static Array CreateInstance(Type elementType, int length) { return CreateInstance(elementType, new int[] { length }); }
        public static Array CreateInstance(Type elementType, int length1, int length2) { return CreateInstance(elementType, new int[] { length1, length2 }); }
        public static Array CreateInstance(Type elementType, int length1, int length2, int length3) { return CreateInstance(elementType, new int[] { length1, length2, length3 }); }
        public static Array CreateInstance(Type elementType, params int[] lengths) {
            if (elementType == null) throw new ArgumentNullException("elementType");
            if (lengths == null) throw new ArgumentNullException("lengths");
            foreach (int l in lengths) if (l < 0) throw new ArgumentOutOfRangeException("lengths", "Non-negative number required.");
            return InternalCreate(((RuntimeType)elementType)._klass, lengths);
        }

        public static void Copy(Array sourceArray, Array destinationArray, int length) {
            if (sourceArray == null) throw new ArgumentNullException("sourceArray");
            if (destinationArray == null) throw new ArgumentNullException("destinationArray");
            Copy(sourceArray, sourceArray.GetLowerBound(0), destinationArray, destinationArray.GetLowerBound(0), length);
        }
        public static void Copy(Array sourceArray, Array destinationArray, long length) { Copy(sourceArray, destinationArray, (int)length); }
        public static void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length) {
            if (sourceArray == null) throw new ArgumentNullException("sourceArray");
            if (destinationArray == null) throw new ArgumentNullException("destinationArray");
            if (sourceArray.Rank != destinationArray.Rank) throw new RankException("Attempted to operate on an array with the incorrect number of dimensions.");
            if (length < 0) throw new ArgumentOutOfRangeException("length", "Non-negative number required.");
            int si = sourceIndex - sourceArray.GetLowerBound(0), di = destinationIndex - destinationArray.GetLowerBound(0);
            if (si < 0) throw new ArgumentOutOfRangeException("sourceIndex", "Number was less than the array's lower bound in the first dimension.");
            if (di < 0) throw new ArgumentOutOfRangeException("destinationIndex", "Number was less than the array's lower bound in the first dimension.");
            if (si > sourceArray.Length - length) throw new ArgumentException("Source array was not long enough. Check srcIndex and length, and the array's lower bounds.");
            if (di > destinationArray.Length - length) throw new ArgumentException("Destination array was not long enough. Check destIndex and length, and the array's lower bounds.");
            InternalCopy(sourceArray, si, destinationArray, di, length);
        }
        public static void Copy(Array sourceArray, long sourceIndex, Array destinationArray, long destinationIndex, long length) { Copy(sourceArray, (int)sourceIndex, destinationArray, (int)destinationIndex, (int)length); }
        public static void ConstrainedCopy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length) { Copy(sourceArray, sourceIndex, destinationArray, destinationIndex, length); }
        public static void Clear(Array array, int index, int length) {
            if (array == null) throw new ArgumentNullException("array");
            int i = index - array.GetLowerBound(0);
            if (i < 0 || length < 0 || i > array.Length - length) throw new IndexOutOfRangeException();
            InternalClear(array, i, length);
        }

        public static int IndexOf(Array array, object value) { return IndexOf(array, value, 0, array == null ? 0 : array.Length); }
        public static int IndexOf(Array array, object value, int startIndex) { return IndexOf(array, value, startIndex, array.Length - startIndex); }
        public static int IndexOf(Array array, object value, int startIndex, int count) {
            if (array == null) throw new ArgumentNullException("array");
            if (array.Rank != 1) throw new RankException("Only single dimension arrays are supported here.");
            if (startIndex < 0 || count < 0 || startIndex > array.Length - count) throw new ArgumentOutOfRangeException("startIndex");
            for (int i = startIndex; i < startIndex + count; i++) if (object.Equals(array.InternalGetValue(i), value)) return i;
            return -1;
        }
        public static int IndexOf<T>(T[] array, T value) { return IndexOf(array, value, 0, array == null ? 0 : array.Length); }
        public static int IndexOf<T>(T[] array, T value, int startIndex) { return IndexOf(array, value, startIndex, array.Length - startIndex); }
        public static int IndexOf<T>(T[] array, T value, int startIndex, int count) {
            if (array == null) throw new ArgumentNullException("array");
            if (startIndex < 0 || count < 0 || startIndex > array.Length - count) throw new ArgumentOutOfRangeException("startIndex");
            EqualityComparer<T> c = EqualityComparer<T>.Default;
            for (int i = startIndex; i < startIndex + count; i++) if (c.Equals(array[i], value)) return i;
            return -1;
        }
        public static int LastIndexOf(Array array, object value) {
            for (int i = array.Length - 1; i >= 0; i--) if (object.Equals(array.InternalGetValue(i), value)) return i;
            return -1;
        }
        public static int LastIndexOf<T>(T[] array, T value) {
            EqualityComparer<T> c = EqualityComparer<T>.Default;
            for (int i = array.Length - 1; i >= 0; i--) if (c.Equals(array[i], value)) return i;
            return -1;
        }
        public static void Reverse(Array array) { Reverse(array, 0, array == null ? 0 : array.Length); }
        public static void Reverse(Array array, int index, int length) {
            if (array == null) throw new ArgumentNullException("array");
            if (index < 0 || length < 0 || index > array.Length - length) throw new ArgumentOutOfRangeException("index");
            for (int i = index, j = index + length - 1; i < j; i++, j--) {
                object t = array.InternalGetValue(i);
                array.InternalSetValue(array.InternalGetValue(j), i);
                array.InternalSetValue(t, j);
            }
        }
        public static void Reverse<T>(T[] array) {
            for (int i = 0, j = array.Length - 1; i < j; i++, j--) { T t = array[i]; array[i] = array[j]; array[j] = t; }
        }
        public static void Resize<T>(ref T[] array, int newSize) {
            if (newSize < 0) throw new ArgumentOutOfRangeException("newSize", "Non-negative number required.");
            T[] a = new T[newSize];
            if (array != null) Copy(array, a, Math.Min(array.Length, newSize));
            array = a;
        }
        public static T[] Empty<T>() { return EmptyArray<T>.Value; }
        static class EmptyArray<T> { internal static readonly T[] Value = new T[0]; }

        public static bool Exists<T>(T[] array, Predicate<T> match) { return FindIndex(array, match) >= 0; }
        public static T Find<T>(T[] array, Predicate<T> match) { int i = FindIndex(array, match); return i < 0 ? default(T) : array[i]; }
        public static int FindIndex<T>(T[] array, Predicate<T> match) {
            if (array == null) throw new ArgumentNullException("array");
            if (match == null) throw new ArgumentNullException("match");
            for (int i = 0; i < array.Length; i++) if (match(array[i])) return i;
            return -1;
        }
        public static T[] FindAll<T>(T[] array, Predicate<T> match) {
            List<T> r = new List<T>();
            foreach (T x in array) if (match(x)) r.Add(x);
            return r.ToArray();
        }
        public static bool TrueForAll<T>(T[] array, Predicate<T> match) {
            foreach (T x in array) if (!match(x)) return false;
            return true;
        }
        public static void ForEach<T>(T[] array, Action<T> action) { foreach (T x in array) action(x); }
        public static TOutput[] ConvertAll<TInput, TOutput>(TInput[] array, Converter<TInput, TOutput> converter) {
            TOutput[] r = new TOutput[array.Length];
            for (int i = 0; i < array.Length; i++) r[i] = converter(array[i]);
            return r;
        }

        // ---- sorting ----
        public static void Sort(Array array) { Sort(array, null, 0, array == null ? 0 : array.Length, null); }
        public static void Sort(Array array, IComparer comparer) { Sort(array, null, 0, array.Length, comparer); }
        public static void Sort(Array array, int index, int length) { Sort(array, null, index, length, null); }
        public static void Sort(Array keys, Array items) { Sort(keys, items, 0, keys.Length, null); }
        public static void Sort(Array keys, Array items, int index, int length, IComparer comparer) {
            if (keys == null) throw new ArgumentNullException("keys");
            if (index < 0 || length < 0 || index > keys.Length - length) throw new ArgumentOutOfRangeException("index");
            object[] k = new object[length];
            object[] v = items == null ? null : new object[length];
            for (int i = 0; i < length; i++) { k[i] = keys.InternalGetValue(index + i); if (v != null) v[i] = items.InternalGetValue(index + i); }
            IComparer c = comparer ?? Comparer.Default;
            ArraySortHelper<object, object>.Sort(k, v, 0, length, delegate(object a, object b) { return c.Compare(a, b); });
            for (int i = 0; i < length; i++) { keys.InternalSetValue(k[i], index + i); if (v != null) items.InternalSetValue(v[i], index + i); }
        }
        public static void Sort<T>(T[] array) { Sort(array, 0, array == null ? 0 : array.Length, (IComparer<T>)null); }
        public static void Sort<T>(T[] array, IComparer<T> comparer) { Sort(array, 0, array == null ? 0 : array.Length, comparer); }
        public static void Sort<T>(T[] array, int index, int length) { Sort(array, index, length, (IComparer<T>)null); }
        public static void Sort<T>(T[] array, int index, int length, IComparer<T> comparer) {
            if (array == null) throw new ArgumentNullException("array");
            if (index < 0 || length < 0 || index > array.Length - length) throw new ArgumentOutOfRangeException("index");
            IComparer<T> c = comparer ?? Comparer<T>.Default;
            ArraySortHelper<T, T>.Sort(array, null, index, length, c.Compare);
        }
        public static void Sort<T>(T[] array, Comparison<T> comparison) {
            if (array == null) throw new ArgumentNullException("array");
            if (comparison == null) throw new ArgumentNullException("comparison");
            ArraySortHelper<T, T>.Sort(array, null, 0, array.Length, comparison);
        }
        public static void Sort<TKey, TValue>(TKey[] keys, TValue[] items) {
            IComparer<TKey> c = Comparer<TKey>.Default;
            ArraySortHelper<TKey, TValue>.Sort(keys, items, 0, keys.Length, c.Compare);
        }
        public static int BinarySearch(Array array, object value) {
            int lo = 0, hi = array.Length - 1;
            IComparer c = Comparer.Default;
            while (lo <= hi) {
                int mid = lo + ((hi - lo) >> 1);
                int r = c.Compare(array.InternalGetValue(mid), value);
                if (r == 0) return mid;
                if (r < 0) lo = mid + 1; else hi = mid - 1;
            }
            return ~lo;
        }
        public static int BinarySearch<T>(T[] array, T value) { return BinarySearch(array, 0, array.Length, value, null); }
        public static int BinarySearch<T>(T[] array, T value, IComparer<T> comparer) { return BinarySearch(array, 0, array.Length, value, comparer); }
        public static int BinarySearch<T>(T[] array, int index, int length, T value, IComparer<T> comparer) {
            IComparer<T> c = comparer ?? Comparer<T>.Default;
            int lo = index, hi = index + length - 1;
            while (lo <= hi) {
                int mid = lo + ((hi - lo) >> 1);
                int r = c.Compare(array[mid], value);
                if (r == 0) return mid;
                if (r < 0) lo = mid + 1; else hi = mid - 1;
            }
            return ~lo;
        }

        // ---- IList<T> and friends on T[] (bound by the runtime) ----
        internal T InternalArray__get_Item<T>(int index) { T[] a = (T[])(object)this; return a[index]; }
        internal void InternalArray__set_Item<T>(int index, T item) { T[] a = (T[])(object)this; a[index] = item; }
        internal int InternalArray__IndexOf<T>(T item) { return IndexOf((T[])(object)this, item); }
        internal void InternalArray__Insert<T>(int index, T item) { throw new NotSupportedException("Collection was of a fixed size."); }
        internal void InternalArray__RemoveAt<T>(int index) { throw new NotSupportedException("Collection was of a fixed size."); }
        internal int InternalArray__ICollection_get_Count<T>() { return Length; }
        internal bool InternalArray__ICollection_get_IsReadOnly<T>() { return true; }
        internal void InternalArray__ICollection_Add<T>(T item) { throw new NotSupportedException("Collection was of a fixed size."); }
        internal void InternalArray__ICollection_Clear<T>() { throw new NotSupportedException("Collection is read-only."); }
        internal bool InternalArray__ICollection_Contains<T>(T item) { return IndexOf((T[])(object)this, item) >= 0; }
        internal void InternalArray__ICollection_CopyTo<T>(T[] array, int index) { Copy(this, 0, array, index, Length); }
        internal bool InternalArray__ICollection_Remove<T>(T item) { throw new NotSupportedException("Collection was of a fixed size."); }
        internal IEnumerator<T> InternalArray__IEnumerable_GetEnumerator<T>() { return new SZGenericArrayEnumerator<T>((T[])(object)this); }

        sealed class ArrayEnumerator : IEnumerator, ICloneable {
            Array a; int i = -1;
            internal ArrayEnumerator(Array a) { this.a = a; }
            public bool MoveNext() { if (i < a.Length) i++; return i < a.Length; }
            public object Current {
                get {
                    if (i < 0) throw new InvalidOperationException("Enumeration has not started. Call MoveNext.");
                    if (i >= a.Length) throw new InvalidOperationException("Enumeration already finished.");
                    return a.InternalGetValue(i);
                }
            }
            public void Reset() { i = -1; }
            public object Clone() { return MemberwiseClone(); }
        }
    }

    sealed class SZGenericArrayEnumerator<T> : IEnumerator<T> {
        T[] a; int i = -1;
        internal SZGenericArrayEnumerator(T[] a) { this.a = a; }
        public bool MoveNext() { if (i < a.Length) i++; return i < a.Length; }
        public T Current {
            get {
                if (i < 0) throw new InvalidOperationException("Enumeration has not started. Call MoveNext.");
                if (i >= a.Length) throw new InvalidOperationException("Enumeration already finished.");
                return a[i];
            }
        }
        object IEnumerator.Current { get { return Current; } }
        public void Reset() { i = -1; }
        public void Dispose() {}
    }

    // Introspective sort, as .NET's ArraySortHelper, so that the order of
    // equal keys matches .NET's.
    static class ArraySortHelper<TKey, TValue> {
        internal static void Sort(TKey[] keys, TValue[] values, int index, int length, Comparison<TKey> cmp) {
            if (length < 2) return;
            IntroSort(keys, values, index, length + index - 1, 2 * FloorLog2(length), cmp);
        }
        static int FloorLog2(int n) { int r = 0; while (n >= 1) { r++; n /= 2; } return r; }
        static void Swap(TKey[] k, TValue[] v, int i, int j) {
            if (i == j) return;
            TKey t = k[i]; k[i] = k[j]; k[j] = t;
            if (v != null) { TValue u = v[i]; v[i] = v[j]; v[j] = u; }
        }
        static void SwapIfGreater(TKey[] k, TValue[] v, Comparison<TKey> c, int a, int b) {
            if (a != b && c(k[a], k[b]) > 0) Swap(k, v, a, b);
        }
        static void IntroSort(TKey[] k, TValue[] v, int lo, int hi, int depth, Comparison<TKey> c) {
            while (hi > lo) {
                int size = hi - lo + 1;
                if (size <= 16) {
                    if (size == 1) return;
                    if (size == 2) { SwapIfGreater(k, v, c, lo, hi); return; }
                    if (size == 3) { SwapIfGreater(k, v, c, lo, hi - 1); SwapIfGreater(k, v, c, lo, hi); SwapIfGreater(k, v, c, hi - 1, hi); return; }
                    InsertionSort(k, v, lo, hi, c);
                    return;
                }
                if (depth == 0) { HeapSort(k, v, lo, hi, c); return; }
                depth--;
                int p = PickPivotAndPartition(k, v, lo, hi, c);
                IntroSort(k, v, p + 1, hi, depth, c);
                hi = p - 1;
            }
        }
        static int PickPivotAndPartition(TKey[] k, TValue[] v, int lo, int hi, Comparison<TKey> c) {
            int mid = lo + (hi - lo) / 2;
            SwapIfGreater(k, v, c, lo, mid);
            SwapIfGreater(k, v, c, lo, hi);
            SwapIfGreater(k, v, c, mid, hi);
            TKey pivot = k[mid];
            Swap(k, v, mid, hi - 1);
            int left = lo, right = hi - 1;
            while (left < right) {
                while (c(k[++left], pivot) < 0) {}
                while (c(pivot, k[--right]) < 0) {}
                if (left >= right) break;
                Swap(k, v, left, right);
            }
            Swap(k, v, left, hi - 1);
            return left;
        }
        static void HeapSort(TKey[] k, TValue[] v, int lo, int hi, Comparison<TKey> c) {
            int n = hi - lo + 1;
            for (int i = n / 2; i >= 1; i--) DownHeap(k, v, i, n, lo, c);
            for (int i = n; i > 1; i--) { Swap(k, v, lo, lo + i - 1); DownHeap(k, v, 1, i - 1, lo, c); }
        }
        static void DownHeap(TKey[] k, TValue[] v, int i, int n, int lo, Comparison<TKey> c) {
            TKey d = k[lo + i - 1];
            TValue dv = v != null ? v[lo + i - 1] : default(TValue);
            while (i <= n / 2) {
                int child = 2 * i;
                if (child < n && c(k[lo + child - 1], k[lo + child]) < 0) child++;
                if (!(c(d, k[lo + child - 1]) < 0)) break;
                k[lo + i - 1] = k[lo + child - 1];
                if (v != null) v[lo + i - 1] = v[lo + child - 1];
                i = child;
            }
            k[lo + i - 1] = d;
            if (v != null) v[lo + i - 1] = dv;
        }
        static void InsertionSort(TKey[] k, TValue[] v, int lo, int hi, Comparison<TKey> c) {
            for (int i = lo; i < hi; i++) {
                int j = i;
                TKey t = k[i + 1];
                TValue tv = v != null ? v[i + 1] : default(TValue);
                while (j >= lo && c(t, k[j]) < 0) {
                    k[j + 1] = k[j];
                    if (v != null) v[j + 1] = v[j];
                    j--;
                }
                k[j + 1] = t;
                if (v != null) v[j + 1] = tv;
            }
        }
    }
}
