package io.netdyn.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdyn.io.BuildInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * report.html (docs/outputs.md, "report.html"): one self-contained page (plots as inline SVG,
 * {@link SvgPlot}; no network access, no scripts) with every statistic of results.csv plotted
 * against depth — or against width when the statistic has a single depth — one series per grid cell
 * (labelled by the grid axes that vary), 95% intervals as error bars, and the theory column as a
 * dashed curve where it is finite. Above the plots: the run's manifest (command, seed, version,
 * backend, device, time). Made by {@code sweep} (unless {@code --report false}), {@code merge} and
 * {@code report}.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    /** Series per figure; a statistic with more cells is split over several figures. */
    static final int MAX_SERIES = 8;
    private static final int WIDTH = 620, HEIGHT = 340;
    /** The series name when no grid axis varies. */
    private static final String MEASURED = "measured";
    private static final List<String> SUMMARY = List.of("command", "seed", "netdyn_version", "git_commit", "backend", "device",
            "threads", "started", "wall_seconds", "shard", "cells", "networks_per_cell", "networks_total");

    private HtmlReport() {}

    /** One figure: what the page shows and the plot behind it. */
    record Figure(String measure, String title, SvgPlot plot) {}

    /** Writes the page for the staged results.csv of {@code out} into {@code out}. */
    public static void write(io.netdyn.io.OutputDirectory out, JsonNode manifest) throws IOException {
        String html = render(out.readStaged(io.netdyn.io.ResultFiles.RESULTS), manifest);
        try (java.io.BufferedWriter w = out.writer(FILE)) {
            w.write(html);
        }
    }

    /** The page for results.csv text and its manifest (null: no run summary). */
    public static String render(String resultsCsv, JsonNode manifest) throws IOException {
        List<Figure> figures = figures(ResultTable.parse(resultsCsv));
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>netdyn report</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1300px}table{border-collapse:collapse}")
                .append("td{border:1px solid #ccc;padding:2px 8px;font-size:90%;vertical-align:top}")
                .append(".figs{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}figcaption{font-size:85%;color:#444}")
                .append("</style></head><body>\n<h1>netdyn report</h1>\n");
        if (manifest != null) {
            h.append("<table>\n");
            for (String k : SUMMARY) {
                if (manifest.has(k)) h.append("<tr><td>").append(k).append("</td><td>").append(esc(manifest.get(k).asText())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        Map<String, List<Figure>> byMeasure = new LinkedHashMap<>();
        for (Figure f : figures) byMeasure.computeIfAbsent(f.measure(), k -> new ArrayList<>()).add(f);
        h.append("<p>").append(figures.size()).append(" figures: ");
        List<String> links = new ArrayList<>();
        for (String m : byMeasure.keySet()) links.add("<a href=\"#" + esc(m) + "\">" + esc(m) + "</a>");
        h.append(String.join(" · ", links)).append(". Points: mean over the cell's networks with its 95% interval; "
                + "dashed: theory (the <code>theory</code> column). Definitions: <code>docs/measures/&lt;measure&gt;.md</code>.</p>\n");
        for (Map.Entry<String, List<Figure>> e : byMeasure.entrySet()) {
            h.append("<h2 id=\"").append(esc(e.getKey())).append("\">").append(esc(e.getKey())).append("</h2>\n<div class=\"figs\">\n");
            for (Figure f : e.getValue()) {
                h.append("<figure>").append(f.plot().svg(WIDTH, HEIGHT)).append("</figure>\n");
            }
            h.append("</div>\n");
        }
        h.append("<p><small>netdyn ").append(esc(BuildInfo.version())).append(", from results.csv</small></p>\n</body></html>\n");
        return h.toString();
    }

    /** The figures of the rows: one per (measure, statistic), split when it has more than {@link #MAX_SERIES} series. */
    static List<Figure> figures(List<ResultTable.Row> rows) {
        Function<ResultTable.Row, String> label = labeller(rows);
        Map<String, Map<String, List<ResultTable.Row>>> groups = new LinkedHashMap<>();   // measure/statistic -> cell -> rows
        for (ResultTable.Row r : rows) {
            groups.computeIfAbsent(r.measure() + "\u0000" + r.statistic(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.cell(), k -> new ArrayList<>()).add(r);
        }
        List<Figure> out = new ArrayList<>();
        for (Map<String, List<ResultTable.Row>> cells : groups.values()) {
            ResultTable.Row any = cells.values().iterator().next().get(0);
            Set<Integer> depths = new LinkedHashSet<>();
            cells.values().forEach(l -> l.forEach(r -> depths.add(r.depth())));
            boolean byDepth = depths.size() > 1;
            Map<String, List<ResultTable.Row>> series = new LinkedHashMap<>();
            if (byDepth) {
                cells.forEach((cell, l) -> series.put(label.apply(l.get(0)), l));
            } else {   // one depth: x = width, a series per the other axes
                cells.values().forEach(l -> series.computeIfAbsent(labelWithoutWidth(label, l.get(0)), k -> new ArrayList<>()).addAll(l));
            }
            List<String> names = new ArrayList<>(series.keySet());
            int parts = (names.size() + MAX_SERIES - 1) / MAX_SERIES;
            for (int part = 0; part < parts; part++) {
                String title = any.measure() + ": " + any.statistic() + (byDepth ? "" : " (depth " + depths.iterator().next() + ")")
                        + (parts > 1 ? " (" + (part + 1) + "/" + parts + ")" : "");
                SvgPlot plot = new SvgPlot(title, byDepth ? "depth L" : "width N", any.statistic()).integerX();
                for (String name : names.subList(part * MAX_SERIES, Math.min(names.size(), (part + 1) * MAX_SERIES))) {
                    addSeries(plot, name, series.get(name), byDepth);
                }
                out.add(new Figure(any.measure(), title, plot));
            }
        }
        return out;
    }

    private static void addSeries(SvgPlot plot, String name, List<ResultTable.Row> rows, boolean byDepth) {
        TreeMap<Integer, ResultTable.Row> byX = new TreeMap<>();
        for (ResultTable.Row r : rows) byX.put(byDepth ? r.depth() : r.width(), r);
        List<double[]> pts = new ArrayList<>(), theory = new ArrayList<>();
        boolean measured = false, bars = false;
        for (Map.Entry<Integer, ResultTable.Row> e : byX.entrySet()) {
            ResultTable.Row r = e.getValue();
            measured |= r.n() > 0;
            if (Double.isFinite(r.value())) {
                double half = (r.ciHigh() - r.ciLow()) / 2;
                bars |= Double.isFinite(half) && half > 0;
                pts.add(new double[] {e.getKey(), r.value(), Double.isFinite(half) ? half : 0});
            }
            if (Double.isFinite(r.theory())) theory.add(new double[] {e.getKey(), r.theory()});
        }
        if (!pts.isEmpty()) plot.points(name, column(pts, 0), column(pts, 1), bars ? column(pts, 2) : null);
        if (measured && !theory.isEmpty()) plot.curve(column(theory, 0), column(theory, 1));   // theory-only rows (n = 0) are the points
    }

    /** Series names from the grid axes that vary in these rows (empty when none does). */
    private static Function<ResultTable.Row, String> labeller(List<ResultTable.Row> rows) {
        Set<Integer> w = new LinkedHashSet<>();
        Set<String> d = new LinkedHashSet<>(), a = new LinkedHashSet<>(), b = new LinkedHashSet<>();
        for (ResultTable.Row r : rows) {
            w.add(r.width());
            d.add(r.dist());
            a.add(r.activation());
            b.add(r.bias());
        }
        return r -> {
            String s = String.join(" ", nonEmpty(w.size() > 1 ? "N=" + r.width() : "", d.size() > 1 ? r.dist() : "",
                    a.size() > 1 ? r.activation() : "", b.size() > 1 ? "bias " + r.bias() : ""));
            return s.isEmpty() ? MEASURED : s;
        };
    }

    private static String labelWithoutWidth(Function<ResultTable.Row, String> label, ResultTable.Row r) {
        String s = label.apply(r);
        if (!s.startsWith("N=")) return s;
        return s.indexOf(' ') < 0 ? MEASURED : s.substring(s.indexOf(' ') + 1);
    }

    private static List<String> nonEmpty(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) if (!p.isEmpty()) out.add(p);
        return out;
    }

    private static double[] column(List<double[]> pts, int j) {
        double[] out = new double[pts.size()];
        for (int i = 0; i < out.length; i++) out[i] = pts.get(i)[j];
        return out;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
