using System;
using System.Collections;
using System.Collections.Generic;
class Node<T> where T : Node<T> { public T Next; public int V; }
class Chain : Node<Chain> { }
class Box<T> where T : class, new() { public T Value = new T(); }
class NeedsStruct<T> where T : struct { }
class NeedsCmp<T> where T : IComparable<T> { }
class P {
    static void TryMake(Type def, Type arg) {
        try { Console.WriteLine(def.MakeGenericType(arg).Name + " ok"); }
        catch (ArgumentException) { Console.WriteLine(def.Name + " rejects " + arg.Name); }
    }
    static void Main() {
        var al = new ArrayList { 3, "two", 1.5 }; al.Add(null); al.Insert(0, 'c'); al.Remove("two");
        Console.WriteLine(al.Count + " " + al[0] + " " + al.IndexOf(1.5) + " " + al.Contains(null));
        var nums = new ArrayList { 5, 1, 4 }; nums.Sort(); foreach (object o in nums) Console.Write(o); Console.WriteLine();
        var ht = new Hashtable(); ht["a"] = 1; ht[2] = "two"; ht.Add("c", 3.0);
        Console.WriteLine(ht["a"] + " " + ht[2] + " " + ht["zz"] + " " + ht.Count + " " + ht.ContainsKey("c") + " " + ht.ContainsValue("two"));
        try { ht.Add("a", 0); } catch (ArgumentException) { Console.WriteLine("dup"); }
        var t = Tuple.Create(1, "x", 2.5); Console.WriteLine(t + " " + t.Item2 + " " + t.Equals(Tuple.Create(1, "x", 2.5)) + " " + new Tuple<int, int>(1, 2));
        var dict = new Dictionary<Tuple<int, int>, string>(); dict[Tuple.Create(1, 2)] = "p"; Console.WriteLine(dict[Tuple.Create(1, 2)]);
        Chain c = new Chain { V = 1, Next = new Chain { V = 2 } }; Console.WriteLine(c.Next.V);
        Console.WriteLine(new Box<List<int>>().Value.Count);
        TryMake(typeof(NeedsStruct<>), typeof(int)); TryMake(typeof(NeedsStruct<>), typeof(string));
        TryMake(typeof(Box<>), typeof(List<int>)); TryMake(typeof(Box<>), typeof(string)); TryMake(typeof(Box<>), typeof(int));
        TryMake(typeof(NeedsCmp<>), typeof(int)); TryMake(typeof(NeedsCmp<>), typeof(object));
    }
}
