// `readonly. ldelema` (what mcs emits for a constrained call on an array
// element of a generic type) takes no exact-type check: a string[] seen as
// object[] is searched without ArrayTypeMismatchException.
using System;

class P {
    static int Find<T>(T[] items, T x) {
        for (int i = 0; i < items.Length; i++)
            if (items[i].Equals(x)) return i;
        return -1;
    }

    static int Main() {
        object[] covariant = new string[] { "a", "b", "c" };
        Console.WriteLine(Find<object>(covariant, "c"));
        Console.WriteLine(Find(new int[] { 4, 5 }, 5));
        try {
            covariant[0] = 1;
        } catch (ArrayTypeMismatchException) {
            Console.WriteLine("store still checked");
        }
        return Find<object>(covariant, "b");
    }
}
