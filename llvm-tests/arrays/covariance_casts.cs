using System;
using System.Collections;
using System.Collections.Generic;
class Animal { } class Dog : Animal { }
class P {
    static void Main() {
        Dog[] dogs = { new Dog(), new Dog() };
        Animal[] animals = dogs; Console.WriteLine(animals.Length + " " + (animals is Dog[]) + " " + (animals is object[]));
        try { animals[0] = new Animal(); } catch (ArrayTypeMismatchException) { Console.WriteLine("mismatch"); }
        animals[1] = new Dog(); Console.WriteLine("dog ok");
        object o = new int[3]; Console.WriteLine((o is int[]) + " " + (o is uint[]) + " " + (o is object[]) + " " + (o is Array) + " " + (o is IList));
        IList<Dog> il = dogs; Console.WriteLine(il.Count + " " + il[0].GetType().Name);
        IEnumerable<Animal> en = dogs; int n = 0; foreach (Animal a in en) n++; Console.WriteLine(n);
        ICollection<int> ic = new int[] { 1, 2, 3 }; Console.WriteLine(ic.Contains(2) + " " + ic.Count);
        object s = new string[] { "a" }; string[] back = (string[])s; Console.WriteLine(back[0]);
        try { int[] bad = (int[])s; } catch (InvalidCastException) { Console.WriteLine("invalid cast"); }
        object[] objs = new object[] { 1, "x" }; try { string[] ss = (string[])objs; } catch (InvalidCastException) { Console.WriteLine("invalid cast 2"); }
    }
}
