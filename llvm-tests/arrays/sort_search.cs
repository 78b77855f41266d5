using System;
using System.Collections;
using System.Collections.Generic;
class ByLen : IComparer<string> { public int Compare(string a, string b) { return a.Length.CompareTo(b.Length); } }
class P {
    static void Main() {
        int[] a = { 5, 3, 9, 1, 7, 3, 0, -2, 8 }; Array.Sort(a); Console.WriteLine(string.Join(",", a));
        Console.WriteLine(Array.BinarySearch(a, 7) + " " + Array.BinarySearch(a, 4));
        string[] s = { "pear", "fig", "banana", "kiwi", "apple" }; Array.Sort(s); Console.WriteLine(string.Join(",", s));
        Array.Sort(s, new ByLen()); Console.WriteLine(string.Join(",", s));
        Array.Sort(s, (x, y) => string.CompareOrdinal(y, x)); Console.WriteLine(string.Join(",", s));
        double[] d = { 2.5, -1, 1e10, 0 }; Array.Sort(d); Console.WriteLine(string.Join(",", d));
        int[] keys = { 3, 1, 2 }; string[] vals = { "c", "a", "b" }; Array.Sort(keys, vals); Console.WriteLine(string.Join(",", vals));
        object[] objs = { 3, 1, 2 }; Array.Sort(objs); Console.WriteLine(objs[0] + "" + objs[2]);
        int[] big = new int[200]; for (int i = 0; i < big.Length; i++) big[i] = (i * 7919) % 211; Array.Sort(big); bool ok = true; for (int i = 1; i < big.Length; i++) ok &= big[i - 1] <= big[i]; Console.WriteLine(ok);
        Console.WriteLine(Array.Find(a, x => x > 4) + " " + Array.FindIndex(a, x => x == 9) + " " + Array.Exists(a, x => x < -1) + " " + Array.TrueForAll(a, x => x < 100));
    }
}
