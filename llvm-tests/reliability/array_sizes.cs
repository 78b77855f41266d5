// Array lengths out of range: negative or above int.MaxValue is an
// OverflowException; a multi-dimensional array of more than int.MaxValue
// elements, or more bytes than the process can have, OutOfMemoryException.
using System;
using System.Runtime.CompilerServices;

class P {
    // Lengths come from calls: see exceptions/runtime_exceptions.cs for
    // Mono's JIT and lengths computed by 32-bit arithmetic.
    [MethodImpl(MethodImplOptions.NoInlining)] static int N(int x) { return x; }
    [MethodImpl(MethodImplOptions.NoInlining)] static long L(long x) { return x; }

    static void Try(string what, Func<object> make) {
        try {
            Array a = (Array)make();
            Console.WriteLine(what + ": length " + a.Length + ", rank " + a.Rank);
        } catch (OverflowException e) {
            Console.WriteLine(what + ": " + e.GetType().Name);
        } catch (OutOfMemoryException e) {
            Console.WriteLine(what + ": " + e.GetType().Name);
        } catch (ArgumentException e) {
            Console.WriteLine(what + ": " + e.GetType().Name);
        }
    }

    static void Main() {
        Try("float[-1]", () => new float[N(-1)]);
        Try("int[int.MinValue]", () => new int[N(int.MinValue)]);
        Try("string[-2]", () => new string[N(-2)]);
        Try("byte[-1L]", () => new byte[L(-1L)]);
        Try("byte[5000000000L]", () => new byte[L(5000000000L)]);
        Try("double[long.MaxValue]", () => new double[L(long.MaxValue)]);
        Try("int[MaxValue, MaxValue]", () => new int[N(int.MaxValue), N(int.MaxValue)]);
        Try("object[MaxValue, MaxValue, 2]", () => new object[N(int.MaxValue), N(int.MaxValue), N(2)]);
        Try("byte[65536, 65536]", () => new byte[N(65536), N(65536)]);
        Try("int[-1, 2]", () => new int[N(-1), N(2)]);
        Try("int[2, -1]", () => new int[N(2), N(-1)]);
        Try("int[0, MaxValue]", () => new int[N(0), N(int.MaxValue)]);
        Try("CreateInstance(int, 70000, 70000)", () => Array.CreateInstance(typeof(int), N(70000), N(70000)));
        Try("CreateInstance(int, -5)", () => Array.CreateInstance(typeof(int), N(-5)));
        Try("byte[0]", () => new byte[N(0)]);
        Try("char[3, 4]", () => new char[N(3), N(4)]);
        // The failures leave the heap usable.
        int[] live = new int[N(1000)];
        for (int i = 0; i < live.Length; i++) live[i] = i;
        long sum = 0;
        foreach (int x in live) sum += x;
        Console.WriteLine("sum " + sum);
    }
}
