using System;
class P {
    static void Main() {
        string s = "Hello, World";
        Console.WriteLine(s.Length + " " + s[4] + " " + s.Substring(7) + " " + s.Substring(0, 5) + " " + s.IndexOf('o') + " " + s.LastIndexOf('o'));
        Console.WriteLine(s.IndexOf("World") + " " + s.IndexOf("xyz") + " " + s.Contains("lo, ") + " " + s.StartsWith("Hell") + " " + s.EndsWith("ld"));
        Console.WriteLine(s.ToUpper() + " " + s.ToLower() + " " + s.Replace("l", "L") + " " + s.Replace('o', '0'));
        Console.WriteLine("[" + "  pad  ".Trim() + "][" + "  pad  ".TrimStart() + "][" + "  pad  ".TrimEnd() + "][" + "xxhixx".Trim('x') + "]");
        Console.WriteLine("[" + "7".PadLeft(3) + "][" + "7".PadRight(3, '.') + "][" + "abc".Insert(1, "--") + "][" + "abcdef".Remove(2, 2) + "]");
        string[] parts = "a, b,,c".Split(','); Console.WriteLine(parts.Length + ":" + string.Join("|", parts));
        Console.WriteLine(string.Join("|", "a b  c".Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)));
        Console.WriteLine(string.Join("|", "a::b::c".Split(new[] { "::" }, StringSplitOptions.None)));
        Console.WriteLine(string.Concat("a", "b", "c") + string.Concat(1, 2) + string.Concat(new object[] { 1, null, "x" }));
        Console.WriteLine(string.IsNullOrEmpty("") + " " + string.IsNullOrEmpty(null) + " " + string.IsNullOrWhiteSpace(" \t") + " " + string.IsNullOrWhiteSpace("a"));
        Console.WriteLine(string.Compare("a", "b") + " " + string.Compare("b", "a") + " " + string.Compare("abc", "ABC", true) + " " + string.CompareOrdinal("a", "B"));
        Console.WriteLine("abc" == "a" + "bc"); Console.WriteLine("abc".Equals("ABC", StringComparison.OrdinalIgnoreCase)); Console.WriteLine("x".CompareTo("y"));
        char[] cs = s.ToCharArray(); Array.Reverse(cs); Console.WriteLine(new string(cs)); Console.WriteLine(new string('*', 5));
        Console.WriteLine("a,b".GetHashCode() == "a,b".GetHashCode()); Console.WriteLine(string.Format("{0}-{1}-{0}", "x", 5));
        int n = 0; foreach (char c in "banana") if (c == 'a') n++; Console.WriteLine(n);
        Console.WriteLine("Tab\there \"quoted\" \\ \u00e9");
        string interned = string.Intern(new string(new[] { 'h', 'i' })); Console.WriteLine((object)interned == (object)"hi");
        Console.WriteLine(s.IndexOfAny(new[] { 'W', 'H' }) + " " + "aXbXc".Split('X').Length + " " + "abc".CompareTo(null));
    }
}
