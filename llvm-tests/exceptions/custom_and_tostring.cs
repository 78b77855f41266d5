using System;
class MyException : Exception {
    public int Extra;
    public MyException(string m, int extra) : base(m) { Extra = extra; }
    public override string Message { get { return base.Message + " (extra " + Extra + ")"; } }
}
class P {
    static void Main() {
        try { throw new MyException("custom", 42); }
        catch (MyException e) { Console.WriteLine(e.Message); Console.WriteLine(e.GetType().Name); Console.WriteLine(e is Exception); }
        Exception plain = new Exception();
        Console.WriteLine(plain.Message);
        Console.WriteLine(new ArgumentNullException("arg").Message);
        Console.WriteLine(new ArgumentException("bad value", "p").Message);
        Console.WriteLine(new ArgumentOutOfRangeException("idx").Message);
        Console.WriteLine(new InvalidOperationException().Message);
        Console.WriteLine(new NullReferenceException().Message);
        Console.WriteLine(new Exception("outer", new Exception("inner")).InnerException.Message);
        Console.WriteLine(new FormatException().Message);
        Console.WriteLine(new NotSupportedException().Message);
        Console.WriteLine(new KeyNotFoundStub().Message);
    }
    class KeyNotFoundStub : System.Collections.Generic.KeyNotFoundException {}
}
