using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace System {
    [Serializable]
    public class Object {
        public Object() {}
        ~Object() {}
        [MethodImpl(MethodImplOptions.InternalCall)] public extern Type GetType();
        [MethodImpl(MethodImplOptions.InternalCall)] protected extern object MemberwiseClone();
        public virtual string ToString() { return GetType().ToString(); }
        public virtual bool Equals(object obj) { return this == obj; }
        public virtual int GetHashCode() { return RuntimeHelpers.GetHashCode(this); }
        public static bool Equals(object objA, object objB) {
            if (objA == objB) return true;
            if (objA == null || objB == null) return false;
            return objA.Equals(objB);
        }
        public static bool ReferenceEquals(object objA, object objB) { return objA == objB; }
    }

    [Serializable]
    public abstract class ValueType {
        protected ValueType() {}
        [MethodImpl(MethodImplOptions.InternalCall)] static extern bool InternalEquals(object a, object b);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern int InternalGetHashCode(object o);
        public override bool Equals(object obj) { return InternalEquals(this, obj); }
        public override int GetHashCode() { return InternalGetHashCode(this); }
        public override string ToString() { return GetType().ToString(); }
    }

    public struct Void {}

    [AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
    [Serializable]
    public abstract class Attribute {
        protected Attribute() {}
    }

    [Flags]
    public enum AttributeTargets {
        Assembly = 1, Module = 2, Class = 4, Struct = 8, Enum = 16, Constructor = 32, Method = 64, Property = 128,
        Field = 256, Event = 512, Interface = 1024, Parameter = 2048, Delegate = 4096, ReturnValue = 8192,
        GenericParameter = 16384, All = 32767
    }

    [AttributeUsage(AttributeTargets.Class, Inherited = true)]
    public sealed class AttributeUsageAttribute : Attribute {
        AttributeTargets valid_on; bool allow_multiple; bool inherited = true;
        public AttributeUsageAttribute(AttributeTargets validOn) { valid_on = validOn; }
        public bool AllowMultiple { get { return allow_multiple; } set { allow_multiple = value; } }
        public bool Inherited { get { return inherited; } set { inherited = value; } }
        public AttributeTargets ValidOn { get { return valid_on; } }
    }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = true)] public sealed class ParamArrayAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Enum, Inherited = false)] public class FlagsAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Delegate, Inherited = false)]
    public sealed class SerializableAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Field, Inherited = false)] public sealed class NonSerializedAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.All, Inherited = false)]
    public sealed class ObsoleteAttribute : Attribute {
        public ObsoleteAttribute() {}
        public ObsoleteAttribute(string message) {}
        public ObsoleteAttribute(string message, bool error) {}
    }
    [AttributeUsage(AttributeTargets.All, Inherited = true)]
    public sealed class CLSCompliantAttribute : Attribute { public CLSCompliantAttribute(bool isCompliant) {} }
    [AttributeUsage(AttributeTargets.Method)] public sealed class STAThreadAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Method)] public sealed class MTAThreadAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Field, Inherited = false)] public class ThreadStaticAttribute : Attribute {}

    public interface IDisposable { void Dispose(); }
    public interface ICloneable { object Clone(); }
    public interface IComparable { int CompareTo(object obj); }
    public interface IComparable<in T> { int CompareTo(T other); }
    public interface IEquatable<T> { bool Equals(T other); }
    public interface IFormatProvider { object GetFormat(Type formatType); }
    public interface IFormattable { string ToString(string format, IFormatProvider formatProvider); }
    public interface IConvertible {}
    public interface IServiceProvider { object GetService(Type serviceType); }

    // The runtime's layout (mkrefany, refanyval, refanytype): the address,
    // then the class of what it points to.
    public struct TypedReference {
        IntPtr _value;
        IntPtr _klass;

        [MethodImpl(MethodImplOptions.InternalCall)] public static extern object ToObject(TypedReference value);
    }

    // What `arglist` pushes: the runtime's list of a vararg call's extra
    // arguments, per argument its declared type and its (boxed) value.
    public struct RuntimeArgumentHandle {
        internal object[] _args;
    }

    public struct ArgIterator {
        object[] _args;
        int _next;

        public ArgIterator(RuntimeArgumentHandle arglist) {
            _args = arglist._args;
            _next = 0;
        }

        public int GetRemainingCount() {
            return _args == null ? 0 : _args.Length / 2 - _next;
        }

        public TypedReference GetNextArg() {
            if (GetRemainingCount() <= 0) throw new InvalidOperationException("No remaining arguments.");
            return MakeTypedReference(_args, 2 * _next++);
        }

        public RuntimeTypeHandle GetNextArgType() {
            if (GetRemainingCount() <= 0) throw new InvalidOperationException("No remaining arguments.");
            return ((Type)_args[2 * _next]).TypeHandle;
        }

        public void End() {}

        public override bool Equals(object o) {
            throw new NotSupportedException("ArgIterator does not support Equals.");
        }

        public override int GetHashCode() {
            return _args == null ? 0 : _args.GetHashCode();
        }

        // A reference to argument `at / 2`: its value in its box, or for a
        // reference type the array element holding it.
        [MethodImpl(MethodImplOptions.InternalCall)] static extern TypedReference MakeTypedReference(object[] args, int at);
    }

    public struct RuntimeTypeHandle {
        IntPtr value;
        internal RuntimeTypeHandle(IntPtr klass) { value = klass; }
        public IntPtr Value { get { return value; } }
    }
    public struct RuntimeFieldHandle {
        IntPtr value;
        public IntPtr Value { get { return value; } }
    }
    public struct RuntimeMethodHandle {
        IntPtr value;
        public IntPtr Value { get { return value; } }
    }

    public class EventArgs {
        public static readonly EventArgs Empty = new EventArgs();
        public EventArgs() {}
    }
}

namespace System.Runtime.CompilerServices {
    public enum MethodImplOptions {
        Unmanaged = 4, ForwardRef = 16, PreserveSig = 128, InternalCall = 4096, Synchronized = 32, NoInlining = 8,
        AggressiveInlining = 256, NoOptimization = 64
    }
    public enum MethodCodeType { IL = 0, Native = 1, OPTIL = 2, Runtime = 3 }
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class MethodImplAttribute : Attribute {
        MethodImplOptions _val;
        public MethodCodeType MethodCodeType;
        public MethodImplAttribute() {}
        public MethodImplAttribute(short value) { _val = (MethodImplOptions)value; }
        public MethodImplAttribute(MethodImplOptions methodImplOptions) { _val = methodImplOptions; }
        public MethodImplOptions Value { get { return _val; } }
    }
    [AttributeUsage(AttributeTargets.All, Inherited = true)] public sealed class CompilerGeneratedAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)] public sealed class ExtensionAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Property, Inherited = true)] public sealed class IndexerNameAttribute : Attribute { public IndexerNameAttribute(string indexerName) {} }
    [AttributeUsage(AttributeTargets.Field, Inherited = false)] public sealed class FixedBufferAttribute : Attribute { public FixedBufferAttribute(Type elementType, int length) {} }
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
    public sealed class DecimalConstantAttribute : Attribute { public DecimalConstantAttribute(byte scale, byte sign, uint hi, uint mid, uint low) {} public DecimalConstantAttribute(byte scale, byte sign, int hi, int mid, int low) {} }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)]
    public sealed class RuntimeCompatibilityAttribute : Attribute { public bool WrapNonExceptionThrows { get; set; } }
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Module | AttributeTargets.Class | AttributeTargets.Method)]
    public class CompilationRelaxationsAttribute : Attribute { public CompilationRelaxationsAttribute(int relaxations) {} }
    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
    public sealed class InternalsVisibleToAttribute : Attribute { public InternalsVisibleToAttribute(string assemblyName) {} }
    public static class IsVolatile {}
    public static class IsConst {}
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method | AttributeTargets.Property)] public sealed class IteratorStateMachineAttribute : Attribute { public IteratorStateMachineAttribute(Type t) {} }
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)] public sealed class CallerMemberNameAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)] public sealed class CallerFilePathAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)] public sealed class CallerLineNumberAttribute : Attribute {}

    public static class RuntimeHelpers {
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern int GetHashCode(object o);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern void InitializeArray(Array array, RuntimeFieldHandle fldHandle);
        public static int OffsetToStringData { get { return 20; } }
        public static new bool Equals(object o1, object o2) { return object.Equals(o1, o2); }
        public static void RunClassConstructor(RuntimeTypeHandle type) {}
        public static void PrepareConstrainedRegions() {}
        public static void EnsureSufficientExecutionStack() {}
    }
}

namespace System.Runtime.InteropServices {
    public enum LayoutKind { Sequential = 0, Explicit = 2, Auto = 3 }
    public enum CharSet { None = 1, Ansi = 2, Unicode = 3, Auto = 4 }
    public enum CallingConvention { Winapi = 1, Cdecl = 2, StdCall = 3, ThisCall = 4, FastCall = 5 }
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
    public sealed class StructLayoutAttribute : Attribute {
        LayoutKind _val;
        public int Pack; public int Size; public CharSet CharSet;
        public StructLayoutAttribute(LayoutKind layoutKind) { _val = layoutKind; }
        public StructLayoutAttribute(short layoutKind) { _val = (LayoutKind)layoutKind; }
        public LayoutKind Value { get { return _val; } }
    }
    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class FieldOffsetAttribute : Attribute { int _val; public FieldOffsetAttribute(int offset) { _val = offset; } public int Value { get { return _val; } } }
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)] public sealed class OutAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)] public sealed class InAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)] public sealed class OptionalAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.All, Inherited = false)] public sealed class ComVisibleAttribute : Attribute { public ComVisibleAttribute(bool visibility) {} }
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    public sealed class DllImportAttribute : Attribute {
        public CallingConvention CallingConvention; public CharSet CharSet; public string EntryPoint; public bool SetLastError; public bool ExactSpelling; public bool PreserveSig;
        string _val;
        public DllImportAttribute(string dllName) { _val = dllName; }
        public string Value { get { return _val; } }
    }
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = false)]
    public sealed class MarshalAsAttribute : Attribute { public MarshalAsAttribute(short unmanagedType) {} }
    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class DefaultParameterValueAttribute : Attribute { public DefaultParameterValueAttribute(object value) {} }
}

namespace System.Reflection {
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
    public sealed class DefaultMemberAttribute : Attribute {
        string member_name;
        public DefaultMemberAttribute(string memberName) { member_name = memberName; }
        public string MemberName { get { return member_name; } }
    }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyTitleAttribute : Attribute { public AssemblyTitleAttribute(string title) {} }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyVersionAttribute : Attribute { public AssemblyVersionAttribute(string version) {} }
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false)] public sealed class AssemblyProductAttribute : Attribute { public AssemblyProductAttribute(string product) {} }
}

namespace System.Diagnostics {
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
    public sealed class ConditionalAttribute : Attribute { public ConditionalAttribute(string conditionString) {} }
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Module, AllowMultiple = false)]
    public sealed class DebuggableAttribute : Attribute {
        [Flags] public enum DebuggingModes { None = 0, Default = 1, DisableOptimizations = 256, IgnoreSymbolStoreSequencePoints = 2, EnableEditAndContinue = 4 }
        public DebuggableAttribute(DebuggingModes modes) {}
        public DebuggableAttribute(bool isJITTrackingEnabled, bool isJITOptimizerDisabled) {}
    }
    [AttributeUsage(AttributeTargets.All)] public sealed class DebuggerHiddenAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.All)] public sealed class DebuggerStepThroughAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.All)] public sealed class DebuggerNonUserCodeAttribute : Attribute {}
    [AttributeUsage(AttributeTargets.All)] public sealed class DebuggerDisplayAttribute : Attribute { public DebuggerDisplayAttribute(string value) {} }
    public enum DebuggerBrowsableState { Never = 0, Collapsed = 2, RootHidden = 3 }
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)] public sealed class DebuggerBrowsableAttribute : Attribute { public DebuggerBrowsableAttribute(DebuggerBrowsableState state) {} }
}
