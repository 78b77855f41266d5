// A finalizable object whose finalizer brings delegates to dynamic methods
// back to life: the methods, finalized in the same collection, must stay
// callable. (Whether a given finalizer has run yet depends on the
// collector, so only the calls' results are printed.)
using System;
using System.Collections.Generic;
using System.Reflection.Emit;

public static class Program {
    public delegate int IntOp(int x);

    class Reviver {
        public IntOp Op;
        public static List<IntOp> Revived = new List<IntOp>();
        ~Reviver() { lock (Revived) Revived.Add(Op); }
    }

    static IntOp Make(int k) {
        var dm = new DynamicMethod("add" + k, typeof(int), new[] { typeof(int) }, typeof(Program).Module);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4, k); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
        return (IntOp)dm.CreateDelegate(typeof(IntOp));
    }

    static void MakeRevivers(int n) {
        for (int k = 0; k < n; k++) new Reviver { Op = Make(k) };
    }

    static void Main() {
        MakeRevivers(200);
        for (int round = 0; round < 4; round++) {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            // Garbage, so that the collector also runs on its own.
            for (int i = 0; i < 20000; i++) new object[4].GetHashCode();
        }
        int bad = 0;
        lock (Reviver.Revived) {
            foreach (var op in Reviver.Revived) {
                int k = op(0);
                if (op(1) != k + 1 || k < 0 || k >= 200) bad++;
            }
        }
        Console.WriteLine("revived delegates all work: " + (bad == 0));
    }
}
