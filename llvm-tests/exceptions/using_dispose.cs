using System;
class Res : IDisposable { string n; public Res(string n) { this.n = n; Console.WriteLine("open " + n); } public void Dispose() { Console.WriteLine("close " + n); } }
class P {
    static void Main() {
        using (new Res("a")) { Console.WriteLine("use a"); }
        try { using (Res b = new Res("b"), c = new Res("c")) { Console.WriteLine("use b c"); throw new Exception("x"); } }
        catch (Exception e) { Console.WriteLine("caught " + e.Message); }
        lock (typeof(P)) { Console.WriteLine("in lock"); }
    }
}
