using System;
using System.Text;
class P {
    static void Main() {
        var sb = new StringBuilder();
        for (int i = 0; i < 20; i++) sb.Append(i).Append(i % 2 == 0 ? ',' : ';');
        Console.WriteLine(sb.ToString()); Console.WriteLine(sb.Length);
        sb.Clear(); sb.Append("hello").Append(' ', 3).Append(true).Append(2.5).Append('x').AppendLine("!").AppendFormat("{0:D3}|{1,4}", 7, "ab");
        Console.WriteLine(sb.ToString());
        sb.Insert(0, ">>").Replace("hello", "HELLO").Remove(2, 1); Console.WriteLine(sb);
        sb.Length = 5; Console.WriteLine(sb + "|" + sb[1]); sb[0] = '#'; Console.WriteLine(sb.ToString(0, 3));
        var big = new StringBuilder(); for (int i = 0; i < 1000; i++) big.Append("ab"); Console.WriteLine(big.Length);
    }
}
