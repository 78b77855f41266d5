// Exception blocks in dynamic methods: catch, finally, fault, filter,
// nested blocks, rethrow, ThrowException, and exceptions crossing into the
// caller.
using System;
using System.Reflection.Emit;

public static class Program {
    public delegate int IntOp(int x);
    public static void Log(string s) { Console.WriteLine("  " + s); }
    public static int Fail(int x) { if (x < 0) throw new ArgumentException("negative"); if (x == 0) throw new DivideByZeroException(); return 100 / x; }

    static DynamicMethod Make(string name) { return new DynamicMethod(name, typeof(int), new[] { typeof(int) }, typeof(Program).Module); }
    static void Call(string what, DynamicMethod dm, int x) {
        try {
            Console.WriteLine(what + "(" + x + ") = " + ((IntOp)dm.CreateDelegate(typeof(IntOp)))(x));
        } catch (Exception e) {
            Console.WriteLine(what + "(" + x + ") threw " + e.GetType().Name + ": " + e.Message);
        }
    }

    static void Main() {
        var log = typeof(Program).GetMethod("Log");
        var fail = typeof(Program).GetMethod("Fail");

        // try { r = Fail(x) } catch (ArgumentException) { r = -1 } catch (Exception) { r = -2 } finally { Log }
        var dm = Make("catches");
        var il = dm.GetILGenerator();
        var r = il.DeclareLocal(typeof(int));
        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, fail); il.Emit(OpCodes.Stloc, r);
        il.BeginCatchBlock(typeof(ArgumentException));
        il.Emit(OpCodes.Callvirt, typeof(Exception).GetProperty("Message").GetGetMethod()); il.Emit(OpCodes.Call, log);
        il.Emit(OpCodes.Ldc_I4_M1); il.Emit(OpCodes.Stloc, r);
        il.BeginCatchBlock(typeof(Exception));
        il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldc_I4_S, (sbyte)-2); il.Emit(OpCodes.Stloc, r);
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldstr, "finally"); il.Emit(OpCodes.Call, log);
        il.EndExceptionBlock();
        il.Emit(OpCodes.Ldloc, r); il.Emit(OpCodes.Ret);
        Call("catches", dm, 5); Call("catches", dm, -1); Call("catches", dm, 0);

        // A finally that runs while the exception leaves the method.
        dm = Make("finally_out");
        il = dm.GetILGenerator();
        r = il.DeclareLocal(typeof(int));
        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, fail); il.Emit(OpCodes.Stloc, r);
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldstr, "cleanup"); il.Emit(OpCodes.Call, log);
        il.EndExceptionBlock();
        il.Emit(OpCodes.Ldloc, r); il.Emit(OpCodes.Ret);
        Call("finally_out", dm, 4); Call("finally_out", dm, 0);

        // A fault block runs only when an exception passes.
        dm = Make("fault");
        il = dm.GetILGenerator();
        r = il.DeclareLocal(typeof(int));
        il.BeginExceptionBlock();
        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, fail); il.Emit(OpCodes.Stloc, r);
        il.BeginFaultBlock();
        il.Emit(OpCodes.Ldstr, "fault"); il.Emit(OpCodes.Call, log);
        il.EndExceptionBlock();
        il.BeginCatchBlock(typeof(DivideByZeroException));
        il.Emit(OpCodes.Pop); il.Emit(OpCodes.Ldc_I4, 999); il.Emit(OpCodes.Stloc, r);
        il.EndExceptionBlock();
        il.Emit(OpCodes.Ldloc, r); il.Emit(OpCodes.Ret);
        Call("fault", dm, 10); Call("fault", dm, 0); Call("fault", dm, -5);

        // A filter: catch only when the argument is odd.
        dm = Make("filter");
        il = dm.GetILGenerator();
        r = il.DeclareLocal(typeof(int));
        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Call, fail); il.Emit(OpCodes.Stloc, r);
        il.BeginExceptFilterBlock();
        il.Emit(OpCodes.Pop); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.And);
        il.BeginCatchBlock(null);
        il.Emit(OpCodes.Pop); il.Emit(OpCodes.Ldc_I4, 77); il.Emit(OpCodes.Stloc, r);
        il.EndExceptionBlock();
        il.Emit(OpCodes.Ldloc, r); il.Emit(OpCodes.Ret);
        Call("filter", dm, 3); Call("filter", dm, 4);

        // Rethrow from a catch, and ThrowException.
        dm = Make("rethrow");
        il = dm.GetILGenerator();
        Label skip = il.DefineLabel();
        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, fail); il.Emit(OpCodes.Pop);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4, 50); il.Emit(OpCodes.Blt, skip);
        il.ThrowException(typeof(NotSupportedException));
        il.MarkLabel(skip);
        il.BeginCatchBlock(typeof(ArgumentException));
        il.Emit(OpCodes.Pop); il.Emit(OpCodes.Ldstr, "rethrowing"); il.Emit(OpCodes.Call, log);
        il.Emit(OpCodes.Rethrow);
        il.EndExceptionBlock();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ret);
        Call("rethrow", dm, 2); Call("rethrow", dm, -2); Call("rethrow", dm, 60);

        // Leave out of nested blocks runs both finallies, inner first.
        dm = Make("nested");
        il = dm.GetILGenerator();
        r = il.DeclareLocal(typeof(int));
        Label done = il.DefineLabel();
        il.BeginExceptionBlock();
        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_2); il.Emit(OpCodes.Mul); il.Emit(OpCodes.Stloc, r);
        il.Emit(OpCodes.Leave, done);
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldstr, "inner"); il.Emit(OpCodes.Call, log);
        il.EndExceptionBlock();
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Ldstr, "outer"); il.Emit(OpCodes.Call, log);
        il.EndExceptionBlock();
        il.MarkLabel(done);
        il.Emit(OpCodes.Ldloc, r); il.Emit(OpCodes.Ret);
        Call("nested", dm, 21);
    }
}
