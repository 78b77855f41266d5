using System;
using System.Runtime.InteropServices;
struct V { public int X, Y; public V(int x, int y) { X = x; Y = y; } public V Add(V o) { return new V(X + o.X, Y + o.Y); } public override string ToString() { return "(" + X + "," + Y + ")"; } }
struct Big { public long A, B, C, D; public double E; }
[StructLayout(LayoutKind.Explicit)] struct U { [FieldOffset(0)] public int I; [FieldOffset(0)] public float F; [FieldOffset(0)] public byte B0; [FieldOffset(3)] public byte B3; }
struct Nested { public V P; public Big Q; }
class P {
    static V Twice(V v) { v.X *= 2; v.Y *= 2; return v; }
    static void Mutate(ref V v) { v.X = 100; }
    static void Main() {
        V a = new V(1, 2), b = a; b.X = 9; Console.WriteLine(a + " " + b);
        Console.WriteLine(a.Add(b)); Console.WriteLine(Twice(a) + " " + a); Mutate(ref a); Console.WriteLine(a);
        V[] arr = new V[3]; arr[1].X = 5; arr[2] = new V(7, 8); Console.WriteLine(arr[0] + " " + arr[1] + " " + arr[2]);
        Big g = new Big(); g.A = 1; g.D = 4; g.E = 2.5; Big h = g; h.A = 10; Console.WriteLine(g.A + h.A + g.D + " " + h.E);
        U u = new U(); u.F = 1.0f; Console.WriteLine(u.I.ToString("X") + " " + u.B3.ToString("X") + " " + u.B0);
        Nested n = new Nested(); n.P.Y = 3; n.Q.C = 7; Nested m = n; m.P.Y = 4; Console.WriteLine(n.P.Y + " " + m.P.Y + " " + m.Q.C);
        object boxed = a; V un = (V)boxed; un.Y = 50; Console.WriteLine(boxed + " " + un);
        Console.WriteLine(a.Equals(new V(100, 2)) + " " + a.Equals(b) + " " + (a.GetHashCode() == new V(100, 2).GetHashCode()));
        Console.WriteLine(default(V)); Console.WriteLine(new V());
    }
}
