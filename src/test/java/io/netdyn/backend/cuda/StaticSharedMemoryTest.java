package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * On a GPU a block's static shared memory (the kernel's {@code __shared__} variables) and the
 * dynamic shared memory of its launch share the 48 KiB a block gets without opt-in; the
 * emulator has no such sum, so a plan that forgets the static part passes every emulator test
 * and fails on the first GPU (JCudaDevice now refuses it with a sentence, the driver with
 * CUDA_ERROR_INVALID_VALUE). This test reads every kernel's static shared bytes from ptxas's
 * report (target/kernels-report.txt, written by the build when nvcc is present) and checks them
 * against what the host code leaves for them: the STATIC_SHARED_BYTES its plan reserves, the
 * whole block for kernels launched without dynamic shared memory, nothing for the others.
 */
class StaticSharedMemoryTest {
    static final Path REPORT = Path.of("target", "kernels-report.txt");

    /** Static bytes the host leaves each kernel; a kernel not listed gets 0 (its plan may use all 48 KiB). */
    static final Map<String, Integer> ALLOWED = Map.of(
            "netdyn_jacobian_spectra_f64", JacobianSpectraPlan.STATIC_SHARED_BYTES,
            "netdyn_wormhole_f64", WormholePlan.STATIC_SHARED_BYTES,
            "netdyn_jacobi_svd_f64", BatchedLinalg.STATIC_SHARED_BYTES,
            "netdyn_jacobi_eigh_f64", BatchedLinalg.STATIC_SHARED_BYTES,
            "netdyn_householder_qr_f64", BatchedLinalg.STATIC_SHARED_BYTES,
            "netdyn_gemm_strided_batched_f64", JCudaDevice.MAX_SHARED_BYTES,             // launched with 0 dynamic bytes
            "netdyn_selftest_block_sum_f64", JCudaDevice.MAX_SHARED_BYTES - 8 * 1024);  // tests: 8 bytes × ≤ 1024 threads

    @Test
    void everyKernelsStaticSharedMemoryIsLeftForByTheHost() throws IOException {
        assumeTrue(Files.exists(REPORT), "no " + REPORT + " (nvcc was not on PATH at build time)");
        Map<String, Integer> found = staticShared(Files.readAllLines(REPORT));
        assertTrue(found.size() >= Kernel.values().length, "entry functions in the report: " + found.keySet());
        List<String> bad = new ArrayList<>();
        found.forEach((symbol, bytes) -> {
            int allowed = ALLOWED.getOrDefault(symbol, 0);
            if (bytes > allowed) bad.add(symbol + ": " + bytes + " static bytes, the host leaves " + allowed);
        });
        assertTrue(bad.isEmpty(), String.join("; ", bad));
        assertTrue(found.get("netdyn_gemm_strided_batched_f64") > 0, "the report parser reads static shared memory");
    }

    /** The largest static shared bytes of each entry function over the architectures in the report. */
    static Map<String, Integer> staticShared(List<String> lines) {
        Pattern entry = Pattern.compile("Compiling entry function '(\\w+)'");
        Pattern used = Pattern.compile("Used \\d+ registers.*?(?:(\\d+) bytes smem|$)");
        Map<String, Integer> out = new TreeMap<>();
        String current = null;
        for (String line : lines) {
            Matcher e = entry.matcher(line);
            if (e.find()) {
                current = e.group(1);
                out.putIfAbsent(current, 0);
                continue;
            }
            Matcher u = used.matcher(line);
            if (current != null && u.find()) {
                int bytes = u.group(1) == null ? 0 : Integer.parseInt(u.group(1));
                out.merge(current, bytes, Math::max);
                current = null;
            }
        }
        return out;
    }
}
