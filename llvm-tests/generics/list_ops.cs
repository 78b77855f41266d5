using System;
using System.Collections.Generic;
class P {
    static void Main() {
        var l = new List<int>();
        for (int i = 0; i < 10; i++) l.Add((i * 7) % 10);
        Console.WriteLine(string.Join(",", l) + " count " + l.Count);
        l.Sort(); Console.WriteLine(string.Join(",", l));
        l.Sort((a, b) => b.CompareTo(a)); Console.WriteLine(string.Join(",", l));
        l.Remove(5); l.RemoveAt(0); l.Insert(2, 100); Console.WriteLine(string.Join(",", l));
        Console.WriteLine(l.Contains(100) + " " + l.IndexOf(100) + " " + l.IndexOf(55) + " " + l.BinarySearch(3));
        l.Reverse(); Console.WriteLine(string.Join(",", l));
        l.RemoveAll(x => x % 2 == 0); Console.WriteLine(string.Join(",", l));
        var copy = new List<int>(l); copy.AddRange(new[] { 7, 8 }); Console.WriteLine(copy.Count + " " + l.Count);
        int sum = 0; l.ForEach(x => sum += x); Console.WriteLine(sum);
        Console.WriteLine(l.Find(x => x > 2) + " " + l.FindIndex(x => x > 2) + " " + l.Exists(x => x > 100) + " " + l.TrueForAll(x => x > 0));
        var strs = l.ConvertAll(x => "n" + x); Console.WriteLine(string.Join(" ", strs.ToArray()));
        try { foreach (int x in l) if (x == 3) l.Add(1); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
        try { Console.WriteLine(l[99]); } catch (ArgumentOutOfRangeException e) { Console.WriteLine(e.GetType().Name); }
        var names = new List<string> { "pear", "Apple", "fig" }; names.Sort(); Console.WriteLine(string.Join(",", names));
        names.Sort(StringComparer.Ordinal); Console.WriteLine(string.Join(",", names));
        Console.WriteLine(l.GetRange(0, 2).Count + " " + l.ToArray().Length); l.Clear(); Console.WriteLine(l.Count);
    }
}
