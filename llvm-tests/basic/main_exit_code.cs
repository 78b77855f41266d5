// args: one two three
using System;
class P {
    static int Main(string[] args) {
        Console.WriteLine(args.Length);
        foreach (string a in args) Console.WriteLine(a);
        string[] cl = Environment.GetCommandLineArgs();
        for (int i = 1; i < cl.Length; i++) Console.WriteLine("cl " + cl[i]);
        return 42;
    }
}
