// The bundled example: classes, interfaces, a delegate, an exception, formatting.
using System;
using System.Collections.Generic;

interface IGreeter { string Greet(string who); }

class Plain : IGreeter { public virtual string Greet(string who) { return "Hello, " + who + "!"; } }

class Loud : Plain { public override string Greet(string who) { return base.Greet(who).ToUpper(); } }

static class Program {
    static int Main(string[] args) {
        string who = args.Length > 0 ? args[0] : "world";
        var greeters = new List<IGreeter> { new Plain(), new Loud() };
        foreach (var g in greeters) Console.WriteLine(g.Greet(who));
        Func<int, int> square = x => x * x;
        int sum = 0;
        for (int i = 1; i <= 10; i++) sum += square(i);
        Console.WriteLine("sum of squares 1..10 = {0,6}", sum);
        Console.WriteLine("pi ~ {0:F5}, e ~ {1:F3}", Math.PI, Math.E);
        try {
            int[] a = new int[3];
            a[3] = 1;
        } catch (IndexOutOfRangeException e) {
            Console.WriteLine("caught: " + e.Message);
        }
        return 0;
    }
}
