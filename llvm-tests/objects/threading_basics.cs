using System;
using System.Threading;
class P {
    static readonly object gate = new object();
    static int shared;
    static void Main() {
        lock (gate) { shared++; }
        int x = 5;
        Console.WriteLine(Interlocked.Increment(ref x) + " " + Interlocked.Decrement(ref x) + " " + Interlocked.Add(ref x, 10) + " " + x);
        Console.WriteLine(Interlocked.Exchange(ref x, 1) + " " + x + " " + Interlocked.CompareExchange(ref x, 9, 1) + " " + x + " " + Interlocked.CompareExchange(ref x, 3, 1) + " " + x);
        string s = "a"; Console.WriteLine(Interlocked.CompareExchange(ref s, "b", "a") + s);
        long l = 0; Interlocked.Increment(ref l); Console.WriteLine(l);
        Thread.Sleep(1);
        Monitor.Enter(gate); try { shared++; } finally { Monitor.Exit(gate); }
        Console.WriteLine(shared);
    }
}
