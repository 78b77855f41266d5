// Custom attributes read through reflection: constructor arguments of every
// kind (ints, strings, enums, types, arrays, boxed objects), named fields
// and properties, inheritance of attribute classes, IsDefined, and
// attributes on types, methods, constructors and fields.
using System;
using System.Reflection;

enum Color : byte { Red = 1, Green = 2 }

[AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
class TagAttribute : Attribute {
    public string Name;
    public int Weight { get; set; }
    public object Extra;
    public TagAttribute(string name) { Name = name; }
    public override string ToString() { return "Tag(" + Name + ", " + Weight + ", " + (Extra ?? "null") + ")"; }
}

class SpecialTagAttribute : TagAttribute {
    public SpecialTagAttribute() : base("special") { }
}

class InfoAttribute : Attribute {
    public readonly long Big; public readonly Color C; public readonly Type T; public readonly int[] Nums; public readonly object Boxed;
    public InfoAttribute(long big, Color c, Type t, int[] nums, object boxed) { Big = big; C = c; T = t; Nums = nums; Boxed = boxed; }
    public override string ToString() {
        return "Info(" + Big + ", " + C + ", " + T + ", [" + (Nums == null ? "null" : string.Join(",", Nums)) + "], " + Boxed + ")";
    }
}

[Tag("first", Weight = 3)]
[Tag("second", Extra = 4.5)]
[SpecialTag]
[Info(-5000000000, Color.Green, typeof(string), new[] { 1, 2, 3 }, Color.Red)]
class Target {
    [Tag("field", Extra = typeof(int[]))] public int F;
    [Info(1, Color.Red, null, null, "boxed string")] public Target() { }
    [Tag("method")] [Obsolete("old")] public void M() { }
    public void Plain() { }
}

class P {
    static void Show(string what, object[] attrs) {
        var names = new string[attrs.Length];
        for (int i = 0; i < attrs.Length; i++) names[i] = attrs[i].ToString();
        Array.Sort(names, StringComparer.Ordinal);
        Console.WriteLine(what + ": " + attrs.Length + " " + string.Join(" | ", names));
    }

    static int Main() {
        Type t = typeof(Target);
        Show("type", t.GetCustomAttributes(false));
        Show("type tags", t.GetCustomAttributes(typeof(TagAttribute), false));
        Show("type info", t.GetCustomAttributes(typeof(InfoAttribute), false));
        Console.WriteLine(t.IsDefined(typeof(SpecialTagAttribute), false) + " " + t.IsDefined(typeof(ObsoleteAttribute), false));
        Show("field", t.GetField("F").GetCustomAttributes(false));
        Show("ctor", t.GetConstructor(Type.EmptyTypes).GetCustomAttributes(false));
        MethodInfo m = t.GetMethod("M");
        Show("method", m.GetCustomAttributes(true));
        var obsolete = (ObsoleteAttribute)Attribute.GetCustomAttribute(m, typeof(ObsoleteAttribute));
        Console.WriteLine("obsolete: " + obsolete.Message);
        Show("plain", t.GetMethod("Plain").GetCustomAttributes(false));
        Console.WriteLine(Attribute.IsDefined(m, typeof(TagAttribute)));
        return t.GetCustomAttributes(false).Length;
    }
}
