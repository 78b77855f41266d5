public static class Lib {
    public static int Kept() { return 2; }
    public static int Gone() { return 1; }
}

public class GoneBase {
}
