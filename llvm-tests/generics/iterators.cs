using System;
using System.Collections;
using System.Collections.Generic;
class Range : IEnumerable<int> {
    int lo, hi; public Range(int lo, int hi) { this.lo = lo; this.hi = hi; }
    public IEnumerator<int> GetEnumerator() { for (int i = lo; i < hi; i++) yield return i; }
    IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
}
class P {
    static IEnumerable<int> Fib() { int a = 0, b = 1; while (true) { yield return a; int t = a + b; a = b; b = t; } }
    static IEnumerable<string> WithFinally() { try { yield return "one"; yield return "two"; } finally { Console.WriteLine("iterator finally"); } }
    static IEnumerable<int> Evens(IEnumerable<int> src) { foreach (int x in src) if (x % 2 == 0) yield return x; }
    static IEnumerable<int> Stop() { yield return 1; yield break; }
    static void Main() {
        foreach (int i in new Range(3, 7)) Console.Write(i + " "); Console.WriteLine();
        int n = 0; foreach (int f in Fib()) { if (n++ >= 12) break; Console.Write(f + " "); } Console.WriteLine();
        foreach (string s in WithFinally()) { Console.WriteLine(s); if (s == "one") break; }
        foreach (int e in Evens(new Range(0, 10))) Console.Write(e + " "); Console.WriteLine();
        foreach (int x in Stop()) Console.WriteLine(x);
        IEnumerator<int> en = new Range(0, 2).GetEnumerator(); while (en.MoveNext()) Console.Write(en.Current); Console.WriteLine(); en.Dispose();
        var list = new List<int>(Evens(new Range(0, 7))); Console.WriteLine(list.Count);
    }
}
