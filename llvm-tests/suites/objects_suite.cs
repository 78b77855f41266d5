// suite
using System;
class Base { public virtual int V() { return 1; } }
class Derived : Base { public override int V() { return 2; } }
struct Pair { public int A, B; }
interface IThing { int Get(); }
class Thing : IThing { public int Get() { return 9; } }
class Tests {
    public static int test_2_virtual() { Base b = new Derived(); return b.V(); }
    public static int test_9_interface() { IThing t = new Thing(); return t.Get(); }
    public static int test_3_struct_copy() { Pair p = new Pair(); p.A = 1; Pair q = p; q.A = 2; return p.A + q.A; }
    public static int test_1_box_unbox() { object o = 5; return (int)o == 5 ? 1 : 0; }
    public static int test_1_isinst() { object o = new Derived(); return o is Base ? 1 : 0; }
    public static int test_0_as_null() { object o = "s"; return (o as Base) == null ? 0 : 1; }
    public static int test_1_cast_fail() { try { object o = "s"; Base b = (Base)o; return 0; } catch (InvalidCastException) { return 1; } }
    public static int test_5_array_of_structs() { Pair[] ps = new Pair[3]; ps[2].B = 5; return ps[2].B + ps[0].A; }
    public static int test_1_nullref() { try { Base b = null; return b.V(); } catch (NullReferenceException) { return 1; } }
    public static int test_6_delegate() { Func<int, int> f = x => x * 2; return f(3); }
    public static int test_3_string_len() { return "abc".Length; }
    static int Main() {
        Func<int>[] tests = { test_2_virtual, test_9_interface, test_3_struct_copy, test_1_box_unbox, test_1_isinst, test_0_as_null, test_1_cast_fail, test_5_array_of_structs, test_1_nullref, test_6_delegate, test_3_string_len };
        int[] expect = { 2, 9, 3, 1, 1, 0, 1, 5, 1, 6, 3 };
        int passed = 0, failed = 0;
        for (int i = 0; i < tests.Length; i++) if (tests[i]() == expect[i]) passed++; else failed++;
        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed;
    }
}
