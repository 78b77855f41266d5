using System;
class P {
    static void Main() {
        var r = new Random(12345);
        for (int i = 0; i < 5; i++) Console.Write(r.Next() + " ");
        Console.WriteLine();
        for (int i = 0; i < 5; i++) Console.Write(r.Next(100) + " ");
        Console.WriteLine();
        for (int i = 0; i < 5; i++) Console.Write(r.Next(-50, 50) + " ");
        Console.WriteLine();
        for (int i = 0; i < 3; i++) Console.Write(r.NextDouble().ToString("F6") + " ");
        Console.WriteLine();
        var b = new byte[6]; new Random(7).NextBytes(b); Console.WriteLine(BitConverter.ToString(b));
    }
}
