// A call on a null receiver that sits on the stack above `this`
// (`this.Take(other.Get())`) must still raise NullReferenceException,
// though `this` itself never needs the check.
using System;

class Node {
    int id;
    public Node(int id) { this.id = id; }
    public int Constant() { return 7; }
    public int Id() { return id; }
    int Take(int v) { return v + id; }

    public int SumWith(Node other) { return Take(other.Constant()); }
    public int IdOf(Node other) { return Take(other.Id()); }
}

class P {
    static int Main() {
        var a = new Node(1);
        Console.WriteLine(a.SumWith(new Node(2)));
        int caught = 0;
        try { Console.WriteLine(a.SumWith(null)); } catch (NullReferenceException) { caught++; Console.WriteLine("NRE from a method that reads nothing"); }
        try { Console.WriteLine(a.IdOf(null)); } catch (NullReferenceException) { caught++; Console.WriteLine("NRE from a field read"); }
        return caught;
    }
}
