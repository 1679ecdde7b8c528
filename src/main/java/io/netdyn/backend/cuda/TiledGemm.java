package io.netdyn.backend.cuda;

/**
 * {@link Gemm} through netdyn's own kernel (kernels/gemm.cu: 64×64×16 shared-memory tiles, 4×4
 * register blocks, any shape): on any {@link Device}, the emulator included, and the GPU
 * fallback when cuBLAS does not load. Holds nothing; {@link #close} does nothing.
 */
public final class TiledGemm implements Gemm {
    /** = netdyn::GEMM_THREADS: the block size the kernel is tuned for (a smaller block runs in rounds). */
    public static final int THREADS = 256;

    private final Device device;
    private final int threads;
    private final String why;

    /** {@code threads} per block (≤ {@link #THREADS} used); {@code why}: the reason cuBLAS is not used, or null. */
    public TiledGemm(Device device, int threads, String why) {
        if (threads < 1) throw new IllegalArgumentException("threads " + threads);
        this.device = device;
        this.threads = Math.min(threads, THREADS);
        this.why = why;
    }

    @Override public String name() { return "tiled GEMM kernel" + (why == null ? "" : " (" + why + ")"); }

    @Override
    public void stridedBatched(boolean transA, boolean transB, int m, int n, int k, double alpha,
                               DeviceBuffer a, long offA, int lda, long strideA,
                               DeviceBuffer b, long offB, int ldb, long strideB, double beta,
                               DeviceBuffer c, long offC, int ldc, long strideC, int batch) {
        GemmChecks.check(transA, transB, m, n, k, a, offA, lda, strideA, b, offB, ldb, strideB, c, offC, ldc, strideC, batch);
        Kernel.gemmStridedBatched(device, threads, transA, transB, m, n, k, alpha, a, offA, lda, strideA,
                b, offB, ldb, strideB, beta, c, offC, ldc, strideC, batch);
    }

    @Override public void close() { }
}
