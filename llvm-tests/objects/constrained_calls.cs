using System;
using System.Collections.Generic;
interface IIncr { int Incr(); }
struct Counter : IIncr { public int N; public int Incr() { return ++N; } public override string ToString() { return "C" + N; } }
class P {
    static int Bump<T>(ref T x) where T : IIncr { return x.Incr(); }
    static string Show<T>(T x) { return x.ToString(); }
    static int Hash<T>(T x) { return x.GetHashCode(); }
    static bool Same<T>(T a, T b) where T : IEquatable<T> { return a.Equals(b); }
    static void Main() {
        Counter c = new Counter();
        Bump(ref c); Bump(ref c); Console.WriteLine(c.N);
        IIncr boxed = c; boxed.Incr(); Console.WriteLine(c.N + " " + ((Counter)boxed).N);
        Console.WriteLine(Show(c) + " " + Show(42) + " " + Show("s") + " " + Show(2.5));
        Console.WriteLine(Hash(7) + " " + (Hash("abc") == "abc".GetHashCode()));
        Console.WriteLine(Same(3, 3) + " " + Same("a", "b"));
        var list = new List<Counter> { new Counter(), new Counter() };
        var e = list[0]; e.Incr(); Console.WriteLine(list[0].N + " " + e.N);
        Counter[] arr = new Counter[2]; arr[1].Incr(); arr[1].Incr(); Console.WriteLine(arr[1].N);
    }
}
