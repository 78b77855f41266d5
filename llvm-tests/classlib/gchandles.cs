// GCHandle kinds (Normal, Pinned, Weak), retargeting, freeing and reuse,
// AddrOfPinnedObject of arrays and strings, and Marshal.Copy both ways.
using System;
using System.Runtime.InteropServices;

class P {
    static int Main() {
        var data = new int[] { 10, 20, 30, 40 };
        GCHandle pinned = GCHandle.Alloc(data, GCHandleType.Pinned);
        IntPtr p = pinned.AddrOfPinnedObject();
        Console.WriteLine(Marshal.ReadInt32(p, 8));
        var back = new int[3];
        Marshal.Copy(p, back, 0, 3);
        Console.WriteLine(string.Join(",", back));
        Marshal.Copy(new int[] { 7, 8 }, 0, p, 2);
        Console.WriteLine(string.Join(",", data));
        pinned.Free();
        Console.WriteLine(pinned.IsAllocated);

        var s = "text";
        GCHandle ps = GCHandle.Alloc(s, GCHandleType.Pinned);
        Console.WriteLine((char)Marshal.ReadInt16(ps.AddrOfPinnedObject(), 2));
        ps.Free();

        object o = new object();
        GCHandle normal = GCHandle.Alloc(o);
        Console.WriteLine(ReferenceEquals(normal.Target, o));
        normal.Target = "other";
        Console.WriteLine(normal.Target);
        IntPtr raw = GCHandle.ToIntPtr(normal);
        Console.WriteLine(GCHandle.FromIntPtr(raw).Target);
        try { normal.AddrOfPinnedObject(); } catch (InvalidOperationException) { Console.WriteLine("not pinned"); }
        normal.Free();

        GCHandle weak = GCHandle.Alloc(o, GCHandleType.Weak);
        Console.WriteLine(weak.Target == o);
        weak.Free();

        int total = 0;
        for (int i = 0; i < 1000; i++) {
            var h = GCHandle.Alloc(i);
            total += (int)h.Target;
            h.Free();
        }
        Console.WriteLine(total);
        return data[0];
    }
}
