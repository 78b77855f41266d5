// Reading and writing native memory, for P/Invoke callers and callbacks;
// native function pointers for delegates.
using System.Runtime.CompilerServices;

namespace System.Runtime.InteropServices {
    [AttributeUsage(AttributeTargets.Delegate)]
    public sealed class UnmanagedFunctionPointerAttribute : Attribute {
        CallingConvention conv;
        public UnmanagedFunctionPointerAttribute(CallingConvention callingConvention) { conv = callingConvention; }
        public CallingConvention CallingConvention { get { return conv; } }
    }

    public static unsafe class Marshal {
        public static byte ReadByte(IntPtr ptr) { return *(byte*)ptr; }
        public static byte ReadByte(IntPtr ptr, int ofs) { return *((byte*)ptr + ofs); }
        public static short ReadInt16(IntPtr ptr) { return *(short*)ptr; }
        public static short ReadInt16(IntPtr ptr, int ofs) { return *(short*)((byte*)ptr + ofs); }
        public static int ReadInt32(IntPtr ptr) { return *(int*)ptr; }
        public static int ReadInt32(IntPtr ptr, int ofs) { return *(int*)((byte*)ptr + ofs); }
        public static long ReadInt64(IntPtr ptr) { return *(long*)ptr; }
        public static long ReadInt64(IntPtr ptr, int ofs) { return *(long*)((byte*)ptr + ofs); }
        public static IntPtr ReadIntPtr(IntPtr ptr) { return *(IntPtr*)ptr; }
        public static void WriteByte(IntPtr ptr, byte val) { *(byte*)ptr = val; }
        public static void WriteInt16(IntPtr ptr, short val) { *(short*)ptr = val; }
        public static void WriteInt32(IntPtr ptr, int val) { *(int*)ptr = val; }
        public static void WriteInt32(IntPtr ptr, int ofs, int val) { *(int*)((byte*)ptr + ofs) = val; }
        public static void WriteInt64(IntPtr ptr, long val) { *(long*)ptr = val; }
        public static void WriteIntPtr(IntPtr ptr, IntPtr val) { *(IntPtr*)ptr = val; }

        // The pointer calls the delegate as long as the caller keeps the
        // delegate alive; the same delegate always gets the same pointer.
        public static IntPtr GetFunctionPointerForDelegate(Delegate d) {
            if (d == null) throw new ArgumentNullException("d");
            return GetFunctionPointerForDelegateInternal(d);
        }
        public static IntPtr GetFunctionPointerForDelegate<TDelegate>(TDelegate d) {
            return GetFunctionPointerForDelegate((Delegate)(object)d);
        }
        [MethodImpl(MethodImplOptions.InternalCall)] static extern IntPtr GetFunctionPointerForDelegateInternal(Delegate d);

        // The errno the last SetLastError=true P/Invoke on this thread left.
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern int GetLastWin32Error();
    }

    [Serializable]
    public class MarshalDirectiveException : SystemException {
        public MarshalDirectiveException() : base("Marshaling directives are invalid.") {}
        public MarshalDirectiveException(string message) : base(message) {}
        public MarshalDirectiveException(string message, Exception innerException) : base(message, innerException) {}
    }
}
