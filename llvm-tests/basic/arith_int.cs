using System;
class P {
    static void Main() {
        int a = 17, b = 5, c = -17;
        Console.WriteLine(a + b); Console.WriteLine(a - b); Console.WriteLine(a * b); Console.WriteLine(a / b); Console.WriteLine(a % b);
        Console.WriteLine(c / b); Console.WriteLine(c % b); Console.WriteLine(-c); Console.WriteLine(a << 3); Console.WriteLine(c >> 2);
        Console.WriteLine((uint)c >> 2); Console.WriteLine(a & b); Console.WriteLine(a | b); Console.WriteLine(a ^ b); Console.WriteLine(~a);
        uint u = 4000000000; Console.WriteLine(u / 3); Console.WriteLine(u % 7); Console.WriteLine(u + u);
        short s = 30000; s += 10000; Console.WriteLine(s);
        byte by = 250; by += 10; Console.WriteLine(by);
        sbyte sb = -128; sb--; Console.WriteLine(sb);
        ushort us = 0; us--; Console.WriteLine(us);
        int max = int.MaxValue; max++; Console.WriteLine(max);
        int m1 = -1; try { Console.WriteLine(int.MinValue / m1); } catch (OverflowException) { Console.WriteLine("overflow"); }
    }
}
