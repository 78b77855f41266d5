// stats
// Creates, calls and drops 30,000 dynamic methods on Mono's class libraries
// (pairs calling each other, closures, string literals, catch clauses,
// Invoke); the harness checks through `--stats` that every one was freed.
using System;
using System.Reflection.Emit;

public static class Program {
    delegate int IntOp(int x);
    class Box { public int V; }

    public static int Check(int x) {
        if (x % 7 == 0) throw new DivideByZeroException();
        return x;
    }

    static DynamicMethod Make(string name, Type ret, params Type[] ps) {
        return new DynamicMethod(name, ret, ps, typeof(Program).Module);
    }

    static int Main(string[] args) {
        int n = args.Length > 0 ? int.Parse(args[0]) : 30000;
        long sum = 0;
        var field = typeof(Box).GetField("V");
        var check = typeof(Program).GetMethod("Check");
        var concat = typeof(string).GetMethod("Concat", new[] { typeof(object), typeof(object) });
        var length = typeof(string).GetMethod("get_Length");
        for (int i = 0; i < n; i++) {
            switch (i % 4) {
            case 0: {
                // A closure over a target object reading its field.
                var dm = Make("get" + i, typeof(int), typeof(Box), typeof(int));
                var il = dm.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, field);
                il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
                sum += ((IntOp)dm.CreateDelegate(typeof(IntOp), new Box { V = i }))(1);
                break;
            }
            case 1: {
                // An outer method calling an inner one that builds a string.
                var inner = Make("str" + i, typeof(string), typeof(int));
                var il = inner.GetILGenerator();
                il.Emit(OpCodes.Ldstr, "n");
                il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Box, typeof(int));
                il.Emit(OpCodes.Call, concat); il.Emit(OpCodes.Ret);
                var outer = Make("len" + i, typeof(int), typeof(int));
                il = outer.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, inner);
                il.Emit(OpCodes.Callvirt, length); il.Emit(OpCodes.Ret);
                sum += ((IntOp)outer.CreateDelegate(typeof(IntOp)))(i);
                break;
            }
            case 2: {
                // A catch clause: -1 when Check throws.
                var dm = Make("guard" + i, typeof(int), typeof(int));
                var il = dm.GetILGenerator();
                var r = il.DeclareLocal(typeof(int));
                il.BeginExceptionBlock();
                il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, check); il.Emit(OpCodes.Stloc, r);
                il.BeginCatchBlock(typeof(ArithmeticException));
                il.Emit(OpCodes.Pop); il.Emit(OpCodes.Ldc_I4_M1); il.Emit(OpCodes.Stloc, r);
                il.EndExceptionBlock();
                il.Emit(OpCodes.Ldloc, r); il.Emit(OpCodes.Ret);
                sum += ((IntOp)dm.CreateDelegate(typeof(IntOp)))(i);
                break;
            }
            default: {
                var dm = Make("add" + i, typeof(int), typeof(int));
                var il = dm.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4, i); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
                sum += (int)dm.Invoke(null, new object[] { 2 });
                break;
            }
            }
            if (i % 10000 == 0) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        }
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        Console.WriteLine(sum);
        return 0;
    }
}
