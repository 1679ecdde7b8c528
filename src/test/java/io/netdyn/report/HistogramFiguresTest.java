package io.netdyn.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The histogram tables reach report.html: esd_weights.csv as one figure per cell with the
 * Marchenko–Pastur curve for Gaussian weights and none for Cauchy ones, and the histograms of a
 * training run (task, lr, step columns in esd.csv) as one figure per training state.
 */
class HistogramFiguresTest {
    @Test
    void weightSpectraArePlottedAgainstMarchenkoPastur(@TempDir Path dir) throws Exception {
        String[] sweep = {"sweep", "--widths", "64", "--depths", "1:3", "--networks", "4", "--measures", "weights",
            "--dist", "gaussian:1,cauchy:1", "--threads", "2"};
        SweepRuns.run(sweep, dir.resolve("o"), "cpu", new ByteArrayOutputStream(), "results.csv");
        String html = Files.readString(dir.resolve("o").resolve(HtmlReport.FILE));
        for (String dist : new String[] {"gaussian-1", "cauchy-1"}) {
            String id = "id=\"fig-esd-weights-n-64-" + dist + "-tanh-bias-none\"";
            int at = html.indexOf(id);
            assertTrue(at >= 0, "figure " + id);
            int end = html.indexOf("</figure>", at);
            String fig = html.substring(at, end);
            assertTrue(fig.contains("<svg") && fig.contains("L=1") && fig.contains("L=3"), dist + ": layers 1 and 3 drawn");
            assertTrue(fig.contains("Marchenko–Pastur density") == dist.startsWith("gaussian"), dist + ": theory only for Gaussian weights");
        }
    }

    @Test
    void aTrainingRunsHistogramsArePlottedPerStep(@TempDir Path dir) throws Exception {
        String[] sweep = {"sweep", "--widths", "4", "--depths", "1,2", "--networks", "3", "--task", "autoencode:random:2",
            "--steps", "0,5", "--measures", "jacobian", "--threads", "2"};
        SweepRuns.run(sweep, dir.resolve("o"), "cpu", new ByteArrayOutputStream(), "results.csv");
        String html = Files.readString(dir.resolve("o").resolve(HtmlReport.FILE));
        assertTrue(html.contains("step=0") && html.contains("step=5"), "one histogram figure per training state");
        assertTrue(html.contains("trained networks: no free-probability theory"), "no theory past step 0");
    }
}
