package io.netdyn.backends;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.BackendUnavailableException;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.backend.cuda.CudaBackend;
import io.netdyn.backend.cuda.CudaInfo;
import io.netdyn.backend.cuda.EmulatorDevice;
import io.netdyn.backend.cuda.JCudaDevice;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens the backend of a run, once. {@link BackendKind#AUTO} falls back to the CPU with a
 * one-line notice; {@link BackendKind#CUDA} without a usable GPU throws
 * {@link BackendUnavailableException}, never a silent fallback. The only place that knows every
 * backend implementation (so that the contract package stays below them).
 */
public final class Backends {
    private Backends() {}

    /** Why the CUDA backend cannot be used here (kernels not built, no driver, no GPU), or null when it can. */
    public static String cudaUnavailableReason() {
        return JCudaDevice.unavailableReason();
    }

    /** The CUDA lines of {@code netdyn info}: kernels, entry points, device, GEMM, emulator. */
    public static List<String> cudaInfo() {
        return CudaInfo.lines();
    }

    public static Backend open(BackendKind kind, int threads, Consumer<String> notice) {
        switch (kind) {
            case CPU:
                return new CpuBackend(threads);
            case CUDA: {
                String why = cudaUnavailableReason();
                if (why != null) throw new BackendUnavailableException(kind, why);
                return CudaBackend.onGpu(new CpuBackend(threads), notice);
            }
            case CUDA_EMU: {   // testing backend: the CUDA backend on the kernel emulator (docs/gpu.md)
                String why = EmulatorDevice.unavailableReason();
                if (why != null) throw new BackendUnavailableException(kind, why);
                return CudaBackend.onEmulator(new CpuBackend(threads), notice);
            }
            case AUTO: {
                String why = cudaUnavailableReason();
                if (why == null) {
                    try {
                        return CudaBackend.onGpu(new CpuBackend(threads), notice);
                    } catch (RuntimeException e) {
                        why = "the GPU failed to open: " + e.getMessage();
                    }
                }
                notice.accept("netdyn: using the cpu backend (" + why + ")");
                return new CpuBackend(threads);
            }
            default:
                throw new IllegalArgumentException("unknown backend kind " + kind);
        }
    }
}
