// The harness patches Bad's IL (the ldc.i4 0x12345678) into invalid code.
using System;
class P {
    static int Bad() { int x = 0x12345678; return x + 1; }
    static int Main() {
        try {
            Bad();
            Console.WriteLine("no exception");
        } catch (InvalidProgramException) {
            Console.WriteLine("caught InvalidProgramException");
        }
        return 0;
    }
}
