package io.netdyn.report;

import io.netdyn.io.BuildInfo;
import io.netdyn.io.JsonObject;
import io.netdyn.io.OutputDirectory;
import io.netdyn.io.ResultFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * report.html (docs/outputs.md, "report.html"): one self-contained page (inline SVG, no scripts,
 * no external resources) with the run's manifest, a table of contents, per measure its heat maps and one figure per statistic of
 * results.csv against depth (or width when it has a single depth), the Lyapunov spectrum, the
 * esd.csv histograms against free probability, and a table of the statistics not plotted. What
 * goes where: {@link ReportPlan}; colours: {@link Palette}; axes: {@link SvgPlot}. Made by
 * {@code sweep} (unless {@code --report false}), {@code merge} and {@code report}.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    /** The esd.csv of the jacobian measure (read when the run wrote it). */
    public static final String ESD = "esd.csv";
    /** The esd_weights.csv of the weights measure (read when the run wrote it). */
    public static final String ESD_WEIGHTS = "esd_weights.csv";
    static final int WIDTH = 540, HEIGHT = 320;
    private static final List<String> SUMMARY = List.of("command", "seed", "netdyn_version", "git_commit", "backend", "device",
            "threads", "started", "wall_seconds", "shard", "cells", "networks_per_cell", "networks_total");
    private static final String MARKS = "●■▲◆";

    private HtmlReport() {}

    /** Writes the page for the staged results.csv (and esd.csv, esd_weights.csv, when staged) of {@code out} into {@code out}. */
    public static void write(OutputDirectory out, JsonObject manifest) throws IOException {
        String esd = out.fileNames().contains(ESD) ? out.readStaged(ESD) : null;
        String weights = out.fileNames().contains(ESD_WEIGHTS) ? out.readStaged(ESD_WEIGHTS) : null;
        String html = render(out.readStaged(ResultFiles.RESULTS), esd, weights, manifest);
        try (BufferedWriter w = out.writer(FILE)) {
            w.write(html);
        }
    }

    /** The page for results.csv text and its manifest (null: no run summary), without histograms. */
    public static String render(String resultsCsv, JsonObject manifest) {
        return render(resultsCsv, null, manifest);
    }

    /** The page for results.csv text, esd.csv text (null: none) and the manifest (null: no run summary). */
    public static String render(String resultsCsv, String esdCsv, JsonObject manifest) {
        return render(resultsCsv, esdCsv, null, manifest);
    }

    /** The page for results.csv, esd.csv and esd_weights.csv text (null: none) and the manifest (null: no run summary). */
    public static String render(String resultsCsv, String esdCsv, String weightsEsdCsv, JsonObject manifest) {
        List<ReportPlan.Section> sections = ReportPlan.build(ResultTable.parse(resultsCsv), esdCsv == null ? null : EsdTable.parse(esdCsv),
                weightsEsdCsv == null ? null : EsdTable.parse(weightsEsdCsv), manifest);
        Set<String> cells = new LinkedHashSet<>(), histograms = new LinkedHashSet<>();
        int figures = 0;
        for (ReportPlan.Section s : sections) {
            for (ReportPlan.Figure f : s.figures()) {
                boolean hist = f.chart() instanceof SvgPlot p && p.histogram();
                (hist ? histograms : cells).addAll(f.chart().labels());
            }
            figures += s.figures().size();
        }
        Palette palette = new Palette(cells, histograms);

        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>netdyn report</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1160px;color:#222}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;font-size:90%;vertical-align:top;text-align:left}")
                .append(".figs{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;width:").append(WIDTH).append("px}")
                .append("figure svg{display:block;max-width:100%;height:auto}")
                .append("figcaption{font-size:85%;color:#444;margin:2px 4px 8px}figcaption .def{color:#000}")
                .append("nav ol{columns:2;font-size:90%;margin-top:2px}nav h3{margin:8px 0 0;font-size:100%}")
                .append(".key span{white-space:nowrap;margin-right:1em;font-size:90%}h2{border-bottom:1px solid #ccc;margin-top:1.5em}")
                .append("</style></head><body>\n<h1>netdyn report</h1>\n");
        if (manifest != null) {
            h.append("<table>\n");
            for (String k : SUMMARY) {
                if (manifest.has(k)) h.append("<tr><td>").append(k).append("</td><td>").append(esc(manifest.text(k))).append("</td></tr>\n");
            }
            JsonObject weights = manifest.object("weights");
            if (weights != null) h.append("<tr><td>weights</td><td>").append(esc(weights.text("path"))).append("</td></tr>\n");
            h.append("</table>\n");
        }
        h.append("<p>").append(figures).append(" figures. Points: the mean over the cell's networks; bars: its 95% interval ")
                .append("(caps: interval ends; arrowheads: ends beyond the axis, which covers all values and theory and the 2nd–98th ")
                .append("percentile of interval ends); dashed: theory (the <code>theory</code> column) in the series' colour. ")
                .append("Probabilities and fractions are drawn within [0, 1]. Hover a point for its numbers. ")
                .append("Definitions: <code>docs/measures/&lt;measure&gt;.md</code>.</p>\n");
        if (palette.labels().size() > 1) {
            h.append("<p class=\"key\">Series colours (the same in every figure): ");
            for (String l : palette.labels()) {
                Palette.Style st = palette.style(l);
                h.append("<span><span style=\"color:").append(st.color()).append("\">")
                        .append(MARKS.charAt(List.of(Palette.MARKERS).indexOf(st.marker()))).append("</span> ").append(esc(l)).append("</span> ");
            }
            h.append("</p>\n");
        }
        toc(h, sections);
        for (ReportPlan.Section s : sections) {
            h.append("<h2 id=\"").append(sectionId(s.measure())).append("\">").append(esc(s.measure())).append("</h2>\n<div class=\"figs\">\n");
            for (ReportPlan.Figure f : s.figures()) figure(h, f, palette);
            h.append("</div>\n");
            listed(h, s.listed());
        }
        h.append("<p><small>report by netdyn ").append(esc(BuildInfo.version())).append(" (commit ").append(esc(BuildInfo.gitCommit()))
                .append(") from results.csv").append(esdCsv != null ? ", esd.csv" : "").append(weightsEsdCsv != null ? ", esd_weights.csv" : "").append("</small></p>\n</body></html>\n");
        return h.toString();
    }

    private static void toc(StringBuilder h, List<ReportPlan.Section> sections) {
        h.append("<nav id=\"contents\"><h2>Contents</h2>\n");
        for (ReportPlan.Section s : sections) {
            h.append("<h3><a href=\"#").append(sectionId(s.measure())).append("\">").append(esc(s.measure())).append("</a></h3><ol>\n");
            for (ReportPlan.Figure f : s.figures()) {
                h.append("<li><a href=\"#").append(f.id()).append("\">").append(esc(f.title())).append("</a></li>\n");
            }
            h.append("</ol>\n");
        }
        h.append("</nav>\n");
    }

    private static void figure(StringBuilder h, ReportPlan.Figure f, Palette palette) {
        h.append("<figure id=\"").append(f.id()).append("\">").append(f.chart().svg(WIDTH, HEIGHT, palette)).append("<figcaption>");
        List<String> lines = new ArrayList<>();
        if (f.definition() != null) lines.add("<span class=\"def\">" + esc(f.definition()) + "</span>");
        if (f.note() != null) lines.add(esc(f.note()));
        if (f.chart() instanceof SvgPlot p) {
            if (p.clippedIntervals() > 0) lines.add(p.clippedIntervals() + " interval end" + (p.clippedIntervals() > 1 ? "s" : "")
                    + " beyond the axis (arrowheads).");
            if (p.logYUsed()) lines.add("Log y axis: values span more than three decades; intervals show their positive part"
                    + (p.openIntervals() > 0 ? " (" + p.openIntervals() + " reach 0 or below: open bars to the bottom edge)." : "."));
        }
        h.append(String.join("<br>", lines)).append("</figcaption></figure>\n");
    }

    private static void listed(StringBuilder h, List<ReportPlan.Listed> listed) {
        if (listed.isEmpty()) return;
        h.append("<p>Not plotted:</p>\n<table><tr><th>statistic</th><th>why</th><th>value</th><th>definition</th></tr>\n");
        for (ReportPlan.Listed l : listed) {
            h.append("<tr><td>").append(esc(l.statistic())).append("</td><td>").append(esc(l.why())).append("</td><td>")
                    .append(esc(l.values())).append("</td><td>").append(l.definition() == null ? "" : esc(l.definition())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String sectionId(String measure) {
        return "m-" + measure.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
