using System;
class E : Exception { public int Code; public E(int c) : base("code " + c) { Code = c; } }
class P {
    static bool Log(string s) { Console.WriteLine("filter " + s); return false; }
    static void Main() {
        for (int i = 0; i < 3; i++) {
            try { throw new E(i); }
            catch (E e) when (Log("saw " + e.Code)) { Console.WriteLine("never"); }
            catch (E e) when (e.Code == 1) { Console.WriteLine("one"); }
            catch (E e) { Console.WriteLine("other " + e.Code); }
        }
        try {
            try { throw new E(5); } finally { Console.WriteLine("finally before filter? no: after"); }
        } catch (E e) when (e.Code > 3) { Console.WriteLine("big " + e.Code); }
    }
}
