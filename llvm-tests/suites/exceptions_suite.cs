// suite
using System;
class Tests {
    static int Thrower() { throw new ArgumentException("x"); }
    public static int test_1_catch() { try { Thrower(); return 0; } catch (ArgumentException) { return 1; } }
    public static int test_2_finally() { int r = 0; try { r = 1; } finally { r++; } return r; }
    public static int test_3_nested() { int r = 0; try { try { Thrower(); } finally { r += 1; } } catch { r += 2; } return r; }
    public static int test_4_filter() { try { Thrower(); return 0; } catch (Exception e) when (e.Message == "x") { return 4; } }
    public static int test_5_rethrow() { try { try { Thrower(); } catch { throw; } } catch (ArgumentException) { return 5; } return 0; }
    public static int test_1_div_zero() { int z = 0; try { return 10 / z; } catch (DivideByZeroException) { return 1; } }
    public static int test_1_index() { int[] a = new int[1]; try { return a[1]; } catch (IndexOutOfRangeException) { return 1; } }
    public static int test_7_finally_order() { int r = 1; try { try { throw new Exception(); } finally { r *= 7; } } catch { } return r; }
    static int Main() {
        Func<int>[] tests = { test_1_catch, test_2_finally, test_3_nested, test_4_filter, test_5_rethrow, test_1_div_zero, test_1_index, test_7_finally_order };
        int[] expect = { 1, 2, 3, 4, 5, 1, 1, 7 };
        int passed = 0, failed = 0;
        for (int i = 0; i < tests.Length; i++) if (tests[i]() == expect[i]) passed++; else failed++;
        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed;
    }
}
