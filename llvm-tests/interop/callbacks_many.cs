// stats
// 100,000 distinct delegates (lambdas capturing a local), each handed to
// libc's qsort once: every one needs a native function pointer of its own,
// and the ones already collected give theirs back (`--stats`: none is left
// at the end). An argument changes the count.
using System;
using System.Runtime.InteropServices;

class Program {
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int Compare(IntPtr a, IntPtr b);

    [DllImport("libc.so.6")] static extern void qsort(int[] data, UIntPtr count, UIntPtr size, Compare cmp);

    static void Main(string[] args) {
        int count = args.Length > 0 ? int.Parse(args[0]) : 100000;
        long checksum = 0;
        int[] data = new int[5];
        for (int i = 0; i < count; i++) {
            int pivot = i % 7;
            for (int k = 0; k < data.Length; k++) data[k] = (i * 31 + k * 17) % 11;
            // Orders by distance to `pivot`, captured: each delegate is new.
            Compare byDistance = (a, b) => {
                int x = Math.Abs(Marshal.ReadInt32(a) - pivot), y = Math.Abs(Marshal.ReadInt32(b) - pivot);
                return x != y ? x.CompareTo(y) : Marshal.ReadInt32(a).CompareTo(Marshal.ReadInt32(b));
            };
            qsort(data, (UIntPtr)data.Length, (UIntPtr)4, byDistance);
            for (int k = 0; k < data.Length; k++) checksum = checksum * 31 + data[k] + 1;
            checksum %= 1000000007;
        }
        Console.WriteLine(checksum);
    }
}
