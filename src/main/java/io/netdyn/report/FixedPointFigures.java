package io.netdyn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures and tables of docs/reproductions/fixed-points.md from the results.csv of a
 * {@code --measures fixedpoints} sweep:
 * <pre>
 *   java -cp target/netdyn.jar io.netdyn.report.FixedPointFigures plot RUN_DIR OUT_PREFIX TITLE
 *       → OUT_PREFIX-q.png      mean Q (distinct stable fixed points) against depth, 95% bars
 *         OUT_PREFIX-multi.png  P(Q ≥ 2) against depth
 *         OUT_PREFIX-none.png   P(Q = 0) against depth (no stable fixed point: cycles or chaos)
 *         and a markdown table of the same numbers on stdout
 *   java -cp target/netdyn.jar io.netdyn.report.FixedPointFigures table RUN_DIR
 *       → a markdown table of p_q1, p_q0, p_q2plus, p_cycle, not_converged_frac per cell and depth
 * </pre>
 * One series per (weight distribution, width); other cell columns are shown in the legend when
 * the file holds more than one value of them.
 */
public final class FixedPointFigures {
    private FixedPointFigures() {}

    /** One results.csv row of the fixedpoints measure. */
    record Row(String series, int depth, String statistic, double value, double ciLow, double ciHigh) {}

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("plot")) {
            plot(Path.of(args[1]), args[2], args[3]);
        } else if (args.length == 2 && args[0].equals("table")) {
            table(Path.of(args[1]));
        } else {
            System.err.println("usage: FixedPointFigures plot RUN_DIR OUT_PREFIX TITLE | table RUN_DIR");
            System.exit(2);
        }
    }

    static List<Row> read(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("results.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int measure = header.indexOf("measure"), width = header.indexOf("width"), depth = header.indexOf("depth");
        int dist = header.indexOf("dist"), act = header.indexOf("activation"), bias = header.indexOf("bias");
        int stat = header.indexOf("statistic"), value = header.indexOf("value");
        int lo = header.indexOf("ci_low"), hi = header.indexOf("ci_high");
        List<String[]> fields = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f[measure].equals("fixedpoints")) fields.add(f);
        }
        boolean manyActs = fields.stream().map(f -> f[act]).distinct().count() > 1;
        boolean manyBiases = fields.stream().map(f -> f[bias]).distinct().count() > 1;
        List<Row> rows = new ArrayList<>();
        for (String[] f : fields) {
            String series = f[dist] + (manyActs ? " " + f[act] : "") + (manyBiases ? " bias " + f[bias] : "")
                    + " N=" + f[width];
            rows.add(new Row(series, Integer.parseInt(f[depth]), f[stat], num(f[value]), num(f[lo]), num(f[hi])));
        }
        return rows;
    }

    static double num(String s) {
        return switch (s) {
            case "NaN", "" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** series (in results.csv order: width slowest) → depth → row, for one statistic. */
    static Map<String, TreeMap<Integer, Row>> select(List<Row> rows, String statistic) {
        Map<String, TreeMap<Integer, Row>> out = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.statistic.equals(statistic)) out.computeIfAbsent(r.series, k -> new TreeMap<>()).put(r.depth, r);
        }
        return out;
    }

    static void plot(Path run, String prefix, String title) throws IOException {
        List<Row> rows = read(run);
        String[][] figures = {
            {"q_stable_mean", "-q.png", "mean number Q of stable fixed points"},
            {"p_q2plus", "-multi.png", "P(Q ≥ 2): share of networks with several stable fixed points"},
            {"p_q0", "-none.png", "P(Q = 0): share with no stable fixed point"},
        };
        for (String[] fig : figures) {
            LinePlot plot = new LinePlot(title, "depth L", fig[2]);
            for (var e : select(rows, fig[0]).entrySet()) {
                double[] x = new double[e.getValue().size()], y = new double[x.length], err = new double[x.length];
                int i = 0;
                for (Row r : e.getValue().values()) {
                    x[i] = r.depth;
                    y[i] = r.value;
                    double h = 0.5 * (r.ciHigh - r.ciLow);
                    err[i++] = Double.isFinite(h) ? h : 0;
                }
                plot.points(e.getKey(), x, y, err);
            }
            plot.writePng(Path.of(prefix + fig[1]), 1000, 620);
        }
        System.out.println(markdown(rows, new String[] {"q_stable_mean", "p_q1", "p_q2plus", "p_q0"},
                "mean Q / P(Q=1) / P(Q≥2) / P(Q=0)", new int[] {1, 2, 4, 8, 16, 24, 40}));
    }

    static void table(Path run) throws IOException {
        List<Row> rows = read(run);
        System.out.println(markdown(rows, new String[] {"p_q1", "p_q0", "p_q2plus", "p_cycle", "not_converged_frac"},
                "P(Q=1) / P(Q=0) / P(Q≥2) / P(cycle) / not-converged starts", null));
    }

    /** One line per series, one column per depth (all depths when {@code depths} is null). */
    static String markdown(List<Row> rows, String[] stats, String what, int[] depths) {
        Map<String, TreeMap<Integer, Row>> first = select(rows, stats[0]);
        List<Integer> cols = new ArrayList<>();
        for (TreeMap<Integer, Row> m : first.values()) for (int d : m.keySet()) if (!cols.contains(d)) cols.add(d);
        cols.sort(null);
        if (depths != null) cols.retainAll(Arrays.stream(depths).boxed().toList());
        StringBuilder sb = new StringBuilder("| series (" + what + ") |");
        for (int d : cols) sb.append(" L = ").append(d).append(" |");
        sb.append("\n|---|").append("---|".repeat(cols.size())).append('\n');
        List<Map<String, TreeMap<Integer, Row>>> all = new ArrayList<>();
        for (String s : stats) all.add(select(rows, s));
        for (String series : first.keySet()) {
            sb.append("| ").append(series).append(" |");
            for (int d : cols) {
                sb.append(' ');
                for (int k = 0; k < stats.length; k++) {
                    Row r = all.get(k).getOrDefault(series, new TreeMap<>()).get(d);
                    sb.append(k > 0 ? " / " : "").append(r == null ? "–" : String.format(Locale.ROOT, "%.2f", r.value));
                }
                sb.append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
