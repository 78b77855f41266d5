// cpobj of value and reference types, with and without an unaligned.
// prefix, in dynamic methods (C# compilers never emit cpobj).
using System;
using System.Reflection.Emit;

struct Pair { public long A; public int B; public string C; }

class CpobjDynamic {
    delegate void CopyPair(ref Pair dst, ref Pair src);
    delegate void CopyString(ref string dst, ref string src);
    delegate void CopyInt(ref int dst, ref int src);

    static Delegate Make(Type t, Type del, bool unaligned) {
        var dm = new DynamicMethod("copy_" + t.Name + (unaligned ? "_u" : ""), typeof(void),
            new Type[] { t.MakeByRefType(), t.MakeByRefType() }, typeof(CpobjDynamic).Module);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        if (unaligned) il.Emit(OpCodes.Unaligned, (byte)1);
        il.Emit(OpCodes.Cpobj, t);
        il.Emit(OpCodes.Ret);
        return dm.CreateDelegate(del);
    }

    static int Main() {
        foreach (bool u in new[] { false, true }) {
            var cp = (CopyPair)Make(typeof(Pair), typeof(CopyPair), u);
            Pair a = new Pair { A = 1, B = 2, C = "a" };
            Pair b = new Pair { A = 10000000000L, B = -5, C = "b" };
            cp(ref a, ref b);
            Console.WriteLine(a.A + " " + a.B + " " + a.C + " / " + b.A + " " + b.B + " " + b.C);
            var cs = (CopyString)Make(typeof(string), typeof(CopyString), u);
            string x = "x", y = "y";
            cs(ref x, ref y);
            Console.WriteLine(x + y);
            var ci = (CopyInt)Make(typeof(int), typeof(CopyInt), u);
            int[] arr = { 1, 2, 3 };
            ci(ref arr[0], ref arr[2]);
            Console.WriteLine(arr[0] + " " + arr[1] + " " + arr[2]);
        }
        return 0;
    }
}
