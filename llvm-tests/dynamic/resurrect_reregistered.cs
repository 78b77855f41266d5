// Finalizers run again after GC.ReRegisterForFinalize, or registered again
// while the object is alive, that bring delegates to dynamic methods back
// to life: the methods, finalized in the same collection, must stay
// callable. (Whether a given finalizer has run yet depends on the
// collector, so only the calls' results are printed.)
using System;
using System.Collections.Generic;
using System.Reflection.Emit;

public static class Program {
    public delegate int IntOp(int x);

    public static List<IntOp> Revived = new List<IntOp>();

    // Registered again in its constructor: its only finalization goes
    // through the re-registration.
    class EagerReviver {
        public IntOp Op;
        public EagerReviver(IntOp op) { Op = op; GC.ReRegisterForFinalize(this); }
        ~EagerReviver() { lock (Revived) Revived.Add(Op); }
    }

    // Finalized twice: the first run asks for the second, which revives.
    class SecondChanceReviver {
        public IntOp Op;
        bool again;
        ~SecondChanceReviver() {
            if (!again) { again = true; GC.ReRegisterForFinalize(this); return; }
            lock (Revived) Revived.Add(Op);
        }
    }

    static IntOp Make(int k) {
        var dm = new DynamicMethod("add" + k, typeof(int), new[] { typeof(int) }, typeof(Program).Module);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4, k); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret);
        return (IntOp)dm.CreateDelegate(typeof(IntOp));
    }

    static void MakeEager(int n) {
        for (int k = 0; k < n; k++) new EagerReviver(Make(k));
    }

    static void MakeSecondChance(int n) {
        for (int k = 0; k < n; k++) new SecondChanceReviver { Op = Make(k) };
    }

    static void Collect() {
        for (int round = 0; round < 6; round++) {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Churn(100);
            for (int i = 0; i < 20000; i++) new object[4].GetHashCode();
        }
    }

    // Dynamic methods made and dropped, so that freed memory gets reused.
    static int Churn(int n) {
        int sum = 0;
        for (int k = 0; k < n; k++) sum += Make(k)(1);
        return sum;
    }

    static void Main() {
        // One kind at a time: a batch of finalizers holding only
        // re-registered ones is what must still keep the methods.
        MakeEager(150);
        Collect();
        MakeSecondChance(150);
        Collect();
        int bad = 0;
        lock (Revived) {
            foreach (var op in Revived) {
                int k = op(0);
                if (op(1) != k + 1 || k < 0 || k >= 150) bad++;
            }
        }
        Console.WriteLine("churn " + Churn(10));
        Console.WriteLine("revived delegates all work: " + (bad == 0));
    }
}
