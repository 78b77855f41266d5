// mkrefany, refanyval and refanytype through C#'s __makeref, __refvalue and __reftype.
using System;

struct Point { public int X, Y; public override string ToString() { return "(" + X + "," + Y + ")"; } }

class TypedReferences {
    static void Bump(TypedReference r) {
        if (__reftype(r) == typeof(int)) __refvalue(r, int) += 10;
        else if (__reftype(r) == typeof(string)) __refvalue(r, string) += "!";
        else if (__reftype(r) == typeof(Point)) __refvalue(r, Point).X += 1;
    }

    static string Describe(TypedReference r) {
        return __reftype(r).Name;
    }

    static int Main() {
        int i = 5;
        string s = "hi";
        Point p = new Point { X = 1, Y = 2 };
        Bump(__makeref(i));
        Bump(__makeref(s));
        Bump(__makeref(p));
        Console.WriteLine(i + " " + s + " " + p);
        Console.WriteLine(Describe(__makeref(i)) + " " + Describe(__makeref(s)) + " " + Describe(__makeref(p)));
        int[] arr = { 7, 8, 9 };
        TypedReference e = __makeref(arr[1]);
        __refvalue(e, int) = 80;
        Console.WriteLine(arr[0] + " " + arr[1] + " " + arr[2]);
        try {
            TypedReference wrong = __makeref(i);
            long l = __refvalue(wrong, long);
            Console.WriteLine("no exception " + l);
        } catch (InvalidCastException) {
            Console.WriteLine("InvalidCastException");
        }
        return i;
    }
}
