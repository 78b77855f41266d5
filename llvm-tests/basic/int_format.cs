using System;
class P {
    static void Main() {
        int[] vals = { 0, 1, -1, 42, -42, 1234567, int.MaxValue, int.MinValue };
        foreach (int v in vals)
            Console.WriteLine("{0} {1:D5} {2:X} {3:x8} {4:N0} {5:N2} {6:F1} {7:E2} [{8,8}] [{9,-8}] {10:P0}", v, v, v, v, v, v, v, v, v, v, v);
        Console.WriteLine(255.ToString("X2") + " " + ((byte)255).ToString("x") + " " + ((short)-1).ToString("X") + " " + (-1L).ToString("X"));
        Console.WriteLine(12.ToString("000") + " " + 1234567.ToString("#,##0") + " " + 5.ToString("0.00"));
        Console.WriteLine(ulong.MaxValue.ToString("N0")); Console.WriteLine(long.MinValue.ToString("D"));
        Console.WriteLine(string.Format("{0,5}|{1,-5}|{2,5:X}", 1, 2, 255));
        Console.WriteLine("{{literal}} {0}", 7);
    }
}
