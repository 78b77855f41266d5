using System;
class P {
    static void Main() {
        double[] ds = { 0.0, -0.5, 1.5, -1.5, 2.5, 1e10, -1e10, 123.999 };
        foreach (double d in ds) {
            Console.WriteLine("{0}: i4={1} i8={2} u1={3} i2={4} f={5}", d, (int)d, (long)d, unchecked((byte)(int)d), unchecked((short)(int)d), (float)d);
        }
        int i = -1;
        Console.WriteLine((uint)i); Console.WriteLine((ulong)i); Console.WriteLine((ulong)(uint)i); Console.WriteLine((char)65); Console.WriteLine((int)'z');
        Console.WriteLine((double)long.MaxValue); Console.WriteLine((double)ulong.MaxValue); Console.WriteLine((float)int.MaxValue);
        Console.WriteLine((double)uint.MaxValue); Console.WriteLine((long)(double)(1L << 53));
        byte b = 200; sbyte sb = (sbyte)b; Console.WriteLine(sb); Console.WriteLine((int)sb); Console.WriteLine((ushort)sb);
        float f = 3.75f; Console.WriteLine((int)f); Console.WriteLine((double)f);
        char c = 'A'; c++; Console.WriteLine(c); Console.WriteLine(c + 1); Console.WriteLine((char)(c + 1));
    }
}
