using System;
using System.Collections.Generic;
interface IConverter { T Convert<T>(object o); }
class Conv : IConverter { public T Convert<T>(object o) { return (T)o; } }
abstract class Visitor { public abstract string Visit<T>(T item); }
class Printer : Visitor { public override string Visit<T>(T item) { return "[" + typeof(T).Name + " " + item + "]"; } }
class Loud : Printer { public override string Visit<T>(T item) { return base.Visit(item).ToUpper(); } }
static class Ext { public static int Twice(this int x) { return x * 2; } public static string Join<T>(this IEnumerable<T> xs, string sep) { return string.Join(sep, xs); } }
class P {
    static void Swap<T>(T[] a, int i, int j) { T t = a[i]; a[i] = a[j]; a[j] = t; }
    static TOut Apply<TIn, TOut>(TIn x, Func<TIn, TOut> f) { return f(x); }
    static void Main() {
        IConverter c = new Conv(); Console.WriteLine(c.Convert<int>(42) + 1); Console.WriteLine(c.Convert<string>("s").Length);
        Visitor v = new Printer(); Console.WriteLine(v.Visit(3) + v.Visit("x")); v = new Loud(); Console.WriteLine(v.Visit(2.5));
        int[] a = { 1, 2, 3 }; Swap(a, 0, 2); Console.WriteLine(a.Join("-"));
        Console.WriteLine(Apply(5, x => x * 1.5) + " " + Apply("abc", s => s.Length) + " " + 21.Twice());
        var list = new List<string> { "b", "a" }; Console.WriteLine(list.Join("+"));
    }
}
