package io.netdyn.report;

import io.netdyn.io.Manifest;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.theory.MaxNormCollapse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of docs/reproductions/collapse-and-wormhole.md from the results.csv of a
 * {@code --measures wormhole} sweep: one PNG per statistic against depth, one series per
 * ratio n/k (the overparam column; first width of the file), and a per-layer slope of each log statistic fitted by
 * least squares over L ≥ 5 where it is above the double-precision floor, printed beside the
 * large-k prediction of {@link io.netdyn.theory.MaxNormCollapse} and plotted against n/k in
 * PREFIX-slopes.png.
 *
 * <pre>
 *   java -cp target/netdyn.jar io.netdyn.report.WormholeFigures RESULTS.csv OUT_DIR PREFIX STAT...
 * </pre>
 * STAT names a wormhole statistic (e.g. log10_sv_ratio,
 * d_theta_fold, log10_recon_error); statistics starting with {@code log10_} are plotted on a
 * linear axis with their 95% intervals, the others on a log axis without error bars.
 */
public final class WormholeFigures {
    /** Points below this (log10) are at the rounding floor and left out of slope fits. */
    static final double FLOOR_LOG10 = -13;
    /** Slope fits start here: the first layers carry a transient (at L = 1, σ2 is the bulk edge 2√k). */
    static final int FIT_FROM = 5;

    private WormholeFigures() {}

    /** One series: depth → (mean, ci half-width). */
    record Series(TreeMap<Integer, double[]> points) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: WormholeFigures RESULTS.csv OUT_DIR PREFIX STAT...");
            System.exit(2);
        }
        Path csv = Path.of(args[0]), out = Path.of(args[1]);
        String prefix = args[2];
        MaxNormConstruction.Variant variant = variant(csv);
        Map<String, Map<String, Series>> slopes = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            Map<String, Series> byRatio = read(csv, args[i]);
            if (byRatio.isEmpty()) throw new IllegalArgumentException("no wormhole rows for " + args[i] + " in " + csv);
            plot(args[i], byRatio, out.resolve(prefix + "-" + args[i].replace('_', '-') + ".png"));
            if (args[i].startsWith("log10_")) {
                slopes.put(args[i], byRatio);
                for (var e : byRatio.entrySet()) {
                    System.out.printf(Locale.ROOT, "%s n/k=%s slope_per_layer=%.4f theory=%.4f%n", args[i], e.getKey(),
                            slope(e.getValue()), MaxNormCollapse.log10SlopePerLayer(Double.parseDouble(e.getKey()), variant));
                }
            }
            for (var e : byRatio.entrySet()) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s n/k=%s", args[i], e.getKey()));
                for (int d : new int[] {1, 5, 10, 20, 30, 40}) {
                    double[] p = e.getValue().points().get(d);
                    if (p != null) sb.append(String.format(Locale.ROOT, " L%d=%.3g", d, p[0]));
                }
                System.out.println(sb);
            }
        }
        if (!slopes.isEmpty()) plotSlopes(slopes, variant, out.resolve(prefix + "-slopes.png"));
    }

    /** Measured per-layer slopes of the log10 statistics against n/k, with the large-k curve. */
    static void plotSlopes(Map<String, Map<String, Series>> slopes, MaxNormConstruction.Variant variant, Path file)
            throws IOException {
        LinePlot plot = new LinePlot("collapse rate per layer against n/k (" + variant.label() + ")", "n/k",
                "d log10(statistic) / dL  (fit over L >= " + FIT_FROM + ")").logX();
        double maxRatio = 1;
        for (var stat : slopes.entrySet()) {
            double[] x = stat.getValue().keySet().stream().mapToDouble(Double::parseDouble).toArray();
            double[] y = stat.getValue().values().stream().mapToDouble(WormholeFigures::slope).toArray();
            for (double r : x) maxRatio = Math.max(maxRatio, r);
            plot.points(stat.getKey(), x, y, null);
        }
        int m = 60;
        List<double[]> curve = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            double r = Math.pow(maxRatio, i / (m - 1.0)), t = MaxNormCollapse.log10SlopePerLayer(r, variant);
            if (Double.isFinite(t)) curve.add(new double[] {r, t});
        }
        plot.curve("large-k theory: -1/2 log10 E[z^2 | z kept]", curve.stream().mapToDouble(p -> p[0]).toArray(),
                curve.stream().mapToDouble(p -> p[1]).toArray());
        plot.writePng(file, 800, 520);
    }

    /** The maxnorm variant of the sweep, from the manifest.json beside the CSV (maxabs when absent). */
    static MaxNormConstruction.Variant variant(Path csv) throws IOException {
        String v = Manifest.setting(Manifest.readObject(csv.toAbsolutePath().getParent()), "wormhole-variant", null);
        return v == null ? MaxNormConstruction.Variant.MAXABS : MaxNormConstruction.Variant.parse(v);
    }

    /** Rows of {@code stat} for the first width in the file, by ratio label (the overparam column) in file order. */
    static Map<String, Series> read(Path csv, String stat) throws IOException {
        Map<String, Series> out = new LinkedHashMap<>();
        Integer firstWidth = null;
        for (ResultTable.Row r : ResultTable.parse(Files.readString(csv))) {
            if (!r.measure().equals("wormhole") || !r.statistic().equals(stat) || Double.isNaN(r.overparam())) continue;
            if (firstWidth == null) firstWidth = r.width();
            if (r.width() != firstWidth) continue;
            String ratio = ReportPlan.ratioText(r.overparam());
            out.computeIfAbsent(ratio, k -> new Series(new TreeMap<>())).points().put(r.depth(), new double[] {r.value(), r.ciHigh() - r.value()});
        }
        return out;
    }

    static void plot(String stat, Map<String, Series> byRatio, Path file) throws IOException {
        boolean logStat = stat.startsWith("log10_");
        LinePlot plot = new LinePlot(stat + " of maxnorm networks against depth", "depth L", stat);
        if (!logStat) plot.logY();
        for (var e : byRatio.entrySet()) {
            List<double[]> pts = new ArrayList<>();
            for (var p : e.getValue().points().entrySet()) {
                double v = p.getValue()[0];
                if (Double.isFinite(v) && (logStat || v > 0)) pts.add(new double[] {p.getKey(), v, p.getValue()[1]});
            }
            double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
            double[] err = logStat ? pts.stream().mapToDouble(p -> Double.isFinite(p[2]) ? p[2] : 0).toArray() : null;
            plot.points("n/k = " + e.getKey(), x, y, err);
        }
        plot.writePng(file, 800, 520);
    }

    /** Least-squares slope of a log10 statistic against depth, over L ≥ {@link #FIT_FROM} above {@link #FLOOR_LOG10}. */
    static double slope(Series s) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var p : s.points().entrySet()) {
            double y = p.getValue()[0];
            if (!Double.isFinite(y) || y < FLOOR_LOG10 || p.getKey() < FIT_FROM) continue;
            double x = p.getKey();
            n++; sx += x; sy += y; sxx += x * x; sxy += x * y;
        }
        return n < 2 ? Double.NaN : (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
