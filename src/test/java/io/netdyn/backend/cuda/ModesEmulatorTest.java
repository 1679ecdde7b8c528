package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.ModesResult;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import io.netdyn.testing.CsvAssert;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernels/modes.cu through the emulator against the CPU backend (ModesWorker): mode counts
 * identical and basin radii (grid scan + bisection in sample and weight space) within 1e-12
 * relative on random architectures, definitions and basin settings, with the workspace in shared
 * and in global memory, and the modes measure end to end on --backend cuda-emu against the CPU's
 * results.csv.
 */
@ExtendWith(RequiresEmulator.class)
class ModesEmulatorTest {


    /** Launch limits {threads, shared bytes}: a 64-thread block; tiny blocks with the workspace in global memory. */
    private static final int[][] LIMITS = {{64, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};

    @Test
    void modeCountsAndBasinRadiiMatchTheCpuBackendOnRandomArchitectures() {
        Random r = new Random(47);
        List<Distribution> weights = List.of(Distribution.gaussian(1), Distribution.gaussian(2), Distribution.uniform(1.5),
                Distribution.cauchy(1), Distribution.gaussian(0.6));
        List<Optional<Distribution>> biases = List.of(Optional.empty(), Optional.of(Distribution.gaussian(0.4)));
        // ERF left out for the reason given in PointCases.ACTIVATIONS (libm's erf against the CPU's series):
        // an ulp of φ moves a mode test or an argmax only at exact ties, but the radii are compared exactly.
        Activation[] acts = {Activation.TANH, Activation.RELU, Activation.LOGISTIC, Activation.HARDTANH, Activation.LINEAR};
        double maxRel = 0;
        int cases = 0, finite = 0, infinite = 0, undefined = 0, nonOrder = 0, dead = 0, order = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 24; t++) {
                int n = 1 + (t * 5) % 16;
                int depth = 1 + r.nextInt(5);
                Architecture arch = new Architecture(n, depth, acts[t % acts.length], r.nextBoolean(),
                        weights.get(r.nextInt(weights.size())), Scaling.DEFAULT, biases.get(t % 2));
                int s = 2 + r.nextInt(5);
                int sb = t % 7 == 6 ? 0 : 1 + r.nextInt(Math.min(s, 3));
                // Basin depths: up to L + 1 (beyond L: NaN radii), or every third case below L (layers
                // deeper than the basins regenerated for the mode pass only).
                int top = t % 3 == 1 ? Math.max(1, depth - 1 - r.nextInt(2)) : depth + 1, last = Math.min(top, depth);
                int[] depths = IntStream.rangeClosed(1, top).filter(l -> r.nextInt(2) == 0 || l == last).toArray();
                ModesRequest req = new ModesRequest(new ProbeInputs(s, 0.5 + r.nextDouble(), t % 3 == 0 ? 0 : r.nextDouble()),
                        t % 2 == 0 ? NeuronModes.Definition.REGION : NeuronModes.Definition.SECANT,
                        0.05 + 0.5 * r.nextDouble(), sb, 1 + r.nextInt(3), 0.5 + 2.5 * r.nextDouble(),
                        t % 4 == 0 ? 1e-3 : 0.01 + 0.05 * r.nextDouble(), depths);
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), t % 3 == 0 ? (1L << 31) + 5 : r.nextInt(1000),
                        1 + r.nextInt(2));
                NetworkBatch nets = batch;
                ModesResult want = cpu.modes(nets, req);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    ModesResult got = gpu.modes(nets, req);
                    String what = arch + " " + req.definition() + " T=" + req.threshold() + " S=" + s + " Sb=" + sb
                            + " dirs=" + req.basinDirections() + " max=" + req.basinMax() + " tol=" + req.basinTol()
                            + " depths " + Arrays.toString(depths) + " networks " + batch.first() + "+" + batch.count()
                            + ", limits " + Arrays.toString(lim);
                    assertArrayEquals(want.modeCounts(), got.modeCounts(), what + ": mode counts");
                    maxRel = Math.max(maxRel, assertRadiiEqual(want.sampleRadius(), got.sampleRadius(), what + ": sample radius"));
                    maxRel = Math.max(maxRel, assertRadiiEqual(want.weightRadius(), got.weightRadius(), what + ": weight radius"));
                    cases++;
                }
                for (double v : concat(want.sampleRadius(), want.weightRadius())) {
                    if (Double.isNaN(v)) undefined++; else if (Double.isInfinite(v)) infinite++; else finite++;
                }
                for (int i = 0; i < want.modeCounts().length; i++) {
                    int c = want.modeCounts()[i];
                    switch (i % 3) {
                        case 0 -> order += c;
                        case 1 -> nonOrder += c;
                        default -> dead += c;
                    }
                }
            }
        }
        assertEquals(48, cases);
        System.out.printf("modes: radii finite %d, +inf %d, NaN %d (largest relative difference %.3g); neurons "
                + "order-preserving %d, non %d, dead %d%n", finite, infinite, undefined, maxRel, order, nonOrder, dead);
        // The comparison must have met real bisections, +inf and NaN radii, and all three modes.
        assertTrue(finite > 20 && infinite > 0 && undefined > 0, finite + " / " + infinite + " / " + undefined);
        assertTrue(order > 0 && nonOrder > 0 && dead > 0, order + " / " + nonOrder + " / " + dead);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Equal NaN / ±∞, finite values within 1e-12 relative; prints the first mismatches; returns the largest relative difference. */
    static double assertRadiiEqual(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + ": lengths");
        StringBuilder sb = new StringBuilder();
        int bad = 0;
        double maxRel = 0;
        for (int i = 0; i < want.length; i++) {
            double a = want[i], b = got[i];
            if (Double.isFinite(a) && Double.isFinite(b)) maxRel = Math.max(maxRel, Math.abs(a - b) / Math.abs(a));
            boolean same = Double.isNaN(a) ? Double.isNaN(b)
                    : Double.isInfinite(a) ? a == b
                    : Double.isFinite(b) && Math.abs(a - b) <= 1e-12 * Math.abs(a);
            if (!same && bad++ < 5) sb.append(String.format("%n  [%d] cpu %.17g emu %.17g", i, a, b));
        }
        if (bad > 0) fail(what + ": " + bad + " of " + want.length + " differ:" + sb);
        return maxRel;
    }

    /** A budget of two networks' device memory: five networks take three launches, results in place. */
    @Test
    void aBatchLargerThanTheBudgetIsChunked() {
        Architecture arch = new Architecture(6, 3, Activation.TANH, true, Distribution.gaussian(1.8), Scaling.DEFAULT,
                Optional.of(Distribution.gaussian(0.2)));
        ModesRequest req = new ModesRequest(new ProbeInputs(5, 1, 0.2), NeuronModes.Definition.REGION, 0.2, 3, 2, 2, 1e-3,
                new int[] {1, 3});
        NetworkBatch nets = new NetworkBatch(arch, 99, 40, 5);
        ModesPlan plan = ModesPlan.of(6, 3, 5, 3, 2, 2, 3, 5, 256);
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice emu = EmulatorDevice.open()) {
            BudgetDevice small = new BudgetDevice(emu, 2 * plan.bytesPerNetwork() + 100);
            ModesResult want = cpu.modes(nets, req);
            ModesResult got = new CudaBackend(BackendKind.CUDA_EMU, small, cpu, x -> { }, 5, 256).modes(nets, req);
            assertEquals(List.of(2, 2, 1), small.launches);
            assertArrayEquals(want.modeCounts(), got.modeCounts());
            assertRadiiEqual(want.sampleRadius(), got.sampleRadius(), "sample radius");
            assertRadiiEqual(want.weightRadius(), got.weightRadius(), "weight radius");
        }
    }

    @Test
    void explicitNetworksRunOnTheCpuBackendAndOrthogonalWeightsOnTheDevice() {
        ModesRequest req = new ModesRequest(new ProbeInputs(4, 1, 0), NeuronModes.Definition.SECANT, 0.1, 2, 2, 1, 1e-3,
                new int[] {1, 2});
        Random r = new Random(3);
        double[] w = new double[9], v = new double[9], b = new double[3];
        for (int i = 0; i < w.length; i++) { w[i] = 2 * r.nextGaussian(); v[i] = r.nextGaussian(); }
        NetworkBatch explicit = NetworkBatch.explicit(Activation.TANH, false, 5,
                List.of(NetworkWeights.repeated(3, 2, w, b), NetworkWeights.repeated(3, 2, v, b)));
        try (CpuBackend cpu = new CpuBackend(1); CudaBackend gpu = CudaBackend.onEmulator(new CpuBackend(1), x -> { })) {
            ModesResult want = cpu.modes(explicit, req), got = gpu.modes(explicit, req);
            assertArrayEquals(want.modeCounts(), got.modeCounts());
            assertArrayEquals(want.sampleRadius(), got.sampleRadius());
            assertArrayEquals(want.weightRadius(), got.weightRadius());
            // Haar weights (kernels/haar.cuh) in the kept layers 1..2 and the regenerated layer 3
            for (int n : new int[] {1, 4, 7}) {
                Architecture orth = new Architecture(n, 3, Activation.TANH, false, Distribution.orthogonal(1.3), Scaling.DEFAULT,
                        Optional.of(Distribution.gaussian(0.2)));
                NetworkBatch on = new NetworkBatch(orth, 11, 0, 3);
                ModesResult cw = cpu.modes(on, req), gw = gpu.modes(on, req);
                assertArrayEquals(cw.modeCounts(), gw.modeCounts(), "N=" + n);
                assertRadiiEqual(cw.sampleRadius(), gw.sampleRadius(), "orthogonal sample radius N=" + n);
                assertRadiiEqual(cw.weightRadius(), gw.weightRadius(), "orthogonal weight radius N=" + n);
            }
        }
    }

    /** Plans: threads within the limits, workspace shared exactly when it fits. */
    @Test
    void plansFitTheirLimits() {
        for (int n : new int[] {1, 7, 20, 64, 100}) {
            for (int[] lim : new int[][] {{256, 48 << 10}, {64, 48 << 10}, {5, 256}}) {
                ModesPlan p = ModesPlan.of(n, 6, 8, 4, 4, 3, 5, lim[0], lim[1]);
                String what = "N=" + n + " limits " + Arrays.toString(lim) + ": " + p;
                assertTrue(p.threads() >= 1 && p.threads() <= Math.min(lim[0], ModesPlan.MAX_THREADS), what);
                assertEquals(5, p.held(), what);
                assertEquals(8 * p.workspaceDoubles() <= lim[1], p.workspaceInShared(), what);
                assertTrue(p.sharedBytes() <= lim[1], what);
                assertTrue(p.networksPerLaunch(1L << 30, 10_000) >= 1, what);
            }
        }
        assertEquals(0, ModesPlan.of(5, 3, 4, 0, 2, 2, 0, 64, 1 << 15).held());
        assertThrows(IllegalStateException.class, () -> ModesPlan.of(64, 6, 8, 4, 4, 3, 5, 64, 1024).networksPerLaunch(1000, 5));
    }

    // ---- the modes measure end to end ---------------------------------------------------------

    static final String[] SWEEP = {"sweep", "--measures", "modes", "--widths", "3,6", "--depths", "1,3",
        "--dist", "gaussian:1.5", "--activation", "tanh,relu", "--bias", "none,gaussian:0.3", "--networks", "3",
        "--probes", "5", "--basin-samples", "2", "--basin-directions", "2", "--modes-def", "secant",
        "--threads", "2", "--seed", "21"};

    @Test
    void modesMeasureOnCudaEmuReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        List<String> cpu = SweepRuns.run(SWEEP, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream(), "results.csv");
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = SweepRuns.run(SWEEP, dir.resolve("emu"), "cuda-emu", notices, "results.csv");
        assertTrue(notices.toString().contains("in the emulated kernels: " + String.join(", ", CudaBackend.deviceOperations()))
                && CudaBackend.deviceOperations().contains("modes"), notices.toString());
        assertEquals(cpu.size(), emu.size(), "rows");
        assertTrue(cpu.stream().filter(l -> l.startsWith("modes,")).count() > 16, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-12, 1e-12);
    }
}
