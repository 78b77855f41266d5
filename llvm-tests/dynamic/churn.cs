// stats
// Creates, calls and drops 200,000 dynamic methods (some with closures and
// strings); the harness checks through `--stats` that every one was freed.
using System;
using System.Reflection.Emit;

public static class Program {
    delegate int IntOp(int x);
    delegate string StrOp(int x);
    class Box { public int V; }

    static int Main(string[] args) {
        int n = args.Length > 0 ? int.Parse(args[0]) : 200000;
        long sum = 0;
        var field = typeof(Box).GetField("V");
        var concat = typeof(string).GetMethod("Concat", new[] { typeof(object), typeof(object) });
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                // A closure over a target object reading its field.
                var dm = new DynamicMethod("get" + i, typeof(int), new[] { typeof(Box), typeof(int) }, typeof(Program).Module);
                var il = dm.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldfld, field);
                il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
                var f = (IntOp)dm.CreateDelegate(typeof(IntOp), new Box { V = i });
                sum += f(1);
            } else if (i % 3 == 1) {
                var dm = new DynamicMethod("str" + i, typeof(string), new[] { typeof(int) }, typeof(Program).Module);
                var il = dm.GetILGenerator();
                il.Emit(OpCodes.Ldstr, "n");
                il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Box, typeof(int));
                il.Emit(OpCodes.Call, concat); il.Emit(OpCodes.Ret);
                sum += ((StrOp)dm.CreateDelegate(typeof(StrOp)))(i).Length;
            } else {
                var dm = new DynamicMethod("add" + i, typeof(int), new[] { typeof(int) }, typeof(Program).Module);
                var il = dm.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4, i); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
                sum += (int)dm.Invoke(null, new object[] { 2 });
            }
            if (i % 50000 == 0) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        }
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        Console.WriteLine(sum);
        return 0;
    }
}
