using System;
using System.Collections.Generic;
using System.Linq;
class Person { public string Name; public int Age; public string City; public Person(string n, int a, string c) { Name = n; Age = a; City = c; } }
class P {
    static void Main() {
        var people = new List<Person> {
            new Person("Ann", 31, "Oslo"), new Person("Bob", 25, "Rome"), new Person("Cid", 31, "Rome"),
            new Person("Dee", 19, "Oslo"), new Person("Eve", 25, "Lima"), new Person("Fay", 40, "Rome") };
        foreach (var g in people.GroupBy(p => p.City)) Console.WriteLine(g.Key + ": " + string.Join(",", g.Select(p => p.Name)) + " avg " + g.Average(p => p.Age));
        foreach (var p in people.OrderBy(p => p.Age).ThenBy(p => p.Name)) Console.Write(p.Name + p.Age + " "); Console.WriteLine();
        foreach (var p in people.OrderByDescending(p => p.Age).ThenByDescending(p => p.Name)) Console.Write(p.Name + " "); Console.WriteLine();
        var byAge = people.ToLookup(p => p.Age); Console.WriteLine(byAge[25].Count() + " " + byAge[99].Count() + " " + byAge.Count);
        var counts = from p in people group p by p.City into g orderby g.Count() descending, g.Key select g.Key + "=" + g.Count(); Console.WriteLine(string.Join(" ", counts));
        var cities = new[] { new { Name = "Oslo", Country = "NO" }, new { Name = "Rome", Country = "IT" } };
        var joined = from p in people join c in cities on p.City equals c.Name select p.Name + "@" + c.Country; Console.WriteLine(string.Join(",", joined));
        Console.WriteLine(people.Max(p => p.Age) + " " + people.Min(p => p.Name) + " " + people.Sum(p => p.Age) + " " + people.Where(p => p.City == "Rome").Select(p => p.Age).Average());
        var stable = new[] { "bb", "a", "cc", "d", "ee" }.OrderBy(s => s.Length); Console.WriteLine(string.Join(",", stable));
        Console.WriteLine(people.Select(p => p.City).Distinct().Count() + " " + people.Any(p => p.Age > 39) + " " + people.Single(p => p.Name == "Eve").City);
    }
}
