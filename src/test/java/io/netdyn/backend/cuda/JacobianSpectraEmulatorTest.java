package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;

import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import io.netdyn.spec.UsageError;
import io.netdyn.testing.CsvAssert;
import java.io.ByteArrayOutputStream;


import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import io.netdyn.testing.SweepRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernels/jacobian_spectra.cu through the emulator against the CPU backend (JacobianWorker):
 * ln σ of the QR-factored Jacobians on random awkward shapes within 1e-9 absolute, with the
 * workspace in shared and in global memory, and the jacobian measure end to end on
 * --backend cuda-emu (without eigenvalues) against the CPU's results.csv.
 */
class JacobianSpectraEmulatorTest {

    @BeforeAll
    static void emulator() {
        assumeTrue(EmulatorDevice.unavailableReason() == null,
                () -> "kernel emulator unavailable: " + EmulatorDevice.unavailableReason());
    }

    /** Launch limits {threads, shared bytes}: a 64-thread block; tiny blocks with the workspace in global memory. */
    private static final int[][] LIMITS = {{64, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};

    @Test
    void logSingularValuesMatchTheCpuBackendOnRandomArchitectures() {
        Random r = new Random(31);
        List<Distribution> weights = List.of(Distribution.gaussian(0.8), Distribution.gaussian(1), Distribution.gaussian(1.5),
                Distribution.uniform(1.5), Distribution.gaussian(2));
        List<Optional<Distribution>> biases = List.of(Optional.empty(), Optional.of(Distribution.gaussian(0.3)));
        // ERF left out for the reason given in JacobianEmulatorTest (libm's erf against the CPU's series).
        Activation[] acts = {Activation.TANH, Activation.RELU, Activation.LOGISTIC, Activation.HARDTANH, Activation.LINEAR,
            Activation.TANH};
        int cases = 0, compared = 0, total = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 18; t++) {
                int n = 1 + (t * 7) % 20;
                int depth = t % 6 == 5 ? 30 : 1 + r.nextInt(8);
                Architecture arch = new Architecture(n, depth, acts[t % acts.length], r.nextBoolean(),
                        weights.get(r.nextInt(weights.size())), Scaling.DEFAULT, biases.get(t % 2));
                int count = 1 + r.nextInt(2), p = 1 + r.nextInt(2);
                InputPoints points = t % 4 == 3 ? InputPoints.given(p, randomPoints(r, count * p * n))
                        : InputPoints.random(p, t % 5 == 0 ? 0 : 0.2 + r.nextDouble());
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), t % 3 == 0 ? (1L << 31) + 3 : r.nextInt(1000), count);
                int[] depths = randomDepths(r, depth);
                JacobianSpectra want = cpu.jacobianSpectra(batch, points, depths, false);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend("test", device, cpu, x -> { }, lim[0], lim[1]);
                    JacobianSpectra got = gpu.jacobianSpectra(batch, points, depths, false);
                    String what = arch + " depths " + Arrays.toString(depths) + " points " + p
                            + (points.given() != null ? " given" : " q=" + points.q())
                            + " networks " + batch.first() + "+" + count + ", limits " + Arrays.toString(lim);
                    assertNull(got.eigLogAbs(), what);
                    compared += assertLogSigmaClose(want.logSigma(), got.logSigma(), depths.length, n, 1e-9, what);
                    total += want.logSigma().length;
                    cases++;
                }
            }
        }
        assertEquals(36, cases);
        System.out.println("jacobian ln sigma compared: " + compared + " of " + total);
        assertTrue(compared > 0.6 * total, "only " + compared + " of " + total + " values were well conditioned enough to compare");
    }

    /** Several increasing depths within 1..depth, always ending at depth. */
    private static int[] randomDepths(Random r, int depth) {
        return java.util.stream.IntStream.rangeClosed(1, depth).filter(l -> l == depth || r.nextInt(3) == 0).toArray();
    }

    private static double[] randomPoints(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextGaussian();
        return x;
    }

    /**
     * Mirrors JacobianEmulatorTest's near-singular rule: a drop of the smallest ln σ below
     * {@link JacobianEmulatorTest#NOISE_LOG} from one requested depth to the next (from 0 = ln σ(I)
     * at the first) marks a (near-)singular layer (dead relu units, hardtanh saturation, e^-20
     * logistic slopes) — the smallest σ are then rounding noise on both backends, and stay so at
     * later depths. From there on only σ_i ≥ 1e-6·σ_1 are compared (a perturbation of ε·σ_1
     * moves them by at most 1e-10 relative). Equal values (−∞ for exact zeros) match.
     * Returns the values compared; prints the first mismatches.
     */
    static int assertLogSigmaClose(double[] want, double[] got, int depthCount, int n, double abs, String what) {
        assertEquals(want.length, got.length, what + ": lengths");
        StringBuilder sb = new StringBuilder();
        int bad = 0, compared = 0;
        for (int slot = 0; slot < want.length / (depthCount * n); slot++) {
            boolean singular = false;
            double prevMin = 0;
            for (int d = 0; d < depthCount; d++) {
                int o = (slot * depthCount + d) * n;
                double min = want[o + n - 1];
                singular |= !(min - prevMin >= JacobianEmulatorTest.NOISE_LOG);
                prevMin = min;
                for (int i = 0; i < n; i++) {
                    if (singular && !(want[o + i] >= want[o] + Math.log(1e-6))) continue;
                    compared++;
                    if (want[o + i] == got[o + i] || Math.abs(want[o + i] - got[o + i]) <= abs) continue;
                    if (bad++ < 5) sb.append(String.format("%n  [%d] depth index %d, i %d: cpu %.17g emu %.17g", o + i, d, i,
                            want[o + i], got[o + i]));
                }
            }
        }
        if (bad > 0) fail(what + ": " + bad + " of " + compared + " values differ:" + sb);
        return compared;
    }

    @Test
    void eigenvaluesRunOnTheCpuBackend() {
        Architecture arch = new Architecture(5, 3, Activation.TANH, false, Distribution.gaussian(1.2), Scaling.DEFAULT,
                Optional.empty());
        NetworkBatch batch = new NetworkBatch(arch, 7, 0, 2);
        InputPoints points = InputPoints.random(2, 0.5);
        int[] depths = {1, 3};
        try (CpuBackend cpu = new CpuBackend(1); CudaBackend b = CudaBackend.onEmulator(1, x -> { })) {
            JacobianSpectra want = cpu.jacobianSpectra(batch, points, depths, true);
            JacobianSpectra got = b.jacobianSpectra(batch, points, depths, true);
            assertArrayEquals(want.logSigma(), got.logSigma());
            assertArrayEquals(want.eigLogAbs(), got.eigLogAbs());
            assertArrayEquals(want.eigArg(), got.eigArg());
        }
    }

    /** Plans: threads within the limits, workspace shared exactly when it fits. */
    @Test
    void plansFitTheirLimits() {
        for (int n : new int[] {1, 7, 20, 64, 100}) {
            for (int[] lim : new int[][] {{256, 48 << 10}, {64, 48 << 10}, {5, 256}}) {
                JacobianSpectraPlan p = JacobianSpectraPlan.of(n, 3, 2, n % 2 == 0, lim[0], lim[1]);
                String what = "N=" + n + " limits " + Arrays.toString(lim) + ": " + p;
                assertTrue(p.threads() >= 1 && p.threads() <= Math.min(lim[0], JacobianSpectraPlan.MAX_THREADS), what);
                assertEquals(8 * JacobianSpectraPlan.workspaceDoubles(n) + JacobianSpectraPlan.STATIC_SHARED_BYTES <= lim[1],
                        p.workspaceInShared(), what);
                assertTrue(p.sharedBytes() + JacobianSpectraPlan.STATIC_SHARED_BYTES <= lim[1], what);
                assertTrue(p.networksPerLaunch(1L << 30, 10_000) >= 1, what);
            }
        }
        assertThrows(IllegalStateException.class, () -> JacobianSpectraPlan.of(64, 3, 1, false, 64, 1024).networksPerLaunch(1000, 5));
    }

    // ---- the jacobian measure end to end ------------------------------------------------------

    static final String[] SWEEP = {"sweep", "--measures", "jacobian", "--jacobian-eigenvalues", "false",
        "--widths", "3,10", "--depths", "2,6", "--dist", "gaussian:1.2", "--activation", "tanh,logistic",
        "--bias", "none,gaussian:0.2", "--networks", "4", "--threads", "2", "--seed", "13"};

    @Test
    void jacobianMeasureOnCudaEmuReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        List<String> cpu = run(dir.resolve("cpu"), "cpu", new ByteArrayOutputStream());
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = run(dir.resolve("emu"), "cuda-emu", notices);
        assertTrue(notices.toString().contains("jacobianSpectra"), notices.toString());
        assertEquals(cpu.size(), emu.size(), "rows");
        assertTrue(cpu.size() > 8, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-12, 1e-8);
    }

    private static List<String> run(Path out, String backend, ByteArrayOutputStream err) throws Exception {
        return SweepRuns.run(SWEEP, out, backend, err, "results.csv");
    }
}
