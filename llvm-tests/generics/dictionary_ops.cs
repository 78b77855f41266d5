using System;
using System.Collections.Generic;
class P {
    static void Main() {
        var d = new Dictionary<string, int>();
        string[] words = "the quick brown fox jumps over the lazy dog the end".Split(' ');
        foreach (var w in words) { int c; d.TryGetValue(w, out c); d[w] = c + 1; }
        foreach (KeyValuePair<string, int> kv in d) Console.Write(kv.Key + ":" + kv.Value + " ");
        Console.WriteLine();
        Console.WriteLine(d.Count + " " + d["the"] + " " + d.ContainsKey("fox") + " " + d.ContainsKey("cat") + " " + d.ContainsValue(3));
        d.Remove("fox"); d.Remove("quick"); d["new"] = 9; d["another"] = 10;
        foreach (var k in d.Keys) Console.Write(k + " "); Console.WriteLine();
        foreach (var v in d.Values) Console.Write(v + " "); Console.WriteLine();
        try { Console.WriteLine(d["missing"]); } catch (KeyNotFoundException e) { Console.WriteLine(e.GetType().Name); }
        try { d.Add("the", 1); } catch (ArgumentException) { Console.WriteLine("duplicate"); }
        var byInt = new Dictionary<int, string>(); for (int i = 0; i < 100; i++) byInt[i * 37 % 101] = "v" + i;
        int total = 0; foreach (var kv in byInt) total += kv.Key; Console.WriteLine(total + " " + byInt[37]);
        var nested = new Dictionary<string, List<int>>(); nested["a"] = new List<int> { 1 }; nested["a"].Add(2); Console.WriteLine(nested["a"].Count);
        var ci = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase); ci["Key"] = 1; Console.WriteLine(ci.ContainsKey("KEY"));
    }
}
