using System;
class Bad { public static int V; static Bad() { Console.WriteLine("Bad cctor runs"); throw new InvalidOperationException("broken"); } }
class P {
    static void Main() {
        for (int i = 0; i < 2; i++) {
            try { Console.WriteLine(Bad.V); }
            catch (TypeInitializationException e) {
                Console.WriteLine(e.GetType().Name + ": " + e.Message);
                Console.WriteLine("inner: " + e.InnerException.GetType().Name + ": " + e.InnerException.Message);
                Console.WriteLine("type: " + e.TypeName);
            }
        }
    }
}
