package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.ModesResult;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kernels/modes.cu on a real GPU against the CPU backend. nvcc contracts multiply-adds to FMA,
 * so a probe within rounding of a class boundary may take the other bisection side: at least 98%
 * of the radii must equal the CPU's within one bisection bracket (basinTol·basinMax; same NaN/∞),
 * and at least 99% of the mode counts must be the CPU's. Skipped, with the reason, without a usable GPU.
 */
@Tag("gpu")
class ModesGpuTest {

    @Test
    void modesOnTheGpuAgreeWithTheCpu() {
        String why = JCudaDevice.unavailableReason();
        assumeTrue(why == null, () -> "no usable GPU: " + why);
        Object[][] cases = {
            {8, 3, Activation.TANH, Distribution.gaussian(1.5), Optional.empty(), NeuronModes.Definition.REGION},
            {16, 5, Activation.RELU, Distribution.gaussian(2), Optional.of(Distribution.gaussian(0.3)), NeuronModes.Definition.SECANT},
            {33, 4, Activation.LOGISTIC, Distribution.cauchy(1), Optional.of(Distribution.gaussian(0.2)), NeuronModes.Definition.REGION},
        };
        int sameCounts = 0, counts = 0, sameRadii = 0, radii = 0;
        try (CpuBackend cpu = new CpuBackend(4); JCudaDevice device = JCudaDevice.open()) {
            CudaBackend gpu = new CudaBackend(BackendKind.CUDA, device, cpu, x -> { }, device.preferredBlockThreads(),
                    device.maxSharedBytesPerBlock());
            for (Object[] c : cases) {
                int depth = (int) c[1];
                Architecture arch = new Architecture((int) c[0], depth, (Activation) c[2], false, (Distribution) c[3],
                        Scaling.DEFAULT, castBias(c[4]));
                ModesRequest req = new ModesRequest(new ProbeInputs(8, 1, 0.1), (NeuronModes.Definition) c[5], 0.1, 4, 4,
                        1, 1e-3, new int[] {1, depth});
                NetworkBatch nets = new NetworkBatch(arch, 17, 0, 40);
                ModesResult want = cpu.modes(nets, req), got = gpu.modes(nets, req);
                for (int k = 0; k < want.modeCounts().length; k++, counts++) {
                    if (want.modeCounts()[k] == got.modeCounts()[k]) sameCounts++;
                }
                double bracket = req.basinTol() * req.basinMax();
                for (double[][] pair : new double[][][] {{want.sampleRadius(), got.sampleRadius()},
                        {want.weightRadius(), got.weightRadius()}}) {
                    for (int k = 0; k < pair[0].length; k++, radii++) {
                        double a = pair[0][k], b = pair[1][k];
                        boolean same = Double.isFinite(a) ? Double.isFinite(b) && Math.abs(a - b) <= bracket
                                : Double.compare(a, b) == 0;
                        if (same) sameRadii++;
                    }
                }
            }
        }
        assertTrue(sameCounts >= 0.99 * counts, sameCounts + " of " + counts + " mode counts are the CPU's");
        assertTrue(sameRadii >= 0.98 * radii, sameRadii + " of " + radii + " radii are the CPU's within one bracket");
    }

    @SuppressWarnings("unchecked")
    private static Optional<Distribution> castBias(Object o) { return (Optional<Distribution>) o; }
}
