using System;
interface IA { string M(); }
interface IB : IA { string N(); }
interface IC { string M(); }
class X : IB, IC { public string M() { return "X.M"; } public string N() { return "X.N"; } string IC.M() { return "X.IC.M"; } }
class Y : X, IA { public new string M() { return "Y.M"; } }
interface ICounter { int Next(); }
struct Counter : ICounter { int n; public int Next() { return ++n; } }
class P {
    static void Main() {
        X x = new X(); IA ia = x; IB ib = x; IC ic = x;
        Console.WriteLine(ia.M() + " " + ib.N() + " " + ib.M() + " " + ic.M() + " " + x.M());
        Y y = new Y(); IA iy = y; X yx = y; Console.WriteLine(iy.M() + " " + yx.M() + " " + ((IC)y).M());
        Counter c = new Counter(); ICounter boxed = c; boxed.Next(); boxed.Next(); Console.WriteLine(boxed.Next() + " " + c.Next());
        object o = x; Console.WriteLine((o is IA) + " " + (o is IC) + " " + (o is ICounter));
        IA[] arr = { new X(), new Y() }; foreach (IA i in arr) Console.Write(i.M() + ";"); Console.WriteLine();
    }
}
