package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.Scaling;
import io.netdyn.model.StartPoints;
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
 * kernels/iterate_map.cu through the emulator against the CPU backend (MapEngine.iterate):
 * statuses, iteration counts and cycle periods identical, final points within 1e-9 (abs + rel)
 * for every start that converged, cycled or diverged, and the fixedpoints measure end to end on --backend cuda-emu with the CPU's Q per network.
 */
@ExtendWith(RequiresEmulator.class)
class IterateMapEmulatorTest {


    /** Launch limits {threads, shared bytes}: the device default; tiny blocks with the weights in global memory. */
    private static final int[][] LIMITS = {{EmulatorDevice.BLOCK_THREADS, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};

    @Test
    void iterateMapMatchesTheCpuBackendOnRandomArchitectures() {
        Random r = new Random(17);
        List<Distribution> weights = List.of(Distribution.gaussian(1.5), Distribution.gaussian(3), Distribution.cauchy(1),
                Distribution.cauchy(0.3), Distribution.stable(1.5, 1), Distribution.stable(0.8, 0.7), Distribution.uniform(2));
        List<Optional<Distribution>> biases = List.of(Optional.empty(), Optional.of(Distribution.gaussian(0.5)),
                Optional.of(Distribution.cauchy(0.1)));
        // ERF is left out: the kernel's erf is libm's, the CPU's a series (ulp differences can move a step).
        Activation[] acts = {Activation.TANH, Activation.LOGISTIC, Activation.TANH, Activation.LOGISTIC,
            Activation.RELU, Activation.HARDTANH, Activation.LINEAR};
        int cases = 0, converged = 0, cycles = 0, diverged = 0, open = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 60; t++) {
                int n = 1 + (t * 7) % 17;
                int depth = 1 + r.nextInt(4);
                Architecture arch = new Architecture(n, depth, acts[t % acts.length], r.nextInt(4) == 0,
                        weights.get(r.nextInt(weights.size())), r.nextInt(5) == 0 ? Scaling.NONE : Scaling.DEFAULT,
                        biases.get(r.nextInt(biases.size())));
                int[] depths = depth == 1 ? new int[] {1} : (r.nextBoolean() ? new int[] {depth} : new int[] {1, depth});
                StartPoints starts = new StartPoints(1 + r.nextInt(12),
                        r.nextInt(3) == 0 ? StartPoints.Box.gaussian(1.5) : StartPoints.Box.defaultFor(arch.activation()));
                IterationSettings s = new IterationSettings(20 + r.nextInt(200), r.nextBoolean() ? 1e-8 : 1e-6,
                        1 + r.nextInt(6), 1e-5, 10);
                NetworkBatch batch = new NetworkBatch(arch, r.nextLong(), t % 4 == 0 ? (1L << 31) + 5 : r.nextInt(1000),
                        1 + r.nextInt(3));
                NetworkBatch nets = batch;
                FixedPointRun want = cpu.iterateMap(nets, depths, starts, s);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, cpu, x -> { }, lim[0], lim[1]);
                    FixedPointRun got = gpu.iterateMap(nets, depths, starts, s);
                    assertRunsAgree(want, got, arch + " depths " + Arrays.toString(depths) + " M=" + starts.count()
                            + " " + s + " networks " + batch.first() + "+" + batch.count() + ", limits " + Arrays.toString(lim));
                    cases++;
                }
                for (byte st : want.status()) {
                    switch (st) {
                        case FixedPointRun.CONVERGED -> converged++;
                        case FixedPointRun.CYCLE -> cycles++;
                        case FixedPointRun.DIVERGED -> diverged++;
                        default -> open++;
                    }
                }
            }
        }
        assertEquals(120, cases);
        String mix = converged + " converged, " + cycles + " cycles, " + diverged + " diverged, " + open + " not converged";
        assertTrue(converged > 0 && cycles > 0 && open > 0, "the random cases must reach every outcome: " + mix);
    }

    /**
     * Status, iterations and period identical; point and residual within 1e-9 except for starts
     * still wandering after T steps (NOT_CONVERGED): their orbits are often chaotic, and the
     * ulp-level differences between Java's and libm's log/cos/tan/exp (weights, tanh) grow like
     * e^{λt} there, so only the outcome is compared.
     */
    static void assertRunsAgree(FixedPointRun want, FixedPointRun got, String what) {
        int n = want.width();
        StringBuilder sb = new StringBuilder();
        int bad = 0;
        for (int k = 0; k < want.status().length; k++) {
            boolean ok = want.status()[k] == got.status()[k] && want.iterations()[k] == got.iterations()[k]
                    && want.period()[k] == got.period()[k];
            boolean settled = want.status()[k] != FixedPointRun.NOT_CONVERGED;
            if (settled) ok &= close(want.residual()[k], got.residual()[k]);
            for (int i = 0; i < n && ok && settled; i++) ok = close(want.points()[k * n + i], got.points()[k * n + i]);
            if (!ok && bad++ < 5) {
                sb.append(String.format("%n  slot %d: cpu status %d iter %d period %d residual %.6g x0 %.17g;"
                                + " emu status %d iter %d period %d residual %.6g x0 %.17g", k,
                        want.status()[k], want.iterations()[k], want.period()[k], want.residual()[k], want.points()[k * n],
                        got.status()[k], got.iterations()[k], got.period()[k], got.residual()[k], got.points()[k * n]));
            }
        }
        if (bad > 0) fail(what + ": " + bad + " of " + want.status().length + " slots differ:" + sb);
    }

    private static boolean close(double a, double b) {
        return Double.compare(a, b) == 0 || Math.abs(a - b) <= 1e-9 + 1e-9 * Math.abs(a);
    }

    /** Plans: every start has a thread, blocks within the limit, weights shared exactly when they fit. */
    @Test
    void iterateMapPlansFitTheirLimits() {
        for (int m : new int[] {1, 5, 64, 257, 1000}) {
            for (int n : new int[] {1, 7, 32, 100}) {
                for (int[] lim : new int[][] {{256, 48 << 10}, {64, 48 << 10}, {5, 256}}) {
                    IterateMapPlan p = IterateMapPlan.of(n, 3, 2, m, 4, lim[0], lim[1]);
                    String what = "M=" + m + " N=" + n + " limits " + Arrays.toString(lim) + ": " + p;
                    assertTrue(p.threads() <= Math.min(lim[0], IterateMapPlan.MAX_THREADS), what);
                    assertTrue((long) p.threads() * p.chunks() >= m && (long) p.threads() * (p.chunks() - 1) < m, what);
                    assertEquals(8L * 3 * (n * n + n) <= lim[1], p.weightsInShared(), what);
                    assertTrue(p.sharedBytes() <= lim[1], what);
                    assertTrue(p.networksPerLaunch(1L << 30, 10_000) >= 1, what);
                }
            }
        }
    }

    // ---- the fixedpoints measure end to end ---------------------------------------------------

    /** 2 widths × 2 weight laws × 2 activations × 30 networks = 240 networks, at depths 1 and 3. */
    static final String[] SWEEP = {"sweep", "--measures", "fixedpoints", "--widths", "2,5", "--depths", "1,3",
        "--dist", "gaussian:1.5,cauchy:1", "--activation", "tanh,logistic", "--bias", "gaussian:0.3",
        "--networks", "30", "--starts", "10", "--max-iter", "300", "--threads", "2", "--seed", "7"};

    @Test
    void fixedpointsMeasureOnCudaEmuFindsTheCpuCountsOnEveryNetwork(@TempDir Path dir) throws Exception {
        List<String> cpu = run(dir.resolve("cpu"), "cpu", new ByteArrayOutputStream());
        ByteArrayOutputStream notices = new ByteArrayOutputStream();
        List<String> emu = run(dir.resolve("emu"), "cuda-emu", notices);
        assertTrue(notices.toString().contains("in the emulated kernels: iterateMap"), notices.toString());
        assertEquals(cpu.size(), emu.size(), "rows");
        List<String> header = List.of(cpu.get(0).split(",", -1));
        assertEquals(cpu.get(0), emu.get(0), "header");
        int q = header.indexOf("q_stable"), qu = header.indexOf("q_unstable"), network = header.indexOf("network");
        assertTrue(q >= 0 && qu >= 0 && network >= 0, cpu.get(0));
        assertTrue(cpu.size() - 1 >= 2 * 240, "rows: " + (cpu.size() - 1));
        int mismatches = 0, multiple = 0;
        StringBuilder sb = new StringBuilder();
        for (int row = 1; row < cpu.size(); row++) {
            String[] a = cpu.get(row).split(",", -1), b = emu.get(row).split(",", -1);
            if (Integer.parseInt(a[q]) > 1) multiple++;
            if (!a[network].equals(b[network]) || !a[q].equals(b[q]) || !a[qu].equals(b[qu])) {
                if (mismatches++ < 5) sb.append("\n  cpu ").append(cpu.get(row)).append("\n  emu ").append(emu.get(row));
            }
        }
        if (mismatches > 0) fail(mismatches + " network rows differ in Q:" + sb);
        assertTrue(multiple > 0, "some network should have more than one stable fixed point");
    }

    private static List<String> run(Path out, String backend, ByteArrayOutputStream err) throws Exception {
        return SweepRuns.run(SWEEP, out, backend, err, "fixedpoints.csv");
    }
}
