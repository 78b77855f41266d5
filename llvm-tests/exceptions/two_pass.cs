// Two-pass exception handling: every filter between the throw and the
// handler runs before any finally or fault on the way (checked against mono).
using System;
using System.Collections.Generic;

class E : Exception { public int Code; public E(int c) : base("code " + c) { Code = c; } }

struct Walker {
    public int Depth;
    public void Down(int n) {
        try {
            if (n == 0) throw new E(Depth);
            Depth++;
            Down(n - 1);
        } finally { P.Log("struct finally " + n); }
    }
}

class Base { public virtual void Run() { try { throw new E(70); } finally { P.Log("base finally"); } } }
class Derived : Base { public override void Run() { try { base.Run(); } finally { P.Log("derived finally"); } } }

class Ctor {
    public Ctor(int x) { try { if (x > 0) throw new E(x); } finally { P.Log("ctor finally " + x); } }
}

static class Boom {
    public static int V;
    static Boom() { try { throw new E(99); } finally { P.Log("cctor finally"); } }
}

class P {
    public static List<string> Trail = new List<string>();
    public static int State;
    static readonly E Shared = new E(42);

    public static void Log(string s) { Trail.Add(s); Console.WriteLine(s); }
    static bool See(string s, bool verdict) { Log("filter " + s + " state=" + State); return verdict; }

    static void Thrower(int code) {
        try { State = 1; throw new E(code); }
        finally { State = 2; Log("thrower finally"); }
    }

    static void Middle(int code) {
        try { Thrower(code); }
        catch (E e) when (See("middle " + e.Code, e.Code == 2)) { Log("middle caught " + e.Code); }
        finally { Log("middle finally"); }
    }

    static void TypedStops() {
        try {
            try { Thrower(3); }
            catch (E e) { Log("typed catch " + e.Code + " state=" + State); }
        } catch (Exception e) when (See("never runs " + e.Message, true)) { Log("wrong"); }
    }

    static void SameFrame() {
        int local = 10;
        try {
            try {
                try { local = 11; throw new E(5); }
                finally { local = 12; Log("same-frame finally local=" + local); }
            } catch (E e) when (See("same-frame local=" + local, e.Code == 99)) { Log("wrong"); }
        } catch (E e) when (See("same-frame outer local=" + local, true)) {
            Log("same-frame caught " + e.Code + " local=" + local);
        }
    }

    static bool Modifies(ref int x) { x = 77; return true; }

    static void FilterWritesLocal() {
        int x = 1;
        try { Thrower(6); }
        catch (E) when (Modifies(ref x)) { Log("handler sees x=" + x); }
    }

    static void NestedInFinally() {
        try {
            try { Thrower(7); }
            finally {
                try { throw new E(8); }
                catch (E e) when (See("nested " + e.Code, true)) { Log("nested caught " + e.Code); }
                Log("outer finally goes on");
            }
        } catch (E e) when (See("outer " + e.Code, true)) { Log("caught " + e.Code); }
    }

    static void Replaced() {
        try {
            try { Thrower(9); }
            finally { Log("finally throws 10"); throw new E(10); }
        } catch (E e) when (See("replaced " + e.Code, e.Code == 10)) { Log("caught " + e.Code); }
    }

    static void Rethrown() {
        try {
            try { Thrower(11); }
            catch (E e) when (See("first " + e.Code, true)) { Log("caught, rethrowing"); State = 3; throw; }
            finally { Log("rethrow finally"); }
        } catch (E e) when (See("after rethrow " + e.Code, true)) { Log("caught again " + e.Code); }
    }

    static bool NestedFilter(int code) {
        try {
            try { Thrower(code + 100); }
            finally { Log("inside filter finally"); }
        } catch (E e) when (See("inside filter " + e.Code, true)) { Log("inside filter caught " + e.Code); }
        return true;
    }

    static void FilterRunsSearch() {
        try { Thrower(12); }
        catch (E e) when (NestedFilter(e.Code)) { Log("outer caught " + e.Code); }
    }

    static void Deep(int n, ref int finallies) {
        try {
            if (n == 0) throw new E(13);
            Deep(n - 1, ref finallies);
        } finally { finallies++; }
    }

    static void DeepStack() {
        int finallies = 0;
        try { Deep(50, ref finallies); }
        catch (E e) when (See("deep " + e.Code + " finallies=" + finallies, true)) { Log("deep caught, finallies=" + finallies); }
    }

    static void Virtuals() {
        try { new Derived().Run(); }
        catch (E e) when (See("virtual " + e.Code, true)) { Log("virtual caught"); }
        try { new Ctor(71); }
        catch (E e) when (See("ctor " + e.Code, true)) { Log("ctor caught"); }
        Action a = () => Thrower(72);
        try { a(); }
        catch (E e) when (See("delegate " + e.Code, true)) { Log("delegate caught"); }
        Walker w = new Walker();
        try { w.Down(3); }
        catch (E e) when (See("struct " + e.Code, true)) { Log("struct caught"); }
    }

    static T Generic<T>(T v) {
        try { throw new E(80); }
        catch (E e) when (See("generic " + typeof(T).Name + " " + e.Code, e.Code == 80)) { return v; }
    }

    static void CctorBarrier() {
        try { Boom.V = 1; }
        catch (TypeInitializationException e) when (See("cctor " + (e.InnerException as E).Code, true)) { Log("cctor caught"); }
    }

    static void SharedTwice() {
        for (int i = 0; i < 2; i++) {
            try {
                try { throw Shared; }
                finally { Log("shared finally " + i); }
            } catch (E e) when (See("shared " + i + " " + e.Code, i == 1 || true)) { Log("shared caught " + i); }
        }
    }

    static int Main() {
        Middle(2);
        try { Middle(1); } catch (E e) when (See("main " + e.Code, true)) { Log("main caught " + e.Code); }
        TypedStops();
        SameFrame();
        FilterWritesLocal();
        NestedInFinally();
        Replaced();
        Rethrown();
        FilterRunsSearch();
        DeepStack();
        Virtuals();
        Console.WriteLine(Generic<int>(5) + " " + Generic<string>("s"));
        CctorBarrier();
        SharedTwice();
        int h = 17;
        foreach (string s in Trail) foreach (char c in s) h = h * 31 + c;
        Console.WriteLine("trail " + Trail.Count + " " + h);
        return Trail.Count % 100;
    }
}
