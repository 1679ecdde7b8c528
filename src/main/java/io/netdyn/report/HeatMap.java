package io.netdyn.report;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A width × depth colour grid as SVG: one rect per cell (class {@code pt}, its value and interval
 * in {@code <title>}), rows = widths (smallest at the bottom), columns = depths, and a colour bar.
 * Colours: a sequential viridis-like ramp over [min, max] (over [0, 1] for probabilities; over
 * log10 values when all are positive and span more than three decades, as heavy-tailed q does), or
 * a diverging blue–white–red ramp centred at 0 when the values have both signs (exponents, log σ:
 * the sign is the phase). Missing or non-finite cells are grey.
 */
final class HeatMap implements Chart {
    /** One cell's value with its interval and hover text. */
    record Cell(double value, String title) {}

    private static final int LEFT = 52, RIGHT = 96, TOP = 26, BOTTOM = 40;
    /** Viridis at 0, ¼, ½, ¾, 1. */
    private static final int[][] VIRIDIS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    private static final int[][] DIVERGING = {{33, 102, 172}, {247, 247, 247}, {178, 24, 43}};

    private final String title, statistic;
    private final List<Integer> widths, depths;
    private final Cell[][] cells;   // [width index][depth index], null: no value
    private final double[] valid;

    HeatMap(String title, String statistic, List<Integer> widths, List<Integer> depths, Cell[][] cells, double[] valid) {
        this.title = title;
        this.statistic = statistic;
        this.widths = widths;
        this.depths = depths;
        this.cells = cells;
        this.valid = valid;
    }

    String title() { return title; }

    @Override
    public Set<String> labels() { return Set.of(); }

    /** [lo, hi, diverging ? 1 : 0, log10 ? 1 : 0] of the colour scale (lo, hi in log10 units on a log scale). */
    double[] scale() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Cell[] row : cells) for (Cell c : row) if (c != null && Double.isFinite(c.value)) { lo = Math.min(lo, c.value); hi = Math.max(hi, c.value); }
        if (!(lo <= hi)) return new double[] {0, 1, 0, 0};
        if (valid[0] == 0 && valid[1] == 1) return new double[] {0, 1, 0, 0};
        if (lo > 0 && hi / lo > 1e3) return new double[] {Math.log10(lo), Math.log10(hi), 0, 1};
        if (lo < 0 && hi > 0) {
            double m = Math.max(-lo, hi);
            return new double[] {-m, m, 1, 0};
        }
        if (lo == hi) return new double[] {lo - (lo == 0 ? 1 : Math.abs(lo) * 0.1), hi + (hi == 0 ? 1 : Math.abs(hi) * 0.1), 0, 0};
        return new double[] {lo, hi, 0, 0};
    }

    static String color(double t, boolean diverging) {
        int[][] ramp = diverging ? DIVERGING : VIRIDIS;
        t = Math.max(0, Math.min(1, t)) * (ramp.length - 1);
        int i = Math.min(ramp.length - 2, (int) Math.floor(t));
        double f = t - i;
        int[] a = ramp[i], b = ramp[i + 1];
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])),
                Math.round(a[2] + f * (b[2] - a[2])));
    }

    /** Black or white text, whichever reads better on the fill (relative luminance). */
    private static String ink(String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16), g = Integer.parseInt(hex.substring(3, 5), 16), b = Integer.parseInt(hex.substring(5, 7), 16);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? "#000" : "#fff";
    }

    @Override
    public String svg(int width, int height, Palette palette) {
        double[] sc = scale();
        boolean div = sc[2] == 1, log = sc[3] == 1;
        int pw = width - LEFT - RIGHT, ph = height - TOP - BOTTOM;
        double cw = (double) pw / depths.size(), chh = (double) ph / widths.size();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>", width, height));
        s.append(Chart.text(LEFT + pw / 2.0, 16, Chart.shorten(title, 90), "middle", "font-size=\"13\""));
        boolean labels = cw >= 34 && chh >= 16;
        for (int wi = 0; wi < widths.size(); wi++) {
            double y = TOP + ph - (wi + 1) * chh;
            for (int di = 0; di < depths.size(); di++) {
                Cell c = cells[wi][di];
                double x = LEFT + di * cw;
                boolean ok = c != null && Double.isFinite(c.value);
                double v = ok ? (log ? Math.log10(c.value) : c.value) : Double.NaN;
                String fill = ok ? color((v - sc[0]) / (sc[1] - sc[0]), div) : "#ccc";
                String hover = c != null ? c.title : "N=" + widths.get(wi) + ", L=" + depths.get(di) + ": no value";
                s.append("<rect class=\"pt\" x=\"").append(Chart.fmt(x)).append("\" y=\"").append(Chart.fmt(y)).append("\" width=\"")
                        .append(Chart.fmt(cw + 0.3)).append("\" height=\"").append(Chart.fmt(chh + 0.3)).append("\" fill=\"").append(fill).append("\">")
                        .append(Chart.title(hover)).append("</rect>");
                if (labels && ok) s.append(Chart.text(x + cw / 2, y + chh / 2 + 4, Chart.brief(c.value), "middle",
                        "font-size=\"10\" fill=\"" + ink(fill) + "\""));
            }
            s.append(Chart.text(LEFT - 4, y + chh / 2 + 4, String.valueOf(widths.get(wi)), "end", ""));
        }
        int every = Math.max(1, (int) Math.ceil(depths.size() * 22.0 / pw));
        for (int di = 0; di < depths.size(); di += every) {
            s.append(Chart.text(LEFT + (di + 0.5) * cw, TOP + ph + 14, String.valueOf(depths.get(di)), "middle", ""));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>", LEFT, TOP, pw, ph));
        s.append(Chart.text(LEFT + pw / 2.0, height - 8, "depth L", "middle", ""));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%.1f) rotate(-90)\" text-anchor=\"middle\">width N</text>", TOP + ph / 2.0));
        // colour bar: 40 bands, 5 labelled ticks
        double bx = LEFT + pw + 14, bw = 14;
        int bands = 40;
        for (int i = 0; i < bands; i++) {
            double y = TOP + ph - (i + 1) * (double) ph / bands;
            s.append("<rect x=\"").append(Chart.fmt(bx)).append("\" y=\"").append(Chart.fmt(y)).append("\" width=\"").append(Chart.fmt(bw))
                    .append("\" height=\"").append(Chart.fmt(ph / (double) bands + 0.3)).append("\" fill=\"").append(color((i + 0.5) / bands, div)).append("\"/>");
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>", bx, TOP, bw, ph));
        for (double t : log ? SvgPlot.logTicks(sc[0], sc[1]) : SvgPlot.ticks(sc[0], sc[1], false)) {
            double y = TOP + ph - (t - sc[0]) / (sc[1] - sc[0]) * ph;
            String lab = log ? (Math.abs(t - Math.rint(t)) < 1e-9 ? "1e" + (long) Math.rint(t) : Chart.num(Math.pow(10, t))) : Chart.num(t);
            s.append(Chart.line(bx + bw, y, bx + bw + 3, y, "#444", "")).append(Chart.text(bx + bw + 5, y + 4, lab, "start", ""));
        }
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(%.1f,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>",
                width - 8.0, TOP + ph / 2.0, HtmlReport.esc(Chart.shorten(statistic + (log ? " (log colour scale)" : ""), 40))));
        return s.append("</svg>").toString();
    }
}
