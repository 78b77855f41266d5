using System;
class Grid {
    int[] cells = new int[9];
    public int this[int r, int c] { get { return cells[r * 3 + c]; } set { cells[r * 3 + c] = value; } }
    public int Count { get; private set; }
    public string Name { get; set; }
    public int Sum { get { int s = 0; foreach (int v in cells) s += v; return s; } }
    public void Set(int v) { Count++; this[v % 3, v / 3] = v; }
}
class P {
    static void Main() {
        Grid g = new Grid { Name = "g1" };
        for (int i = 0; i < 9; i++) g.Set(i * 2);
        Console.WriteLine(g[1, 2] + " " + g.Count + " " + g.Name + " " + g.Sum);
        g[0, 0] += 5; Console.WriteLine(g[0, 0]);
    }
}
