// Compiled against missing_lib_v1, run against missing_lib_v2 (no
// GoneBase): Broken fails to load, so `monoxide test` must count it as a
// failure and `monoxide aot` must report it, while the run (which meets
// it only inside a try) behaves as under mono.
using System;

class Broken : GoneBase {
    public static int test_1_broken() { return 1; }
}

class Tests {
    public static int test_2_kept() { return Lib.Kept(); }

    static int CallBroken() { return Broken.test_1_broken(); }

    static int Main() {
        Console.WriteLine(test_2_kept());
        try {
            CallBroken();
            Console.WriteLine("loaded");
        } catch (TypeLoadException) {
            Console.WriteLine("TypeLoadException");
        }
        return 0;
    }
}
