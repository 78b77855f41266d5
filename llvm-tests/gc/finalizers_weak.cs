using System;
using System.Runtime.CompilerServices;
class F { public static int Finalized; ~F() { Finalized++; } }
class P {
    [MethodImpl(MethodImplOptions.NoInlining)]
    static WeakReference Make() { return new WeakReference(new object()); }
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Churn() { for (int i = 0; i < 1000; i++) new F(); }
    static void Main() {
        object keep = new object();
        WeakReference strong = new WeakReference(keep);
        Churn();
        for (int i = 0; i < 5 && F.Finalized == 0; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        Console.WriteLine("finalized some: " + (F.Finalized > 0));
        Console.WriteLine("alive: " + strong.IsAlive + " " + (strong.Target == keep));
        GC.KeepAlive(keep);
        long mem = GC.GetTotalMemory(false); Console.WriteLine("memory positive: " + (mem > 0));
        var arrays = new byte[200][]; for (int i = 0; i < arrays.Length; i++) arrays[i] = new byte[100000]; Console.WriteLine(arrays[199].Length);
        Console.WriteLine(GC.MaxGeneration >= 0);
        var wr = new WeakReference<string>("literal"); string t; Console.WriteLine(wr.TryGetTarget(out t) + " " + t);
    }
}
