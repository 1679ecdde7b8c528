package io.netdyn.backend.cuda;

import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasDgemmStridedBatched;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

import jcuda.Pointer;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;

/**
 * {@link Gemm} through cuBLAS ({@code cublasDgemmStridedBatched}, JCublas2 12.6) on the primary
 * context of a {@link JCudaDevice}. Only created when libcublas.so.12 loads
 * ({@link #unavailableReason}); {@link Gemm#forDevice} falls back to {@link TiledGemm} otherwise.
 *
 * <p>cuBLAS is column-major; netdyn's GEMM is row-major. A row-major X (r×c, ld) is the
 * column-major Xᵀ (c×r, ld), so the row-major C = op(A)·op(B) is computed as the column-major
 * Cᵀ = op(B)ᵀ·op(A)ᵀ: cublasDgemm(op_B, op_A, N, M, K, α, B, ldb, A, lda, β, C, ldc), with each
 * operand's transpose flag and leading dimension unchanged. Launches on the default stream and
 * synchronises, as {@link JCudaDevice#launch} does.
 */
public final class CublasGemm implements Gemm {
    private final JCudaDevice device;
    private final cublasHandle handle = new cublasHandle();
    private boolean closed;

    private CublasGemm(JCudaDevice device) {
        this.device = device;
        device.makeCurrent();
        check(cublasCreate(handle), "cublasCreate");
    }

    /** Why cuBLAS cannot be used in this process (libcublas.so.12 or the JCublas2 natives do not load), or null. */
    public static String unavailableReason() { return Probe.REASON; }

    /** A cuBLAS handle on {@code device}'s context; {@link #unavailableReason} must be null. */
    static CublasGemm open(JCudaDevice device) {
        String why = unavailableReason();
        if (why != null) throw new IllegalStateException("cuBLAS unavailable: " + why);
        return new CublasGemm(device);
    }

    @Override public String name() { return "cuBLAS (libcublas.so.12, cublasDgemmStridedBatched)"; }

    @Override
    public void stridedBatched(boolean transA, boolean transB, int m, int n, int k, double alpha,
                               DeviceBuffer a, long offA, int lda, long strideA,
                               DeviceBuffer b, long offB, int ldb, long strideB, double beta,
                               DeviceBuffer c, long offC, int ldc, long strideC, int batch) {
        if (closed) throw new IllegalStateException("the cuBLAS handle is closed");
        GemmChecks.check(transA, transB, m, n, k, a, offA, lda, strideA, b, offB, ldb, strideB, c, offC, ldc, strideC, batch);
        if (m == 0 || n == 0 || batch == 0) return;
        // k = 0 reads no operand (A, B may be null) and still scales C by β, as the kernel does.
        Pointer pc = device.pointer(c, 8 * offC);
        Pointer pa = a == null ? pc : device.pointer(a, 8 * offA);
        Pointer pb = b == null ? pc : device.pointer(b, 8 * offB);
        int st = cublasDgemmStridedBatched(handle, transB ? CUBLAS_OP_T : CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N,
                n, m, k, Pointer.to(new double[] {alpha}),
                pb, Math.max(1, ldb), strideB, pa, Math.max(1, lda), strideA,
                Pointer.to(new double[] {beta}), pc, ldc, strideC, batch);
        check(st, "cublasDgemmStridedBatched(M=" + m + ", N=" + n + ", K=" + k + ", batch " + batch + ")");
        device.synchronize("cuCtxSynchronize after cublasDgemmStridedBatched");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        device.makeCurrent();
        cublasDestroy(handle);
    }

    private static void check(int status, String what) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new IllegalStateException(what + " failed: " + cublasStatus.stringFor(status));
        }
    }

    /** Loads JCublas2 (and through it libcublas.so.12) once; the reason it failed, or null. */
    private static final class Probe {
        static final String REASON = probe();

        private static String probe() {
            try {
                Class.forName("jcuda.jcublas.JCublas2");   // its static initialiser loads the natives
                return null;
            } catch (ClassNotFoundException e) {
                return "JCublas2 is not on the class path";
            } catch (LinkageError | RuntimeException e) {
                return "JCublas2 did not load: " + shortReason(String.valueOf(e.getMessage()));
            }
        }

        /** JCuda's message is a page of nested stack traces: the dlopen error when there is one, else line one. */
        static String shortReason(String msg) {
            for (String line : msg.split("\\R")) {
                int so = line.indexOf(".so: ");
                if (line.contains("cannot open shared object file") && so >= 0) return line.substring(so + 5).trim();
            }
            return msg.split("\\R", 2)[0].trim();
        }
    }
}
