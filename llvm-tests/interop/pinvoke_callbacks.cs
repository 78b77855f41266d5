// P/Invoke into libc and libm (scalars, arrays by data pointer) and native
// code calling managed delegates: static, closed over a target, and a
// closure; the same delegate marshalled many times gets one trampoline.
using System;
using System.Runtime.InteropServices;

class Program {
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int Compare(IntPtr a, IntPtr b);

    [DllImport("libc.so.6")] static extern void qsort(int[] data, UIntPtr count, UIntPtr size, Compare cmp);
    [DllImport("libc.so.6", EntryPoint = "qsort")] static extern void qsortLongs(long[] data, UIntPtr count, UIntPtr size, Compare cmp);
    [DllImport("libc.so.6")] static extern int abs(int x);
    [DllImport("libc.so.6")] static extern long labs(long x);
    [DllImport("libm.so.6")] static extern double sqrt(double x);
    [DllImport("libm.so.6")] static extern float sqrtf(float x);

    static int Ascending(IntPtr a, IntPtr b) {
        int x = Marshal.ReadInt32(a), y = Marshal.ReadInt32(b);
        return x < y ? -1 : (x > y ? 1 : 0);
    }

    int calls;
    int Descending(IntPtr a, IntPtr b) {
        calls++;
        long x = Marshal.ReadInt64(a), y = Marshal.ReadInt64(b);
        return x < y ? 1 : (x > y ? -1 : 0);
    }

    static string Show(int[] a) { return string.Join(",", a); }

    static void Main() {
        Console.WriteLine(abs(-42) + " " + labs(-1234567890123L) + " " + sqrt(2.0).ToString("F6") + " " + sqrtf(9f));
        int[] data = { 5, -3, 9, 0, 12, -7, 3, 3, 100, -100 };
        Compare asc = Ascending;
        qsort(data, (UIntPtr)data.Length, (UIntPtr)4, asc);
        Console.WriteLine(Show(data));
        qsort(data, (UIntPtr)0, (UIntPtr)4, asc);
        Console.WriteLine(Show(data));

        var p = new Program();
        long[] longs = new long[200];
        for (int i = 0; i < longs.Length; i++) longs[i] = (i * 7919L) % 1009 - 500;
        qsortLongs(longs, (UIntPtr)longs.Length, (UIntPtr)8, p.Descending);
        Console.WriteLine(longs[0] + " " + longs[199] + " " + (p.calls > 0));

        int threshold = 4;
        int seen = 0;
        Compare byDistance = (a, b) => {
            seen++;
            int x = Math.Abs(Marshal.ReadInt32(a) - threshold), y = Math.Abs(Marshal.ReadInt32(b) - threshold);
            return x.CompareTo(y);
        };
        int[] near = { 10, 4, -2, 7, 5, 3, 1 };
        for (int round = 0; round < 3; round++) qsort(near, (UIntPtr)near.Length, (UIntPtr)4, byDistance);
        Console.WriteLine(near[0] + " " + near[near.Length - 1] + " " + (seen > 0));
        GC.KeepAlive(asc);
        GC.KeepAlive(byDistance);
    }
}
