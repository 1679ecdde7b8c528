package io.netdyn.backend;

import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.spec.UsageError;
import java.util.function.Consumer;

/**
 * Chooses the backend once per run. "auto" falls back to the CPU with a one-line notice;
 * "cuda" without a usable GPU is a usage error (exit 2), never a silent fallback.
 */
public final class Backends {
    private Backends() {}

    /** Why the CUDA backend cannot be used here, or null when it can. */
    public static String cudaUnavailableReason() {
        return "the CUDA backend is not part of this build yet (kernels not built)";
    }

    public static Backend open(String name, int threads, Consumer<String> notice) {
        switch (name) {
            case "cpu":
                return new CpuBackend(threads);
            case "cuda": {
                String why = cudaUnavailableReason();
                throw UsageError.forOption("backend", "cuda is not usable: " + why + "; use --backend cpu");
            }
            case "auto": {
                String why = cudaUnavailableReason();
                if (why != null) notice.accept("netdyn: using the cpu backend (" + why + ")");
                return new CpuBackend(threads);
            }
            default:
                throw UsageError.forOption("backend", "expected cpu, cuda or auto, got '" + name + "'");
        }
    }
}
