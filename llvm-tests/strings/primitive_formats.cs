using System;
class P {
    static void Show(string name, IFormattable v) {
        foreach (string f in new[] { "G", "D", "X", "N0", "N2", "E3", "F1", "P0", "0.0", "G3" }) {
            string s;
            try { s = v.ToString(f, null); } catch (FormatException) { s = "FormatException"; }
            Console.Write(s + "|");
        }
        Console.WriteLine(" " + name);
    }
    static void Main() {
        Show("sbyte", (sbyte)-100); Show("byte", (byte)200); Show("short", (short)-12345); Show("ushort", (ushort)54321);
        Show("int", 123456789); Show("uint", 4000000000u); Show("long", -9876543210L); Show("ulong", 18000000000000000000UL);
        Console.WriteLine(1.5f.ToString("R") + " " + (1f / 3).ToString("G9") + " " + 1e-10f + " " + 123456.7f + " " + 1234567.8f + " " + float.MaxValue + " " + (-0.0f));
        Console.WriteLine(0.1.ToString("G17") + " " + 1e300.ToString("E2") + " " + 12.5.ToString("P1") + " " + (-1234.5).ToString("N") + " " + 0.000123.ToString("G2"));
        Console.WriteLine(((IFormattable)3.25).ToString("F3", null) + " " + 100.ToString("E") + " " + (-5).ToString("D4") + " " + 7L.ToString("X16"));
    }
}
