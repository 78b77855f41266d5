using System;
class P {
    static string Dense(int x) { switch (x) { case 0: return "zero"; case 1: return "one"; case 2: return "two"; case 3: return "three"; default: return "many"; } }
    static string Sparse(int x) { switch (x) { case -100: return "minus"; case 7: return "seven"; case 1000: return "thousand"; case 1 << 20: return "big"; default: return "?"; } }
    static int Str(string s) { switch (s) { case "alpha": return 1; case "beta": return 2; case "gamma": return 3; case "delta": return 4; case "epsilon": return 5; case "zeta": return 6; case "eta": return 7; default: return 0; } }
    static void Main() {
        for (int i = -1; i < 6; i++) Console.Write(Dense(i) + " ");
        Console.WriteLine();
        foreach (int v in new[] { -100, 7, 1000, 1 << 20, 3 }) Console.Write(Sparse(v) + " ");
        Console.WriteLine();
        foreach (string s in new[] { "alpha", "eta", "zeta", "none", "gamma" }) Console.Write(Str(s) + " ");
        Console.WriteLine();
        int n = 0;
    again:
        n++;
        if (n < 5) goto again;
        Console.WriteLine(n);
        int total = 0;
        for (int i = 0; i < 10; i++) { if (i % 2 == 0) continue; if (i > 7) break; total += i; }
        Console.WriteLine(total);
        int w = 0; do { w += 3; } while (w < 20); Console.WriteLine(w);
        char c = 'b';
        switch (c) { case 'a': case 'b': Console.WriteLine("a or b"); break; default: Console.WriteLine("other"); break; }
    }
}
