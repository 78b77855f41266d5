// The reflection dynamic methods rely on: member lookup with binding flags
// and parameter types, Invoke with boxing and TargetInvocationException,
// fields, properties, constructors, Activator, Delegate.CreateDelegate.
using System;
using System.Reflection;

public class Animal {
    public string Name;
    protected int legs;
    static int count;
    public static readonly string Kingdom = "animalia";
    public Animal() : this("nobody", 0) {}
    public Animal(string name, int legs) { Name = name; this.legs = legs; count++; }
    public virtual string Speak() { return "..."; }
    public int Legs { get { return legs; } set { legs = value; } }
    public static int Count { get { return count; } }
    public string Describe(string prefix, int times) { string s = ""; for (int i = 0; i < times; i++) s += prefix; return s + Name + "/" + legs; }
    public string Describe(string prefix) { return prefix + Name; }
    private string Secret() { return "secret of " + Name; }
    public static double Half(double x) { return x / 2; }
    public static T Echo<T>(T x) { return x; }
    public void Fail() { throw new InvalidOperationException("no"); }
}
public class Dog : Animal {
    public Dog(string name) : base(name, 4) {}
    public override string Speak() { return "woof"; }
}
public struct Pair { public int A; public long B; public override string ToString() { return A + ":" + B; } }

public static class Program {
    delegate string Speaker();
    delegate double Halver(double x);

    static void Main() {
        Type t = typeof(Animal);
        var dog = new Dog("rex");

        MethodInfo speak = t.GetMethod("Speak");
        Console.WriteLine(speak.Name + " " + speak.ReturnType + " " + speak.DeclaringType + " virtual=" + speak.IsVirtual);
        Console.WriteLine("invoke virtual: " + speak.Invoke(dog, null));
        Console.WriteLine("dog's Speak declared by " + typeof(Dog).GetMethod("Speak").DeclaringType);

        MethodInfo d2 = t.GetMethod("Describe", new[] { typeof(string), typeof(int) });
        Console.WriteLine("overload: " + d2.Invoke(dog, new object[] { "-", 3 }) + " params " + d2.GetParameters().Length);
        foreach (ParameterInfo p in d2.GetParameters()) Console.WriteLine("  " + p.Position + " " + p.ParameterType);
        try { t.GetMethod("Describe"); } catch (AmbiguousMatchException) { Console.WriteLine("ambiguous Describe"); }
        Console.WriteLine("missing: " + (t.GetMethod("Nope") == null));

        MethodInfo secret = t.GetMethod("Secret", BindingFlags.NonPublic | BindingFlags.Instance);
        Console.WriteLine("private: " + secret.Invoke(dog, new object[0]) + " public lookup finds it: " + (t.GetMethod("Secret") != null));

        MethodInfo half = t.GetMethod("Half", BindingFlags.Public | BindingFlags.Static);
        Console.WriteLine("static: " + half.Invoke(null, new object[] { 5.0 }) + " static=" + half.IsStatic);
        try { half.Invoke(null, new object[] { "x" }); } catch (ArgumentException e) { Console.WriteLine("bad argument: " + e.GetType().Name); }
        try { half.Invoke(null, new object[0]); } catch (TargetParameterCountException e) { Console.WriteLine("count: " + e.GetType().Name); }
        try { t.GetMethod("Fail").Invoke(dog, null); } catch (TargetInvocationException e) { Console.WriteLine("wrapped: " + e.InnerException.GetType().Name + " " + e.InnerException.Message); }

        MethodInfo echo = t.GetMethod("Echo").MakeGenericMethod(typeof(int));
        Console.WriteLine("generic: " + echo.Invoke(null, new object[] { 42 }) + " " + echo.IsGenericMethod + " " + t.GetMethod("Echo").IsGenericMethodDefinition);

        FieldInfo name = t.GetField("Name");
        Console.WriteLine("field: " + name.GetValue(dog) + " " + name.FieldType);
        name.SetValue(dog, "max");
        Console.WriteLine("set: " + dog.Name);
        FieldInfo legs = t.GetField("legs", BindingFlags.NonPublic | BindingFlags.Instance);
        legs.SetValue(dog, 3);
        Console.WriteLine("protected: " + legs.GetValue(dog) + " " + dog.Legs);
        Console.WriteLine("static field: " + t.GetField("Kingdom").GetValue(null) + " private static: " + t.GetField("count", BindingFlags.NonPublic | BindingFlags.Static).GetValue(null));
        Console.WriteLine("inherited field via Dog: " + (typeof(Dog).GetField("Name") != null) + " " + (typeof(Dog).GetField("legs", BindingFlags.NonPublic | BindingFlags.Instance) != null));

        object pair = new Pair();
        FieldInfo pb = typeof(Pair).GetField("B");
        pb.SetValue(pair, 1234567890123L);
        typeof(Pair).GetField("A").SetValue(pair, 7);
        Console.WriteLine("struct fields: " + pair + " " + pb.GetValue(pair).GetType().Name);

        PropertyInfo lp = t.GetProperty("Legs");
        Console.WriteLine("property: " + lp.Name + " " + lp.PropertyType + " " + lp.GetValue(dog, null) + " r/w " + lp.CanRead + lp.CanWrite);
        lp.SetValue(dog, 8, null);
        Console.WriteLine("after set: " + dog.Legs + " static property: " + t.GetProperty("Count").GetValue(null, null));
        Console.WriteLine("string length property: " + typeof(string).GetProperty("Length").GetValue("hello", null));

        ConstructorInfo ctor = t.GetConstructor(new[] { typeof(string), typeof(int) });
        var a = (Animal)ctor.Invoke(new object[] { "cat", 4 });
        Console.WriteLine("ctor: " + a.Name + " " + a.Legs + " params " + ctor.GetParameters().Length + " ctors " + t.GetConstructors().Length);
        var b = (Animal)Activator.CreateInstance(typeof(Dog), "fido");
        Console.WriteLine("activator: " + b.Name + " " + b.Speak() + " default: " + ((Animal)Activator.CreateInstance(t)).Name);

        var sp = (Speaker)Delegate.CreateDelegate(typeof(Speaker), dog, speak);
        var hv = (Halver)Delegate.CreateDelegate(typeof(Halver), half);
        Console.WriteLine("delegates: " + sp() + " " + hv(9) + " " + (sp.Target == dog));
        var byName = (Speaker)Delegate.CreateDelegate(typeof(Speaker), new Animal(), "Speak");
        Console.WriteLine("by name: " + byName());

        int declared = 0;
        foreach (MethodInfo m in typeof(Dog).GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.Instance)) { declared++; Console.WriteLine("declared: " + m.Name); }
        Console.WriteLine("count " + declared);
    }
}
