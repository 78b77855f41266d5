using System;
using System.Collections.Generic;
class Stack2<T> {
    T[] items = new T[2]; int n;
    public void Push(T x) { if (n == items.Length) Array.Resize(ref items, n * 2); items[n++] = x; }
    public T Pop() { if (n == 0) throw new InvalidOperationException("empty"); return items[--n]; }
    public int Count { get { return n; } }
    public static int Created;
    public Stack2() { Created++; }
}
struct Pair<A, B> { public A First; public B Second; public Pair(A a, B b) { First = a; Second = b; } public override string ToString() { return "<" + First + "," + Second + ">"; } }
class Node<T> where T : IComparable<T> {
    public T Value; public Node<T> Left, Right;
    public Node(T v) { Value = v; }
    public void Insert(T v) { if (v.CompareTo(Value) < 0) { if (Left == null) Left = new Node<T>(v); else Left.Insert(v); } else { if (Right == null) Right = new Node<T>(v); else Right.Insert(v); } }
    public void Walk(List<T> acc) { if (Left != null) Left.Walk(acc); acc.Add(Value); if (Right != null) Right.Walk(acc); }
}
class P {
    static T Default<T>() { return default(T); }
    static T Make<T>() where T : new() { return new T(); }
    static string Describe<T>(T x) { return typeof(T).Name + ":" + x; }
    static void Main() {
        var s = new Stack2<int>(); for (int i = 0; i < 5; i++) s.Push(i * i); Console.WriteLine(s.Pop() + " " + s.Count);
        var ss = new Stack2<string>(); ss.Push("a"); Console.WriteLine(ss.Pop());
        new Stack2<int>(); Console.WriteLine(Stack2<int>.Created + " " + Stack2<string>.Created + " " + Stack2<double>.Created);
        var p = new Pair<int, string>(1, "one"); Console.WriteLine(p); var q = new Pair<Pair<int, string>, double>(p, 2.5); Console.WriteLine(q);
        var root = new Node<int>(50); foreach (int v in new[] { 30, 70, 20, 40, 60, 80, 35 }) root.Insert(v);
        var acc = new List<int>(); root.Walk(acc); Console.WriteLine(string.Join(",", acc));
        var sroot = new Node<string>("m"); foreach (var w in "q c x a".Split(' ')) sroot.Insert(w); var sacc = new List<string>(); sroot.Walk(sacc); Console.WriteLine(string.Join("", sacc));
        Console.WriteLine(Default<int>() + " " + (Default<string>() == null) + " " + Default<double>() + " " + Default<Pair<int, int>>());
        Console.WriteLine(Make<List<int>>().Count + " " + Make<Pair<int, int>>());
        Console.WriteLine(Describe(5) + " " + Describe("x") + " " + Describe(2.5) + " " + Describe(p));
        try { ss.Pop(); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
    }
}
