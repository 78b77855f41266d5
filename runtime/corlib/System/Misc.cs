namespace System {
    [Serializable]
    public struct TimeSpan : IComparable, IComparable<TimeSpan>, IEquatable<TimeSpan> {
        public const long TicksPerMillisecond = 10000;
        public const long TicksPerSecond = 10000000;
        public const long TicksPerMinute = 600000000;
        public const long TicksPerHour = 36000000000;
        public const long TicksPerDay = 864000000000;
        public static readonly TimeSpan Zero = new TimeSpan(0);
        long ticks;
        public TimeSpan(long ticks) { this.ticks = ticks; }
        public TimeSpan(int hours, int minutes, int seconds) { ticks = (hours * 3600L + minutes * 60L + seconds) * TicksPerSecond; }
        public TimeSpan(int days, int hours, int minutes, int seconds) { ticks = ((days * 24L + hours) * 3600L + minutes * 60L + seconds) * TicksPerSecond; }
        public TimeSpan(int days, int hours, int minutes, int seconds, int milliseconds) : this(days, hours, minutes, seconds) { ticks += milliseconds * TicksPerMillisecond; }
        public long Ticks { get { return ticks; } }
        public int Days { get { return (int)(ticks / TicksPerDay); } }
        public int Hours { get { return (int)(ticks / TicksPerHour % 24); } }
        public int Minutes { get { return (int)(ticks / TicksPerMinute % 60); } }
        public int Seconds { get { return (int)(ticks / TicksPerSecond % 60); } }
        public int Milliseconds { get { return (int)(ticks / TicksPerMillisecond % 1000); } }
        public double TotalDays { get { return (double)ticks / TicksPerDay; } }
        public double TotalHours { get { return (double)ticks / TicksPerHour; } }
        public double TotalMinutes { get { return (double)ticks / TicksPerMinute; } }
        public double TotalSeconds { get { return (double)ticks / TicksPerSecond; } }
        public double TotalMilliseconds { get { return (double)ticks / TicksPerMillisecond; } }
        public static TimeSpan FromDays(double value) { return new TimeSpan((long)(value * TicksPerDay)); }
        public static TimeSpan FromHours(double value) { return new TimeSpan((long)(value * TicksPerHour)); }
        public static TimeSpan FromMinutes(double value) { return new TimeSpan((long)(value * TicksPerMinute)); }
        public static TimeSpan FromSeconds(double value) { return new TimeSpan((long)(value * TicksPerSecond)); }
        public static TimeSpan FromMilliseconds(double value) { return new TimeSpan((long)(value * TicksPerMillisecond)); }
        public static TimeSpan FromTicks(long value) { return new TimeSpan(value); }
        public TimeSpan Add(TimeSpan ts) { return new TimeSpan(ticks + ts.ticks); }
        public TimeSpan Subtract(TimeSpan ts) { return new TimeSpan(ticks - ts.ticks); }
        public TimeSpan Negate() { return new TimeSpan(-ticks); }
        public TimeSpan Duration() { return new TimeSpan(ticks < 0 ? -ticks : ticks); }
        public static TimeSpan operator +(TimeSpan a, TimeSpan b) { return new TimeSpan(a.ticks + b.ticks); }
        public static TimeSpan operator -(TimeSpan a, TimeSpan b) { return new TimeSpan(a.ticks - b.ticks); }
        public static TimeSpan operator -(TimeSpan a) { return new TimeSpan(-a.ticks); }
        public static bool operator ==(TimeSpan a, TimeSpan b) { return a.ticks == b.ticks; }
        public static bool operator !=(TimeSpan a, TimeSpan b) { return a.ticks != b.ticks; }
        public static bool operator <(TimeSpan a, TimeSpan b) { return a.ticks < b.ticks; }
        public static bool operator >(TimeSpan a, TimeSpan b) { return a.ticks > b.ticks; }
        public static bool operator <=(TimeSpan a, TimeSpan b) { return a.ticks <= b.ticks; }
        public static bool operator >=(TimeSpan a, TimeSpan b) { return a.ticks >= b.ticks; }
        public int CompareTo(TimeSpan value) { return ticks.CompareTo(value.ticks); }
        public int CompareTo(object value) { return value == null ? 1 : CompareTo((TimeSpan)value); }
        public bool Equals(TimeSpan obj) { return ticks == obj.ticks; }
        public override bool Equals(object value) { return value is TimeSpan && ((TimeSpan)value).ticks == ticks; }
        public override int GetHashCode() { return (int)ticks ^ (int)(ticks >> 32); }
        public override string ToString() {
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            long t = ticks;
            if (t < 0) { sb.Append('-'); t = -t; }
            long days = t / TicksPerDay;
            if (days != 0) { sb.Append(days); sb.Append('.'); }
            sb.Append((t / TicksPerHour % 24).ToString("D2")); sb.Append(':');
            sb.Append((t / TicksPerMinute % 60).ToString("D2")); sb.Append(':');
            sb.Append((t / TicksPerSecond % 60).ToString("D2"));
            long frac = t % TicksPerSecond;
            if (frac != 0) { sb.Append('.'); sb.Append(frac.ToString("D7")); }
            return sb.ToString();
        }
    }

    [Serializable]
    public struct DateTime {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)] static extern long GetNowTicks();
        long ticks;
        public DateTime(long ticks) { this.ticks = ticks; }
        public long Ticks { get { return ticks; } }
        public static DateTime Now { get { return new DateTime(GetNowTicks()); } }
        public static DateTime UtcNow { get { return new DateTime(GetNowTicks()); } }
        public static TimeSpan operator -(DateTime a, DateTime b) { return new TimeSpan(a.ticks - b.ticks); }
    }

    [Serializable]
    public class Random {
        // The .NET Framework subtractive generator (Knuth), so seeded
        // sequences equal Mono's.
        int inext, inextp;
        int[] seedArray = new int[56];
        public Random() : this(Environment.TickCount) {}
        public Random(int Seed) {
            int subtraction = (Seed == int.MinValue) ? int.MaxValue : Math.Abs(Seed);
            int mj = 161803398 - subtraction;
            seedArray[55] = mj;
            int mk = 1;
            for (int i = 1; i < 55; i++) {
                int ii = (21 * i) % 55;
                seedArray[ii] = mk;
                mk = mj - mk;
                if (mk < 0) mk += int.MaxValue;
                mj = seedArray[ii];
            }
            for (int k = 1; k < 5; k++) {
                for (int i = 1; i < 56; i++) {
                    seedArray[i] -= seedArray[1 + (i + 30) % 55];
                    if (seedArray[i] < 0) seedArray[i] += int.MaxValue;
                }
            }
            inext = 0;
            inextp = 21;
        }
        protected virtual double Sample() { return InternalSample() * (1.0 / int.MaxValue); }
        int InternalSample() {
            int locINext = inext, locINextp = inextp;
            if (++locINext >= 56) locINext = 1;
            if (++locINextp >= 56) locINextp = 1;
            int retVal = seedArray[locINext] - seedArray[locINextp];
            if (retVal == int.MaxValue) retVal--;
            if (retVal < 0) retVal += int.MaxValue;
            seedArray[locINext] = retVal;
            inext = locINext;
            inextp = locINextp;
            return retVal;
        }
        public virtual int Next() { return InternalSample(); }
        double GetSampleForLargeRange() {
            int result = InternalSample();
            bool negative = InternalSample() % 2 == 0;
            if (negative) result = -result;
            double d = result;
            d += (int.MaxValue - 1);
            d /= 2 * (uint)int.MaxValue - 1;
            return d;
        }
        public virtual int Next(int minValue, int maxValue) {
            if (minValue > maxValue) throw new ArgumentOutOfRangeException("minValue", "'minValue' cannot be greater than maxValue.");
            long range = (long)maxValue - minValue;
            if (range <= int.MaxValue) return (int)(Sample() * range) + minValue;
            return (int)((long)(GetSampleForLargeRange() * range) + minValue);
        }
        public virtual int Next(int maxValue) {
            if (maxValue < 0) throw new ArgumentOutOfRangeException("maxValue", "'maxValue' must be greater than zero.");
            return (int)(Sample() * maxValue);
        }
        public virtual double NextDouble() { return Sample(); }
        public virtual void NextBytes(byte[] buffer) {
            if (buffer == null) throw new ArgumentNullException("buffer");
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)(InternalSample() % (byte.MaxValue + 1));
        }
    }

    public static class Convert {
        public static long ToInt64(object value) {
            if (value == null) return 0;
            if (value is long) return (long)value;
            if (value is int) return (int)value;
            if (value is short) return (short)value;
            if (value is sbyte) return (sbyte)value;
            if (value is byte) return (byte)value;
            if (value is ushort) return (ushort)value;
            if (value is uint) return (uint)value;
            if (value is ulong) return checked((long)(ulong)value);
            if (value is char) return (char)value;
            if (value is bool) return (bool)value ? 1 : 0;
            if (value is double) return ToInt64((double)value);
            if (value is float) return ToInt64((double)(float)value);
            if (value is string) return long.Parse((string)value);
            if (value is Enum) return Convert.ToInt64(((Enum)value).ToString("D"));
            throw new InvalidCastException("Specified cast is not valid.");
        }
        public static int ToInt32(object value) { return checked((int)ToInt64(value)); }
        public static int ToInt32(string value) { return value == null ? 0 : int.Parse(value); }
        public static int ToInt32(double value) {
            double r = Math.Round(value);
            if (r > int.MaxValue || r < int.MinValue) throw new OverflowException("Value was either too large or too small for an Int32.");
            return (int)r;
        }
        public static int ToInt32(long value) { return checked((int)value); }
        public static int ToInt32(bool value) { return value ? 1 : 0; }
        public static int ToInt32(char value) { return value; }
        public static int ToInt32(string value, int fromBase) {
            if (fromBase != 2 && fromBase != 8 && fromBase != 10 && fromBase != 16) throw new ArgumentException("Invalid Base.");
            return (int)ParseBase(value, fromBase);
        }
        static long ParseBase(string s, int b) {
            long r = 0;
            foreach (char c in s) {
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
                if (d >= b) throw new FormatException("Could not find any recognizable digits.");
                r = r * b + d;
            }
            return r;
        }
        public static long ToInt64(double value) {
            double r = Math.Round(value);
            if (r >= 9.2233720368547758E18 || r < -9.2233720368547758E18) throw new OverflowException("Value was either too large or too small for an Int64.");
            return (long)r;
        }
        public static long ToInt64(string value) { return value == null ? 0 : long.Parse(value); }
        public static double ToDouble(object value) {
            if (value == null) return 0;
            if (value is double) return (double)value;
            if (value is float) return (float)value;
            if (value is string) return double.Parse((string)value);
            if (value is ulong) return (ulong)value;
            return ToInt64(value);
        }
        public static double ToDouble(string value) { return value == null ? 0 : double.Parse(value); }
        public static double ToDouble(int value) { return value; }
        public static double ToDouble(long value) { return value; }
        public static bool ToBoolean(object value) { return value != null && (value is bool ? (bool)value : value is string ? bool.Parse((string)value) : ToInt64(value) != 0); }
        public static bool ToBoolean(string value) { return value != null && bool.Parse(value); }
        public static bool ToBoolean(int value) { return value != 0; }
        public static char ToChar(object value) { return value is char ? (char)value : value is string ? char.Parse((string)value) : (char)ToInt32(value); }
        public static char ToChar(int value) { return checked((char)value); }
        public static byte ToByte(object value) { return checked((byte)ToInt64(value)); }
        public static string ToString(object value) { return value == null ? "" : value.ToString(); }
        public static string ToString(int value) { return value.ToString(); }
        public static string ToString(long value) { return value.ToString(); }
        public static string ToString(double value) { return value.ToString(); }
        public static string ToString(bool value) { return value.ToString(); }
        public static string ToString(char value) { return value.ToString(); }
        public static string ToString(int value, int toBase) { return ToString((long)(uint)value, toBase, value < 0 && toBase == 10 ? value : 0); }
        public static string ToString(long value, int toBase) { return ToString(value, toBase, 0); }
        static string ToString(long value, int toBase, long signed) {
            if (toBase != 2 && toBase != 8 && toBase != 10 && toBase != 16) throw new ArgumentException("Invalid Base.");
            if (toBase == 10) return signed != 0 ? signed.ToString() : value.ToString();
            if (value == 0) return "0";
            ulong u = (ulong)value;
            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            while (u != 0) { sb.Insert(0, "0123456789abcdef"[(int)(u % (ulong)toBase)]); u /= (ulong)toBase; }
            return sb.ToString();
        }
        public static object ChangeType(object value, Type conversionType) {
            if (conversionType == typeof(int)) return ToInt32(value);
            if (conversionType == typeof(long)) return ToInt64(value);
            if (conversionType == typeof(double)) return ToDouble(value);
            if (conversionType == typeof(string)) return ToString(value);
            if (conversionType == typeof(bool)) return ToBoolean(value);
            return value;
        }
    }

    public sealed class DBNull { public static readonly DBNull Value = new DBNull(); DBNull() {} public override string ToString() { return ""; } }
}
