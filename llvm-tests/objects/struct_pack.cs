// mcs: -unsafe
using System;
using System.Runtime.InteropServices;
unsafe class P {
  [StructLayout(LayoutKind.Sequential, Size=102)] struct D { }
  [StructLayout(LayoutKind.Sequential, Pack=1)] struct NB { public int a, b, c; public D d; public char* p;
     public char* digits { get { fixed (D* q = &d) return (char*)q; } } }
  static void Fill(ref NB n) { n.a = 1; n.b = 2; n.c = 3; char* q = n.digits; q[0] = 'h'; q[1] = 'i'; q[50] = 'z'; n.p = q; }
  static void Main() {
    NB n = new NB();
    int guard = 12345;
    Fill(ref n);
    Console.WriteLine(sizeof(NB));
    Console.WriteLine(n.a + n.b + n.c);
    Console.WriteLine(new string(n.p, 0, 2));
    Console.WriteLine(n.digits[50]);
    Console.WriteLine(guard);
    NB m = n; Console.WriteLine(m.digits[50]); Console.WriteLine((long)m.p - (long)n.p);
  } }
