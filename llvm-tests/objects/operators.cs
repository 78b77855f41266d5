using System;
struct Money {
    public readonly long Cents;
    public Money(long c) { Cents = c; }
    public static Money operator +(Money a, Money b) { return new Money(a.Cents + b.Cents); }
    public static Money operator -(Money a) { return new Money(-a.Cents); }
    public static Money operator *(Money a, int k) { return new Money(a.Cents * k); }
    public static bool operator ==(Money a, Money b) { return a.Cents == b.Cents; }
    public static bool operator !=(Money a, Money b) { return a.Cents != b.Cents; }
    public static bool operator <(Money a, Money b) { return a.Cents < b.Cents; }
    public static bool operator >(Money a, Money b) { return a.Cents > b.Cents; }
    public static implicit operator Money(int dollars) { return new Money(dollars * 100L); }
    public static explicit operator double(Money m) { return m.Cents / 100.0; }
    public override bool Equals(object o) { return o is Money && ((Money)o).Cents == Cents; }
    public override int GetHashCode() { return Cents.GetHashCode(); }
    public override string ToString() { return (Cents / 100.0).ToString("F2"); }
}
class P {
    static void Main() {
        Money a = 5, b = new Money(250);
        Console.WriteLine(a + b); Console.WriteLine(-a); Console.WriteLine(b * 3); Console.WriteLine(a == 5); Console.WriteLine(a != b);
        Console.WriteLine(a < b); Console.WriteLine(a > b); Console.WriteLine((double)b); Console.WriteLine(a.Equals((Money)5));
    }
}
