package io.netdyn.backend;

import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.backend.cuda.CudaBackend;
import io.netdyn.backend.cuda.EmulatorDevice;
import io.netdyn.backend.cuda.JCudaDevice;
import io.netdyn.spec.UsageError;
import java.util.function.Consumer;

/**
 * Chooses the backend once per run. "auto" falls back to the CPU with a one-line notice;
 * "cuda" without a usable GPU is a usage error (exit 2), never a silent fallback.
 */
public final class Backends {
    private Backends() {}

    /** Why the CUDA backend cannot be used here (kernels not built, no driver, no GPU), or null when it can. */
    public static String cudaUnavailableReason() {
        return JCudaDevice.unavailableReason();
    }

    public static Backend open(String name, int threads, Consumer<String> notice) {
        switch (name) {
            case "cpu":
                return new CpuBackend(threads);
            case "cuda": {
                String why = cudaUnavailableReason();
                if (why != null) throw UsageError.forOption("backend", "cuda is not usable: " + why + "; use --backend cpu");
                return CudaBackend.onGpu(threads, notice);
            }
            case "cuda-emu": {   // testing backend: the CUDA backend on the kernel emulator (docs/gpu.md)
                String why = EmulatorDevice.unavailableReason();
                if (why != null) throw UsageError.forOption("backend", "cuda-emu is not usable: " + why);
                return CudaBackend.onEmulator(threads, notice);
            }
            case "auto": {
                String why = cudaUnavailableReason();
                if (why == null) {
                    try {
                        return CudaBackend.onGpu(threads, notice);
                    } catch (RuntimeException e) {
                        why = "the GPU failed to open: " + e.getMessage();
                    }
                }
                notice.accept("netdyn: using the cpu backend (" + why + ")");
                return new CpuBackend(threads);
            }
            default:
                throw UsageError.forOption("backend", "expected cpu, cuda, auto or cuda-emu, got '" + name + "'");
        }
    }
}
