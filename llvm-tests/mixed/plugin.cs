// Left to the interpreter in the mixed test: calls back into the main assembly.
using System;
public interface IHost { int Scale(int x); }
public abstract class PluginBase { public abstract int Compute(int x); public virtual string Name { get { return "base"; } } }
public class Doubler : PluginBase {
    public override int Compute(int x) { return x * 2; }
    public override string Name { get { return "doubler"; } }
}
public static class Plugin {
    public static int Add(int a, int b) { return a + b; }
    public static int UseHost(IHost host, int x) { return host.Scale(x) + 1; }
    public static int Apply(Func<int, int> f, int x) { return f(f(x)); }
    public static void Fail(int code) { throw new InvalidOperationException("plugin failure " + code); }
    public static int CallBack(Func<int> f) { try { return f(); } catch (ArgumentException e) { return -e.Message.Length; } }
}
