// Properties through reflection: GetProperty/GetProperties with binding
// flags, inherited and static properties, GetValue/SetValue, accessors,
// read-only properties and the same PropertyInfo from two lookups.
using System;
using System.Reflection;

class Base {
    public virtual int Size { get { return 1; } }
    public string Label { get; set; }
    protected int Hidden { get { return 7; } }
}

class Derived : Base {
    public override int Size { get { return 2; } }
    public static int Count { get; set; }
    int secret = 5;
    private int Secret { get { return secret; } set { secret = value; } }
}

class P {
    static int Main() {
        Type t = typeof(Derived);
        var names = new System.Collections.Generic.List<string>();
        foreach (var p in t.GetProperties()) names.Add(p.Name + ":" + p.PropertyType.Name + ":" + p.CanRead + p.CanWrite);
        names.Sort(StringComparer.Ordinal);
        Console.WriteLine(string.Join(" ", names));
        var d = new Derived();
        PropertyInfo label = t.GetProperty("Label");
        label.SetValue(d, "hello", null);
        Console.WriteLine(d.Label + " " + label.GetValue(d, null) + " " + label.DeclaringType.Name);
        Console.WriteLine(t.GetProperty("Size").GetValue(d, null));
        PropertyInfo count = t.GetProperty("Count", BindingFlags.Static | BindingFlags.Public);
        count.SetValue(null, 41, null);
        Console.WriteLine(Derived.Count + 1);
        PropertyInfo secret = t.GetProperty("Secret", BindingFlags.Instance | BindingFlags.NonPublic);
        secret.SetValue(d, 9, null);
        Console.WriteLine(secret.GetValue(d, null) + " " + (secret.GetGetMethod(true) != null) + " " + (secret.GetGetMethod() == null));
        Console.WriteLine(t.GetProperty("Hidden", BindingFlags.Instance | BindingFlags.NonPublic).GetValue(d, null));
        Console.WriteLine(t.GetProperty("Missing") == null);
        Console.WriteLine(ReferenceEquals(t.GetProperty("Label"), t.GetProperty("Label")));
        Console.WriteLine(t.GetProperty("Size").GetGetMethod().Name);
        return t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Length;
    }
}
