package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.Backend;
import io.netdyn.backend.DelegatingBackend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The host side of the CUDA backend: delegation, the announcement, orthogonal propagate, launch plans. */
class CudaBackendTest {

    /** Every method of Backend reaches the inner backend through DelegatingBackend, unchanged. */
    @Test
    void delegatingBackendForwardsEveryBackendMethod() throws Exception {
        List<String> received = new ArrayList<>();
        Backend inner = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> {
                    received.add(m.getName());
                    return zero(m.getReturnType());
                });
        DelegatingBackend d = new DelegatingBackend(inner) { };
        for (Method m : Backend.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault()) continue;   // default methods derive from the rest
            Method here = DelegatingBackend.class.getMethod(m.getName(), m.getParameterTypes());
            assertEquals(DelegatingBackend.class, here.getDeclaringClass(),
                    "DelegatingBackend must forward " + m.getName() + " (add its line there)");
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) args[i] = zero(m.getParameterTypes()[i]);
            received.clear();
            m.invoke(d, args);
            assertEquals(List.of(m.getName()), received, m.getName() + " is not forwarded to the inner backend");
        }
    }

    private static Object zero(Class<?> t) {
        if (t == int.class) return 0;
        if (t == long.class) return 0L;
        if (t == double.class) return 0.0;
        if (t == boolean.class) return false;
        return null;
    }

    @Test
    void theDeviceRunsExactlyItsKernelsAndEveryOtherOperationIsAnnouncedAsCpu() {
        List<String> device = CudaBackend.deviceOperations();
        assertEquals(List.of("iterateMap", "jacobianSpectra", "lyapunov", "mapJacobians", "modes", "newtonMap", "propagate", "train", "wormhole"), device,
                device.toString());
        List<String> cpu = CudaBackend.cpuOperations();
        assertFalse(cpu.contains("propagate") || cpu.contains("iterateMap") || cpu.contains("newtonMap")
                || cpu.contains("mapJacobians") || cpu.contains("lyapunov") || cpu.contains("modes") || cpu.contains("train"), cpu.toString());
        assertFalse(cpu.contains("name") || cpu.contains("close") || cpu.stream().anyMatch(s -> s.endsWith("BytesPerNetwork")));
        assumeTrue(EmulatorDevice.unavailableReason() == null, () -> "kernel emulator unavailable: " + EmulatorDevice.unavailableReason());
        List<String> notices = new ArrayList<>();
        try (CudaBackend b = CudaBackend.onEmulator(new CpuBackend(1), notices::add)) {
            assertEquals("cuda-emu", b.name());
            assertEquals(1, notices.size(), "announced once");
            String line = notices.get(0);
            assertFalse(line.contains("\n"));
            assertTrue(line.contains("in the emulated kernels: " + String.join(", ", device)), line);
            assertFalse(line.contains("jacobianSpectra with eigenvalues"), line);   // the eigenvalues run on the device too
            if (!cpu.isEmpty()) assertTrue(line.contains("on the CPU (1 threads): " + String.join(", ", cpu)), line);
        }
    }

    /**
     * Orthogonal weights are no longer refused: the preflight's memory query answers, and propagate
     * runs on the large path (even with the small path forced) and equals the CPU backend.
     */
    @Test
    void orthogonalWeightsPropagateOnTheLargePathAndEqualTheCpuBackend() {
        assumeTrue(EmulatorDevice.unavailableReason() == null, () -> "kernel emulator unavailable: " + EmulatorDevice.unavailableReason());
        Architecture arch = new Architecture(8, 3, Activation.TANH, false, Distribution.orthogonal(1.1), Scaling.DEFAULT, Optional.empty());
        NetworkBatch batch = new NetworkBatch(arch, 1, 0, 2);
        ProbeInputs probes = new ProbeInputs(4, 1, 0);
        try (CpuBackend cpu = new CpuBackend(1); CudaBackend b = CudaBackend.onEmulator(new CpuBackend(1), s -> { })) {
            assertEquals(3L * 8 * 3 * 4 * 4, b.propagateBytesPerNetwork(batch, probes));   // host bytes of the Grams
            b.propagateOps().path(PropagatePath.SMALL);
            assertFalse(b.propagateOps().usesLarge(8, 4));                // Gaussian weights of this shape: small
            assertTrue(b.propagateOps().usesLarge(arch, 4));              // orthogonal: large, forced small or not
            DeviceContract.assertGramsClose(cpu.propagate(batch, probes), b.propagate(batch, probes),
                    DeviceContract.describe(arch, probes, batch));
        }
    }

    /** Plans respect the device limits for every shape, and keep the state in shared memory when it fits. */
    @Test
    void propagatePlansFitTheirLimits() {
        int[] probes = {2, 3, 16, 64, 300, 4096};
        int[][] limits = {{256, 48 << 10}, {64, 48 << 10}, {7, 48 << 10}, {33, 1024}};
        for (int s : probes) {
            for (int n = 1; n <= 1100; n += (n < 40 ? 1 : 97)) {
                for (int[] lim : limits) {
                    if (8L * (s + 3) > lim[1]) continue;
                    PropagatePlan p = PropagatePlan.of(n, 5, s, lim[0], lim[1]);
                    String what = "N=" + n + " S=" + s + " limits " + lim[0] + "/" + lim[1] + ": " + p;
                    assertTrue(p.sharedBytes() <= lim[1], what);
                    assertTrue(p.threads() >= 1 && p.threads() <= Math.min(lim[0], PropagatePlan.MAX_THREADS), what);
                    assertTrue(p.tileRows() >= 1 && p.tileRows() <= n && p.tileCols() >= 1 && p.tileCols() <= n, what);
                    boolean fits = 8L * (2L * s * n + s + Math.min(n, PropagatePlan.MAX_TILE_COLS) + 2) <= lim[1];
                    assertEquals(fits, p.stateInShared(), what);
                    assertEquals(fits ? 0 : 16L * s * n, p.scratchBytesPerNetwork(), what);
                }
            }
        }
        PropagatePlan small = PropagatePlan.of(33, 4, 16, 256, 48 << 10);
        assertTrue(small.stateInShared() && small.tileRows() == 33 && small.tileCols() == 33, small.toString());
        assertEquals(3, small.networksPerLaunch(3 * small.gramBytesPerNetwork(), 10));
        assertThrows(IllegalStateException.class, () -> small.networksPerLaunch(small.gramBytesPerNetwork() - 1, 10));
        assertNotNull(small.toString());
    }
}
