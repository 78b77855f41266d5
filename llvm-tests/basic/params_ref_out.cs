using System;
class P {
    static int Sum(params int[] xs) { int s = 0; foreach (int x in xs) s += x; return s; }
    static void Swap<T>(ref T a, ref T b) { T t = a; a = b; b = t; }
    static bool Div(int a, int b, out int q, out int r) { if (b == 0) { q = r = 0; return false; } q = a / b; r = a % b; return true; }
    static int Opt(int a, int b = 10, string c = "x") { return a + b + c.Length; }
    static void Main() {
        Console.WriteLine(Sum()); Console.WriteLine(Sum(1)); Console.WriteLine(Sum(1, 2, 3)); Console.WriteLine(Sum(new[] { 4, 5 }));
        int x = 1, y = 2; Swap(ref x, ref y); Console.WriteLine(x + " " + y);
        string s1 = "a", s2 = "b"; Swap(ref s1, ref s2); Console.WriteLine(s1 + s2);
        int q, r; Console.WriteLine(Div(17, 5, out q, out r) + " " + q + " " + r); Console.WriteLine(Div(1, 0, out q, out r));
        Console.WriteLine(Opt(1)); Console.WriteLine(Opt(1, 2)); Console.WriteLine(Opt(1, c: "abc"));
        int[] arr = { 1, 2, 3 }; Swap(ref arr[0], ref arr[2]); Console.WriteLine(string.Join(",", arr));
    }
}
