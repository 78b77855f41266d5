// Expression<T>.Compile() on Mono's System.Core (LambdaCompiler emitting
// anonymously hosted dynamic methods): arithmetic, conditionals, method
// calls, closures over constants and captured variables, object creation,
// member access, loops made of Expression.Loop and Block, and exceptions
// thrown inside compiled code.
using System;
using System.Collections.Generic;
using System.Linq.Expressions;

public class Point {
    public int X;
    public int Y { get; set; }
    public Point(int x, int y) { X = x; Y = y; }
    public int Sum() { return X + Y; }
    public override string ToString() { return "(" + X + ", " + Y + ")"; }
}

public static class Program {
    public static int Twice(int x) { return 2 * x; }

    static void Main() {
        // Arithmetic and operator precedence.
        Expression<Func<int, int, int>> arith = (a, b) => (a + b) * (a - b) / 3 % 11;
        Console.WriteLine("arith " + arith.Compile()(10, 4));
        Expression<Func<double, double>> poly = x => x * x * 0.5 - 2.25 * x + 1;
        Console.WriteLine("poly " + poly.Compile()(3.0));
        Expression<Func<long, long, long>> bits = (a, b) => (a << 3) ^ (b >> 1) | (a & b);
        Console.WriteLine("bits " + bits.Compile()(12345678901L, 777));
        Expression<Func<int, int>> checkedAdd = x => checked(x + 1);
        try {
            checkedAdd.Compile()(int.MaxValue);
        } catch (OverflowException) {
            Console.WriteLine("checked overflow");
        }

        // Conditionals, comparisons, logic.
        Expression<Func<int, string>> sign = x => x > 0 ? "positive" : x < 0 ? "negative" : "zero";
        var signf = sign.Compile();
        Console.WriteLine("sign " + signf(5) + " " + signf(-3) + " " + signf(0));
        Expression<Func<int, int, bool>> logic = (a, b) => (a > b && a % 2 == 0) || !(b != 7);
        var logicf = logic.Compile();
        Console.WriteLine("logic " + logicf(8, 3) + " " + logicf(7, 3) + " " + logicf(1, 7));
        Expression<Func<string, string>> coalesce = s => s ?? "none";
        Console.WriteLine("coalesce " + coalesce.Compile()(null) + " " + coalesce.Compile()("some"));

        // Method calls: static, instance, virtual, on strings.
        Expression<Func<int, int>> call = x => Twice(x) + Math.Max(x, 10);
        Console.WriteLine("call " + call.Compile()(7));
        Expression<Func<string, int, string>> str = (s, len) => s.Substring(0, len).ToUpper() + s.Length;
        Console.WriteLine("str " + str.Compile()("expression", 4));
        Expression<Func<object, string>> virt = o => o.ToString();
        Console.WriteLine("virt " + virt.Compile()(new Point(1, 2)));

        // Closures over constants and captured variables.
        int captured = 100;
        Expression<Func<int, int>> closure = x => x + captured;
        var closuref = closure.Compile();
        Console.WriteLine("closure " + closuref(1));
        captured = 200;
        Console.WriteLine("closure after change " + closuref(1));
        var list = new List<int> { 3, 1, 4, 1, 5 };
        Expression<Func<int, bool>> contains = x => list.Contains(x);
        Console.WriteLine("contains " + contains.Compile()(4) + " " + contains.Compile()(9));
        var k = Expression.Constant(new Point(5, 6));
        var fromConst = Expression.Lambda<Func<int>>(Expression.Call(k, typeof(Point).GetMethod("Sum"))).Compile();
        Console.WriteLine("constant object " + fromConst());

        // Object creation and member access.
        Expression<Func<int, int, Point>> make = (x, y) => new Point(x, y) { Y = y * 10 };
        var p = make.Compile()(3, 4);
        Console.WriteLine("new " + p + " " + p.Sum());
        Expression<Func<Point, int>> member = pt => pt.X * 100 + pt.Y;
        Console.WriteLine("member " + member.Compile()(p));
        Expression<Func<int, int[]>> arr = m => new[] { m, m * 2, m * 3 };
        var a3 = arr.Compile()(7);
        Console.WriteLine("array " + a3.Length + " " + a3[2]);
        Expression<Func<int[], int, int>> index = (xs, j) => xs[j] + xs.Length;
        Console.WriteLine("index " + index.Compile()(a3, 1));
        Expression<Func<List<int>>> init = () => new List<int> { 1, 2, 3 };
        Console.WriteLine("list init " + init.Compile()().Count);

        // A loop made of Block, Loop, Assign and Break: sum of 1..n.
        var n = Expression.Parameter(typeof(int), "n");
        var sum = Expression.Variable(typeof(int), "sum");
        var i = Expression.Variable(typeof(int), "i");
        var brk = Expression.Label(typeof(int), "done");
        var body = Expression.Block(
            new[] { sum, i },
            Expression.Assign(sum, Expression.Constant(0)),
            Expression.Assign(i, Expression.Constant(1)),
            Expression.Loop(
                Expression.IfThenElse(
                    Expression.LessThanOrEqual(i, n),
                    Expression.Block(
                        Expression.AddAssign(sum, i),
                        Expression.PostIncrementAssign(i)),
                    Expression.Break(brk, sum)),
                brk));
        var loop = Expression.Lambda<Func<int, int>>(body, n).Compile();
        Console.WriteLine("loop " + loop(10) + " " + loop(100) + " " + loop(0));

        // Factorial with a nested lambda invoked from the outer one.
        var x2 = Expression.Parameter(typeof(int), "x");
        var acc = Expression.Variable(typeof(long), "acc");
        var stop = Expression.Label(typeof(long));
        var fact = Expression.Lambda<Func<int, long>>(
            Expression.Block(new[] { acc },
                Expression.Assign(acc, Expression.Constant(1L)),
                Expression.Loop(
                    Expression.IfThenElse(
                        Expression.GreaterThan(x2, Expression.Constant(1)),
                        Expression.Block(
                            Expression.MultiplyAssign(acc, Expression.Convert(x2, typeof(long))),
                            Expression.PostDecrementAssign(x2)),
                        Expression.Break(stop, acc)),
                    stop)),
            x2).Compile();
        Console.WriteLine("fact " + fact(20));
        Expression<Func<int, Func<int, int>>> curry = a => b => a * 10 + b;
        Console.WriteLine("curry " + curry.Compile()(4)(2));

        // Nested lambdas closing over the outer one's parameters (hoisted
        // into StrongBox cells), Invoke, type tests, nullable lifting,
        // switch, conversions.
        var start = Expression.Parameter(typeof(int), "start");
        var counter = Expression.Lambda<Func<int, Func<int>>>(
            Expression.Lambda<Func<int>>(Expression.PostIncrementAssign(start)), start).Compile();
        var next = counter(40);
        next();
        Console.WriteLine("hoisted " + next() + " " + next());
        Expression<Func<Func<int, int>, int, int>> apply = (g, v) => g(v) + 1;
        Console.WriteLine("invoke " + apply.Compile()(v => v * v, 9));
        Expression<Func<object, string>> typeTest = o => o is string ? "string " + (o as string).Length : o is int ? "int" : "other";
        var typeTestf = typeTest.Compile();
        Console.WriteLine("types " + typeTestf("abc") + " " + typeTestf(5) + " " + typeTestf(1.5));
        Expression<Func<int?, int?, int?>> lifted = (a, b) => a + b * 2;
        var liftedf = lifted.Compile();
        Console.WriteLine("lifted " + liftedf(1, 2) + " [" + liftedf(null, 2) + "]");
        var sw = Expression.Parameter(typeof(int), "k");
        var switchf = Expression.Lambda<Func<int, string>>(
            Expression.Switch(sw, Expression.Constant("many"),
                Expression.SwitchCase(Expression.Constant("one"), Expression.Constant(1)),
                Expression.SwitchCase(Expression.Constant("two or three"), Expression.Constant(2), Expression.Constant(3))),
            sw).Compile();
        Console.WriteLine("switch " + switchf(1) + ", " + switchf(3) + ", " + switchf(9));
        Expression<Func<double, int>> conv = d => (int)d + (int)Math.Round(d) - (byte)(d * 100);
        Console.WriteLine("convert " + conv.Compile()(2.75));
        Expression<Func<int, int>> unary = z => -z + ~z;
        Console.WriteLine("unary " + unary.Compile()(6));
        Expression<Func<DateTime, int>> valueMember = d => d.Year * 100 + d.Month;
        Console.WriteLine("struct member " + valueMember.Compile()(new DateTime(2024, 5, 17)));
        Console.WriteLine("default " + Expression.Lambda<Func<int>>(Expression.Default(typeof(int))).Compile()());

        // Exceptions thrown inside compiled code, caught outside and inside.
        Expression<Func<int, int, int>> div = (a, b) => a / b;
        try {
            div.Compile()(1, 0);
        } catch (DivideByZeroException) {
            Console.WriteLine("caught DivideByZeroException");
        }
        var msg = Expression.Parameter(typeof(string), "m");
        var thrower = Expression.Lambda<Action<string>>(
            Expression.Throw(Expression.New(typeof(InvalidOperationException).GetConstructor(new[] { typeof(string) }), msg)),
            msg).Compile();
        try {
            thrower("from a lambda");
        } catch (InvalidOperationException e) {
            Console.WriteLine("caught " + e.Message);
        }
        var ex = Expression.Variable(typeof(ArgumentException), "e");
        var guarded = Expression.Lambda<Func<string, string>>(
            Expression.TryCatchFinally(
                Expression.Block(
                    Expression.Throw(Expression.New(typeof(ArgumentException).GetConstructor(new[] { typeof(string) }), msg)),
                    Expression.Constant("not reached")),
                Expression.Constant(null, typeof(string)),
                Expression.Catch(ex, Expression.Call(typeof(string).GetMethod("Concat", new[] { typeof(string), typeof(string) }),
                    Expression.Constant("handled "), Expression.Property(ex, "Message")))),
            msg).Compile();
        Console.WriteLine(guarded("inside"));
        Expression<Func<string, int>> nre = s => s.Length;
        try {
            nre.Compile()(null);
        } catch (NullReferenceException) {
            Console.WriteLine("caught NullReferenceException");
        }
    }
}
