package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.DelegatingBackend;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernels/jacobian_spectra.cu through the emulator against the CPU backend (JacobianWorker):
 * ln σ of the QR-factored Jacobians on random awkward shapes within 1e-9 absolute, and the
 * eigenvalues of the explicit Q·T (hessenberg_eig.cuh against EJML) as multisets within
 * 1e-9·max|λ| (ln|λ| within 1e-6 where |λ| > 1e-6·max|λ|), with the workspace in shared and in
 * global memory, and the jacobian measure end to end on --backend cuda-emu, with and without
 * eigenvalues, against the CPU's results.csv.
 */
@ExtendWith(RequiresEmulator.class)
class JacobianSpectraEmulatorTest {


    /** Launch limits {threads, shared bytes}: a 64-thread block; tiny blocks with the workspace in global memory. */
    private static final int[][] LIMITS = {{64, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};

    @Test
    void logSingularValuesMatchTheCpuBackendOnRandomArchitectures() {
        Random r = new Random(31);
        List<Distribution> weights = PointCases.WEIGHTS;
        List<Optional<Distribution>> biases = PointCases.BIASES;
        Activation[] acts = PointCases.ACTIVATIONS;
        int cases = 0, compared = 0, total = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 18; t++) {
                int n = 1 + (t * 7) % 20;
                int depth = t % 6 == 5 ? 30 : 1 + r.nextInt(8);
                Architecture arch = new Architecture(n, depth, acts[t % acts.length], r.nextBoolean(),
                        weights.get(r.nextInt(weights.size())), Scaling.DEFAULT, biases.get(t % 2));
                int count = 1 + r.nextInt(2);
                InputPoints points = PointCases.points(r, t, count, n, true);
                int p = points.count();
                NetworkBatch batch = PointCases.batch(r, t, arch, count);
                int[] depths = randomDepths(r, depth);
                JacobianSpectra want = cpu.jacobianSpectra(batch, points, depths, false);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
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

    @Test
    void eigenvaluesMatchEjmlOnRandomArchitectures() {
        Random r = new Random(47);
        List<Distribution> weights = PointCases.WEIGHTS;
        List<Optional<Distribution>> biases = PointCases.BIASES;
        Activation[] acts = PointCases.ACTIVATIONS;
        int cases = 0, compared = 0, logCompared = 0;
        double worstDist = 0, worstLog = 0, rescaled = 0;
        // the CPU backend must not be asked: the eigenvalues come from the device
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            Backend refuses = new DelegatingBackend(cpu) {
                @Override public JacobianSpectra jacobianSpectra(NetworkBatch b, InputPoints p, int[] d, boolean e) {
                    throw new AssertionError("jacobianSpectra fell back to the CPU backend");
                }
            };
            for (int t = 0; t < 16; t++) {
                int n = t < 14 ? 1 + (t * 5) % 17 : 4 + t - 14;
                int depth = t >= 14 ? 50 : t % 7 == 6 ? 20 : 1 + r.nextInt(6);
                // the last two: deep linear products growing (σ_w = 3) or shrinking (σ_w = 0.3) past
                // 2^±64, so that T is rescaled and the eigenvalues carry the exponent e
                Architecture arch = t >= 14
                        ? new Architecture(n, depth, Activation.LINEAR, t == 15, Distribution.gaussian(t == 14 ? 3 : 0.3),
                                Scaling.DEFAULT, Optional.empty())
                        : new Architecture(n, depth, acts[t % acts.length], t % 3 == 1,
                                weights.get(r.nextInt(weights.size())), Scaling.DEFAULT, biases.get(t % 2));
                int count = 1 + r.nextInt(2);
                InputPoints points = PointCases.points(r, t, count, n, false);
                int p = points.count();
                NetworkBatch batch = PointCases.batch(r, t, arch, count);
                int[] depths = randomDepths(r, depth);
                JacobianSpectra want = cpu.jacobianSpectra(batch, points, depths, true);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, refuses, x -> { }, lim[0], lim[1]);
                    JacobianSpectra got = gpu.jacobianSpectra(batch, points, depths, true);
                    String what = arch + " depths " + Arrays.toString(depths) + " points " + p
                            + (points.given() != null ? " given" : " q=" + points.q())
                            + " networks " + batch.first() + "+" + count + ", limits " + Arrays.toString(lim);
                    assertLogSigmaClose(want.logSigma(), got.logSigma(), depths.length, n, 1e-9, what);
                    for (int o = 0; o < want.eigLogAbs().length; o += n) {
                        double[] c = assertEigenvaluesClose(want, got, o, n, what + " offset " + o);
                        worstDist = Math.max(worstDist, c[0]);
                        worstLog = Math.max(worstLog, c[1]);
                        logCompared += (int) c[2];
                        compared += n;
                        rescaled = Math.max(rescaled, Math.abs(want.eigLogAbs()[o]));
                    }
                    cases++;
                }
            }
        }
        assertEquals(32, cases);
        // some max|λ| beyond 2^64·N: only reachable through the rescaling exponent
        assertTrue(rescaled > 64 * Math.log(2) + Math.log(17), "no rescaled product compared: max |ln|λ|| " + rescaled);
        System.out.println("jacobian eigenvalues compared: " + compared + " (" + logCompared + " ln|λ|); worst |Δλ|/max|λ| "
                + worstDist + ", worst |Δ ln|λ|| " + worstLog);
        assertTrue(logCompared > 0.5 * compared, "only " + logCompared + " of " + compared + " ln|λ| compared");
    }

    /**
     * The device's eigenvalues at want/got offset o (n of them) against the CPU's (EJML) as
     * multisets: each CPU λ within 1e-9·max|λ| of a distinct device λ (nearest unused), both
     * in the complex plane rebuilt from ln|λ| and arg λ relative to the CPU's largest; ln|λ| within
     * 1e-6 where |λ| > 1e-6·max|λ|; the device's sorted by |λ| descending, ties arg ascending.
     * Returns {worst distance / max|λ|, worst |Δ ln|λ||, ln|λ| compared}.
     */
    static double[] assertEigenvaluesClose(JacobianSpectra want, JacobianSpectra got, int o, int n, String what) {
        double[] wa = want.eigLogAbs(), wg = want.eigArg(), ga = got.eigLogAbs(), gg = got.eigArg();
        double top = wa[o];
        if (top == Double.NEGATIVE_INFINITY) {             // J = 0 (e.g. every ReLU of a layer off): all λ = 0
            for (int i = 0; i < n; i++) assertEquals(Double.NEGATIVE_INFINITY, ga[o + i], what + ": J = 0 on the CPU, device λ " + i);
            return new double[] {0, 0, 0};
        }
        assertTrue(Double.isFinite(top), what + ": CPU's largest |λ| is " + top);
        for (int i = 1; i < n; i++) {
            boolean sorted = ga[o + i] < ga[o + i - 1] || (ga[o + i] == ga[o + i - 1] && gg[o + i] >= gg[o + i - 1]);
            assertTrue(sorted, what + ": device eigenvalues not sorted at " + i);
        }
        boolean[] used = new boolean[n];
        double worst = 0, worstLog = 0;
        int logs = 0;
        for (int i = 0; i < n; i++) {
            double mw = Math.exp(wa[o + i] - top), xw = mw * Math.cos(wg[o + i]), yw = mw * Math.sin(wg[o + i]);
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (used[j]) continue;
                double mg = Math.exp(ga[o + j] - top);
                double d = Math.hypot(xw - mg * Math.cos(gg[o + j]), yw - mg * Math.sin(gg[o + j]));
                if (d < bd) { bd = d; best = j; }
            }
            if (!(bd <= 1e-9)) {
                fail(what + ": CPU λ #" + i + " (ln|λ| " + wa[o + i] + ", arg " + wg[o + i] + ") has no device partner within"
                        + " 1e-9·max|λ| (nearest " + bd + "); device ln|λ| " + Arrays.toString(Arrays.copyOfRange(ga, o, o + n)));
            }
            used[best] = true;
            worst = Math.max(worst, bd);
            if (mw > 1e-6) {
                double dl = Math.abs(wa[o + i] - ga[o + best]);
                assertTrue(dl <= 1e-6, what + ": ln|λ| #" + i + " cpu " + wa[o + i] + " device " + ga[o + best]);
                worstLog = Math.max(worstLog, dl);
                logs++;
            }
        }
        return new double[] {worst, worstLog, logs};
    }

    /** Several increasing depths within 1..depth, always ending at depth. */
    private static int[] randomDepths(Random r, int depth) {
        return IntStream.rangeClosed(1, depth).filter(l -> l == depth || r.nextInt(3) == 0).toArray();
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

    /** Plans: threads within the limits, workspace shared exactly when it fits. */
    @Test
    void plansFitTheirLimits() {
        for (int n : new int[] {1, 7, 20, 64, 100}) {
            for (int[] lim : new int[][] {{256, 48 << 10}, {64, 48 << 10}, {5, 256}}) {
                JacobianSpectraPlan p = JacobianSpectraPlan.of(n, 3, 2, n % 2 == 0, n % 3 == 0, lim[0], lim[1]);
                String what = "N=" + n + " limits " + Arrays.toString(lim) + ": " + p;
                assertTrue(p.threads() >= 1 && p.threads() <= Math.min(lim[0], JacobianSpectraPlan.MAX_THREADS), what);
                assertEquals(8 * JacobianSpectraPlan.workspaceDoubles(n) + JacobianSpectraPlan.STATIC_SHARED_BYTES <= lim[1],
                        p.workspaceInShared(), what);
                assertTrue(p.sharedBytes() + JacobianSpectraPlan.STATIC_SHARED_BYTES <= lim[1], what);
                assertTrue(p.networksPerLaunch(1L << 30, 10_000) >= 1, what);
            }
        }
        assertThrows(IllegalStateException.class,
                () -> JacobianSpectraPlan.of(64, 3, 1, false, false, 64, 1024).networksPerLaunch(1000, 5));
        // eigenvalues: three result arrays, the same workspace
        JacobianSpectraPlan without = JacobianSpectraPlan.of(9, 4, 3, false, false, 64, 256);
        JacobianSpectraPlan with = JacobianSpectraPlan.of(9, 4, 3, false, true, 64, 256);
        assertEquals(3 * without.resultBytesPerNetwork(), with.resultBytesPerNetwork());
        assertEquals(without.workspaceBytesPerBlock(), with.workspaceBytesPerBlock());
    }

    // ---- the jacobian measure end to end ------------------------------------------------------

    static final String[] SWEEP = {"sweep", "--measures", "jacobian", "--jacobian-eigenvalues", "false",
        "--widths", "3,10", "--depths", "2,6", "--dist", "gaussian:1.2", "--activation", "tanh,logistic",
        "--bias", "none,gaussian:0.2", "--networks", "4", "--threads", "2", "--seed", "13"};

    /** The same sweep with eigenvalues (the measure's default): spectral_radius from the device's eigenvalues. */
    static final String[] SWEEP_EIG = {"sweep", "--measures", "jacobian",
        "--widths", "3,8", "--depths", "2,5", "--dist", "gaussian:1.2", "--activation", "tanh,relu",
        "--bias", "none,gaussian:0.2", "--networks", "3", "--threads", "2", "--seed", "17"};

    @Test
    void jacobianMeasureOnCudaEmuReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        List<String> cpu = run(SWEEP, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream());
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = run(SWEEP, dir.resolve("emu"), "cuda-emu", notices);
        assertTrue(notices.toString().contains("jacobianSpectra"), notices.toString());
        assertEquals(cpu.size(), emu.size(), "rows");
        assertTrue(cpu.size() > 8, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-12, 1e-8);
    }

    @Test
    void jacobianMeasureWithEigenvaluesOnCudaEmuReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        List<String> cpu = run(SWEEP_EIG, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream());
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = run(SWEEP_EIG, dir.resolve("emu"), "cuda-emu", notices);
        assertTrue(notices.toString().contains("jacobianSpectra"), notices.toString());
        assertFalse(notices.toString().contains("jacobianSpectra with eigenvalues"), notices.toString());
        assertEquals(cpu.size(), emu.size(), "rows");
        assertTrue(cpu.size() > 8, "rows: " + cpu.size());
        assertTrue(String.join("\n", cpu).contains("spectral_radius"), "no spectral_radius in " + cpu.get(0));
        CsvAssert.assertSameValues(cpu, emu, 1e-12, 1e-8);
    }

    private static List<String> run(String[] sweep, Path out, String backend, ByteArrayOutputStream err) throws Exception {
        return SweepRuns.run(sweep, out, backend, err, "results.csv");
    }
}
