package io.netdyn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Figures and tables of the training reproductions (docs/reproductions/trained-fixed-points.md,
 * associative-memory.md, weights-after-training.md, modes-and-basins.md) from the results.csv of
 * one or more {@code --task} sweeps: one statistic against one column, one series per combination
 * of other columns.
 * <pre>
 *   java -cp target/netdyn.jar io.netdyn.report.TrainingFigures plot  OPTIONS RUN_DIR...
 *       → a PNG (--out) of --y against --x, 95% intervals as error bars
 *   java -cp target/netdyn.jar io.netdyn.report.TrainingFigures table OPTIONS RUN_DIR...
 *       → a markdown table on stdout: a line per series, a column per x, the --y statistics
 *         ("a,b,c") of each cell joined by " / "
 * OPTIONS
 *   --x COL          width, depth, step, lr, dist, activation, bias, task, P (the task's last
 *                    ":" field, e.g. 8 of autoencode:random:8), samples (the run's --train-samples, from
 *                    its manifest.json; 0 = the task's default), or run (the RUN_DIR's name)
 *   --y STAT[,STAT]  statistic names (plot: the first); MEASURE/STAT to pick one measure
 *   --series COLS    comma list of columns (same names as --x) naming a series (default: none)
 *   --where K=V,...  keep rows whose column K is V (V1|V2 for several values)
 *   --out FILE --title T --ylabel Y --logx --logy --digits D (table, default 2)
 * </pre>
 * Rows are read with {@link ResultTable}; the series keep the order of their first row. On a log
 * x axis points with x ≤ 0 (step 0) are left out.
 * <pre>
 *   java -cp target/netdyn.jar io.netdyn.report.TrainingFigures esd       ESD_OPTIONS RUN_DIR...
 *       → a PNG (--out) of the histograms of a histogram table (default fixedpoints_esd.csv):
 *         density per unit ln v against v on a log axis (v = |λ| for stable_eig_abs), one line per series
 *   java -cp target/netdyn.jar io.netdyn.report.TrainingFigures esd-table ESD_OPTIONS RUN_DIR...
 *       → a markdown table: per series the 10%, 50%, 90% quantiles of v and the share of v ≥ 0.9
 * ESD_OPTIONS
 *   --file NAME (default fixedpoints_esd.csv)  --quantity Q (default stable_eig_abs)
 *   --series COLS (of width, dist, activation, bias, task, lr, step, depth, run)  --where K=V,...
 *   --out FILE --title T
 * </pre>
 * Each series must be one histogram (one cell, training state and depth): a series that would
 * pool several is refused, naming it.
 */
public final class TrainingFigures {
    private TrainingFigures() {}

    /** Parsed command line. */
    /** {@code --where K=V1|V2,K2=V}: each column's accepted values into {@code where}. */
    static void putWhere(String text, Map<String, List<String>> where) {
        for (String kv : text.split(",")) {
            int eq = kv.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("--where: expected K=V, got '" + kv + "'");
            where.put(kv.substring(0, eq), List.of(kv.substring(eq + 1).split("\\|")));
        }
    }

    record Options(String x, List<String> y, List<String> series, Map<String, List<String>> where,
                   String out, String title, String yLabel, boolean logX, boolean logY, int digits, List<Path> runs) {}

    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && (args[0].equals("esd") || args[0].equals("esd-table"))) {
            EsdOptions e = parseEsd(args);
            Map<String, List<double[]>> h = histograms(e);
            if (args[0].equals("esd")) esdPlot(h, e); else System.out.print(esdTable(h));
            return;
        }
        if (args.length < 2 || !(args[0].equals("plot") || args[0].equals("table"))) {
            System.err.println("usage: TrainingFigures esd|esd-table [--file NAME] [--quantity Q] [--series COLS] [--where K=V,...]"
                    + " [--out FILE] [--title T] RUN_DIR...");
            System.err.println("usage: TrainingFigures plot|table --x COL --y STAT[,STAT] [--series COLS] [--where K=V,...]"
                    + " [--out FILE] [--title T] [--ylabel Y] [--logx] [--logy] [--digits D] RUN_DIR...");
            System.exit(2);
        }
        Options o = parse(args);
        List<ResultTable.Row> rows = read(o.runs);
        if (args[0].equals("plot")) {
            plot(rows, o);
        } else {
            System.out.print(table(rows, o));
        }
    }

    static Options parse(String[] args) {
        String x = null, out = null, title = "", yLabel = null;
        List<String> y = List.of(), series = List.of();
        Map<String, List<String>> where = new LinkedHashMap<>();
        boolean logX = false, logY = false;
        int digits = 2;
        List<Path> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--x" -> x = args[++i];
                case "--y" -> y = List.of(args[++i].split(","));
                case "--series" -> series = List.of(args[++i].split(","));
                case "--where" -> putWhere(args[++i], where);
                case "--out" -> out = args[++i];
                case "--title" -> title = args[++i];
                case "--ylabel" -> yLabel = args[++i];
                case "--logx" -> logX = true;
                case "--logy" -> logY = true;
                case "--digits" -> digits = Integer.parseInt(args[++i]);
                default -> {
                    if (a.startsWith("--")) throw new IllegalArgumentException("unknown option " + a);
                    runs.add(Path.of(a));
                }
            }
        }
        if (x == null || y.isEmpty() || runs.isEmpty()) throw new IllegalArgumentException("--x, --y and a RUN_DIR are required");
        if (args[0].equals("plot") && out == null) throw new IllegalArgumentException("plot needs --out");
        return new Options(x, y, series, where, out, title, yLabel == null ? y.get(0) : yLabel, logX, logY, digits, runs);
    }

    static List<ResultTable.Row> read(List<Path> runs) throws IOException {
        List<ResultTable.Row> rows = new ArrayList<>();
        for (Path run : runs) {
            Path csv = Files.isDirectory(run) ? run.resolve("results.csv") : run;
            String name = (Files.isDirectory(run) ? run : run.toAbsolutePath().getParent()).getFileName().toString();
            Path manifest = csv.toAbsolutePath().getParent().resolve("manifest.json");
            String samples = Files.isRegularFile(manifest) ? trainSamples(Files.readString(manifest)) : "";
            for (ResultTable.Row r : ResultTable.parse(Files.readString(csv))) {
                RUN_OF.put(r, name);
                SAMPLES_OF.put(r, samples);
                rows.add(r);
            }
        }
        return rows;
    }

    /** The run (directory name) each row was read from, by identity: rows of two runs may be equal. */
    private static final Map<ResultTable.Row, String> RUN_OF = new java.util.IdentityHashMap<>();

    /** The --train-samples of the run each row was read from ("" without a manifest), by identity. */
    private static final Map<ResultTable.Row, String> SAMPLES_OF = new java.util.IdentityHashMap<>();

    /** The "train-samples" setting of a manifest.json text ("" when absent). */
    static String trainSamples(String manifestJson) throws IOException {
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifestJson).findValue("train-samples");
        return n == null ? "" : n.asText();
    }

    /** The text of column {@code col} of a row. */
    static String column(ResultTable.Row r, String col) {
        return switch (col) {
            case "width" -> Integer.toString(r.width());
            case "depth" -> Integer.toString(r.depth());
            case "step" -> Integer.toString(r.step());
            case "lr" -> Chart.num(r.lr());
            case "dist" -> r.dist();
            case "activation" -> r.activation();
            case "bias" -> r.bias();
            case "task" -> r.task();
            case "measure" -> r.measure();
            case "P" -> r.task().substring(r.task().lastIndexOf(':') + 1);
            case "run" -> RUN_OF.getOrDefault(r, "");
            case "samples" -> SAMPLES_OF.getOrDefault(r, "");
            default -> throw new IllegalArgumentException("unknown column '" + col + "'");
        };
    }

    /** How a series names a column's value: numbers with their letter (N=16, L=4, P=8, step 1000). */
    static String label(ResultTable.Row r, String col) {
        String v = column(r, col);
        return switch (col) {
            case "width" -> "N=" + v;
            case "depth" -> "L=" + v;
            case "P" -> "P=" + v;
            case "samples" -> "P=" + v;
            case "step" -> "step " + v;
            case "lr" -> "lr " + v;
            case "bias" -> "bias " + v;
            default -> v;
        };
    }

    static boolean kept(ResultTable.Row r, Options o, String stat) {
        int slash = stat.indexOf('/');
        if (slash >= 0 ? !(r.measure().equals(stat.substring(0, slash)) && r.statistic().equals(stat.substring(slash + 1)))
                : !r.statistic().equals(stat)) {
            return false;
        }
        for (var e : o.where.entrySet()) if (!e.getValue().contains(column(r, e.getKey()))) return false;
        return true;
    }

    /** series label → x → row, for one statistic. */
    static Map<String, TreeMap<Double, ResultTable.Row>> select(List<ResultTable.Row> rows, Options o, String stat) {
        Map<String, TreeMap<Double, ResultTable.Row>> out = new LinkedHashMap<>();
        for (ResultTable.Row r : rows) {
            if (!kept(r, o, stat)) continue;
            List<String> parts = new ArrayList<>();
            for (String s : o.series) parts.add(label(r, s));
            String name = parts.isEmpty() ? stat : String.join(" ", parts);
            out.computeIfAbsent(name, k -> new TreeMap<>()).put(xValue(r, o.x), r);
        }
        return out;
    }

    /** x as a number; a text column (dist, activation) is numbered by first appearance. */
    private static final Map<String, Double> TEXT_X = new LinkedHashMap<>();

    static double xValue(ResultTable.Row r, String col) {
        String v = column(r, col);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return TEXT_X.computeIfAbsent(col + "=" + v, k -> (double) TEXT_X.size());
        }
    }

    static void plot(List<ResultTable.Row> rows, Options o) throws IOException {
        Map<String, TreeMap<Double, ResultTable.Row>> series = select(rows, o, o.y.get(0));
        if (series.isEmpty()) throw new IllegalArgumentException("no rows of " + o.y.get(0) + " match " + o.where);
        LinePlot plot = new LinePlot(o.title, o.x.equals("P") || o.x.equals("samples") ? "training samples P" : o.x, o.yLabel);
        if (o.logX) plot.logX();
        if (o.logY) plot.logY();
        for (var e : series.entrySet()) {
            List<double[]> pts = new ArrayList<>();
            for (var p : e.getValue().entrySet()) {
                ResultTable.Row r = p.getValue();
                if (o.logX && p.getKey() <= 0) continue;
                if (!Double.isFinite(r.value()) || (o.logY && r.value() <= 0)) continue;
                double h = 0.5 * (r.ciHigh() - r.ciLow());
                pts.add(new double[] {p.getKey(), r.value(), Double.isFinite(h) && !o.logY ? h : 0});
            }
            if (pts.isEmpty()) continue;
            double[] x = new double[pts.size()], y = new double[x.length], err = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
                err[i] = pts.get(i)[2];
            }
            plot.points(e.getKey(), x, y, o.logY ? null : err);
        }
        plot.writePng(Path.of(o.out), 1000, 620);
    }

    static String table(List<ResultTable.Row> rows, Options o) {
        List<Map<String, TreeMap<Double, ResultTable.Row>>> all = new ArrayList<>();
        for (String s : o.y) all.add(select(rows, o, s));
        Map<String, TreeMap<Double, ResultTable.Row>> first = all.get(0);
        if (first.isEmpty()) throw new IllegalArgumentException("no rows of " + o.y.get(0) + " match " + o.where);
        TreeSet<Double> xs = new TreeSet<>();
        Map<Double, String> xNames = new TreeMap<>();
        for (TreeMap<Double, ResultTable.Row> m : first.values()) {
            for (var e : m.entrySet()) {
                xs.add(e.getKey());
                xNames.put(e.getKey(), column(e.getValue(), o.x));
            }
        }
        String prefix = switch (o.x) {
            case "width" -> "N = ";
            case "depth" -> "L = ";
            case "P", "samples" -> "P = ";
            case "step" -> "step ";
            default -> "";
        };
        StringBuilder sb = new StringBuilder("| series (" + String.join(" / ", o.y) + ") |");
        for (double x : xs) sb.append(' ').append(prefix).append(xNames.get(x)).append(" |");
        sb.append("\n|---|").append("---|".repeat(xs.size())).append('\n');
        String fmt = "%." + o.digits + "f";
        for (String name : first.keySet()) {
            sb.append("| ").append(name).append(" |");
            for (double x : xs) {
                sb.append(' ');
                for (int k = 0; k < all.size(); k++) {
                    ResultTable.Row r = all.get(k).getOrDefault(name, new TreeMap<>()).get(x);
                    sb.append(k > 0 ? " / " : "").append(r == null ? "–" : number(r.value(), fmt));
                }
                sb.append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String number(double v, String fmt) {
        if (Double.isNaN(v)) return "NaN";
        double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 1e5)) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, fmt, v);
    }

    // ---- histogram tables (fixedpoints_esd.csv, esd.csv) -------------------------------------

    /** Parsed command line of {@code esd} and {@code esd-table}. */
    record EsdOptions(String file, String quantity, List<String> series, Map<String, List<String>> where,
                      String out, String title, List<Path> runs) {}

    static EsdOptions parseEsd(String[] args) {
        String file = "fixedpoints_esd.csv", quantity = "stable_eig_abs", out = null, title = "";
        List<String> series = List.of();
        Map<String, List<String>> where = new LinkedHashMap<>();
        List<Path> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--file" -> file = args[++i];
                case "--quantity" -> quantity = args[++i];
                case "--series" -> series = List.of(args[++i].split(","));
                case "--where" -> putWhere(args[++i], where);
                case "--out" -> out = args[++i];
                case "--title" -> title = args[++i];
                default -> {
                    if (a.startsWith("--")) throw new IllegalArgumentException("unknown option " + a);
                    runs.add(Path.of(a));
                }
            }
        }
        if (runs.isEmpty()) throw new IllegalArgumentException("a RUN_DIR is required");
        if (args[0].equals("esd") && out == null) throw new IllegalArgumentException("esd needs --out");
        return new EsdOptions(file, quantity, series, where, out, title, runs);
    }

    /** The columns that identify one histogram of a histogram table (those the file has). */
    private static final List<String> HISTOGRAM_KEY = List.of("width", "dist", "activation", "bias", "task", "lr", "step", "depth");

    /** series label → its bins {lo, hi, density}, in file order; refuses a series that pools several histograms. */
    static Map<String, List<double[]>> histograms(EsdOptions o) throws IOException {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        Map<String, String> keyOf = new LinkedHashMap<>();
        for (Path run : o.runs) {
            Path csv = Files.isDirectory(run) ? run.resolve(o.file) : run;
            String runName = (Files.isDirectory(run) ? run : run.toAbsolutePath().getParent()).getFileName().toString();
            List<io.netdyn.io.CsvRecords.Record> records = io.netdyn.io.CsvRecords.parse(Files.readString(csv));
            if (records.isEmpty()) continue;
            List<String> header = records.get(0).fields();
            for (String c : List.of("quantity", "bin_lo", "bin_hi", "density")) {
                if (!header.contains(c)) throw new IllegalArgumentException(csv + " is not a histogram table (no column " + c + ")");
            }
            for (io.netdyn.io.CsvRecords.Record r : records.subList(1, records.size())) {
                List<String> f = r.fields();
                java.util.function.Function<String, String> col = c -> c.equals("run") ? runName
                        : header.contains(c) ? f.get(header.indexOf(c)) : "";
                if (!col.apply("quantity").equals(o.quantity)) continue;
                boolean keep = true;
                for (var e : o.where.entrySet()) keep &= e.getValue().contains(col.apply(e.getKey()));
                if (!keep) continue;
                List<String> parts = new ArrayList<>();
                for (String c : o.series) parts.add(esdLabel(c, col.apply(c)));
                String name = parts.isEmpty() ? o.quantity : String.join(" ", parts);
                StringBuilder key = new StringBuilder(runName);
                for (String c : HISTOGRAM_KEY) key.append('/').append(col.apply(c));
                String known = keyOf.putIfAbsent(name, key.toString());
                if (known != null && !known.equals(key.toString())) {
                    throw new IllegalArgumentException("series '" + name + "' pools several histograms (" + known + " and " + key
                            + "): add a --where or a --series column");
                }
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {ResultTable.number(col.apply("bin_lo")),
                    ResultTable.number(col.apply("bin_hi")), ResultTable.number(col.apply("density"))});
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no " + o.quantity + " bins match " + o.where);
        return out;
    }

    private static String esdLabel(String col, String v) {
        return switch (col) {
            case "width" -> "N=" + v;
            case "depth" -> "L=" + v;
            case "step" -> "step " + v;
            case "lr" -> "lr " + v;
            case "bias" -> "bias " + v;
            default -> v;
        };
    }

    /** Density per unit ln v at the bins' geometric midpoints, log x axis (positive bins only). */
    static void esdPlot(Map<String, List<double[]>> h, EsdOptions o) throws IOException {
        String v = o.quantity.equals("stable_eig_abs") ? "|λ| of J_f(x*) at stable fixed points" : o.quantity;
        LinePlot plot = new LinePlot(o.title, v + " (log scale)", "density per unit ln " + (o.quantity.equals("stable_eig_abs") ? "|λ|" : "v"));
        plot.logX();
        for (var e : h.entrySet()) {
            List<double[]> pts = new ArrayList<>();
            for (double[] b : e.getValue()) {
                if (!(b[0] > 0) || !(b[1] > b[0])) continue;
                pts.add(new double[] {Math.sqrt(b[0] * b[1]), b[2] * (b[1] - b[0]) / Math.log(b[1] / b[0])});
            }
            if (pts.isEmpty()) continue;
            double[] x = new double[pts.size()], y = new double[x.length];
            for (int i = 0; i < x.length; i++) { x[i] = pts.get(i)[0]; y[i] = pts.get(i)[1]; }
            plot.curve(e.getKey(), x, y);
        }
        plot.writePng(Path.of(o.out), 1000, 620);
    }

    /** Per series: the 10%, 50%, 90% quantiles of v (log-interpolated inside a bin) and the share of v ≥ 0.9. */
    static String esdTable(Map<String, List<double[]>> h) {
        StringBuilder sb = new StringBuilder("| series | q10 | median | q90 | share ≥ 0.9 |\n|---|---|---|---|---|\n");
        for (var e : h.entrySet()) {
            List<double[]> bins = e.getValue();
            sb.append("| ").append(e.getKey()).append(" | ").append(number(quantile(bins, 0.1), "%.3f"))
              .append(" | ").append(number(quantile(bins, 0.5), "%.3f")).append(" | ").append(number(quantile(bins, 0.9), "%.3f"))
              .append(" | ").append(number(shareAbove(bins, 0.9), "%.3f")).append(" |\n");
        }
        return sb.toString();
    }

    /** The p-quantile of a normalised histogram {lo, hi, density}; inside a bin, linear in ln v when lo > 0. */
    static double quantile(List<double[]> bins, double p) {
        double total = 0;
        for (double[] b : bins) total += b[2] * (b[1] - b[0]);
        double acc = 0;
        for (double[] b : bins) {
            double m = b[2] * (b[1] - b[0]) / total;
            if (acc + m >= p && m > 0) {
                double t = (p - acc) / m;
                return b[0] > 0 ? Math.exp(Math.log(b[0]) + t * Math.log(b[1] / b[0])) : b[0] + t * (b[1] - b[0]);
            }
            acc += m;
        }
        return bins.isEmpty() ? Double.NaN : bins.get(bins.size() - 1)[1];
    }

    /** Share of the mass at v ≥ c (a bin straddling c split linearly in ln v). */
    static double shareAbove(List<double[]> bins, double c) {
        double total = 0, above = 0;
        for (double[] b : bins) {
            double m = b[2] * (b[1] - b[0]);
            total += m;
            if (b[0] >= c) above += m;
            else if (b[1] > c && b[0] > 0) above += m * Math.log(b[1] / c) / Math.log(b[1] / b[0]);
        }
        return above / total;
    }
}
