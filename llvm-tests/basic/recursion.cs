using System;
class P {
    static int Ack(int m, int n) { return m == 0 ? n + 1 : n == 0 ? Ack(m - 1, 1) : Ack(m - 1, Ack(m, n - 1)); }
    static long Fact(int n) { return n <= 1 ? 1 : n * Fact(n - 1); }
    static int Depth(int n) { return n == 0 ? 0 : 1 + Depth(n - 1); }
    static void Hanoi(int n, char a, char b, char c, ref int moves) { if (n == 0) return; Hanoi(n - 1, a, c, b, ref moves); moves++; Hanoi(n - 1, c, b, a, ref moves); }
    static void Main() {
        Console.WriteLine(Ack(2, 3)); Console.WriteLine(Fact(20)); Console.WriteLine(Depth(10000));
        int moves = 0; Hanoi(12, 'a', 'b', 'c', ref moves); Console.WriteLine(moves);
    }
}
