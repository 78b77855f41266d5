namespace System {
    [Serializable]
    public class EventArgs {
        public static readonly EventArgs Empty = new EventArgs();
        public EventArgs() {}
    }
}
