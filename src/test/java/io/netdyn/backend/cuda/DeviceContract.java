package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Philox4x32;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every kernel of {@link Kernel} on a {@link Device} against its Java reference. Runs on the
 * emulator in CI ({@link EmulatorDeviceTest}) and on a GPU where there is one
 * ({@link JCudaDeviceTest}, tag "gpu"). The kernels compute in double: uint32 words must be
 * bit-identical, transcendental results within 1e-12 relative, propagate within 1e-9.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeviceContract {
    protected Device device;

    /** Why this device cannot run here, or null. */
    protected abstract String unavailableReason();

    protected abstract Device openDevice();

    @BeforeAll
    void open() {
        if (unavailableReason() == null) device = openDevice();
    }

    /** Every test is reported as skipped, with the reason, where the device is unavailable. */
    @BeforeEach
    void requireDevice() {
        assumeTrue(device != null, () -> getClass().getSimpleName() + " skipped: " + unavailableReason());
    }

    @AfterAll
    void close() { if (device != null) device.close(); }

    // ---- Philox ------------------------------------------------------------------------------

    /** Random123 known-answer vectors (docs/model.md, "Reproducible randomness"): counter c0..c3, key k0 k1, output. */
    static final int[][] KAT = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {-1, -1, -1, -1, -1, -1, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
            0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
    };

    @Test
    void philoxWordsAreBitIdenticalToJavaAndMatchTheKnownAnswers() {
        Random r = new Random(20261123);
        int n = KAT.length + 997;
        int[] counters = new int[4 * n], keys = new int[2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) counters[4 * i + j] = i < KAT.length ? KAT[i][j] : r.nextInt();
            for (int j = 0; j < 2; j++) keys[2 * i + j] = i < KAT.length ? KAT[i][4 + j] : r.nextInt();
        }
        int[] got = new int[4 * n];
        try (DeviceBuffer c = device.alloc(16L * n); DeviceBuffer k = device.alloc(8L * n); DeviceBuffer o = device.alloc(16L * n)) {
            device.copyIn(c, 0, counters, 0, 4 * n);
            device.copyIn(k, 0, keys, 0, 2 * n);
            Kernel.philoxStream(device, c, k, o, n);
            device.copyOut(o, 0, got, 0, 4 * n);
        }
        int[] want = new int[4 * n], block = new int[4];
        for (int i = 0; i < n; i++) {
            Philox4x32.block(counters[4 * i], counters[4 * i + 1], counters[4 * i + 2], counters[4 * i + 3],
                    keys[2 * i], keys[2 * i + 1], block);
            System.arraycopy(block, 0, want, 4 * i, 4);
        }
        for (int i = 0; i < KAT.length; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(KAT[i][6 + j], got[4 * i + j], String.format("KAT %d word %d: %08x", i, j, got[4 * i + j]));
            }
        }
        assertArrayEquals(want, got, "device Philox words differ from Philox4x32.java");
    }

    // ---- distributions -----------------------------------------------------------------------

    @Test
    void unitDrawsMatchDistributionJava() {
        Random r = new Random(7);
        int n = 2000;
        int[] words = new int[4 * n];
        for (int i = 0; i < words.length; i++) words[i] = r.nextInt();
        int[] extremes = {0, -1, 1, -2, 0x80000000, 0x7fffffff};   // tails: U = 2^-33 and 1 - 2^-33
        for (int i = 0; i < extremes.length; i++) {
            words[4 * i] = extremes[i];
            words[4 * i + 5] = extremes[extremes.length - 1 - i];
        }
        int[] quadrants = {1 << 29, (1 << 29) - 1, 3 << 29, (3 << 29) - 1, 5 << 29, (7 << 29) - 1, 1 << 30, 3 << 30, 0, -1};
        for (int i = 0; i < quadrants.length; i++) words[4 * (10 + i) + 1] = quadrants[i];   // cos 2πU at its zeros and ±1
        List<Distribution> dists = List.of(Distribution.gaussian(1), Distribution.uniform(1), Distribution.cauchy(1),
                Distribution.stable(0.5, 1), Distribution.stable(1, 1), Distribution.stable(1.5, 1),
                Distribution.stable(2, 1), Distribution.student(1, 1), Distribution.student(3.5, 1),
                Distribution.student(30, 1), Distribution.orthogonal(1));
        double[] got = new double[n], want = new double[n];
        int[] w = new int[4];
        try (DeviceBuffer in = device.alloc(16L * n); DeviceBuffer out = device.alloc(8L * n)) {
            device.copyIn(in, 0, words, 0, 4 * n);
            for (Distribution d : dists) {
                Kernel.unitDraws(device, in, out, n, d.kind(), d.param());
                device.copyOut(out, 0, got, 0, n);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(words, 4 * i, w, 0, 4);
                    want[i] = d.draw(w);
                }
                Distribution.Kind k = d.kind();
                if (k == Distribution.Kind.GAUSSIAN || k == Distribution.Kind.ORTHOGONAL || k == Distribution.Kind.UNIFORM) {
                    for (int i = 0; i < n; i++) {            // DrawMath's ln and cos: the same bits everywhere
                        if (Double.compare(want[i], got[i]) != 0) {
                            fail("unit draws of " + d.label() + ", words " + Integer.toUnsignedString(words[4 * i]) + ", "
                                    + Integer.toUnsignedString(words[4 * i + 1]) + ": Java " + want[i] + ", device " + got[i]);
                        }
                    }
                } else {
                    Close.assertClose(want, got, 1e-12, 0, "unit draws of " + d.label());
                }
            }
        }
    }

    // ---- activations -------------------------------------------------------------------------

    @Test
    void activationsAndDerivativesMatchJava() {
        List<Double> xs = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1e-300, -1e-300, 1e-9, 3.0, -3.0,
                6.0, -6.0, 30.0, -30.0, 700.0, -700.0, 800.0, -800.0, Math.nextUp(1.0), Math.nextDown(-1.0)));
        Random r = new Random(3);
        while (xs.size() < 400) xs.add(8 * r.nextGaussian());
        int n = xs.size();
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] phi = new double[n], dphi = new double[n], wantPhi = new double[n], wantDphi = new double[n];
        try (DeviceBuffer bx = device.alloc(8L * n); DeviceBuffer bp = device.alloc(8L * n); DeviceBuffer bd = device.alloc(8L * n)) {
            device.copyIn(bx, 0, x, 0, n);
            for (Activation a : Activation.values()) {
                Kernel.activation(device, bx, bp, bd, n, a);
                device.copyOut(bp, 0, phi, 0, n);
                device.copyOut(bd, 0, dphi, 0, n);
                for (int i = 0; i < n; i++) {
                    wantPhi[i] = a.phi(x[i]);
                    wantDphi[i] = a.dphi(x[i]);
                }
                Close.assertClose(wantPhi, phi, 1e-12, 1e-300, "φ of " + a.label());
                Close.assertClose(wantDphi, dphi, 1e-12, 1e-300, "φ' of " + a.label());
            }
        }
    }

    // ---- the CUDA features the kernels rely on (shared memory, barriers, atomics) -----------

    @Test
    void blockReduceWithSharedMemoryBarriersAndAtomicsIsExact() {
        int n = 1000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i;
        int[][] configs = {{1, 1}, {3, 37}, {5, 64}, {2, 128}};   // blocks, threads (non-powers of two too)
        try (DeviceBuffer bx = device.alloc(8L * n); DeviceBuffer sum = device.alloc(8); DeviceBuffer ok = device.alloc(4)) {
            device.copyIn(bx, 0, x, 0, n);
            for (int[] c : configs) {
                device.copyIn(sum, 0, new double[] {0}, 0, 1);
                device.copyIn(ok, 0, new int[] {0}, 0, 1);
                Kernel.selftestBlockSum(device, new LaunchConfig(c[0], c[1], 8 * c[1]), bx, sum, ok, n);
                double[] s = new double[1];
                int[] blocks = new int[1];
                device.copyOut(sum, 0, s, 0, 1);
                device.copyOut(ok, 0, blocks, 0, 1);
                assertEquals(n * (n - 1) / 2.0, s[0], 0, "sum with " + c[0] + " × " + c[1]);
                assertEquals(c[0], blocks[0], "blocks whose threads all met, " + c[0] + " × " + c[1]);
            }
        }
    }

    // ---- copies: byte offsets on the device, element offsets on the host -----------------------

    @Test
    void copiesTakeDeviceByteOffsetsAndHostElementRanges() {
        try (DeviceBuffer d = device.alloc(8 * 10); DeviceBuffer i = device.alloc(4 * 10)) {
            device.copyIn(d, 0, new double[10], 0, 10);
            device.copyIn(d, 16, new double[] {9, 9, 2.5, 3.5, 4.5, 9}, 2, 3);      // device doubles 2..4
            double[] out = {-1, -1, -1, -1, -1, -1};
            device.copyOut(d, 8, out, 1, 4);                                          // device doubles 1..4 → out[1..4]
            assertArrayEquals(new double[] {-1, 0, 2.5, 3.5, 4.5, -1}, out);
            device.copyIn(i, 0, new int[10], 0, 10);
            device.copyIn(i, 12, new int[] {7, 8, 9}, 1, 2);                          // device ints 3, 4
            int[] outI = {-1, -1, -1, -1};
            device.copyOut(i, 8, outI, 0, 4);                                         // device ints 2..5
            assertArrayEquals(new int[] {0, 8, 9, 0}, outI);
            // a host range past the array is refused (on a GPU nothing else would stop the driver reading past it)
            assertThrows(IndexOutOfBoundsException.class, () -> device.copyIn(d, 0, new double[3], 2, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> device.copyOut(d, 0, new double[3], 2, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> device.copyIn(i, 0, new int[3], -1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> device.copyOut(i, 0, new int[3], 1, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> device.copyOut(d, 8 * 9, new double[2], 0, 2));
        }
    }

    // ---- propagate ---------------------------------------------------------------------------

    /** Launch limits the backend is tried with: the device's own, few odd threads, tiles of a few columns. */
    private List<int[]> limits(int probes) {
        return List.of(new int[] {device.preferredBlockThreads(), device.maxSharedBytesPerBlock()},
                new int[] {7, device.maxSharedBytesPerBlock()},
                new int[] {33, 8 * (probes + 12)});   // tile 1 × 10: row and column tiles, state in global memory
    }

    @Test
    void propagateMatchesTheCpuBackendOnRandomSmallArchitectures() {
        Random r = new Random(5);
        int[] widths = {1, 2, 3, 5, 7, 8, 13, 16, 17, 31, 32, 33};
        List<Distribution> weights = List.of(Distribution.gaussian(1.2), Distribution.gaussian(0.6), Distribution.uniform(0.9),
                Distribution.cauchy(0.5), Distribution.stable(1.5, 1), Distribution.stable(0.8, 0.7),
                Distribution.student(3, 1), Distribution.stable(1, 0.5));
        List<Optional<Distribution>> biases = List.of(Optional.empty(), Optional.of(Distribution.gaussian(0.3)),
                Optional.of(Distribution.uniform(0.2)), Optional.of(Distribution.cauchy(0.05)));
        Activation[] acts = Activation.values();
        int cases = 0;
        try (CpuBackend cpu = new CpuBackend(1)) {
            for (int t = 0; t < 24; t++) {
                int n = widths[t % widths.length];
                Architecture arch = new Architecture(n, 1 + r.nextInt(5), acts[t % acts.length], r.nextBoolean(),
                        weights.get(r.nextInt(weights.size())), r.nextInt(4) == 0 ? Scaling.NONE : Scaling.DEFAULT,
                        biases.get(r.nextInt(biases.size())));
                ProbeInputs probes = new ProbeInputs(2 + r.nextInt(6), 0.5 + 1.5 * r.nextDouble(),
                        r.nextBoolean() ? 0 : 0.9 * r.nextDouble());
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), t % 3 == 0 ? (1L << 31) + 11 : r.nextInt(1000),
                        1 + r.nextInt(3));
                PropagationGrams want = cpu.propagate(batch, probes);
                for (int[] lim : limits(probes.count())) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, s -> { }, lim[0], lim[1]);
                    PropagationGrams got = gpu.propagate(batch, probes);
                    String what = describe(arch, probes, batch) + ", limits " + lim[0] + " threads / " + lim[1] + " B";
                    assertGramsClose(want, got, what);
                    cases++;
                }
            }
        }
        assertEquals(72, cases);
    }

    static String describe(Architecture a, ProbeInputs p, NetworkBatch b) {
        return "N=" + a.width() + " L=" + a.depth() + " " + a.activation().label() + (a.lastLinear() ? " last-linear" : "")
                + " W " + a.weights().label() + "/" + a.weightScaling().label() + " b " + a.biasLabel()
                + " S=" + p.count() + " q0=" + p.q0() + " c0=" + p.c0() + " networks " + b.first() + "+" + b.count();
    }

    /**
     * Gram entries within 1e-9 relative to their Cauchy–Schwarz scale √(G_ii G_jj) (the size of
     * the vectors, not of a possibly cancelled inner product); sign-bit Grams exactly.
     */
    static void assertGramsClose(PropagationGrams want, PropagationGrams got, String what) {
        int s = want.probes();
        assertEquals(want.hGram().length, got.hGram().length, what);
        assertEquals(want.bitGram().length, got.bitGram().length, what);
        for (int b = 0; b < want.networks(); b++) {
            for (int l = 1; l <= want.depth(); l++) {
                int off = want.offset(b, l);
                for (int i = 0; i < s; i++) {
                    for (int j = 0; j < s; j++) {
                        int k = off + i * s + j;
                        check(want.hGram(), got.hGram(), k, off + i * s + i, off + j * s + j, what, "hGram", b, l, i, j);
                        check(want.yGram(), got.yGram(), k, off + i * s + i, off + j * s + j, what, "yGram", b, l, i, j);
                        if (want.bitGram()[k] != got.bitGram()[k]) {
                            fail(what + ": bitGram network " + b + " layer " + l + " (" + i + "," + j + "): expected "
                                    + want.bitGram()[k] + ", got " + got.bitGram()[k]);
                        }
                    }
                }
            }
        }
    }

    private static void check(double[] want, double[] got, int k, int ii, int jj, String what, String name,
                              int b, int l, int i, int j) {
        double scale = Math.sqrt(Math.abs(want[ii] * want[jj]));
        double tol = 1e-9 * Math.max(scale, Math.abs(want[k])) + 1e-300;
        if (!(Math.abs(got[k] - want[k]) <= tol) && Double.compare(got[k], want[k]) != 0) {
            fail(String.format("%s: %s network %d layer %d (%d,%d): expected %.17g, got %.17g (scale %.3g)",
                    what, name, b, l, i, j, want[k], got[k], scale));
        }
    }
}
