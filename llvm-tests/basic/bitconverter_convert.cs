using System;
class P {
    static void Main() {
        Console.WriteLine(BitConverter.DoubleToInt64Bits(1.0).ToString("X"));
        Console.WriteLine(BitConverter.Int64BitsToDouble(0x4009000000000000));
        Console.WriteLine(BitConverter.ToString(BitConverter.GetBytes(0x01020304)));
        Console.WriteLine(BitConverter.ToInt32(new byte[] { 1, 0, 0, 1 }, 0));
        Console.WriteLine(Convert.ToInt32("123") + Convert.ToInt32(2.5) + Convert.ToInt32(3.5) + Convert.ToInt32(true));
        Console.WriteLine(Convert.ToString(255, 16) + " " + Convert.ToString(5, 2) + " " + Convert.ToInt32("ff", 16) + " " + Convert.ToString(-1, 16));
        Console.WriteLine(Convert.ToDouble("1.25") + Convert.ToDouble(3) + " " + Convert.ToBoolean("True") + " " + Convert.ToChar(65) + " " + Convert.ToInt64(7.5));
        try { Convert.ToInt32(3e10); } catch (OverflowException e) { Console.WriteLine(e.Message); }
        byte[] src = { 1, 2, 3, 4, 5, 6, 7, 8 }; int[] dst = new int[2]; Buffer.BlockCopy(src, 0, dst, 0, 8); Console.WriteLine(dst[0].ToString("X") + " " + dst[1].ToString("X"));
        Console.WriteLine(Buffer.ByteLength(new short[5]));
    }
}
