// A stack overflow nobody catches ends the process as an unhandled
// exception does (exit code 1), after the output written before it: in
// compiled code it is the guard zone's fault handler that reports it
// (runtime::stack_guard), in the interpreter its stack limit.
using System;

class P {
    static long Down(long n) { return Down(n + 1) * 2; }

    static int Main() {
        Console.Write("before, ");
        Console.WriteLine("unflushed line");
        Console.Write("partial line");
        Console.WriteLine(Down(0));
        Console.WriteLine("not reached");
        return 0;
    }
}
