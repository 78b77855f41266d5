using System;
class P {
    static void Main() {
        Console.WriteLine(Math.Sqrt(2)); Console.WriteLine(Math.Pow(2, 10)); Console.WriteLine(Math.Pow(2, 0.5)); Console.WriteLine(Math.Abs(-3));
        Console.WriteLine(Math.Abs(-2.5)); Console.WriteLine(Math.Max(3, 7)); Console.WriteLine(Math.Min(-1L, 5L)); Console.WriteLine(Math.Floor(-2.5));
        Console.WriteLine(Math.Ceiling(2.1)); Console.WriteLine(Math.Round(0.125, 2)); Console.WriteLine(Math.Sin(0.5)); Console.WriteLine(Math.Cos(1));
        Console.WriteLine(Math.Atan2(1, 2)); Console.WriteLine(Math.Exp(1)); Console.WriteLine(Math.Log(10)); Console.WriteLine(Math.Log10(1000));
        Console.WriteLine(Math.Log(8, 2)); Console.WriteLine(Math.Sign(-4)); Console.WriteLine(Math.Sign(0.0)); Console.WriteLine(Math.Truncate(-7.9));
        Console.WriteLine(Math.Max(double.NaN, 1)); Console.WriteLine(Math.Tan(0.25)); Console.WriteLine(Math.PI * 2); Console.WriteLine(Math.BigMul(100000, 100000));
        int r; Console.WriteLine(Math.DivRem(17, 5, out r) + " " + r);
        try { Math.Abs(int.MinValue); } catch (OverflowException e) { Console.WriteLine(e.Message); }
        Console.WriteLine(5.0 % 3); Console.WriteLine(-5.5 % 2); Console.WriteLine(1.0 / 0); Console.WriteLine(0.0 / 0 == 0.0 / 0);
    }
}
