using System;
using System.Collections.Generic;
class P {
    static void Main() {
        var q = new Queue<string>(); q.Enqueue("a"); q.Enqueue("b"); q.Enqueue("c"); Console.WriteLine(q.Dequeue() + q.Peek() + q.Count);
        for (int i = 0; i < 10; i++) q.Enqueue("x" + i); foreach (var s in q) Console.Write(s + " "); Console.WriteLine();
        var st = new Stack<int>(); for (int i = 0; i < 5; i++) st.Push(i); Console.WriteLine(st.Pop() + " " + st.Peek() + " " + st.Count);
        foreach (int v in st) Console.Write(v); Console.WriteLine(); Console.WriteLine(string.Join(",", st.ToArray()));
        var hs = new HashSet<int>(); foreach (int v in new[] { 5, 3, 5, 1, 3, 9 }) Console.Write(hs.Add(v) ? "+" : "-"); Console.WriteLine(" " + hs.Count);
        foreach (int v in hs) Console.Write(v + " "); Console.WriteLine();
        var other = new HashSet<int> { 1, 2, 3 }; hs.IntersectWith(other); Console.WriteLine(string.Join(",", hs) + " " + hs.Contains(3) + " " + hs.Contains(5));
        hs.UnionWith(new[] { 7, 8 }); hs.ExceptWith(new[] { 1 }); Console.WriteLine(string.Join(",", hs) + " " + hs.IsSubsetOf(new[] { 3, 7, 8, 9 }));
        try { new Stack<int>().Pop(); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
        try { new Queue<int>().Dequeue(); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Hello", "HELLO", "world" }; Console.WriteLine(words.Count);
    }
}
