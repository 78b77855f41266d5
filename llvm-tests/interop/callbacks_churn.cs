// stats
// Churns 60,000 delegates of two C signatures through native code: a
// window of the most recent 1,000 stays reachable (their function pointers
// are called again later), the rest are dropped; at the end none is
// reachable, and the harness checks through `--stats` that every callback
// thunk was given back.
using System;
using System.Runtime.InteropServices;

class Counter {
    public int Hits;
    public int Less(IntPtr a, IntPtr b) { Hits++; return Marshal.ReadInt32(a).CompareTo(Marshal.ReadInt32(b)); }
}

class Program {
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int Compare(IntPtr a, IntPtr b);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int Visit(IntPtr info, UIntPtr size, IntPtr data);

    [DllImport("libc.so.6")] static extern void qsort(int[] data, UIntPtr count, UIntPtr size, Compare cmp);
    [DllImport("libc.so.6", EntryPoint = "qsort")] static extern void qsortPtr(int[] data, UIntPtr count, UIntPtr size, IntPtr cmp);
    [DllImport("libc.so.6")] static extern int dl_iterate_phdr(Visit visit, IntPtr data);

    const int Window = 1000;

    static long Churn() {
        Compare[] kept = new Compare[Window];
        IntPtr[] pointers = new IntPtr[Window];
        int[] data = new int[3];
        long checksum = 0;
        for (int i = 0; i < 30000; i++) {
            int slot = i % Window;
            // Before the window moves on, the pointer given out earlier
            // still calls the delegate it was made for.
            if (kept[slot] != null) {
                data[0] = 3; data[1] = 1; data[2] = 2;
                qsortPtr(data, (UIntPtr)3, (UIntPtr)4, pointers[slot]);
                checksum += data[0] * 100 + data[1] * 10 + data[2];
            }
            var counter = new Counter();
            Compare cmp = i % 3 == 0 ? new Compare(counter.Less) : (a, b) => { counter.Hits += 2; return Marshal.ReadInt32(b).CompareTo(Marshal.ReadInt32(a)); };
            kept[slot] = cmp;
            pointers[slot] = Marshal.GetFunctionPointerForDelegate(cmp);
            data[0] = i % 5; data[1] = i % 7; data[2] = i % 3;
            qsort(data, (UIntPtr)3, (UIntPtr)4, cmp);
            int tag = i + 1;
            checksum += dl_iterate_phdr((info, size, d) => (int)d == tag ? tag % 1000 : -1, (IntPtr)tag);
            checksum = (checksum * 17 + data[0] * 9 + data[2] + counter.Hits) % 1000000007;
            if (i % 5000 == 4999) GC.Collect();
        }
        return checksum;
    }

    static void Main() {
        Console.WriteLine(Churn());
    }
}
