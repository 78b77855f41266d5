using System;
using System.Collections.Generic;
class Pt { public int X { get; set; } public int Y { get; set; } public List<string> Tags = new List<string>(); }
class P {
    static void Main() {
        var a = new { Name = "ann", Age = 31 };
        var b = new { Name = "ann", Age = 31 };
        Console.WriteLine(a.Name + " " + a.Age + " " + a.Equals(b) + " " + (a.GetHashCode() == b.GetHashCode()));
        Console.WriteLine(a);
        var p = new Pt { X = 1, Y = 2, Tags = { "a", "b" } };
        Console.WriteLine(p.X + p.Y + " " + string.Join("", p.Tags));
        var d = new Dictionary<string, int> { { "one", 1 }, { "two", 2 } };
        Console.WriteLine(d["two"]);
        var list = new List<Pt> { new Pt { X = 5 }, new Pt { Y = 7 } };
        Console.WriteLine(list[0].X + list[1].Y);
        int[] arr = { 1, 2, 3 }; var arr2 = new[] { "x", "y" }; Console.WriteLine(arr.Length + arr2.Length);
    }
}
