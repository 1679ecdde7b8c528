package io.netdyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.cli.Main;
import io.netdyn.io.BuildInfo;
import io.netdyn.io.CsvFormat;
import io.netdyn.io.ResultFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html: figures, colours, splitting, what is left out, the ToC, hover text, self-containment; the CLI around it. */
class HtmlReportTest {
    static final String HEADER = String.join(",", ResultFiles.RESULT_COLUMNS) + "\n";

    static String row(String measure, int width, int depth, String dist, String act, String stat, double value, double lo, double hi,
                      long n, double theory) {
        return CsvFormat.line(measure, width, depth, dist, null, null, act, "none", "none", null, 0, null, stat, value, lo, hi, n, theory) + "\n";
    }

    /** A wormhole row at ratio n/k, in the current format or the previous version's (ratio inside the statistic). */
    static String wormholeRow(boolean v1, int width, int depth, double ratio, String stat, double value) {
        if (v1) {
            String r = ratio == Math.rint(ratio) ? Long.toString((long) ratio) : Double.toString(ratio);
            return CsvFormat.line("wormhole", width, depth, "gaussian:1", "tanh", "none", stat + "@nk=" + r, value,
                    value - 0.01, value + 0.01, 10L, Double.NaN) + "\n";
        }
        return CsvFormat.line("wormhole", width, depth, "gaussian:1", 1.0, null, "tanh", "none", "none", null, 0, ratio, stat, value,
                value - 0.01, value + 0.01, 10L, Double.NaN) + "\n";
    }

    @Test
    void wormholeRatiosAreSeriesOfOneFigureInBothFormats() {
        for (boolean v1 : new boolean[] {false, true}) {
            StringBuilder csv = new StringBuilder(v1 ? String.join(",", ResultFiles.RESULT_COLUMNS_V1) + "\n" : HEADER);
            for (int w : new int[] {8, 16}) {
                for (double ratio : new double[] {2, 8}) {
                    for (int d = 1; d <= 4; d++) csv.append(wormholeRow(v1, w, d, ratio, "d_theta_fold", 0.3 / (d * ratio) + 0.001 * w));
                }
            }
            List<ResultTable.Row> rows = ResultTable.parse(csv.toString());
            assertEquals("d_theta_fold", rows.get(0).statistic(), "the ratio is not part of the name");
            assertEquals(2.0, rows.get(0).overparam(), 0);
            String html = HtmlReport.render(csv.toString(), null, null);
            Map<String, String> figs = figures(html);
            List<String> wormhole = figs.keySet().stream().filter(id -> id.startsWith("fig-wormhole-")).toList();
            assertEquals(List.of("fig-wormhole-d-theta-fold"), wormhole, "one figure per statistic, not per ratio (v1 " + v1 + ")");
            String fig = figs.get(wormhole.get(0));
            for (String label : new String[] {"N=8, n/k=2", "N=8, n/k=8", "N=16, n/k=2", "N=16, n/k=8"}) {
                assertTrue(fig.contains(label), label + " in " + fig);
            }
        }
    }

    private static String row(String measure, int width, int depth, String dist, String stat, double value, double theory) {
        return row(measure, width, depth, dist, "tanh", stat, value, value - 0.1, value + 0.1, 10L, theory);
    }

    static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** figure id → its HTML. */
    static Map<String, String> figures(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<figure id=\"([^\"]+)\">(.*?)</figure>", Pattern.DOTALL).matcher(html);
        while (m.find()) out.put(m.group(1), m.group(2));
        return out;
    }

    /** The figure whose SVG title is {@code title}. */
    static String figure(String html, String title) {
        for (String f : figures(html).values()) if (f.contains(">" + HtmlReport.esc(title) + "</text>")) return f;
        throw new AssertionError("no figure titled " + title);
    }

    /** The colour a figure's legend gives the label. */
    static String legendColour(String figure, String label) {
        Matcher m = Pattern.compile("<g fill=\"(#[0-9a-f]{6})\" stroke=\"#[0-9a-f]{6}\"><title>" + Pattern.quote(HtmlReport.esc(label)) + "</title>")
                .matcher(figure);
        assertTrue(m.find(), "legend entry " + label);
        return m.group(1);
    }

    @Test
    void oneFigurePerStatisticWithTheoryCurvesAndSeriesPerCell() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int w : new int[] {8, 16}) {
            for (int d = 1; d <= 4; d++) {
                csv.append(row("propagation", w, d, "gaussian:1", "q", 1 + 0.1 * d, 1 + 0.1 * d + 0.01));
                csv.append(row("propagation", w, d, "gaussian:1", "c<odd>", 0.5 + 0.01 * d, Double.NaN));
            }
            csv.append(row("fixedpoints", w, 3, "gaussian:1", "q_stable_mean", w / 8.0, Double.NaN));
        }
        String html = HtmlReport.render(csv.toString(), null);
        assertEquals(3, count(html, "<svg"), "q, c<odd> and q_stable_mean");
        assertEquals(2, count(html, "<h2 id=\"m-"), "propagation and fixedpoints sections");
        assertTrue(html.contains("propagation: c&lt;odd&gt;") && !html.contains("c<odd>"), "names are escaped");
        assertEquals(2, count(html, "<polyline class=\"theory\""), "one theory curve per width for q only");
        assertTrue(html.contains(">N=8</text>") && html.contains(">N=16</text>"), "series named by the axis that varies");
        assertTrue(html.contains("fixedpoints: q_stable_mean (depth 3)") && html.contains(">width N<"),
                "a single-depth statistic is plotted against width");
        assertFalse(html.contains("log scale"));
        assertFalse(html.contains("<script"), "no scripts: the page is self-contained");
    }

    @Test
    void aLabelHasOneColourOnThePageFromTheSortedLabels() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int w : new int[] {16, 8}) {
            for (String dist : new String[] {"gaussian:1", "cauchy:1"}) {
                for (int d = 1; d <= 3; d++) csv.append(row("propagation", w, d, dist, "q", w + d, Double.NaN));
                if (dist.equals("cauchy:1")) for (int d = 1; d <= 3; d++) csv.append(row("jacobian", w, d, dist, "m1", d, Double.NaN));
            }
        }
        String html = HtmlReport.render(csv.toString(), null);
        // q has four series, m1 only the two cauchy ones: figure order alone would colour them differently
        String q = figure(html, "propagation: q"), m1 = figure(html, "jacobian: m1");
        assertEquals(legendColour(q, "N=16, cauchy:1"), legendColour(m1, "N=16, cauchy:1"));
        assertEquals(legendColour(q, "N=8, cauchy:1"), legendColour(m1, "N=8, cauchy:1"));
        // natural order: N=8 before N=16, cauchy before gaussian
        List<String> order = List.of("N=8, cauchy:1", "N=8, gaussian:1", "N=16, cauchy:1", "N=16, gaussian:1");
        for (int i = 0; i < order.size(); i++) assertEquals(Palette.COLORS[i], legendColour(q, order.get(i)), order.get(i));
        assertEquals(order, new Palette(List.of("N=16, gaussian:1", "N=8, gaussian:1", "N=16, cauchy:1", "N=8, cauchy:1")).labels());
        Palette p = new Palette(List.of("L=3", "L=1"));
        assertEquals(List.of("L=1", "L=3"), p.labels());
        Palette many = new Palette(IntStream.range(0, 12).mapToObj(i -> "x" + i).toList());
        assertEquals(new Palette.Style(Palette.COLORS[0], "square"), many.style("x10"), "past 10 labels the marker changes");
        assertTrue(html.contains("Series colours (the same in every figure)"));
    }

    @Test
    void tooManySeriesAreSplitByAGridAxisKeepingThePageColours() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int w : new int[] {8, 16, 32}) {
            for (String dist : new String[] {"gaussian:1", "cauchy:1"}) {
                for (String act : new String[] {"tanh", "relu"}) {
                    for (int d = 1; d <= 3; d++) csv.append(row("propagation", w, d, dist, act, "q", w + d, w + d - 1, w + d + 1, 5, Double.NaN));
                }
            }
        }
        for (int d = 1; d <= 3; d++) csv.append(row("jacobian", 8, d, "cauchy:1", "relu", "m1", d, d - 1, d + 1, 5, Double.NaN));
        String html = HtmlReport.render(csv.toString(), null);
        String relu = figure(html, "propagation: q — activation relu"), tanh = figure(html, "propagation: q — activation tanh");
        assertEquals(6, count(relu, "<polyline fill=\"none\""), "12 cells: one part per activation, 6 series each");
        assertEquals(6, count(tanh, "<polyline fill=\"none\""));
        assertTrue(relu.contains("<title>N=8, cauchy:1, relu</title>") && !relu.contains(", tanh</title>"));
        assertEquals(legendColour(relu, "N=8, cauchy:1, relu"), legendColour(figure(html, "jacobian: m1"), "N=8, cauchy:1, relu"));

        StringBuilder nine = new StringBuilder(HEADER);
        for (int k = 1; k <= ReportPlan.MAX_SERIES + 1; k++) {
            for (int d = 1; d <= 3; d++) nine.append(row("propagation", 4, d, "cauchy:" + k, "q", Math.pow(10, k), Double.NaN));
        }
        String h9 = HtmlReport.render(nine.toString(), null);
        assertEquals(2, count(h9, "<svg"), "one axis with 9 values: two runs of its values, not 9 figures");
        assertTrue(h9.contains("propagation: q — dist cauchy:1 … cauchy:4") && h9.contains("propagation: q — dist cauchy:5 … cauchy:9"));
        assertTrue(h9.contains("q (log scale: positive part)"), "values over 8 decades: log axis");
        assertThrows(IllegalArgumentException.class, () -> HtmlReport.render("a,b\n1,2\n", null));
    }

    @Test
    void setUpValuesFlatTheoryAndConstantsAreListedNotPlotted() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int w : new int[] {8, 16}) {
            csv.append(row("jacobian", w, 0, "gaussian:1", "tanh", "input_q", 0.5, Double.NaN, Double.NaN, 0, 0.5));
            for (int d = 1; d <= 4; d++) {
                csv.append(row("propagation", w, d, "gaussian:1", "tanh", "chi1", 0.9, Double.NaN, Double.NaN, 0, 0.9));
                csv.append(row("propagation", w, d, "gaussian:1", "tanh", "chi_varying", 0.9 + d, Double.NaN, Double.NaN, 0, 0.9 + d));
                csv.append(row("fixedpoints", w, d, "gaussian:1", "tanh", "cycle_frac", 0, 0, 0, 10, Double.NaN));
                csv.append(row("jacobian", w, d, "gaussian:1", "m1", 1.0 / d, 1.0 / d));
            }
        }
        String html = HtmlReport.render(csv.toString(), null);
        assertEquals(2, count(html, "<svg"), "chi_varying and m1 only");
        assertTrue(html.contains("propagation: chi_varying") && html.contains("jacobian: m1"));
        assertTrue(html.contains("<tr><td>chi1</td><td>theory only, the same at every depth</td><td>0.9</td>"));
        assertTrue(html.contains("<tr><td>input_q</td><td>set-up value (depth 0)</td><td>0.5</td>"));
        assertTrue(html.contains("<tr><td>cycle_frac</td><td>the same value in every cell and depth</td><td>0</td>"));
    }

    @Test
    void lyapunovExponentsMakeOneSpectrumFigure() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int w : new int[] {16, 32}) {
            for (int d = 1; d <= 4; d++) {
                for (int k = 1; k <= 8; k++) csv.append(row("lyapunov", w, d, "gaussian:1", "lambda_" + k, -0.1 * k, k == 1 ? 0 : Double.NaN));
                csv.append(row("lyapunov", w, d, "gaussian:1", "lambda_min", -2, Double.NaN));
                csv.append(row("lyapunov", w, d, "gaussian:1", "lambda_sum", -10, Double.NaN));
            }
        }
        String html = HtmlReport.render(csv.toString(), null);
        assertEquals(3, count(html, "<svg"), "spectrum, lambda_1 (it carries the theory) and lambda_sum");
        String spectrum = figure(html, "lyapunov: spectrum λ_k at depth 4");
        assertEquals(2 * 9, count(spectrum, "class=\"pt\""), "λ_1..λ_8 and λ_min for both cells");
        assertTrue(spectrum.contains("<title>N=32, k=32, L=4: -2,") && spectrum.contains("<title>N=16, k=16, L=4: -2,"),
                "λ_min sits at k = N (--lyapunov-k 0)");
        assertTrue(html.contains("lyapunov: lambda_1") && html.contains("lyapunov: lambda_sum") && !html.contains("lyapunov: lambda_2<"));
    }

    @Test
    void heatMapsForHeadlineStatisticsWithThreeWidths() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int w : new int[] {8, 16, 32}) {
            for (String dist : new String[] {"gaussian:1", "cauchy:1"}) {
                for (int d = 1; d <= 4; d++) {
                    csv.append(row("fixedpoints", w, d, dist, "tanh", "q_stable_mean", w / 8.0 + d, w / 8.0, w / 8.0 + 2 * d, 10, Double.NaN));
                    csv.append(row("fixedpoints", w, d, dist, "tanh", "iterations_mean", d * 10, d, d * 20, 10, Double.NaN));
                }
            }
        }
        String html = HtmlReport.render(csv.toString(), null);
        Map<String, String> figs = figures(html);
        List<String> heat = figs.keySet().stream().filter(k -> k.startsWith("fig-heat-")).toList();
        assertEquals(List.of("fig-heat-fixedpoints-q-stable-mean-cauchy-1-tanh-bias-none", "fig-heat-fixedpoints-q-stable-mean-gaussian-1-tanh-bias-none"),
                heat, "one heat map per (dist, activation, bias), for the headline statistic only");
        String h = figs.get(heat.get(0));
        assertEquals(12, count(h, "<rect class=\"pt\""), "3 widths × 4 depths");
        assertTrue(h.contains("<title>N=16, L=3: 5, 95% CI [2, 8], n=10</title>"), "value and interval on hover");
        assertEquals(40, count(h, "<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"14\""), "a colour bar");

        String two = HtmlReport.render(csv.toString().lines().filter(l -> !l.contains(",32,")).reduce("", (a, b) -> a + b + "\n"), null);
        assertEquals(0, count(two, "id=\"fig-heat-"), "two widths: no heat map");
    }

    @Test
    void tocLinksEveryFigureDefinitionsAndHoverTextOnEveryPoint() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int w : new int[] {8, 16, 32}) {
            for (int d = 1; d <= 5; d++) {
                csv.append(row("propagation", w, d, "gaussian:1", "q", 1.0 / d, 1.0 / d));
                csv.append(row("propagation", w, d, "gaussian:1", "mystery_stat", d, Double.NaN));
                csv.append(row("propagation", w, d, "gaussian:1", "tanh", "hamming_mean", d == 3 ? Double.NaN : 0.1 * d, 0.05, 0.6, 10, Double.NaN));
            }
        }
        String html = HtmlReport.render(csv.toString(), null);
        Map<String, String> figs = figures(html);
        List<String> toc = new ArrayList<>();
        Matcher m = Pattern.compile("<li><a href=\"#(fig-[^\"]+)\">").matcher(html);
        while (m.find()) toc.add(m.group(1));
        assertEquals(new ArrayList<>(figs.keySet()), toc, "the contents list every figure, in page order");
        assertEquals(toc.size(), new HashSet<>(toc).size(), "anchors are unique");
        assertTrue(figs.get("fig-propagation-q").contains("<span class=\"def\">q_l = tr(HHᵀ)/(S·N)"), "a known statistic gets its definition");
        assertFalse(figs.get("fig-propagation-mystery-stat").contains("class=\"def\""), "an unknown one none");
        String hamming = figs.get("fig-propagation-hamming-mean");
        assertEquals(3 * 4, count(hamming, "class=\"pt\"[^>]*><title>"), "every finite point has a title; the NaN one is not drawn");
        assertTrue(hamming.contains("<title>N=16, L=2: 0.2, 95% CI [0.05, 0.6], n=10</title>"));
        assertTrue(figs.get("fig-propagation-q").contains(", theory 0.5</title>"), "hover carries the theory value");
    }

    @Test
    void thePageIsSelfContainedAndFast() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int w : new int[] {8, 16, 32, 64}) {
            for (String dist : new String[] {"gaussian:1", "cauchy:1", "stable:1.5:1"}) {
                for (String act : new String[] {"tanh", "relu"}) {
                    for (int d = 1; d <= 20; d++) {
                        for (String s : new String[] {"q", "c", "cos_mean", "d_mean", "effective_rank"}) {
                            csv.append(row("propagation", w, d, dist, act, s, 0.5 + 0.01 * d, 0.4, 0.7, 10, 0.5));
                        }
                    }
                }
            }
        }
        HtmlReport.render(csv.toString(), null);   // warm up
        long t0 = System.nanoTime();
        String html = HtmlReport.render(csv.toString(), null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int figures = count(html, "<figure ");
        assertTrue(figures > 20, "split parts and heat maps: " + figures);
        assertTrue(seconds < 0.05 * figures, figures + " figures in " + seconds + " s");
        assertFalse(html.contains("<script") || html.contains("<img") || html.contains("<link") || html.contains("@import"), "no scripts or external resources");
        assertEquals(count(html, "http"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""), "no URL but the SVG namespace");
        assertEquals(count(html, "href=\""), count(html, "href=\"#"), "links are page anchors only");
    }

    @Test
    void sweepWritesTheReportAndTheReportCommandRewritesIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("o");
        assertEquals(0, main("sweep", "--widths", "4,6", "--depths", "1:3", "--networks", "5", "--backend", "cpu", "--out", out.toString()));
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(figures(html).size(), count(html, "<svg"));
        for (String s : List.of("q", "c", "cos_mean", "d_mean", "effective_rank", "sv_ratio")) {
            assertTrue(html.contains("id=\"fig-propagation-" + s.replace('_', '-') + "\""), s);
        }
        assertTrue(html.contains("<tr><td>chi1</td>"), "chi1 (theory only, flat) is listed, not plotted");
        assertTrue(html.contains("netdyn sweep --widths 4,6"), "the manifest's command heads the page");
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"report.html\""));
        String commit = BuildInfo.gitCommit();
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"git_commit\" : \"" + commit + "\""), "the manifest records the commit");
        assertTrue(html.contains("<tr><td>git_commit</td><td>" + commit + "</td></tr>") && html.contains("(commit " + commit + ")"),
                "the page shows the run's commit and the report's");
        Files.delete(out.resolve("report.html"));
        assertEquals(0, main("report", out.toString()));
        assertEquals(html, Files.readString(out.resolve("report.html")), "the same page from the same files");

        Path off = dir.resolve("off");
        assertEquals(0, main("sweep", "--widths", "4", "--depths", "1:2", "--networks", "3", "--backend", "cpu", "--report", "false",
                "--out", off.toString()));
        assertFalse(Files.exists(off.resolve("report.html")));
        assertEquals(2, main("report", dir.resolve("nothing").toString()));
        assertEquals(2, main("report"));
    }

    @Test
    void aJacobianSweepPlotsItsHistogramsAgainstFreeProbability(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("j");
        assertEquals(0, main("sweep", "--widths", "6", "--depths", "1:5", "--dist", "gaussian:1.2,cauchy:1", "--networks", "3",
                "--measures", "jacobian", "--backend", "cpu", "--out", out.toString()));
        String html = Files.readString(out.resolve("report.html"));
        String gauss = figure(html, "jacobian: density of ln σ — N=6, gaussian:1.2, tanh, bias none");
        String cauchy = figure(html, "jacobian: density of ln σ — N=6, cauchy:1, tanh, bias none");
        assertEquals(3, count(gauss, "<polyline class=\"theory\""), "depths 1, 3, 5 (first, middle, last), each with its theory");
        assertTrue(gauss.contains("<title>L=1, ln σ in [") && gauss.contains("<title>L=3, ln σ in [") && gauss.contains("<title>L=5, ln σ in ["));
        assertFalse(gauss.contains("<title>L=2, "));
        assertEquals(0, count(cauchy, "<polyline class=\"theory\""));
        assertTrue(cauchy.contains("heavy-tailed weights or biases: no mean-field theory"), "the caption says why there is no theory");
        assertTrue(html.endsWith("from results.csv, esd.csv</small></p>\n</body></html>\n"));
    }

    private static int main(String... args) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Main.run(args, quiet, quiet);
    }

    @Test
    void ticksAreRoundNumbersInsideTheRange() {
        assertEquals(List.of(0.2, 0.4, 0.6, 0.8), boxed(SvgPlot.ticks(0.03, 0.97, false)));
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), boxed(SvgPlot.ticks(0, 1, false)), "ends that are ticks are kept");
        assertEquals(List.of(1.0, 2.0, 3.0), boxed(SvgPlot.ticks(1, 3, true)), "integer steps for depths");
        assertEquals(List.of(-2.0, -1.0, 0.0, 1.0), boxed(SvgPlot.logTicks(-2.5, 1.2)));
    }

    @Test
    void numbersAreShort() {
        assertEquals("0.5", Chart.num(0.5));
        assertEquals("123.4", Chart.num(123.4));
        assertEquals("1.235e-4", Chart.num(1.2345e-4));
        assertEquals("-3", Chart.num(-3));
        assertEquals("NaN", Chart.num(Double.NaN));
        assertEquals("8.8e-4", Chart.brief(8.82e-4));
        assertEquals("0.0956", Chart.brief(0.09562));
        assertEquals("2e13", Chart.brief(2.01e13));
        assertEquals("12.5", Chart.fmt(12.46));
        assertEquals("-3", Chart.fmt(-3.04));
    }

    static Set<String> definitionsOf(String html) {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("<span class=\"def\">([^<]*)</span>").matcher(html);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    void definitionsComeFromTheMeasurePages() {
        assertNotNull(Statistics.definition("fixedpoints", "p_q2plus"));
        assertNotNull(Statistics.definition("wormhole", "d_theta_fold@nk=4"), "the previous version's ratio suffix is ignored");
        assertNotNull(Statistics.definition("jacobian", "nonfinite_frac"), "defined for every measure");
        assertNotNull(Statistics.definition("lyapunov", "lambda_5"));
        assertNull(Statistics.definition("propagation", "not_a_statistic"));
        assertTrue(Statistics.definition("wormhole", "sv_ratio").contains("H_d"), "per measure: wormhole's sv_ratio is of H_d");
    }

    private static List<Double> boxed(double[] a) {
        return Arrays.stream(a).map(v -> Math.round(v * 1e9) / 1e9).boxed().toList();
    }
}
