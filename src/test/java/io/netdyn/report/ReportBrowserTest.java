package io.netdyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * report.html of a multi-measure sweep rendered by headless Chromium: every figure the contents
 * list is in the browser's DOM with one SVG and all its data points, and the screenshot is not
 * blank. Opt-in (it starts a browser): {@code mvn test -Dtest=ReportBrowserTest -Dnetdyn.browser=true},
 * as .ci/run does; Chromium from {@code -Dnetdyn.chromium=PATH}, /usr/bin/chromium or the PATH.
 * Artefacts (page, DOM, screenshot) are left in target/browser-check/.
 */
@Tag("browser")
class ReportBrowserTest {
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    static Path chromium() {
        String given = System.getProperty("netdyn.chromium");
        if (given != null && !given.isEmpty()) return Files.isExecutable(Path.of(given)) ? Path.of(given) : null;
        if (Files.isExecutable(Path.of("/usr/bin/chromium"))) return Path.of("/usr/bin/chromium");
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        return null;
    }

    /** Runs the browser on the page with {@code extra} flags; its stdout. */
    private static String browse(Path chromium, Path page, Path profile, List<String> extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString()));
        cmd.addAll(FLAGS);
        cmd.add("--user-data-dir=" + Files.createTempDirectory(profile, "profile-"));
        cmd.addAll(extra);
        cmd.add(page.toUri().toString());
        Path out = Files.createTempFile(profile, "stdout-", ".txt"), err = Files.createTempFile(profile, "stderr-", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Skips with {@code reason}, also written to target/browser-check/summary.txt for .ci/run to show. */
    private static void skipUnless(boolean ok, Path dir, String reason) throws IOException {
        if (!ok) Files.writeString(dir.resolve("summary.txt"), "browser check skipped: " + reason + "\n");
        assumeTrue(ok, reason);
    }

    @Test
    void everyFigureOfTheContentsIsDrawnInChromium() throws Exception {
        Path dir = Path.of("target", "browser-check").toAbsolutePath();
        if (Files.exists(dir)) try (var s = Files.walk(dir)) { s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
        Files.createDirectories(dir);
        skipUnless(Boolean.getBoolean("netdyn.browser"), dir,
                "opt-in: mvn test -Dtest=ReportBrowserTest -Dnetdyn.browser=true (.ci/run runs it)");
        Path chromium = chromium();
        skipUnless(chromium != null, dir, "no Chromium (/usr/bin/chromium, chromium on the PATH or -Dnetdyn.chromium): apt-get install chromium");

        Path run = dir.resolve("run");
        long t0 = System.nanoTime();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(new String[] {"sweep", "--widths", "8,16,32", "--depths", "1:6", "--measures",
            "propagation,jacobian,lyapunov,fixedpoints", "--networks", "4", "--starts", "16", "--backend", "cpu", "--seed", "3",
            "--out", run.toString()}, quiet, quiet));
        double sweepSeconds = (System.nanoTime() - t0) / 1e9;
        Path page = run.resolve(HtmlReport.FILE);
        String html = Files.readString(page);

        long t1 = System.nanoTime();
        String dom = browse(chromium, page, dir, List.of("--dump-dom"));
        Files.writeString(dir.resolve("dom.html"), dom);
        Path shot = dir.resolve("screenshot.png");
        browse(chromium, page, dir, List.of("--screenshot=" + shot, "--window-size=1200,3000", "--hide-scrollbars"));
        double browserSeconds = (System.nanoTime() - t1) / 1e9;

        // the contents, as the browser parsed them
        List<String> toc = new ArrayList<>();
        Matcher m = Pattern.compile("<li><a href=\"#(fig-[^\"]+)\">").matcher(dom);
        while (m.find()) toc.add(m.group(1));
        Map<String, String> domFigures = HtmlReportTest.figures(dom), pageFigures = HtmlReportTest.figures(html);
        assertTrue(toc.size() >= 30, "a multi-measure page: " + toc.size() + " figures");
        assertEquals(pageFigures.keySet(), new HashSet<>(toc), "the contents list the page's figures");
        assertEquals(toc.size(), HtmlReportTest.count(dom, "<figure "), "no figure lost or nested in the DOM");
        assertEquals(toc.size(), HtmlReportTest.count(dom, "<svg"), "one svg per figure and none elsewhere");
        for (String id : toc) {
            String f = domFigures.get(id);
            assertTrue(f != null, id + " is in the DOM");
            assertEquals(1, HtmlReportTest.count(f, "<svg"), id + ": one svg");
            int points = HtmlReportTest.count(f, "class=\"pt\"");
            assertTrue(points > 0, id + ": data points drawn");
            assertEquals(HtmlReportTest.count(pageFigures.get(id), "class=\"pt\""), points, id + ": every data point of the page is in the DOM");
            assertEquals(points, HtmlReportTest.count(f, "class=\"pt\"[^>]*><title>"), id + ": every data point has hover text");
        }
        for (String kind : List.of("fig-heat-", "fig-esd-", "fig-lyapunov-spectrum", "fig-fixedpoints-q-stable-mean")) {
            assertTrue(toc.stream().anyMatch(id -> id.startsWith(kind)), kind + " figures present");
        }

        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1200, img.getWidth());
        Set<Integer> colours = new HashSet<>();
        long ink = 0, blue = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) ink++;
                int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (Math.abs(r - 0x1f) + Math.abs(g - 0x77) + Math.abs(b - 0xb4) < 40) blue++;   // the palette's first colour
            }
        }
        double inkShare = ink / (img.getWidth() * img.getHeight() / 4.0);
        String summary = String.format(Locale.ROOT,
                "browser check: %d figures in the DOM, each one svg with its data points; screenshot %dx%d, %d colours, %.1f%% ink, %d first-colour pixels; "
                        + "sweep %.1f s, chromium %.1f s, page %d bytes%n", toc.size(), img.getWidth(), img.getHeight(), colours.size(), 100 * inkShare,
                blue, sweepSeconds, browserSeconds, html.length());
        Files.writeString(dir.resolve("summary.txt"), summary);
        assertTrue(colours.size() > 50, "the screenshot is not blank: " + colours.size() + " colours");
        assertTrue(inkShare > 0.03, "ink on the page: " + inkShare);
        assertTrue(blue > 100, "series drawn in the palette's colours: " + blue + " pixels");
    }
}
