using System;
using System.Collections.Generic;
class P {
    static void Main() {
        var fs = new List<Func<int>>();
        for (int i = 0; i < 3; i++) { int copy = i; fs.Add(() => copy * 10); }
        foreach (var f in fs) Console.Write(f() + " ");
        Console.WriteLine();
        int shared = 1; Action inc = () => shared++; inc(); inc(); Console.WriteLine(shared);
        string prefix = "p:"; Func<string, string> pre = s => prefix + s; prefix = "q:"; Console.WriteLine(pre("x"));
        Func<int, int> fact = null; fact = n => n <= 1 ? 1 : n * fact(n - 1); Console.WriteLine(fact(10));
        var acc = new Accumulator(); Action<int> add = acc.Add; add(5); add(7); Console.WriteLine(acc.Sum);
        foreach (var s in new[] { "a", "bb" }) { Func<int> l = () => s.Length; Console.Write(l()); }
        Console.WriteLine();
    }
    class Accumulator { public int Sum; public void Add(int v) { Sum += v; } }
}
