package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.WormholeResult;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.Scaling;
import io.netdyn.model.WormholeInputs;
import io.netdyn.testing.CsvAssert;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernels/wormhole.cu through the emulator against the CPU backend (WormholeWorker): every
 * {@link WormholeResult} array on random (k, n, L, pairs, variant, inputs, α, σ depths) within
 * 1e-10 relative (Hamming exactly), with the workspace in shared and in global memory, and the
 * wormhole measure end to end on --backend cuda-emu against the CPU's results.csv.
 */
@ExtendWith(RequiresEmulator.class)
class WormholeEmulatorTest {


    /** Launch limits {threads, shared bytes}: a 64-thread block; tiny blocks with the workspace in global memory. */
    private static final int[][] LIMITS = {{64, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};
    private static final double REL = 1e-10;
    /** Entries compared and entries not bitwise equal (printed: rounding differences come from libm only). */
    private static long entries, inexact;

    @Test
    void everyArrayMatchesTheCpuBackendOnRandomShapes() {
        Random r = new Random(47);
        double[] worst = new double[6];
        int cases = 0, sharedCases = 0, svCompared = 0, collapsed = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 16; t++) {
                int k = t == 0 ? 1 : t == 1 ? 2 : 2 + r.nextInt(10);
                int rows = t % 4 == 2 ? k : k + r.nextInt(6 * k + 1);
                int depth = t % 5 == 4 ? 14 : 1 + r.nextInt(7);
                int pairs = 1 + r.nextInt(4);
                var variant = r.nextBoolean() ? MaxNormConstruction.Variant.MAXABS : MaxNormConstruction.Variant.NEGATIVE;
                var inputs = r.nextBoolean() ? WormholeInputs.UNIFORM : WormholeInputs.GAUSSIAN;
                double alpha = t % 3 == 0 ? 100 : 0.1 + 10 * r.nextDouble();
                int[] sv = t % 6 == 3 ? new int[0]
                        : IntStream.rangeClosed(1, depth + 2).filter(d -> r.nextInt(3) == 0 || d == depth).toArray();
                WormholeRequest req = new WormholeRequest(variant, rows, inputs, pairs, alpha, sv);
                // The construction ignores the architecture's distribution, activation and bias.
                Architecture arch = new Architecture(k, depth, Activation.TANH, false, Distribution.gaussian(1),
                        Scaling.DEFAULT, Optional.empty());
                int count = 1 + r.nextInt(3);
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), t % 3 == 1 ? (1L << 31) + 3 : r.nextInt(1000), count);
                WormholeResult want = cpu.wormhole(batch, req);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    WormholePlan plan = WormholePlan.of(k, rows, depth, pairs, sv.length, lim[0], lim[1]);
                    if (plan.workspaceInShared()) sharedCases++;
                    WormholeResult got = gpu.wormhole(batch, req);
                    String what = "k=" + k + " n=" + rows + " L=" + depth + " P=" + pairs + " " + variant + " " + inputs
                            + " alpha=" + alpha + " sv " + Arrays.toString(sv) + " networks " + batch.first() + "+" + count
                            + ", limits " + Arrays.toString(lim);
                    assertEquals(want.networks(), got.networks(), what);
                    worst[0] = Math.max(worst[0], assertClose("dTheta", want.dTheta(), got.dTheta(), REL, what));
                    worst[1] = Math.max(worst[1], assertClose("dThetaFlipped", want.dThetaFlipped(), got.dThetaFlipped(), REL, what));
                    worst[2] = Math.max(worst[2], assertClose("d", want.d(), got.d(), REL, what));
                    worst[3] = Math.max(worst[3], assertClose("hamming", want.hamming(), got.hamming(), 0, what));
                    worst[4] = Math.max(worst[4], assertClose("error", want.error(), got.error(), REL, what));
                    worst[5] = Math.max(worst[5], assertClose("svRatio", want.svRatio(), got.svRatio(), REL, what));
                    for (double s : want.svRatio()) {
                        if (!Double.isNaN(s)) svCompared++;
                        if (s < 1e-4) collapsed++;
                    }
                    cases++;
                }
            }
        }
        assertEquals(32, cases);
        assertTrue(sharedCases >= 16 && sharedCases <= 20, "shared-memory cases (every big block, few tiny ones): " + sharedCases);
        assertTrue(svCompared > 40, "sigma ratios compared: " + svCompared);
        assertTrue(collapsed > 0, "no collapsed product (sigma2/sigma1 < 1e-4) among the cases");
        System.out.println("wormhole emu vs cpu, max relative difference (dTheta, flipped, d, hamming, error, svRatio): "
                + Arrays.toString(worst) + "; sv ratios " + svCompared + ", collapsed " + collapsed + "; not bitwise equal: "
                + inexact + " of " + entries);
    }

    /**
     * |got − want| ≤ rel·|want| for every entry (NaN only against NaN); prints the first
     * mismatches. Returns the largest relative difference.
     */
    static double assertClose(String name, double[] want, double[] got, double rel, String what) {
        assertEquals(want.length, got.length, what + ": " + name + " lengths");
        entries += want.length;
        StringBuilder sb = new StringBuilder();
        int bad = 0;
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            if (Double.isNaN(want[i]) && Double.isNaN(got[i]) || want[i] == got[i]) continue;
            double diff = Math.abs(got[i] - want[i]), scaled = diff / Math.abs(want[i]);
            if (!(diff <= rel * Math.abs(want[i]))) {
                if (bad++ < 5) sb.append(String.format("%n  [%d] cpu %.17g emu %.17g", i, want[i], got[i]));
            } else {
                worst = Math.max(worst, scaled);
                inexact++;
            }
        }
        if (bad > 0) fail(what + ": " + name + ": " + bad + " of " + want.length + " values differ:" + sb);
        return worst;
    }

    /**
     * The selection alone on row sets full of ties (±0, equal magnitudes of both signs, repeated
     * values) against MaxNormConstruction's own heap (its private key/select/selected, reached
     * by reflection: the construction's public API draws y from Philox, where ties never occur).
     */
    @Test
    void theSelectionBreaksTiesAsTheCpuHeap() throws Exception {
        Random r = new Random(5);
        double[] pool = {-2, -1, -0.0, 0.0, 1, 2, 0.5, -0.5};
        Field keyField = MaxNormConstruction.class.getDeclaredField("key");
        Field selField = MaxNormConstruction.class.getDeclaredField("selected");
        Method select = MaxNormConstruction.class.getDeclaredMethod("select");
        keyField.setAccessible(true);
        selField.setAccessible(true);
        select.setAccessible(true);
        int compared = 0, tiedSets = 0;
        try (EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 24; t++) {
                int n = 1 + r.nextInt(40), k = 1 + r.nextInt(n), sets = 1 + r.nextInt(3);
                boolean negative = t % 2 == 1;
                var variant = negative ? MaxNormConstruction.Variant.NEGATIVE : MaxNormConstruction.Variant.MAXABS;
                double[] y = new double[sets * n];
                for (int i = 0; i < y.length; i++) y[i] = r.nextInt(4) == 0 ? r.nextGaussian() : pool[r.nextInt(pool.length)];
                int[] got = new int[sets * k];
                try (DeviceBuffer dy = device.alloc(8L * y.length); DeviceBuffer ds = device.alloc(4L * got.length)) {
                    device.copyIn(dy, 0, y, 0, y.length);
                    Kernel.maxnormSelect(device, new LaunchConfig(sets, t % 3 == 0 ? 5 : 32, 0), dy, ds, n, k, negative);
                    device.copyOut(ds, 0, got, 0, got.length);
                }
                for (int b = 0; b < sets; b++) {
                    MaxNormConstruction c = new MaxNormConstruction(k, n, variant, 1);
                    double[] key = (double[]) keyField.get(c);
                    Set<Double> distinct = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        double v = y[b * n + i];
                        key[i] = negative ? -v : Math.abs(v);
                        distinct.add(key[i] == 0 ? 0.0 : key[i]);
                    }
                    if (distinct.size() < n) tiedSets++;
                    select.invoke(c);
                    int[] want = (int[]) selField.get(c);
                    assertArrayEquals(want, Arrays.copyOfRange(got, b * k, (b + 1) * k),
                            "n=" + n + " k=" + k + " " + variant + " y=" + Arrays.toString(Arrays.copyOfRange(y, b * n, (b + 1) * n)));
                    compared++;
                }
            }
        }
        assertTrue(compared >= 24 && tiedSets > compared / 2, compared + " sets, " + tiedSets + " with ties");
    }

    /** A device budget of about two networks: the batch runs in several launches, results unchanged. */
    @Test
    void aSmallMemoryBudgetSplitsTheBatchIntoLaunches() {
        Architecture arch = new Architecture(6, 5, Activation.TANH, false, Distribution.gaussian(1), Scaling.DEFAULT,
                Optional.empty());
        NetworkBatch batch = new NetworkBatch(arch, 99, 40, 5);
        WormholeRequest req = new WormholeRequest(MaxNormConstruction.Variant.MAXABS, 18, WormholeInputs.GAUSSIAN, 3, 100,
                new int[] {2, 5});
        WormholePlan plan = WormholePlan.of(6, 18, 5, 3, 2, 5, 256);
        assertTrue(!plan.workspaceInShared());
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice emu = EmulatorDevice.open()) {
            BudgetDevice small = new BudgetDevice(emu, 2 * plan.bytesPerNetwork() + 100);
            WormholeResult want = cpu.wormhole(batch, req);
            WormholeResult got = new CudaBackend(BackendKind.CUDA_EMU, small, cpu, x -> { }, 5, 256).wormhole(batch, req);
            assertEquals(3, small.launches.size(), "5 networks, 2 per launch");
            String what = "chunked";
            assertClose("dTheta", want.dTheta(), got.dTheta(), REL, what);
            assertClose("dThetaFlipped", want.dThetaFlipped(), got.dThetaFlipped(), REL, what);
            assertClose("d", want.d(), got.d(), REL, what);
            assertClose("hamming", want.hamming(), got.hamming(), 0, what);
            assertClose("error", want.error(), got.error(), REL, what);
            assertClose("svRatio", want.svRatio(), got.svRatio(), REL, what);
            assertTrue(Double.isNaN(got.svRatio()[0]) && !Double.isNaN(got.svRatio()[1]) && !Double.isNaN(got.svRatio()[4 * 5 + 4]));
        }
    }

    /** Plans: threads within the limits, workspace shared exactly when it fits, chunks within the budget. */
    @Test
    void plansFitTheirLimits() {
        for (int k : new int[] {1, 7, 20, 64}) {
            for (int[] lim : new int[][] {{256, 48 << 10}, {64, 48 << 10}, {5, 256}}) {
                for (int sv : new int[] {0, 2}) {
                    WormholePlan p = WormholePlan.of(k, 4 * k, 10, 16, sv, lim[0], lim[1]);
                    String what = "k=" + k + " sv=" + sv + " limits " + Arrays.toString(lim) + ": " + p;
                    assertTrue(p.threads() >= 1 && p.threads() <= Math.min(lim[0], WormholePlan.MAX_THREADS), what);
                    assertEquals(8 * WormholePlan.workspaceDoubles(k, 4 * k, 16, sv > 0) + WormholePlan.STATIC_SHARED_BYTES
                            <= lim[1], p.workspaceInShared(), what);
                    assertTrue(p.sharedBytes() + WormholePlan.STATIC_SHARED_BYTES <= lim[1], what);
                    int chunk = p.networksPerLaunch(1L << 20, 10_000);
                    assertTrue(chunk >= 1 && chunk * p.bytesPerNetwork() <= 1L << 20, what);
                }
            }
        }
        assertTrue(WormholePlan.workspaceDoubles(8, 32, 4, true) > WormholePlan.workspaceDoubles(8, 32, 4, false));
        assertThrows(IllegalStateException.class, () -> WormholePlan.of(64, 256, 10, 16, 1, 64, 1024).networksPerLaunch(1000, 5));
        assertThrows(IllegalArgumentException.class, () -> WormholePlan.of(8, 7, 3, 2, 0, 64, 1024));
    }

    // ---- the wormhole measure end to end ------------------------------------------------------

    static final String[] SWEEP = {"sweep", "--measures", "wormhole", "--widths", "3,8", "--depths", "2,7",
        "--dist", "gaussian:1", "--activation", "tanh", "--overparam", "1,4", "--wormhole-pairs", "3",
        "--wormhole-variant", "negative", "--networks", "3", "--threads", "2", "--seed", "21"};

    @Test
    void wormholeMeasureOnCudaEmuReproducesTheCpuResults(@TempDir Path dir) throws Exception {
        List<String> cpu = SweepRuns.run(SWEEP, dir.resolve("cpu"), "cpu", new ByteArrayOutputStream(), "results.csv");
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = SweepRuns.run(SWEEP, dir.resolve("emu"), "cuda-emu", notices, "results.csv");
        assertTrue(notices.toString().matches("(?s).*in the emulated kernels: [^;]*wormhole.*"), notices.toString());
        assertEquals(1 + 2 * 2 * 2 * 12, cpu.size(), "header + widths × ratios × depths × statistics");
        CsvAssert.assertSameValues(cpu, emu, 0, 1e-10);
    }
}
