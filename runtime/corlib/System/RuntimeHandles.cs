// What ldtoken pushes: the runtime stores its own pointer in `value`.
namespace System {
    [Serializable]
    public struct RuntimeTypeHandle {
        IntPtr value;
        public IntPtr Value { get { return value; } }
        public override bool Equals(object obj) { return obj is RuntimeTypeHandle && ((RuntimeTypeHandle)obj).value == value; }
        public bool Equals(RuntimeTypeHandle handle) { return handle.value == value; }
        public override int GetHashCode() { return value.GetHashCode(); }
        public static bool operator ==(RuntimeTypeHandle left, RuntimeTypeHandle right) { return left.value == right.value; }
        public static bool operator !=(RuntimeTypeHandle left, RuntimeTypeHandle right) { return left.value != right.value; }
    }

    [Serializable]
    public struct RuntimeFieldHandle {
        IntPtr value;
        public IntPtr Value { get { return value; } }
        public override bool Equals(object obj) { return obj is RuntimeFieldHandle && ((RuntimeFieldHandle)obj).value == value; }
        public bool Equals(RuntimeFieldHandle handle) { return handle.value == value; }
        public override int GetHashCode() { return value.GetHashCode(); }
    }

    [Serializable]
    public struct RuntimeMethodHandle {
        IntPtr value;
        public IntPtr Value { get { return value; } }
        public override bool Equals(object obj) { return obj is RuntimeMethodHandle && ((RuntimeMethodHandle)obj).value == value; }
        public bool Equals(RuntimeMethodHandle handle) { return handle.value == value; }
        public override int GetHashCode() { return value.GetHashCode(); }
    }

    // Vararg support types the compiler requires; the runtime does not implement varargs.
    public struct TypedReference {}
    public struct ArgIterator {}
    public struct RuntimeArgumentHandle {}
}
