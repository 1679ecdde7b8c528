package io.netdyn.backend.cuda;

import org.junit.jupiter.api.Tag;

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
}
