// Static, virtual, interface and delegate calls to methods with exception
// filters, value-type and float signatures, exceptions crossing frames;
// in the mixed configuration every corlib callee is interpreted.
using System;

struct Pair { public long A; public double B; public Pair(long a, double b) { A = a; B = b; } }

interface IShape { double Area(int scale); }

class Base {
    public virtual string Describe(int n) { return "base " + n; }
}

class Filtered : Base, IShape {
    static int Guard(int x) {
        try { if (x < 0) throw new ArgumentException("negative"); return x * 2; }
        catch (ArgumentException e) when (e.Message.Length > 3) { return -1; }
    }
    public override string Describe(int n) {
        try { return "filtered " + Guard(n); }
        catch (Exception e) when (e is InvalidOperationException) { return "never"; }
    }
    public double Area(int scale) {
        try { return 1.5 * Guard(scale); }
        catch (Exception) when (scale > 100) { return 0; }
    }
    public static Pair Swap(Pair p) {
        try { return new Pair((long)p.B, p.A); }
        catch (Exception) when (p.A == 0) { return p; }
    }
    public static int Throws(int x) {
        try { if (x > 2) throw new InvalidOperationException("too big: " + x); return x; }
        catch (ArgumentException) when (x == 0) { return 0; }
    }
}

class Program {
    static int Twice(Func<int, int> f, int x) { return f(f(x)); }

    static void Main() {
        Base b = new Filtered();
        IShape s = (IShape)b;
        for (int i = -1; i < 3; i++) {
            Console.WriteLine(b.Describe(i));
            Console.WriteLine(s.Area(i));
        }
        Pair p = Filtered.Swap(new Pair(3, 4.5));
        Console.WriteLine(p.A + " " + p.B);
        Console.WriteLine(Twice(Filtered.Throws, 1));
        try { Console.WriteLine(Twice(Filtered.Throws, 2)); }
        catch (InvalidOperationException e) { Console.WriteLine("caught " + e.Message); }
        int total = 0;
        for (int i = 0; i < 1000; i++) total += (int)s.Area(i % 7);
        Console.WriteLine(total);
    }
}
