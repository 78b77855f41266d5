// stats
// A dynamic method stays alive while a delegate to it (or a dynamic method
// calling it) is reachable, even when its DynamicMethod object is not, and
// while it runs a collection itself; all are freed at the end (--stats).
using System;
using System.Collections.Generic;
using System.Reflection.Emit;

public static class Program {
    public delegate int IntOp(int x);

    static DynamicMethod Adder(int k) {
        var dm = new DynamicMethod("add" + k, typeof(int), new[] { typeof(int) }, typeof(Program).Module);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4, k); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
        return dm;
    }

    // Only the delegate survives this call.
    static IntOp Make(int k) { return (IntOp)Adder(k).CreateDelegate(typeof(IntOp)); }

    // Only the outer method's delegate survives; the inner method is reachable
    // through the outer one's token table.
    static IntOp Nested(int k) {
        var inner = Adder(k);
        var outer = new DynamicMethod("twice" + k, typeof(int), new[] { typeof(int) }, typeof(Program).Module);
        var il = outer.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, inner); il.Emit(OpCodes.Call, inner); il.Emit(OpCodes.Ret);
        return (IntOp)outer.CreateDelegate(typeof(IntOp));
    }

    // A delegate made inside IL (ldftn + newobj) to a normal method; ldftn
    // cannot name a dynamic method.
    public static int Triple(int x) { return 3 * x; }
    static Func<int, int> ViaLdftn(int k) {
        var maker = new DynamicMethod("maker" + k, typeof(Func<int, int>), Type.EmptyTypes, typeof(Program).Module);
        var il = maker.GetILGenerator();
        try {
            il.Emit(OpCodes.Ldftn, Adder(k));
        } catch (ArgumentException e) {
            if (k == 0) Console.WriteLine(e.Message);
        }
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Ldftn, typeof(Program).GetMethod("Triple"));
        il.Emit(OpCodes.Newobj, typeof(Func<int, int>).GetConstructor(new[] { typeof(object), typeof(IntPtr) }));
        il.Emit(OpCodes.Ret);
        return ((Func<Func<int, int>>)maker.CreateDelegate(typeof(Func<Func<int, int>>)))();
    }

    static void Collect() {
        for (int i = 0; i < 3; i++) {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        // Garbage to make the collector run on its own too.
        for (int i = 0; i < 20000; i++) new object[4].GetHashCode();
    }

    static void Main() {
        var ops = new List<IntOp>();
        for (int k = 0; k < 50; k++) ops.Add(k % 2 == 0 ? Make(k) : Nested(k));
        Collect();
        long sum = 0;
        foreach (var op in ops) sum += op(1000);
        Console.WriteLine("after collection: " + sum);
        var made = new List<Func<int, int>>();
        for (int k = 0; k < 10; k++) made.Add(ViaLdftn(k));
        Collect();
        sum = 0;
        foreach (var f in made) sum += f(1);
        Console.WriteLine("made in IL: " + sum);
        made.Clear();
        // Calls that collect while the dynamic method runs.
        var dm = new DynamicMethod("collecting", typeof(int), new[] { typeof(int) }, typeof(Program).Module);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Call, typeof(Program).GetMethod("Collect", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static));
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_2); il.Emit(OpCodes.Mul); il.Emit(OpCodes.Ret);
        Console.WriteLine("while running: " + ((IntOp)dm.CreateDelegate(typeof(IntOp)))(21));
        dm = null;
        ops.Clear();
        Collect();
        Console.WriteLine("done");
    }
}
