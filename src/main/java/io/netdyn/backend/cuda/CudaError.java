package io.netdyn.backend.cuda;

import jcuda.driver.CUresult;

/** A failed CUDA driver call: names the call, its CUresult and, for launches, the kernel and config. */
public final class CudaError extends RuntimeException {
    public CudaError(String message) {
        super(message);
    }

    /** Throws unless {@code result} is CUDA_SUCCESS. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) throw new CudaError(call + " failed: " + CUresult.stringFor(result));
    }

    static void check(int result, String call, Kernel kernel, LaunchConfig config) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaError(call + " failed: " + CUresult.stringFor(result) + " (kernel " + kernel.symbol()
                    + ", " + config + ")");
        }
    }
}
