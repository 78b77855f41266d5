// native: marshal.c
// Strings into native code: UTF-8 copies by default (CharSet.Ansi and
// Auto, LPStr, LPUTF8Str), UTF-16 with CharSet.Unicode or LPWStr; null
// stays null. Each UTF-8 copy is freed after the call (a long loop would
// show a leak as growth, and valgrind as lost blocks).
using System;
using System.Runtime.InteropServices;

class Program {
    [DllImport("marshal")] static extern int utf8_length(string s);
    [DllImport("marshal")] static extern int utf8_sum(string s);
    [DllImport("marshal", EntryPoint = "utf8_length", CharSet = CharSet.Auto)] static extern int auto_length(string s);
    [DllImport("marshal", EntryPoint = "utf8_length")] static extern int lpstr_length([MarshalAs(UnmanagedType.LPStr)] string s);
    [DllImport("marshal", EntryPoint = "utf8_sum")] static extern int lputf8_sum([MarshalAs(UnmanagedType.LPUTF8Str)] string s);
    [DllImport("marshal", CharSet = CharSet.Unicode)] static extern int utf16_length(string s);
    [DllImport("marshal", CharSet = CharSet.Unicode)] static extern int utf16_sum(string s);
    [DllImport("marshal", EntryPoint = "utf16_sum")] static extern int lpwstr_sum([MarshalAs(UnmanagedType.LPWStr)] string s);
    [DllImport("marshal")]
    static extern int concat_length(string a, [MarshalAs(UnmanagedType.LPWStr)] string b, string c);

    static void Main() {
        Console.WriteLine(utf8_length("hello"));
        Console.WriteLine(utf8_length(""));
        Console.WriteLine(utf8_length(null));
        Console.WriteLine(utf8_length("h\u00e9llo w\u00f6rld \u20ac"));
        Console.WriteLine(utf8_sum("h\u00e9llo \u20ac"));
        Console.WriteLine(auto_length("na\u00efve"));
        Console.WriteLine(lpstr_length("abc"));
        Console.WriteLine(lputf8_sum("\u00e9t\u00e9"));
        Console.WriteLine(utf16_length("h\u00e9llo w\u00f6rld \u20ac"));
        Console.WriteLine(utf16_length(null));
        Console.WriteLine(utf16_sum("h\u00e9llo \u20ac"));
        Console.WriteLine(lpwstr_sum("h\u00e9llo \u20ac"));
        Console.WriteLine(concat_length("abc", "de\u00e9", null));
        // Many calls: each copy is freed, and strings made in the loop stay
        // alive while native code reads them.
        long total = 0;
        for (int i = 0; i < 200000; i++) {
            string s = "item " + i;
            total += utf8_length(s) + utf16_length(s);
        }
        Console.WriteLine(total);
    }
}
