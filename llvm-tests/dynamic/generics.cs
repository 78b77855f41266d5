// Dynamic methods over generic types and value types: List<int> and
// Dictionary<string,int> members, casts, unboxing, ldtoken, struct fields
// through addresses, initobj, and a generic delegate type.
using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;

public struct Vec { public int X; public int Y; }

public static class Program {
    static DynamicMethod Make(string name, Type ret, params Type[] ps) {
        return new DynamicMethod(name, ret, ps, typeof(Program).Module);
    }

    static void Main() {
        // List<int>: Add in a loop, then Count and the indexer.
        var dm = Make("list", typeof(int), typeof(List<int>), typeof(int));
        var il = dm.GetILGenerator();
        var i = il.DeclareLocal(typeof(int));
        Label top = il.DefineLabel(), test = il.DefineLabel();
        il.Emit(OpCodes.Br, test);
        il.MarkLabel(top);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Callvirt, typeof(List<int>).GetMethod("Add"));
        il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, i);
        il.MarkLabel(test);
        il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Blt, top);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Callvirt, typeof(List<int>).GetProperty("Count").GetGetMethod());
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_3); il.Emit(OpCodes.Callvirt, typeof(List<int>).GetMethod("get_Item"));
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
        var list = new List<int>();
        Console.WriteLine("list " + ((Func<List<int>, int, int>)dm.CreateDelegate(typeof(Func<List<int>, int, int>)))(list, 6) + " " + string.Join(",", list));

        // Dictionary<string, int>: TryGetValue through a local's address.
        dm = Make("dict", typeof(int), typeof(Dictionary<string, int>), typeof(string));
        il = dm.GetILGenerator();
        var v = il.DeclareLocal(typeof(int));
        Label miss = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Ldloca_S, v);
        il.Emit(OpCodes.Callvirt, typeof(Dictionary<string, int>).GetMethod("TryGetValue"));
        il.Emit(OpCodes.Brfalse_S, miss);
        il.Emit(OpCodes.Ldloc, v); il.Emit(OpCodes.Ret);
        il.MarkLabel(miss);
        il.Emit(OpCodes.Ldc_I4_M1); il.Emit(OpCodes.Ret);
        var lookup = (Func<Dictionary<string, int>, string, int>)dm.CreateDelegate(typeof(Func<Dictionary<string, int>, string, int>));
        var d = new Dictionary<string, int> { { "a", 1 }, { "b", 2 } };
        Console.WriteLine("dict " + lookup(d, "b") + " " + lookup(d, "z"));

        // isinst, castclass, unbox.any.
        dm = Make("cast", typeof(string), typeof(object));
        il = dm.GetILGenerator();
        Label notStr = il.DefineLabel(), notInt = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Isinst, typeof(string)); il.Emit(OpCodes.Brfalse, notStr);
        il.Emit(OpCodes.Ldstr, "string:"); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Castclass, typeof(string));
        il.Emit(OpCodes.Call, typeof(string).GetMethod("Concat", new[] { typeof(string), typeof(string) })); il.Emit(OpCodes.Ret);
        il.MarkLabel(notStr);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Isinst, typeof(int)); il.Emit(OpCodes.Brfalse, notInt);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Unbox_Any, typeof(int)); il.Emit(OpCodes.Ldc_I4, 1000); il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Box, typeof(int)); il.Emit(OpCodes.Callvirt, typeof(object).GetMethod("ToString")); il.Emit(OpCodes.Ret);
        il.MarkLabel(notInt);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Castclass, typeof(string)); il.Emit(OpCodes.Ret);
        var cast = (Func<object, string>)dm.CreateDelegate(typeof(Func<object, string>));
        Console.WriteLine(cast("x") + " " + cast(5));
        try { cast(2.5); } catch (InvalidCastException e) { Console.WriteLine("cast " + e.GetType().Name); }

        // ldtoken + GetTypeFromHandle, initobj, struct fields through addresses.
        dm = Make("vec", typeof(string), typeof(int));
        il = dm.GetILGenerator();
        var vec = il.DeclareLocal(typeof(Vec));
        il.Emit(OpCodes.Ldloca, vec); il.Emit(OpCodes.Initobj, typeof(Vec));
        il.Emit(OpCodes.Ldloca, vec); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Stfld, typeof(Vec).GetField("X"));
        il.Emit(OpCodes.Ldloca, vec); il.Emit(OpCodes.Ldflda, typeof(Vec).GetField("Y"));
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_3); il.Emit(OpCodes.Mul); il.Emit(OpCodes.Stind_I4);
        il.Emit(OpCodes.Ldtoken, typeof(Vec));
        il.Emit(OpCodes.Call, typeof(Type).GetMethod("GetTypeFromHandle"));
        il.Emit(OpCodes.Callvirt, typeof(MemberInfo).GetProperty("Name").GetGetMethod());
        il.Emit(OpCodes.Ldloc, vec); il.Emit(OpCodes.Ldfld, typeof(Vec).GetField("X")); il.Emit(OpCodes.Box, typeof(int));
        il.Emit(OpCodes.Ldloc, vec); il.Emit(OpCodes.Ldfld, typeof(Vec).GetField("Y")); il.Emit(OpCodes.Box, typeof(int));
        il.Emit(OpCodes.Call, typeof(string).GetMethod("Concat", new[] { typeof(object), typeof(object), typeof(object) }));
        il.Emit(OpCodes.Ret);
        Console.WriteLine("vec " + ((Func<int, string>)dm.CreateDelegate(typeof(Func<int, string>)))(7));

        // Arrays of structs and long/double arithmetic with overflow checks.
        dm = Make("checked", typeof(long), typeof(long), typeof(long));
        il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Mul_Ovf); il.Emit(OpCodes.Ret);
        var mul = (Func<long, long, long>)dm.CreateDelegate(typeof(Func<long, long, long>));
        Console.WriteLine("checked " + mul(1L << 20, 1L << 20));
        try { mul(long.MaxValue, 2); } catch (OverflowException e) { Console.WriteLine("checked " + e.GetType().Name); }
    }
}
