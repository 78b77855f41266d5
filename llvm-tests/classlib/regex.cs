// System.Text.RegularExpressions from Mono's System.dll: matching, groups,
// replacement with a MatchEvaluator, splitting, options and a timeout.
using System;
using System.Text.RegularExpressions;

class Regexes {
    static int Main() {
        Console.WriteLine(Regex.IsMatch("hello world", @"w\w+"));
        Match m = Regex.Match("date: 2026-12-04", @"(?<y>\d{4})-(?<m>\d\d)-(?<d>\d\d)");
        Console.WriteLine(m.Success + " " + m.Groups["y"].Value + "/" + m.Groups["m"].Value + "/" + m.Groups["d"].Value + " at " + m.Index);
        int count = 0;
        foreach (Match w in Regex.Matches("one two three four", @"\b\w{3,4}\b")) {
            Console.WriteLine("  " + w.Value);
            count++;
        }
        Console.WriteLine(Regex.Replace("a1b22c333", @"\d+", x => "[" + x.Value.Length + "]"));
        Console.WriteLine(string.Join("|", Regex.Split("x, y ,z", @"\s*,\s*")));
        Console.WriteLine(Regex.IsMatch("ABC", "abc", RegexOptions.IgnoreCase));
        var compiled = new Regex(@"^(\w+)@(\w+)\.com$", RegexOptions.Compiled, TimeSpan.FromSeconds(5));
        Console.WriteLine(compiled.Replace("me@example.com", "$2 <- $1"));
        try {
            new Regex("(unclosed");
        } catch (ArgumentException e) {
            Console.WriteLine("ArgumentException " + e.GetType().Name);
        }
        return count;
    }
}
