using System.Collections.Generic;

namespace System.Collections {
    [Serializable]
    public class ArrayList : IList, ICloneable {
        List<object> items;
        public ArrayList() { items = new List<object>(); }
        public ArrayList(int capacity) { items = new List<object>(capacity); }
        public ArrayList(ICollection c) { items = new List<object>(); foreach (object o in c) items.Add(o); }
        public virtual int Count { get { return items.Count; } }
        public virtual int Capacity { get { return items.Capacity; } set { items.Capacity = value; } }
        public virtual bool IsFixedSize { get { return false; } }
        public virtual bool IsReadOnly { get { return false; } }
        public virtual bool IsSynchronized { get { return false; } }
        public virtual object SyncRoot { get { return this; } }
        public virtual object this[int index] { get { return items[index]; } set { items[index] = value; } }
        public virtual int Add(object value) { items.Add(value); return items.Count - 1; }
        public virtual void AddRange(ICollection c) { foreach (object o in c) items.Add(o); }
        public virtual void Clear() { items.Clear(); }
        public virtual bool Contains(object item) { return IndexOf(item) >= 0; }
        public virtual int IndexOf(object value) { for (int i = 0; i < items.Count; i++) if (object.Equals(items[i], value)) return i; return -1; }
        public virtual void Insert(int index, object value) { items.Insert(index, value); }
        public virtual void Remove(object obj) { int i = IndexOf(obj); if (i >= 0) items.RemoveAt(i); }
        public virtual void RemoveAt(int index) { items.RemoveAt(index); }
        public virtual void RemoveRange(int index, int count) { items.RemoveRange(index, count); }
        public virtual void Reverse() { items.Reverse(); }
        public virtual void Sort() { Sort(null); }
        public virtual void Sort(IComparer comparer) {
            object[] a = items.ToArray();
            Array.Sort(a, comparer);
            items = new List<object>(a);
        }
        public virtual int BinarySearch(object value) { return Array.BinarySearch(items.ToArray(), value); }
        public virtual object[] ToArray() { return items.ToArray(); }
        public virtual Array ToArray(Type type) {
            Array a = Array.CreateInstance(type, items.Count);
            for (int i = 0; i < items.Count; i++) a.SetValue(items[i], i);
            return a;
        }
        public virtual void CopyTo(Array array, int arrayIndex) { for (int i = 0; i < items.Count; i++) array.SetValue(items[i], arrayIndex + i); }
        public virtual ArrayList GetRange(int index, int count) { return new ArrayList(items.GetRange(index, count)); }
        public virtual object Clone() { return new ArrayList(items); }
        public virtual IEnumerator GetEnumerator() { return items.GetEnumerator(); }
    }

    [Serializable]
    public class Hashtable : IDictionary, ICloneable {
        Dictionary<object, object> d = new Dictionary<object, object>();
        public Hashtable() {}
        public Hashtable(int capacity) {}
        public Hashtable(IDictionary d) { foreach (DictionaryEntry e in d) Add(e.Key, e.Value); }
        public virtual int Count { get { return d.Count; } }
        public virtual bool IsReadOnly { get { return false; } }
        public virtual bool IsFixedSize { get { return false; } }
        public virtual bool IsSynchronized { get { return false; } }
        public virtual object SyncRoot { get { return this; } }
        public virtual object this[object key] {
            get { if (key == null) throw new ArgumentNullException("key"); object v; return d.TryGetValue(key, out v) ? v : null; }
            set { if (key == null) throw new ArgumentNullException("key"); d[key] = value; }
        }
        public virtual void Add(object key, object value) {
            if (key == null) throw new ArgumentNullException("key");
            if (d.ContainsKey(key)) throw new ArgumentException("Item has already been added. Key in dictionary: '" + key + "'  Key being added: '" + key + "'");
            d.Add(key, value);
        }
        public virtual bool Contains(object key) { return ContainsKey(key); }
        public virtual bool ContainsKey(object key) { if (key == null) throw new ArgumentNullException("key"); return d.ContainsKey(key); }
        public virtual bool ContainsValue(object value) { return d.ContainsValue(value); }
        public virtual void Remove(object key) { if (key == null) throw new ArgumentNullException("key"); d.Remove(key); }
        public virtual void Clear() { d.Clear(); }
        public virtual ICollection Keys { get { return new List<object>(d.Keys); } }
        public virtual ICollection Values { get { return new List<object>(d.Values); } }
        public virtual void CopyTo(Array array, int arrayIndex) { foreach (KeyValuePair<object, object> p in d) array.SetValue(new DictionaryEntry(p.Key, p.Value), arrayIndex++); }
        public virtual object Clone() { return new Hashtable(this); }
        public virtual IDictionaryEnumerator GetEnumerator() { return new Enumerator(d); }
        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
        sealed class Enumerator : IDictionaryEnumerator {
            Dictionary<object, object>.Enumerator e;
            internal Enumerator(Dictionary<object, object> d) { e = d.GetEnumerator(); }
            public bool MoveNext() { return e.MoveNext(); }
            public object Current { get { return Entry; } }
            public DictionaryEntry Entry { get { return new DictionaryEntry(e.Current.Key, e.Current.Value); } }
            public object Key { get { return e.Current.Key; } }
            public object Value { get { return e.Current.Value; } }
            public void Reset() { e.Reset(); }
        }
    }

    public interface IDictionaryEnumerator : IEnumerator {
        object Key { get; }
        object Value { get; }
        DictionaryEntry Entry { get; }
    }

    [Serializable]
    public struct DictionaryEntry {
        object key, value;
        public DictionaryEntry(object key, object value) { this.key = key; this.value = value; }
        public object Key { get { return key; } set { key = value; } }
        public object Value { get { return value; } set { this.value = value; } }
    }
}
