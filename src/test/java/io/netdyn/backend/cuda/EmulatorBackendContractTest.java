package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendContract;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.testing.Tolerances;

/**
 * The backend contract on the CUDA backend's kernels and host code, run by the kernel emulator
 * (cuda-emu). {@link #openChunked} gives the backend a device that holds at most two networks a
 * launch, so every chunked operation runs its chunk loop.
 */
class EmulatorBackendContractTest extends BackendContract {
    /** Networks per chunked launch: the contract's batches of five run in three launches. */
    static final int NETWORKS_PER_LAUNCH = 2;

    @Override protected String unavailableReason() {
        String why = EmulatorDevice.unavailableReason();
        return why == null ? null : "kernel emulator unavailable: " + why;
    }

    @Override protected Backend openBackend(int threads) {
        return CudaBackend.onEmulator(new CpuBackend(threads), s -> { });
    }

    /**
     * kernels/train.cu does the reference trainer's arithmetic in its order; the emulator's libm
     * exp and erf differ from Java's in the last place now and then (the erf case moves a few ulps
     * in 7 steps). Without them (relu, hardtanh, linear with mse) it trains to the reference's
     * bits (TrainEmulatorTest).
     */
    @Override protected double trainTolerance() { return Tolerances.CROSS_BACKEND; }

    private OwningBudgetDevice chunkedDevice;

    @Override protected Backend openChunked() {
        EmulatorDevice device = EmulatorDevice.open();
        chunkedDevice = new OwningBudgetDevice(device, NETWORKS_PER_LAUNCH);
        return new CudaBackend(BackendKind.CUDA_EMU, chunkedDevice, new CpuBackend(1),
                s -> { }, device.preferredBlockThreads(), device.maxSharedBytesPerBlock());
    }

    /** Seven kernel operations over five networks, two networks a launch: three launches each. */
    @Override protected void assertSplitLaunches(Backend chunked) {
        assertTrue(chunkedDevice.launches().size() >= 21, "launches: " + chunkedDevice.launches());
    }
}
