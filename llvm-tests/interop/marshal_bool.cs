// native: marshal.c
// bool crosses as a 4-byte Win32 BOOL unless [MarshalAs(U1)] makes it one
// byte; any non-zero result is true. char crosses as a 16-bit unit.
using System;
using System.Runtime.InteropServices;

class Program {
    [DllImport("marshal")] static extern int bool_to_int(bool b);
    [DllImport("marshal")] static extern int bool1_to_int([MarshalAs(UnmanagedType.U1)] bool b);
    [DllImport("marshal", EntryPoint = "bool_to_int")] static extern int bool4_to_int([MarshalAs(UnmanagedType.Bool)] bool b);
    [DllImport("marshal")] static extern bool is_positive(int x);
    [DllImport("marshal")] [return: MarshalAs(UnmanagedType.U1)] static extern bool is_even1(int x);
    [DllImport("marshal")] static extern char next_char(char c);

    static void Main() {
        Console.WriteLine(bool_to_int(true) + " " + bool_to_int(false));
        Console.WriteLine(bool1_to_int(true) + " " + bool1_to_int(false));
        Console.WriteLine(bool4_to_int(true) + " " + bool4_to_int(false));
        Console.WriteLine(is_positive(5) + " " + is_positive(-5));
        Console.WriteLine(is_even1(4) + " " + is_even1(3));
        bool t = is_positive(1);
        Console.WriteLine(t == true ? "canonical true" : "odd true");
        Console.WriteLine(next_char('a') + " " + (int)next_char('\u20ac'));
    }
}
