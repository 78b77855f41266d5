// Two-pass exception handling across compiled frames (methods without
// filters are compiled in aot and llvmonly modes and seen by the first pass
// through the IL offset they are at; the filters run in the interpreter),
// and at a static constructor, where the first pass stops: the exception a
// filter outside sees is the TypeInitializationException, after the
// constructor's finally.
using System;

class E : Exception { public int Code; public E(int c) : base("code " + c) { Code = c; } }

static class Boom {
    public static int V;
    static Boom() { try { throw new E(99); } finally { P.Log("cctor finally"); } }
}

class P {
    public static int State, Count;

    public static void Log(string s) { Count++; Console.WriteLine(s); }
    static bool See(string s, bool verdict) { Log("filter " + s + " state=" + State); return verdict; }

    static void Thrower(int code) {
        try { State = 1; throw new E(code); }
        finally { State = 2; Log("thrower finally"); }
    }

    static void CompiledCatch() {
        try { Thrower(20); } catch (E e) { Log("compiled catch " + e.Code + " state=" + State); }
    }

    static void CompiledMiss() {
        try {
            try { Thrower(21); } catch (InvalidCastException) { Log("wrong"); }
        } finally { Log("compiled miss finally"); }
    }

    static void CompiledOwnThrow(int[] a) {
        try { a[5] = 1; } catch (IndexOutOfRangeException) { Log("own catch"); }
        a[6] = 2;
    }

    static void ThroughCompiledCatch() {
        try { CompiledCatch(); } catch (Exception e) when (See("never " + e.Message, true)) { Log("wrong"); }
    }

    static void ThroughCompiledMiss() {
        try { CompiledMiss(); } catch (E e) when (See("through compiled " + e.Code, true)) { Log("caught through compiled " + e.Code); }
    }

    static void ThroughCompiledOwnThrow() {
        try { CompiledOwnThrow(new int[2]); }
        catch (IndexOutOfRangeException) when (See("outer index", true)) { Log("outer caught index"); }
    }

    static void CctorBarrier() {
        try { Boom.V = 1; }
        catch (Exception e) when (See("cctor " + e.GetType().Name, true)) { Log("cctor caught " + (e.InnerException as E).Code); }
    }

    static int Main() {
        CctorBarrier();
        ThroughCompiledCatch();
        ThroughCompiledMiss();
        ThroughCompiledOwnThrow();
        for (int i = 0; i < 3; i++) {
            try { CompiledMiss(); }
            catch (E e) when (See("loop " + i + " " + e.Code, i == 2)) { Log("loop caught " + i); }
            catch (E) { Log("loop typed " + i); }
        }
        return Count;
    }
}
