// AppDomain.GetData and SetData: the setup values Mono answers (the
// program's directory and configuration file), values a program stores,
// unknown names, and a null name.
using System;
using System.IO;

class AppDomainData {
    static int Main() {
        AppDomain d = AppDomain.CurrentDomain;
        string exe = typeof(AppDomainData).Assembly.Location;
        string appbase = (string)d.GetData("APPBASE");
        Console.WriteLine("APPBASE is the program's directory: " + (appbase == Path.GetDirectoryName(exe) + "/"));
        Console.WriteLine("APP_CONFIG_FILE: " + Path.GetFileName((string)d.GetData("APP_CONFIG_FILE")));
        foreach (string k in new[] { "APP_NAME", "DYNAMIC_BASE", "PRIVATE_BINPATH", "unset" })
            Console.WriteLine(k + " = " + (d.GetData(k) ?? "null"));
        d.SetData("answer", 42);
        d.SetData("list", new[] { "a", "b" });
        GC.Collect();
        Console.WriteLine("answer = " + d.GetData("answer") + ", list = " + string.Join(",", (string[])d.GetData("list")));
        d.SetData("answer", null);
        Console.WriteLine("answer cleared: " + (d.GetData("answer") == null));
        try {
            d.GetData(null);
        } catch (ArgumentNullException e) {
            Console.WriteLine("ArgumentNullException " + e.ParamName);
        }
        return (int)d.GetData("list").GetType().GetArrayRank();
    }
}
