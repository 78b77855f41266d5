using System;
class P {
    static void Main() {
        int[,] m = new int[3, 4];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) m[i, j] = i * 10 + j;
        Console.WriteLine(m[2, 3] + " " + m.Length + " " + m.Rank + " " + m.GetLength(0) + " " + m.GetLength(1) + " " + m.GetUpperBound(1));
        string[,,] s = new string[2, 2, 2]; s[1, 1, 1] = "deep"; Console.WriteLine(s[1, 1, 1] + (s[0, 0, 0] == null));
        double[,] init = { { 1.5, 2.5 }, { 3.5, 4.5 } }; Console.WriteLine(init[1, 0] + init[0, 1]);
        int sum = 0; foreach (int v in m) sum += v; Console.WriteLine(sum);
        m[1, 1] += 100; Console.WriteLine(m[1, 1]);
        Console.WriteLine(m.GetType() + " " + m.GetValue(2, 1));
        try { Console.WriteLine(m[3, 0]); } catch (IndexOutOfRangeException e) { Console.WriteLine(e.Message); }
        long[,] big = new long[2, 3]; big[1, 2] = long.MaxValue; Console.WriteLine(big[1, 2]);
        Array a = Array.CreateInstance(typeof(int), 2, 3); a.SetValue(5, 1, 2); Console.WriteLine(a.GetValue(1, 2) + " " + a.Rank);
    }
}
