// File-system work on Mono's class libraries, which P/Invoke Mono's
// System.Native shim (libmono-native.so): Stat with an out struct and
// SetLastError, FStat with a SafeFileHandle, OpenDir/ReadDirR over a
// directory, strings as UTF-8 paths.
using System;
using System.IO;
using System.Linq;

class Program {
    static void Main() {
        Console.WriteLine(Path.GetTempPath().EndsWith("/"));
        // Beside the program: a directory of its own.
        string dir = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location), "files");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        try {
            Console.WriteLine(Directory.Exists(dir));
            Console.WriteLine(File.Exists(Path.Combine(dir, "missing.txt")));
            Console.WriteLine(Directory.Exists(Path.Combine(dir, "missing")));
            string a = Path.Combine(dir, "a.txt"), b = Path.Combine(dir, "b \u00e9t\u00e9.txt");
            File.WriteAllText(a, "hello\nworld\n");
            File.WriteAllText(b, new string('x', 5000));
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            Console.WriteLine(File.Exists(a) + " " + File.Exists(b) + " " + File.Exists(Path.Combine(dir, "sub")));
            Console.WriteLine(File.ReadAllText(a).Replace("\n", "|"));
            Console.WriteLine(new FileInfo(a).Length + " " + new FileInfo(b).Length);
            Console.WriteLine(new FileInfo(Path.Combine(dir, "missing.txt")).Exists);
            foreach (string f in Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal))
                Console.WriteLine("file " + Path.GetFileName(f));
            foreach (string d in Directory.GetDirectories(dir))
                Console.WriteLine("dir " + Path.GetFileName(d));
            Console.WriteLine(Directory.GetFiles(dir, "*.txt").Length);
            using (FileStream s = File.OpenRead(b))
                Console.WriteLine(s.Length);
            File.Delete(a);
            Console.WriteLine(File.Exists(a));
            try {
                File.ReadAllText(a);
            } catch (FileNotFoundException) {
                Console.WriteLine("FileNotFoundException");
            }
            Console.WriteLine(File.ReadAllText("/proc/self/status").Contains("VmRSS"));
        } finally {
            Directory.Delete(dir, true);
        }
        Console.WriteLine(Directory.Exists(dir));
    }
}
