// native: marshal.c
// Blittable structs by value, as parameters and results, classified as the
// x86-64 System V ABI does: integer and float eightbytes in registers,
// larger structs in memory (copied to the stack, results through a
// caller's buffer), and arguments that no longer fit in registers.
using System;
using System.Runtime.InteropServices;

[StructLayout(LayoutKind.Sequential)]
struct Point { public int X, Y; }
[StructLayout(LayoutKind.Sequential)]
struct Rect { public Point Lo, Hi; }
[StructLayout(LayoutKind.Sequential)]
struct Mixed { public double D; public int I; public float F; }
[StructLayout(LayoutKind.Sequential)]
struct Floats3 { public float A, B, C; }
[StructLayout(LayoutKind.Sequential)]
struct Big { public long A, B, C; public int D; }
[StructLayout(LayoutKind.Sequential)]
struct Bytes3 { public byte A, B, C; }

class Program {
    [DllImport("marshal")] static extern Point point_add(Point a, Point b);
    [DllImport("marshal")] static extern Rect rect_grow(Rect r, int by);
    [DllImport("marshal")] static extern double mixed_sum(Mixed m);
    [DllImport("marshal")] static extern Mixed mixed_make(double d, int i, float f);
    [DllImport("marshal")] static extern Floats3 floats3_scale(Floats3 v, float k);
    [DllImport("marshal")] static extern long big_sum(Big b);
    [DllImport("marshal")] static extern Big big_make(long seed);
    [DllImport("marshal")] static extern int bytes3_sum(Bytes3 b, int extra);
    [DllImport("marshal")] static extern long many(int a, int b, int c, int d, Point p, Point q, int e, Big g);

    static void Main() {
        Point p = point_add(new Point { X = 1, Y = 2 }, new Point { X = 30, Y = 40 });
        Console.WriteLine(p.X + " " + p.Y);
        Rect r = rect_grow(new Rect { Lo = new Point { X = 5, Y = 6 }, Hi = new Point { X = 10, Y = 12 } }, 2);
        Console.WriteLine(r.Lo.X + " " + r.Lo.Y + " " + r.Hi.X + " " + r.Hi.Y);
        Console.WriteLine(mixed_sum(new Mixed { D = 0.5, I = 10, F = 0.25f }));
        Mixed m = mixed_make(1.5, -3, 2.5f);
        Console.WriteLine(m.D + " " + m.I + " " + m.F);
        Floats3 f = floats3_scale(new Floats3 { A = 1, B = 2, C = 3 }, 1.5f);
        Console.WriteLine(f.A + " " + f.B + " " + f.C);
        Console.WriteLine(big_sum(new Big { A = 1, B = 20, C = 300, D = 4000 }));
        Big g = big_make(7);
        Console.WriteLine(g.A + " " + g.B + " " + g.C + " " + g.D);
        Console.WriteLine(bytes3_sum(new Bytes3 { A = 1, B = 2, C = 3 }, 5000));
        Console.WriteLine(many(1, 2, 3, 4, new Point { X = 5, Y = 6 }, new Point { X = 7, Y = 8 }, 9, g));
        long total = 0;
        for (int i = 0; i < 100000; i++) {
            Point s = point_add(new Point { X = i, Y = -i }, new Point { X = 1, Y = 2 });
            total += s.X + 3 * s.Y;
        }
        Console.WriteLine(total);
    }
}
