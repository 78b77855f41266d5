namespace System {
    [AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
    [Serializable]
    public abstract class Attribute {
        protected Attribute() {}
        public virtual object TypeId { get { return GetType(); } }
    }
}
