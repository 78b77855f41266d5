using System;
class P {
    static void Main() {
        int[] a = new int[5]; for (int i = 0; i < a.Length; i++) a[i] = i * i; Console.WriteLine(string.Join(",", a));
        byte[] b = { 1, 2, 255 }; sbyte[] sb = { -1, 127 }; short[] s = { -300, 300 }; ushort[] us = { 65535 }; uint[] ui = { 4000000000 };
        long[] l = { long.MinValue }; ulong[] ul = { ulong.MaxValue }; float[] f = { 1.5f }; double[] d = { 2.25 }; char[] c = { 'x' }; bool[] bo = { true, false };
        string[] str = { "s", null }; object[] o = { 1, "two", null, 3.0 };
        Console.WriteLine(b[2] + " " + sb[0] + " " + s[0] + " " + us[0] + " " + ui[0] + " " + l[0] + " " + ul[0] + " " + f[0] + " " + d[0] + " " + c[0] + " " + bo[0] + bo[1] + " " + (str[1] == null) + " " + o[1]);
        b[0] += 255; Console.WriteLine(b[0]); s[1] *= 200; Console.WriteLine(s[1]);
        int[][] jag = new int[3][]; for (int i = 0; i < 3; i++) { jag[i] = new int[i + 1]; jag[i][i] = i; } Console.WriteLine(jag[2][2] + " " + jag[1].Length);
        int[] copy = (int[])a.Clone(); copy[0] = 99; Console.WriteLine(a[0] + " " + copy[0]);
        Console.WriteLine(a.GetType() + " " + typeof(string[]).Name + " " + a.Rank + " " + new int[0].Length);
        int[] dst = new int[7]; Array.Copy(a, 0, dst, 2, 5); Console.WriteLine(string.Join(",", dst));
        Array.Copy(dst, 2, dst, 3, 4); Console.WriteLine(string.Join(",", dst));
        Console.WriteLine(Array.IndexOf(a, 9) + " " + Array.IndexOf(a, 7) + " " + Array.LastIndexOf(new[] { 1, 2, 1 }, 1));
        Array.Reverse(a); Console.WriteLine(string.Join(",", a)); Array.Clear(a, 1, 2); Console.WriteLine(string.Join(",", a));
        Array.Resize(ref a, 7); Console.WriteLine(a.Length + " " + a[6]); Array.Resize(ref a, 2); Console.WriteLine(string.Join(",", a));
        object[] boxes = new object[3]; Array.Copy(new int[] { 7, 8, 9 }, boxes, 3); Console.WriteLine(boxes[2]);
    }
}
