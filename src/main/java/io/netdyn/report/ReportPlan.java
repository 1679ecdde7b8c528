package io.netdyn.report;

import io.netdyn.io.CsvFormat;
import io.netdyn.io.JsonObject;
import io.netdyn.io.Manifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the page shows: per measure (in results.csv order) its heat maps, one figure per statistic
 * (Lyapunov exponents λ_2.. folded into one spectrum figure, esd.csv histograms after the jacobian
 * statistics) and a table of the statistics not worth a figure. The rules, also in docs/outputs.md:
 * <ul>
 * <li>series: one per grid cell (and wormhole ratio n/k, the overparam column), named by the grid axes
 *     that vary over the page ("N=16, cauchy:1", "N=32, n/k=8");
 * <li>more than {@link #MAX_SERIES} series: split by a grid axis (activation, bias, dist, then width:
 *     the one giving the smallest largest part), repeated until every part fits;
 * <li>not plotted, listed instead: rows all at depth 0 (set-up values such as {@code input_q});
 *     theory-only statistics that are constant in depth in every cell ({@code chi1}); statistics
 *     with the same value in every row and no interval; a single point (one depth, one width);
 * <li>heat maps (width × depth) of the {@link #HEADLINES} when the statistic has ≥ 3 widths and
 *     ≥ 2 depths, one per (dist, activation, bias).
 * </ul>
 */
final class ReportPlan {
    /** Series per figure; more are split over parts along a grid axis. */
    static final int MAX_SERIES = 8;
    /** Statistics (without a wormhole ratio suffix) that get width × depth heat maps. */
    static final Map<String, Set<String>> HEADLINES = Map.of(
            "propagation", Set.of("q", "cos_mean"),
            "jacobian", Set.of("logsigma_mean"),
            "lyapunov", Set.of("lambda_1"),
            "fixedpoints", Set.of("q_stable_mean", "p_q2plus"),
            "modes", Set.of("op_frac", "nop_frac", "dead_frac"),
            "wormhole", Set.of("log10_sv_ratio"));
    static final String MEASURED = "measured";

    enum Axis {
        ACTIVATION("activation"), BIAS("bias"), DIST("dist"), WIDTH("width"),
        /** The wormhole ratio n/k (the overparam column); "" on rows of other measures. */
        OVERPARAM("n/k");

        final String name;

        Axis(String name) { this.name = name; }

        String of(ResultTable.Row r) {
            return switch (this) {
                case ACTIVATION -> r.activation();
                case BIAS -> r.bias();
                case DIST -> r.dist();
                case WIDTH -> String.valueOf(r.width());
                case OVERPARAM -> ratioText(r.overparam());
            };
        }
    }

    /** One figure of the page. */
    record Figure(String id, String measure, String title, Chart chart, String definition, String note) {}

    /** A statistic listed instead of plotted: why, and its values. */
    record Listed(String statistic, String why, String values, String definition) {}

    record Section(String measure, List<Figure> figures, List<Listed> listed) {}

    private final JsonObject manifest;
    private final Set<Axis> varying = EnumSet.noneOf(Axis.class);
    private final Set<String> ids = new HashSet<>();

    private ReportPlan(JsonObject manifest) {
        this.manifest = manifest;
    }

    /** The sections of the page for results.csv rows and esd.csv (null: none). */
    static List<Section> build(List<ResultTable.Row> rows, EsdTable esd, JsonObject manifest) {
        return build(rows, esd, null, manifest);
    }

    /** The sections of the page for results.csv rows, esd.csv and esd_weights.csv (null: none). */
    static List<Section> build(List<ResultTable.Row> rows, EsdTable esd, EsdTable weightsEsd, JsonObject manifest) {
        ReportPlan p = new ReportPlan(manifest);
        Map<Axis, Set<String>> seen = new EnumMap<>(Axis.class);
        for (Axis a : Axis.values()) seen.put(a, new LinkedHashSet<>());
        for (ResultTable.Row r : rows) for (Axis a : Axis.values()) if (!a.of(r).isEmpty()) seen.get(a).add(a.of(r));
        for (EsdTable table : new EsdTable[] {esd, weightsEsd}) {
            if (table == null) continue;
            for (EsdTable.CellKey c : table.cells()) {
                seen.get(Axis.WIDTH).add(String.valueOf(c.width()));
                seen.get(Axis.DIST).add(c.dist());
                seen.get(Axis.ACTIVATION).add(c.activation());
                seen.get(Axis.BIAS).add(c.bias());
            }
        }
        for (Axis a : Axis.values()) if (seen.get(a).size() > 1) p.varying.add(a);

        Map<String, Map<String, List<ResultTable.Row>>> byMeasure = new LinkedHashMap<>();   // measure -> statistic -> rows
        for (ResultTable.Row r : rows) {
            byMeasure.computeIfAbsent(r.measure(), k -> new LinkedHashMap<>()).computeIfAbsent(r.statistic(), k -> new ArrayList<>()).add(r);
        }
        if (esd != null && !esd.cells().isEmpty()) byMeasure.computeIfAbsent("jacobian", k -> new LinkedHashMap<>());
        if (weightsEsd != null && !weightsEsd.cells().isEmpty()) byMeasure.computeIfAbsent("weights", k -> new LinkedHashMap<>());
        List<Section> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<ResultTable.Row>>> m : byMeasure.entrySet()) {
            List<Figure> histograms = m.getKey().equals("jacobian") && esd != null ? p.esdFigures(esd)
                    : m.getKey().equals("weights") && weightsEsd != null ? p.weightsEsdFigures(weightsEsd) : List.of();
            out.add(p.section(m.getKey(), m.getValue(), histograms));
        }
        return out;
    }

    private Section section(String measure, Map<String, List<ResultTable.Row>> stats, List<Figure> histograms) {
        List<Figure> heat = new ArrayList<>(), figs = new ArrayList<>();
        List<Listed> listed = new ArrayList<>();
        boolean spectrumDone = false;
        for (Map.Entry<String, List<ResultTable.Row>> e : stats.entrySet()) {
            String stat = e.getKey();
            List<ResultTable.Row> rows = e.getValue();
            Listed why = unplotted(stat, rows);
            if (why == null && HEADLINES.getOrDefault(measure, Set.of()).contains(Statistics.base(stat))) heat.addAll(heatMaps(measure, stat, rows));
            if (measure.equals("lyapunov") && isSpectrum(stat)) {
                if (!spectrumDone) figs.addAll(spectrum(stats));
                spectrumDone = true;
                if (!stat.equals("lambda_1")) continue;   // λ_1 keeps its own figure: it carries the theory ½ ln χ1
            }
            if (why != null) listed.add(why);
            else figs.addAll(lineFigures(measure, stat, rows));
        }
        figs.addAll(histograms);
        List<Figure> all = new ArrayList<>(heat);
        all.addAll(figs);
        return new Section(measure, all, listed);
    }

    // ---- labels -------------------------------------------------------------------------------

    /** The series name of a cell: the grid axes that vary over the page, "measured" when none does. */
    String label(int width, String dist, String activation, String bias, boolean withWidth) {
        return label(width, dist, activation, bias, Double.NaN, withWidth);
    }

    /** As above, with the wormhole ratio n/k when it varies over the page (NaN: a row without one). */
    String label(int width, String dist, String activation, String bias, double overparam, boolean withWidth) {
        List<String> parts = new ArrayList<>();
        if (withWidth && varying.contains(Axis.WIDTH)) parts.add("N=" + width);
        if (varying.contains(Axis.DIST)) parts.add(dist);
        if (varying.contains(Axis.ACTIVATION)) parts.add(activation);
        if (varying.contains(Axis.BIAS)) parts.add("bias " + bias);
        if (varying.contains(Axis.OVERPARAM) && !Double.isNaN(overparam)) parts.add("n/k=" + ratioText(overparam));
        return parts.isEmpty() ? MEASURED : String.join(", ", parts);
    }

    String label(ResultTable.Row r, boolean withWidth) {
        String cell = label(r.width(), r.dist(), r.activation(), r.bias(), r.overparam(), withWidth);
        if (r.task().equals("none")) return cell;                 // a --task run: one series per lr and step too
        String training = "lr=" + CsvFormat.number(r.lr()) + ", step=" + r.step();
        return cell.equals(MEASURED) ? training : cell + ", " + training;
    }

    /** n/k as written in labels: "4", "2.5"; "" for NaN. */
    static String ratioText(double ratio) {
        if (Double.isNaN(ratio)) return "";
        return ratio == Math.rint(ratio) && Math.abs(ratio) < 1e15 ? Long.toString((long) ratio) : Double.toString(ratio);
    }

    private static String fullCell(int width, String dist, String activation, String bias) {
        return "N=" + width + ", " + dist + ", " + activation + ", bias " + bias;
    }

    private static String fullCell(EsdTable.CellKey c) {
        String cell = fullCell(c.width(), c.dist(), c.activation(), c.bias());
        return c.training().isEmpty() ? cell : cell + ", " + c.training();
    }

    private String id(String... parts) {
        String base = ("fig-" + String.join("-", parts)).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
        String id = base;
        for (int k = 2; !ids.add(id); k++) id = base + "-" + k;
        return id;
    }

    // ---- what is not plotted ------------------------------------------------------------------

    private Listed unplotted(String stat, List<ResultTable.Row> rows) {
        String measure = rows.get(0).measure(), def = Statistics.definition(measure, stat);
        if (rows.stream().allMatch(r -> r.depth() == 0)) return new Listed(stat, "set-up value (depth 0)", perCell(rows, ResultTable.Row::value), def);
        boolean theoryOnly = rows.stream().allMatch(r -> r.n() == 0);
        if (theoryOnly) {
            Map<String, Set<Double>> perCell = new LinkedHashMap<>();
            for (ResultTable.Row r : rows) perCell.computeIfAbsent(r.cell(), k -> new TreeSet<>()).add(r.value());
            if (perCell.values().stream().allMatch(s -> s.size() == 1)) {
                return new Listed(stat, "theory only, the same at every depth", perCell(rows, ResultTable.Row::value), def);
            }
        }
        Set<Double> values = new TreeSet<>();
        boolean intervals = false;
        for (ResultTable.Row r : rows) {
            values.add(r.value());
            intervals |= Double.isFinite(r.ciLow()) && Double.isFinite(r.ciHigh()) && r.ciHigh() > r.ciLow();
        }
        if (values.size() == 1 && !intervals && rows.stream().allMatch(r -> Double.isNaN(r.theory()) || r.theory() == r.value())) {
            return new Listed(stat, "the same value in every cell and depth", Chart.num(values.iterator().next()), def);
        }
        Set<Integer> depths = new TreeSet<>(), widths = new TreeSet<>();
        rows.forEach(r -> { depths.add(r.depth()); widths.add(r.width()); });
        if (depths.size() == 1 && widths.size() == 1) return new Listed(stat, "a single point per cell", perCell(rows, ResultTable.Row::value), def);
        return null;
    }

    /** "v" when every cell has the same value, else "label: v; …" (values at the deepest depth). */
    private String perCell(List<ResultTable.Row> rows, Function<ResultTable.Row, Double> f) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        Map<String, Integer> depthOf = new LinkedHashMap<>();
        for (ResultTable.Row r : rows) {
            String l = label(r, true);
            if (!depthOf.containsKey(l) || r.depth() >= depthOf.get(l)) {
                depthOf.put(l, r.depth());
                byLabel.put(l, f.apply(r));
            }
        }
        if (new TreeSet<>(byLabel.values()).size() == 1) return Chart.num(byLabel.values().iterator().next());
        List<String> parts = new ArrayList<>();
        byLabel.forEach((l, v) -> parts.add(l + ": " + Chart.num(v)));
        return String.join("; ", parts);
    }

    // ---- line figures -------------------------------------------------------------------------

    /** A series: label, its grid-axis values, its rows. */
    private record Series(String label, Map<Axis, String> axes, List<ResultTable.Row> rows) {}

    private List<Figure> lineFigures(String measure, String stat, List<ResultTable.Row> rows) {
        Set<Integer> depths = new TreeSet<>();
        rows.forEach(r -> depths.add(r.depth()));
        boolean byDepth = depths.size() > 1;
        Map<String, Series> series = new LinkedHashMap<>();
        for (ResultTable.Row r : rows) {
            String l = label(r, byDepth);
            series.computeIfAbsent(l, k -> new Series(k, axesOf(r, byDepth), new ArrayList<>())).rows().add(r);
        }
        double[] valid = validRange(stat, rows);
        String def = Statistics.definition(measure, stat);
        boolean theoryOnly = rows.stream().allMatch(r -> r.n() == 0);
        List<Figure> out = new ArrayList<>();
        List<Map.Entry<String, List<Series>>> parts = split(new ArrayList<>(series.values()));
        for (Map.Entry<String, List<Series>> part : parts) {
            String title = measure + ": " + stat + (byDepth ? "" : " (depth " + depths.iterator().next() + ")")
                    + (part.getKey().isEmpty() ? "" : " — " + part.getKey());
            SvgPlot plot = new SvgPlot(title, byDepth ? "depth L" : "width N", stat).integerX().validY(valid[0], valid[1]);
            for (Series s : part.getValue()) addSeries(plot, s, byDepth);
            out.add(new Figure(id(measure, stat, part.getKey()), measure, title, plot, def, theoryOnly ? "Theory only: the points are the theory column." : null));
        }
        return out;
    }

    private Map<Axis, String> axesOf(ResultTable.Row r, boolean withWidth) {
        Map<Axis, String> m = new EnumMap<>(Axis.class);
        for (Axis a : Axis.values()) {
            if (varying.contains(a) && (withWidth || a != Axis.WIDTH) && !a.of(r).isEmpty()) m.put(a, a.of(r));
        }
        return m;
    }

    private static double[] validRange(String stat, List<ResultTable.Row> rows) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (ResultTable.Row r : rows) {
            if (Double.isFinite(r.value())) { lo = Math.min(lo, r.value()); hi = Math.max(hi, r.value()); }
        }
        return Statistics.validRange(stat, lo, hi);
    }

    private void addSeries(SvgPlot plot, Series s, boolean byDepth) {
        TreeMap<Integer, ResultTable.Row> byX = new TreeMap<>();
        for (ResultTable.Row r : s.rows()) byX.put(byDepth ? r.depth() : r.width(), r);
        List<SvgPlot.Pt> pts = new ArrayList<>();
        List<double[]> theory = new ArrayList<>();
        boolean measured = false;
        for (Map.Entry<Integer, ResultTable.Row> e : byX.entrySet()) {
            ResultTable.Row r = e.getValue();
            measured |= r.n() > 0;
            String where = (byDepth ? "L=" : "N=") + e.getKey();
            pts.add(new SvgPlot.Pt(e.getKey(), r.value(), r.ciLow(), r.ciHigh(), hover(s.label(), where, r)));
            if (Double.isFinite(r.theory())) theory.add(new double[] {e.getKey(), r.theory()});
        }
        plot.points(s.label(), pts);
        if (measured && !theory.isEmpty()) plot.curve(s.label(), column(theory, 0), column(theory, 1));   // theory-only rows are the points
    }

    /** Hover text of a data point: "label, where: value, 95% CI [lo, hi], n=…, theory …". */
    static String hover(String label, String where, ResultTable.Row r) {
        StringBuilder t = new StringBuilder(label).append(", ").append(where).append(": ");
        if (r.n() == 0 && Double.isFinite(r.theory())) return t.append(Chart.num(r.theory())).append(" (theory only)").toString();
        t.append(Chart.num(r.value()));
        if (Double.isFinite(r.ciLow()) && Double.isFinite(r.ciHigh())) {
            t.append(", 95% CI [").append(Chart.num(r.ciLow())).append(", ").append(Chart.num(r.ciHigh())).append(']');
        } else {
            t.append(", no interval");
        }
        t.append(", n=").append(r.n());
        if (Double.isFinite(r.theory())) t.append(", theory ").append(Chart.num(r.theory()));
        return t.toString();
    }

    /**
     * Parts of at most {@link #MAX_SERIES} series, split by grid axes: the fewest axes that make
     * every part fit, and among as many the first in the order activation, bias, dist, width. When
     * that leaves one series per part (a single axis with too many values), the last of those axes
     * is split into runs of its values instead, in natural order, as few and as even as fit. The key
     * names the part ("activation tanh, dist cauchy:1", "dist cauchy:1 … cauchy:5"), empty when unsplit.
     */
    static List<Map.Entry<String, List<Series>>> split(List<Series> series) {
        List<Axis> candidates = new ArrayList<>();
        for (Axis a : Axis.values()) if (series.stream().anyMatch(s -> s.axes().containsKey(a))) candidates.add(a);
        List<Axis> by = List.of();
        if (series.size() > MAX_SERIES) {
            by = candidates;
            search:
            for (int k = 1; k <= candidates.size(); k++) {
                for (List<Axis> c : subsets(candidates, k)) {
                    if (largestPart(series, c) <= MAX_SERIES) { by = c; break search; }
                }
            }
        }
        TreeMap<String, List<Series>> parts = new TreeMap<>(Palette.NATURAL);
        if (!by.isEmpty() && largestPart(series, by) == 1) {
            Axis runs = by.get(by.size() - 1);
            List<Axis> rest = by.subList(0, by.size() - 1);
            TreeMap<String, List<Series>> coarse = new TreeMap<>(Palette.NATURAL);
            for (Series s : series) coarse.computeIfAbsent(partKey(s, rest), k -> new ArrayList<>()).add(s);
            for (Map.Entry<String, List<Series>> c : coarse.entrySet()) {
                List<Series> sorted = new ArrayList<>(c.getValue());
                sorted.sort((x, y) -> Palette.NATURAL.compare(x.axes().get(runs), y.axes().get(runs)));
                int n = (sorted.size() + MAX_SERIES - 1) / MAX_SERIES;
                for (int i = 0; i < n; i++) {
                    List<Series> run = sorted.subList(i * sorted.size() / n, (i + 1) * sorted.size() / n);
                    String key = (c.getKey().isEmpty() ? "" : c.getKey() + ", ") + axisText(runs, run.get(0).axes().get(runs))
                            + (run.size() > 1 ? " … " + run.get(run.size() - 1).axes().get(runs) : "");
                    parts.put(key, new ArrayList<>(run));
                }
            }
            return new ArrayList<>(parts.entrySet());
        }
        for (Series s : series) parts.computeIfAbsent(partKey(s, by), k -> new ArrayList<>()).add(s);
        return new ArrayList<>(parts.entrySet());
    }

    private static String axisText(Axis a, String value) {
        return switch (a) {
            case WIDTH -> "N=" + value;
            case OVERPARAM -> "n/k=" + value;
            default -> a.name + " " + value;
        };
    }

    /** The k-element subsets of {@code axes}, in lexicographic order of positions. */
    private static List<List<Axis>> subsets(List<Axis> axes, int k) {
        List<List<Axis>> out = new ArrayList<>();
        if (k == 0) { out.add(List.of()); return out; }
        for (int i = 0; i <= axes.size() - k; i++) {
            for (List<Axis> rest : subsets(axes.subList(i + 1, axes.size()), k - 1)) {
                List<Axis> c = new ArrayList<>();
                c.add(axes.get(i));
                c.addAll(rest);
                out.add(c);
            }
        }
        return out;
    }

    private static int largestPart(List<Series> series, List<Axis> by) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (Series s : series) n.merge(partKey(s, by), 1, Integer::sum);
        return n.values().stream().max(Integer::compare).orElse(0);
    }

    private static String partKey(Series s, List<Axis> by) {
        List<String> k = new ArrayList<>();
        for (Axis a : Axis.values()) if (by.contains(a)) k.add(axisText(a, s.axes().get(a)));
        return String.join(", ", k);
    }

    // ---- Lyapunov spectrum --------------------------------------------------------------------

    private static boolean isSpectrum(String stat) { return stat.matches("lambda_\\d+") || stat.equals("lambda_min"); }

    /** λ_k against k at the deepest depth, one series per cell; λ_min at k = K as a marker apart. */
    private List<Figure> spectrum(Map<String, List<ResultTable.Row>> stats) {
        int deepest = 0;
        for (Map.Entry<String, List<ResultTable.Row>> e : stats.entrySet()) {
            if (isSpectrum(e.getKey())) for (ResultTable.Row r : e.getValue()) deepest = Math.max(deepest, r.depth());
        }
        Map<String, Series> series = new LinkedHashMap<>();
        for (Map.Entry<String, List<ResultTable.Row>> e : stats.entrySet()) {
            if (!isSpectrum(e.getKey())) continue;
            for (ResultTable.Row r : e.getValue()) {
                if (r.depth() != deepest) continue;
                series.computeIfAbsent(label(r, true), k -> new Series(k, axesOf(r, true), new ArrayList<>())).rows().add(r);
            }
        }
        if (series.isEmpty()) return List.of();
        int k = lyapunovK();
        List<Figure> out = new ArrayList<>();
        for (Map.Entry<String, List<Series>> part : split(new ArrayList<>(series.values()))) {
            String title = "lyapunov: spectrum λ_k at depth " + deepest + (part.getKey().isEmpty() ? "" : " — " + part.getKey());
            SvgPlot plot = new SvgPlot(title, "k (exponent index, QR order)", "λ_k").integerX().linearY();
            boolean apart = false;
            for (Series s : part.getValue()) {
                List<SvgPlot.Pt> listed = new ArrayList<>(), last = new ArrayList<>();
                List<ResultTable.Row> sorted = new ArrayList<>(s.rows());
                sorted.sort(Comparator.comparingInt(r -> index(r.statistic(), k, r.width())));
                for (ResultTable.Row r : sorted) {
                    int i = index(r.statistic(), k, r.width());
                    SvgPlot.Pt p = new SvgPlot.Pt(i, r.value(), r.ciLow(), r.ciHigh(), hover(s.label(), "k=" + i + ", L=" + deepest, r));
                    (r.statistic().equals("lambda_min") ? last : listed).add(p);
                }
                plot.points(s.label(), listed);
                if (!last.isEmpty()) { plot.markers(s.label(), last); apart = true; }
            }
            String note = apart ? "λ_min = λ_K (K tangent vectors: --lyapunov-k, or N) is the marker apart from the joined λ_1..λ_8." : null;
            out.add(new Figure(id("lyapunov", "spectrum", part.getKey()), "lyapunov", title, plot,
                    "Lyapunov exponents along depth, λ_k = (1/l) Σ ln|R_l'(k,k)|, at the deepest depth: λ_1 > 0 chaos, < 0 order", note));
        }
        return out;
    }

    /** --lyapunov-k from the manifest (0: all N). */
    private int lyapunovK() {
        if (manifest == null) return 0;
        try {
            return Integer.parseInt(Manifest.setting(manifest, "lyapunov-k", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int index(String stat, int k, int width) {
        if (stat.equals("lambda_min")) return k <= 0 ? width : Math.min(k, width);
        return Integer.parseInt(stat.substring("lambda_".length()));
    }

    // ---- heat maps ----------------------------------------------------------------------------

    private List<Figure> heatMaps(String measure, String stat, List<ResultTable.Row> rows) {
        Set<Integer> widths = new TreeSet<>(), depths = new TreeSet<>();
        rows.forEach(r -> { widths.add(r.width()); if (r.depth() > 0) depths.add(r.depth()); });
        if (widths.size() < 3 || depths.size() < 2) return List.of();
        Map<String, List<ResultTable.Row>> combos = new TreeMap<>(Palette.NATURAL);
        for (ResultTable.Row r : rows) {
            String key = r.dist() + ", " + r.activation() + ", bias " + r.bias() + (Double.isNaN(r.overparam()) ? "" : ", n/k=" + ratioText(r.overparam()));
            combos.computeIfAbsent(key, c -> new ArrayList<>()).add(r);
        }
        List<Integer> ws = new ArrayList<>(widths), ds = new ArrayList<>(depths);
        double[] valid = validRange(stat, rows);
        List<Figure> out = new ArrayList<>();
        for (Map.Entry<String, List<ResultTable.Row>> c : combos.entrySet()) {
            HeatMap.Cell[][] cells = new HeatMap.Cell[ws.size()][ds.size()];
            for (ResultTable.Row r : c.getValue()) {
                int wi = ws.indexOf(r.width()), di = ds.indexOf(r.depth());
                if (di < 0) continue;
                cells[wi][di] = new HeatMap.Cell(r.value(), hover("N=" + r.width(), "L=" + r.depth(), r));
            }
            String title = measure + ": " + stat + " — width × depth (" + c.getKey() + ")";
            out.add(new Figure(id("heat", measure, stat, c.getKey()), measure, title, new HeatMap(title, stat, ws, ds, cells, valid),
                    Statistics.definition(measure, stat), "Heat map: colour = value (colour bar); hover a cell for its value and interval."));
        }
        return out;
    }

    // ---- esd.csv ------------------------------------------------------------------------------

    private List<Figure> esdFigures(EsdTable esd) {
        EsdTheory theory = new EsdTheory(manifest);
        List<Figure> out = new ArrayList<>();
        for (EsdTable.CellKey cell : esd.cells()) {
            List<Integer> depths = EsdTable.chosenDepths(esd.depths(cell, "log_sigma"));
            if (depths.isEmpty()) continue;
            String cellText = fullCell(cell);
            String title = "jacobian: density of ln σ — " + cellText;
            SvgPlot plot = new SvgPlot(title, "ln σ (singular values of J_l)", "density per unit ln σ").linearY();
            String reason = null;
            int curves = 0;
            for (int d : depths) {
                List<EsdTable.Bin> bins = esd.bins(cell, d, "log_sigma");
                String l = "L=" + d;
                double[] edges = new double[bins.size() + 1];
                List<SvgPlot.Pt> pts = new ArrayList<>();
                for (int i = 0; i < bins.size(); i++) {
                    EsdTable.Bin b = bins.get(i);
                    edges[i] = b.lo();
                    edges[i + 1] = b.hi();
                    pts.add(new SvgPlot.Pt(0.5 * (b.lo() + b.hi()), b.density(), Double.NaN, Double.NaN,
                            l + ", ln σ in [" + Chart.num(b.lo()) + ", " + Chart.num(b.hi()) + "]: density " + Chart.num(b.density())));
                }
                plot.step(l, edges, pts);
                if (cell.trained()) { reason = "trained networks: no free-probability theory"; continue; }
                EsdTheory.Result t = theory.at(cell, d);
                if (t.density() == null) { reason = t.reason(); continue; }
                double[][] curve = theoryCurve(t, edges[0], edges[edges.length - 1]);
                if (curve[0].length > 0) { plot.curve(l, curve[0], curve[1]); curves++; }
            }
            String note = "Step lines: esd.csv histograms (log_sigma) at depths " + depths.toString().replaceAll("[\\[\\]]", "")
                    + (curves > 0 ? "; dashed: free-probability density p(ln σ) = 2λρ(λ) at q*, λ = σ² (conditioned on σ > 0)."
                    : "; " + (reason != null ? reason : "no theory") + ".");
            out.add(new Figure(id("esd", cellText), "jacobian", title, plot,
                    "spectral density of ln σ_i(J_l), the values of all the cell's networks pooled", note));
        }
        return out;
    }

    // ---- esd_weights.csv --------------------------------------------------------------------

    /**
     * Per cell, the weight ESD of its first, middle and last layer on a ln λ axis: the density
     * per unit ln λ of each bin, density·(hi − lo)/(ln hi − ln lo), as a step line, and the
     * file's Marchenko–Pastur theory column transformed the same way, dashed, where it is finite.
     */
    private List<Figure> weightsEsdFigures(EsdTable esd) {
        List<Figure> out = new ArrayList<>();
        for (EsdTable.CellKey cell : esd.cells()) {
            List<Integer> layers = EsdTable.chosenDepths(esd.depths(cell, "lambda"));
            if (layers.isEmpty()) continue;
            String cellText = fullCell(cell);
            String title = "weights: ESD of W Wᵀ — " + cellText;
            SvgPlot plot = new SvgPlot(title, "ln λ (eigenvalues of W_l W_lᵀ)", "density per unit ln λ").linearY();
            int curves = 0;
            for (int layer : layers) {
                List<EsdTable.Bin> bins = esd.bins(cell, layer, "lambda");
                String l = "L=" + layer;
                double[] edges = new double[bins.size() + 1];
                List<SvgPlot.Pt> pts = new ArrayList<>();
                List<double[]> theory = new ArrayList<>();
                for (int i = 0; i < bins.size(); i++) {
                    EsdTable.Bin b = bins.get(i);
                    double lo = Math.log(b.lo()), hi = Math.log(b.hi()), perLog = (b.hi() - b.lo()) / (hi - lo);
                    edges[i] = lo;
                    edges[i + 1] = hi;
                    pts.add(new SvgPlot.Pt(0.5 * (lo + hi), b.density() * perLog, Double.NaN, Double.NaN,
                            l + ", λ in [" + Chart.num(b.lo()) + ", " + Chart.num(b.hi()) + "]: density " + Chart.num(b.density())));
                    if (Double.isFinite(b.theory())) theory.add(new double[] {0.5 * (lo + hi), b.theory() * perLog});
                }
                plot.step(l, edges, pts);
                if (!theory.isEmpty() && !cell.trained()) {
                    plot.curve(l, column(theory, 0), column(theory, 1));
                    curves++;
                }
            }
            String note = "Step lines: esd_weights.csv histograms of λ at layers " + layers.toString().replaceAll("[\\[\\]]", "")
                    + (curves > 0 ? "; dashed: the Marchenko–Pastur density (aspect ratio 1, bulk edge 4σ_w²), averaged over each bin."
                    : cell.trained() ? "; trained networks: no Marchenko–Pastur theory." : "; no theory for this distribution.");
            out.add(new Figure(id("esd-weights", cellText), "weights", title, plot,
                    "empirical spectral density of λ_i(W_l W_lᵀ), the squared singular values of layer l, all the cell's networks pooled",
                    note));
        }
        return out;
    }

    /** p(ln σ) on 64 points of [lo, hi], up to the upper edge of the support. */
    private static double[][] theoryCurve(EsdTheory.Result t, double lo, double hi) {
        double top = Math.min(hi, 0.5 * Math.log(t.density().upperEdge()));
        List<double[]> pts = new ArrayList<>();
        int n = 64;
        for (int i = 0; i < n && top > lo; i++) {
            double x = lo + (top - lo) * i / (n - 1), p = t.lnSigmaDensity(x);
            if (Double.isFinite(p)) pts.add(new double[] {x, p});
        }
        return new double[][] {column(pts, 0), column(pts, 1)};
    }

    private static double[] column(List<double[]> pts, int j) {
        double[] out = new double[pts.size()];
        for (int i = 0; i < out.length; i++) out[i] = pts.get(i)[j];
        return out;
    }
}
