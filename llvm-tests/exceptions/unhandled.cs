using System;
class P {
    static void Level2() { throw new InvalidOperationException("nobody catches this"); }
    static void Level1() { try { Level2(); } finally { Console.WriteLine("finally runs first"); } }
    static void Main() {
        Console.WriteLine("start");
        Level1();
    }
}
