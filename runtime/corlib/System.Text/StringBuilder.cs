namespace System.Text {
    [Serializable]
    public sealed unsafe class StringBuilder {
        char[] buf;
        int len;
        public StringBuilder() : this(16) {}
        public StringBuilder(int capacity) { buf = new char[capacity < 1 ? 16 : capacity]; }
        public StringBuilder(string value) : this(value == null ? 16 : Math.Max(16, value.Length)) { Append(value); }
        public StringBuilder(string value, int capacity) : this(Math.Max(capacity, value == null ? 0 : value.Length)) { Append(value); }
        public int Length {
            get { return len; }
            set {
                if (value < 0) throw new ArgumentOutOfRangeException("value", "Length cannot be less than zero.");
                EnsureCapacity(value);
                for (int i = len; i < value; i++) buf[i] = '\0';
                len = value;
            }
        }
        public int Capacity { get { return buf.Length; } set { EnsureCapacity(value); } }
        public int MaxCapacity { get { return int.MaxValue; } }
        public int EnsureCapacity(int capacity) {
            if (capacity > buf.Length) {
                char[] n = new char[Math.Max(capacity, buf.Length * 2)];
                Array.Copy(buf, n, len);
                buf = n;
            }
            return buf.Length;
        }
        [System.Runtime.CompilerServices.IndexerName("Chars")]
        public char this[int index] {
            get { if (index < 0 || index >= len) throw new IndexOutOfRangeException(); return buf[index]; }
            set { if (index < 0 || index >= len) throw new IndexOutOfRangeException(); buf[index] = value; }
        }
        public StringBuilder Append(char value) {
            if (len == buf.Length) EnsureCapacity(len + 1);
            buf[len++] = value;
            return this;
        }
        public StringBuilder Append(char value, int repeatCount) {
            if (repeatCount < 0) throw new ArgumentOutOfRangeException("repeatCount", "Count cannot be less than zero.");
            EnsureCapacity(len + repeatCount);
            for (int i = 0; i < repeatCount; i++) buf[len++] = value;
            return this;
        }
        public StringBuilder Append(string value) {
            if (value == null) return this;
            int n = value.Length;
            EnsureCapacity(len + n);
            fixed (char* d = buf) fixed (char* s = value) Buffer.Memmove((byte*)(d + len), (byte*)s, n * 2);
            len += n;
            return this;
        }
        public StringBuilder Append(string value, int startIndex, int count) {
            if (value == null) { if (startIndex == 0 && count == 0) return this; throw new ArgumentNullException("value"); }
            if (startIndex < 0 || count < 0 || startIndex > value.Length - count) throw new ArgumentOutOfRangeException("startIndex");
            EnsureCapacity(len + count);
            fixed (char* d = buf) fixed (char* s = value) Buffer.Memmove((byte*)(d + len), (byte*)(s + startIndex), count * 2);
            len += count;
            return this;
        }
        public StringBuilder Append(char[] value) { if (value != null) Append(new string(value)); return this; }
        public StringBuilder Append(char[] value, int startIndex, int charCount) { if (value != null) Append(new string(value, startIndex, charCount)); return this; }
        public StringBuilder Append(StringBuilder value) { if (value != null) Append(value.ToString()); return this; }
        public StringBuilder Append(object value) { if (value != null) Append(value.ToString()); return this; }
        public StringBuilder Append(bool value) { return Append(value ? "True" : "False"); }
        public StringBuilder Append(byte value) { return Append(value.ToString()); }
        public StringBuilder Append(sbyte value) { return Append(value.ToString()); }
        public StringBuilder Append(short value) { return Append(value.ToString()); }
        public StringBuilder Append(ushort value) { return Append(value.ToString()); }
        public StringBuilder Append(int value) { return Append(value.ToString()); }
        public StringBuilder Append(uint value) { return Append(value.ToString()); }
        public StringBuilder Append(long value) { return Append(value.ToString()); }
        public StringBuilder Append(ulong value) { return Append(value.ToString()); }
        public StringBuilder Append(float value) { return Append(value.ToString()); }
        public StringBuilder Append(double value) { return Append(value.ToString()); }
        public StringBuilder Append(decimal value) { return Append(value.ToString()); }
        public StringBuilder AppendLine() { return Append('\n'); }
        public StringBuilder AppendLine(string value) { Append(value); return Append('\n'); }
        public StringBuilder AppendFormat(string format, object arg0) { return AppendFormat(null, format, new object[] { arg0 }); }
        public StringBuilder AppendFormat(string format, object arg0, object arg1) { return AppendFormat(null, format, new object[] { arg0, arg1 }); }
        public StringBuilder AppendFormat(string format, object arg0, object arg1, object arg2) { return AppendFormat(null, format, new object[] { arg0, arg1, arg2 }); }
        public StringBuilder AppendFormat(string format, params object[] args) { return AppendFormat(null, format, args); }
        public StringBuilder AppendFormat(IFormatProvider provider, string format, params object[] args) {
            if (format == null) throw new ArgumentNullException("format");
            if (args == null) throw new ArgumentNullException("args");
            int i = 0, n = format.Length;
            while (i < n) {
                char c = format[i++];
                if (c == '{') {
                    if (i < n && format[i] == '{') { Append('{'); i++; continue; }
                    int idx = 0; bool any = false;
                    while (i < n && format[i] >= '0' && format[i] <= '9') { idx = idx * 10 + (format[i] - '0'); i++; any = true; }
                    if (!any) throw BadFormat();
                    while (i < n && format[i] == ' ') i++;
                    int width = 0; bool left = false;
                    if (i < n && format[i] == ',') {
                        i++;
                        while (i < n && format[i] == ' ') i++;
                        if (i < n && format[i] == '-') { left = true; i++; }
                        bool w = false;
                        while (i < n && format[i] >= '0' && format[i] <= '9') { width = width * 10 + (format[i] - '0'); i++; w = true; }
                        if (!w) throw BadFormat();
                    }
                    while (i < n && format[i] == ' ') i++;
                    string fmt = null;
                    if (i < n && format[i] == ':') {
                        i++;
                        StringBuilder f = new StringBuilder();
                        while (i < n && format[i] != '}') {
                            if (format[i] == '{') throw BadFormat();
                            f.Append(format[i++]);
                        }
                        fmt = f.ToString();
                    }
                    if (i >= n || format[i] != '}') throw BadFormat();
                    i++;
                    if (idx >= args.Length) throw new FormatException("Index (zero based) must be greater than or equal to zero and less than the size of the argument list.");
                    object arg = args[idx];
                    string s;
                    IFormattable fa = arg as IFormattable;
                    if (arg == null) s = "";
                    else if (fa != null) s = fa.ToString(fmt, provider);
                    else s = arg.ToString() ?? "";
                    if (!left && width > s.Length) Append(' ', width - s.Length);
                    Append(s);
                    if (left && width > s.Length) Append(' ', width - s.Length);
                } else if (c == '}') {
                    if (i < n && format[i] == '}') { Append('}'); i++; continue; }
                    throw BadFormat();
                } else Append(c);
            }
            return this;
        }
        static FormatException BadFormat() { return new FormatException("Input string was not in a correct format."); }
        public StringBuilder Insert(int index, string value) {
            if (index < 0 || index > len) throw new ArgumentOutOfRangeException("index", "Index was out of range. Must be non-negative and less than or equal to the size of the collection.");
            if (string.IsNullOrEmpty(value)) return this;
            int n = value.Length;
            EnsureCapacity(len + n);
            Array.Copy(buf, index, buf, index + n, len - index);
            for (int i = 0; i < n; i++) buf[index + i] = value[i];
            len += n;
            return this;
        }
        public StringBuilder Insert(int index, char value) { return Insert(index, new string(value, 1)); }
        public StringBuilder Insert(int index, int value) { return Insert(index, value.ToString()); }
        public StringBuilder Insert(int index, long value) { return Insert(index, value.ToString()); }
        public StringBuilder Insert(int index, double value) { return Insert(index, value.ToString()); }
        public StringBuilder Insert(int index, bool value) { return Insert(index, value.ToString()); }
        public StringBuilder Insert(int index, object value) { return Insert(index, value == null ? null : value.ToString()); }
        public StringBuilder Remove(int startIndex, int length) {
            if (startIndex < 0 || length < 0 || startIndex > len - length) throw new ArgumentOutOfRangeException("startIndex");
            Array.Copy(buf, startIndex + length, buf, startIndex, len - startIndex - length);
            len -= length;
            return this;
        }
        public StringBuilder Replace(string oldValue, string newValue) {
            string s = ToString().Replace(oldValue, newValue ?? "");
            len = 0;
            return Append(s);
        }
        public StringBuilder Replace(string oldValue, string newValue, int startIndex, int count) {
            string s = ToString();
            string mid = s.Substring(startIndex, count).Replace(oldValue, newValue ?? "");
            len = 0;
            Append(s.Substring(0, startIndex)); Append(mid); Append(s.Substring(startIndex + count));
            return this;
        }
        public StringBuilder Replace(char oldChar, char newChar) {
            for (int i = 0; i < len; i++) if (buf[i] == oldChar) buf[i] = newChar;
            return this;
        }
        public StringBuilder Clear() { len = 0; return this; }
        public override string ToString() { return new string(buf, 0, len); }
        public string ToString(int startIndex, int length) {
            if (startIndex < 0 || length < 0 || startIndex > len - length) throw new ArgumentOutOfRangeException("startIndex");
            return new string(buf, startIndex, length);
        }
        public void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count) { Array.Copy(buf, sourceIndex, destination, destinationIndex, count); }
    }
}
