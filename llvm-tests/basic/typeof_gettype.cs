using System;
using System.Collections.Generic;
class Outer { public class In { } }
struct S { }
class P {
    static void Main() {
        Console.WriteLine(typeof(int)); Console.WriteLine(typeof(int).Name); Console.WriteLine(typeof(string).FullName); Console.WriteLine(typeof(P).Namespace == null);
        Console.WriteLine(typeof(int[])); Console.WriteLine(typeof(int[,])); Console.WriteLine(typeof(Outer.In)); Console.WriteLine(typeof(List<string>).Name);
        Console.WriteLine(typeof(Dictionary<int, string>)); Console.WriteLine(typeof(S).IsValueType + " " + typeof(P).IsClass + " " + typeof(IDisposable).IsInterface);
        Console.WriteLine(42.GetType() + " " + 4.2.GetType() + " " + "s".GetType() + " " + 'c'.GetType() + " " + true.GetType() + " " + 5L.GetType());
        object o = new S(); Console.WriteLine(o.GetType() == typeof(S)); Console.WriteLine(typeof(int) == typeof(Int32));
        Console.WriteLine(typeof(int).IsPrimitive + " " + typeof(S).IsPrimitive + " " + typeof(int[]).IsArray + " " + typeof(int[]).GetElementType());
        Console.WriteLine(typeof(Exception).IsAssignableFrom(typeof(ArgumentException)) + " " + typeof(ArgumentException).IsSubclassOf(typeof(Exception)));
        Console.WriteLine(typeof(List<int>).IsGenericType + " " + typeof(List<>).IsGenericTypeDefinition + " " + typeof(List<int>).GetGenericArguments()[0]);
        Console.WriteLine(typeof(string).BaseType + " " + typeof(int).BaseType + " " + typeof(object).BaseType == null);
    }
}
