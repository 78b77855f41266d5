// native: marshal.c
// SafeHandles: a result becomes a new instance of the declared class
// holding the handle; a parameter passes its handle, referenced for the
// call; a disposed handle is refused (ObjectDisposedException) and null is
// an ArgumentNullException. Dispose and the finalizer release the handle once.
using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

class CounterHandle : SafeHandleZeroOrMinusOneIsInvalid {
    public CounterHandle() : base(true) {}
    protected override bool ReleaseHandle() { return Native.counter_close(handle) != 0; }
}

static class Native {
    [DllImport("marshal")] public static extern CounterHandle counter_open(int start);
    [DllImport("marshal")] public static extern int counter_next(CounterHandle h);
    [DllImport("marshal")] public static extern int counter_close(IntPtr h);
    [DllImport("marshal")] public static extern int counters_open();
}

class Program {
    static void Main() {
        CounterHandle a = Native.counter_open(10), b = Native.counter_open(100);
        Console.WriteLine(a.GetType().Name + " " + a.IsInvalid + " " + a.IsClosed + " " + Native.counters_open());
        Console.WriteLine(Native.counter_next(a) + " " + Native.counter_next(a) + " " + Native.counter_next(b));
        Console.WriteLine((long)a.DangerousGetHandle() + " " + (long)b.DangerousGetHandle());
        a.Dispose();
        Console.WriteLine(a.IsClosed + " " + Native.counters_open());
        try {
            Native.counter_next(a);
        } catch (ObjectDisposedException) {
            Console.WriteLine("disposed");
        }
        try {
            Native.counter_next(null);
        } catch (ArgumentNullException) {
            Console.WriteLine("null");
        }
        a.Dispose();
        using (b) Console.WriteLine(Native.counter_next(b));
        Console.WriteLine(Native.counters_open());
        // Many handles, dropped and finalized: each released once.
        for (int i = 0; i < 1000; i++) {
            using (CounterHandle h = Native.counter_open(i)) {
                if (Native.counter_next(h) != i) Console.WriteLine("wrong value");
            }
        }
        Console.WriteLine(Native.counters_open());
    }
}
