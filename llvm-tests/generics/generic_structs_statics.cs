using System;
using System.Collections.Generic;
struct Counter<T> { public static int Instances; public T Last; public void Set(T v) { Last = v; Instances++; } }
class Cache<T> { static Cache() { Console.WriteLine("cctor " + typeof(T).Name); } public static List<T> Items = new List<T>(); }
class P {
    static int Count<T>(IEnumerable<T> xs) { int n = 0; foreach (T x in xs) n++; return n; }
    static bool Eq<T>(T a, T b) { return EqualityComparer<T>.Default.Equals(a, b); }
    static void Main() {
        var a = new Counter<int>(); a.Set(3); var b = new Counter<string>(); b.Set("x"); b.Set("y");
        Console.WriteLine(Counter<int>.Instances + " " + Counter<string>.Instances + " " + a.Last + b.Last);
        Cache<int>.Items.Add(1); Cache<string>.Items.Add("s"); Cache<int>.Items.Add(2); Console.WriteLine(Cache<int>.Items.Count + " " + Cache<string>.Items.Count);
        Console.WriteLine(Count(new[] { 1, 2, 3 }) + " " + Count(new List<string> { "a" }) + " " + Count("hello"));
        Console.WriteLine(Eq(1, 1) + " " + Eq("a", "b") + " " + Eq<object>(null, null) + " " + Eq(2.5, 2.5));
        var kv = new KeyValuePair<string, int>("k", 5); Console.WriteLine(kv + " " + kv.Key + kv.Value);
        var list = new List<KeyValuePair<int, int>>(); for (int i = 0; i < 3; i++) list.Add(new KeyValuePair<int, int>(i, i * i)); Console.WriteLine(list[2].Value);
    }
}
