using System;
class P {
    static int F(int n) {
        try {
            try { if (n > 0) throw new Exception("e" + n); return 0; }
            finally { Console.WriteLine("inner finally " + n); }
        }
        catch (Exception e) when (e.Message == "e2") { Console.WriteLine("filtered " + e.Message); return 2; }
        catch (Exception e) { Console.WriteLine("caught " + e.Message); return 1; }
        finally { Console.WriteLine("outer finally " + n); }
    }
    static void Main() { Console.WriteLine(F(0)); Console.WriteLine(F(1)); Console.WriteLine(F(2)); }
}
