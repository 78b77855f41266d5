using System;
class P {
    static void Main() {
        Console.WriteLine("before");
        try { Environment.Exit(7); } finally { Console.WriteLine("finally does not run"); }
        Console.WriteLine("after");
    }
}
