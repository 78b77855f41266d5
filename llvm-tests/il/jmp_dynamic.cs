// jmp: a method leaves for another of the same signature, which takes its
// arguments as they are (C# compilers never emit jmp: dynamic methods).
using System;
using System.Reflection;
using System.Reflection.Emit;

class JmpDynamic {
    public static int Target(int a, string b, long c) {
        Console.WriteLine("target " + a + " " + b + " " + c);
        return a * 2 + b.Length + (int)c;
    }

    public static void TargetVoid(int a, string b, long c) {
        Console.WriteLine("void target " + a + b + c);
    }

    static Delegate Make(string target, Type ret, Type del, bool changeArg) {
        var dm = new DynamicMethod("jumper_" + target, ret, new Type[] { typeof(int), typeof(string), typeof(long) },
            typeof(JmpDynamic).Module);
        var il = dm.GetILGenerator();
        if (changeArg) {
            // Arguments may be changed before the jump: the target sees the new values.
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, 100);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Starg_S, (byte)0);
        }
        il.Emit(OpCodes.Jmp, typeof(JmpDynamic).GetMethod(target));
        return dm.CreateDelegate(del);
    }

    static int Main() {
        var f = (Func<int, string, long, int>)Make("Target", typeof(int), typeof(Func<int, string, long, int>), false);
        Console.WriteLine(f(1, "xy", 5));
        var g = (Func<int, string, long, int>)Make("Target", typeof(int), typeof(Func<int, string, long, int>), true);
        Console.WriteLine(g(1, "xyz", 7));
        var h = (Action<int, string, long>)Make("TargetVoid", typeof(void), typeof(Action<int, string, long>), false);
        h(3, "-", 4);
        return 0;
    }
}
