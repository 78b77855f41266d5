// Dynamic methods: loops, calls into static, virtual, interface and generic
// methods, fields, boxing, arrays, strings, closures over a target object,
// recursion, one dynamic method calling another, switch, Invoke.
using System;
using System.Reflection;
using System.Reflection.Emit;

public interface IShape { double Area(); }
public class Rect : IShape {
    public double W, H;
    public static int Made;
    public Rect(double w, double h) { W = w; H = h; Made++; }
    public virtual string Kind() { return "rect"; }
    public double Area() { return W * H; }
}
public class Square : Rect {
    public Square(double s) : base(s, s) {}
    public override string Kind() { return "square"; }
}
public struct Pt { public int X, Y; public Pt(int x, int y) { X = x; Y = y; } public override string ToString() { return "(" + X + "," + Y + ")"; } }

public static class Program {
    public delegate int IntOp(int x);
    public delegate long LongOp(int n);
    public delegate string StrOp(string s, int n);
    public delegate double ShapeOp(IShape s);
    public delegate string KindOp(Rect r);
    public delegate object BoxOp(int x);
    public delegate int ArrOp(int[] a);
    public delegate string Closure(int x);
    public delegate T Gen<T>(T x);

    public static long Square(int x) { return (long)x * x; }
    public static T Id<T>(T x) { return x; }
    public static string Twice<T>(T x) { return x.ToString() + x.ToString(); }

    static DynamicMethod Make(string name, Type ret, Type[] ps) {
        return new DynamicMethod(name, ret, ps, typeof(Program).Module);
    }

    static void Main() {
        // Loop with a call into a static method.
        var dm = Make("sumsq", typeof(long), new[] { typeof(int) });
        var il = dm.GetILGenerator();
        var acc = il.DeclareLocal(typeof(long));
        var i = il.DeclareLocal(typeof(int));
        Label top = il.DefineLabel(), test = il.DefineLabel();
        il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Conv_I8); il.Emit(OpCodes.Stloc, acc);
        il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Stloc, i);
        il.Emit(OpCodes.Br, test);
        il.MarkLabel(top);
        il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Ldloc, i);
        il.Emit(OpCodes.Call, typeof(Program).GetMethod("Square"));
        il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, acc);
        il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, i);
        il.MarkLabel(test);
        il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Blt, top);
        il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Ret);
        var sumsq = (LongOp)dm.CreateDelegate(typeof(LongOp));
        Console.WriteLine("sumsq " + sumsq(100) + " " + sumsq(0));
        Console.WriteLine("name " + dm.Name + " returns " + dm.ReturnType + " initlocals " + dm.InitLocals);

        // Strings: ldstr and String.Concat, Substring on the argument.
        dm = Make("greet", typeof(string), new[] { typeof(string), typeof(int) });
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldstr, "hello ");
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Callvirt, typeof(string).GetMethod("Substring", new[] { typeof(int), typeof(int) }));
        il.Emit(OpCodes.Call, typeof(string).GetMethod("Concat", new[] { typeof(string), typeof(string) }));
        il.Emit(OpCodes.Ret);
        var greet = (StrOp)dm.CreateDelegate(typeof(StrOp));
        Console.WriteLine(greet("worldwide", 5));

        // Interface call.
        dm = Make("area", typeof(double), new[] { typeof(IShape) });
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Callvirt, typeof(IShape).GetMethod("Area"));
        il.Emit(OpCodes.Ldc_R8, 0.5);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Ret);
        var area = (ShapeOp)dm.CreateDelegate(typeof(ShapeOp));
        Console.WriteLine("area " + area(new Rect(3, 4)) + " " + area(new Square(5)));

        // Virtual call and field access (instance and static), newobj.
        dm = Make("kind", typeof(string), new[] { typeof(Rect) });
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Callvirt, typeof(Rect).GetMethod("Kind"));
        il.Emit(OpCodes.Ldstr, ":");
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, typeof(Rect).GetField("W"));
        il.Emit(OpCodes.Box, typeof(double));
        il.Emit(OpCodes.Call, typeof(string).GetMethod("Concat", new[] { typeof(object), typeof(object), typeof(object) }));
        il.Emit(OpCodes.Ldsfld, typeof(Rect).GetField("Made"));
        il.Emit(OpCodes.Box, typeof(int));
        il.Emit(OpCodes.Call, typeof(string).GetMethod("Concat", new[] { typeof(object), typeof(object) }));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_R8, 7.25);
        il.Emit(OpCodes.Stfld, typeof(Rect).GetField("W"));
        il.Emit(OpCodes.Ldc_R8, 1.0);
        il.Emit(OpCodes.Ldc_R8, 2.0);
        il.Emit(OpCodes.Newobj, typeof(Rect).GetConstructor(new[] { typeof(double), typeof(double) }));
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ret);
        var kind = (KindOp)dm.CreateDelegate(typeof(KindOp));
        var sq = new Square(2);
        Console.WriteLine(kind(sq) + " then W=" + sq.W + " made=" + Rect.Made);

        // Boxing a struct built in a local, returned as object.
        dm = Make("box", typeof(object), new[] { typeof(int) });
        il = dm.GetILGenerator();
        var pt = il.DeclareLocal(typeof(Pt));
        il.Emit(OpCodes.Ldloca, pt);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4_2);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Call, typeof(Pt).GetConstructor(new[] { typeof(int), typeof(int) }));
        il.Emit(OpCodes.Ldloc, pt);
        il.Emit(OpCodes.Box, typeof(Pt));
        il.Emit(OpCodes.Ret);
        var box = (BoxOp)dm.CreateDelegate(typeof(BoxOp));
        Console.WriteLine("boxed " + box(21) + " " + box(21).GetType().Name);

        // Arrays: sum of elements, then a new array's length.
        dm = Make("arr", typeof(int), new[] { typeof(int[]) });
        il = dm.GetILGenerator();
        var s = il.DeclareLocal(typeof(int));
        var k = il.DeclareLocal(typeof(int));
        Label loop = il.DefineLabel(), cond = il.DefineLabel();
        il.Emit(OpCodes.Br_S, cond);
        il.MarkLabel(loop);
        il.Emit(OpCodes.Ldloc, s); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldloc, k); il.Emit(OpCodes.Ldelem_I4);
        il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, s);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldloc, k); il.Emit(OpCodes.Ldc_I4, 100); il.Emit(OpCodes.Stelem_I4);
        il.Emit(OpCodes.Ldloc, k); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, k);
        il.MarkLabel(cond);
        il.Emit(OpCodes.Ldloc, k); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldlen); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Blt_S, loop);
        il.Emit(OpCodes.Ldloc, s);
        il.Emit(OpCodes.Ldc_I4_3); il.Emit(OpCodes.Newarr, typeof(string)); il.Emit(OpCodes.Ldlen); il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
        var arr = (ArrOp)dm.CreateDelegate(typeof(ArrOp));
        int[] data = { 1, 2, 3, 4 };
        Console.WriteLine("arr " + arr(data) + " " + string.Join(",", data));

        // Generic method calls.
        dm = Make("gen", typeof(string), new[] { typeof(int) });
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(Program).GetMethod("Id").MakeGenericMethod(typeof(int)));
        il.Emit(OpCodes.Call, typeof(Program).GetMethod("Twice").MakeGenericMethod(typeof(int)));
        il.Emit(OpCodes.Ldstr, "x");
        il.Emit(OpCodes.Call, typeof(Program).GetMethod("Twice").MakeGenericMethod(typeof(string)));
        il.Emit(OpCodes.Call, typeof(string).GetMethod("Concat", new[] { typeof(string), typeof(string) }));
        il.Emit(OpCodes.Ret);
        Console.WriteLine("gen " + ((Func<int, string>)dm.CreateDelegate(typeof(Func<int, string>)))(12));

        // A closure: the first parameter bound to a target object.
        dm = Make("closure", typeof(string), new[] { typeof(Rect), typeof(int) });
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Callvirt, typeof(Rect).GetMethod("Kind"));
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Box, typeof(int));
        il.Emit(OpCodes.Call, typeof(string).GetMethod("Concat", new[] { typeof(object), typeof(object) }));
        il.Emit(OpCodes.Ret);
        var c1 = (Closure)dm.CreateDelegate(typeof(Closure), new Rect(1, 1));
        var c2 = (Closure)dm.CreateDelegate(typeof(Closure), new Square(1));
        Console.WriteLine(c1(1) + " " + c2(2) + " " + (c1.Target is Rect));

        // Recursion (factorial) and one dynamic method calling another.
        var fact = Make("fact", typeof(int), new[] { typeof(int) });
        il = fact.GetILGenerator();
        Label rec = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Bgt_S, rec);
        il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Ret);
        il.MarkLabel(rec);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Call, fact); il.Emit(OpCodes.Mul); il.Emit(OpCodes.Ret);
        var outer = Make("outer", typeof(int), new[] { typeof(int) });
        il = outer.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, fact); il.Emit(OpCodes.Ldc_I4, 1000); il.Emit(OpCodes.Rem); il.Emit(OpCodes.Ret);
        Console.WriteLine("fact " + ((IntOp)fact.CreateDelegate(typeof(IntOp)))(10) + " outer " + ((IntOp)outer.CreateDelegate(typeof(IntOp)))(7));

        // Switch, long and float constants, conversions.
        dm = Make("sw", typeof(int), new[] { typeof(int) });
        il = dm.GetILGenerator();
        Label a = il.DefineLabel(), b = il.DefineLabel(), dflt = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Switch, new[] { a, b });
        il.Emit(OpCodes.Br, dflt);
        il.MarkLabel(a); il.Emit(OpCodes.Ldc_I8, 5000000000L); il.Emit(OpCodes.Ldc_I4, 1000000); il.Emit(OpCodes.Conv_I8); il.Emit(OpCodes.Div); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Ret);
        il.MarkLabel(b); il.Emit(OpCodes.Ldc_R4, 2.75f); il.Emit(OpCodes.Ldc_R4, 4f); il.Emit(OpCodes.Mul); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Ret);
        il.MarkLabel(dflt); il.Emit(OpCodes.Ldc_I4_M1); il.Emit(OpCodes.Ret);
        var sw = (IntOp)dm.CreateDelegate(typeof(IntOp));
        Console.WriteLine("switch " + sw(0) + " " + sw(1) + " " + sw(9));

        // Invoke with boxed arguments, EmitWriteLine, DefineParameter.
        dm = Make("inv", typeof(int), new[] { typeof(int), typeof(string) });
        dm.DefineParameter(1, ParameterAttributes.None, "n");
        dm.DefineParameter(2, ParameterAttributes.None, "text");
        il = dm.GetILGenerator();
        il.EmitWriteLine("in inv");
        var loc = il.DeclareLocal(typeof(int));
        il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Callvirt, typeof(string).GetProperty("Length").GetGetMethod());
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, loc);
        il.EmitWriteLine(loc);
        il.Emit(OpCodes.Ldloc, loc); il.Emit(OpCodes.Ret);
        object r = dm.Invoke(null, new object[] { 40, "ab" });
        Console.WriteLine("invoke " + r + " " + r.GetType().Name);
        foreach (var p in dm.GetParameters()) Console.WriteLine("param " + p.Position + " " + p.Name + " " + p.ParameterType);

        // Invoke of a method that throws: TargetInvocationException.
        dm = Make("thrower", typeof(void), Type.EmptyTypes);
        il = dm.GetILGenerator();
        il.ThrowException(typeof(InvalidOperationException));
        try {
            dm.Invoke(null, null);
        } catch (TargetInvocationException e) {
            Console.WriteLine("wrapped " + e.InnerException.GetType().Name);
        }
        try {
            ((Action)dm.CreateDelegate(typeof(Action)))();
        } catch (InvalidOperationException e) {
            Console.WriteLine("direct " + e.GetType().Name);
        }

        // Anonymously hosted and owner-typed methods.
        var anon = new DynamicMethod("anon", typeof(int), new[] { typeof(int) });
        il = anon.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_S, (sbyte)-3); il.Emit(OpCodes.Mul); il.Emit(OpCodes.Ret);
        var owned = new DynamicMethod("owned", typeof(int), new[] { typeof(int) }, typeof(Rect));
        il = owned.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4, 7); il.Emit(OpCodes.Xor); il.Emit(OpCodes.Ret);
        Console.WriteLine("hosted " + ((IntOp)anon.CreateDelegate(typeof(IntOp)))(5) + " " + ((IntOp)owned.CreateDelegate(typeof(IntOp)))(5));

        // calli through ldftn: a static method (EmitCalli) and an instance
        // method (a SignatureHelper with HasThis).
        dm = Make("calli", typeof(long), new[] { typeof(int), typeof(Rect) });
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldftn, typeof(Program).GetMethod("Square"));
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, typeof(long), new[] { typeof(int) }, null);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldvirtftn, typeof(Rect).GetMethod("Kind"));
        var kindSig = SignatureHelper.GetMethodSigHelper(CallingConventions.HasThis, typeof(string));
        il.Emit(OpCodes.Calli, kindSig);
        il.Emit(OpCodes.Callvirt, typeof(string).GetProperty("Length").GetGetMethod());
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
        var calli = (Func<int, Rect, long>)dm.CreateDelegate(typeof(Func<int, Rect, long>));
        Console.WriteLine("calli " + calli(9, new Rect(1, 1)) + " " + calli(9, new Square(1)));

        // Delegate types whose signature does not fit are refused (Mono
        // checks only until a delegate was made, so each try uses a new method).
        foreach (var t in new[] { typeof(Func<string, int>), typeof(Func<int, string>), typeof(Func<int>), typeof(Func<int, int>) }) {
            var fresh = Make("fresh", typeof(int), new[] { typeof(int) });
            fresh.GetILGenerator().Emit(OpCodes.Ldarg_0);
            fresh.GetILGenerator().Emit(OpCodes.Ret);
            try {
                fresh.CreateDelegate(t);
                Console.WriteLine("fits " + t);
            } catch (ArgumentException e) {
                Console.WriteLine("refused " + t + " " + e.GetType().Name);
            }
        }
        var bound = Make("bound", typeof(int), new[] { typeof(int) });
        bound.GetILGenerator().Emit(OpCodes.Ldarg_0);
        bound.GetILGenerator().Emit(OpCodes.Ret);
        try { bound.CreateDelegate(typeof(Func<int>), "a string target"); } catch (ArgumentException) { Console.WriteLine("refused bound target"); }
    }
}
