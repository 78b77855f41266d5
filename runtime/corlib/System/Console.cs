using System.IO;
using System.Runtime.CompilerServices;

namespace System {
    public static class Console {
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void InternalWrite(string s);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void InternalWriteErr(string s);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string InternalReadLine();

        sealed class StdWriter : TextWriter {
            readonly bool err;
            internal StdWriter(bool err) { this.err = err; }
            public override void Write(char value) { Write(new string(value, 1)); }
            public override void Write(string value) { if (err) InternalWriteErr(value); else InternalWrite(value); }
        }

        static TextWriter stdout = new StdWriter(false);
        static TextWriter stderr = new StdWriter(true);
        public static TextWriter Out { get { return stdout; } }
        public static TextWriter Error { get { return stderr; } }
        public static void SetOut(TextWriter newOut) { stdout = newOut; }
        public static void SetError(TextWriter newError) { stderr = newError; }
        public static string ReadLine() { return InternalReadLine(); }

        public static void WriteLine() { stdout.WriteLine(); }
        public static void WriteLine(bool value) { stdout.WriteLine(value); }
        public static void WriteLine(char value) { stdout.WriteLine(value); }
        public static void WriteLine(char[] buffer) { stdout.WriteLine(buffer); }
        public static void WriteLine(char[] buffer, int index, int count) { stdout.WriteLine(buffer, index, count); }
        public static void WriteLine(decimal value) { stdout.WriteLine(value); }
        public static void WriteLine(double value) { stdout.WriteLine(value); }
        public static void WriteLine(float value) { stdout.WriteLine(value); }
        public static void WriteLine(int value) { stdout.WriteLine(value); }
        public static void WriteLine(uint value) { stdout.WriteLine(value); }
        public static void WriteLine(long value) { stdout.WriteLine(value); }
        public static void WriteLine(ulong value) { stdout.WriteLine(value); }
        public static void WriteLine(object value) { stdout.WriteLine(value); }
        public static void WriteLine(string value) { stdout.WriteLine(value); }
        public static void WriteLine(string format, object arg0) { stdout.WriteLine(format, arg0); }
        public static void WriteLine(string format, object arg0, object arg1) { stdout.WriteLine(format, arg0, arg1); }
        public static void WriteLine(string format, object arg0, object arg1, object arg2) { stdout.WriteLine(format, arg0, arg1, arg2); }
        public static void WriteLine(string format, params object[] arg) { stdout.WriteLine(format, arg); }
        public static void Write(bool value) { stdout.Write(value); }
        public static void Write(char value) { stdout.Write(value); }
        public static void Write(char[] buffer) { stdout.Write(buffer); }
        public static void Write(char[] buffer, int index, int count) { stdout.Write(buffer, index, count); }
        public static void Write(decimal value) { stdout.Write(value); }
        public static void Write(double value) { stdout.Write(value); }
        public static void Write(float value) { stdout.Write(value); }
        public static void Write(int value) { stdout.Write(value); }
        public static void Write(uint value) { stdout.Write(value); }
        public static void Write(long value) { stdout.Write(value); }
        public static void Write(ulong value) { stdout.Write(value); }
        public static void Write(object value) { stdout.Write(value); }
        public static void Write(string value) { stdout.Write(value); }
        public static void Write(string format, object arg0) { stdout.Write(format, arg0); }
        public static void Write(string format, object arg0, object arg1) { stdout.Write(format, arg0, arg1); }
        public static void Write(string format, object arg0, object arg1, object arg2) { stdout.Write(format, arg0, arg1, arg2); }
        public static void Write(string format, params object[] arg) { stdout.Write(format, arg); }
    }
}

namespace System.IO {
    public abstract class TextWriter : IDisposable {
        protected TextWriter() {}
        public static readonly TextWriter Null = new StringWriter();
        public virtual string NewLine { get { return "\n"; } set {} }
        public abstract void Write(char value);
        public virtual void Write(string value) { if (value != null) for (int i = 0; i < value.Length; i++) Write(value[i]); }
        public virtual void Write(bool value) { Write(value ? "True" : "False"); }
        public virtual void Write(char[] buffer) { if (buffer != null) Write(new string(buffer)); }
        public virtual void Write(char[] buffer, int index, int count) { Write(new string(buffer, index, count)); }
        public virtual void Write(decimal value) { Write(value.ToString()); }
        public virtual void Write(double value) { Write(value.ToString()); }
        public virtual void Write(float value) { Write(value.ToString()); }
        public virtual void Write(int value) { Write(value.ToString()); }
        public virtual void Write(uint value) { Write(value.ToString()); }
        public virtual void Write(long value) { Write(value.ToString()); }
        public virtual void Write(ulong value) { Write(value.ToString()); }
        public virtual void Write(object value) {
            if (value == null) return;
            IFormattable f = value as IFormattable;
            Write(f != null ? f.ToString(null, null) : value.ToString());
        }
        public virtual void Write(string format, object arg0) { Write(string.Format(format, arg0)); }
        public virtual void Write(string format, object arg0, object arg1) { Write(string.Format(format, arg0, arg1)); }
        public virtual void Write(string format, object arg0, object arg1, object arg2) { Write(string.Format(format, arg0, arg1, arg2)); }
        public virtual void Write(string format, params object[] arg) { Write(string.Format(format, arg)); }
        public virtual void WriteLine() { Write("\n"); }
        public virtual void WriteLine(string value) { Write(value == null ? "\n" : value + "\n"); }
        public virtual void WriteLine(bool value) { WriteLine(value ? "True" : "False"); }
        public virtual void WriteLine(char value) { WriteLine(new string(value, 1)); }
        public virtual void WriteLine(char[] buffer) { WriteLine(buffer == null ? "" : new string(buffer)); }
        public virtual void WriteLine(char[] buffer, int index, int count) { WriteLine(new string(buffer, index, count)); }
        public virtual void WriteLine(decimal value) { WriteLine(value.ToString()); }
        public virtual void WriteLine(double value) { WriteLine(value.ToString()); }
        public virtual void WriteLine(float value) { WriteLine(value.ToString()); }
        public virtual void WriteLine(int value) { WriteLine(value.ToString()); }
        public virtual void WriteLine(uint value) { WriteLine(value.ToString()); }
        public virtual void WriteLine(long value) { WriteLine(value.ToString()); }
        public virtual void WriteLine(ulong value) { WriteLine(value.ToString()); }
        public virtual void WriteLine(object value) {
            if (value == null) { WriteLine(); return; }
            IFormattable f = value as IFormattable;
            WriteLine(f != null ? f.ToString(null, null) : value.ToString());
        }
        public virtual void WriteLine(string format, object arg0) { WriteLine(string.Format(format, arg0)); }
        public virtual void WriteLine(string format, object arg0, object arg1) { WriteLine(string.Format(format, arg0, arg1)); }
        public virtual void WriteLine(string format, object arg0, object arg1, object arg2) { WriteLine(string.Format(format, arg0, arg1, arg2)); }
        public virtual void WriteLine(string format, params object[] arg) { WriteLine(string.Format(format, arg)); }
        public virtual void Flush() {}
        public virtual void Close() { Dispose(); }
        public void Dispose() { Dispose(true); }
        protected virtual void Dispose(bool disposing) {}
    }

    public class StringWriter : TextWriter {
        System.Text.StringBuilder sb = new System.Text.StringBuilder();
        public StringWriter() {}
        public override void Write(char value) { sb.Append(value); }
        public override void Write(string value) { sb.Append(value); }
        public System.Text.StringBuilder GetStringBuilder() { return sb; }
        public override string ToString() { return sb.ToString(); }
    }

    public static class File {
        [MethodImpl(MethodImplOptions.InternalCall)] static extern string InternalReadAllText(string path);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern void InternalWriteAllText(string path, string contents);
        [MethodImpl(MethodImplOptions.InternalCall)] static extern bool InternalExists(string path);
        public static string ReadAllText(string path) { if (path == null) throw new ArgumentNullException("path"); return InternalReadAllText(path); }
        public static string[] ReadAllLines(string path) {
            string t = ReadAllText(path);
            if (t.EndsWith("\n")) t = t.Substring(0, t.Length - 1);
            if (t.Length == 0) return new string[0];
            string[] lines = t.Split('\n');
            for (int i = 0; i < lines.Length; i++) if (lines[i].EndsWith("\r")) lines[i] = lines[i].Substring(0, lines[i].Length - 1);
            return lines;
        }
        public static void WriteAllText(string path, string contents) { if (path == null) throw new ArgumentNullException("path"); InternalWriteAllText(path, contents); }
        public static bool Exists(string path) { return path != null && InternalExists(path); }
    }
}
