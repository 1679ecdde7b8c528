package io.netdyn.backend.cuda;

/**
 * Strided-batched DGEMM on a {@link Device}, ROW-MAJOR (as every netdyn array): for b in
 * 0..batch-1, {@code C_b = α·op(A_b)·op(B_b) + β·C_b} with C_b M×N, op(A_b) M×K, op(B_b) K×N;
 * op(X) = X, or Xᵀ when its trans flag is set (A then stored K×M, B stored N×K). Element (r, c)
 * of a matrix with leading dimension ld is at r·ld + c; X_b starts {@code offX + b·strideX}
 * doubles into its buffer. β = 0 does not read C. Used by the large-N propagate path
 * ({@link LargePropagateOps}).
 *
 * <p>Two implementations: {@link TiledGemm} (kernels/gemm.cu, any device, the emulator included)
 * and {@link CublasGemm} (cuBLAS on a {@link JCudaDevice}, when libcublas.so.12 loads);
 * {@link #forDevice} picks.
 */
public interface Gemm extends AutoCloseable {

    /** Which implementation, for announcements: "cuBLAS …" or "tiled GEMM kernel …". */
    String name();

    void stridedBatched(boolean transA, boolean transB, int m, int n, int k, double alpha,
                        DeviceBuffer a, long offA, int lda, long strideA,
                        DeviceBuffer b, long offB, int ldb, long strideB, double beta,
                        DeviceBuffer c, long offC, int ldc, long strideC, int batch);

    /** Releases what the implementation holds (a cuBLAS handle); the device stays open. */
    @Override
    void close();

    /**
     * cuBLAS on a {@link JCudaDevice} when libcublas.so.12 loads and a handle can be created;
     * otherwise {@link TiledGemm} with {@code threads} per block (the reason is in its name).
     */
    static Gemm forDevice(Device device, int threads) {
        if (device instanceof JCudaDevice gpu) {
            String why = CublasGemm.unavailableReason();
            if (why == null) {
                try {
                    return CublasGemm.open(gpu);
                } catch (RuntimeException | LinkageError e) {
                    why = "cublasCreate failed: " + e.getMessage();
                }
            }
            return new TiledGemm(device, threads, "cuBLAS unavailable: " + why);
        }
        return new TiledGemm(device, threads, null);
    }
}
