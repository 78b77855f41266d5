using System;
using System.Collections.Generic;
class P {
    static string Kind(string s) {
        switch (s) {
            case null: return "null";
            case "": return "empty";
            case "if": case "else": case "while": case "for": case "return": case "class": case "struct": return "keyword";
            default: return s.Length > 3 ? "long" : "short";
        }
    }
    static void Main() {
        foreach (var s in new[] { "if", "x", null, "", "return", "identifier", "for" }) Console.Write(Kind(s) + " ");
        Console.WriteLine();
        var words = new List<string> { "banana", "Apple", "cherry", "apple", "Banana" };
        words.Sort(); Console.WriteLine(string.Join(",", words));
        words.Sort(string.CompareOrdinal); Console.WriteLine(string.Join(",", words));
        words.Sort(StringComparer.OrdinalIgnoreCase); Console.WriteLine(string.Join(",", words));
        Console.WriteLine(string.Compare("abc", "abd") + " " + string.Compare("Abc", "abc") + " " + string.Compare("a", "a b") + " " + "b".CompareTo("a"));
        Console.WriteLine("hello".StartsWith("HE", StringComparison.OrdinalIgnoreCase) + " " + "hello".IndexOf("L", StringComparison.OrdinalIgnoreCase));
        Console.WriteLine(string.Equals(null, null) + " " + string.Equals("a", null) + " " + "x".Equals((object)"x"));
    }
}
