using System.Runtime.CompilerServices;

namespace System {
    [Serializable]
    public abstract class ValueType {
        protected ValueType() {}

        [MethodImpl(MethodImplOptions.InternalCall)] static extern bool InternalEquals(object a, object b);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern int InternalGetHashCode(object o);

        public override bool Equals(object obj) {
            if (obj == null || obj.GetType() != GetType()) return false;
            return InternalEquals(this, obj);
        }

        public override int GetHashCode() { return InternalGetHashCode(this); }

        public override string ToString() { return GetType().ToString(); }
    }
}
