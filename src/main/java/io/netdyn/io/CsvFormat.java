package io.netdyn.io;

/**
 * How values appear in CSV (docs/outputs.md): a {@code double} always as a floating-point number —
 * the shortest decimal that round-trips it, always with a decimal point or an exponent
 * ({@code 1.0}, {@code 0.5}, {@code 1.0E-12}), so a column of doubles parses as floats whatever
 * its values; {@code NaN}, {@code inf}, {@code -inf} for the non-finite ones. Integers
 * ({@code int}, {@code long}) are written as integers; {@code null} as an empty field; strings
 * are quoted only when needed.
 */
public final class CsvFormat {
    private CsvFormat() {}

    public static String value(Object v) {
        if (v instanceof Double d) return number(d);
        if (v instanceof Float f) return number(f.doubleValue());
        if (v == null) return "";
        return text(v.toString());
    }

    public static String number(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return Double.toString(d);                 // "1.0", "0.5", "1.0E-12": always a float
    }

    public static String text(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    public static String line(Object... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(value(values[i]));
        }
        return sb.toString();
    }
}
