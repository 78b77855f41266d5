using System.Runtime.CompilerServices;

namespace System {
    public static class GC {
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void InternalCollect();
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern void WaitForPendingFinalizers();
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern void SuppressFinalize(object obj);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern void ReRegisterForFinalize(object obj);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern long GetTotalMemory(bool forceFullCollection);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern int InternalCollectionCount();
        public static void Collect() { InternalCollect(); }
        public static void Collect(int generation) { InternalCollect(); }
        public static void Collect(int generation, GCCollectionMode mode) { InternalCollect(); }
        public static int MaxGeneration { get { return 0; } }
        public static int CollectionCount(int generation) { return InternalCollectionCount(); }
        public static int GetGeneration(object obj) { return 0; }
        [MethodImpl(MethodImplOptions.NoInlining)] public static void KeepAlive(object obj) {}
    }
    public enum GCCollectionMode { Default = 0, Forced = 1, Optimized = 2 }

    [Serializable]
    public class WeakReference {
        [MethodImpl(MethodImplOptions.InternalCall)] static extern IntPtr AllocHandle(object target);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern object GetHandleTarget(IntPtr handle);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void SetHandleTarget(IntPtr handle, object target);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void FreeHandle(IntPtr handle);
        IntPtr _handle;
        bool _trackResurrection;
        public WeakReference(object target) : this(target, false) {}
        public WeakReference(object target, bool trackResurrection) { _handle = AllocHandle(target); _trackResurrection = trackResurrection; }
        ~WeakReference() { FreeHandle(_handle); _handle = IntPtr.Zero; }
        public virtual bool IsAlive { get { return GetHandleTarget(_handle) != null; } }
        public virtual object Target { get { return GetHandleTarget(_handle); } set { SetHandleTarget(_handle, value); } }
        public virtual bool TrackResurrection { get { return _trackResurrection; } }
    }

    [Serializable]
    public sealed class WeakReference<T> where T : class {
        WeakReference r;
        public WeakReference(T target) { r = new WeakReference(target); }
        public WeakReference(T target, bool trackResurrection) { r = new WeakReference(target, trackResurrection); }
        public bool TryGetTarget(out T target) { target = (T)r.Target; return target != null; }
        public void SetTarget(T target) { r.Target = target; }
    }

    public static class Environment {
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern void Exit(int exitCode);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern string[] GetCommandLineArgs();
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string InternalGetEnvironmentVariable(string name);
        public static extern int TickCount { [MethodImpl(MethodImplOptions.InternalCall)] get; }
        public static extern int ProcessorCount { [MethodImpl(MethodImplOptions.InternalCall)] get; }
        public static string NewLine { get { return "\n"; } }
        public static extern int ExitCode { [MethodImpl(MethodImplOptions.InternalCall)] get; [MethodImpl(MethodImplOptions.InternalCall)] set; }
        public static bool Is64BitProcess { get { return true; } }
        public static int CurrentManagedThreadId { get { return 1; } }
        public static string StackTrace { get { return ""; } }
        public static string GetEnvironmentVariable(string variable) {
            if (variable == null) throw new ArgumentNullException("variable");
            return InternalGetEnvironmentVariable(variable);
        }
        public static void FailFast(string message) { Console.Error.WriteLine(message); Exit(134); }
    }

    public static class Buffer {
        [MethodImpl(MethodImplOptions.InternalCall)] internal static unsafe extern void Memmove(byte* dest, byte* src, int len);
        public static unsafe void BlockCopy(Array src, int srcOffset, Array dst, int dstOffset, int count) {
            if (src == null) throw new ArgumentNullException("src");
            if (dst == null) throw new ArgumentNullException("dst");
            int sl = ByteLength(src), dl = ByteLength(dst);
            if (srcOffset < 0 || dstOffset < 0 || count < 0) throw new ArgumentOutOfRangeException("srcOffset", "Non-negative number required.");
            if (srcOffset > sl - count || dstOffset > dl - count) throw new ArgumentException("Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.");
            for (int i = 0; i < count; i++) SetByte(dst, dstOffset + i, GetByte(src, srcOffset + i));
        }
        public static int ByteLength(Array array) {
            if (array == null) throw new ArgumentNullException("array");
            return array.Length * ElementSize(array);
        }
        static int ElementSize(Array a) {
            Type t = a.GetType().GetElementType();
            if (t == typeof(byte) || t == typeof(sbyte) || t == typeof(bool)) return 1;
            if (t == typeof(short) || t == typeof(ushort) || t == typeof(char)) return 2;
            if (t == typeof(int) || t == typeof(uint) || t == typeof(float)) return 4;
            if (t == typeof(long) || t == typeof(ulong) || t == typeof(double)) return 8;
            throw new ArgumentException("Object must be an array of primitives.");
        }
        public static unsafe byte GetByte(Array array, int index) {
            int size = ElementSize(array);
            long v = Convert.ToInt64(array.GetValue(index / size) is bool ? ((bool)array.GetValue(index / size) ? 1 : 0) : ElementBits(array.GetValue(index / size)));
            return (byte)(v >> (8 * (index % size)));
        }
        static unsafe long ElementBits(object o) {
            if (o is float) { float f = (float)o; return *(int*)&f; }
            if (o is double) { double d = (double)o; return *(long*)&d; }
            if (o is char) return (char)o;
            if (o is ulong) return (long)(ulong)o;
            return Convert.ToInt64(o);
        }
        public static unsafe void SetByte(Array array, int index, byte value) {
            int size = ElementSize(array);
            int i = index / size, shift = 8 * (index % size);
            object cur = array.GetValue(i);
            long bits = cur is bool ? ((bool)cur ? 1 : 0) : ElementBits(cur);
            bits = (bits & ~(0xFFL << shift)) | ((long)value << shift);
            Type t = array.GetType().GetElementType();
            object nv;
            if (t == typeof(float)) { int b = (int)bits; nv = *(float*)&b; }
            else if (t == typeof(double)) nv = *(double*)&bits;
            else if (t == typeof(bool)) nv = bits != 0;
            else if (t == typeof(char)) nv = (char)bits;
            else if (t == typeof(byte)) nv = (byte)bits;
            else if (t == typeof(sbyte)) nv = (sbyte)bits;
            else if (t == typeof(short)) nv = (short)bits;
            else if (t == typeof(ushort)) nv = (ushort)bits;
            else if (t == typeof(int)) nv = (int)bits;
            else if (t == typeof(uint)) nv = (uint)bits;
            else if (t == typeof(ulong)) nv = (ulong)bits;
            else nv = bits;
            array.SetValue(nv, i);
        }
    }

    public static class BitConverter {
        public static readonly bool IsLittleEndian = true;
        public static unsafe long DoubleToInt64Bits(double value) { return *(long*)&value; }
        public static unsafe double Int64BitsToDouble(long value) { return *(double*)&value; }
        public static unsafe byte[] GetBytes(int value) { byte[] r = new byte[4]; for (int i = 0; i < 4; i++) r[i] = (byte)(value >> (8 * i)); return r; }
        public static unsafe byte[] GetBytes(long value) { byte[] r = new byte[8]; for (int i = 0; i < 8; i++) r[i] = (byte)(value >> (8 * i)); return r; }
        public static byte[] GetBytes(short value) { return new byte[] { (byte)value, (byte)(value >> 8) }; }
        public static byte[] GetBytes(double value) { return GetBytes(DoubleToInt64Bits(value)); }
        public static byte[] GetBytes(bool value) { return new byte[] { value ? (byte)1 : (byte)0 }; }
        public static int ToInt32(byte[] value, int startIndex) { return value[startIndex] | (value[startIndex + 1] << 8) | (value[startIndex + 2] << 16) | (value[startIndex + 3] << 24); }
        public static long ToInt64(byte[] value, int startIndex) { return (uint)ToInt32(value, startIndex) | ((long)ToInt32(value, startIndex + 4) << 32); }
        public static short ToInt16(byte[] value, int startIndex) { return (short)(value[startIndex] | (value[startIndex + 1] << 8)); }
        public static double ToDouble(byte[] value, int startIndex) { return Int64BitsToDouble(ToInt64(value, startIndex)); }
        public static string ToString(byte[] value) {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            for (int i = 0; i < value.Length; i++) { if (i > 0) sb.Append('-'); sb.Append(value[i].ToString("X2")); }
            return sb.ToString();
        }
    }

    [Serializable]
    public struct Nullable<T> where T : struct {
        bool hasValue;
        internal T value;
        public Nullable(T value) { this.hasValue = true; this.value = value; }
        public bool HasValue { get { return hasValue; } }
        public T Value {
            get {
                if (!hasValue) throw new InvalidOperationException("Nullable object must have a value.");
                return value;
            }
        }
        public T GetValueOrDefault() { return value; }
        public T GetValueOrDefault(T defaultValue) { return hasValue ? value : defaultValue; }
        public override bool Equals(object other) {
            if (!hasValue) return other == null;
            return other != null && value.Equals(other);
        }
        public override int GetHashCode() { return hasValue ? value.GetHashCode() : 0; }
        public override string ToString() { return hasValue ? value.ToString() : ""; }
        public static implicit operator T?(T value) { return new T?(value); }
        public static explicit operator T(T? value) { return value.Value; }
    }

    public static class Nullable {
        public static Type GetUnderlyingType(Type nullableType) {
            if (nullableType == null) throw new ArgumentNullException("nullableType");
            return nullableType.IsGenericType && nullableType.GetGenericTypeDefinition() == typeof(Nullable<>) ? nullableType.GetGenericArguments()[0] : null;
        }
        public static int Compare<T>(T? n1, T? n2) where T : struct {
            if (n1.HasValue) return n2.HasValue ? System.Collections.Generic.Comparer<T>.Default.Compare(n1.GetValueOrDefault(), n2.GetValueOrDefault()) : 1;
            return n2.HasValue ? -1 : 0;
        }
        public static bool Equals<T>(T? n1, T? n2) where T : struct {
            if (n1.HasValue) return n2.HasValue && System.Collections.Generic.EqualityComparer<T>.Default.Equals(n1.GetValueOrDefault(), n2.GetValueOrDefault());
            return !n2.HasValue;
        }
    }
}

namespace System.Threading {
    public static class Monitor {
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void ReliableEnter(object obj, ref bool lockTaken);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern void Exit(object obj);
        public static void Enter(object obj) { bool taken = false; ReliableEnter(obj, ref taken); }
        public static void Enter(object obj, ref bool lockTaken) {
            if (lockTaken) throw new ArgumentException("Argument must be initialized to false", "lockTaken");
            ReliableEnter(obj, ref lockTaken);
        }
        public static bool TryEnter(object obj) { bool taken = false; ReliableEnter(obj, ref taken); return taken; }
    }

    public static class Interlocked {
        [MethodImpl(MethodImplOptions.InternalCall)] static extern int CompareExchange_Int(ref int l, int v, int c);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern long CompareExchange_Long(ref long l, long v, long c);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern object CompareExchange_Object(ref object l, object v, object c);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern T CompareExchange_T<T>(ref T l, T v, T c) where T : class;
        [MethodImpl(MethodImplOptions.InternalCall)] static extern int Exchange_Int(ref int l, int v);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern long Exchange_Long(ref long l, long v);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern object Exchange_Object(ref object l, object v);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern T Exchange_T<T>(ref T l, T v) where T : class;
        [MethodImpl(MethodImplOptions.InternalCall)] static extern int Add_Int(ref int l, int v);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern long Add_Long(ref long l, long v);
        public static int CompareExchange(ref int location1, int value, int comparand) { return CompareExchange_Int(ref location1, value, comparand); }
        public static long CompareExchange(ref long location1, long value, long comparand) { return CompareExchange_Long(ref location1, value, comparand); }
        public static object CompareExchange(ref object location1, object value, object comparand) { return CompareExchange_Object(ref location1, value, comparand); }
        public static T CompareExchange<T>(ref T location1, T value, T comparand) where T : class { return CompareExchange_T(ref location1, value, comparand); }
        public static int Exchange(ref int location1, int value) { return Exchange_Int(ref location1, value); }
        public static long Exchange(ref long location1, long value) { return Exchange_Long(ref location1, value); }
        public static object Exchange(ref object location1, object value) { return Exchange_Object(ref location1, value); }
        public static T Exchange<T>(ref T location1, T value) where T : class { return Exchange_T(ref location1, value); }
        public static int Add(ref int location1, int value) { return Add_Int(ref location1, value); }
        public static long Add(ref long location1, long value) { return Add_Long(ref location1, value); }
        public static int Increment(ref int location) { return Add_Int(ref location, 1); }
        public static long Increment(ref long location) { return Add_Long(ref location, 1); }
        public static int Decrement(ref int location) { return Add_Int(ref location, -1); }
        public static long Decrement(ref long location) { return Add_Long(ref location, -1); }
    }

    public sealed class Thread {
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void SleepInternal(int ms);
        public static void Sleep(int millisecondsTimeout) { SleepInternal(millisecondsTimeout); }
        public static Thread CurrentThread { get { return current; } }
        static readonly Thread current = new Thread();
        public int ManagedThreadId { get { return 1; } }
    }
}

namespace System.Diagnostics {
    public class Stopwatch {
        [MethodImpl(MethodImplOptions.InternalCall)] static extern long GetTimestampNs();
        public static readonly long Frequency = 1000000000;
        public static readonly bool IsHighResolution = true;
        long elapsed, started;
        bool running;
        public static Stopwatch StartNew() { Stopwatch s = new Stopwatch(); s.Start(); return s; }
        public static long GetTimestamp() { return GetTimestampNs(); }
        public void Start() { if (!running) { started = GetTimestampNs(); running = true; } }
        public void Stop() { if (running) { elapsed += GetTimestampNs() - started; running = false; } }
        public void Reset() { elapsed = 0; running = false; }
        public void Restart() { elapsed = 0; started = GetTimestampNs(); running = true; }
        public bool IsRunning { get { return running; } }
        public long ElapsedTicks { get { return running ? elapsed + GetTimestampNs() - started : elapsed; } }
        public long ElapsedMilliseconds { get { return ElapsedTicks / 1000000; } }
        public TimeSpan Elapsed { get { return new TimeSpan(ElapsedTicks / 100); } }
    }
}
