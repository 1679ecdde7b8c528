package io.netdyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.cli.Main;
import io.netdyn.io.CsvFormat;
import io.netdyn.io.ResultFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html: one figure per statistic (split past 8 series), theory curves, log axes, escaping; the CLI around it. */
class HtmlReportTest {
    private static final String HEADER = String.join(",", ResultFiles.RESULT_COLUMNS) + "\n";

    private static String row(String measure, int width, int depth, String dist, String stat, double value, double theory) {
        return CsvFormat.line(measure, width, depth, dist, "tanh", "none", stat, value, value - 0.1, value + 0.1, 10L, theory) + "\n";
    }

    private static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void oneFigurePerStatisticWithTheoryCurvesAndSeriesPerCell() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int w : new int[] {8, 16}) {
            for (int d = 1; d <= 4; d++) {
                csv.append(row("propagation", w, d, "gaussian:1", "q", 1 + 0.1 * d, 1 + 0.1 * d + 0.01));
                csv.append(row("propagation", w, d, "gaussian:1", "c<odd>", 0.5, Double.NaN));
            }
            csv.append(row("fixedpoints", w, 3, "gaussian:1", "q_stable_mean", w / 8.0, Double.NaN));
        }
        String html = HtmlReport.render(csv.toString(), null);
        assertEquals(3, count(html, "<svg"), "q, c<odd> and q_stable_mean");
        assertEquals(2, count(html, "<h2 "), "propagation and fixedpoints sections");
        assertTrue(html.contains("propagation: c&lt;odd&gt;") && !html.contains("c<odd>"), "names are escaped");
        assertEquals(2, count(html, "stroke-dasharray=\"6 4\" points="), "one theory curve per width for q only");
        assertTrue(html.contains(">N=8<") && html.contains(">N=16<"), "series named by the axis that varies");
        assertTrue(html.contains("fixedpoints: q_stable_mean (depth 3)") && html.contains(">width N<"),
                "a single-depth statistic is plotted against width");
        assertFalse(html.contains("log scale"));
        assertFalse(html.contains("<script"), "no scripts: the page is self-contained");
    }

    @Test
    void manyCellsAreSplitAndWideRangesGoLogarithmic() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int k = 0; k < HtmlReport.MAX_SERIES + 1; k++) {
            for (int d = 1; d <= 3; d++) csv.append(row("propagation", 4, d, "cauchy:" + (k + 1), "q", Math.pow(10, k), Double.NaN));
        }
        String html = HtmlReport.render(csv.toString(), null);
        assertEquals(2, count(html, "<svg"), "9 series: two figures");
        assertTrue(html.contains("propagation: q (1/2)") && html.contains("propagation: q (2/2)"));
        assertTrue(html.contains("q (log scale)"), "values over 8 decades: log axis");
        assertThrows(IllegalArgumentException.class, () -> HtmlReport.render("a,b\n1,2\n", null));
    }

    @Test
    void sweepWritesTheReportAndTheReportCommandRewritesIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("o");
        assertEquals(0, main("sweep", "--widths", "4,6", "--depths", "1:3", "--networks", "5", "--backend", "cpu", "--out", out.toString()));
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(10, count(html, "<svg"), "the 10 propagation statistics");
        assertTrue(html.contains("netdyn sweep --widths 4,6"), "the manifest's command heads the page");
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"report.html\""));
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

    private static int main(String... args) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Main.run(args, quiet, quiet);
    }

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), boxed(SvgPlot.ticks(0.03, 0.97, false)));
        assertEquals(List.of(1.0, 2.0, 3.0), boxed(SvgPlot.ticks(1, 3, true)), "integer steps for depths");
    }

    private static List<Double> boxed(double[] a) {
        return java.util.Arrays.stream(a).map(v -> Math.round(v * 1e9) / 1e9).boxed().toList();
    }
}
