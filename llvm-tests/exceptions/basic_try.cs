using System;
class P {
    static int depth;
    static void Thrower(int n) { if (n == 0) throw new InvalidOperationException("deep"); Thrower(n - 1); }
    static int WithFinally() { try { return 1; } finally { Console.WriteLine("finally in return"); } }
    static void Main() {
        try { Thrower(5); } catch (InvalidOperationException e) { Console.WriteLine("caught " + e.Message); }
        try { try { throw new ArgumentException("inner"); } finally { Console.WriteLine("inner finally"); } } catch (Exception e) { Console.WriteLine("outer caught " + e.GetType().Name); }
        Console.WriteLine(WithFinally());
        for (int i = 0; i < 3; i++) { try { if (i == 1) continue; if (i == 2) break; Console.WriteLine("body " + i); } finally { Console.WriteLine("fin " + i); } }
        try { try { throw new Exception("first"); } catch (Exception) { throw; } } catch (Exception e) { Console.WriteLine("rethrown " + e.Message); }
        try { try { throw new Exception("a"); } catch (Exception e) { throw new ApplicationException("wrapped", e); } }
        catch (ApplicationException e) { Console.WriteLine(e.Message + " <- " + e.InnerException.Message); }
        try { throw new NotImplementedException(); } catch (NotSupportedException) { Console.WriteLine("wrong"); } catch (SystemException e) { Console.WriteLine("system: " + e.Message); }
        int x = 0;
        try { x = 1; } catch { x = 2; } finally { x += 10; }
        Console.WriteLine(x);
    }
}
