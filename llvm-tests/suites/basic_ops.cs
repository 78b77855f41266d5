// suite
using System;
class Tests {
    public static int test_0_return() { return 0; }
    public static int test_5_add() { int a = 2, b = 3; return a + b; }
    public static int test_7_sub() { int a = 10; return a - 3; }
    public static int test_42_mul() { int a = 6; return a * 7; }
    public static int test_3_div() { int a = 17; return a / 5; }
    public static int test_2_rem() { int a = 17; return a % 5; }
    public static int test_1_shl() { int a = 1 << 31; return (int)((uint)a >> 31); }
    public static int test_255_and_or() { int a = 0xf0, b = 0x0f; return a | b; }
    public static int test_1_long_cmp() { long a = 1L << 40, b = 1L << 39; return a > b ? 1 : 0; }
    public static int test_10_loop() { int s = 0; for (int i = 0; i < 5; i++) s += 2; return s; }
    public static int test_1_ulong_div() { ulong a = ulong.MaxValue; return a / 3 == 6148914691236517205UL ? 1 : 0; }
    public static int test_1_conv_r8() { double d = -3.7; return (int)d == -3 ? 1 : 0; }
    public static int test_4_switch() { int x = 3; switch (x) { case 1: return 1; case 3: return 4; default: return 0; } }
    public static int test_1_char() { char c = 'a'; c++; return c == 'b' ? 1 : 0; }
    public static int test_6_ternary() { int a = 5; return a > 3 ? a + 1 : a - 1; }
    public static int test_100_float() { float f = 10f; return (int)(f * f); }
    public static int test_1_nan() { double n = double.NaN; return n != n ? 1 : 0; }
    public static int test_3_checked() { try { checked { int x = int.MaxValue; x += 1; } return 0; } catch (OverflowException) { return 3; } }
    static int Main() {
        int passed = 0, failed = 0;
        Func<int>[] tests = { test_0_return, test_5_add, test_7_sub, test_42_mul, test_3_div, test_2_rem, test_1_shl, test_255_and_or, test_1_long_cmp, test_10_loop,
            test_1_ulong_div, test_1_conv_r8, test_4_switch, test_1_char, test_6_ternary, test_100_float, test_1_nan, test_3_checked };
        int[] expect = { 0, 5, 7, 42, 3, 2, 1, 255, 1, 10, 1, 1, 4, 1, 6, 100, 1, 3 };
        for (int i = 0; i < tests.Length; i++) if (tests[i]() == expect[i]) passed++; else failed++;
        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed;
    }
}
