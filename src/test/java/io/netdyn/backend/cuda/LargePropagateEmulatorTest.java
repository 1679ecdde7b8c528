package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.linalg.Householder;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
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
 * The large-N propagate path (LargePropagateOps: sample_weights.cu, propagate_large.cu, gemm.cu)
 * through the emulator, forced on at small N: sampled layers equal TensorSampler (Gaussian and
 * uniform exactly, tan/pow-based draws within 2 ulp), probe
 * inputs equal ProbeInputs.fill, Grams match the CPU backend within 1e-9 (DeviceContract's
 * rule; bit Grams exactly) on random architectures with full and tiny blocks and with chunks of
 * one network, the path rule, and a propagation sweep on --backend cuda-emu against the CPU's results.csv.
 * Orthogonal weights (haar_layer after sample_layer): layers equal TensorSampler bit for bit, Grams
 * match the CPU backend (the large path taken at small N), and a sweep mixing orthogonal and
 * Gaussian cells reproduces the CPU's results.csv.
 */
@ExtendWith(RequiresEmulator.class)
class LargePropagateEmulatorTest {


    /** Launch limits {threads, shared bytes}: 64-thread blocks; tiny 5-thread blocks (GEMM rounds, grid-stride tails). */
    private static final int[][] LIMITS = {{64, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};

    @Test
    void sampledLayersEqualTheTensorSampler() {
        List<Distribution> weights = List.of(Distribution.gaussian(1.3), Distribution.uniform(0.7), Distribution.cauchy(0.4),
                Distribution.stable(1.5, 1), Distribution.student(3, 1));
        List<Optional<Distribution>> biases = List.of(Optional.of(Distribution.gaussian(0.3)), Optional.empty(),
                Optional.of(Distribution.stable(0.8, 0.1)));
        int[] widths = {1, 7, 19};
        try (EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 5; t++) {
                int n = widths[t % widths.length], networks = 1 + t % 3, layer = 1 + t;
                Architecture arch = new Architecture(n, 6, Activation.TANH, false, weights.get(t),
                        Scaling.DEFAULT, biases.get(t % biases.size()));
                long seed = 1000L * t + 7, first = t % 2 == 0 ? (1L << 31) + 5 : 40;
                double[] w = new double[networks * n * n], b = new double[networks * n];
                try (DeviceBuffer dw = device.alloc(8L * w.length); DeviceBuffer db = device.alloc(8L * b.length)) {
                    Kernel.sampleLayer(device, 64, arch, seed, first, networks, layer, dw, db);
                    device.copyOut(dw, 0, w, 0, w.length);
                    device.copyOut(db, 0, b, 0, b.length);
                }
                TensorSampler sampler = new TensorSampler(arch, seed);
                double[] wl = new double[n * n], bl = new double[n];
                for (int q = 0; q < networks; q++) {
                    sampler.weights(first + q, layer, wl);
                    sampler.biases(first + q, layer, bl);
                    String what = arch + " network " + (first + q) + " layer " + layer;
                    assertSame(wl, w, q * n * n, arch.weights().kind(), what + " W");
                    assertSame(bl, b, q * n, arch.bias().map(Distribution::kind).orElse(Distribution.Kind.UNIFORM), what + " b");
                }
            }
        }
    }

    /**
     * Gaussian and uniform draws (DrawMath's ln and cos, sqrt: the same bits on every backend)
     * exactly; Cauchy, stable and Student draws (tan, pow, sin) within 2 ulp, the bound
     * distributions.cuh states for libm against Java's intrinsics.
     */
    private static void assertSame(double[] want, double[] got, int from, Distribution.Kind kind, String what) {
        boolean exact = kind == Distribution.Kind.GAUSSIAN || kind == Distribution.Kind.UNIFORM;
        for (int i = 0; i < want.length; i++) {
            double g = got[from + i];
            if (exact ? Double.compare(want[i], g) != 0 : !(Math.abs(want[i] - g) <= 2 * Math.ulp(want[i]))) {
                fail(what + " element " + i + ": expected " + want[i] + ", got " + g
                        + (exact ? " (exact)" : " (2 ulp)"));
            }
        }
    }

    /**
     * Orthogonal weights: sample_layer with multiplier 1 then haar_layer (both launch limits, several
     * networks of one chunk). Given the device's unit Gaussians, the result is bit for bit
     * Householder.haarFromGaussian times the multiplier (haar.cuh mirrors it operation for
     * operation; the emulator does not contract); the device's Gaussians are DrawMath's, bit for bit,
     * so W_l equals TensorSampler's exactly; and W Wᵀ = m² I.
     */
    @Test
    void orthogonalLayersEqualTheTensorSampler() {
        int[] widths = {1, 2, 13, 24};
        double[] scales = {1.2, 0.5, 2, 1};
        try (EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < widths.length; t++) {
                int n = widths[t], networks = 1 + t % 3, layer = 1 + 2 * t;
                Architecture arch = new Architecture(n, 7, Activation.TANH, false, Distribution.orthogonal(scales[t]),
                        Scaling.DEFAULT, t % 2 == 0 ? Optional.of(Distribution.gaussian(0.3)) : Optional.empty());
                double m = arch.weightMultiplier();
                long seed = 31L * t + 3, first = t % 2 == 0 ? (1L << 31) + 5 : 11;
                TensorSampler sampler = new TensorSampler(arch, seed);
                double[] wl = new double[n * n], bl = new double[n];
                for (int[] lim : LIMITS) {
                    double[] g = new double[networks * n * n], w = new double[networks * n * n], b = new double[networks * n];
                    try (DeviceBuffer dw = device.alloc(8L * w.length); DeviceBuffer db = device.alloc(8L * b.length);
                         DeviceBuffer tau = device.alloc(8L * networks * n)) {
                        Kernel.sampleLayer(device, lim[0], arch, 1.0, seed, first, networks, layer, dw, db);
                        device.copyOut(dw, 0, g, 0, g.length);
                        Kernel.haarLayer(device, lim[0], dw, tau, networks, n, m);
                        device.copyOut(dw, 0, w, 0, w.length);
                        device.copyOut(db, 0, b, 0, b.length);
                    }
                    for (int q = 0; q < networks; q++) {
                        String what = arch + " network " + (first + q) + " layer " + layer + ", " + lim[0] + " threads";
                        double[] got = Arrays.copyOfRange(w, q * n * n, (q + 1) * n * n);
                        double[] haar = Arrays.copyOfRange(g, q * n * n, (q + 1) * n * n);
                        Householder.haarFromGaussian(haar, n);
                        for (int e = 0; e < n * n; e++) haar[e] *= m;
                        assertArrayEquals(haar, got, 0, what + ": W against Householder.haarFromGaussian of the device's Gaussians");
                        sampler.weights(first + q, layer, wl);
                        sampler.biases(first + q, layer, bl);
                        assertArrayEquals(wl, got, 0, what + ": W against TensorSampler");
                        assertArrayEquals(bl, Arrays.copyOfRange(b, q * n, (q + 1) * n), 0, what + " b");
                        double orth = 0;                                            // W Wᵀ = m² I
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < n; j++) {
                                double dot = 0;
                                for (int k = 0; k < n; k++) dot += got[i * n + k] * got[j * n + k];
                                orth = Math.max(orth, Math.abs(dot - (i == j ? m * m : 0)));
                            }
                        }
                        assertTrue(orth < 1e-12 * m * m, what + ": |W Wᵀ − m² I| = " + orth);
                    }
                }
            }
        }
    }

    /**
     * Orthogonal weights through CudaBackend.propagate at small N (path AUTO, which would pick the
     * small kernel for Gaussian weights): the large path runs, Grams within DeviceContract's 1e-9
     * of the CPU backend, bit Grams exactly, with both launch limits.
     */
    @Test
    void orthogonalGramsMatchTheCpuBackend() {
        int[] widths = {1, 7, 16, 29};
        Activation[] acts = {Activation.TANH, Activation.RELU, Activation.LINEAR, Activation.HARDTANH};
        int cases = 0;
        double worst = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < widths.length; t++) {
                int n = widths[t];
                Architecture arch = new Architecture(n, 1 + t % 3, acts[t], t == 1, Distribution.orthogonal(0.9 + 0.3 * t),
                        Scaling.DEFAULT, t % 2 == 1 ? Optional.of(Distribution.gaussian(0.2)) : Optional.empty());
                ProbeInputs probes = new ProbeInputs(2 + t % 3, 1.3, t % 2 == 0 ? 0.4 : 0);
                NetworkBatch batch = new NetworkBatch(arch, 17L * t + 2, t % 2 == 0 ? (1L << 31) - 1 : 6, 1 + t % 3);
                PropagationGrams want = cpu.propagate(batch, probes);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    assertFalse(gpu.propagateOps().usesLarge(n, probes.count()), "Gaussian weights would take the small path");
                    assertTrue(gpu.propagateOps().usesLarge(arch, probes.count()));
                    PropagationGrams got = gpu.propagate(batch, probes);
                    DeviceContract.assertGramsClose(want, got, DeviceContract.describe(arch, probes, batch)
                            + ", orthogonal, limits " + lim[0] + " threads / " + lim[1] + " B");
                    worst = Math.max(worst, maxRelative(want, got));
                    cases++;
                }
            }
        }
        assertEquals(8, cases);
        System.out.println("large-N propagate, orthogonal weights, vs cpu: " + cases
                + " cases, max Gram difference / Cauchy-Schwarz scale " + worst);
    }

    @Test
    void probeInputsEqualProbeInputsFill() {
        int n = 23, networks = 3;
        ProbeInputs probes = new ProbeInputs(4, 1.7, 0.35);
        long seed = 99, first = (1L << 32) - 3;
        double[] x = new double[networks * 4 * n];
        try (EmulatorDevice device = EmulatorDevice.open();
             DeviceBuffer dx = device.alloc(8L * x.length); DeviceBuffer scratch = device.alloc(8L * networks * (n + 4))) {
            Kernel.propagateProbes(device, 7, probes, n, seed, first, networks, dx, scratch);
            device.copyOut(dx, 0, x, 0, x.length);
        }
        double[] want = new double[4 * n];
        for (int q = 0; q < networks; q++) {
            probes.fill(seed, first + q, n, want);
            assertArrayEquals(want, Arrays.copyOfRange(x, q * 4 * n, (q + 1) * 4 * n), 1e-15 * Math.sqrt(1.7 * n),
                    "network " + (first + q));
        }
    }

    @Test
    void gramsMatchTheCpuBackendOnRandomArchitectures() {
        Random r = new Random(8);
        List<Distribution> weights = List.of(Distribution.gaussian(1.2), Distribution.gaussian(0.7), Distribution.uniform(1.1),
                Distribution.cauchy(0.4), Distribution.student(4, 1));
        List<Optional<Distribution>> biases = List.of(Optional.empty(), Optional.of(Distribution.gaussian(0.3)),
                Optional.of(Distribution.uniform(0.2)));
        // ERF left out: libm's erf against the CPU's series (JacobianEmulatorTest).
        Activation[] acts = {Activation.TANH, Activation.RELU, Activation.LOGISTIC, Activation.HARDTANH, Activation.LINEAR,
            Activation.TANH};
        int cases = 0;
        double worst = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 6; t++) {
                int n = t == 0 ? 40 : 1 + r.nextInt(45), depth = t == 0 ? 3 : 1 + r.nextInt(4);
                Architecture arch = new Architecture(n, depth, acts[t], t % 2 == 1, weights.get(t % weights.size()),
                        Scaling.DEFAULT, biases.get(t % biases.size()));
                ProbeInputs probes = new ProbeInputs(t == 0 ? 3 : 2 + r.nextInt(4), 0.5 + r.nextDouble(), t % 3 == 0 ? 0 : 0.5);
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), t % 2 == 0 ? (1L << 31) + 1 : r.nextInt(100), 1 + t % 3);
                PropagationGrams want = cpu.propagate(batch, probes);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    gpu.propagateOps().path(PropagatePath.LARGE);
                    assertTrue(gpu.propagateOps().usesLarge(n, probes.count()));
                    PropagationGrams got = gpu.propagate(batch, probes);
                    DeviceContract.assertGramsClose(want, got, DeviceContract.describe(arch, probes, batch)
                            + ", large path, limits " + lim[0] + " threads / " + lim[1] + " B");
                    worst = Math.max(worst, maxRelative(want, got));
                    cases++;
                }
            }
            // chunks of one network (a device whose budget holds one): the chunk loop and offsets
            Architecture arch = new Architecture(9, 2, Activation.TANH, false, Distribution.gaussian(1.4), Scaling.DEFAULT,
                    Optional.of(Distribution.gaussian(0.1)));
            ProbeInputs probes = new ProbeInputs(3, 1, 0.2);
            NetworkBatch batch = new NetworkBatch(arch, 5, 3, 3);
            long one = LargePropagatePlan.of(9, 2, 3, 64).bytesPerNetwork();
            CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, new BudgetDevice(device, one), cpu, x -> { }, 64, 48 << 10);
            gpu.propagateOps().path(PropagatePath.LARGE);
            DeviceContract.assertGramsClose(cpu.propagate(batch, probes), gpu.propagate(batch, probes), "chunks of one");
            cases++;
        }
        assertEquals(13, cases);
        System.out.println("large-N propagate vs cpu: " + cases + " cases, max Gram difference / Cauchy-Schwarz scale " + worst);
    }

    /** max |got − want| / max(√(G_ii G_jj), |G_ij|) over the h and y Grams. */
    private static double maxRelative(PropagationGrams want, PropagationGrams got) {
        int s = want.probes();
        double worst = 0;
        for (double[][] pair : new double[][][] {{want.hGram(), got.hGram()}, {want.yGram(), got.yGram()}}) {
            for (int k = 0; k < pair[0].length; k++) {
                int base = k - k % (s * s), i = (k % (s * s)) / s, j = k % s;
                double scale = Math.max(Math.sqrt(Math.abs(pair[0][base + i * s + i] * pair[0][base + j * s + j])),
                        Math.abs(pair[0][k]));
                if (scale > 0) worst = Math.max(worst, Math.abs(pair[1][k] - pair[0][k]) / scale);
            }
        }
        return worst;
    }

    @Test
    void pathRuleAndPlans() {
        try (EmulatorDevice device = EmulatorDevice.open(); CpuBackend cpu = new CpuBackend(1)) {
            CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, 5, 256);   // shrunken limits: same rule
            assertFalse(gpu.propagateOps().usesLarge(40, 3));
            assertFalse(gpu.propagateOps().usesLarge(255, 8));           // state 2·8·255 doubles fits 48 KiB
            assertTrue(gpu.propagateOps().usesLarge(256, 2));             // N ≥ 256
            assertTrue(gpu.propagateOps().usesLarge(200, 16));            // 2·16·200 doubles do not fit 48 KiB
            gpu.propagateOps().path(PropagatePath.SMALL);
            assertFalse(gpu.propagateOps().usesLarge(4096, 8));
            assertTrue(gpu.device().contains("large-N GEMM: tiled GEMM kernel"), gpu.device());
            Architecture orth = new Architecture(40, 2, Activation.TANH, false, Distribution.orthogonal(1), Scaling.DEFAULT,
                    Optional.empty());
            assertTrue(gpu.propagateOps().usesLarge(orth, 3));            // orthogonal: large even when small is forced
            gpu.propagateOps().path(PropagatePath.AUTO);
            assertTrue(gpu.propagateOps().usesLarge(orth, 3));
            assertFalse(gpu.propagateOps().usesLarge(40, 3));
        }
        // which GEMM: the emulator always gets the tiled kernel; `netdyn info` names cuBLAS or says why not
        try (EmulatorDevice device = EmulatorDevice.open(); Gemm g = Gemm.forDevice(device, 64)) {
            assertTrue(g instanceof TiledGemm, g.name());
        }
        String line = CudaInfo.lines().stream().filter(x -> x.startsWith("cuda gemm: ")).findFirst().orElseThrow();
        String why = CublasGemm.unavailableReason();
        assertEquals(why == null, line.contains("cuBLAS (libcublas.so.12 loaded"), line);
        if (why != null) assertTrue(line.contains("tiled GEMM kernel (cuBLAS unavailable: " + why), line);
        LargePropagatePlan p = LargePropagatePlan.of(512, 10, 8, 1024);
        assertEquals(8L * (512 * 512 + 512 + 3 * 8 * 512 + 520 + 3 * 10 * 64), p.bytesPerNetwork());
        assertEquals(TiledGemm.THREADS, p.threads());
        assertEquals(3, p.networksPerLaunch(3 * p.bytesPerNetwork() + 7, 100));
        assertEquals(5, p.networksPerLaunch(1L << 40, 5));
        assertThrows(IllegalStateException.class, () -> p.networksPerLaunch(p.bytesPerNetwork() - 1, 5));
    }

    // ---- a propagation sweep end to end, large path forced -------------------------------------

    // Seed 21: some ReLU output Grams of this sweep are rank-deficient. Their zero eigenvalues come
    // out as ±1e-16 rounding noise, different on the two backends (their GEMMs sum in different
    // orders); PropagationStats counts eigenvalues below N·ε·tr Γ as 0, without which σ = √λ would
    // turn that noise into ~1e-8 of effective_rank, beyond the tolerance.
    static final String[] SWEEP = {"sweep", "--measures", "propagation", "--widths", "5,24", "--depths", "1:3",
        "--dist", "gaussian:1.5", "--activation", "tanh,relu", "--bias", "none,gaussian:0.2",
        "--networks", "3", "--probes", "4", "--threads", "1", "--seed", "21"};

    @Test
    void propagationSweepOnTheLargePathReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        List<String> cpu = SweepRuns.run(SWEEP, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream(), "results.csv");
        String before = System.getProperty("netdyn.cuda.propagate");
        System.setProperty("netdyn.cuda.propagate", "large");
        List<String> emu;
        try {
            assertEquals(PropagatePath.LARGE, PropagatePath.fromProperty());
            emu = SweepRuns.run(SWEEP, dir.resolve("emu"), "cuda-emu", new ByteArrayOutputStream(), "results.csv");
        } finally {
            if (before == null) System.clearProperty("netdyn.cuda.propagate");
            else System.setProperty("netdyn.cuda.propagate", before);
        }
        assertTrue(cpu.size() > 20, "rows: " + cpu.size());
        CsvAssert.assertSameValues(cpu, emu, 1e-9, 1e-7);
    }

    static final String[] ORTHOGONAL_SWEEP = {"sweep", "--measures", "propagation", "--widths", "6,17", "--depths", "1:3",
        "--dist", "orthogonal:1.2,gaussian:1", "--activation", "tanh", "--bias", "none,gaussian:0.2",
        "--networks", "3", "--probes", "3", "--threads", "1", "--seed", "5"};

    /** Orthogonal (large path, chosen by the backend) and Gaussian (small path) cells side by side, no path forced. */
    @Test
    void orthogonalPropagationSweepOnCudaEmuReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        assertEquals(PropagatePath.AUTO, PropagatePath.fromProperty());
        List<String> cpu = SweepRuns.run(ORTHOGONAL_SWEEP, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream(), "results.csv");
        List<String> emu = SweepRuns.run(ORTHOGONAL_SWEEP, dir.resolve("emu"), "cuda-emu", new ByteArrayOutputStream(), "results.csv");
        assertTrue(cpu.size() > 20, "rows: " + cpu.size());
        assertTrue(cpu.stream().anyMatch(r -> r.contains("orthogonal")) && cpu.stream().anyMatch(r -> r.contains("gaussian")),
                "both distributions in the rows");
        CsvAssert.assertSameValues(cpu, emu, 1e-9, 1e-7);
    }
}
