package io.netdyn.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line plot as inline SVG text: measured series as markers joined by lines with optional
 * error bars, theory series as dashed lines, "nice" axis ticks (1, 2, 5 × 10^k), a legend.
 * Written for the report: rendering is string building (microseconds per plot, where a
 * bitmap chart costs ~0.1 s), the page stays small, and the plots scale when zoomed.
 * Non-finite points are skipped.
 */
final class SvgPlot {
    private record Series(String name, double[] x, double[] y, double[] err, boolean dashed, int color) {}

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22"};
    private static final int LEFT = 64, RIGHT = 170, TOP = 28, BOTTOM = 44;

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private int colors;
    private boolean integerX;

    SvgPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Markers joined by a line; {@code err} (half-widths) may be null. */
    SvgPlot points(String name, double[] x, double[] y, double[] err) {
        series.add(new Series(name, x, y, err, false, colors++));
        return this;
    }

    /**
     * A dashed line without markers, in the colour of the last {@link #points} series (its
     * theory); one legend entry "theory" stands for all such curves.
     */
    SvgPlot curve(double[] x, double[] y) {
        series.add(new Series("theory", x, y, null, true, Math.max(0, colors - 1)));
        return this;
    }

    /** Integer x values (depths, widths): ticks at integers only. */
    SvgPlot integerX() {
        integerX = true;
        return this;
    }

    int seriesCount() { return series.size(); }

    String svg(int width, int height) {
        boolean logY = logY();
        double[] xr = range(true, false), yr = range(false, logY);
        double[] xt = ticks(xr[0], xr[1], integerX), yt = ticks(yr[0], yr[1], logY);
        xr = new double[] {Math.min(xr[0], xt[0]), Math.max(xr[1], xt[xt.length - 1])};
        yr = new double[] {Math.min(yr[0], yt[0]), Math.max(yr[1], yt[yt.length - 1])};
        final double x0 = xr[0], x1 = xr[1], y0 = yr[0], y1 = yr[1];
        int pw = width - LEFT - RIGHT, ph = height - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator px = v -> LEFT + (x1 == x0 ? pw / 2.0 : (v - x0) / (x1 - x0) * pw);
        java.util.function.DoubleUnaryOperator py = u -> {
            double v = logY ? Math.log10(Math.max(u, Double.MIN_NORMAL)) : u;
            return TOP + ph - (y1 == y0 ? ph / 2.0 : (v - y0) / (y1 - y0) * ph);
        };
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>", width, height));
        s.append(text(LEFT + pw / 2.0, 16, title, "middle", "font-size=\"13\""));
        for (double t : xt) {
            double x = px.applyAsDouble(t);
            s.append(line(x, TOP, x, TOP + ph, "#eee", null)).append(text(x, TOP + ph + 14, num(t), "middle", ""));
        }
        for (double t : yt) {
            double y = py.applyAsDouble(logY ? Math.pow(10, t) : t);
            s.append(line(LEFT, y, LEFT + pw, y, "#eee", null)).append(text(LEFT - 4, y + 4, logY ? "1e" + (long) t : num(t), "end", ""));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>",
                LEFT, TOP, pw, ph));
        s.append(text(LEFT + pw / 2.0, height - 8, xLabel, "middle", ""));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>",
                TOP + ph / 2.0, HtmlReport.esc(yLabel + (logY ? " (log scale)" : ""))));
        int legend = 0;
        boolean theoryInLegend = false;
        for (Series se : series) {
            String color = COLORS[se.color % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < se.x.length; i++) {
                if (!Double.isFinite(se.x[i]) || !Double.isFinite(se.y[i])) continue;
                double x = px.applyAsDouble(se.x[i]), y = py.applyAsDouble(se.y[i]);
                path.append(path.length() == 0 ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
                if (!se.dashed) {
                    if (se.err != null && se.err[i] > 0 && Double.isFinite(se.err[i])) {
                        double lo = py.applyAsDouble(se.y[i] - se.err[i]), hi = py.applyAsDouble(se.y[i] + se.err[i]);
                        lo = Math.min(lo, TOP + ph);
                        hi = Math.max(hi, TOP);
                        s.append(line(x, lo, x, hi, color, null));
                    }
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"2.5\" fill=\"%s\"/>", fmt(x), fmt(y), color));
                }
            }
            if (path.length() > 0) {
                s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\"")
                        .append(se.dashed ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"").append(path).append("\"/>");
            }
            if (se.dashed && theoryInLegend) continue;
            theoryInLegend |= se.dashed;
            double ly = TOP + 8 + 14 * legend++;
            s.append(line(LEFT + pw + 8, ly, LEFT + pw + 26, ly, se.dashed ? "#555" : color, se.dashed ? "6 4" : null));
            String name = se.name.length() > 26 ? se.name.substring(0, 25) + "…" : se.name;
            s.append(text(LEFT + pw + 30, ly + 4, name, "start", ""));
        }
        return s.append("</svg>").toString();
    }

    /**
     * Log y when every value is positive and they span more than three decades (heavy-tailed
     * weights make q or σ_max grow like that, and a linear axis then shows one spike).
     */
    private boolean logY() {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (Series se : series) {
            for (int i = 0; i < se.y.length; i++) {
                if (!Double.isFinite(se.x[i]) || !Double.isFinite(se.y[i])) continue;
                if (se.y[i] <= 0) return false;
                lo = Math.min(lo, se.y[i]);
                hi = Math.max(hi, se.y[i]);
            }
        }
        return hi > 0 && hi / lo > 1e3;
    }

    /**
     * [min, max] of the finite x values, or of y ± err (log10 y on a log axis, where the
     * error bars are not taken into the range); [0, 1] when there are none.
     */
    private double[] range(boolean xAxis, boolean log) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series se : series) {
            for (int i = 0; i < se.x.length; i++) {
                if (!Double.isFinite(se.x[i]) || !Double.isFinite(se.y[i])) continue;
                double v = xAxis ? se.x[i] : log ? Math.log10(se.y[i]) : se.y[i];
                double e = !xAxis && !log && se.err != null && Double.isFinite(se.err[i]) ? se.err[i] : 0;
                lo = Math.min(lo, v - e);
                hi = Math.max(hi, v + e);
            }
        }
        if (lo > hi) return new double[] {0, 1};
        if (hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) hi = lo;   // equal up to rounding: one level
        if (lo == hi) return new double[] {lo - (lo == 0 ? 1 : Math.abs(lo) * 0.1), hi + (hi == 0 ? 1 : Math.abs(hi) * 0.1)};
        return new double[] {lo, hi};
    }

    /** About 5 ticks at multiples of 1, 2 or 5 × 10^k covering [lo, hi]; integer steps when {@code integer}. */
    static double[] ticks(double lo, double hi, boolean integer) {
        double span = hi - lo, raw = span / 5, mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        if (integer) step = Math.max(1, Math.rint(step));
        double first = Math.floor(lo / step) * step, last = Math.ceil(hi / step) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = first + i * step;
        return t;
    }

    private static String num(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) return String.format(Locale.ROOT, "%.1e", v);
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.1f", v); }

    private static String line(double x1, double y1, double x2, double y2, String color, String dash) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>", x1, y1, x2, y2, color,
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\" stroke-width=\"1.5\"");
    }

    private static String text(double x, double y, String t, String anchor, String attrs) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>", x, y, anchor, attrs, HtmlReport.esc(t));
    }
}
