package io.netdyn.measure;

import static io.netdyn.measure.ImportedSweepTest.assertSameLines;
import static io.netdyn.measure.ImportedSweepTest.concat;
import static io.netdyn.measure.ImportedSweepTest.without;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.cuda.EmulatorDevice;
import io.netdyn.io.ResultFiles;
import io.netdyn.model.Architecture;
import io.netdyn.model.TensorSampler;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.stats.WeightStatistics;
import io.netdyn.sweep.SweepRunner;
import io.netdyn.testing.NpzWriter;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weights measure end to end: rows, esd_weights.csv, determinism, imported networks, theory at N = 256. */
class WeightsMeasureTest {
    /** results.csv: measure,width,depth,dist,activation,bias,statistic,value,ci_low,ci_high,n,theory. */
    static final int DIST = 3, SCALE = 4, PARAM = 5, BIAS = 7, THEORY = 17;

    static List<ResultRow> sweep(Path out, String widths, String depths, String dists, String networks, String threads,
                                 String batch) throws Exception {
        SpecResolver r = new SpecResolver()
                .set(SweepOption.WIDTHS, widths).set(SweepOption.DEPTHS, depths).set(SweepOption.DIST, dists)
                .set(SweepOption.NETWORKS, networks).set(SweepOption.MEASURES, "weights").set(SweepOption.ESD_BINS, "25")
                .set(SweepOption.BACKEND, "cpu").set(SweepOption.THREADS, threads).set(SweepOption.BATCH, batch)
                .set(SweepOption.SEED, "21").set(SweepOption.REPORT, "false").set(SweepOption.OUT, out.toString());
        return new SweepRunner(new PrintStream(new ByteArrayOutputStream())).run(r.resolve(Measures.names()), "test").rows();
    }

    static Map<String, ResultRow> byKey(List<ResultRow> rows) {
        Map<String, ResultRow> m = new HashMap<>();
        for (ResultRow r : rows) m.put(r.cell().distLabel() + "/" + r.depth() + "/" + r.statistic(), r);
        return m;
    }

    @Test
    void rowsAndHistogramsOfEveryLayer(@TempDir Path dir) throws Exception {
        List<ResultRow> rows = sweep(dir.resolve("o"), "20", "2,4", "gaussian:1.2,cauchy:1", "5", "2", "0");
        Map<String, ResultRow> byKey = byKey(rows);
        assertEquals(2 * 4 * (WeightStatistics.NAMES.length + 1), rows.size(), "every layer 1..4 of both cells, and nonfinite_frac");
        for (String dist : new String[] {"gaussian:1.2", "cauchy:1"}) {
            for (int l = 1; l <= 4; l++) {
                for (String s : WeightStatistics.NAMES) {
                    ResultRow r = byKey.get(dist + "/" + l + "/" + s);
                    assertEquals("weights", r.measure(), s);
                    assertEquals(5, r.n(), dist + " " + l + " " + s);
                    assertTrue(Double.isFinite(r.value()), dist + " " + l + " " + s);
                }
                assertEquals(0.0, byKey.get(dist + "/" + l + "/nonfinite_frac").value(), dist + " " + l);
            }
        }
        // per-network values, recomputed from the sampled layers: the row is their mean
        SpecResolver r = new SpecResolver().set(SweepOption.WIDTHS, "20").set(SweepOption.DEPTHS, "4")
                .set(SweepOption.DIST, "gaussian:1.2");
        Architecture arch = r.resolve(Measures.names()).cells().get(0).arch();
        TensorSampler sampler = new TensorSampler(arch, 21);
        double[] w = new double[400];
        double[] mean = new double[WeightStatistics.NAMES.length];
        for (int net = 0; net < 5; net++) {
            sampler.weights(net, 3, w);
            double[] v = WeightStatistics.ofMatrix(w, 20).values();
            for (int k = 0; k < v.length; k++) mean[k] += v[k] / 5;
        }
        for (int k = 0; k < mean.length; k++) {
            assertEquals(mean[k], byKey.get("gaussian:1.2/3/" + WeightStatistics.NAMES[k]).value(), 1e-12 * Math.abs(mean[k]),
                    WeightStatistics.NAMES[k]);
        }
        // theory: MP for the Gaussian cell, 1 + μ/2 for the Cauchy one's alpha, NaN elsewhere
        assertEquals(4 * 1.44, byKey.get("gaussian:1.2/2/spectral_norm").theory(), 1e-12);
        assertEquals(5, byKey.get("gaussian:1.2/2/stable_rank").theory(), 0);
        assertEquals(Math.log10(20 * 1.44), byKey.get("gaussian:1.2/2/log_norm").theory(), 1e-12);
        assertEquals(0, byKey.get("gaussian:1.2/2/num_spikes").theory(), 0);
        assertEquals(1, byKey.get("gaussian:1.2/2/mp_softrank").theory(), 0);
        assertTrue(Double.isNaN(byKey.get("gaussian:1.2/2/alpha").theory()));
        assertEquals(1.5, byKey.get("cauchy:1/4/alpha").theory(), 0);
        assertTrue(Double.isNaN(byKey.get("cauchy:1/4/spectral_norm").theory()));
        assertTrue(Double.isNaN(byKey.get("cauchy:1/4/alpha_weighted").theory()));

        List<String> lines = Files.readAllLines(dir.resolve("o").resolve(WeightsMeasure.ESD_FILE));
        assertEquals(String.join(",", ResultFiles.CELL_COLUMNS) + "," + String.join(",", WeightsMeasure.ESD_COLUMNS), lines.get(0));
        Map<String, double[]> mass = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double lo = Double.parseDouble(f[6]), hi = Double.parseDouble(f[7]), density = Double.parseDouble(f[8]);
            double theory = Double.parseDouble(f[9]);
            assertEquals("lambda", f[5], line);
            assertTrue(hi > lo && density >= 0, line);
            assertTrue(f[1].startsWith("gaussian") ? theory >= 0 : Double.isNaN(theory), line);
            double[] m = mass.computeIfAbsent(f[1] + "/" + f[4], k -> new double[3]);
            m[0] += density * (hi - lo);
            m[1]++;
            if (!Double.isNaN(theory)) m[2] += theory * (hi - lo);
        }
        assertEquals(2 * 4, mass.size(), "a histogram per cell and layer");
        for (Map.Entry<String, double[]> e : mass.entrySet()) {
            assertEquals(1, e.getValue()[0], 1e-9, e.getKey());
            assertTrue(e.getValue()[1] <= 25, e.getKey());
            // the theory's mass over the occupied bins: the Gaussian λ fill [λ_min, λ_max] ⊂ [0, 4σ²] nearly wholly
            if (e.getKey().startsWith("gaussian")) assertEquals(1, e.getValue()[2], 0.05, e.getKey());
        }
    }

    @Test
    void filesAreIdenticalForAnyThreadCountAndBatchSize(@TempDir Path dir) throws Exception {
        sweep(dir.resolve("a"), "16", "3", "gaussian:1,stable:1.5:1", "7", "1", "3");
        sweep(dir.resolve("b"), "16", "3", "gaussian:1,stable:1.5:1", "7", "2", "0");
        for (String f : new String[] {ResultFiles.RESULTS, WeightsMeasure.ESD_FILE}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
    }

    /** The measure needs no kernel: the CUDA backend (here on its CPU emulator) writes the CPU backend's files. */
    @Test
    void cudaBackendGivesTheCpuFiles(@TempDir Path dir) throws Exception {
        String why = EmulatorDevice.unavailableReason();
        Assumptions.assumeTrue(why == null, () -> "kernel emulator unavailable: " + why);
        String[] sweep = {"sweep", "--widths", "12", "--depths", "2", "--dist", "gaussian:1,cauchy:1", "--networks", "4",
            "--measures", "weights", "--seed", "3", "--report", "false"};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> cpu = SweepRuns.run(sweep, dir.resolve("cpu"), "cpu", err, ResultFiles.RESULTS);
        List<String> emu = SweepRuns.run(sweep, dir.resolve("emu"), "cuda-emu", err, ResultFiles.RESULTS);
        assertSameLines(cpu, emu);
        assertSameLines(Files.readAllLines(dir.resolve("cpu").resolve(WeightsMeasure.ESD_FILE)),
                Files.readAllLines(dir.resolve("emu").resolve(WeightsMeasure.ESD_FILE)));
    }

    /** Sampled networks exported to an .npz and imported give the same statistics (NaN theory, file labels). */
    @Test
    void importedNetworksGiveTheSampledStatistics(@TempDir Path dir) throws Exception {
        String[] grid = {"--widths", "12", "--depths", "1:3", "--dist", "gaussian:1.5", "--networks", "6"};
        String[] common = {"sweep", "--measures", "weights", "--activation", "tanh", "--seed", "11", "--esd-bins", "10",
            "--threads", "2", "--report", "false"};
        SpecResolver r = new SpecResolver().set(SweepOption.WIDTHS, "12").set(SweepOption.DEPTHS, "1:3")
                .set(SweepOption.DIST, "gaussian:1.5");
        Path npz = dir.resolve("sampled.npz");
        NpzWriter.exportSampled(npz, r.resolve(Measures.names()).cells().get(0).arch(), 11, 6);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> sampled = SweepRuns.run(concat(common, grid), dir.resolve("s"), "cpu", err, "results.csv");
        List<String> imported = SweepRuns.run(concat(common, "--weights", npz.toString(), "--batch", "4"), dir.resolve("i"),
                "cpu", err, "results.csv");
        assertEquals(1 + 3 * (WeightStatistics.NAMES.length + 1), imported.size());
        for (String line : imported.subList(1, imported.size())) {
            String[] f = line.split(",", -1);
            assertEquals("imported:sampled", f[DIST], line);
            assertEquals("file", f[BIAS], line);
            if (!line.contains(",nonfinite_frac,")) assertEquals("NaN", f[THEORY], "no theory for imported networks: " + line);
        }
        assertTrue(sampled.stream().filter(l -> l.contains(",spectral_norm,"))
                .allMatch(l -> Math.abs(Double.parseDouble(l.split(",")[THEORY]) - 9) < 1e-12), "4σ_w² = 9 sampled");
        assertSameLines(without(sampled, DIST, SCALE, PARAM, BIAS, THEORY), without(imported, DIST, SCALE, PARAM, BIAS, THEORY));
        List<String> esdS = Files.readAllLines(dir.resolve("s").resolve(WeightsMeasure.ESD_FILE));
        List<String> esdI = Files.readAllLines(dir.resolve("i").resolve(WeightsMeasure.ESD_FILE));
        assertSameLines(without(esdS, 1, 3, 9), without(esdI, 1, 3, 9));        // less dist, bias, theory
        assertTrue(esdI.stream().skip(1).allMatch(l -> l.endsWith(",NaN")));
    }

    /**
     * The theory column at N = 256, 6 networks of one layer per cell. Expected finite-N offsets:
     * λ_max sits below the edge 4σ_w² by the mean of the Tracy–Widom law, ≈ 1.21·2^(4/3)N^(−2/3)σ_w²
     * (1.9% at N = 256), with a spread of ≈ 1.27·2^(4/3)N^(−2/3)σ_w² = 2.0% per matrix (0.8% for the
     * mean of 6); stable_rank = Σλ/λ_max is then ≈ 2% above N/4; log_norm is log10 ‖W‖_F², which
     * averages N² entries (relative spread √2/N); Cauchy's α̂: bias −0.02, per-matrix sd 0.072 (see
     * WeightStatisticsTest), so 0.12 ≈ |bias| + 3·0.072/√6.
     */
    @Test
    void theoryAtWidth256(@TempDir Path dir) throws Exception {
        Map<String, ResultRow> byKey = byKey(sweep(dir.resolve("t"), "256", "1", "gaussian:1.3,uniform:0.1,cauchy:1", "6", "2", "0"));
        for (String dist : new String[] {"gaussian:1.3", "uniform:0.1"}) {
            double s2 = dist.startsWith("gaussian") ? 1.69 : 256 * 0.01 / 3;     // uniform: unscaled, Var = s²/3
            ResultRow sn = byKey.get(dist + "/1/spectral_norm"), sr = byKey.get(dist + "/1/stable_rank"),
                    soft = byKey.get(dist + "/1/mp_softrank"), spikes = byKey.get(dist + "/1/num_spikes"),
                    ln = byKey.get(dist + "/1/log_norm");
            System.out.printf("weights N=256 %s: spectral_norm %.4f vs 4σ_w² = %.4f (%+.2f%%); stable_rank %.2f (64); "
                    + "mp_softrank %.4f; num_spikes %.2f; log_norm %.5f vs %.5f; alpha %.2f%n", dist, sn.value(), sn.theory(),
                    100 * (sn.value() / sn.theory() - 1), sr.value(), soft.value(), spikes.value(), ln.value(), ln.theory(),
                    byKey.get(dist + "/1/alpha").value());
            assertEquals(4 * s2, sn.theory(), 1e-12 * s2);
            assertEquals(0.981, sn.value() / sn.theory(), 0.035, dist + " λ_max / edge");
            assertEquals(1.02, sr.value() / sr.theory(), 0.04, dist + " stable rank");
            assertEquals(1, soft.value(), 0.05, dist + " mp_softrank");
            assertEquals(0, spikes.value(), 0, dist + " spikes");
            assertEquals(ln.theory(), ln.value(), 0.005, dist + " log_norm");
        }
        ResultRow a = byKey.get("cauchy:1/1/alpha");
        System.out.printf("weights N=256 cauchy:1: alpha %.4f ± %.4f vs %.1f%n", a.value(), (a.ciHigh() - a.ciLow()) / 2, a.theory());
        assertEquals(1.5, a.theory(), 0);
        assertEquals(1.5, a.value(), 0.12, "Cauchy alpha, 6 networks");
    }
}
