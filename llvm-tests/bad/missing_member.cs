// Compiled against missing_lib_v1, run against missing_lib_v2 (no Lib.Gone).
class P {
    static int Main() {
        System.Console.WriteLine(Lib.Kept());
        System.Console.WriteLine(Lib.Gone());
        return 0;
    }
}
