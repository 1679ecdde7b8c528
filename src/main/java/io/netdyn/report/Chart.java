package io.netdyn.report;

import java.util.Locale;
import java.util.Set;

/** A figure of the page drawn as inline SVG text, its series coloured by the page's {@link Palette}. */
interface Chart {
    String svg(int width, int height, Palette palette);

    /** The series labels the chart draws (they enter the page's palette). */
    Set<String> labels();

    /** A short number for axes and hover text: 4 significant digits, no trailing zeros. */
    static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            String s = String.format(Locale.ROOT, "%.3e", v);
            int e = s.indexOf('e');
            String m = s.substring(0, e).replaceAll("0+$", "").replaceAll("\\.$", "");
            return m + "e" + Integer.parseInt(s.substring(e + 1));
        }
        String s = String.format(Locale.ROOT, "%." + Math.max(0, 3 - (int) Math.floor(Math.log10(a))) + "f", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** Three significant digits in at most 7 characters (heat-map cells). */
    static String brief(double v) {
        if (!Double.isFinite(v)) return num(v);
        double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 1e4)) {
            String s = String.format(Locale.ROOT, "%.1e", v);
            int e = s.indexOf('e');
            return s.substring(0, e).replaceAll("\\.0$", "") + "e" + Integer.parseInt(s.substring(e + 1));
        }
        String s = String.format(Locale.ROOT, "%." + (a == 0 ? 0 : Math.max(0, 2 - (int) Math.floor(Math.log10(a)))) + "f", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** A coordinate to 0.1 px, without a trailing ".0" (String.format is too slow for every coordinate). */
    static String fmt(double v) {
        long t = Math.round(v * 10);
        String sign = t < 0 ? "-" : "";
        t = Math.abs(t);
        return t % 10 == 0 ? sign + t / 10 : sign + t / 10 + "." + t % 10;
    }

    static String text(double x, double y, String t, String anchor, String attrs) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\"" + (attrs.isEmpty() ? "" : " " + attrs) + ">"
                + HtmlReport.esc(t) + "</text>";
    }

    static String line(double x1, double y1, double x2, double y2, String color, String attrs) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\" stroke=\"" + color + "\""
                + (attrs.isEmpty() ? "" : " " + attrs) + "/>";
    }

    static String title(String t) { return "<title>" + HtmlReport.esc(t) + "</title>"; }

    /** Text cut to {@code max} characters with an ellipsis. */
    static String shorten(String s, int max) { return s.length() > max ? s.substring(0, max - 1) + "…" : s; }
}
