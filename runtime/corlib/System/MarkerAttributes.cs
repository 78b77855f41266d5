// Attributes that carry no behaviour in this runtime: the compiler and
// programs only need them to exist with their .NET constructors.
namespace System {
    [AttributeUsage(AttributeTargets.Parameter, Inherited = true)]
    public sealed class ParamArrayAttribute : Attribute {
        public ParamArrayAttribute() {}
    }

    [AttributeUsage(AttributeTargets.Enum, Inherited = false)]
    [Serializable]
    public class FlagsAttribute : Attribute {
        public FlagsAttribute() {}
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Delegate, Inherited = false)]
    public sealed class SerializableAttribute : Attribute {
        public SerializableAttribute() {}
    }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class NonSerializedAttribute : Attribute {
        public NonSerializedAttribute() {}
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Constructor | AttributeTargets.Method
        | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Event | AttributeTargets.Interface | AttributeTargets.Delegate, Inherited = false)]
    [Serializable]
    public sealed class ObsoleteAttribute : Attribute {
        string _message;
        bool _error;
        public ObsoleteAttribute() {}
        public ObsoleteAttribute(string message) { _message = message; }
        public ObsoleteAttribute(string message, bool error) { _message = message; _error = error; }
        public string Message { get { return _message; } }
        public bool IsError { get { return _error; } }
    }

    [AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
    [Serializable]
    public sealed class CLSCompliantAttribute : Attribute {
        bool _compliant;
        public CLSCompliantAttribute(bool isCompliant) { _compliant = isCompliant; }
        public bool IsCompliant { get { return _compliant; } }
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class STAThreadAttribute : Attribute {
        public STAThreadAttribute() {}
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class MTAThreadAttribute : Attribute {
        public MTAThreadAttribute() {}
    }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    [Serializable]
    public class ThreadStaticAttribute : Attribute {
        public ThreadStaticAttribute() {}
    }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    [Serializable]
    public class ContextStaticAttribute : Attribute {
        public ContextStaticAttribute() {}
    }
}
