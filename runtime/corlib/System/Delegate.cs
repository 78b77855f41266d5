using System.Reflection;

namespace System {
    [Serializable]
    public abstract class Delegate : ICloneable {
        internal object _target;
        internal IntPtr _ftn;
        internal IntPtr _method;
        // What keeps a dynamic method's code alive while the delegate is.
        internal object _methodBase;
        // The runtime's record of the native callback thunk given to this
        // delegate (an index, not a reference).
        internal IntPtr _thunk;

        protected Delegate() {}
        public object Target { get { return _target; } }
        public MethodInfo Method { get { return _methodBase as MethodInfo; } }

        public static Delegate CreateDelegate(Type type, MethodInfo method) { return CreateDelegate(type, null, method, true); }
        public static Delegate CreateDelegate(Type type, MethodInfo method, bool throwOnBindFailure) { return CreateDelegate(type, null, method, throwOnBindFailure); }
        public static Delegate CreateDelegate(Type type, object firstArgument, MethodInfo method) { return CreateDelegate(type, firstArgument, method, true); }
        public static Delegate CreateDelegate(Type type, object firstArgument, MethodInfo method, bool throwOnBindFailure) {
            if (type == null) throw new ArgumentNullException("type");
            if (method == null) throw new ArgumentNullException("method");
            if (!type.IsSubclassOf(typeof(MulticastDelegate))) throw new ArgumentException("Type must derive from Delegate.", "type");
            System.Reflection.Emit.DynamicMethod dm = method as System.Reflection.Emit.DynamicMethod;
            if (dm != null) return dm.CreateDelegate(type, firstArgument);
            RuntimeMethodInfo rm = method as RuntimeMethodInfo;
            if (rm == null) throw new ArgumentException("method");
            if (!rm.IsStatic && firstArgument == null) {
                if (!throwOnBindFailure) return null;
                throw new ArgumentException("Cannot bind to the target method because its signature is not compatible with that of the delegate type.");
            }
            Delegate d = ReflectionCalls.NewDelegate(type.Klass, firstArgument, rm._handle);
            d._methodBase = method;
            return d;
        }
        public static Delegate CreateDelegate(Type type, object target, string method) {
            if (target == null) throw new ArgumentNullException("target");
            MethodInfo m = target.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (m == null) throw new ArgumentException("Cannot bind to the target method because its signature is not compatible with that of the delegate type.");
            return CreateDelegate(type, target, m, true);
        }
        public static Delegate CreateDelegate(Type type, Type target, string method) {
            if (target == null) throw new ArgumentNullException("target");
            MethodInfo m = target.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
            if (m == null) throw new ArgumentException("Cannot bind to the target method because its signature is not compatible with that of the delegate type.");
            return CreateDelegate(type, null, m, true);
        }
        public object Clone() { return MemberwiseClone(); }
        public virtual Delegate[] GetInvocationList() { return new Delegate[] { this }; }
        public override bool Equals(object obj) {
            Delegate d = obj as Delegate;
            if (d == null || d.GetType() != GetType()) return false;
            return d._target == _target && d._method == _method;
        }
        public override int GetHashCode() { return _method.GetHashCode() ^ (_target == null ? 0 : _target.GetHashCode()); }
        public static bool operator ==(Delegate d1, Delegate d2) { return (object)d1 == null ? (object)d2 == null : d1.Equals(d2); }
        public static bool operator !=(Delegate d1, Delegate d2) { return !(d1 == d2); }

        public static Delegate Combine(Delegate a, Delegate b) {
            if (a == null) return b;
            if (b == null) return a;
            if (a.GetType() != b.GetType()) throw new ArgumentException("Delegates must be of the same type.");
            Delegate[] x = a.GetInvocationList(), y = b.GetInvocationList();
            Delegate[] all = new Delegate[x.Length + y.Length];
            Array.Copy(x, all, x.Length);
            Array.Copy(y, 0, all, x.Length, y.Length);
            return MulticastDelegate.FromList(all);
        }
        public static Delegate Combine(params Delegate[] delegates) {
            if (delegates == null) return null;
            Delegate r = null;
            foreach (Delegate d in delegates) r = Combine(r, d);
            return r;
        }
        public static Delegate Remove(Delegate source, Delegate value) {
            if (source == null) return null;
            if (value == null) return source;
            Delegate[] s = source.GetInvocationList(), v = value.GetInvocationList();
            for (int i = s.Length - v.Length; i >= 0; i--) {
                bool match = true;
                for (int j = 0; j < v.Length && match; j++) match = s[i + j].Equals(v[j]);
                if (!match) continue;
                int n = s.Length - v.Length;
                if (n == 0) return null;
                Delegate[] rest = new Delegate[n];
                Array.Copy(s, 0, rest, 0, i);
                Array.Copy(s, i + v.Length, rest, i, s.Length - i - v.Length);
                return MulticastDelegate.FromList(rest);
            }
            return source;
        }
        public static Delegate RemoveAll(Delegate source, Delegate value) {
            Delegate r = source, prev;
            do { prev = r; r = Remove(r, value); } while (r != prev);
            return r;
        }
        public object DynamicInvoke(params object[] args) { throw new NotSupportedException("DynamicInvoke is not supported yet."); }
    }

    [Serializable]
    public abstract class MulticastDelegate : Delegate {
        internal Delegate[] _invocationList;
        protected MulticastDelegate() {}
        internal static Delegate FromList(Delegate[] list) {
            if (list.Length == 1) return list[0];
            MulticastDelegate d = (MulticastDelegate)list[list.Length - 1].Clone();
            d._invocationList = list;
            return d;
        }
        public override Delegate[] GetInvocationList() {
            if (_invocationList == null) return new Delegate[] { this };
            return (Delegate[])_invocationList.Clone();
        }
        public override bool Equals(object obj) {
            MulticastDelegate d = obj as MulticastDelegate;
            if (d == null) return false;
            if (_invocationList == null && d._invocationList == null) return base.Equals(obj);
            Delegate[] a = GetInvocationList(), b = d.GetInvocationList();
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (!a[i].Equals(b[i])) return false;
            return true;
        }
        public override int GetHashCode() { return base.GetHashCode(); }
        public static bool operator ==(MulticastDelegate d1, MulticastDelegate d2) { return (object)d1 == null ? (object)d2 == null : d1.Equals(d2); }
        public static bool operator !=(MulticastDelegate d1, MulticastDelegate d2) { return !(d1 == d2); }
    }

    public delegate void Action();
    public delegate void Action<in T>(T obj);
    public delegate void Action<in T1, in T2>(T1 arg1, T2 arg2);
    public delegate void Action<in T1, in T2, in T3>(T1 arg1, T2 arg2, T3 arg3);
    public delegate void Action<in T1, in T2, in T3, in T4>(T1 arg1, T2 arg2, T3 arg3, T4 arg4);
    public delegate TResult Func<out TResult>();
    public delegate TResult Func<in T, out TResult>(T arg);
    public delegate TResult Func<in T1, in T2, out TResult>(T1 arg1, T2 arg2);
    public delegate TResult Func<in T1, in T2, in T3, out TResult>(T1 arg1, T2 arg2, T3 arg3);
    public delegate TResult Func<in T1, in T2, in T3, in T4, out TResult>(T1 arg1, T2 arg2, T3 arg3, T4 arg4);
    public delegate bool Predicate<in T>(T obj);
    public delegate int Comparison<in T>(T x, T y);
    public delegate TOutput Converter<in TInput, out TOutput>(TInput input);
    public delegate void EventHandler(object sender, EventArgs e);
    public delegate void EventHandler<TEventArgs>(object sender, TEventArgs e);
    public delegate void AsyncCallback(IAsyncResult ar);
    public interface IAsyncResult { bool IsCompleted { get; } object AsyncState { get; } }
}

