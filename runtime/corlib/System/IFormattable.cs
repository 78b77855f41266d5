namespace System {
    public interface IFormattable {
        string ToString(string format, IFormatProvider formatProvider);
    }

    public interface IFormatProvider {
        object GetFormat(Type formatType);
    }

    public interface ICustomFormatter {
        string Format(string format, object arg, IFormatProvider formatProvider);
    }
}
