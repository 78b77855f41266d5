using System;
class P {
    static void Main() {
        long a = 1234567890123L, b = -987654321L;
        Console.WriteLine(a + b); Console.WriteLine(a - b); Console.WriteLine(a * 3); Console.WriteLine(a / b); Console.WriteLine(a % b);
        Console.WriteLine(a << 5); Console.WriteLine(b >> 3); Console.WriteLine((ulong)b >> 3);
        ulong u = ulong.MaxValue; Console.WriteLine(u); Console.WriteLine(u / 10); Console.WriteLine(u % 10); Console.WriteLine(u - 1);
        Console.WriteLine(long.MinValue); Console.WriteLine(long.MaxValue);
        long m = long.MaxValue; m++; Console.WriteLine(m);
        Console.WriteLine((int)a); Console.WriteLine((short)a); Console.WriteLine((byte)a); Console.WriteLine((uint)b);
        int i = -5; long l = i; ulong ul = (ulong)(uint)i; Console.WriteLine(l); Console.WriteLine(ul);
    }
}
