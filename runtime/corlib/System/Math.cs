using System.Runtime.CompilerServices;

namespace System {
    public enum MidpointRounding { ToEven = 0, AwayFromZero = 1 }

    public static class Math {
        public const double PI = 3.14159265358979323846;
        public const double E = 2.7182818284590452354;

        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Sqrt(double d);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Sin(double a);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Cos(double d);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Tan(double a);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Asin(double d);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Acos(double d);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Atan(double d);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Atan2(double y, double x);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Sinh(double value);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Cosh(double value);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Tanh(double value);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Exp(double d);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Log(double d);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Log10(double d);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Pow(double x, double y);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Floor(double d);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Ceiling(double a);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Round(double a);
        [MethodImpl(MethodImplOptions.InternalCall)] public static extern double Truncate(double d);

        public static double Log(double a, double newBase) {
            if (double.IsNaN(a)) return a;
            if (double.IsNaN(newBase)) return newBase;
            if (newBase == 1) return double.NaN;
            if (a != 1 && (newBase == 0 || double.IsPositiveInfinity(newBase))) return double.NaN;
            return Log(a) / Log(newBase);
        }
        public static double Round(double value, int digits) { return Round(value, digits, MidpointRounding.ToEven); }
        public static double Round(double value, MidpointRounding mode) { return Round(value, 0, mode); }
        public static double Round(double value, int digits, MidpointRounding mode) {
            if (digits < 0 || digits > 15) throw new ArgumentOutOfRangeException("digits", "Rounding digits must be between 0 and 15, inclusive.");
            double power = Pow(10, digits);
            double v = value * power;
            double r;
            if (mode == MidpointRounding.AwayFromZero) {
                r = Floor(Abs(v) + 0.5);
                if (v < 0) r = -r;
            } else r = Round(v);
            return r / power;
        }
        public static double IEEERemainder(double x, double y) {
            if (double.IsNaN(x) || double.IsNaN(y) || double.IsInfinity(x) || y == 0) return double.NaN;
            double r = x - y * Round(x / y);
            return r;
        }

        static OverflowException AbsOverflow() { return new OverflowException("Negating the minimum value of a twos complement number is invalid."); }
        public static sbyte Abs(sbyte value) { if (value == sbyte.MinValue) throw AbsOverflow(); return value < 0 ? (sbyte)-value : value; }
        public static short Abs(short value) { if (value == short.MinValue) throw AbsOverflow(); return value < 0 ? (short)-value : value; }
        public static int Abs(int value) { if (value == int.MinValue) throw AbsOverflow(); return value < 0 ? -value : value; }
        public static long Abs(long value) { if (value == long.MinValue) throw AbsOverflow(); return value < 0 ? -value : value; }
        public static float Abs(float value) { return value < 0 || (value == 0 && 1 / value < 0) ? -value : value; }
        public static double Abs(double value) { return value < 0 || (value == 0 && 1 / value < 0) ? -value : value; }
        public static decimal Abs(decimal value) { return value; }

        public static byte Max(byte a, byte b) { return a > b ? a : b; }
        public static sbyte Max(sbyte a, sbyte b) { return a > b ? a : b; }
        public static short Max(short a, short b) { return a > b ? a : b; }
        public static ushort Max(ushort a, ushort b) { return a > b ? a : b; }
        public static int Max(int a, int b) { return a > b ? a : b; }
        public static uint Max(uint a, uint b) { return a > b ? a : b; }
        public static long Max(long a, long b) { return a > b ? a : b; }
        public static ulong Max(ulong a, ulong b) { return a > b ? a : b; }
        public static float Max(float a, float b) { return a > b || float.IsNaN(a) ? a : b; }
        public static double Max(double a, double b) { return a > b || double.IsNaN(a) ? a : b; }
        public static byte Min(byte a, byte b) { return a < b ? a : b; }
        public static sbyte Min(sbyte a, sbyte b) { return a < b ? a : b; }
        public static short Min(short a, short b) { return a < b ? a : b; }
        public static ushort Min(ushort a, ushort b) { return a < b ? a : b; }
        public static int Min(int a, int b) { return a < b ? a : b; }
        public static uint Min(uint a, uint b) { return a < b ? a : b; }
        public static long Min(long a, long b) { return a < b ? a : b; }
        public static ulong Min(ulong a, ulong b) { return a < b ? a : b; }
        public static float Min(float a, float b) { return a < b || float.IsNaN(a) ? a : b; }
        public static double Min(double a, double b) { return a < b || double.IsNaN(a) ? a : b; }

        public static int Sign(sbyte value) { return value < 0 ? -1 : value > 0 ? 1 : 0; }
        public static int Sign(short value) { return value < 0 ? -1 : value > 0 ? 1 : 0; }
        public static int Sign(int value) { return value < 0 ? -1 : value > 0 ? 1 : 0; }
        public static int Sign(long value) { return value < 0 ? -1 : value > 0 ? 1 : 0; }
        public static int Sign(float value) { if (float.IsNaN(value)) throw new ArithmeticException("Function does not accept floating point Not-a-Number values."); return value < 0 ? -1 : value > 0 ? 1 : 0; }
        public static int Sign(double value) { if (double.IsNaN(value)) throw new ArithmeticException("Function does not accept floating point Not-a-Number values."); return value < 0 ? -1 : value > 0 ? 1 : 0; }

        public static long BigMul(int a, int b) { return (long)a * b; }
        public static int DivRem(int a, int b, out int result) { result = a % b; return a / b; }
        public static long DivRem(long a, long b, out long result) { result = a % b; return a / b; }
    }
}
