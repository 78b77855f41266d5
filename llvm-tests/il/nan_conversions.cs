// Conversions of NaN and out-of-range doubles, unchecked and checked.
using System;

class NanConversions {
    static double Value(int k) {
        switch (k) {
            case 0: return double.NaN;
            case 1: return double.PositiveInfinity;
            case 2: return double.NegativeInfinity;
            case 3: return 1e30;
            case 4: return -1e30;
            case 5: return -1.5;
            default: return 3.99;
        }
    }

    static int Main() {
        for (int k = 0; k < 7; k++) {
            double d = Value(k);
            float f = (float)d;
            Console.WriteLine("{0}: ulong {1} long {2} uint {3} int {4}", k, unchecked((ulong)d), unchecked((long)d), unchecked((uint)d), unchecked((int)d));
            Console.WriteLine("   ushort {0} short {1} byte {2} sbyte {3} char {4}", unchecked((ushort)d), unchecked((short)d), unchecked((byte)d), unchecked((sbyte)d), (int)unchecked((char)d));
            Console.WriteLine("   from float: ulong {0} long {1} uint {2} int {3}", unchecked((ulong)f), unchecked((long)f), unchecked((uint)f), unchecked((int)f));
            try { Console.WriteLine("   checked ulong " + checked((ulong)d)); } catch (OverflowException) { Console.WriteLine("   checked ulong overflow"); }
            try { Console.WriteLine("   checked int " + checked((int)d)); } catch (OverflowException) { Console.WriteLine("   checked int overflow"); }
        }
        return 0;
    }
}
