using System.Reflection;
using System.Runtime.CompilerServices;

namespace System {
    [Serializable]
    public abstract class Type : MemberInfo {
        protected Type() {}
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern Type GetTypeFromHandle(RuntimeTypeHandle handle);
        public static readonly Type[] EmptyTypes = new Type[0];
        public abstract string FullName { get; }
        public abstract string Namespace { get; }
        public abstract Type BaseType { get; }
        public abstract bool IsValueType { get; }
        public abstract bool IsInterface { get; }
        public abstract bool IsArray { get; }
        public abstract bool IsEnum { get; }
        public abstract bool IsPrimitive { get; }
        public abstract bool IsAbstract { get; }
        public abstract bool IsSealed { get; }
        public abstract bool IsGenericType { get; }
        public abstract bool IsGenericTypeDefinition { get; }
        public abstract bool IsPointer { get; }
        public abstract bool IsByRef { get; }
        public abstract bool IsNested { get; }
        public bool IsClass { get { return !IsValueType && !IsInterface; } }
        public abstract Type GetElementType();
        public abstract Type[] GetGenericArguments();
        public abstract Type GetGenericTypeDefinition();
        public abstract int GetArrayRank();
        public abstract Type MakeArrayType();
        public abstract Type MakeArrayType(int rank);
        public abstract Type MakeGenericType(params Type[] typeArguments);
        public abstract bool IsAssignableFrom(Type c);
        public virtual bool IsInstanceOfType(object o) { return o != null && IsAssignableFrom(o.GetType()); }
        public virtual bool IsSubclassOf(Type c) {
            Type t = BaseType;
            while (t != null) { if (t == c) return true; t = t.BaseType; }
            return false;
        }
        public abstract RuntimeTypeHandle TypeHandle { get; }
        public virtual Type GetEnumUnderlyingType() { throw new ArgumentException("Type provided must be an Enum."); }
        public static bool operator ==(Type left, Type right) { return (object)left == (object)right; }
        public static bool operator !=(Type left, Type right) { return (object)left != (object)right; }
        public override bool Equals(object o) { return (object)this == o; }
        public override int GetHashCode() { return RuntimeHelpers.GetHashCode(this); }
        public static TypeCode GetTypeCode(Type type) {
            if (type == null) return TypeCode.Empty;
            if (type.IsEnum) type = type.GetEnumUnderlyingType();
            if (type == typeof(bool)) return TypeCode.Boolean;
            if (type == typeof(char)) return TypeCode.Char;
            if (type == typeof(sbyte)) return TypeCode.SByte;
            if (type == typeof(byte)) return TypeCode.Byte;
            if (type == typeof(short)) return TypeCode.Int16;
            if (type == typeof(ushort)) return TypeCode.UInt16;
            if (type == typeof(int)) return TypeCode.Int32;
            if (type == typeof(uint)) return TypeCode.UInt32;
            if (type == typeof(long)) return TypeCode.Int64;
            if (type == typeof(ulong)) return TypeCode.UInt64;
            if (type == typeof(float)) return TypeCode.Single;
            if (type == typeof(double)) return TypeCode.Double;
            if (type == typeof(string)) return TypeCode.String;
            return TypeCode.Object;
        }
    }

    [Serializable]
    sealed class RuntimeType : Type {
        internal IntPtr _klass;
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string GetName(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string GetNamespace(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string GetFullName(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string GetToStringName(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern Type GetBaseType(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern Type GetElementType(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern int GetAttributes(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern bool IsAssignableFrom(IntPtr to, IntPtr from);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern Type[] GetGenericArguments(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern Type GetGenericTypeDefinition(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern int GetArrayRank(IntPtr klass);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern Type MakeArrayType(IntPtr klass, int rank);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern Type MakeGenericType(IntPtr def, Type[] args);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern bool HasAttribute(IntPtr klass, string attributeFullName);
        [MethodImpl(MethodImplOptions.InternalCall)] internal static extern object CreateInstanceDefault(IntPtr klass);

        bool Has(int bit) { return (GetAttributes(_klass) & bit) != 0; }
        public override string Name { get { return GetName(_klass); } }
        public override string FullName { get { return IsGenericTypeDefinition || ContainsOpenParameters() ? null : GetFullName(_klass); } }
        bool ContainsOpenParameters() { return false; }
        public override string Namespace { get { return GetNamespace(_klass); } }
        public override Type BaseType { get { return GetBaseType(_klass); } }
        public override bool IsValueType { get { return Has(1); } }
        public override bool IsInterface { get { return Has(2); } }
        public override bool IsArray { get { return Has(4); } }
        public override bool IsEnum { get { return Has(8); } }
        public override bool IsPrimitive { get { return Has(16); } }
        public override bool IsGenericType { get { return Has(32) || Has(64); } }
        public override bool IsGenericTypeDefinition { get { return Has(64); } }
        public override bool IsAbstract { get { return Has(128); } }
        public override bool IsSealed { get { return Has(256); } }
        public override bool IsPointer { get { return Has(512); } }
        public override bool IsByRef { get { return Has(1024); } }
        public override bool IsNested { get { return Has(2048); } }
        public override Type GetElementType() { return GetElementType(_klass); }
        public override Type[] GetGenericArguments() { return GetGenericArguments(_klass); }
        public override Type GetGenericTypeDefinition() { return GetGenericTypeDefinition(_klass); }
        public override int GetArrayRank() {
            if (!IsArray) throw new ArgumentException("Must be an array type.");
            return GetArrayRank(_klass);
        }
        public override Type MakeArrayType() { return MakeArrayType(_klass, 0); }
        public override Type MakeArrayType(int rank) { return MakeArrayType(_klass, rank); }
        public override Type MakeGenericType(params Type[] typeArguments) { return MakeGenericType(_klass, typeArguments); }
        public override bool IsAssignableFrom(Type c) {
            RuntimeType r = c as RuntimeType;
            return r != null && IsAssignableFrom(_klass, r._klass);
        }
        public override RuntimeTypeHandle TypeHandle { get { return default(RuntimeTypeHandle); } }
        public override Type GetEnumUnderlyingType() {
            if (!IsEnum) throw new ArgumentException("Type provided must be an Enum.");
            return Enum.UnderlyingType(this);
        }
        public override string ToString() { return GetToStringName(_klass); }
    }

    public static class Activator {
        public static object CreateInstance(Type type) {
            if (type == null) throw new ArgumentNullException("type");
            return RuntimeType.CreateInstanceDefault(((RuntimeType)type)._klass);
        }
        public static T CreateInstance<T>() { return (T)CreateInstance(typeof(T)); }
    }
}
