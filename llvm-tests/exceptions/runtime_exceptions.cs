using System;
class Node { public Node Next; public int V; }
class P {
    static void T(string what, Action a) {
        try { a(); Console.WriteLine(what + ": none"); }
        catch (Exception e) { Console.WriteLine(what + ": " + e.GetType().FullName + ": " + e.Message); }
    }
    static void Main() {
        int zero = 0, minusOne = -1; object o = "s"; object[] objs = new string[2]; Node n = new Node(); int[] arr = new int[2];
        T("div", () => Console.WriteLine(1 / zero));
        T("rem", () => Console.WriteLine(1 % zero));
        T("long div", () => Console.WriteLine(1L / zero));
        T("null field", () => Console.WriteLine(n.Next.V));
        T("null call", () => Console.WriteLine(n.Next.ToString()));
        T("index", () => Console.WriteLine(arr[2]));
        T("neg index", () => Console.WriteLine(arr[-1]));
        T("cast", () => Console.WriteLine((Node)o));
        T("unbox", () => Console.WriteLine((int)o));
        T("covariance", () => objs[0] = 1);
        // A negative length is an OverflowException; the length comes from a
        // variable because Mono's JIT on amd64 zero-extends the result of
        // 32-bit arithmetic fed straight to newarr (`new int[zero - 1]`) and
        // then reports OutOfMemoryException (its interpreter does not).
        T("new array", () => Console.WriteLine(new int[minusOne].Length));
        T("null array", () => { int[] a = null; Console.WriteLine(a.Length); });
        T("string index", () => Console.WriteLine("ab"[5]));
        T("float div", () => Console.WriteLine(1.0 / zero));
        T("overflow", () => Console.WriteLine(checked(int.MaxValue + zero + 1)));
        int m1 = -1; long lm1 = -1;
        T("min/-1", () => Console.WriteLine(int.MinValue / m1));
        T("min%-1", () => Console.WriteLine(int.MinValue % m1));
        T("long min/-1", () => Console.WriteLine(long.MinValue / lm1));
    }
}
