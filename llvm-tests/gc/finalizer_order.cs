using System;
using System.Runtime.CompilerServices;
class Tracked { public static int Created, Finalized; public Tracked() { Created++; } ~Tracked() { Finalized++; } }
class Res : IDisposable { public bool Disposed; public void Dispose() { Disposed = true; GC.SuppressFinalize(this); } ~Res() { Console.WriteLine("never printed: suppressed"); } }
class P {
    [MethodImpl(MethodImplOptions.NoInlining)] static void Make(int n) { for (int i = 0; i < n; i++) new Tracked(); }
    static void Main() {
        Make(5000);
        for (int i = 0; i < 5; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
        Console.WriteLine(Tracked.Created + " created, most finalized: " + (Tracked.Finalized > 2500));
        using (var r = new Res()) { }
        GC.Collect(); GC.WaitForPendingFinalizers();
        Console.WriteLine("done");
    }
}
