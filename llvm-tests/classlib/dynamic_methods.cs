// DynamicMethod on Mono's class libraries: locals and branches, calls,
// fields, ldstr, newobj, a closed delegate, a dynamic method calling another,
// calli, try/catch/finally and a filter inside the method, ldtoken,
// Invoke with boxed arguments, and bad IL rejected at CreateDelegate.
using System;
using System.Reflection;
using System.Reflection.Emit;

public class Counter {
    public int Count;
    public static string Label = "ctr";
    public Counter(int start) { Count = start; }
    public int Bump(int by) { Count += by; return Count; }
    public static int Twice(int x) { return 2 * x; }
}

public static class Program {
    public delegate int IntOp(int x);
    public delegate string StrOp(int x);

    static DynamicMethod Make(string name, Type ret, params Type[] ps) {
        return new DynamicMethod(name, ret, ps, typeof(Program).Module);
    }

    public static void Fail(int x) {
        if (x > 2) throw new ArgumentException("too big: " + x);
    }

    static int Main() {
        // Sum of squares below n: locals, a loop with branches.
        var dm = Make("sumsq", typeof(long), typeof(int));
        var il = dm.GetILGenerator();
        var i = il.DeclareLocal(typeof(int));
        var acc = il.DeclareLocal(typeof(long));
        Label head = il.DefineLabel(), body = il.DefineLabel();
        il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Stloc, i);
        il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Conv_I8); il.Emit(OpCodes.Stloc, acc);
        il.Emit(OpCodes.Br, head);
        il.MarkLabel(body);
        il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Conv_I8); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, acc);
        il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, i);
        il.MarkLabel(head);
        il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Blt, body);
        il.Emit(OpCodes.Ldloc, acc); il.Emit(OpCodes.Ret);
        var sumsq = (Func<int, long>)dm.CreateDelegate(typeof(Func<int, long>));
        Console.WriteLine("sumsq " + sumsq(100) + " " + sumsq(0));

        // newobj, instance and static fields, ldstr, calls.
        dm = Make("counter", typeof(string), typeof(int));
        il = dm.GetILGenerator();
        var c = il.DeclareLocal(typeof(Counter));
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Newobj, typeof(Counter).GetConstructor(new[] { typeof(int) }));
        il.Emit(OpCodes.Stloc, c);
        il.Emit(OpCodes.Ldloc, c); il.Emit(OpCodes.Ldc_I4_5); il.Emit(OpCodes.Callvirt, typeof(Counter).GetMethod("Bump"));
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldloc, c); il.Emit(OpCodes.Ldloc, c); il.Emit(OpCodes.Ldfld, typeof(Counter).GetField("Count"));
        il.Emit(OpCodes.Call, typeof(Counter).GetMethod("Twice"));
        il.Emit(OpCodes.Stfld, typeof(Counter).GetField("Count"));
        il.Emit(OpCodes.Ldsfld, typeof(Counter).GetField("Label"));
        il.Emit(OpCodes.Ldstr, "=");
        il.Emit(OpCodes.Ldloc, c); il.Emit(OpCodes.Ldfld, typeof(Counter).GetField("Count"));
        il.Emit(OpCodes.Box, typeof(int));
        il.Emit(OpCodes.Call, typeof(string).GetMethod("Concat", new[] { typeof(object), typeof(object), typeof(object) }));
        il.Emit(OpCodes.Ret);
        var counter = (StrOp)dm.CreateDelegate(typeof(StrOp));
        Console.WriteLine(counter(10) + " " + counter(-5));

        // A delegate closed over its first argument.
        dm = Make("closed", typeof(int), typeof(Counter), typeof(int));
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Callvirt, typeof(Counter).GetMethod("Bump"));
        il.Emit(OpCodes.Ret);
        var shared = new Counter(100);
        var bump = (IntOp)dm.CreateDelegate(typeof(IntOp), shared);
        bump(1); bump(2);
        Console.WriteLine("closed " + bump(3) + " " + shared.Count + " " + (bump.Target == shared));

        // One dynamic method calling another, and calli through ldftn.
        var inner = Make("inner", typeof(int), typeof(int));
        il = inner.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4, 7); il.Emit(OpCodes.Mul); il.Emit(OpCodes.Ret);
        var outer = Make("outer", typeof(int), typeof(int));
        il = outer.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, inner);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldftn, typeof(Counter).GetMethod("Twice"));
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, typeof(int), new[] { typeof(int) }, null);
        il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
        Console.WriteLine("outer " + ((IntOp)outer.CreateDelegate(typeof(IntOp)))(3));

        // try/catch/finally inside the method; the finally runs either way.
        dm = Make("guarded", typeof(string), typeof(int));
        il = dm.GetILGenerator();
        var result = il.DeclareLocal(typeof(string));
        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, typeof(Program).GetMethod("Fail"));
        il.Emit(OpCodes.Ldstr, "ok"); il.Emit(OpCodes.Stloc, result);
        il.BeginCatchBlock(typeof(ArgumentException));
        il.Emit(OpCodes.Callvirt, typeof(Exception).GetMethod("get_Message"));
        il.Emit(OpCodes.Stloc, result);
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldstr, "finally "); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Box, typeof(int));
        il.Emit(OpCodes.Call, typeof(string).GetMethod("Concat", new[] { typeof(object), typeof(object) }));
        il.Emit(OpCodes.Call, typeof(Console).GetMethod("WriteLine", new[] { typeof(string) }));
        il.EndExceptionBlock();
        il.Emit(OpCodes.Ldloc, result); il.Emit(OpCodes.Ret);
        var guarded = (StrOp)dm.CreateDelegate(typeof(StrOp));
        Console.WriteLine(guarded(1) + " | " + guarded(9));

        // A filter: only odd arguments are caught; even ones escape.
        dm = Make("filtered", typeof(int), typeof(int));
        il = dm.GetILGenerator();
        var ret = il.DeclareLocal(typeof(int));
        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, typeof(Program).GetMethod("Fail"));
        il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Stloc, ret);
        il.BeginExceptFilterBlock();
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_2); il.Emit(OpCodes.Rem);
        il.BeginCatchBlock(null);
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldc_I4_M1); il.Emit(OpCodes.Stloc, ret);
        il.EndExceptionBlock();
        il.Emit(OpCodes.Ldloc, ret); il.Emit(OpCodes.Ret);
        var filtered = (IntOp)dm.CreateDelegate(typeof(IntOp));
        Console.Write("filtered " + filtered(1) + " " + filtered(5));
        try {
            filtered(4);
        } catch (ArgumentException e) {
            Console.Write(" escaped " + e.Message);
        }
        Console.WriteLine();

        // ldtoken of a type.
        dm = Make("token", typeof(string));
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldtoken, typeof(Counter));
        il.Emit(OpCodes.Call, typeof(Type).GetMethod("GetTypeFromHandle"));
        il.Emit(OpCodes.Callvirt, typeof(MemberInfo).GetMethod("get_Name"));
        il.Emit(OpCodes.Ret);
        Console.WriteLine("token " + ((Func<string>)dm.CreateDelegate(typeof(Func<string>)))());

        // Invoke with boxed arguments, and the method's exception wrapped.
        dm = Make("mix", typeof(int), typeof(int), typeof(string));
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Callvirt, typeof(string).GetMethod("get_Length"));
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
        object r = dm.Invoke(null, new object[] { 40, "ab" });
        Console.WriteLine("invoke " + r + " " + r.GetType().Name + " " + dm.Name + " " + dm.ReturnType.Name);
        dm = Make("thrower", typeof(void));
        il = dm.GetILGenerator();
        il.ThrowException(typeof(InvalidOperationException));
        try {
            dm.Invoke(null, null);
        } catch (TargetInvocationException e) {
            Console.WriteLine("wrapped " + e.InnerException.GetType().Name);
        }

        // Bad IL: rejected when the delegate is made.
        dm = Make("bad", typeof(int), typeof(int));
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
        try {
            dm.CreateDelegate(typeof(IntOp));
            Console.WriteLine("bad IL accepted");
        } catch (InvalidProgramException) {
            Console.WriteLine("bad IL rejected");
        }
        return 0;
    }
}
