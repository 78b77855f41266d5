using System;
enum Color { Red, Green, Blue }
enum Small : byte { A = 1, B = 200 }
enum Neg : long { Min = long.MinValue, Zero = 0 }
[Flags] enum Perm { None = 0, Read = 1, Write = 2, Exec = 4, All = 7 }
class P {
    static void Main() {
        Color c = Color.Blue; Console.WriteLine(c); Console.WriteLine((int)c); Console.WriteLine(c + 1); Console.WriteLine((Color)1); Console.WriteLine((Color)7);
        Console.WriteLine(Small.B); Console.WriteLine((byte)Small.B); Console.WriteLine(Neg.Min); Console.WriteLine((long)Neg.Min);
        Perm p = Perm.Read | Perm.Exec; Console.WriteLine(p); Console.WriteLine(Perm.All); Console.WriteLine(Perm.None); Console.WriteLine((Perm)9);
        Console.WriteLine(p.HasFlag(Perm.Read) + " " + p.HasFlag(Perm.Write));
        Console.WriteLine(c.ToString("D") + " " + c.ToString("X") + " " + Perm.All.ToString("F"));
        Console.WriteLine(Enum.GetName(typeof(Color), 1)); Console.WriteLine(string.Join(",", Enum.GetNames(typeof(Color))));
        foreach (Color v in Enum.GetValues(typeof(Color))) Console.Write(v + " "); Console.WriteLine();
        Console.WriteLine(Enum.Parse(typeof(Color), "Green")); Console.WriteLine((Perm)Enum.Parse(typeof(Perm), "Read, Write"));
        Console.WriteLine(Enum.IsDefined(typeof(Color), 2) + " " + Enum.IsDefined(typeof(Color), "Purple"));
        switch (c) { case Color.Red: Console.WriteLine("r"); break; case Color.Blue: Console.WriteLine("b"); break; }
        object o = c; Console.WriteLine(o is Color); Console.WriteLine(o.GetType()); Console.WriteLine(c.CompareTo(Color.Red) > 0); Console.WriteLine(c.Equals(Color.Blue));
        Console.WriteLine(Enum.GetUnderlyingType(typeof(Small)));
    }
}
