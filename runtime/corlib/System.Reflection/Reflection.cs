// Reflection over the runtime's classes, methods and fields. Member objects
// wrap runtime handles (Method*, Field* with its declaring class); the
// runtime side is src/runtime/reflection.rs.
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace System.Reflection {
    [Flags]
    public enum BindingFlags {
        Default = 0, IgnoreCase = 1, DeclaredOnly = 2, Instance = 4, Static = 8, Public = 16, NonPublic = 32,
        FlattenHierarchy = 64, InvokeMethod = 256, CreateInstance = 512, GetField = 1024, SetField = 2048,
        GetProperty = 4096, SetProperty = 8192, PutDispProperty = 16384, PutRefDispProperty = 32768,
        ExactBinding = 65536, SuppressChangeType = 131072, OptionalParamBinding = 262144, IgnoreReturn = 16777216
    }

    [Flags]
    public enum MethodAttributes {
        MemberAccessMask = 7, PrivateScope = 0, Private = 1, FamANDAssem = 2, Assembly = 3, Family = 4, FamORAssem = 5,
        Public = 6, Static = 16, Final = 32, Virtual = 64, HideBySig = 128, CheckAccessOnOverride = 512,
        VtableLayoutMask = 256, ReuseSlot = 0, NewSlot = 256, Abstract = 1024, SpecialName = 2048,
        PinvokeImpl = 8192, UnmanagedExport = 8, RTSpecialName = 4096, ReservedMask = 53248, HasSecurity = 16384,
        RequireSecObject = 32768
    }

    [Flags]
    public enum FieldAttributes {
        FieldAccessMask = 7, PrivateScope = 0, Private = 1, FamANDAssem = 2, Assembly = 3, Family = 4, FamORAssem = 5,
        Public = 6, Static = 16, InitOnly = 32, Literal = 64, NotSerialized = 128, SpecialName = 512,
        PinvokeImpl = 8192, RTSpecialName = 1024, HasFieldMarshal = 4096, HasDefault = 32768, HasFieldRVA = 256,
        ReservedMask = 38144
    }

    [Flags]
    public enum CallingConventions { Standard = 1, VarArgs = 2, Any = 3, HasThis = 32, ExplicitThis = 64 }

    [Flags]
    public enum ParameterAttributes {
        None = 0, In = 1, Out = 2, Lcid = 4, Retval = 8, Optional = 16, HasDefault = 4096, HasFieldMarshal = 8192,
        Reserved3 = 16384, Reserved4 = 32768, ReservedMask = 61440
    }

    [Flags]
    public enum MemberTypes {
        Constructor = 1, Event = 2, Field = 4, Method = 8, Property = 16, TypeInfo = 32, Custom = 64, NestedType = 128, All = 191
    }

    public abstract class Binder { protected Binder() {} }
    public struct ParameterModifier {
        bool[] _byRef;
        public ParameterModifier(int parameterCount) { _byRef = new bool[parameterCount]; }
        public bool this[int index] { get { return _byRef[index]; } set { _byRef[index] = value; } }
    }

    public class TargetParameterCountException : ApplicationException {
        public TargetParameterCountException() : base("Number of parameters specified does not match the expected number.") {}
        public TargetParameterCountException(string message) : base(message) {}
    }
    public class TargetException : ApplicationException {
        public TargetException() : base("Non-static method requires a target.") {}
        public TargetException(string message) : base(message) {}
    }
    public class AmbiguousMatchException : SystemException {
        public AmbiguousMatchException() : base("Ambiguous match found.") {}
        public AmbiguousMatchException(string message) : base(message) {}
    }

    public abstract class MemberInfo {
        protected MemberInfo() {}
        // Members compare equal when they denote the same member (.NET caches
        // member objects, so its reference comparison amounts to this).
        public static bool operator ==(MemberInfo left, MemberInfo right) { return (object)left == null ? (object)right == null : left.Equals(right); }
        public static bool operator !=(MemberInfo left, MemberInfo right) { return !(left == right); }
        public override bool Equals(object obj) { return base.Equals(obj); }
        public override int GetHashCode() { return base.GetHashCode(); }
        public abstract string Name { get; }
        public virtual Type DeclaringType { get { return null; } }
        public virtual Type ReflectedType { get { return DeclaringType; } }
        public virtual MemberTypes MemberType { get { return MemberTypes.Custom; } }
        public virtual Module Module { get { return DeclaringType == null ? null : DeclaringType.Module; } }
    }

    public abstract class Module {
        protected Module() {}
        public virtual string Name { get { return "<unknown>"; } }
        public virtual string ScopeName { get { return Name; } }
    }

    sealed class RuntimeModule : Module {
        // A class of the module's image: dynamic methods hosted here belong to it.
        internal IntPtr _klass;
        internal RuntimeModule(IntPtr klass) { _klass = klass; }
        public override string Name { get { return ReflectionCalls.GetImageName(_klass); } }
        public override string ToString() { return Name; }
    }

    public class ParameterInfo {
        internal Type _type;
        internal string _name;
        internal int _position;
        internal MemberInfo _member;
        internal ParameterAttributes _attrs;
        internal ParameterInfo(MemberInfo member, Type type, string name, int position) {
            _member = member; _type = type; _name = name; _position = position;
        }
        public virtual Type ParameterType { get { return _type; } }
        public virtual string Name { get { return _name; } }
        public virtual int Position { get { return _position; } }
        public virtual MemberInfo Member { get { return _member; } }
        public virtual ParameterAttributes Attributes { get { return _attrs; } }
        public bool IsOut { get { return (_attrs & ParameterAttributes.Out) != 0; } }
        public bool IsIn { get { return (_attrs & ParameterAttributes.In) != 0; } }
        public bool IsOptional { get { return (_attrs & ParameterAttributes.Optional) != 0; } }
        public bool IsRetval { get { return (_attrs & ParameterAttributes.Retval) != 0; } }
        public override string ToString() { return _type.ToString() + " " + _name; }
    }

    public abstract class MethodBase : MemberInfo {
        protected MethodBase() {}
        public static bool operator ==(MethodBase left, MethodBase right) { return (object)left == null ? (object)right == null : left.Equals(right); }
        public static bool operator !=(MethodBase left, MethodBase right) { return !(left == right); }
        public override bool Equals(object obj) { return base.Equals(obj); }
        public override int GetHashCode() { return base.GetHashCode(); }
        public abstract MethodAttributes Attributes { get; }
        public abstract ParameterInfo[] GetParameters();
        public abstract object Invoke(object obj, BindingFlags invokeAttr, Binder binder, object[] parameters, CultureInfo culture);
        public object Invoke(object obj, object[] parameters) { return Invoke(obj, BindingFlags.Default, null, parameters, null); }
        public virtual CallingConventions CallingConvention { get { return IsStatic ? CallingConventions.Standard : CallingConventions.Standard | CallingConventions.HasThis; } }
        public bool IsStatic { get { return (Attributes & MethodAttributes.Static) != 0; } }
        public bool IsVirtual { get { return (Attributes & MethodAttributes.Virtual) != 0; } }
        public bool IsAbstract { get { return (Attributes & MethodAttributes.Abstract) != 0; } }
        public bool IsFinal { get { return (Attributes & MethodAttributes.Final) != 0; } }
        public bool IsPublic { get { return (Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public; } }
        public bool IsPrivate { get { return (Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Private; } }
        public bool IsSpecialName { get { return (Attributes & MethodAttributes.SpecialName) != 0; } }
        public bool IsConstructor { get { return this is ConstructorInfo; } }
        public virtual bool IsGenericMethod { get { return false; } }
        public virtual bool IsGenericMethodDefinition { get { return false; } }
        public virtual bool ContainsGenericParameters { get { return false; } }
        public virtual Type[] GetGenericArguments() { return Type.EmptyTypes; }
    }

    public abstract class MethodInfo : MethodBase {
        protected MethodInfo() {}
        public static bool operator ==(MethodInfo left, MethodInfo right) { return (object)left == null ? (object)right == null : left.Equals(right); }
        public static bool operator !=(MethodInfo left, MethodInfo right) { return !(left == right); }
        public override bool Equals(object obj) { return base.Equals(obj); }
        public override int GetHashCode() { return base.GetHashCode(); }
        public override MemberTypes MemberType { get { return MemberTypes.Method; } }
        public virtual Type ReturnType { get { return typeof(void); } }
        public virtual ParameterInfo ReturnParameter { get { return new ParameterInfo(this, ReturnType, null, -1); } }
        public virtual MethodInfo MakeGenericMethod(params Type[] typeArguments) { throw new NotSupportedException(); }
        public virtual MethodInfo GetGenericMethodDefinition() { throw new NotSupportedException(); }
        public virtual MethodInfo GetBaseDefinition() { return this; }
        public virtual Delegate CreateDelegate(Type delegateType) { throw new NotSupportedException(); }
        public virtual Delegate CreateDelegate(Type delegateType, object target) { throw new NotSupportedException(); }
    }

    public abstract class ConstructorInfo : MethodBase {
        public static readonly string ConstructorName = ".ctor";
        public static readonly string TypeConstructorName = ".cctor";
        protected ConstructorInfo() {}
        public static bool operator ==(ConstructorInfo left, ConstructorInfo right) { return (object)left == null ? (object)right == null : left.Equals(right); }
        public static bool operator !=(ConstructorInfo left, ConstructorInfo right) { return !(left == right); }
        public override bool Equals(object obj) { return base.Equals(obj); }
        public override int GetHashCode() { return base.GetHashCode(); }
        public override MemberTypes MemberType { get { return MemberTypes.Constructor; } }
        public abstract object Invoke(BindingFlags invokeAttr, Binder binder, object[] parameters, CultureInfo culture);
        public object Invoke(object[] parameters) { return Invoke(BindingFlags.Default, null, parameters, null); }
    }

    public abstract class FieldInfo : MemberInfo {
        protected FieldInfo() {}
        public static bool operator ==(FieldInfo left, FieldInfo right) { return (object)left == null ? (object)right == null : left.Equals(right); }
        public static bool operator !=(FieldInfo left, FieldInfo right) { return !(left == right); }
        public override bool Equals(object obj) { return base.Equals(obj); }
        public override int GetHashCode() { return base.GetHashCode(); }
        public override MemberTypes MemberType { get { return MemberTypes.Field; } }
        public abstract Type FieldType { get; }
        public abstract FieldAttributes Attributes { get; }
        public abstract object GetValue(object obj);
        public abstract void SetValue(object obj, object value, BindingFlags invokeAttr, Binder binder, CultureInfo culture);
        public void SetValue(object obj, object value) { SetValue(obj, value, BindingFlags.Default, null, null); }
        public bool IsStatic { get { return (Attributes & FieldAttributes.Static) != 0; } }
        public bool IsPublic { get { return (Attributes & FieldAttributes.FieldAccessMask) == FieldAttributes.Public; } }
        public bool IsPrivate { get { return (Attributes & FieldAttributes.FieldAccessMask) == FieldAttributes.Private; } }
        public bool IsInitOnly { get { return (Attributes & FieldAttributes.InitOnly) != 0; } }
        public bool IsLiteral { get { return (Attributes & FieldAttributes.Literal) != 0; } }
    }

    public abstract class PropertyInfo : MemberInfo {
        protected PropertyInfo() {}
        public static bool operator ==(PropertyInfo left, PropertyInfo right) { return (object)left == null ? (object)right == null : left.Equals(right); }
        public static bool operator !=(PropertyInfo left, PropertyInfo right) { return !(left == right); }
        public override bool Equals(object obj) { return base.Equals(obj); }
        public override int GetHashCode() { return base.GetHashCode(); }
        public override MemberTypes MemberType { get { return MemberTypes.Property; } }
        public abstract Type PropertyType { get; }
        public abstract bool CanRead { get; }
        public abstract bool CanWrite { get; }
        public abstract MethodInfo GetGetMethod(bool nonPublic);
        public abstract MethodInfo GetSetMethod(bool nonPublic);
        public MethodInfo GetGetMethod() { return GetGetMethod(false); }
        public MethodInfo GetSetMethod() { return GetSetMethod(false); }
        public virtual MethodInfo GetMethod { get { return GetGetMethod(true); } }
        public virtual MethodInfo SetMethod { get { return GetSetMethod(true); } }
        public virtual object GetValue(object obj, object[] index) { return GetGetMethod(true).Invoke(obj, index); }
        public object GetValue(object obj) { return GetValue(obj, null); }
        public virtual void SetValue(object obj, object value, object[] index) {
            object[] args = new object[(index == null ? 0 : index.Length) + 1];
            if (index != null) Array.Copy(index, args, index.Length);
            args[args.Length - 1] = value;
            GetSetMethod(true).Invoke(obj, args);
        }
        public void SetValue(object obj, object value) { SetValue(obj, value, null); }
    }

    // The runtime's side of reflection (handles are Method*, Field*, Class*).
    static class ReflectionCalls {
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern IntPtr[] GetMethods(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern IntPtr[] GetFields(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern string GetMethodName(IntPtr method);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern int GetMethodFlags(IntPtr method);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern IntPtr GetMethodClass(IntPtr method);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern Type GetReturnType(IntPtr method);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern Type[] GetParamTypes(IntPtr method);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern Type[] GetMethodGenericArgs(IntPtr method);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern int GetGenericArity(IntPtr method);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern IntPtr MakeGenericMethod(IntPtr method, Type[] args);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern object InvokeMethod(IntPtr method, object target, object[] args);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern object NewObject(IntPtr ctor, object[] args);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern string GetFieldName(IntPtr field);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern int GetFieldFlags(IntPtr field);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern Type GetFieldType(IntPtr field);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern object GetFieldValue(IntPtr owner, IntPtr field, object obj);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern void SetFieldValue(IntPtr owner, IntPtr field, object obj, object value);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern Delegate NewDelegate(IntPtr delegateKlass, object target, IntPtr method);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern IntPtr GetModuleKlass(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern string GetImageName(IntPtr klass);

        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern Type TypeOf(IntPtr klass);

        // Binding-flag filter shared by methods and fields (`access`: the
        // metadata access bits, 1 private, 6 public).
        internal static bool Matches(BindingFlags flags, int access, bool isStatic, bool declaredHere) {
            bool isPublic = access == 6;
            if (!declaredHere && ((flags & BindingFlags.DeclaredOnly) != 0 || access == 1)) return false;
            if (isPublic ? (flags & BindingFlags.Public) == 0 : (flags & BindingFlags.NonPublic) == 0) return false;
            if (isStatic ? (flags & BindingFlags.Static) == 0 : (flags & BindingFlags.Instance) == 0) return false;
            // Static members of base classes need FlattenHierarchy; private ones of bases are hidden.
            if (!declaredHere && isStatic && (flags & BindingFlags.FlattenHierarchy) == 0) return false;
            return true;
        }

        internal static ParameterInfo[] Parameters(MethodBase m, IntPtr handle) {
            Type[] ts = GetParamTypes(handle);
            ParameterInfo[] ps = new ParameterInfo[ts.Length];
            for (int i = 0; i < ts.Length; i++) ps[i] = new ParameterInfo(m, ts[i], null, i);
            return ps;
        }

        internal static bool SameTypes(Type[] a, Type[] b) {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        // Reflection invocation: argument count check, then the runtime call;
        // an exception of the target is wrapped as .NET does.
        internal static object Invoke(MethodBase m, IntPtr handle, object target, object[] args, bool construct) {
            int n = m.GetParameters().Length;
            if ((args == null ? 0 : args.Length) != n) throw new TargetParameterCountException("Parameter count mismatch.");
            if (!construct && !m.IsStatic && target == null) throw new TargetException("Non-static method requires a target.");
            try {
                return construct ? NewObject(handle, args) : InvokeMethod(handle, target, args);
            } catch (InvokeArgumentException e) {
                throw new ArgumentException(e.Message);
            } catch (Exception e) {
                throw new TargetInvocationException(e);
            }
        }
    }

    // Raised by the runtime for an argument that does not convert to its
    // parameter type (reported as ArgumentException, not wrapped).
    sealed class InvokeArgumentException : Exception {
        public InvokeArgumentException(string message) : base(message) {}
    }

    class RuntimeMethodInfo : MethodInfo {
        internal IntPtr _handle;
        internal RuntimeMethodInfo(IntPtr handle) { _handle = handle; }
        public override string Name { get { return ReflectionCalls.GetMethodName(_handle); } }
        public override Type DeclaringType { get { return ReflectionCalls.TypeOf(ReflectionCalls.GetMethodClass(_handle)); } }
        public override MethodAttributes Attributes { get { return (MethodAttributes)ReflectionCalls.GetMethodFlags(_handle); } }
        public override Type ReturnType { get { return ReflectionCalls.GetReturnType(_handle); } }
        public override ParameterInfo[] GetParameters() { return ReflectionCalls.Parameters(this, _handle); }
        public override object Invoke(object obj, BindingFlags invokeAttr, Binder binder, object[] parameters, CultureInfo culture) {
            if (IsGenericMethodDefinition) throw new InvalidOperationException("Late bound operations cannot be performed on types or methods for which ContainsGenericParameters is true.");
            return ReflectionCalls.Invoke(this, _handle, obj, parameters, false);
        }
        public override bool IsGenericMethod { get { return ReflectionCalls.GetGenericArity(_handle) != 0; } }
        public override bool IsGenericMethodDefinition { get { return ReflectionCalls.GetGenericArity(_handle) > 0; } }
        public override bool ContainsGenericParameters { get { return IsGenericMethodDefinition; } }
        public override Type[] GetGenericArguments() { return ReflectionCalls.GetMethodGenericArgs(_handle); }
        public override MethodInfo MakeGenericMethod(params Type[] typeArguments) {
            if (typeArguments == null) throw new ArgumentNullException("typeArguments");
            if (!IsGenericMethodDefinition) throw new InvalidOperationException(ToString() + " is not a GenericMethodDefinition. MakeGenericMethod may only be called on a method for which MethodBase.IsGenericMethodDefinition is true.");
            if (typeArguments.Length != ReflectionCalls.GetGenericArity(_handle)) throw new ArgumentException("The type or method has " + ReflectionCalls.GetGenericArity(_handle) + " generic parameter(s), but " + typeArguments.Length + " generic argument(s) were provided. A generic argument must be provided for each generic parameter.");
            return new RuntimeMethodInfo(ReflectionCalls.MakeGenericMethod(_handle, typeArguments));
        }
        public override Delegate CreateDelegate(Type delegateType) { return Delegate.CreateDelegate(delegateType, this); }
        public override Delegate CreateDelegate(Type delegateType, object target) { return Delegate.CreateDelegate(delegateType, target, this); }
        public override bool Equals(object o) { RuntimeMethodInfo m = o as RuntimeMethodInfo; return m != null && m._handle == _handle; }
        public override int GetHashCode() { return _handle.GetHashCode(); }
        public override string ToString() {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            sb.Append(TypeNames.Short(ReturnType)).Append(' ').Append(Name);
            if (IsGenericMethod) {
                sb.Append('[');
                Type[] g = GetGenericArguments();
                for (int i = 0; i < g.Length; i++) { if (i > 0) sb.Append(','); sb.Append(TypeNames.Short(g[i])); }
                sb.Append(']');
            }
            return sb.Append('(').Append(TypeNames.Params(GetParameters())).Append(')').ToString();
        }
    }

    sealed class RuntimeConstructorInfo : ConstructorInfo {
        internal IntPtr _handle;
        internal RuntimeConstructorInfo(IntPtr handle) { _handle = handle; }
        public override string Name { get { return ReflectionCalls.GetMethodName(_handle); } }
        public override Type DeclaringType { get { return ReflectionCalls.TypeOf(ReflectionCalls.GetMethodClass(_handle)); } }
        public override MethodAttributes Attributes { get { return (MethodAttributes)ReflectionCalls.GetMethodFlags(_handle); } }
        public override ParameterInfo[] GetParameters() { return ReflectionCalls.Parameters(this, _handle); }
        public override object Invoke(object obj, BindingFlags invokeAttr, Binder binder, object[] parameters, CultureInfo culture) {
            return ReflectionCalls.Invoke(this, _handle, obj, parameters, false);
        }
        public override object Invoke(BindingFlags invokeAttr, Binder binder, object[] parameters, CultureInfo culture) {
            return ReflectionCalls.Invoke(this, _handle, null, parameters, true);
        }
        public override bool Equals(object o) { RuntimeConstructorInfo m = o as RuntimeConstructorInfo; return m != null && m._handle == _handle; }
        public override int GetHashCode() { return _handle.GetHashCode(); }
        public override string ToString() { return "Void " + Name + "(" + TypeNames.Params(GetParameters()) + ")"; }
    }

    sealed class RuntimeFieldInfo : FieldInfo {
        internal IntPtr _handle;
        internal IntPtr _owner;
        internal RuntimeFieldInfo(IntPtr owner, IntPtr handle) { _owner = owner; _handle = handle; }
        public override string Name { get { return ReflectionCalls.GetFieldName(_handle); } }
        public override Type DeclaringType { get { return ReflectionCalls.TypeOf(_owner); } }
        public override Type FieldType { get { return ReflectionCalls.GetFieldType(_handle); } }
        public override FieldAttributes Attributes { get { return (FieldAttributes)ReflectionCalls.GetFieldFlags(_handle); } }
        public override object GetValue(object obj) {
            if (!IsStatic && obj == null) throw new TargetException("Non-static field requires a target");
            return ReflectionCalls.GetFieldValue(_owner, _handle, obj);
        }
        public override void SetValue(object obj, object value, BindingFlags invokeAttr, Binder binder, CultureInfo culture) {
            if (!IsStatic && obj == null) throw new TargetException("Non-static field requires a target");
            try {
                ReflectionCalls.SetFieldValue(_owner, _handle, obj, value);
            } catch (InvokeArgumentException e) {
                throw new ArgumentException(e.Message);
            }
        }
        public override bool Equals(object o) { RuntimeFieldInfo f = o as RuntimeFieldInfo; return f != null && f._handle == _handle; }
        public override int GetHashCode() { return _handle.GetHashCode(); }
        public override string ToString() { return TypeNames.Short(FieldType) + " " + Name; }
    }

    // A property is found through its accessors (get_X / set_X).
    sealed class RuntimePropertyInfo : PropertyInfo {
        string _name;
        Type _declaring;
        MethodInfo _get, _set;
        internal RuntimePropertyInfo(string name, Type declaring, MethodInfo get, MethodInfo set) {
            _name = name; _declaring = declaring; _get = get; _set = set;
        }
        public override string Name { get { return _name; } }
        public override Type DeclaringType { get { return _declaring; } }
        public override Type PropertyType {
            get {
                if (_get != null) return _get.ReturnType;
                ParameterInfo[] ps = _set.GetParameters();
                return ps[ps.Length - 1].ParameterType;
            }
        }
        public override bool CanRead { get { return _get != null; } }
        public override bool CanWrite { get { return _set != null; } }
        public override MethodInfo GetGetMethod(bool nonPublic) { return _get != null && (nonPublic || _get.IsPublic) ? _get : null; }
        public override MethodInfo GetSetMethod(bool nonPublic) { return _set != null && (nonPublic || _set.IsPublic) ? _set : null; }
        public override object GetValue(object obj, object[] index) {
            if (_get == null) throw new ArgumentException("Get Method not found for '" + _name + "'");
            return _get.Invoke(obj, index);
        }
        public override void SetValue(object obj, object value, object[] index) {
            if (_set == null) throw new ArgumentException("Set Method not found for '" + _name + "'");
            base.SetValue(obj, value, index);
        }
        public override string ToString() { return TypeNames.Short(PropertyType) + " " + _name; }
    }

    // Type names as Mono's member ToString prints them.
    static class TypeNames {
        internal static string Short(Type t) {
            if (t == typeof(void)) return "Void";
            if (t.IsPrimitive || t == typeof(string) || t == typeof(object)) return t.Name;
            return t.ToString();
        }
        internal static string Params(ParameterInfo[] ps) {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            for (int i = 0; i < ps.Length; i++) { if (i > 0) sb.Append(", "); sb.Append(Short(ps[i].ParameterType)); }
            return sb.ToString();
        }
    }
}
