package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The device contract on the kernel emulator (CI), plus the emulator's own error paths. */
class EmulatorDeviceTest extends DeviceContract {

    @Override
    protected String unavailableReason() {
        String why = EmulatorDevice.unavailableReason();
        return why == null ? null : "kernel emulator unavailable: " + why;
    }

    @Override
    protected Device openDevice() { return EmulatorDevice.open(); }

    @Test
    void copiesOutsideAnAllocationAreRefused() {
        try (DeviceBuffer b = device.alloc(64)) {
            assertThrows(IndexOutOfBoundsException.class, () -> device.copyIn(b, 8, new double[8], 0, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> device.copyOut(b, -8, new double[1], 0, 1));
        }
    }

    @Test
    void aLaunchWithTheWrongSignatureIsRefusedByTheLibrary() {
        try (DeviceBuffer b = device.alloc(64)) {
            long[] args = {0, 0, 0, 4};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmulatorNative.launch(
                    Kernel.PHILOX_STREAM.symbol(), 1, 1, 1, 1, 1, 1, 0, "IIId", args));
            assertTrue(e.getMessage().contains("takes (IIIi)"), e.getMessage());
            long[] dangling = {12345, 0, 0, 1};
            e = assertThrows(IllegalArgumentException.class, () -> EmulatorNative.launch(
                    Kernel.PHILOX_STREAM.symbol(), 1, 1, 1, 1, 1, 1, 0, "IIIi", dangling));
            assertTrue(e.getMessage().contains("no live allocation"), e.getMessage());
        }
    }

    /** A thread that traps fails the launch with the kernel named, and its block's other threads do not hang. */
    @Test
    void aTrapInAKernelFailsTheLaunchNamingTheKernel() {
        try (DeviceBuffer x = device.alloc(8); DeviceBuffer sum = device.alloc(8); DeviceBuffer ok = device.alloc(4)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Kernel.selftestBlockSum(device, new LaunchConfig(2, 48, 8 * 48), x, sum, ok, -1));
            assertTrue(e.getMessage().contains("netdyn_selftest_block_sum_f64") && e.getMessage().contains("__trap"),
                    e.getMessage());
        }
        blockReduceWithSharedMemoryBarriersAndAtomicsIsExact();   // the emulator still works
    }

    @Test
    void javaArgumentsAreCheckedAgainstTheDeclaredSignature() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kernel.PHILOX_STREAM.args().f64(1.0));
        assertTrue(e.getMessage().contains("netdyn_philox_stream argument 0 is PTR_I32, got F64"), e.getMessage());
        KernelArgs partial = Kernel.PHILOX_STREAM.args().ptrI32(null);
        assertThrows(IllegalArgumentException.class,
                () -> device.launch(Kernel.PHILOX_STREAM, new LaunchConfig(1, 1, 0), partial));
    }
}
