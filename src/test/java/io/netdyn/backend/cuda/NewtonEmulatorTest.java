package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.NewtonRun;
import io.netdyn.backend.PointSet;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.Scaling;
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
 * kernels/newton_map.cu through the emulator against the CPU backend (MapEngine.jacobian,
 * MapEngine.newton, LuSolve): Jacobians within 1e-10·‖J‖, Newton convergence flags and step
 * counts identical, points and residuals within 1e-9 for converged points; and the fixedpoints
 * measure with {@code --newton search} end to end on --backend cuda-emu with the CPU's
 * q_stable and q_unstable on every network.
 */
@ExtendWith(RequiresEmulator.class)
class NewtonEmulatorTest {


    /** Launch limits {threads, shared bytes}: the device default; tiny blocks (threads loop) with the weights in global memory. */
    private static final int[][] LIMITS = {{EmulatorDevice.BLOCK_THREADS, EmulatorDevice.MAX_SHARED_BYTES}, {3, 256}};

    @Test
    void jacobiansAndNewtonMatchTheCpuBackendOnRandomArchitectures() {
        Random r = new Random(23);
        List<Distribution> weights = List.of(Distribution.gaussian(1.5), Distribution.gaussian(3), Distribution.cauchy(1),
                Distribution.cauchy(0.3));
        List<Optional<Distribution>> biases = List.of(Optional.empty(), Optional.of(Distribution.gaussian(0.5)),
                Optional.of(Distribution.cauchy(0.1)));
        Activation[] acts = {Activation.TANH, Activation.LOGISTIC, Activation.RELU, Activation.LINEAR, Activation.HARDTANH};
        int cases = 0, converged = 0, failed = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 50; t++) {
                int n = 1 + (t * 5) % 13;
                int depth = 1 + r.nextInt(4);
                Architecture arch = new Architecture(n, depth, acts[t % acts.length], r.nextInt(3) == 0,
                        weights.get(r.nextInt(weights.size())), r.nextInt(5) == 0 ? Scaling.NONE : Scaling.DEFAULT,
                        biases.get(r.nextInt(biases.size())));
                int[] depths = depth == 1 ? new int[] {1} : (r.nextBoolean() ? new int[] {depth} : new int[] {1, depth});
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), t % 4 == 0 ? (1L << 31) + 5 : r.nextInt(1000),
                        1 + r.nextInt(4));
                NetworkBatch nets = batch;
                PointSet points = randomPoints(r, batch.count(), depths.length, n, arch.activation() == Activation.LOGISTIC);
                IterationSettings s = new IterationSettings(100, r.nextBoolean() ? 1e-8 : 1e-10, 2, 1e-5, 5 + r.nextInt(30));
                double[] wantJ = cpu.mapJacobians(nets, depths, points);
                NewtonRun want = cpu.newtonMap(nets, depths, points, s);
                double[] wantJAtRoots = cpu.mapJacobians(nets, depths, want.points());
                for (int[] lim : LIMITS) {
                    String what = arch + " depths " + Arrays.toString(depths) + " " + s + " networks " + batch.first()
                            + "+" + batch.count() + " points " + Arrays.toString(points.offsets()) + ", limits "
                            + Arrays.toString(lim);
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    assertJacobiansAgree(wantJ, gpu.mapJacobians(nets, depths, points), n, "J " + what);
                    assertJacobiansAgree(wantJAtRoots, gpu.mapJacobians(nets, depths, want.points()), n, "J at roots " + what);
                    assertNewtonAgrees(want, gpu.newtonMap(nets, depths, points, s), "Newton " + what);
                    cases++;
                }
                for (boolean c : want.converged()) if (c) converged++; else failed++;
            }
        }
        assertEquals(100, cases);
        assertTrue(converged > 20 && failed > 0, "the random cases must reach both outcomes: " + converged + " converged, "
                + failed + " not");
    }

    /** Ragged: some groups empty, some with up to 9 points, uniform in [−1.5, 1.5]^N ([0,1]^N for logistic). */
    static PointSet randomPoints(Random r, int networks, int depthCount, int n, boolean unit) {
        PointSet.Builder b = new PointSet.Builder(networks, depthCount, n);
        double[] x = new double[n];
        for (int g = 0; g < networks * depthCount; g++) {
            b.group(g);
            int k = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(9);
            for (int p = 0; p < k; p++) {
                for (int i = 0; i < n; i++) x[i] = unit ? r.nextDouble() : 3 * r.nextDouble() - 1.5;
                b.add(x, 0);
            }
        }
        return b.build();
    }

    /** |J_emu − J_cpu| ≤ 1e-10·‖J_cpu‖_F entrywise (plus 1e-300 for a zero matrix). */
    static void assertJacobiansAgree(double[] want, double[] got, int n, String what) {
        assertEquals(want.length, got.length, what + ": length");
        int nn = n * n, bad = 0;
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < want.length / nn; p++) {
            double norm = 0;
            for (int e = 0; e < nn; e++) norm += want[p * nn + e] * want[p * nn + e];
            double tol = 1e-10 * Math.sqrt(norm) + 1e-300;
            for (int e = 0; e < nn; e++) {
                double a = want[p * nn + e], b = got[p * nn + e];
                if (!(Math.abs(a - b) <= tol) && Double.compare(a, b) != 0) {
                    if (bad++ < 5) sb.append(String.format("%n  point %d entry %d: cpu %.17g emu %.17g (tol %.3g)", p, e, a, b, tol));
                }
            }
        }
        if (bad > 0) fail(what + ": " + bad + " entries differ:" + sb);
    }

    /** Converged flags and steps identical; point and residual within 1e-9 (abs + rel) where converged. */
    static void assertNewtonAgrees(NewtonRun want, NewtonRun got, String what) {
        int n = want.points().width();
        assertArrayEquals(want.points().offsets(), got.points().offsets(), what + ": offsets");
        StringBuilder sb = new StringBuilder();
        int bad = 0;
        for (int p = 0; p < want.converged().length; p++) {
            boolean ok = want.converged()[p] == got.converged()[p] && want.iterations()[p] == got.iterations()[p];
            if (want.converged()[p]) {
                ok &= close(want.residual()[p], got.residual()[p]);
                for (int i = 0; i < n && ok; i++) ok = close(want.points().x()[p * n + i], got.points().x()[p * n + i]);
            }
            if (!ok && bad++ < 5) {
                sb.append(String.format("%n  point %d: cpu converged %b steps %d residual %.6g x0 %.17g;"
                                + " emu converged %b steps %d residual %.6g x0 %.17g", p,
                        want.converged()[p], want.iterations()[p], want.residual()[p], want.points().x()[p * n],
                        got.converged()[p], got.iterations()[p], got.residual()[p], got.points().x()[p * n]));
            }
        }
        if (bad > 0) fail(what + ": " + bad + " of " + want.converged().length + " points differ:" + sb);
    }

    private static boolean close(double a, double b) {
        return Double.compare(a, b) == 0 || Math.abs(a - b) <= 1e-9 + 1e-9 * Math.abs(a);
    }

    /** Chunks cover every network once, in order, and each fits the budget. */
    @Test
    void chunksCoverTheNetworksWithinTheBudget() {
        Random r = new Random(5);
        PointSet points = randomPoints(r, 40, 2, 6, false);
        int most = 0;
        for (int b = 0; b < 40; b++) most = Math.max(most, points.offsets()[(b + 1) * 2] - points.offsets()[b * 2]);
        NewtonMapPlan plan = NewtonMapPlan.of(6, 3, most, true, 64, 48 << 10);
        long one = plan.bytesPerNetwork(most) + 8 + 4;
        for (long budget : new long[] {one, 3 * one, 1L << 30}) {
            List<int[]> chunks = NewtonMapOps.chunks(plan, points.offsets(), 40, 2, budget);
            int next = 0;
            for (int[] c : chunks) {
                assertEquals(next, c[0]);
                assertTrue(c[1] > c[0]);
                long bytes = 4;
                for (int b = c[0]; b < c[1]; b++) bytes += plan.bytesPerNetwork(points.offsets()[(b + 1) * 2] - points.offsets()[b * 2]) + 8;
                assertTrue(bytes <= budget, "chunk " + Arrays.toString(c) + " needs " + bytes + " > " + budget);
                next = c[1];
            }
            assertEquals(40, next);
        }
        assertThrows(IllegalStateException.class, () -> NewtonMapOps.chunks(plan, points.offsets(), 40, 2, 1000));
    }

    // ---- the fixedpoints measure end to end ---------------------------------------------------

    /** 2 widths × 2 weight laws × 2 activations × 30 networks = 240 networks, at depths 1, 2 and 4. */
    static final String[] SWEEP = {"sweep", "--measures", "fixedpoints", "--widths", "3,6", "--depths", "1,2,4",
        "--dist", "gaussian:2,cauchy:1", "--activation", "tanh,logistic", "--bias", "gaussian:0.2",
        "--networks", "30", "--starts", "8", "--max-iter", "200", "--newton", "search", "--threads", "2", "--seed", "11"};

    @Test
    void fixedpointsWithNewtonSearchOnCudaEmuFindsTheCpuCountsOnEveryNetwork(@TempDir Path dir) throws Exception {
        List<String> cpu = run(dir.resolve("cpu"), "cpu", new ByteArrayOutputStream());
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = run(dir.resolve("emu"), "cuda-emu", notices);
        String line = notices.toString();
        assertTrue(line.contains("in the emulated kernels: " + String.join(", ", CudaBackend.deviceOperations()))
                && CudaBackend.deviceOperations().containsAll(List.of("mapJacobians", "newtonMap")), line);
        assertEquals(cpu.size(), emu.size(), "rows");
        List<String> header = List.of(cpu.get(0).split(",", -1));
        assertEquals(cpu.get(0), emu.get(0), "header");
        int q = header.indexOf("q_stable"), qu = header.indexOf("q_unstable"), network = header.indexOf("network");
        assertTrue(q >= 0 && qu >= 0 && network >= 0, cpu.get(0));
        assertTrue(cpu.size() - 1 >= 3 * 240, "rows: " + (cpu.size() - 1));
        int mismatches = 0, unstable = 0, multiple = 0;
        StringBuilder sb = new StringBuilder();
        for (int row = 1; row < cpu.size(); row++) {
            String[] a = cpu.get(row).split(",", -1), b = emu.get(row).split(",", -1);
            if (Integer.parseInt(a[qu]) > 0) unstable++;
            if (Integer.parseInt(a[q]) > 1) multiple++;
            if (!a[network].equals(b[network]) || !a[q].equals(b[q]) || !a[qu].equals(b[qu])) {
                if (mismatches++ < 5) sb.append("\n  cpu ").append(cpu.get(row)).append("\n  emu ").append(emu.get(row));
            }
        }
        if (mismatches > 0) fail(mismatches + " network rows differ in q_stable/q_unstable:" + sb);
        assertTrue(unstable > 0, "Newton search should find unstable fixed points on some network");
        assertTrue(multiple > 0, "some network should have more than one stable fixed point");
    }

    /**
     * fixedpoints_esd.csv on the emulated kernels: the eigenvalues are the host's decomposition
     * of the Jacobians the backend returns, and the emulated Jacobians differ from the CPU's in
     * rounding. So the histograms exist for the same (cell, depth), and their medians and 90%
     * quantiles agree within one bin; the moduli at round-off (≈ 1e-16·‖J‖, where the lowest
     * bin edge lies) differ, so the files are not byte-identical.
     */
    @Test
    void stableSpectraOnCudaEmuMatchTheCpuAboveRoundOff(@TempDir Path dir) throws Exception {
        java.util.Map<String, List<double[]>> cpu = histograms(
                SweepRuns.run(SWEEP, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream(), "fixedpoints_esd.csv"));
        java.util.Map<String, List<double[]>> emu = histograms(
                SweepRuns.run(SWEEP, dir.resolve("emu"), "cuda-emu", new ByteArrayOutputStream(), "fixedpoints_esd.csv"));
        assertEquals(cpu.keySet(), emu.keySet(), "the same (cell, depth) have stable points");
        assertTrue(cpu.size() >= 12, "histograms: " + cpu.size());
        int compared = 0;
        for (String key : cpu.keySet()) {
            for (double p : new double[] {0.5, 0.9}) {
                double a = quantile(cpu.get(key), p), b = quantile(emu.get(key), p);
                if (a < 1e-12 || b < 1e-12) continue;                      // at round-off
                double bin = Math.max(widestLogBin(cpu.get(key)), widestLogBin(emu.get(key)));
                assertTrue(Math.abs(Math.log(a / b)) <= bin + 1e-12, key + " q" + p + ": cpu " + a + ", emu " + b + ", bin " + bin);
                compared++;
            }
        }
        assertTrue(compared >= 12, "quantiles compared: " + compared);
    }

    /** (cell, depth) → bins {lo, hi, density} of a fixedpoints_esd.csv. */
    private static java.util.Map<String, List<double[]>> histograms(List<String> lines) {
        java.util.Map<String, List<double[]>> out = new java.util.TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            String key = String.join(",", Arrays.copyOf(v, v.length - 3));
            out.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(new double[] {
                Double.parseDouble(v[v.length - 3]), Double.parseDouble(v[v.length - 2]), Double.parseDouble(v[v.length - 1])});
        }
        return out;
    }

    private static double quantile(List<double[]> bins, double p) {
        double acc = 0;
        for (double[] b : bins) {
            double m = b[2] * (b[1] - b[0]);
            if (acc + m >= p && m > 0) return Math.exp(Math.log(b[0]) + (p - acc) / m * Math.log(b[1] / b[0]));
            acc += m;
        }
        return bins.get(bins.size() - 1)[1];
    }

    private static double widestLogBin(List<double[]> bins) {
        double w = 0;
        for (double[] b : bins) w = Math.max(w, Math.log(b[1] / b[0]));
        return w;
    }

    private static List<String> run(Path out, String backend, ByteArrayOutputStream err) throws Exception {
        return SweepRuns.run(SWEEP, out, backend, err, "fixedpoints.csv");
    }
}
