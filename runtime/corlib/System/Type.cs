using System.Collections.Generic;
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
        public abstract Type MakeByRefType();
        public abstract Type MakePointerType();
        public abstract bool IsAssignableFrom(Type c);
        public virtual bool IsInstanceOfType(object o) { return o != null && IsAssignableFrom(o.GetType()); }
        public virtual bool IsSubclassOf(Type c) {
            Type t = BaseType;
            while (t != null) { if (t == c) return true; t = t.BaseType; }
            return false;
        }
        public abstract RuntimeTypeHandle TypeHandle { get; }

        // ---- members (reflection over the runtime's method and field tables) ----
        const BindingFlags DefaultLookup = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
        internal virtual IntPtr Klass { get { throw new NotSupportedException(); } }

        MethodBase[] Methods(BindingFlags flags, bool ctors) {
            IntPtr[] hs = ReflectionCalls.GetMethods(Klass);
            List<MethodBase> r = new List<MethodBase>();
            foreach (IntPtr h in hs) {
                string name = ReflectionCalls.GetMethodName(h);
                bool isCtor = name == ".ctor" || name == ".cctor";
                if (isCtor != ctors) continue;
                int f = ReflectionCalls.GetMethodFlags(h);
                bool here = ReflectionCalls.GetMethodClass(h) == Klass;
                if (isCtor && !here) continue;
                if (!ReflectionCalls.Matches(flags, f & 7, (f & 16) != 0, here)) continue;
                r.Add(isCtor ? (MethodBase)new RuntimeConstructorInfo(h) : new RuntimeMethodInfo(h));
            }
            return r.ToArray();
        }
        static Type[] ParamTypes(MethodBase m) {
            ParameterInfo[] ps = m.GetParameters();
            Type[] ts = new Type[ps.Length];
            for (int i = 0; i < ps.Length; i++) ts[i] = ps[i].ParameterType;
            return ts;
        }
        MethodInfo FindMethod(string name, BindingFlags flags, Type[] types) {
            if (name == null) throw new ArgumentNullException("name");
            MethodInfo found = null;
            foreach (MethodBase m in Methods(flags, false)) {
                if (m.Name != name) continue;
                if (types != null && !ReflectionCalls.SameTypes(ParamTypes(m), types)) continue;
                if (found != null) {
                    // .NET prefers the most derived of methods with the same parameters.
                    if (types != null || !ReflectionCalls.SameTypes(ParamTypes(m), ParamTypes(found))) throw new AmbiguousMatchException();
                    continue;
                }
                found = (MethodInfo)m;
            }
            return found;
        }
        public MethodInfo GetMethod(string name) { return FindMethod(name, DefaultLookup, null); }
        public MethodInfo GetMethod(string name, BindingFlags bindingAttr) { return FindMethod(name, bindingAttr, null); }
        public MethodInfo GetMethod(string name, Type[] types) {
            if (types == null) throw new ArgumentNullException("types");
            return FindMethod(name, DefaultLookup, types);
        }
        public MethodInfo GetMethod(string name, Type[] types, ParameterModifier[] modifiers) { return GetMethod(name, types); }
        public MethodInfo GetMethod(string name, BindingFlags bindingAttr, Binder binder, Type[] types, ParameterModifier[] modifiers) {
            if (types == null) throw new ArgumentNullException("types");
            return FindMethod(name, bindingAttr, types);
        }
        public MethodInfo GetMethod(string name, BindingFlags bindingAttr, Binder binder, CallingConventions callConvention, Type[] types, ParameterModifier[] modifiers) {
            return GetMethod(name, bindingAttr, binder, types, modifiers);
        }
        public MethodInfo[] GetMethods() { return GetMethods(DefaultLookup); }
        public virtual MethodInfo[] GetMethods(BindingFlags bindingAttr) {
            MethodBase[] ms = Methods(bindingAttr, false);
            MethodInfo[] r = new MethodInfo[ms.Length];
            Array.Copy(ms, r, ms.Length);
            return r;
        }
        public ConstructorInfo GetConstructor(Type[] types) {
            return GetConstructor(BindingFlags.Public | BindingFlags.Instance, null, types, null);
        }
        public ConstructorInfo GetConstructor(BindingFlags bindingAttr, Binder binder, Type[] types, ParameterModifier[] modifiers) {
            if (types == null) throw new ArgumentNullException("types");
            foreach (MethodBase m in Methods(bindingAttr, true))
                if (m.Name == ".ctor" && ReflectionCalls.SameTypes(ParamTypes(m), types)) return (ConstructorInfo)m;
            return null;
        }
        public ConstructorInfo[] GetConstructors() { return GetConstructors(BindingFlags.Public | BindingFlags.Instance); }
        public virtual ConstructorInfo[] GetConstructors(BindingFlags bindingAttr) {
            List<ConstructorInfo> r = new List<ConstructorInfo>();
            foreach (MethodBase m in Methods(bindingAttr, true)) if (m.Name == ".ctor") r.Add((ConstructorInfo)m);
            return r.ToArray();
        }
        public FieldInfo GetField(string name) { return GetField(name, DefaultLookup); }
        public virtual FieldInfo GetField(string name, BindingFlags bindingAttr) {
            if (name == null) throw new ArgumentNullException("name");
            foreach (FieldInfo f in GetFields(bindingAttr)) if (f.Name == name) return f;
            return null;
        }
        public FieldInfo[] GetFields() { return GetFields(DefaultLookup); }
        public virtual FieldInfo[] GetFields(BindingFlags bindingAttr) {
            // Pairs of (declaring class, field), most derived class first.
            IntPtr[] hs = ReflectionCalls.GetFields(Klass);
            List<FieldInfo> r = new List<FieldInfo>();
            for (int i = 0; i < hs.Length; i += 2) {
                int f = ReflectionCalls.GetFieldFlags(hs[i + 1]);
                if (ReflectionCalls.Matches(bindingAttr, f & 7, (f & 16) != 0, hs[i] == Klass)) r.Add(new RuntimeFieldInfo(hs[i], hs[i + 1]));
            }
            return r.ToArray();
        }
        public PropertyInfo GetProperty(string name) { return GetProperty(name, DefaultLookup); }
        public PropertyInfo GetProperty(string name, BindingFlags bindingAttr) {
            if (name == null) throw new ArgumentNullException("name");
            foreach (PropertyInfo p in GetProperties(bindingAttr)) if (p.Name == name) return p;
            return null;
        }
        public PropertyInfo GetProperty(string name, Type returnType) {
            PropertyInfo p = GetProperty(name);
            return p != null && (returnType == null || p.PropertyType == returnType) ? p : null;
        }
        public PropertyInfo GetProperty(string name, Type[] types) {
            PropertyInfo p = GetProperty(name);
            if (p == null || types == null) return p;
            MethodInfo g = p.GetGetMethod(true);
            return g == null || ReflectionCalls.SameTypes(ParamTypes(g), types) ? p : null;
        }
        public PropertyInfo[] GetProperties() { return GetProperties(DefaultLookup); }
        public virtual PropertyInfo[] GetProperties(BindingFlags bindingAttr) {
            // Accessor pairs by name, in declaration order of their first accessor.
            List<string> names = new List<string>();
            Dictionary<string, MethodInfo> gets = new Dictionary<string, MethodInfo>(), sets = new Dictionary<string, MethodInfo>();
            foreach (MethodBase m in Methods(bindingAttr | BindingFlags.NonPublic, false)) {
                if (!m.IsSpecialName || m.Name.Length < 5 || (m.Name[0] != 'g' && m.Name[0] != 's') || !m.Name.Substring(1).StartsWith("et_")) continue;
                string pn = m.Name.Substring(4);
                Dictionary<string, MethodInfo> d = m.Name[0] == 'g' ? gets : sets;
                if (d.ContainsKey(pn)) continue;
                d[pn] = (MethodInfo)m;
                if (!names.Contains(pn)) names.Add(pn);
            }
            List<PropertyInfo> r = new List<PropertyInfo>();
            bool wantPublic = (bindingAttr & BindingFlags.Public) != 0, wantNonPublic = (bindingAttr & BindingFlags.NonPublic) != 0;
            foreach (string pn in names) {
                MethodInfo g, s;
                gets.TryGetValue(pn, out g);
                sets.TryGetValue(pn, out s);
                bool pub = (g != null && g.IsPublic) || (s != null && s.IsPublic);
                if (pub ? !wantPublic : !wantNonPublic) continue;
                MethodInfo any = g != null ? g : s;
                r.Add(new RuntimePropertyInfo(pn, any.DeclaringType, g, s));
            }
            return r.ToArray();
        }
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
        [MethodImpl(MethodImplOptions.InternalCall)] static extern Type MakeGenericTypeOf(IntPtr def, Type[] args);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern Type MakePointerTypeOf(IntPtr klass, bool byRef);
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
        public override Type MakeGenericType(params Type[] typeArguments) { return MakeGenericTypeOf(_klass, typeArguments); }
        public override Type MakeByRefType() {
            if (IsByRef) throw new TypeLoadException("Can not create a byref type of a byref type.");
            return MakePointerTypeOf(_klass, true);
        }
        public override Type MakePointerType() {
            if (IsByRef) throw new TypeLoadException("Can not create a pointer type of a byref type.");
            return MakePointerTypeOf(_klass, false);
        }
        public override bool IsAssignableFrom(Type c) {
            RuntimeType r = c as RuntimeType;
            return r != null && IsAssignableFrom(_klass, r._klass);
        }
        public override RuntimeTypeHandle TypeHandle { get { return new RuntimeTypeHandle(_klass); } }
        internal override IntPtr Klass { get { return _klass; } }
        public override Module Module { get { return new RuntimeModule(_klass); } }
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
        public static object CreateInstance(Type type, params object[] args) {
            if (type == null) throw new ArgumentNullException("type");
            if (args == null || args.Length == 0) return CreateInstance(type);
            foreach (ConstructorInfo c in type.GetConstructors()) {
                ParameterInfo[] ps = c.GetParameters();
                if (ps.Length != args.Length) continue;
                bool ok = true;
                for (int i = 0; i < ps.Length && ok; i++)
                    ok = args[i] == null ? !ps[i].ParameterType.IsValueType : ps[i].ParameterType.IsInstanceOfType(args[i]);
                if (ok) return c.Invoke(args);
            }
            throw new MissingMethodException("Constructor on type '" + type.FullName + "' not found.");
        }
    }
}
