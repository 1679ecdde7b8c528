package io.netdyn.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * A line plot as inline SVG text: measured series as markers joined by lines with their
 * intervals, theory as dashed lines in the series' colour, histograms as step lines, "nice"
 * axis ticks, a legend. Rendering is string building (well under a millisecond per plot) and the
 * plots stay sharp when zoomed. Every data point is an element of class {@code pt} with a
 * {@code <title>} (hover text). Non-finite points are skipped.
 *
 * <p>Axes. y covers every value and theory point and the interval ends between their
 * 2nd and 98th percentiles (nearest rank, so with up to 50 intervals the single most extreme end
 * on each side is left out): one wild interval does not squash the rest. Ends beyond the axis are
 * cut there and drawn with an arrowhead; ends within it get a cap. Values and intervals are cut to
 * the statistic's valid range ({@link #validY}) first. A log y axis (values all positive and
 * spread over more than three decades) shows the positive part of each interval only: a lower
 * end ≤ 0 is an open bar down to the bottom edge.
 */
final class SvgPlot implements Chart {
    /** A data point: interval [lo, hi] (NaN: none); {@code title} is its hover text. */
    record Pt(double x, double y, double lo, double hi, String title) {
        Pt(double x, double y) { this(x, y, Double.NaN, Double.NaN, null); }
    }

    private enum Kind { POINTS, MARKERS, CURVE, STEP }

    private record Series(String label, Kind kind, List<Pt> pts, double[] edges) {}

    private static final int LEFT = 62, RIGHT = 150, TOP = 26, BOTTOM = 40;
    private static final double LOW_RANK = 0.02, HIGH_RANK = 0.98, PAD = 0.04;

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean integerX, allowLogY = true;
    private double validLo = Double.NEGATIVE_INFINITY, validHi = Double.POSITIVE_INFINITY;
    private int clipped, openEnds;
    private boolean lastLogY;

    SvgPlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Markers joined by a line, with the points' intervals. */
    SvgPlot points(String label, List<Pt> pts) {
        series.add(new Series(label, Kind.POINTS, List.copyOf(pts), null));
        return this;
    }

    /** Markers only (e.g. a point set apart from its series). */
    SvgPlot markers(String label, List<Pt> pts) {
        series.add(new Series(label, Kind.MARKERS, List.copyOf(pts), null));
        return this;
    }

    /** A dashed theory line in the colour of {@code label}; one legend entry "theory" stands for all. */
    SvgPlot curve(String label, double[] x, double[] y) {
        List<Pt> pts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) pts.add(new Pt(x[i], y[i]));
        series.add(new Series(label, Kind.CURVE, pts, null));
        return this;
    }

    /**
     * A histogram as a step line: bin i spans [edges[i], edges[i+1]] at height pts[i].y; each bin
     * is a point (its top segment carries the bin's title).
     */
    SvgPlot step(String label, double[] edges, List<Pt> bins) {
        if (edges.length != bins.size() + 1) throw new IllegalArgumentException("edges must number bins + 1");
        series.add(new Series(label, Kind.STEP, List.copyOf(bins), edges.clone()));
        return this;
    }

    /** Integer x values (depths, widths, indices): ticks at integers only. */
    SvgPlot integerX() {
        integerX = true;
        return this;
    }

    /** Values and intervals cannot leave [lo, hi] (a probability: [0, 1]). */
    SvgPlot validY(double lo, double hi) {
        validLo = lo;
        validHi = hi;
        return this;
    }

    /** Never a log y axis (densities, exponents). */
    SvgPlot linearY() {
        allowLogY = false;
        return this;
    }

    String title() { return title; }

    /** Whether the plot draws histograms (its labels are depths, not grid cells). */
    boolean histogram() { return series.stream().anyMatch(se -> se.kind == Kind.STEP); }

    /** Interval ends the last {@link #svg} cut at the axis. */
    int clippedIntervals() { return clipped; }

    /** Lower interval ends ≤ 0 on the last {@link #svg}'s log axis (drawn open at the bottom). */
    int openIntervals() { return openEnds; }

    /** Whether the last {@link #svg} used a log y axis. */
    boolean logYUsed() { return lastLogY; }

    @Override
    public Set<String> labels() {
        Set<String> out = new LinkedHashSet<>();
        for (Series s : series) out.add(s.label);
        return out;
    }

    /** Points of the series with this label (all kinds). */
    int pointCount() {
        int n = 0;
        for (Series s : series) if (s.kind != Kind.CURVE) for (Pt p : s.pts) if (Double.isFinite(p.x) && Double.isFinite(p.y)) n++;
        return n;
    }

    @Override
    public String svg(int width, int height, Palette palette) {
        boolean logY = allowLogY && logY();
        lastLogY = logY;
        clipped = 0;
        openEnds = 0;
        int pw = width - LEFT - RIGHT, ph = height - TOP - BOTTOM;
        double[] xr = xRange(), yr = yRange(logY);
        TreeSet<Double> xs = distinctX();
        double[] xt = integerX && xs != null && xs.size() <= 12 ? xs.stream().mapToDouble(Double::doubleValue).toArray()
                : ticks(xr[0], xr[1], integerX);   // few integer x values (widths, depths): a tick at each
        double[] yt = logY ? logTicks(yr[0], yr[1]) : ticks(yr[0], yr[1], false);
        final double x0 = xr[0], x1 = xr[1], y0 = yr[0], y1 = yr[1];
        DoubleUnaryOperator px = v -> LEFT + (v - x0) / (x1 - x0) * pw;
        DoubleUnaryOperator py = v -> TOP + ph - (v - y0) / (y1 - y0) * ph;   // v in axis units (log10 on a log axis)
        DoubleUnaryOperator axis = u -> logY ? Math.log10(u) : u;

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>", width, height));
        s.append(Chart.text(LEFT + pw / 2.0, 16, Chart.shorten(title, 90), "middle", "font-size=\"13\""));
        double lastLabel = Double.NEGATIVE_INFINITY;
        for (double t : xt) {
            if (t < x0 || t > x1) continue;
            double x = px.applyAsDouble(t);
            s.append(Chart.line(x, TOP, x, TOP + ph, "#eee", ""));
            String lab = Chart.num(t);
            if (x - lastLabel < 7 * lab.length() + 6) continue;   // keep tick labels from overlapping
            s.append(Chart.text(x, TOP + ph + 14, lab, "middle", ""));
            lastLabel = x;
        }
        for (double t : yt) {
            if (t < y0 || t > y1) continue;
            double y = py.applyAsDouble(t);
            s.append(Chart.line(LEFT, y, LEFT + pw, y, "#eee", ""));
            s.append(Chart.text(LEFT - 4, y + 4, logY ? logLabel(t) : Chart.num(t), "end", ""));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>",
                LEFT, TOP, pw, ph));
        s.append(Chart.text(LEFT + pw / 2.0, height - 8, xLabel, "middle", ""));
        String yl = yLabel + (logY ? " (log scale: positive part)" : "");
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>",
                TOP + ph / 2.0, HtmlReport.esc(Chart.shorten(yl, 48))));

        // plot area: theory first (under the data), then steps, then measured series
        for (Kind pass : new Kind[] {Kind.CURVE, Kind.STEP, Kind.POINTS, Kind.MARKERS}) {
            for (Series se : series) {
                if (se.kind != pass) continue;
                Palette.Style st = palette.style(se.label);
                switch (se.kind) {
                    case CURVE -> drawCurve(s, se, st, px, py, axis, logY, y0, y1);
                    case STEP -> drawStep(s, se, st, px, py, axis, logY, y0, y1);
                    default -> drawPoints(s, se, st, px, py, axis, logY, y0, y1);
                }
            }
        }
        legend(s, palette, LEFT + pw + 8, TOP + 8, ph);
        return s.append("</svg>").toString();
    }

    private void drawCurve(StringBuilder s, Series se, Palette.Style st, DoubleUnaryOperator px, DoubleUnaryOperator py,
                           DoubleUnaryOperator axis, boolean logY, double y0, double y1) {
        StringBuilder path = new StringBuilder();
        for (Pt p : se.pts) {
            if (!Double.isFinite(p.x) || !Double.isFinite(p.y) || (logY && p.y <= 0)) continue;
            double v = Math.max(y0, Math.min(y1, axis.applyAsDouble(p.y)));
            path.append(path.length() == 0 ? "" : " ").append(Chart.fmt(px.applyAsDouble(p.x))).append(',').append(Chart.fmt(py.applyAsDouble(v)));
        }
        if (path.length() == 0) return;
        if (path.indexOf(" ") < 0) path.append(' ').append(path);   // a one-point theory: a dot
        s.append("<polyline class=\"theory\" fill=\"none\" stroke=\"").append(st.color())
                .append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" stroke-linecap=\"round\" points=\"").append(path).append("\">")
                .append(Chart.title("theory, " + se.label)).append("</polyline>");
    }

    /** Bins as horizontal segments (class pt, one title each) over a thin outline; one group carries the colour. */
    private void drawStep(StringBuilder s, Series se, Palette.Style st, DoubleUnaryOperator px, DoubleUnaryOperator py,
                          DoubleUnaryOperator axis, boolean logY, double y0, double y1) {
        StringBuilder outline = new StringBuilder(), tops = new StringBuilder();
        double base = py.applyAsDouble(Math.max(y0, Math.min(y1, logY ? y0 : 0)));
        for (int i = 0; i < se.pts.size(); i++) {
            Pt p = se.pts.get(i);
            String xa = Chart.fmt(px.applyAsDouble(se.edges[i])), xb = Chart.fmt(px.applyAsDouble(se.edges[i + 1]));
            boolean ok = Double.isFinite(p.y) && !(logY && p.y <= 0);
            String y = Chart.fmt(ok ? py.applyAsDouble(Math.max(y0, Math.min(y1, axis.applyAsDouble(p.y)))) : base);
            outline.append(i == 0 ? "M" + xa + "," + Chart.fmt(base) : "").append("V").append(y).append("H").append(xb);
            if (ok) {
                tops.append("<path class=\"pt\" d=\"M").append(xa).append(',').append(y).append('H').append(xb).append("\">")
                        .append(Chart.title(p.title != null ? p.title : se.label)).append("</path>");
            }
        }
        if (outline.length() == 0) return;
        outline.append("V").append(Chart.fmt(base));
        s.append("<g fill=\"none\" stroke=\"").append(st.color()).append("\"><path stroke-width=\"0.8\" d=\"").append(outline)
                .append("\"/><g stroke-width=\"2\">").append(tops).append("</g></g>");
    }

    /** One group per series: its colour as fill and stroke, the joining line, one path per interval, the markers. */
    private void drawPoints(StringBuilder s, Series se, Palette.Style st, DoubleUnaryOperator px, DoubleUnaryOperator py,
                            DoubleUnaryOperator axis, boolean logY, double y0, double y1) {
        StringBuilder path = new StringBuilder(), bars = new StringBuilder(), marks = new StringBuilder();
        for (Pt p : se.pts) {
            if (!Double.isFinite(p.x) || !Double.isFinite(p.y) || (logY && p.y <= 0)) continue;
            double x = px.applyAsDouble(p.x), v = axis.applyAsDouble(p.y);
            double y = py.applyAsDouble(Math.max(y0, Math.min(y1, v)));
            path.append(path.length() == 0 ? "" : " ").append(Chart.fmt(x)).append(',').append(Chart.fmt(y));
            if (Double.isFinite(p.lo) && Double.isFinite(p.hi) && p.hi > p.lo) interval(bars, x, p, axis, logY, py, y0, y1);
            marks.append(marker(st.marker(), x, y, p.title != null ? p.title : se.label + ": " + Chart.num(p.y)));
        }
        s.append("<g fill=\"").append(st.color()).append("\" stroke=\"").append(st.color()).append("\">");
        if (se.kind == Kind.POINTS && path.indexOf(" ") > 0) {
            s.append("<polyline fill=\"none\" stroke-width=\"1.5\" points=\"").append(path).append("\"/>");
        }
        if (bars.length() > 0) s.append("<path stroke-width=\"1\" d=\"").append(bars).append("\"/>");
        s.append(marks).append("</g>");
    }

    /**
     * Path data of the interval, cut to the valid range and then to the axis: a bar, a cap at each
     * end inside the axis, an arrowhead (a filled triangle) at each end cut by the axis.
     */
    private void interval(StringBuilder d, double x, Pt p, DoubleUnaryOperator axis, boolean logY, DoubleUnaryOperator py, double y0, double y1) {
        double lo = Math.max(p.lo, validLo), hi = Math.min(p.hi, validHi);
        if (!(hi > lo) || (logY && hi <= 0)) return;
        boolean cutLo, cutHi, open = logY && lo <= 0;
        double a, b;
        if (open) { a = y0; cutLo = false; } else { a = axis.applyAsDouble(lo); cutLo = a < y0; a = Math.max(a, y0); }
        b = axis.applyAsDouble(hi);
        cutHi = b > y1;
        b = Math.min(b, y1);
        if (b < y0 || a > y1) return;
        String xs = Chart.fmt(x), xl = Chart.fmt(x - 3), ya = Chart.fmt(py.applyAsDouble(a)), yb = Chart.fmt(py.applyAsDouble(b));
        d.append('M').append(xs).append(',').append(ya).append('V').append(yb);
        if (open) openEnds++;   // a lower end ≤ 0 on a log axis: the bar runs to the bottom edge, no cap
        else d.append(cutLo ? "M" + xs + "," + ya + "l-4,-7h8z" : "M" + xl + "," + ya + "h6");
        d.append(cutHi ? "M" + xs + "," + yb + "l-4,7h8z" : "M" + xl + "," + yb + "h6");
        if (cutLo) clipped++;
        if (cutHi) clipped++;
    }

    /** A marker of class pt with its hover title; colour from the enclosing group. */
    static String marker(String shape, double x, double y, String title) {
        String t = title == null ? "" : Chart.title(title);
        return switch (shape) {
            case "square" -> "<rect class=\"pt\" x=\"" + Chart.fmt(x - 2.8) + "\" y=\"" + Chart.fmt(y - 2.8) + "\" width=\"5.6\" height=\"5.6\">" + t + "</rect>";
            case "triangle" -> "<path class=\"pt\" d=\"M" + Chart.fmt(x) + "," + Chart.fmt(y - 3.6) + "l3.4,6h-6.8z\">" + t + "</path>";
            case "diamond" -> "<path class=\"pt\" d=\"M" + Chart.fmt(x) + "," + Chart.fmt(y - 3.6) + "l3.6,3.6l-3.6,3.6l-3.6,-3.6z\">" + t + "</path>";
            default -> "<circle class=\"pt\" cx=\"" + Chart.fmt(x) + "\" cy=\"" + Chart.fmt(y) + "\" r=\"2.8\">" + t + "</circle>";
        };
    }

    /**
     * One entry per label (colour, marker, text) and one "theory" entry. The text leaves out the
     * label parts ("N=8", "tanh") that every series of the figure shares (the title names them)
     * and wraps onto a second line at a comma.
     */
    private void legend(StringBuilder s, Palette palette, double x, double y, int ph) {
        List<String> shown = new ArrayList<>();
        boolean theory = false;
        for (Series se : series) {
            if (se.kind == Kind.CURVE) theory = true;
            else if (!shown.contains(se.label)) shown.add(se.label);
        }
        List<String> order = palette.labels();
        shown.sort(Comparator.comparingInt(order::indexOf));   // the page's order
        List<String> texts = legendTexts(shown);
        int lines = 0;
        for (String t : texts) lines += t.length() > LEGEND_CHARS ? 2 : 1;
        double rowH = lines * 14 + (theory ? 14 : 0) > ph ? 11 : 14;
        double ly = y;
        for (int i = 0; i < shown.size(); i++) {
            String label = shown.get(i), t = texts.get(i);
            if (ly > y + ph - (theory ? 2 : 1) * rowH) {
                s.append(Chart.text(x, ly + 4, "+ " + (shown.size() - i) + " more", "start", "fill=\"#555\""));
                ly += rowH;
                break;
            }
            Palette.Style st = palette.style(label);
            s.append("<g fill=\"").append(st.color()).append("\" stroke=\"").append(st.color()).append("\">").append(Chart.title(label))
                    .append(Chart.line(x, ly, x + 18, ly, st.color(), "stroke-width=\"1.5\""))
                    .append(marker(st.marker(), x + 9, ly, null).replace("class=\"pt\" ", "")).append("</g>");
            String[] two = wrap(t);
            s.append(Chart.text(x + 22, ly + 4, two[0], "start", "fill=\"#222\""));
            ly += rowH;
            if (two[1] != null && rowH == 14) {
                s.append(Chart.text(x + 22, ly + 2, two[1], "start", "fill=\"#222\""));
                ly += 12;
            }
        }
        if (theory) {
            s.append(Chart.line(x, ly, x + 18, ly, "#555", "stroke-width=\"1.5\" stroke-dasharray=\"6 4\""))
                    .append(Chart.text(x + 22, ly + 4, "theory", "start", ""));
        }
    }

    private static final int LEGEND_CHARS = 22;

    /** The labels without the comma-separated parts all of them share (all of them when nothing is left). */
    static List<String> legendTexts(List<String> labels) {
        if (labels.size() < 2) return labels;
        List<String[]> parts = new ArrayList<>();
        for (String l : labels) parts.add(l.split(", "));
        int n = parts.get(0).length;
        if (parts.stream().anyMatch(p -> p.length != n)) return labels;
        boolean[] common = new boolean[n];
        for (int j = 0; j < n; j++) {
            final int k = j;
            common[j] = parts.stream().allMatch(p -> p[k].equals(parts.get(0)[k]));
        }
        List<String> out = new ArrayList<>();
        for (String[] p : parts) {
            List<String> keep = new ArrayList<>();
            for (int j = 0; j < n; j++) if (!common[j]) keep.add(p[j]);
            out.add(String.join(", ", keep));
        }
        return out;
    }

    /** Text in at most two lines of {@link #LEGEND_CHARS}, broken after a comma when possible. */
    static String[] wrap(String t) {
        if (t.length() <= LEGEND_CHARS) return new String[] {t, null};
        int at = t.lastIndexOf(", ", LEGEND_CHARS);
        if (at <= 0) return new String[] {Chart.shorten(t, LEGEND_CHARS), null};
        return new String[] {t.substring(0, at + 1), Chart.shorten(t.substring(at + 2), LEGEND_CHARS)};
    }

    /** The x values of the points; null when a histogram is drawn (its x is continuous). */
    private TreeSet<Double> distinctX() {
        TreeSet<Double> xs = new TreeSet<>();
        for (Series se : series) {
            if (se.kind == Kind.STEP) return null;
            for (Pt p : se.pts) if (Double.isFinite(p.x) && Double.isFinite(p.y)) xs.add(p.x);
        }
        return xs;
    }

    private double[] xRange() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series se : series) {
            if (se.kind == Kind.STEP) {
                for (double e : se.edges) { lo = Math.min(lo, e); hi = Math.max(hi, e); }
                continue;
            }
            for (Pt p : se.pts) {
                if (!Double.isFinite(p.x) || !Double.isFinite(p.y)) continue;
                lo = Math.min(lo, p.x);
                hi = Math.max(hi, p.x);
            }
        }
        return pad(lo, hi, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * [lo, hi] in axis units: all values and theory, interval ends between their
     * {@link #LOW_RANK} and {@link #HIGH_RANK} nearest-rank percentiles, histograms from 0.
     */
    double[] yRange(boolean logY) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        List<Double> los = new ArrayList<>(), his = new ArrayList<>();
        for (Series se : series) {
            for (Pt p : se.pts) {
                if (!Double.isFinite(p.x) || !Double.isFinite(p.y) || (logY && p.y <= 0)) continue;
                double v = logY ? Math.log10(p.y) : p.y;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                if (Double.isFinite(p.lo) && Double.isFinite(p.hi) && p.hi > p.lo) {
                    double a = Math.max(p.lo, validLo), b = Math.min(p.hi, validHi);
                    if (!logY || a > 0) los.add(logY ? Math.log10(a) : a);
                    if (!logY || b > 0) his.add(logY ? Math.log10(b) : b);
                }
            }
            if (se.kind == Kind.STEP && !logY) lo = Math.min(lo, 0);
        }
        if (!los.isEmpty()) lo = Math.min(lo, rank(los, LOW_RANK, false));
        if (!his.isEmpty()) hi = Math.max(hi, rank(his, HIGH_RANK, true));
        double vl = logY ? (validLo > 0 ? Math.log10(validLo) : Double.NEGATIVE_INFINITY) : validLo;
        double vh = logY ? (validHi > 0 ? Math.log10(validHi) : Double.NEGATIVE_INFINITY) : validHi;
        return pad(Math.max(lo, vl), Math.min(hi, vh), vl, vh);
    }

    /** Nearest-rank percentile: the lower one rounds the index up, the upper one down (an extreme end is dropped first). */
    static double rank(List<Double> values, double q, boolean upper) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double at = q * (v.length - 1);
        return v[(int) (upper ? Math.floor(at + 1e-9) : Math.ceil(at - 1e-9))];
    }

    /** The range widened by {@link #PAD} of its span on each side (one level: ±10% or ±1); [0, 1] when empty. */
    private static double[] pad(double lo, double hi, double validLo, double validHi) {
        if (!(lo <= hi)) return new double[] {0, 1};
        if (hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[] {lo - d, hi + d};
        }
        double d = PAD * (hi - lo);
        return new double[] {lo - d, hi + d};
    }

    /**
     * Log y when every value is positive and they span more than three decades (heavy-tailed
     * weights make q or σ_max grow like that, and a linear axis then shows one spike).
     */
    private boolean logY() {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (Series se : series) {
            if (se.kind == Kind.STEP) return false;
            for (Pt p : se.pts) {
                if (!Double.isFinite(p.x) || !Double.isFinite(p.y)) continue;
                if (p.y <= 0) return false;
                lo = Math.min(lo, p.y);
                hi = Math.max(hi, p.y);
            }
        }
        return hi > 0 && hi / lo > 1e3;
    }

    /** About 5 ticks at multiples of 1, 2 or 5 × 10^k covering [lo, hi]; integer steps when {@code integer}. */
    static double[] ticks(double lo, double hi, boolean integer) {
        double span = hi - lo, raw = span / 5, mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        if (integer) step = Math.max(1, Math.rint(step));
        double first = Math.ceil(lo / step - 1e-9) * step, last = Math.floor(hi / step + 1e-9) * step;
        int n = Math.max(0, (int) Math.round((last - first) / step) + 1);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = Math.abs(first + i * step) < 1e-12 * step ? 0 : first + i * step;
        return t;
    }

    /** Decades inside [lo, hi] (log10 units); 1, 2, 5 steps within a decade when fewer than two fit. */
    static double[] logTicks(double lo, double hi) {
        List<Double> t = new ArrayList<>();
        int step = Math.max(1, (int) Math.ceil((hi - lo) / 6));
        for (long k = (long) Math.ceil(lo); k <= hi; k++) if (k % step == 0) t.add((double) k);
        if (t.size() < 2) {
            t.clear();
            for (long k = (long) Math.floor(lo); k <= Math.ceil(hi); k++) {
                for (double m : new double[] {1, 2, 5}) {
                    double v = k + Math.log10(m);
                    if (v >= lo && v <= hi) t.add(v);
                }
            }
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String logLabel(double t) {
        if (Math.abs(t - Math.rint(t)) < 1e-9) return "1e" + (long) Math.rint(t);
        return Chart.num(Math.pow(10, t));
    }

    @Override
    public String toString() { return "SvgPlot[" + title + ", " + Arrays.toString(labels().toArray()) + "]"; }
}
