namespace System {
    [Serializable]
    public struct Void {}
}
