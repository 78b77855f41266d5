// mcs: -r:plugin.dll
// The main assembly is AOT-compiled; plugin.dll stays interpreted.
using System;
class Host : IHost { public int Scale(int x) { return x * 10; } }
class Tripler : PluginBase { public override int Compute(int x) { return x * 3; } }
static class Program {
    static int Square(int x) { return x * x; }
    static int Sum(int n) { int s = 0; for (int i = 0; i < n; i++) s = Plugin.Add(s, i); return s; }
    static int Throws() { throw new ArgumentException("from main"); }
    static int Main() {
        Console.WriteLine(Sum(100));
        Console.WriteLine(Plugin.UseHost(new Host(), 4));
        PluginBase[] ps = { new Doubler(), new Tripler() };
        int t = 0;
        foreach (PluginBase p in ps) { t += p.Compute(7); Console.WriteLine(p.Name); }
        Console.WriteLine(t);
        Console.WriteLine(Plugin.Apply(Square, 3));
        try { Plugin.Fail(7); } catch (InvalidOperationException e) { Console.WriteLine("caught " + e.Message); }
        Console.WriteLine(Plugin.CallBack(Throws));
        return t;
    }
}
