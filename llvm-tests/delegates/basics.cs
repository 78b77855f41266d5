using System;
delegate int BinOp(int a, int b);
class Calc {
    int bias;
    public Calc(int b) { bias = b; }
    public int Add(int a, int b) { return a + b + bias; }
    public virtual int Mul(int a, int b) { return a * b; }
    public static int Sub(int a, int b) { return a - b; }
}
class Calc2 : Calc { public Calc2() : base(0) {} public override int Mul(int a, int b) { return a * b * 10; } }
class P {
    static void Main() {
        BinOp s = Calc.Sub; BinOp i = new Calc(100).Add; Calc c2 = new Calc2(); BinOp v = c2.Mul;
        Console.WriteLine(s(7, 2) + " " + i(1, 2) + " " + v(3, 4));
        Console.WriteLine(s.Target == null); Console.WriteLine(i.Target.GetType().Name);
        BinOp anon = delegate(int a, int b) { return a % b; }; Console.WriteLine(anon(17, 5));
        Func<string, int> len = x => x.Length; Console.WriteLine(len("hello"));
        Action<string> print = Console.WriteLine; print("via Action");
        Func<int> counter = MakeCounter(); counter(); counter(); Console.WriteLine(counter());
        Func<int, Func<int, int>> adder = x => y => x + y; Console.WriteLine(adder(3)(4));
        Predicate<int> even = n => n % 2 == 0; Console.WriteLine(even(4) + " " + even(3));
        Comparison<string> cmp = (a, b) => a.Length - b.Length; Console.WriteLine(cmp("aa", "b"));
        BinOp same = Calc.Sub; Console.WriteLine(s.Equals(same) + " " + (s == same) + " " + s.Equals(i));
    }
    static Func<int> MakeCounter() { int n = 0; return () => ++n; }
}
