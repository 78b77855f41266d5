using System;
class P {
    static void Show(string s) {
        int i; long l; double d; bool b;
        Console.WriteLine("'{0}': int {1} {2}, long {3} {4}, double {5} {6}, bool {7} {8}", s,
            int.TryParse(s, out i), i, long.TryParse(s, out l), l, double.TryParse(s, out d), d, bool.TryParse(s, out b), b);
    }
    static void Main() {
        foreach (string s in new[] { "0", "42", "-17", " 12 ", "+5", "2147483647", "2147483648", "-2147483648", "9223372036854775807", "1.5", "1e3", "abc", "", "True", "false", "-0" })
            Show(s);
        Console.WriteLine(int.Parse("123") * 2);
        try { int.Parse("x"); } catch (FormatException e) { Console.WriteLine(e.Message); }
        try { int.Parse("99999999999"); } catch (OverflowException e) { Console.WriteLine(e.Message); }
        try { byte.Parse("256"); } catch (OverflowException e) { Console.WriteLine(e.Message); }
        try { int.Parse(null); } catch (ArgumentNullException e) { Console.WriteLine(e.GetType().Name); }
        Console.WriteLine(int.Parse("ff", System.Globalization.NumberStyles.HexNumber));
        Console.WriteLine(double.Parse("3.25") + double.Parse("-1e-2"));
    }
}
