package io.netdyn.backend.cuda;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendContract;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Tag;

/** The backend contract on a real GPU (tag gpu); every test skipped, with the reason, without one. */
@Tag("gpu")
class GpuBackendContractTest extends BackendContract {
    @Override protected String unavailableReason() {
        String why = JCudaDevice.unavailableReason();
        return why == null ? null : "no usable GPU: " + why;
    }

    /** FMA contraction: 2% of the discrete outcomes may land on the other side of a tolerance or boundary. */
    @Override protected double discreteFlipAllowance() { return 0.02; }

    @Override protected Backend openBackend(int threads) {
        return CudaBackend.onGpu(new CpuBackend(threads), s -> { });
    }

    @Override protected Backend openChunked() {
        JCudaDevice device = JCudaDevice.open();
        return new CudaBackend(BackendKind.CUDA, new OwningBudgetDevice(device, EmulatorBackendContractTest.NETWORKS_PER_LAUNCH),
                new CpuBackend(1), s -> { }, device.preferredBlockThreads(), device.maxSharedBytesPerBlock());
    }
}
