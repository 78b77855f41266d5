using System;
class P {
    static void Main() {
        TimeSpan t = TimeSpan.FromMinutes(90.5);
        Console.WriteLine(t + " " + t.TotalHours + " " + t.Hours + " " + t.Minutes + " " + t.Seconds + " " + t.Ticks);
        TimeSpan u = new TimeSpan(1, 2, 3, 4, 5);
        Console.WriteLine(u + " " + u.Days + " " + u.TotalMilliseconds + " " + (u - t) + " " + (t < u) + " " + u.Negate());
        Console.WriteLine(TimeSpan.Zero + " " + TimeSpan.FromSeconds(1.5) + " " + TimeSpan.FromMilliseconds(1) + " " + new TimeSpan(3, 0, 0).Equals(TimeSpan.FromHours(3)));
        var sw = System.Diagnostics.Stopwatch.StartNew(); sw.Stop(); Console.WriteLine(sw.ElapsedMilliseconds >= 0);
    }
}
