using System;
using System.Collections.Generic;
using System.Linq;
class P {
    static void Main() {
        int[] nums = { 5, 3, 8, 1, 9, 2, 7 };
        Console.WriteLine(string.Join(",", nums.Where(n => n > 4)));
        Console.WriteLine(string.Join(",", nums.Select(n => n * n)));
        Console.WriteLine(string.Join(",", nums.OrderBy(n => n)) + " | " + string.Join(",", nums.OrderByDescending(n => n)));
        Console.WriteLine(nums.Sum() + " " + nums.Min() + " " + nums.Max() + " " + nums.Average().ToString("F3") + " " + nums.Count(n => n % 2 == 1));
        Console.WriteLine(nums.First() + " " + nums.Last() + " " + nums.First(n => n > 7) + " " + nums.FirstOrDefault(n => n > 100) + " " + nums.Any(n => n > 8) + " " + nums.All(n => n > 0));
        Console.WriteLine(string.Join(",", nums.Take(3)) + " | " + string.Join(",", nums.Skip(4)) + " | " + string.Join(",", nums.Reverse()));
        Console.WriteLine(string.Join(",", Enumerable.Range(1, 5)) + " | " + string.Join(",", Enumerable.Repeat("ab", 3)));
        Console.WriteLine(string.Join(",", new[] { 1, 2, 2, 3, 3, 3 }.Distinct()) + " | " + string.Join(",", nums.Concat(new[] { 100 })));
        Console.WriteLine(string.Join(",", nums.Zip(new[] { "a", "b", "c" }, (n, s) => s + n)));
        Console.WriteLine(nums.Aggregate((a, b) => a * b) + " " + nums.Aggregate(10, (a, b) => a + b) + " " + nums.Contains(8));
        List<int> l = nums.Where(n => n < 5).ToList(); int[] arr = l.ToArray(); Console.WriteLine(l.Count + " " + arr.Length);
        var dict = nums.ToDictionary(n => "k" + n); Console.WriteLine(dict["k9"] + " " + dict.Count);
        var q = from n in nums where n % 2 == 0 orderby n descending select n * 10; Console.WriteLine(string.Join(",", q));
        Console.WriteLine(string.Join(",", new[] { "a", "b" }.SelectMany(s => new[] { s, s.ToUpper() })));
        try { new int[0].First(); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
        Console.WriteLine(new int[0].DefaultIfEmpty(-1).First() + " " + nums.ElementAt(2) + " " + nums.Skip(2).Take(2).Sum());
        IEnumerable<object> objs = new object[] { 1, "a", 2.5, "b" }; Console.WriteLine(string.Join(",", objs.OfType<string>()) + " " + objs.Cast<object>().Count());
    }
}
