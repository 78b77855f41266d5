// Delegates of two C signatures (qsort's comparison, dl_iterate_phdr's
// visitor) made, handed to C and dropped in turn, with collections between
// rounds: a new delegate at a collected one's address must get a thunk of
// its own signature, calling itself. Also: GetFunctionPointerForDelegate
// gives one pointer per delegate, and a delegate type with the same C
// signature as another shares its handler.
using System;
using System.Runtime.InteropServices;

class Program {
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int Compare(IntPtr a, IntPtr b);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int Order(IntPtr a, IntPtr b);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int Visit(IntPtr info, UIntPtr size, IntPtr data);

    [DllImport("libc.so.6")] static extern void qsort(int[] data, UIntPtr count, UIntPtr size, Compare cmp);
    [DllImport("libc.so.6", EntryPoint = "qsort")] static extern void qsortPtr(int[] data, UIntPtr count, UIntPtr size, IntPtr cmp);
    [DllImport("libc.so.6")] static extern int dl_iterate_phdr(Visit visit, IntPtr data);

    static int wrong;

    static void Main() {
        long checksum = 0;
        int[] data = new int[4];
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 500; i++) {
                int tag = round * 1000 + i + 1;
                int calls = 0;
                // Orders by value, ties by nothing; counts its calls.
                Compare cmp = (a, b) => { calls++; return Marshal.ReadInt32(a).CompareTo(Marshal.ReadInt32(b)); };
                // Stops the walk at once, returning its tag; the data C
                // passes back must be the tag too.
                Visit visit = (info, size, d) => { if ((int)d != tag) wrong++; return tag; };
                for (int k = 0; k < data.Length; k++) data[k] = (tag * 7 + k * 13) % 10;
                if (i % 2 == 0) {
                    qsort(data, (UIntPtr)data.Length, (UIntPtr)4, cmp);
                    checksum += dl_iterate_phdr(visit, (IntPtr)tag);
                } else {
                    checksum += dl_iterate_phdr(visit, (IntPtr)tag);
                    qsort(data, (UIntPtr)data.Length, (UIntPtr)4, cmp);
                }
                if (calls == 0) wrong++;
                for (int k = 1; k < data.Length; k++) if (data[k - 1] > data[k]) wrong++;
                checksum = (checksum * 31 + data[0] + data[3]) % 1000000007;
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Console.WriteLine(checksum + " " + wrong);

        int seen = 0;
        Compare counted = (a, b) => { seen++; return Marshal.ReadInt32(b).CompareTo(Marshal.ReadInt32(a)); };
        IntPtr p = Marshal.GetFunctionPointerForDelegate(counted);
        Console.WriteLine(p != IntPtr.Zero && p == Marshal.GetFunctionPointerForDelegate(counted));
        int[] more = { 3, 1, 4, 1, 5, 9, 2, 6 };
        qsortPtr(more, (UIntPtr)more.Length, (UIntPtr)4, p);
        Console.WriteLine(string.Join(",", more) + " " + (seen > 0));
        GC.KeepAlive(counted);

        Order order = (a, b) => Marshal.ReadInt32(a).CompareTo(Marshal.ReadInt32(b));
        qsortPtr(more, (UIntPtr)more.Length, (UIntPtr)4, Marshal.GetFunctionPointerForDelegate(order));
        Console.WriteLine(string.Join(",", more));
        GC.KeepAlive(order);
    }
}
