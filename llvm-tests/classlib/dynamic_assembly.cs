// A dynamic assembly and module of the program's own (AppDomain,
// AssemblyBuilder, ModuleBuilder), a TypeBuilder class without members made
// into a runtime class, and the module anonymously hosted dynamic methods
// live in.
using System;
using System.Reflection;
using System.Reflection.Emit;

public static class Program {
    static void Main() {
        var ab = AppDomain.CurrentDomain.DefineDynamicAssembly(new AssemblyName { Name = "Made" }, AssemblyBuilderAccess.Run);
        var mb = ab.DefineDynamicModule("made");
        var tb = mb.DefineType("Space.Holder", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var t = tb.CreateType();
        Console.WriteLine(t.Name + " " + t.FullName + " " + t.Namespace + " " + t.BaseType + " " + t.IsAbstract + " " + t.IsSealed + " " + t.IsClass);
        Console.WriteLine(tb.CreateType() == t);
        var anon = new DynamicMethod("anon", typeof(int), new[] { typeof(int) });
        var il = anon.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ret);
        Console.WriteLine(anon.Module.Name + " " + anon.Module.ScopeName);
        Console.WriteLine(((Func<int, int>)anon.CreateDelegate(typeof(Func<int, int>)))(4));
    }
}
