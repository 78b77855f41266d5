using System;
using System.Collections.Generic;
class Outer { public class Inner { public int V = 3; public override string ToString() { return "Inner" + V; } } public static Inner Make() { return new Inner(); } }
class Box<T> { public T Value; public Box(T v) { Value = v; } public override string ToString() { return "Box(" + Value + ")"; } }
class P {
    static T Max<T>(T a, T b) where T : IComparable<T> { return a.CompareTo(b) >= 0 ? a : b; }
    static void Main() {
        Console.WriteLine(Outer.Make()); Console.WriteLine(typeof(Outer.Inner).FullName);
        Console.WriteLine(new Box<int>(5)); Console.WriteLine(new Box<string>("s")); Console.WriteLine(Max(3, 9) + " " + Max("pear", "apple"));
        var l = new List<string>(); l.Add("x"); l.Add("y"); l.Insert(0, "w"); Console.WriteLine(string.Join("", l.ToArray()) + l.Count);
        var d = new Dictionary<int, string>(); d[3] = "three"; d[1] = "one"; string v; Console.WriteLine(d.TryGetValue(1, out v) + v + d.ContainsKey(2));
        Console.WriteLine(typeof(Box<int>)); Console.WriteLine(new Box<double>(1.5).GetType().Name);
    }
}
