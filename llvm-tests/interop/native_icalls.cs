// native: icalls.c
// Internal calls a native library registers with its host, as Mono's
// System.Native shim does (mono_add_internal_call_with_flags), called with
// their C signatures; the library's use of mono_marshal_set_last_error
// and GC-safe regions. Registration comes first: a method calling them is
// bound when it first runs.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

static class Icalls {
    [DllImport("icalls")] public static extern void register_icalls();
    [MethodImpl(MethodImplOptions.InternalCall)] public static extern int Twice(int x);
    [MethodImpl(MethodImplOptions.InternalCall)] public static extern long AddScaled(long a, int b, double k);
    [MethodImpl(MethodImplOptions.InternalCall)] public static extern int FailInRegion(int code);
}

class Program {
    static void Use() {
        Console.WriteLine(Icalls.Twice(21));
        Console.WriteLine(Icalls.AddScaled(1L << 40, 10, 2.5));
        Console.WriteLine(Icalls.FailInRegion(28) + " " + Marshal.GetLastWin32Error());
    }

    static void Main() {
        Icalls.register_icalls();
        Use();
    }
}
