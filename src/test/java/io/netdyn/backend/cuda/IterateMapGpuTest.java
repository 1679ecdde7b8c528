package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kernels/iterate_map.cu on a real GPU against the CPU backend. nvcc contracts multiply-adds
 * to FMA, so outcomes may differ for a start whose step lands within rounding of the
 * tolerance: converged points must agree to 1e-8, and at least 98% of the starts must have
 * the CPU's status and cycle period. Skipped, with the reason, without a usable GPU.
 */
@Tag("gpu")
class IterateMapGpuTest {

    @Test
    void iterateMapOnTheGpuAgreesWithTheCpu() {
        String why = JCudaDevice.unavailableReason();
        assumeTrue(why == null, () -> "no usable GPU: " + why);
        Object[][] cases = {
            {7, 2, Activation.LOGISTIC, Distribution.gaussian(1), Optional.of(Distribution.gaussian(1))},
            {16, 3, Activation.TANH, Distribution.cauchy(1), Optional.empty()},
            {33, 4, Activation.TANH, Distribution.stable(1.5, 1), Optional.of(Distribution.gaussian(0.2))},
        };
        int same = 0, total = 0;
        try (CpuBackend cpu = new CpuBackend(4); JCudaDevice device = JCudaDevice.open()) {
            CudaBackend gpu = new CudaBackend(BackendKind.CUDA, device, cpu, x -> { }, device.preferredBlockThreads(),
                    device.maxSharedBytesPerBlock());
            for (Object[] c : cases) {
                Architecture arch = new Architecture((int) c[0], (int) c[1], (Activation) c[2], false, (Distribution) c[3],
                        Scaling.DEFAULT, castBias(c[4]));
                NetworkBatch nets = new NetworkBatch(arch, 11, 0, 50);
                StartPoints starts = new StartPoints(64, StartPoints.Box.defaultFor(arch.activation()));
                IterationSettings s = new IterationSettings(500, 1e-8, 4, 1e-5, 10);
                int[] depths = {1, arch.depth()};
                FixedPointRun want = cpu.iterateMap(nets, depths, starts, s), got = gpu.iterateMap(nets, depths, starts, s);
                int n = arch.width();
                for (int k = 0; k < want.status().length; k++) {
                    total++;
                    if (want.status()[k] != got.status()[k] || want.period()[k] != got.period()[k]) continue;
                    same++;
                    if (want.status()[k] != FixedPointRun.CONVERGED) continue;
                    for (int i = 0; i < n; i++) {
                        double a = want.points()[k * n + i], b = got.points()[k * n + i];
                        assertTrue(Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a)),
                                arch + " slot " + k + " coordinate " + i + ": cpu " + a + ", gpu " + b);
                    }
                }
            }
        }
        assertTrue(same >= 0.98 * total, same + " of " + total + " starts have the CPU's outcome");
    }

    @SuppressWarnings("unchecked")
    private static Optional<Distribution> castBias(Object o) { return (Optional<Distribution>) o; }
}
