using System;
class Button {
    public event EventHandler Clicked;
    public event Action<string> Named;
    public void Click() { if (Clicked != null) Clicked(this, EventArgs.Empty); }
    public void Name(string n) { var h = Named; if (h != null) h(n); }
}
class P {
    static int total;
    static void A() { Console.WriteLine("A"); total += 1; }
    static void B() { Console.WriteLine("B"); total += 10; }
    static void Main() {
        Action x = A; x += B; x += A; x(); Console.WriteLine(total + " " + x.GetInvocationList().Length);
        x -= A; x(); Console.WriteLine(total);
        x -= B; x -= A; Console.WriteLine(x == null);
        Button b = new Button();
        EventHandler h1 = (s, e) => Console.WriteLine("h1 " + (s == b));
        b.Clicked += h1; b.Clicked += (s, e) => Console.WriteLine("h2"); b.Click();
        b.Clicked -= h1; b.Click();
        b.Named += n => Console.WriteLine("hello " + n); b.Name("bob");
        Func<int> f = () => 1; f += () => 2; Console.WriteLine(f());
        Action<int> chain = null; for (int i = 0; i < 3; i++) { int k = i; chain += v => Console.Write(v * k + " "); } chain(5); Console.WriteLine();
    }
}
