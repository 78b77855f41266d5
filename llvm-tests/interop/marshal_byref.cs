// native: marshal.c
// mcs: -unsafe
// out and ref of blittable scalars and structs pass their address; small
// integer results are widened from their own width (the upper bits of a
// C `short` result are not defined).
using System;
using System.Runtime.InteropServices;

[StructLayout(LayoutKind.Sequential)]
struct Point { public int X, Y; }

[StructLayout(LayoutKind.Sequential)]
struct Rect { public Point Lo, Hi; }

[StructLayout(LayoutKind.Explicit)]
struct RectExplicit {
    [FieldOffset(0)] public int LoX;
    [FieldOffset(4)] public int LoY;
    [FieldOffset(8)] public int HiX;
    [FieldOffset(12)] public int HiY;
}

class Program {
    [DllImport("marshal")] static extern void div_mod(int a, int b, out int q, out int r);
    [DllImport("marshal")] static extern void scale(ref double x, double k);
    [DllImport("marshal")] static extern void bump_all(ref sbyte a, ref short b, ref long c, ref float d);
    [DllImport("marshal")] static extern void make_rect(int x, int y, int w, int h, out Rect r);
    [DllImport("marshal", EntryPoint = "make_rect")] static extern void make_rect_explicit(int x, int y, int w, int h, out RectExplicit r);
    [DllImport("marshal")] static extern int rect_area(ref Rect r);
    [DllImport("marshal")] static extern short neg_short(short x);
    [DllImport("marshal")] static extern byte low_byte(int x);
    [DllImport("marshal")] static extern sbyte as_signed_char(int x);
    [DllImport("marshal")] static extern ushort as_ushort(int x);
    [DllImport("marshal")] static extern unsafe void div_mod(int a, int b, int* q, int* r);

    static Rect field;

    static unsafe void Main() {
        int q, r;
        div_mod(47, 5, out q, out r);
        Console.WriteLine(q + " " + r);
        int pq = 0, pr = 0;
        div_mod(-47, 5, &pq, &pr);
        Console.WriteLine(pq + " " + pr);
        double x = 1.25;
        scale(ref x, 4);
        Console.WriteLine(x);
        sbyte a = 126; short b = -2; long c = long.MaxValue - 1; float d = 0.25f;
        bump_all(ref a, ref b, ref c, ref d);
        Console.WriteLine(a + " " + b + " " + c + " " + d);
        Rect rect;
        make_rect(1, 2, 30, 40, out rect);
        Console.WriteLine(rect.Lo.X + "," + rect.Lo.Y + " " + rect.Hi.X + "," + rect.Hi.Y + " area " + rect_area(ref rect));
        make_rect(-5, -5, 10, 3, out field);
        Console.WriteLine(field.Hi.X + " " + field.Hi.Y + " area " + rect_area(ref field));
        Rect[] rects = new Rect[2];
        make_rect(0, 0, 7, 8, out rects[1]);
        Console.WriteLine(rect_area(ref rects[1]));
        RectExplicit e;
        make_rect_explicit(3, 4, 5, 6, out e);
        Console.WriteLine(e.LoX + " " + e.LoY + " " + e.HiX + " " + e.HiY);
        Console.WriteLine(neg_short(1234) + " " + neg_short(-32768));
        Console.WriteLine(low_byte(0x1ff) + " " + as_signed_char(0x80) + " " + as_ushort(-1));
    }
}
