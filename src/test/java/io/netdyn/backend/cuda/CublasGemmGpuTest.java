package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.BackendKind;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a real GPU: {@link CublasGemm} against {@link TiledGemm} (kernels/gemm.cu) on odd shapes,
 * all transposes, batches with offsets, β ≠ 0 — within 1e-12 of Σ|a·b| + |β c| (both use FMA,
 * in different summation orders) — and the large-N propagate path (N = 300, whichever GEMM
 * loaded) against the CPU backend within DeviceContract's 1e-9. Skipped, with the reason,
 * without a usable GPU or without libcublas.so.12.
 */
@Tag("gpu")
class CublasGemmGpuTest {

    @Test
    void cublasAgreesWithTheTiledKernel() {
        String why = JCudaDevice.unavailableReason();
        assumeTrue(why == null, () -> "no usable GPU: " + why);
        String noBlas = CublasGemm.unavailableReason();
        assumeTrue(noBlas == null, () -> "cuBLAS unavailable: " + noBlas);
        Random r = new Random(4);
        int[][] shapes = {{1, 1, 1, 1}, {17, 33, 5, 3}, {8, 300, 300, 4}, {129, 65, 200, 2}};
        try (JCudaDevice device = JCudaDevice.open(); CublasGemm blas = CublasGemm.open(device)) {
            TiledGemm tiled = new TiledGemm(device, TiledGemm.THREADS, null);
            for (int[] sh : shapes) {
                for (int tr = 0; tr < 4; tr++) {
                    boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                    int m = sh[0], n = sh[1], k = sh[2], batch = sh[3];
                    int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 1;
                    long sa = (long) (ta ? k : m) * lda, sb = (long) (tb ? n : k) * ldb, sc = (long) m * ldc;
                    double[] a = random(r, (int) (2 + batch * sa)), b = random(r, (int) (batch * sb)),
                            c = random(r, (int) (1 + batch * sc));
                    double beta = tr == 2 ? 0 : 0.5;
                    double[] x = run(device, tiled, ta, tb, m, n, k, a, lda, sa, b, ldb, sb, beta, c, ldc, sc, batch);
                    double[] y = run(device, blas, ta, tb, m, n, k, a, lda, sa, b, ldb, sb, beta, c, ldc, sc, batch);
                    for (int e = 0; e < c.length; e++) {
                        double scale = k * 10.0 + Math.abs(c[e]);   // |a|,|b| ≲ 3: Σ|a·b| ≤ ~10 K
                        if (!(Math.abs(x[e] - y[e]) <= 1e-12 * scale)) {
                            fail("M=" + m + " N=" + n + " K=" + k + " batch " + batch + " ta " + ta + " tb " + tb
                                    + " element " + e + ": tiled " + x[e] + " cuBLAS " + y[e]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void largePropagateOnTheGpuAgreesWithTheCpu() {
        String why = JCudaDevice.unavailableReason();
        assumeTrue(why == null, () -> "no usable GPU: " + why);
        Architecture arch = new Architecture(300, 3, Activation.TANH, false, Distribution.gaussian(1.3), Scaling.DEFAULT,
                Optional.of(Distribution.gaussian(0.2)));
        ProbeInputs probes = new ProbeInputs(5, 1, 0.3);
        NetworkBatch batch = new NetworkBatch(arch, 3, 0, 6);
        try (CpuBackend cpu = new CpuBackend(4); JCudaDevice device = JCudaDevice.open()) {
            CudaBackend gpu = new CudaBackend(BackendKind.CUDA, device, cpu, x -> { }, device.preferredBlockThreads(),
                    device.maxSharedBytesPerBlock());
            assertTrue(gpu.propagateOps().usesLarge(300, 5));
            DeviceContract.assertGramsClose(cpu.propagate(batch, probes), gpu.propagate(batch, probes),
                    "N=300 large path on " + gpu.propagateOps().gemmName());
        }
    }

    /**
     * JCuda's current context is per thread: a device and cuBLAS handle opened on this thread,
     * then used from a fresh thread (copies, a kernel launch through the tiled GEMM, cuBLAS) give
     * the same numbers as on this thread (every call makes the context current first).
     */
    @Test
    void theDeviceAndTheHandleWorkFromAnotherThread() throws Exception {
        String why = JCudaDevice.unavailableReason();
        assumeTrue(why == null, () -> "no usable GPU: " + why);
        String noBlas = CublasGemm.unavailableReason();
        assumeTrue(noBlas == null, () -> "cuBLAS unavailable: " + noBlas);
        Random r = new Random(8);
        int m = 9, n = 7, k = 5;
        double[] a = random(r, 2 + m * k), b = random(r, k * n), c = random(r, 1 + m * n);   // run() reads A from 2, C from 1
        try (JCudaDevice device = JCudaDevice.open(); CublasGemm blas = CublasGemm.open(device)) {
            TiledGemm tiled = new TiledGemm(device, TiledGemm.THREADS, null);
            double[] here = run(device, blas, false, false, m, n, k, a, k, 0, b, n, 0, 0.5, c, n, 0, 1);
            double[][] there = new double[2][];
            Throwable[] failure = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    there[0] = run(device, blas, false, false, m, n, k, a, k, 0, b, n, 0, 0.5, c, n, 0, 1);
                    there[1] = run(device, tiled, false, false, m, n, k, a, k, 0, b, n, 0, 0.5, c, n, 0, 1);
                } catch (Throwable e) {
                    failure[0] = e;
                }
            }, "netdyn-other-thread");
            t.start();
            t.join();
            if (failure[0] != null) fail("on another thread: " + failure[0], failure[0]);
            assertArrayEquals(here, there[0], "cuBLAS from another thread");
            for (int e = 0; e < here.length; e++) {
                assertTrue(Math.abs(here[e] - there[1][e]) <= 1e-12 * (k * 10.0 + Math.abs(c[e])), "tiled GEMM element " + e);
            }
        }
    }

    private static double[] run(JCudaDevice device, Gemm gemm, boolean ta, boolean tb, int m, int n, int k,
                                double[] a, int lda, long sa, double[] b, int ldb, long sb, double beta,
                                double[] c, int ldc, long sc, int batch) {
        double[] out = new double[c.length];
        try (DeviceBuffer da = device.alloc(8L * a.length); DeviceBuffer db = device.alloc(8L * b.length);
             DeviceBuffer dc = device.alloc(8L * c.length)) {
            device.copyIn(da, 0, a, 0, a.length);
            device.copyIn(db, 0, b, 0, b.length);
            device.copyIn(dc, 0, c, 0, c.length);
            gemm.stridedBatched(ta, tb, m, n, k, 0.75, da, 2, lda, sa, db, 0, ldb, sb, beta, dc, 1, ldc, sc, batch);
            device.copyOut(dc, 0, out, 0, out.length);
        }
        return out;
    }

    private static double[] random(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextGaussian();
        return x;
    }
}
