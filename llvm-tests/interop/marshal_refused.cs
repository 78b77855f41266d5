// native: marshal.c
// A signature the marshaller cannot handle raises MarshalDirectiveException
// when called (in every mode; the method gets no stub), and the program
// goes on; the same library's other functions still work.
using System;
using System.Runtime.InteropServices;

class Plain { public int X; }

class Program {
    [DllImport("marshal", EntryPoint = "utf8_length")] static extern int generic_list(System.Collections.Generic.List<int> s);
    [DllImport("marshal", EntryPoint = "utf8_length")] static extern int plain_class(Plain p);
    [DllImport("marshal")] static extern int utf8_length(string s);

    static void Main() {
        try {
            generic_list(new System.Collections.Generic.List<int>());
            Console.WriteLine("called");
        } catch (MarshalDirectiveException) {
            Console.WriteLine("MarshalDirectiveException");
        }
        try {
            plain_class(new Plain());
            Console.WriteLine("called");
        } catch (MarshalDirectiveException) {
            Console.WriteLine("MarshalDirectiveException");
        }
        Console.WriteLine(utf8_length("still fine"));
    }
}
