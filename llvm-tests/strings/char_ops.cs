using System;
class P {
    static void Main() {
        foreach (char c in "aZ5 _.\t\u00e9") {
            Console.WriteLine("{0}: L{1} D{2} W{3} U{4} l{5} P{6} LD{7} up{8} lo{9} n{10}", (int)c, char.IsLetter(c), char.IsDigit(c), char.IsWhiteSpace(c),
                char.IsUpper(c), char.IsLower(c), char.IsPunctuation(c), char.IsLetterOrDigit(c), char.ToUpper(c), char.ToLower(c), (int)char.GetNumericValue(c));
        }
        Console.WriteLine('a' < 'b'); Console.WriteLine((char)('a' + 2)); Console.WriteLine('x'.ToString() + 'y'); Console.WriteLine(char.Parse("q"));
        Console.WriteLine('7' - '0'); Console.WriteLine('a'.CompareTo('c')); Console.WriteLine('a'.Equals('a'));
    }
}
