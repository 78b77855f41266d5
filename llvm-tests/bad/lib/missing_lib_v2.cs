public static class Lib {
    public static int Kept() { return 2; }
}
