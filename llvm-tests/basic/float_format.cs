using System;
class P {
    static void Main() {
        double[] vals = { 0, 1, -1, 0.1, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1e15, 1e16, 123456789012345678.0, 1e-4, 1e-5, 1.5e-7, 3.14159265358979, 100, 1e20, -2.5e-30, double.MaxValue, double.Epsilon };
        foreach (double v in vals) {
            Console.WriteLine("{0} | {1} | {2:F2} | {3:F9} | {4:E} | {5:N1} | {6:G3} | {7:P}", v, v.ToString("R"), v, v, v, v, v, v);
        }
        Console.WriteLine(double.NaN); Console.WriteLine(double.PositiveInfinity); Console.WriteLine(double.NegativeInfinity);
        float[] fs = { 0.1f, 1.0f / 3, 16777216f, 3.4e38f, 1.5e-10f };
        foreach (float f in fs) Console.WriteLine("{0} {1} {2:F3}", f, f.ToString("R"), f);
        Console.WriteLine(2.5.ToString("F0")); Console.WriteLine(3.5.ToString("F0")); Console.WriteLine((-2.5).ToString("F0"));
        Console.WriteLine(1234.5678.ToString("0.00")); Console.WriteLine(1234.5678.ToString("#,##0.0")); Console.WriteLine(0.5.ToString("0.###"));
        // Through variables: Mono's JIT folds Math.Round of constants with C rounding.
        double[] mids = { 2.5, 3.5, -2.5, 0.5 };
        foreach (double m in mids) Console.Write(Math.Round(m) + " ");
        Console.WriteLine(Math.Round(2.345, 2));
    }
}
