// Unbounded recursion through interface, virtual and generic calls, with
// value-type frames, overflows the stack as plain recursion does: the
// process ends with exit code 1 and the output written so far.
using System;

interface IWalker { long Walk(IWalker other, Big b); }

struct Big { public long A, B, C, D; }

class Ping : IWalker {
    public long Walk(IWalker other, Big b) { b.A++; return other.Walk(this, b) + b.B; }
}

abstract class Pong : IWalker {
    public abstract long Walk(IWalker other, Big b);
}

class Pong2<T> : Pong {
    public override long Walk(IWalker other, Big b) { return Deeper<T>(other, b) + 1; }
    long Deeper<U>(IWalker other, Big b) { b.C--; return other.Walk(this, b); }
}

class P {
    static int Main() {
        for (int i = 0; i < 3; i++)
            Console.WriteLine("round " + i);
        Console.WriteLine(new Ping().Walk(new Pong2<string>(), new Big()));
        return 0;
    }
}
