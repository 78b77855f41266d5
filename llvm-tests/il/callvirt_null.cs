// callvirt of a non-virtual instance method on null throws NullReferenceException
// before the call, even when the method never touches `this`.
using System;

class Target {
    public int Value;
    public int Constant() { return 42; }
    public static int Count;
    public void Touch() { Count++; }
}

struct Holder { public int V; public int Get() { return V; } }

class CallvirtNull {
    static Target Make(bool real) { return real ? new Target() : null; }

    static int Main() {
        int caught = 0;
        Target t = Make(false);
        try { Console.WriteLine(t.Constant()); } catch (NullReferenceException) { caught++; Console.WriteLine("NRE Constant"); }
        try { t.Touch(); } catch (NullReferenceException) { caught++; Console.WriteLine("NRE Touch"); }
        Console.WriteLine("count " + Target.Count);
        Target u = Make(true);
        Console.WriteLine(u.Constant());
        u.Touch();
        Console.WriteLine("count " + Target.Count);
        Func<int> f = null;
        try { f(); } catch (NullReferenceException) { caught++; Console.WriteLine("NRE delegate"); }
        Holder h = new Holder { V = 3 };
        Console.WriteLine(h.Get());
        return caught;
    }
}
