package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kernels/lyapunov.cu's netdyn_lyapunov_map_f64 through the emulator against the CPU backend
 * (LyapunovWorker.mapExponent): the iterated-map exponents of random architectures within 1e-9
 * relative (equal when −∞ or NaN), with the workspace in shared and in global memory, and with
 * the CPU backend unreachable from the CUDA backend (lyapunov runs wholly on the device).
 * The end-to-end check of the lyapunov measure with --map-steps is JacobianEmulatorTest's.
 */
@ExtendWith(RequiresEmulator.class)
class LyapunovMapEmulatorTest {


    /** Launch limits {threads, shared bytes}: the device default; tiny blocks with the workspace in global memory. */
    private static final int[][] LIMITS = {{EmulatorDevice.BLOCK_THREADS, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};

    /** A backend whose every call fails: what the CUDA backend may not ask for. */
    private static Backend noCpu() {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "name" -> "no-cpu";
                    case "device" -> "none";
                    case "threads" -> 1;
                    case "close" -> null;
                    default -> throw new AssertionError("the CPU backend was asked for " + m.getName());
                });
    }

    @Test
    void mapExponentsMatchTheCpuBackendOnRandomArchitectures() {
        Random r = new Random(47);
        List<Distribution> weights = List.of(Distribution.gaussian(0.8), Distribution.gaussian(1.3), Distribution.gaussian(2),
                Distribution.uniform(1.7), Distribution.gaussian(3));
        List<Optional<Distribution>> biases = List.of(Optional.empty(), Optional.of(Distribution.gaussian(0.3)));
        Activation[] acts = PointCases.ACTIVATIONS;
        int cases = 0, finite = 0, special = 0;
        double worst = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 14; t++) {
                int n = 1 + (t * 5) % 17;
                int depth = 1 + r.nextInt(6);
                Architecture arch = new Architecture(n, depth, acts[t % acts.length], t % 3 != 0,
                        weights.get(r.nextInt(weights.size())), Scaling.DEFAULT, biases.get(t % 2));
                int count = 1 + r.nextInt(2);
                InputPoints points = PointCases.points(r, t, count, n, true);
                int p = points.count();
                NetworkBatch batch = PointCases.batch(r, t, arch, count);
                int[] mapDepths = IntStream.rangeClosed(1, depth)
                        .filter(l -> l == depth || r.nextInt(2) == 0).toArray();
                int steps = 1 + r.nextInt(9);
                int k = 1 + r.nextInt(n);
                LyapunovRun want = cpu.lyapunov(batch, points, k, mapDepths, steps);
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, noCpu(), x -> { }, lim[0], lim[1]);
                    LyapunovRun got = gpu.lyapunov(batch, points, k, mapDepths, steps);
                    String what = arch + " map depths " + Arrays.toString(mapDepths) + " steps " + steps + " points " + p
                            + (points.given() != null ? " given" : " q=" + points.q())
                            + " networks " + batch.first() + "+" + count + ", limits " + Arrays.toString(lim);
                    assertEquals(want.mapLambda().length, got.mapLambda().length, what);
                    for (int i = 0; i < want.mapLambda().length; i++) {
                        double a = want.mapLambda()[i], b = got.mapLambda()[i];
                        if (!Double.isFinite(a)) {
                            special++;
                            assertEquals(a, b, what + ": [" + i + "]");      // −∞ and NaN exactly
                            continue;
                        }
                        double rel = Math.abs(a - b) / Math.max(Math.abs(a), 1e-300);
                        if (!(rel <= 1e-9) && !(Math.abs(a - b) <= 1e-13)) {
                            fail(what + ": [" + i + "] cpu " + a + " emu " + b);
                        }
                        worst = Math.max(worst, Math.abs(a - b));
                        finite++;
                    }
                    cases++;
                }
            }
        }
        assertEquals(28, cases);
        System.out.println("lyapunov map exponents: " + finite + " finite, " + special + " -inf/NaN; max |cpu - emu| " + worst);
        assertTrue(finite > 40, "only " + finite + " finite exponents compared");
    }

    /** An orbit that overflows (linear map, huge weights) gives NaN on both; a dead relu map gives −∞. */
    @Test
    void overflowAndDeadMapsGiveTheCpusSpecialValues() {
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, noCpu(), x -> { }, 64, EmulatorDevice.MAX_SHARED_BYTES);
            Architecture linear = new Architecture(6, 3, Activation.LINEAR, false, Distribution.gaussian(1e30),
                    Scaling.DEFAULT, Optional.empty());
            NetworkBatch big = new NetworkBatch(linear, 5, 0, 2);
            LyapunovRun want = cpu.lyapunov(big, InputPoints.random(1, 1), 1, new int[] {3}, 40);
            LyapunovRun got = gpu.lyapunov(big, InputPoints.random(1, 1), 1, new int[] {3}, 40);
            assertTrue(Double.isNaN(want.mapLambda()[0]), Arrays.toString(want.mapLambda()));
            assertEquals(Arrays.toString(want.mapLambda()), Arrays.toString(got.mapLambda()));
            Architecture relu = new Architecture(4, 2, Activation.RELU, false, Distribution.gaussian(1),
                    Scaling.DEFAULT, Optional.empty());
            NetworkBatch dead = new NetworkBatch(relu, 9, 0, 1);
            InputPoints zero = InputPoints.given(1, new double[4]);              // x = 0: φ'(0) = 0 for relu
            LyapunovRun wantDead = cpu.lyapunov(dead, zero, 1, new int[] {1, 2}, 4);
            LyapunovRun gotDead = gpu.lyapunov(dead, zero, 1, new int[] {1, 2}, 4);
            assertEquals(Double.NEGATIVE_INFINITY, wantDead.mapLambda()[0]);
            assertEquals(Arrays.toString(wantDead.mapLambda()), Arrays.toString(gotDead.mapLambda()));
        }
    }

    /** Plans: threads within the limits, workspace shared exactly when it fits. */
    @Test
    void mapPlansFitTheirLimits() {
        for (int n : new int[] {1, 7, 20, 33, 100}) {
            for (int m : new int[] {1, 3}) {
                for (int[] lim : new int[][] {{256, 48 << 10}, {64, 48 << 10}, {5, 256}}) {
                    LyapunovMapPlan p = LyapunovMapPlan.of(n, m, m, 2, n % 2 == 0, lim[0], lim[1]);
                    String what = "N=" + n + " m=" + m + " limits " + Arrays.toString(lim) + ": " + p;
                    assertTrue(p.threads() >= 1 && p.threads() <= Math.min(lim[0], LyapunovPlan.MAX_THREADS), what);
                    assertTrue(p.threads() <= (n + 31) / 32 * 32, what);
                    assertEquals(8 * LyapunovMapPlan.workspaceDoubles(n, m) <= lim[1], p.workspaceInShared(), what);
                    assertTrue(p.sharedBytes() <= lim[1], what);
                    assertTrue(p.networksPerLaunch(1L << 30, 10_000) >= 1, what);
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> LyapunovMapPlan.of(64, 3, 1, 1, false, 64, 1024).networksPerLaunch(1000, 5));
    }

}
