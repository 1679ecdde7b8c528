package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.DoesNotFitException;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import io.netdyn.model.StartPoints;
import io.netdyn.model.WormholeInputs;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The device-memory planner: chunks are as many networks as fit the budget (and the launch's
 * index limit), and one network larger than the device is refused by every operation's
 * preflight query as a usage error naming the operation and the sizes — before any work.
 */
class DevicePlanTest {
    private record Fixed(long bytesPerNetwork, long launchLimit) implements DevicePlan {
        @Override public String operation() { return "test op"; }
    }

    @Test
    void chunksAreAsManyNetworksAsFitTheBudget() {
        assertEquals(10, new Fixed(100, Integer.MAX_VALUE).networksPerLaunch(1_050, 50));
        assertEquals(3, new Fixed(100, Integer.MAX_VALUE).networksPerLaunch(1_050, 3), "never more than the batch");
        assertEquals(4, new Fixed(100, 4).networksPerLaunch(1_050, 50), "index limit");
        assertEquals(1, new Fixed(1_050, 4).networksPerLaunch(1_050, 50), "exactly one fits");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Fixed(2 << 20, 4).networksPerLaunch(1 << 20, 5));
        assertTrue(e.getMessage().contains("2.0 MiB of device memory for test op, more than the 1.0 MiB"), e.getMessage());
    }

    @Test
    void everyOperationsPreflightRefusesANetworkLargerThanTheDevice() {
        assumeTrue(EmulatorDevice.unavailableReason() == null, () -> "kernel emulator unavailable: " + EmulatorDevice.unavailableReason());
        Architecture arch = new Architecture(24, 12, Activation.TANH, false, Distribution.gaussian(1.5), Scaling.DEFAULT,
                Optional.empty());
        NetworkBatch batch = new NetworkBatch(arch, 1, 0, 4);
        NetworkBatch nets = batch;
        InputPoints points = InputPoints.random(3, 1);
        int[] depths = {4, 12};
        StartPoints starts = new StartPoints(16, StartPoints.Box.defaultFor(Activation.TANH));
        IterationSettings it = new IterationSettings(100, 1e-8, 4, 1e-5, 10);
        ModesRequest modes = new ModesRequest(new ProbeInputs(8, 1, 0), NeuronModes.Definition.REGION, 0.1, 2, 2, 1, 1e-3, depths);
        WormholeRequest worm = new WormholeRequest(MaxNormConstruction.Variant.MAXABS, 96, WormholeInputs.UNIFORM, 8, 100, depths);
        ProbeInputs probes = new ProbeInputs(8, 1, 0);
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice emu = EmulatorDevice.open()) {
            CudaBackend tiny = new CudaBackend(BackendKind.CUDA_EMU, new BudgetDevice(emu, 1024), cpu, x -> { }, 64, 256);
            CudaBackend roomy = new CudaBackend(BackendKind.CUDA_EMU, new BudgetDevice(emu, 1L << 30), cpu, x -> { }, 64, 256);
            List<Executable> queries = List.of(
                    () -> tiny.propagateBytesPerNetwork(batch, probes),
                    () -> tiny.fixedPointBytesPerNetwork(nets, depths, starts, it),
                    () -> tiny.lyapunovBytesPerNetwork(batch, points, 24, depths, 10),
                    () -> tiny.jacobianBytesPerNetwork(batch, points, depths, true),
                    () -> tiny.modesBytesPerNetwork(nets, modes),
                    () -> tiny.wormholeBytesPerNetwork(batch, worm));
            for (String op : List.of("propagate", "iterateMap", "lyapunov", "jacobianSpectra", "modes", "wormhole")) {
                DoesNotFitException e = assertThrows(DoesNotFitException.class, queries.get(List.of("propagate", "iterateMap", "lyapunov",
                        "jacobianSpectra", "modes", "wormhole").indexOf(op)), op);
                assertTrue(e.getMessage().contains("device memory for " + op)
                        && e.getMessage().contains("on small "), e.getMessage());
            }
            List<Supplier<Long>> answers = List.of(
                    () -> roomy.propagateBytesPerNetwork(batch, probes),
                    () -> roomy.fixedPointBytesPerNetwork(nets, depths, starts, it),
                    () -> roomy.lyapunovBytesPerNetwork(batch, points, 24, depths, 10),
                    () -> roomy.jacobianBytesPerNetwork(batch, points, depths, true),
                    () -> roomy.modesBytesPerNetwork(nets, modes),
                    () -> roomy.wormholeBytesPerNetwork(batch, worm));
            for (Supplier<Long> a : answers) assertTrue(a.get() > 0, "a device with room answers the host bytes");
        }
    }
}
