// mcs: -unsafe
using System;
unsafe struct Buf { public fixed int Data[4]; }
class P {
    static unsafe void Main() {
        int* p = stackalloc int[10];
        for (int i = 0; i < 10; i++) p[i] = i * i;
        int s = 0; for (int i = 0; i < 10; i++) s += p[i];
        Console.WriteLine(s);
        Console.WriteLine(sizeof(int) + sizeof(long) + sizeof(byte) + sizeof(double) + sizeof(char));
        int[] arr = { 10, 20, 30 };
        fixed (int* q = arr) { q[1] = 99; Console.WriteLine(*(q + 2)); }
        Console.WriteLine(arr[1]);
        string str = "hello";
        fixed (char* c = str) Console.WriteLine(c[1]);
        long v = 0x0102030405060708; byte* b = (byte*)&v; Console.WriteLine(b[0] + " " + b[7]);
        Buf buf; buf.Data[2] = 5; Console.WriteLine(buf.Data[2]);
        double d = 1.5; long bits = *(long*)&d; Console.WriteLine(bits);
    }
}
