// stats
// Compiles 20,000 expression trees on Mono's System.Core (each one an
// anonymously hosted dynamic method), invokes each compiled delegate and
// drops it; the harness checks through `--stats` that every dynamic
// method was freed.
using System;
using System.Linq.Expressions;

public static class Program {
    static void Main() {
        var x = Expression.Parameter(typeof(int), "x");
        long total = 0;
        for (int i = 0; i < 20000; i++) {
            // A constant of its own per tree, and every fourth a closure
            // over a captured variable, so no two compiled delegates agree.
            Expression body = Expression.Add(Expression.Multiply(x, Expression.Constant(i % 97)), Expression.Constant(i));
            if (i % 4 == 0) {
                int captured = i / 4;
                Expression<Func<int>> read = () => captured;
                body = Expression.Subtract(body, Expression.Invoke(read));
            }
            var f = Expression.Lambda<Func<int, int>>(body, x).Compile();
            total += f(3);
        }
        Console.WriteLine("total " + total);
    }
}
