// Environment.ExitCode set by a Main returning void is the process's exit code.
using System;

class P {
    static void Main() {
        Console.WriteLine("before: " + Environment.ExitCode);
        Environment.ExitCode = 42;
        Console.WriteLine("after: " + Environment.ExitCode);
    }
}
