package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.io.CsvRecords;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** esd.csv and esd_weights.csv: every density finite, every bin of positive width, Σ density·width = 1 per histogram. */
class HistogramNormalisationTest {

    @Test
    void binsThatUnderflowAreMergedAndOverflowingOnesDropped() {
        // ln λ bins far below the double range: e^{-800} = 0, so the first three bins have width 0
        List<LogHistogram.Bin> bins = List.of(new LogHistogram.Bin(-800, -790, 3), new LogHistogram.Bin(-790, -780, 2),
                new LogHistogram.Bin(-780, -760, 1), new LogHistogram.Bin(-760, -700, 4), new LogHistogram.Bin(-700, 0, 5),
                new LogHistogram.Bin(0, 700, 6), new LogHistogram.Bin(700, 720, 7));        // e^{720} overflows: dropped
        List<HistogramDensity.Row> rows = HistogramDensity.of(bins, Math::exp);
        double mass = 0;
        long count = 0;
        for (HistogramDensity.Row r : rows) {
            assertTrue(r.hi() > r.lo() && Double.isFinite(r.density()), r.toString());
            mass += r.density() * (r.hi() - r.lo());
            count += r.count();
        }
        assertEquals(1, mass, 1e-12);
        assertEquals(21, count, "the overflowing bin's 7 values leave the normalisation");
        assertEquals(0.0, rows.get(0).lo(), "the underflowing bins start at 0");
        assertEquals(3, rows.size());
        assertTrue(HistogramDensity.of(List.of(new LogHistogram.Bin(-900, -800, 5)), Math::exp).isEmpty(), "no representable bin");
    }

    @Test
    void heavyTailedDeepSweepsGiveFiniteNormalisedHistograms(@TempDir Path dir) throws Exception {
        String[] sweep = {"sweep", "--measures", "jacobian,weights", "--widths", "8", "--depths", "100",
            "--dist", "cauchy:1,stable:0.5:1", "--activation", "relu,linear", "--networks", "3", "--seed", "11",
            "--map-steps", "0", "--report", "false"};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SweepRuns.run(sweep, dir.resolve("out"), "cpu", err, "results.csv");
        double worst = 0;
        int histograms = 0;
        for (String file : new String[] {"esd.csv", "esd_weights.csv"}) {
            List<CsvRecords.Record> recs = CsvRecords.parse(Files.readString(dir.resolve("out").resolve(file)));
            List<String> h = recs.get(0).fields();
            int lo = h.indexOf("bin_lo"), hi = h.indexOf("bin_hi"), dens = h.indexOf("density"), depth = h.indexOf("depth"),
                    q = h.indexOf("quantity");
            Map<String, List<double[]>> byHist = new LinkedHashMap<>();
            for (CsvRecords.Record r : recs.subList(1, recs.size())) {
                List<String> f = r.fields();
                String key = String.join("/", f.subList(0, 4)) + "/" + f.get(depth) + "/" + f.get(q);
                double a = Double.parseDouble(f.get(lo)), b = Double.parseDouble(f.get(hi)), d = Double.parseDouble(f.get(dens));
                assertTrue(Double.isFinite(a) && Double.isFinite(b) && b > a, file + ": bin " + r.raw());
                assertTrue(Double.isFinite(d) && d >= 0, file + ": density " + r.raw());
                byHist.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {a, b, d});
            }
            assertFalse(byHist.isEmpty(), file);
            for (Map.Entry<String, List<double[]>> e : byHist.entrySet()) {
                double mass = 0;
                for (double[] b : e.getValue()) mass += b[2] * (b[1] - b[0]);
                worst = Math.max(worst, Math.abs(mass - 1));
                assertEquals(1, mass, 1e-9, file + " " + e.getKey());
                histograms++;
            }
        }
        System.out.printf("esd normalisation: %d histograms, worst |Σ density·width − 1| = %.3g%n", histograms, worst);
    }
}
