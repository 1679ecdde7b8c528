package io.netdyn.backend.cuda;

import java.util.Arrays;
import java.util.List;

/** The CUDA lines of {@code netdyn info}: kernels, device, emulator. Probes the driver once. */
public final class CudaInfo {
    private CudaInfo() {}

    public static List<String> lines() {
        CudaDriverProbe.Result gpu = CudaDriverProbe.result();
        String emu = EmulatorDevice.unavailableReason();
        return List.of(
                "cuda kernels: " + KernelImage.describe(),
                "cuda entry points (" + Kernel.values().length + "): " + String.join(" ",
                        Arrays.stream(Kernel.values()).map(k -> k.symbol().replaceFirst("^netdyn_", "")).toList()),
                "cuda device: " + (gpu.deviceName() == null ? "none — " + gpu.problem()
                        : gpu.describe() + (gpu.problem() == null ? "" : " — unusable: " + gpu.problem())),
                "cuda gemm: " + (CublasGemm.unavailableReason() == null
                        ? "cuBLAS (libcublas.so.12 loaded; large-N propagate GEMMs)"
                        : "tiled GEMM kernel (cuBLAS unavailable: " + CublasGemm.unavailableReason() + ")"),
                "cuda emulator: " + (emu == null ? "available (--backend cuda-emu, a testing backend: "
                        + EmulatorNative.compiler() + ")" : "unavailable — " + emu));
    }
}
