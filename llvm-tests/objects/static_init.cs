using System;
class Log { public static void W(string s) { Console.WriteLine(s); } }
class A { public static int X; static A() { Log.W("A cctor"); X = 1; } public static void Touch() { Log.W("A.Touch"); } }
class B { public static int Y = Init(); static int Init() { Log.W("B init"); return 2; } }
class C { static C() { Log.W("C cctor"); } public C() { Log.W("C ctor"); } }
class D : C { static D() { Log.W("D cctor"); } public D() { Log.W("D ctor"); } }
class E { public static readonly string S; static E() { S = "E.S"; Log.W("E cctor"); } public static string Get() { return S; } }
class P {
    static void Main() {
        Log.W("main start");
        A.Touch();
        Log.W("x=" + A.X);
        Log.W("y=" + B.Y);
        new D();
        new D();
        Log.W(E.Get());
    }
}
