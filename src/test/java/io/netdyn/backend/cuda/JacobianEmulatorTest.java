package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import io.netdyn.testing.CsvAssert;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jacobian-product kernels through the emulator against the CPU backend: kernels/lyapunov.cu
 * (Σ ln|R_ii| along depth, LyapunovWorker.depthPass) on random awkward shapes within 1e-9
 * absolute (they are logs), with the workspace in shared and in global memory, and the
 * lyapunov measure end to end on --backend cuda-emu against the CPU's results.csv.
 */
@ExtendWith(RequiresEmulator.class)
class JacobianEmulatorTest {


    /** Launch limits {threads, shared bytes}: the device default; tiny blocks with the workspace in global memory. */
    private static final int[][] LIMITS = {{EmulatorDevice.BLOCK_THREADS, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};

    @Test
    void lyapunovDepthSumsMatchTheCpuBackendOnRandomArchitectures() {
        Random r = new Random(23);
        List<Distribution> weights = PointCases.WEIGHTS;
        List<Optional<Distribution>> biases = PointCases.BIASES;
        Activation[] acts = PointCases.ACTIVATIONS;
        int cases = 0, compared = 0, total = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 18; t++) {
                int n = 1 + (t * 7) % 20;
                int depth = t % 6 == 5 ? 30 : 1 + r.nextInt(8);
                int k = 1 + r.nextInt(n);
                Architecture arch = new Architecture(n, depth, acts[t % acts.length], r.nextBoolean(),
                        weights.get(r.nextInt(weights.size())), Scaling.DEFAULT, biases.get(t % 2));
                int count = 1 + r.nextInt(2);
                InputPoints points = PointCases.points(r, t, count, n, true);
                int p = points.count();
                NetworkBatch batch = PointCases.batch(r, t, arch, count);
                int[] mapDepths = t % 3 == 1 ? new int[] {1, depth} : new int[0];
                int mapSteps = mapDepths.length > 0 ? 6 : 0;
                LyapunovRun want = cpu.lyapunov(batch, points, k, mapDepths, mapSteps);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    LyapunovRun got = gpu.lyapunov(batch, points, k, mapDepths, mapSteps);
                    String what = arch + " k=" + k + " points " + p + (points.given() != null ? " given" : " q=" + points.q())
                            + " networks " + batch.first() + "+" + count + ", limits " + Arrays.toString(lim);
                    compared += assertLogSumsClose(want.logRSum(), got.logRSum(), depth, k, 1e-9, what);
                    total += want.logRSum().length;
                    for (int i = 0; i < want.mapLambda().length; i++) {       // on the device (LyapunovMapEmulatorTest)
                        double a = want.mapLambda()[i], b = got.mapLambda()[i];
                        assertTrue(a == b || Math.abs(a - b) <= 1e-9 * Math.abs(a), what + ": map exponent " + a + " vs " + b);
                    }
                    cases++;
                }
            }
        }
        assertEquals(36, cases);
        System.out.println("lyapunov depth sums compared: " + compared + " of " + total);
        assertTrue(compared > 0.7 * total, "only " + compared + " of " + total + " sums were well conditioned enough to compare");
    }


    /**
     * ln|R_l(i,i)| below this marks a (near-)singular D_l W_l Q_{l−1} (dead relu units, saturated
     * erf): R_ii is then rounding noise, relative to the O(1) columns, on both backends, and so are
     * the later layers' sums of that network and point; they are not compared.
     */
    static final double NOISE_LOG = -20;

    /**
     * |want − got| ≤ abs for every (network, point, layer, i) of runs with {@code slots} (network,
     * point) pairs of {@code depth} × {@code k} sums, up to the first near-singular layer of each
     * pair (see {@link #NOISE_LOG}); prints the first mismatches. Returns the values compared.
     */
    static int assertLogSumsClose(double[] want, double[] got, int depth, int k, double abs, String what) {
        assertEquals(want.length, got.length, what + ": lengths");
        StringBuilder sb = new StringBuilder();
        int bad = 0, compared = 0;
        for (int slot = 0; slot < want.length / (depth * k); slot++) {
            for (int l = 0; l < depth; l++) {
                int o = (slot * depth + l) * k;
                boolean singular = false;
                for (int i = 0; i < k; i++) {
                    double step = want[o + i] - (l == 0 ? 0 : want[o - k + i]);
                    singular |= !(step >= NOISE_LOG);
                }
                if (singular) break;
                for (int i = 0; i < k; i++) {
                    compared++;
                    if (Math.abs(want[o + i] - got[o + i]) <= abs) continue;
                    if (bad++ < 5) sb.append(String.format("%n  [%d] cpu %.17g emu %.17g", o + i, want[o + i], got[o + i]));
                }
            }
        }
        if (bad > 0) fail(what + ": " + bad + " of " + compared + " values differ:" + sb);
        return compared;
    }

    /** Plans: threads within the limits, workspace shared exactly when it fits. */
    @Test
    void lyapunovPlansFitTheirLimits() {
        for (int n : new int[] {1, 7, 20, 64, 100}) {
            for (int k : new int[] {1, n / 2 + 1, n}) {
                for (int[] lim : new int[][] {{256, 48 << 10}, {64, 48 << 10}, {5, 256}}) {
                    LyapunovPlan p = LyapunovPlan.of(n, 3, k, 2, k % 2 == 0, lim[0], lim[1]);
                    String what = "N=" + n + " k=" + k + " limits " + Arrays.toString(lim) + ": " + p;
                    assertTrue(p.threads() >= 1 && p.threads() <= Math.min(lim[0], LyapunovPlan.MAX_THREADS), what);
                    assertEquals(8 * LyapunovPlan.workspaceDoubles(n, k) <= lim[1], p.workspaceInShared(), what);
                    assertTrue(p.sharedBytes() <= lim[1], what);
                    assertTrue(p.networksPerLaunch(1L << 30, 10_000) >= 1, what);
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> LyapunovPlan.of(64, 3, 64, 1, false, 64, 1024).networksPerLaunch(1000, 5));
    }

    // ---- the lyapunov measure end to end ------------------------------------------------------

    static final String[] SWEEP = {"sweep", "--measures", "lyapunov", "--widths", "3,10", "--depths", "1,6",
        "--dist", "gaussian:1.2", "--activation", "tanh,logistic", "--bias", "none,gaussian:0.2",
        "--networks", "4", "--map-steps", "8", "--threads", "2", "--seed", "11"};

    @Test
    void lyapunovMeasureOnCudaEmuReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        List<String> cpu = run(dir.resolve("cpu"), "cpu", new ByteArrayOutputStream());
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = run(dir.resolve("emu"), "cuda-emu", notices);
        assertTrue(notices.toString().contains("lyapunov"), notices.toString());
        assertEquals(cpu.size(), emu.size(), "rows");
        assertTrue(cpu.size() > 20, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-12, 1e-8);
    }

    private static List<String> run(Path out, String backend, ByteArrayOutputStream err) throws Exception {
        return SweepRuns.run(SWEEP, out, backend, err, "results.csv");
    }
}
