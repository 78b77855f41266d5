// suite
using System;
using System.Collections.Generic;
using System.Linq;
class Tests {
    public static int test_3_list_count() { var l = new List<int> { 1, 2, 3 }; return l.Count; }
    public static int test_6_linq_sum() { return new[] { 1, 2, 3 }.Sum(); }
    public static int test_2_dict() { var d = new Dictionary<string, int> { { "a", 1 }, { "b", 2 } }; return d["b"]; }
    public static int test_1_generic_method() { return Id(1); }
    static T Id<T>(T x) { return x; }
    public static int test_4_where_count() { return Enumerable.Range(0, 8).Count(x => x % 2 == 0); }
    public static int test_5_iterator() { int n = 0; foreach (int x in Gen()) n += x; return n; }
    static IEnumerable<int> Gen() { yield return 2; yield return 3; }
    public static int test_7_nullable() { int? a = 3, b = 4; return (a + b).Value; }
    public static int test_0_default() { return default(int); }
    static int Main() {
        Func<int>[] tests = { test_3_list_count, test_6_linq_sum, test_2_dict, test_1_generic_method, test_4_where_count, test_5_iterator, test_7_nullable, test_0_default };
        int[] expect = { 3, 6, 2, 1, 4, 5, 7, 0 };
        int passed = 0, failed = 0;
        for (int i = 0; i < tests.Length; i++) if (tests[i]() == expect[i]) passed++; else failed++;
        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed;
    }
}
