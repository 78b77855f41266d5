// Invalid IL in dynamic methods raises InvalidProgramException (at
// CreateDelegate or the first call) and the process keeps running.
// With the argument `unverified` it also tries IL that breaks rules Mono
// does not check (it runs such methods or crashes): the harness runs that
// under monoxide only (bad/dynamic_il).
using System;
using System.Reflection.Emit;

public static class Program {
    public delegate int IntOp(int x);
    static int ran;

    static void Try(string what, Action<ILGenerator> body) {
        var dm = new DynamicMethod(what, typeof(int), new[] { typeof(int) }, typeof(Program).Module);
        body(dm.GetILGenerator());
        try {
            var f = (IntOp)dm.CreateDelegate(typeof(IntOp));
            Console.WriteLine(what + ": " + f(1));
        } catch (Exception e) {
            Console.WriteLine(what + ": " + e.GetType().FullName);
        }
        ran++;
    }

    static void Main(string[] args) {
        Try("underflow", il => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret); });
        Try("empty_ret", il => { il.Emit(OpCodes.Ret); });
        Try("extra_on_stack", il => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ret); });
        Try("join_mismatch", il => {
            Label l = il.DefineLabel();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Brtrue, l);
            il.Emit(OpCodes.Ldc_I4_1);
            il.MarkLabel(l);
            il.Emit(OpCodes.Ldc_I4_2);
            il.Emit(OpCodes.Ret);
        });
        Try("branch_into_insn", il => {
            il.Emit(OpCodes.Br_S, (sbyte)1);
            il.Emit(OpCodes.Ldc_I4, 12345);
            il.Emit(OpCodes.Ret);
        });
        Try("wrong_token_kind", il => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Call, typeof(string)); il.Emit(OpCodes.Ret); });
        if (args.Length > 0 && args[0] == "unverified") {
            Try("branch_out_of_try", il => {
                Label outside = il.DefineLabel();
                il.BeginExceptionBlock();
                il.Emit(OpCodes.Br, outside);
                il.BeginFinallyBlock();
                il.EndExceptionBlock();
                il.MarkLabel(outside);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ret);
            });
            Try("leave_into_try", il => {
                Label inside = il.DefineLabel();
                il.Emit(OpCodes.Leave, inside);
                il.BeginExceptionBlock();
                il.Emit(OpCodes.Nop);
                il.MarkLabel(inside);
                il.Emit(OpCodes.Nop);
                il.BeginFinallyBlock();
                il.EndExceptionBlock();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ret);
            });
            Try("ret_in_try", il => {
                il.BeginExceptionBlock();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ret);
                il.BeginFinallyBlock();
                il.EndExceptionBlock();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ret);
            });
            Try("branch_past_end", il => {
                il.Emit(OpCodes.Br, 1000);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ret);
            });
            Try("leave_from_finally", il => {
                Label after = il.DefineLabel();
                il.BeginExceptionBlock();
                il.Emit(OpCodes.Nop);
                il.BeginFinallyBlock();
                il.Emit(OpCodes.Leave, after);
                il.EndExceptionBlock();
                il.MarkLabel(after);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ret);
            });
            Try("falls_off_end", il => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Pop); });
        }
        Try("ok_after_errors", il => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_7); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret); });
        Console.WriteLine("ran " + ran);
    }
}
