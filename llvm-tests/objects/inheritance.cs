using System;
class A { public virtual string Who() { return "A"; } public string NonVirt() { return "A.nv"; } public virtual string Chain() { return "A"; } }
class B : A { public override string Who() { return "B"; } public new string NonVirt() { return "B.nv"; } public override string Chain() { return base.Chain() + "B"; } }
class C : B { public new virtual string Who() { return "C"; } public override string Chain() { return base.Chain() + "C"; } }
sealed class D : C { public override string Who() { return "D"; } }
abstract class Shape { public abstract double Area(); public override string ToString() { return GetType().Name + " " + Area(); } }
class Rect : Shape { public double W, H; public Rect(double w, double h) { W = w; H = h; } public override double Area() { return W * H; } }
class P {
    static void Main() {
        A a = new B(); Console.WriteLine(a.Who() + " " + a.NonVirt() + " " + ((B)a).NonVirt());
        A c = new C(); Console.WriteLine(c.Who() + " " + ((C)c).Who() + " " + c.Chain());
        C d = new D(); A da = d; Console.WriteLine(d.Who() + " " + da.Who());
        Shape s = new Rect(2, 3); Console.WriteLine(s); Console.WriteLine(s is Rect); Console.WriteLine(((object)s) as A == null);
        object o = new D(); Console.WriteLine(o is A); Console.WriteLine(o is B); Console.WriteLine(o.GetType().BaseType.Name);
        Console.WriteLine(new A().ToString()); Console.WriteLine(new A().Equals(new A())); Console.WriteLine(object.ReferenceEquals(a, a));
    }
}
