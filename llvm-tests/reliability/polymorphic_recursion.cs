// Polymorphic recursion: f<T> calls f<S<T>>, so the instantiations a
// program can reach have no bound. Ahead-of-time compilation must stop at a
// depth and leave deeper ones to the interpreter.
using System;
using System.Collections.Generic;

struct S<T> { public T Inner; }
class Wrap<T> { public T Value; public Wrap(T v) { Value = v; } }

class P {
    static int Depth<T>(int n) {
        if (n == 0) return typeof(T).Name.Length;
        return 1 + Depth<S<T>>(n - 1);
    }

    static string Nest<T>(T v, int n) {
        if (n == 0) return v.ToString();
        return "(" + Nest(new Wrap<T>(v), n - 1) + ")";
    }

    interface IVisitor { int Visit<T>(T x, int n); }
    class Counter : IVisitor {
        public int Visit<T>(T x, int n) { return n == 0 ? 0 : 1 + Visit(new List<T> { x }, n - 1); }
    }

    static void Main() {
        Console.WriteLine(Depth<int>(3));
        Console.WriteLine(Depth<string>(40));
        Console.WriteLine(Nest(7, 5).Length);
        Console.WriteLine(Nest("x", 30).Length);
        IVisitor v = new Counter();
        Console.WriteLine(v.Visit(1.5, 25));
        Console.WriteLine(typeof(S<S<S<int>>>).Name);
    }
}
