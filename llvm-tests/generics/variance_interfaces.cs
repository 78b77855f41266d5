using System;
using System.Collections.Generic;
class Animal { public virtual string Name { get { return "animal"; } } }
class Cat : Animal { public override string Name { get { return "cat"; } } }
interface IProducer<out T> { T Make(); }
interface IConsumer<in T> { void Eat(T x); }
class CatMaker : IProducer<Cat> { public Cat Make() { return new Cat(); } }
class AnimalEater : IConsumer<Animal> { public void Eat(Animal a) { Console.WriteLine("eat " + a.Name); } }
class P {
    static void Main() {
        IProducer<Animal> p = new CatMaker(); Console.WriteLine(p.Make().Name);
        IConsumer<Cat> c = new AnimalEater(); c.Eat(new Cat());
        IEnumerable<Animal> animals = new List<Cat> { new Cat(), new Cat() }; int n = 0; foreach (var a in animals) n++; Console.WriteLine(n);
        Func<Animal> fa = () => new Cat(); Func<object> fo = fa; Console.WriteLine(((Animal)fo()).Name);
        Action<Animal> act = x => Console.WriteLine("act " + x.Name); Action<Cat> actCat = act; actCat(new Cat());
        object o = new CatMaker(); Console.WriteLine((o is IProducer<Animal>) + " " + (o is IProducer<object>) + " " + (o is IProducer<string>));
        IComparer<string> cmp = Comparer<string>.Default; Console.WriteLine(cmp.Compare("a", "b") < 0);
    }
}
