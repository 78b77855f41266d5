using System;
class P {
    static void Try(Func<long> f, string what) {
        try { Console.WriteLine(what + " = " + f()); } catch (OverflowException e) { Console.WriteLine(what + ": " + e.GetType().Name + ": " + e.Message); }
    }
    static void Main() {
        int big = int.MaxValue, small = int.MinValue;
        Try(() => checked(big + 1), "int add");
        Try(() => checked(small - 1), "int sub");
        Try(() => checked(big * 2), "int mul");
        Try(() => checked(-small), "int neg");
        long lb = long.MaxValue;
        Try(() => checked(lb + 1), "long add");
        Try(() => checked(lb * lb), "long mul");
        uint u = 0;
        Try(() => checked(u - 1), "uint sub");
        ulong ul = ulong.MaxValue;
        Try(() => (long)checked(ul + 1), "ulong add");
        long l3 = 3000000000L; int i300 = 300, im129 = -129, im1 = -1, i70000 = 70000; double dok = 2147483647.5, dm1 = -1.0;
        Try(() => checked((int)l3), "conv.ovf.i4");
        Try(() => checked((byte)i300), "conv.ovf.u1");
        Try(() => checked((sbyte)im129), "conv.ovf.i1");
        Try(() => checked((uint)im1), "conv.ovf.u4");
        Try(() => checked((ushort)i70000), "conv.ovf.u2");
        double d = 1e20;
        Try(() => checked((long)d), "double to long");
        Try(() => checked((int)dok), "double to int ok");
        Try(() => (long)checked((ulong)dm1), "double to ulong");
        Try(() => checked((int)big), "no overflow");
    }
}
