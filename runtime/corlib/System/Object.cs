using System.Runtime.CompilerServices;

namespace System {
    [Serializable]
    public class Object {
        public Object() {}

        // Declared so that every class has a Finalize slot to override.
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
}
