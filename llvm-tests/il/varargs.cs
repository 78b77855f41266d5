// __arglist: variable arguments through the vararg calling convention,
// read with ArgIterator.
using System;

class Varargs {
    static int Sum(int first, __arglist) {
        ArgIterator it = new ArgIterator(__arglist);
        int total = first;
        Console.Write("count " + it.GetRemainingCount() + ":");
        while (it.GetRemainingCount() > 0) {
            TypedReference r = it.GetNextArg();
            Type t = __reftype(r);
            if (t == typeof(int)) { total += __refvalue(r, int); Console.Write(" int"); }
            else if (t == typeof(long)) { total += (int)__refvalue(r, long); Console.Write(" long"); }
            else if (t == typeof(string)) { total += __refvalue(r, string).Length; Console.Write(" string"); }
            else if (t == typeof(double)) { total += (int)__refvalue(r, double); Console.Write(" double"); }
            else Console.Write(" " + t.Name);
        }
        Console.WriteLine();
        return total;
    }

    void Show(string label, __arglist) {
        ArgIterator it = new ArgIterator(__arglist);
        Console.Write(label);
        while (it.GetRemainingCount() > 0) {
            TypedReference r = it.GetNextArg();
            Console.Write(" " + TypedReference.ToObject(r));
        }
        Console.WriteLine();
    }

    static int Main() {
        Console.WriteLine(Sum(1, __arglist()));
        Console.WriteLine(Sum(1, __arglist(2, 3L, "four", 5.5)));
        Console.WriteLine(Sum(10, __arglist(20, 30)));
        new Varargs().Show("values:", __arglist(1, "a", 2.5, 'c', true));
        return Sum(0, __arglist(7));
    }
}
