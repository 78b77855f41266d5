using System;
class Pt : IFormattable { public int X = 3; public string ToString(string f, IFormatProvider p) { return "Pt[" + (f ?? "null") + "]"; } }
class P {
    static void Main() {
        Console.WriteLine("{0} {1} {2} {3}", 1, "two", 3.0, 'c');
        Console.WriteLine("|{0,6}|{0,-6}|{1,8:F3}|{2:X4}|", 42, Math.E, 255);
        Console.WriteLine(string.Format("{0:0.00} {1:#,##0} {2:00000} {3:0.##}", 3.14159, 1234567, 42, 1.5));
        Console.WriteLine("{0} and {0:abc}", new Pt());
        Console.WriteLine("{0}{1}{2}{3}{4}{5}", 1, 2, 3, 4, 5, 6);
        Console.WriteLine("null: [{0}]", (object)null);
        Console.WriteLine($"interpolated {1 + 2} and {"s",3} and {Math.PI:F2}");
        try { Console.WriteLine("{1}", 1); } catch (FormatException e) { Console.WriteLine("FormatException"); }
        try { Console.WriteLine("{0", 1); } catch (FormatException) { Console.WriteLine("FormatException 2"); }
        Console.Write("a"); Console.Write(1); Console.Write(2L); Console.Write(true); Console.Write('c'); Console.Write(1.5); Console.Write(new char[] { 'x', 'y' }); Console.WriteLine();
        Console.WriteLine(true); Console.WriteLine((object)null); Console.WriteLine(new char[] { 'o', 'k' }); Console.WriteLine(3u); Console.WriteLine(4UL); Console.WriteLine(2.5f);
    }
}
