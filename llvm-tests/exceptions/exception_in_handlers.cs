using System;
class P {
    static int Work(int n) {
        try {
            if (n == 0) throw new ArgumentException("zero");
            return 10 / (n - 1);
        } catch (DivideByZeroException) {
            throw new InvalidOperationException("from catch");
        } finally {
            Console.WriteLine("finally " + n);
        }
    }
    static void Main() {
        for (int n = 0; n < 3; n++) {
            try { Console.WriteLine("result " + Work(n)); }
            catch (Exception e) { Console.WriteLine(e.GetType().Name + ": " + e.Message); }
        }
        try {
            try { throw new Exception("a"); }
            finally { try { throw new Exception("in finally"); } catch (Exception e) { Console.WriteLine("inner " + e.Message); } }
        } catch (Exception e) { Console.WriteLine("outer " + e.Message); }
        int depth = 0;
        try { Recurse(ref depth); } catch (Exception e) { Console.WriteLine(e.Message + " at depth " + depth); }
    }
    static void Recurse(ref int d) { d++; try { if (d == 50) throw new Exception("deep"); Recurse(ref d); } finally { } }
}
