// native: marshal.c
// SetLastError=true keeps errno right after the call, for
// Marshal.GetLastWin32Error; a method without it leaves the last error alone.
using System;
using System.Runtime.InteropServices;

class Program {
    [DllImport("marshal", SetLastError = true)] static extern int fail_with(int code);
    [DllImport("marshal", EntryPoint = "fail_with")] static extern int fail_quietly(int code);
    [DllImport("libc.so.6", SetLastError = true)] static extern int close(int fd);
    [DllImport("libc.so.6", SetLastError = true)] static extern int chdir(string path);

    static void Main() {
        Console.WriteLine(fail_with(2) + " " + Marshal.GetLastWin32Error());
        Console.WriteLine(fail_with(13) + " " + Marshal.GetLastWin32Error());
        fail_quietly(99);
        Console.WriteLine(Marshal.GetLastWin32Error());
        Console.WriteLine(close(-1) + " " + Marshal.GetLastWin32Error());
        Console.WriteLine(chdir("/no/such/directory") + " " + Marshal.GetLastWin32Error());
        fail_with(0);
        Console.WriteLine(Marshal.GetLastWin32Error());
    }
}
