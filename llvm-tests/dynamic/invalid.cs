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

    // Random instruction streams (random opcodes with random operands,
    // tokens of the method's own table or raw numbers): creating a delegate
    // transforms them, which must reject or accept each without crashing.
    // They are never run: IL may write through arbitrary pointers.
    static void Fuzz(int n) {
        var fields = typeof(OpCodes).GetFields();
        uint seed = 12345;
        Func<int, int> next = bound => { seed = seed * 1103515245 + 12345; return (int)((seed >> 8) % (uint)bound); };
        int rejected = 0, accepted = 0;
        var strLen = typeof(string).GetMethod("get_Length");
        for (int k = 0; k < n; k++) {
            var dm = new DynamicMethod("fuzz" + k, typeof(int), new[] { typeof(int), typeof(string) }, typeof(Program).Module);
            var il = dm.GetILGenerator();
            var l = il.DeclareLocal(typeof(long));
            Label lab = il.DefineLabel();
            int len = 1 + next(12);
            for (int j = 0; j < len; j++) {
                var op = (OpCode)fields[next(fields.Length)].GetValue(null);
                if (j == len / 2) il.MarkLabel(lab);
                switch (op.OperandType) {
                    case OperandType.InlineNone: il.Emit(op); break;
                    case OperandType.ShortInlineBrTarget: case OperandType.InlineBrTarget: il.Emit(op, lab); break;
                    case OperandType.ShortInlineI: case OperandType.ShortInlineVar: il.Emit(op, (byte)next(4)); break;
                    case OperandType.InlineVar: il.Emit(op, (short)next(4)); break;
                    case OperandType.InlineI: il.Emit(op, next(100) - 50); break;
                    case OperandType.InlineI8: il.Emit(op, (long)next(1000)); break;
                    case OperandType.ShortInlineR: il.Emit(op, 1.5f); break;
                    case OperandType.InlineR: il.Emit(op, 2.5); break;
                    case OperandType.InlineString: il.Emit(op, "s"); break;
                    case OperandType.InlineType: case OperandType.InlineTok: il.Emit(op, next(2) == 0 ? typeof(int) : typeof(string)); break;
                    case OperandType.InlineMethod: il.Emit(op, strLen); break;
                    case OperandType.InlineField: il.Emit(op, typeof(Program).GetField("ran", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)); break;
                    case OperandType.InlineSwitch: il.Emit(op, new[] { lab, lab }); break;
                    default: il.Emit(op, next(1 << 30)); break;
                }
            }
            if (next(2) == 0) { il.Emit(OpCodes.Ldloc, l); il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Ret); }
            try {
                dm.CreateDelegate(typeof(Func<int, string, int>));
                accepted++;
            } catch (InvalidProgramException) {
                rejected++;
            } catch (Exception e) {
                // Other load errors (a missing member, a bad type) are fine too.
                if (e is NullReferenceException) Console.WriteLine("fuzz " + k + ": " + e);
                rejected++;
            }
        }
        Console.WriteLine("fuzz: " + accepted + " accepted, " + rejected + " rejected, none crashed");
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
        if (args.Length > 0 && args[0] == "unverified") Fuzz(3000);
        Try("ok_after_errors", il => { il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldc_I4_7); il.Emit(OpCodes.Add); il.Emit(OpCodes.Ret); });
        Console.WriteLine("ran " + ran);
    }
}
