using System.Runtime.CompilerServices;

namespace System {
    [Serializable]
    public class Exception {
        internal string _message;
        Exception _innerException;
        string _stackTraceString;
        IntPtr _trace;
        int _hresult = unchecked((int)0x80131500);
        string _source;

        [MethodImpl(MethodImplOptions.InternalCall)] static extern string FormatTrace(Exception e);

        public Exception() {}
        public Exception(string message) { _message = message; }
        public Exception(string message, Exception innerException) { _message = message; _innerException = innerException; }

        public virtual string Message {
            get { return _message ?? "Exception of type '" + GetType().FullName + "' was thrown."; }
        }
        public Exception InnerException { get { return _innerException; } }
        public virtual string StackTrace { get { return _stackTraceString ?? FormatTrace(this); } }
        public virtual string Source { get { return _source; } set { _source = value; } }
        public int HResult { get { return _hresult; } protected set { _hresult = value; } }
        public virtual System.Collections.IDictionary Data { get { return null; } }
        public virtual Exception GetBaseException() {
            Exception e = this;
            while (e._innerException != null) e = e._innerException;
            return e;
        }
        public override string ToString() {
            string msg = Message;
            string s = GetType().FullName;
            if (!string.IsNullOrEmpty(msg)) s = s + ": " + msg;
            if (_innerException != null) s = s + " ---> " + _innerException.ToString() + "\n   --- End of inner exception stack trace ---";
            string st = StackTrace;
            if (st != null) s = s + "\n" + st;
            return s;
        }
    }

    [Serializable]
    public class ArgumentException : SystemException {
        string param_name;
        public ArgumentException() : base("Value does not fall within the expected range.") {}
        public ArgumentException(string message) : base(message) {}
        public ArgumentException(string message, Exception innerException) : base(message, innerException) {}
        public ArgumentException(string message, string paramName) : base(message) { param_name = paramName; }
        public ArgumentException(string message, string paramName, Exception innerException) : base(message, innerException) { param_name = paramName; }
        public virtual string ParamName { get { return param_name; } }
        public override string Message {
            get {
                string m = base.Message;
                return string.IsNullOrEmpty(param_name) ? m : m + "\nParameter name: " + param_name;
            }
        }
    }

    [Serializable]
    public class ArgumentNullException : ArgumentException {
        public ArgumentNullException() : base("Value cannot be null.") {}
        public ArgumentNullException(string paramName) : base("Value cannot be null.", paramName) {}
        public ArgumentNullException(string paramName, string message) : base(message, paramName) {}
        public ArgumentNullException(string message, Exception innerException) : base(message, innerException) {}
    }

    [Serializable]
    public class ArgumentOutOfRangeException : ArgumentException {
        object actual_value;
        public ArgumentOutOfRangeException() : base("Specified argument was out of the range of valid values.") {}
        public ArgumentOutOfRangeException(string paramName) : base("Specified argument was out of the range of valid values.", paramName) {}
        public ArgumentOutOfRangeException(string paramName, string message) : base(message, paramName) {}
        public ArgumentOutOfRangeException(string paramName, object actualValue, string message) : base(message, paramName) { actual_value = actualValue; }
        public ArgumentOutOfRangeException(string message, Exception innerException) : base(message, innerException) {}
        public virtual object ActualValue { get { return actual_value; } }
    }

    [Serializable]
    public class ObjectDisposedException : InvalidOperationException {
        string obj_name;
        public ObjectDisposedException(string objectName) : base("Cannot access a disposed object.") { obj_name = objectName; }
        public ObjectDisposedException(string objectName, string message) : base(message) { obj_name = objectName; }
        public string ObjectName { get { return obj_name; } }
        public override string Message { get { return obj_name == null ? base.Message : base.Message + "\nObject name: '" + obj_name + "'."; } }
    }

    [Serializable]
    public sealed class TypeInitializationException : SystemException {
        string type_name;
        public TypeInitializationException(string fullTypeName, Exception innerException)
            : base("The type initializer for '" + fullTypeName + "' threw an exception.", innerException) { type_name = fullTypeName; }
        public string TypeName { get { return type_name; } }
    }

    [Serializable]
    public class AggregateException : Exception {
        public AggregateException() : base("One or more errors occurred.") {}
        public AggregateException(string message) : base(message) {}
        public AggregateException(string message, Exception innerException) : base(message, innerException) {}
    }
}
