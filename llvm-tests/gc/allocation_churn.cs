using System;
using System.Collections.Generic;
class Node { public Node Next; public int[] Payload = new int[16]; public string Name; }
class P {
    static void Main() {
        long total = 0;
        for (int round = 0; round < 50; round++) {
            Node head = null;
            for (int i = 0; i < 2000; i++) head = new Node { Next = head, Name = "n" + i };
            int n = 0; for (Node x = head; x != null; x = x.Next) { n++; total += x.Payload.Length; }
            if (round % 10 == 0) Console.WriteLine(round + ": " + n);
        }
        Console.WriteLine(total);
        var keep = new List<string>(); for (int i = 0; i < 10000; i++) keep.Add(i.ToString()); GC.Collect();
        int sum = 0; foreach (string s in keep) sum += s.Length; Console.WriteLine(sum);
    }
}
