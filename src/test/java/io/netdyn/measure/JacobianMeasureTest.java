package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.io.ResultFiles;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.sweep.SweepRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jacobian and lyapunov measures end to end: rows, esd.csv, determinism, cross-checks. */
class JacobianMeasureTest {
    static List<ResultRow> sweep(Path out, String threads, String batch) throws Exception {
        SpecResolver r = new SpecResolver()
                .set(SweepOption.WIDTHS, "12").set(SweepOption.DEPTHS, "1,3,6")
                .set(SweepOption.DIST, "gaussian:1.4,cauchy:0.5").set(SweepOption.BIAS, "gaussian:0.1")
                .set(SweepOption.ACTIVATION, "tanh").set(SweepOption.NETWORKS, "13")
                .set(SweepOption.MEASURES, "jacobian,lyapunov").set(SweepOption.ESD_BINS, "20")
                .set(SweepOption.MAP_STEPS, "20").set(SweepOption.BACKEND, "cpu")
                .set(SweepOption.THREADS, threads).set(SweepOption.BATCH, batch)
                .set(SweepOption.OUT, out.toString());
        return new SweepRunner(new PrintStream(new ByteArrayOutputStream())).run(r.resolve(Measures.names()), "test").rows();
    }

    @Test
    void filesAreIdenticalForAnyThreadCountAndBatchSize(@TempDir Path dir) throws Exception {
        sweep(dir.resolve("a"), "1", "4");
        sweep(dir.resolve("b"), "3", "0");
        for (String f : new String[] {ResultFiles.RESULTS, JacobianMeasure.ESD_FILE}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void rowsHistogramsAndCrossChecks(@TempDir Path dir) throws Exception {
        List<ResultRow> rows = sweep(dir.resolve("o"), "2", "0");
        Map<String, ResultRow> byKey = new HashMap<>();
        for (ResultRow r : rows) byKey.put(r.measure() + "/" + r.cell().arch().weights().label() + "/" + r.depth() + "/" + r.statistic(), r);
        for (String dist : new String[] {"gaussian:1.4", "cauchy:0.5"}) {
            for (int l : new int[] {1, 3, 6}) {
                for (String s : JacobianMeasure.STATS) assertTrue(byKey.containsKey("jacobian/" + dist + "/" + l + "/" + s), s);
                for (String s : LyapunovMeasure.names(12, true)) assertTrue(byKey.containsKey("lyapunov/" + dist + "/" + l + "/" + s), s);
                ResultRow m1 = byKey.get("jacobian/" + dist + "/" + l + "/m1");
                assertEquals(13, m1.n());
                // k = N: Σ λ_i = (1/l) ln|det J_l| = N · logsigma_mean, network by network, at the same
                // inputs — for full-rank J only: saturated Cauchy units (φ' = 0) make det J = 0, whose
                // logarithm is rounding noise on both sides
                if (!dist.startsWith("gaussian")) continue;
                double sum = byKey.get("lyapunov/" + dist + "/" + l + "/lambda_sum").value();
                double logSigma = byKey.get("jacobian/" + dist + "/" + l + "/logsigma_mean").value();
                assertEquals(12 * logSigma, sum, 1e-9 * (1 + Math.abs(sum)), dist + " depth " + l);
            }
        }
        // mean-field inputs and theory only where the variance is finite
        assertEquals(Double.NaN, byKey.get("jacobian/cauchy:0.5/3/m1").theory());
        assertFalse(Double.isNaN(byKey.get("jacobian/gaussian:1.4/3/m1").theory()));
        assertFalse(Double.isNaN(byKey.get("lyapunov/gaussian:1.4/3/lambda_1").theory()));

        List<String> lines = Files.readAllLines(dir.resolve("o").resolve(JacobianMeasure.ESD_FILE));
        assertEquals(String.join(",", ResultFiles.CELL_COLUMNS) + "," + String.join(",", JacobianMeasure.ESD_COLUMNS), lines.get(0));
        // every (cell, depth, quantity) histogram integrates to 1 and has at most esd-bins bins
        Map<String, double[]> mass = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            String key = f[1] + "/" + f[4] + "/" + f[5];
            double lo = Double.parseDouble(f[6]), hi = Double.parseDouble(f[7]), density = Double.parseDouble(f[8]);
            assertTrue(hi > lo && density >= 0, line);
            double[] m = mass.computeIfAbsent(key, k -> new double[2]);
            m[0] += density * (hi - lo);
            m[1]++;
        }
        assertEquals(2 * 3 * 3, mass.size());               // 2 cells × 3 depths × {log_sigma, lambda, eig_abs}
        for (Map.Entry<String, double[]> e : mass.entrySet()) {
            assertEquals(1, e.getValue()[0], 1e-9, e.getKey());
            assertTrue(e.getValue()[1] <= 20, e.getKey());
        }
    }
}
