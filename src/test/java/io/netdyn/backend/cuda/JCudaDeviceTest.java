package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The device contract on a real GPU. Skipped, with the reason, where there is no usable GPU
 * (no driver, no device, kernels not built): CI and this project's build machines.
 */
@Tag("gpu")
class JCudaDeviceTest extends DeviceContract {

    @Override
    protected String unavailableReason() {
        String why = JCudaDevice.unavailableReason();
        return why == null ? null : "no usable GPU: " + why;
    }

    @Override
    protected Device openDevice() { return JCudaDevice.open(); }

    /**
     * The self-test kernel has static shared memory: with the whole 48 KiB as dynamic shared
     * memory on top, the launch is refused in Java with a sentence naming the kernel and both
     * amounts (the driver would answer CUDA_ERROR_INVALID_VALUE), and the device stays usable.
     */
    @Test
    void aLaunchBeyondTheCompiledLimitsIsRefusedBeforeTheDriver() {
        try (DeviceBuffer x = device.alloc(8); DeviceBuffer sum = device.alloc(8); DeviceBuffer ok = device.alloc(4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.selftestBlockSum(
                    device, new LaunchConfig(1, 32, JCudaDevice.MAX_SHARED_BYTES), x, sum, ok, 1));
            assertTrue(e.getMessage().contains("netdyn_selftest_block_sum_f64") && e.getMessage().contains("static"),
                    e.getMessage());
            device.copyIn(x, 0, new double[] {2}, 0, 1);
            device.copyIn(sum, 0, new double[] {0}, 0, 1);
            device.copyIn(ok, 0, new int[] {0}, 0, 1);
            Kernel.selftestBlockSum(device, new LaunchConfig(1, 32, 8 * 32), x, sum, ok, 1);
        }
    }
}
