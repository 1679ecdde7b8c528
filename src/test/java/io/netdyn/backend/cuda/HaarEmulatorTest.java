package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.NewtonRun;
import io.netdyn.backend.PointSet;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.linalg.Householder;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.Scaling;
import io.netdyn.model.StartPoints;
import io.netdyn.model.TensorSampler;
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
 * Orthogonal (Haar) weights on the device (kernels/haar.cuh) through the emulator: the device's
 * Haar matrix against Householder.haarFromGaussian of the same Gaussian matrix within 1e-12 (and,
 * on the emulator, bit for bit);
 * the sampled orthogonal layers (map_common.cuh sample_layers) against TensorSampler's; and
 * iterateMap, newtonMap / mapJacobians, lyapunov (depth sums and map exponents) and
 * jacobianSpectra (singular values) with orthogonal weights against the CPU backend, with the
 * tolerances of their own emulator tests, under both launch limits; the lyapunov and jacobian
 * measures end to end on --backend cuda-emu against the CPU's results.csv.
 */
@ExtendWith(RequiresEmulator.class)
class HaarEmulatorTest {


    /** Launch limits {threads, shared bytes}: the device default; tiny blocks with the workspace in global memory. */
    private static final int[][] LIMITS = {{EmulatorDevice.BLOCK_THREADS, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};

    private static final List<Distribution> ORTHOGONAL = List.of(Distribution.orthogonal(0.8), Distribution.orthogonal(1.3),
            Distribution.orthogonal(2), Distribution.orthogonal(3));

    // ---- the Haar matrix itself (netdyn_haar_f64) ------------------------------------------------

    @Test
    void deviceHaarMatrixEqualsHouseholderHaarFromGaussian() {
        Random r = new Random(5);
        int matrices = 0, entries = 0, bitwise = 0;
        double worst = 0;
        try (EmulatorDevice device = EmulatorDevice.open()) {
            for (int n : new int[] {1, 2, 3, 4, 7, 16, 17, 33, 64}) {
                for (int threads : new int[] {64, 5, 1}) {
                    if (threads == 1 && n > 17) continue;                      // one thread: slow, same code path
                    int batch = 3;
                    double[] g = new double[batch * n * n];
                    for (int i = 0; i < g.length; i++) g[i] = r.nextGaussian();
                    if (n >= 3) for (int i = 0; i < n; i++) g[n * n + i * n + 1] = 0;    // #1: a zero column (τ = 0)
                    if (n == 4) Arrays.fill(g, 2 * n * n, 3 * n * n, 0.0);               // #2: zero matrix: Q = I
                    double[] got = new double[g.length];
                    try (DeviceBuffer dg = device.alloc(8L * g.length); DeviceBuffer dq = device.alloc(8L * g.length);
                         DeviceBuffer dt = device.alloc(8L * batch * n)) {
                        device.copyIn(dg, 0, g, 0, g.length);
                        Kernel.haar(device, new LaunchConfig(batch, threads, 0), dg, dq, dt, n);
                        device.copyOut(dq, 0, got, 0, got.length);
                    }
                    for (int b = 0; b < batch; b++) {
                        double[] want = Arrays.copyOfRange(g, b * n * n, (b + 1) * n * n);
                        Householder.haarFromGaussian(want, n);
                        String what = "n=" + n + " threads=" + threads + " matrix " + b;
                        for (int e = 0; e < n * n; e++) {
                            double a = want[e], c = got[b * n * n + e];
                            if (!(Math.abs(a - c) <= 1e-12)) fail(what + ": entry " + e + " cpu " + a + " emu " + c);
                            if (Double.compare(a, c) == 0) bitwise++;
                            worst = Math.max(worst, Math.abs(a - c));
                            entries++;
                        }
                        assertOrthogonal(got, b * n * n, n, 1, what);
                        matrices++;
                    }
                }
            }
        }
        System.out.println("haar: " + matrices + " matrices, " + bitwise + " of " + entries + " entries bitwise the CPU's,"
                + " max |cpu - emu| " + worst);
        assertEquals(75, matrices);
        // the emulator (fp-contract off, fdlibm's hypot ported) does the CPU's operations: the same bits
        assertEquals(entries, bitwise, "entries not bitwise the CPU's");
    }

    /** QᵀQ = s²·I within 1e-12·s² (the device matrix is orthogonal, not only close to the CPU's). */
    private static void assertOrthogonal(double[] w, int off, int n, double s, String what) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += w[off + k * n + i] * w[off + k * n + j];
                double want = i == j ? s * s : 0;
                if (!(Math.abs(sum - want) <= 1e-12 * s * s)) fail(what + ": (QᵀQ)[" + i + "," + j + "] = " + sum);
            }
        }
    }

    /** J of a depth-1 map with a linear last layer is W_1 itself: the device's sampled layer against TensorSampler's. */
    @Test
    void sampledOrthogonalLayersAreTheCpus() {
        Random r = new Random(8);
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int n : new int[] {1, 2, 5, 12, 20}) {
                Distribution dist = ORTHOGONAL.get(r.nextInt(ORTHOGONAL.size()));
                Architecture arch = new Architecture(n, 2, Activation.TANH, true, dist, Scaling.DEFAULT, Optional.empty());
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), r.nextInt(1000), 2);
                PointSet.Builder b = new PointSet.Builder(2, 1, n);
                for (int g = 0; g < 2; g++) {
                    b.group(g);
                    b.add(new double[n], 0);
                }
                PointSet points = b.build();
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    double[] jac = gpu.mapJacobians(batch, new int[] {1}, points);
                    for (int g = 0; g < 2; g++) {
                        double[] w = new double[n * n];
                        new TensorSampler(arch, batch.seed()).weights(batch.first() + g, 1, w);
                        String what = arch + " network " + g + " limits " + Arrays.toString(lim);
                        for (int e = 0; e < n * n; e++) {
                            // mapJacobians stores J row-major: J[i][k] = W[i][k] for a linear layer
                            if (!(Math.abs(w[e] - jac[g * n * n + e]) <= 1e-12 * dist.scale())) {
                                fail(what + ": entry " + e + " cpu " + w[e] + " emu " + jac[g * n * n + e]);
                            }
                        }
                        assertOrthogonal(jac, g * n * n, n, arch.weightMultiplier(), what);
                    }
                }
            }
        }
    }

    // ---- the operations with orthogonal weights --------------------------------------------------

    private static final Activation[] ACTS = {Activation.TANH, Activation.LOGISTIC, Activation.RELU, Activation.HARDTANH,
        Activation.LINEAR, Activation.TANH};
    private static final List<Optional<Distribution>> BIASES = List.of(Optional.empty(), Optional.of(Distribution.gaussian(0.3)));

    private static Architecture randomArch(Random r, int t, int n, int depth) {
        return new Architecture(n, depth, ACTS[t % ACTS.length], r.nextInt(3) == 0, ORTHOGONAL.get(r.nextInt(ORTHOGONAL.size())),
                Scaling.DEFAULT, BIASES.get(t % 2));
    }

    @Test
    void iterateMapWithOrthogonalWeightsMatchesTheCpuBackend() {
        Random r = new Random(19);
        int cases = 0, converged = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 12; t++) {
                int n = 1 + (t * 5) % 13, depth = 1 + r.nextInt(3);
                Architecture arch = randomArch(r, t, n, depth);
                int[] depths = depth == 1 ? new int[] {1} : new int[] {1, depth};
                StartPoints starts = new StartPoints(1 + r.nextInt(8), StartPoints.Box.defaultFor(arch.activation()));
                IterationSettings s = new IterationSettings(20 + r.nextInt(150), 1e-8, 1 + r.nextInt(4), 1e-5, 10);
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), t % 4 == 0 ? (1L << 31) + 5 : r.nextInt(1000),
                        1 + r.nextInt(2));
                NetworkBatch nets = batch;
                FixedPointRun want = cpu.iterateMap(nets, depths, starts, s);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    IterateMapEmulatorTest.assertRunsAgree(want, gpu.iterateMap(nets, depths, starts, s),
                            arch + " depths " + Arrays.toString(depths) + " M=" + starts.count() + " " + s + ", limits "
                                    + Arrays.toString(lim));
                    cases++;
                }
                for (byte st : want.status()) if (st == FixedPointRun.CONVERGED) converged++;
            }
        }
        assertEquals(24, cases);
        assertTrue(converged > 10, "converged starts: " + converged);
    }

    @Test
    void newtonAndJacobiansWithOrthogonalWeightsMatchTheCpuBackend() {
        Random r = new Random(29);
        int cases = 0, converged = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 10; t++) {
                int n = 1 + (t * 5) % 11, depth = 1 + r.nextInt(3);
                Architecture arch = randomArch(r, t, n, depth);
                int[] depths = depth == 1 ? new int[] {1} : new int[] {1, depth};
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), r.nextInt(1000), 1 + r.nextInt(3));
                NetworkBatch nets = batch;
                PointSet points = NewtonEmulatorTest.randomPoints(r, batch.count(), depths.length, n,
                        arch.activation() == Activation.LOGISTIC);
                IterationSettings s = new IterationSettings(100, 1e-10, 2, 1e-5, 5 + r.nextInt(30));
                double[] wantJ = cpu.mapJacobians(nets, depths, points);
                NewtonRun want = cpu.newtonMap(nets, depths, points, s);
                for (int[] lim : LIMITS) {
                    String what = arch + " depths " + Arrays.toString(depths) + ", limits " + Arrays.toString(lim);
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    NewtonEmulatorTest.assertJacobiansAgree(wantJ, gpu.mapJacobians(nets, depths, points), n, "J " + what);
                    NewtonEmulatorTest.assertNewtonAgrees(want, gpu.newtonMap(nets, depths, points, s), "Newton " + what);
                    cases++;
                }
                for (boolean c : want.converged()) if (c) converged++;
            }
        }
        assertEquals(20, cases);
        assertTrue(converged > 5, "converged points: " + converged);
    }

    @Test
    void lyapunovWithOrthogonalWeightsMatchesTheCpuBackend() {
        Random r = new Random(37);
        int cases = 0, compared = 0, total = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 10; t++) {
                // k ≤ N/2 + 1 and no hardtanh: a dead relu or saturated hardtanh unit makes D W Q singular and
                // its smallest R_ii rounding noise (not compared, see JacobianEmulatorTest.NOISE_LOG)
                int n = 1 + (t * 7) % 17, depth = 1 + r.nextInt(6), k = 1 + r.nextInt(n / 2 + 1);
                Architecture arch = randomArch(r, t, n, depth);
                if (arch.activation() == Activation.HARDTANH) {
                    arch = new Architecture(n, depth, Activation.TANH, arch.lastLinear(), arch.weights(), Scaling.DEFAULT,
                            arch.bias());
                }
                int p = 1 + r.nextInt(2), count = 1 + r.nextInt(2);
                InputPoints points = InputPoints.random(p, 0.2 + r.nextDouble());
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), r.nextInt(1000), count);
                int[] mapDepths = depth == 1 ? new int[] {1} : new int[] {1, depth};
                int steps = 2 + r.nextInt(8);
                LyapunovRun want = cpu.lyapunov(batch, points, k, mapDepths, steps);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    LyapunovRun got = gpu.lyapunov(batch, points, k, mapDepths, steps);
                    String what = arch + " k=" + k + " points " + p + ", limits " + Arrays.toString(lim);
                    compared += JacobianEmulatorTest.assertLogSumsClose(want.logRSum(), got.logRSum(), depth, k, 1e-9, what);
                    total += want.logRSum().length;
                    for (int i = 0; i < want.mapLambda().length; i++) {
                        double a = want.mapLambda()[i], b = got.mapLambda()[i];
                        assertTrue(Double.compare(a, b) == 0 || Math.abs(a - b) <= 1e-9 * Math.abs(a),
                                what + ": map exponent [" + i + "] cpu " + a + " emu " + b);
                    }
                    cases++;
                }
            }
        }
        assertEquals(20, cases);
        assertTrue(compared > 0.7 * total, compared + " of " + total + " depth sums compared");
    }

    @Test
    void jacobianSingularValuesWithOrthogonalWeightsMatchTheCpuBackend() {
        Random r = new Random(41);
        int cases = 0, compared = 0, total = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 10; t++) {
                int n = 1 + (t * 7) % 17, depth = 1 + r.nextInt(6);
                Architecture arch = randomArch(r, t, n, depth);
                int p = 1 + r.nextInt(2), count = 1 + r.nextInt(2);
                InputPoints points = InputPoints.random(p, 0.2 + r.nextDouble());
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), r.nextInt(1000), count);
                int[] depths = depth == 1 ? new int[] {1} : new int[] {1, depth};
                JacobianSpectra want = cpu.jacobianSpectra(batch, points, depths, false);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    JacobianSpectra got = gpu.jacobianSpectra(batch, points, depths, false);
                    compared += JacobianSpectraEmulatorTest.assertLogSigmaClose(want.logSigma(), got.logSigma(), depths.length,
                            n, 1e-9, arch + " depths " + Arrays.toString(depths) + ", limits " + Arrays.toString(lim));
                    total += want.logSigma().length;
                    cases++;
                }
            }
        }
        assertEquals(20, cases);
        assertTrue(compared > 0.6 * total, compared + " of " + total + " ln sigma compared");
    }

    // ---- end to end ----------------------------------------------------------------------------------

    static final String[] SWEEP = {"sweep", "--measures", "lyapunov,jacobian", "--jacobian-eigenvalues", "false",
        "--widths", "3,9", "--depths", "1,4", "--dist", "orthogonal:1.3", "--activation", "tanh",
        "--bias", "none,gaussian:0.2", "--networks", "3", "--map-steps", "6", "--threads", "2", "--seed", "17"};

    @Test
    void lyapunovAndJacobianMeasuresWithOrthogonalWeightsOnCudaEmuReproduceTheCpuResults(@TempDir Path dir) throws Exception {
        List<String> cpu = SweepRuns.run(SWEEP, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream(), "results.csv");
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = SweepRuns.run(SWEEP, dir.resolve("emu"), "cuda-emu", notices, "results.csv");
        assertTrue(notices.toString().contains("lyapunov"), notices.toString());
        assertEquals(cpu.size(), emu.size(), "rows");
        assertTrue(cpu.size() > 10, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-12, 1e-8);
    }
}
