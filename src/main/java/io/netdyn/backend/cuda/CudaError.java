package io.netdyn.backend.cuda;

import jcuda.driver.CUresult;

/**
 * A failed CUDA driver call: names the call, its CUresult and, for launches, the kernel and
 * config, plus what the result usually means on a first run ({@link #hint}). One line: the CLI
 * prints the message (exit 1), never a stack trace.
 */
public final class CudaError extends RuntimeException {
    public CudaError(String message) {
        super(message);
    }

    /** Throws unless {@code result} is CUDA_SUCCESS. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) throw new CudaError(call + " failed: " + CUresult.stringFor(result) + hint(result));
    }

    static void check(int result, String call, Kernel kernel, LaunchConfig config) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaError(call + " failed: " + CUresult.stringFor(result) + " (kernel " + kernel.symbol()
                    + ", " + config + ")" + hint(result));
        }
    }

    /** "; " and what the result usually means, or "" for the others. */
    static String hint(int result) {
        return switch (result) {
            case CUresult.CUDA_ERROR_LAUNCH_TIMEOUT ->
                    "; the display watchdog stopped a long kernel: run on a GPU that drives no display, or lower --batch";
            case CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, CUresult.CUDA_ERROR_LAUNCH_FAILED, CUresult.CUDA_ERROR_MISALIGNED_ADDRESS,
                 CUresult.CUDA_ERROR_ILLEGAL_INSTRUCTION, CUresult.CUDA_ERROR_HARDWARE_STACK_ERROR ->
                    "; a fault inside the kernel (a netdyn bug: please report the command line; compute-sanitizer"
                            + " java -jar netdyn.jar ... names the line); the GPU context is unusable until the process exits";
            case CUresult.CUDA_ERROR_OUT_OF_MEMORY ->
                    "; the GPU is out of memory (another process on it?): lower --batch or free the GPU";
            case CUresult.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES ->
                    "; the block asks for more registers or shared memory than the GPU has (a launch-plan bug: please report it)";
            case CUresult.CUDA_ERROR_DEVICE_UNAVAILABLE ->
                    "; the GPU is in exclusive-process mode and another process holds it";
            default -> "";
        };
    }
}
