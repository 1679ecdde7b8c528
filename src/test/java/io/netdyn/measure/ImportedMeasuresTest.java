package io.netdyn.measure;

import static io.netdyn.measure.ImportedSweepTest.assertSameLines;
import static io.netdyn.measure.ImportedSweepTest.concat;
import static io.netdyn.measure.ImportedSweepTest.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.backend.cuda.EmulatorDevice;
import io.netdyn.model.Architecture;
import io.netdyn.model.ExplicitLayers;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.TensorSampler;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.testing.CsvAssert;
import io.netdyn.testing.NpzWriter;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep --weights FILE} through propagation, jacobian and lyapunov (explicit {@link NetworkBatch}es). */
class ImportedMeasuresTest {
    static final String[] GRID = {"--widths", "4", "--depths", "1:3", "--dist", "gaussian:1.5", "--bias", "gaussian:0.3",
        "--networks", "6"};
    static final String[] COMMON = {"sweep", "--measures", "propagation,jacobian,lyapunov", "--activation", "tanh",
        "--seed", "11", "--probes", "5", "--map-steps", "12", "--esd-bins", "8", "--threads", "2", "--report", "false"};
    /** results.csv: measure,width,depth,dist,activation,bias,statistic,value,ci_low,ci_high,n,theory. */
    static final int DIST = 3, SCALE = 4, PARAM = 5, BIAS = 7, STATISTIC = 12, VALUE = 13, THEORY = 17;

    /**
     * The cross-check: the sampled networks of a seed, exported to an .npz and imported, give
     * every statistic of propagation, jacobian and lyapunov byte for byte (results.csv less the
     * dist/bias labels and the theory column, esd.csv less the labels), in other batches; the
     * imported run writes NaN theory (and a NaN χ1 row). The inputs of jacobian and lyapunov of
     * imported networks sit at q0, so both runs give --q0 = the sampled cell's stationary q_in.
     * The same imported sweep on cuda-emu (the kernels reading the uploaded layers) equals the CPU's.
     */
    @Test
    void exportedSampledNetworksReproduceTheSampledStatistics(@TempDir Path dir) throws Exception {
        SpecResolver r = new SpecResolver();
        for (int i = 0; i < GRID.length; i += 2) r.set(SweepOption.byKey(GRID[i].substring(2)), GRID[i + 1]);
        r.set(SweepOption.ACTIVATION, "tanh");
        Architecture arch = r.resolve(Measures.names()).cells().get(0).arch();
        MeanFieldInput input = MeanFieldInput.choose(arch, 1.0);
        assertEquals("qstar", input.source());
        String q0 = Double.toString(input.q());
        Path npz = dir.resolve("sampled.npz");
        NpzWriter.exportSampled(npz, arch, 11, 6);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path sampledOut = dir.resolve("sampled"), importedOut = dir.resolve("imported");
        List<String> sampled = SweepRuns.run(concat(concat(COMMON, GRID), "--q0", q0, "--batch", "6"), sampledOut, "cpu",
                err, "results.csv");
        String[] importedSweep = concat(COMMON, "--weights", npz.toString(), "--q0", q0, "--networks", "99");
        List<String> imported = SweepRuns.run(concat(importedSweep, "--batch", "4"), importedOut, "cpu", err, "results.csv");

        for (String measure : List.of("propagation", "jacobian", "lyapunov")) {
            assertTrue(imported.stream().filter(l -> l.startsWith(measure + ",4,3,")).count() >= 4, measure);
        }
        List<String> sampledKept = new ArrayList<>(), importedKept = new ArrayList<>();
        int chi1 = 0, sampledTheories = 0;
        assertEquals(sampled.size(), imported.size(), "rows");
        for (int i = 0; i < sampled.size(); i++) {
            String[] s = sampled.get(i).split(",", -1), m = imported.get(i).split(",", -1);
            if (i > 0) {
                assertEquals("imported:sampled", m[DIST], imported.get(i));
                assertEquals("file", m[BIAS], imported.get(i));
                assertEquals("NaN", m[THEORY], "no mean-field theory for imported networks: " + imported.get(i));
                if (!s[THEORY].equals("NaN")) sampledTheories++;
            }
            if (m[STATISTIC].equals("chi1")) {                 // a theory-only row: NaN for imported networks
                assertEquals("NaN", m[VALUE], imported.get(i));
                assertEquals(s[STATISTIC], m[STATISTIC]);
                chi1++;
                continue;
            }
            sampledKept.add(sampled.get(i));
            importedKept.add(imported.get(i));
        }
        assertEquals(3, chi1, "a chi1 row per depth");
        // the theories dropped: per depth propagation q, c and χ1, jacobian m1, m2, lyapunov λ1; two input_q rows
        assertEquals(3 * (3 + 2 + 1) + 2, sampledTheories, "the sampled run's theories");
        assertSameLines(without(sampledKept, DIST, SCALE, PARAM, BIAS, THEORY), without(importedKept, DIST, SCALE, PARAM, BIAS, THEORY));
        assertTrue(importedKept.stream().anyMatch(l -> l.startsWith("lyapunov,4,3,") && l.contains(",map_lambda_max,")));
        assertTrue(importedKept.stream().anyMatch(l -> l.startsWith("jacobian,4,3,") && l.contains(",spectral_radius,")));

        List<String> esdSampled = Files.readAllLines(sampledOut.resolve("esd.csv"));
        List<String> esdImported = Files.readAllLines(importedOut.resolve("esd.csv"));
        assertTrue(esdImported.size() > 3 * 3 * 8, "esd rows: " + esdImported.size());
        assertSameLines(without(esdSampled, 1, 3), without(esdImported, 1, 3));   // width,dist,activation,bias,...

        String why = EmulatorDevice.unavailableReason();
        assumeTrue(why == null, () -> "kernel emulator unavailable: " + why);
        ByteArrayOutputStream emuErr = new ByteArrayOutputStream();
        Path emuOut = dir.resolve("emu");
        List<String> emu = SweepRuns.run(concat(importedSweep, "--batch", "5"), emuOut, "cuda-emu", emuErr, "results.csv");
        // the kernels' sums and libm's input-point draws against Java's: equal to rounding, not to the bit
        CsvAssert.assertSameStatistics(imported, emu, 6);                  // the file's 6 networks per cell
        CsvAssert.assertSameValues(esdImported, Files.readAllLines(emuOut.resolve("esd.csv")), 1e-9, 1e-7);
        assertEquals(0, emuErr.toString().lines().filter(l -> l.contains("CPU path")).count(),   // explicit layers run on the device
                emuErr.toString());
    }

    /** The explicit source hands out exactly the weights it holds, by global network index; a sampled batch is unchanged. */
    @Test
    void explicitLayersAreIndexedByTheGlobalNetworkIndex() {
        SpecResolver r = new SpecResolver().set(SweepOption.WIDTHS, "3").set(SweepOption.DEPTHS, "2")
                .set(SweepOption.BIAS, "gaussian:0.5");
        Architecture arch = r.resolve(Measures.names()).cells().get(0).arch();
        TensorSampler sampler = new TensorSampler(arch, 5);
        List<NetworkWeights> nets = new ArrayList<>();
        for (int k = 7; k < 10; k++) {                         // networks 7, 8, 9 of seed 5
            double[][] w = new double[2][9], b = new double[2][3];
            for (int l = 1; l <= 2; l++) { sampler.weights(k, l, w[l - 1]); sampler.biases(k, l, b[l - 1]); }
            nets.add(new NetworkWeights(3, w, b));
        }
        ExplicitLayers layers = new ExplicitLayers(7, nets);
        NetworkBatch batch = NetworkBatch.explicit(arch, 5, 8, 2, layers);
        assertFalse(batch.sampled());
        double[] got = new double[9], want = new double[9];
        for (long g = 8; g <= 9; g++) {
            for (int l = 1; l <= 2; l++) {
                batch.layers().weights(g, l, got);
                sampler.weights(g, l, want);
                assertEquals(Arrays.toString(want), Arrays.toString(got), "W" + l + " of network " + g);
                batch.layers().biases(g, l, got);
                sampler.biases(g, l, want);
                assertEquals(Arrays.toString(Arrays.copyOf(want, 3)),
                        Arrays.toString(Arrays.copyOf(got, 3)), "b" + l + " of network " + g);
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> NetworkBatch.explicit(arch, 5, 9, 2, layers), "network 10 is not in the file");
        assertThrows(IllegalArgumentException.class, () -> layers.weights(6, 1, got));
        try (var cpu = new CpuBackend(1)) {        // wormhole ignores weights: an explicit batch is refused
            assertThrows(IllegalArgumentException.class,
                    () -> cpu.wormhole(batch, null));
        }
        NetworkBatch plain = new NetworkBatch(arch, 5, 8, 2);
        assertTrue(plain.sampled() && plain.layers() instanceof TensorSampler);
        assertEquals(new NetworkBatch(arch, 5, 8, 2), plain);
    }
}
