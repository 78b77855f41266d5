using System;
class P {
    static int? Parse(string s) { int v; return int.TryParse(s, out v) ? v : (int?)null; }
    static void Main() {
        int? a = 5, b = null;
        Console.WriteLine(a.HasValue + " " + b.HasValue + " " + a.Value + " " + b.GetValueOrDefault() + " " + b.GetValueOrDefault(9));
        Console.WriteLine((a + 1) + " " + (a + b == null) + " " + (a > 3) + " " + (b > 3) + " " + (a == 5) + " " + (b == null));
        Console.WriteLine(Parse("12") + " [" + Parse("x") + "] " + (Parse("x") ?? -1));
        object boxed = a; Console.WriteLine(boxed.GetType().Name + " " + boxed); object nb = b; Console.WriteLine(nb == null);
        int? back = (int?)boxed; Console.WriteLine(back.Value);
        try { int bad = b.Value; } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
        double? d = 1.5; d *= 2; Console.WriteLine(d); bool? t = true; Console.WriteLine(t == true);
        Console.WriteLine(a.Equals(5) + " " + b.Equals(null) + " " + a.GetHashCode());
    }
}
