package io.netdyn.backend.cuda;

import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasDgemmStridedBatched;
import static jcuda.jcublas.JCublas2.cublasSetPointerMode;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;
import static jcuda.jcublas.cublasPointerMode.CUBLAS_POINTER_MODE_HOST;

import java.util.ArrayList;
import java.util.List;
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
 * operand's transpose flag and leading dimension unchanged ({@link #calls}, checked against a
 * row-major triple loop without a GPU by CublasGemmCallsTest). α and β are host pointers (the
 * handle is set to CUBLAS_POINTER_MODE_HOST). Launches on the default stream, as the kernels do,
 * and synchronises, as {@link JCudaDevice#launch} does.
 */
public final class CublasGemm implements Gemm {
    private final JCudaDevice device;
    private final cublasHandle handle = new cublasHandle();
    private boolean closed;

    private CublasGemm(JCudaDevice device) {
        this.device = device;
        device.makeCurrent();
        check(cublasCreate(handle), "cublasCreate");
        int st = cublasSetPointerMode(handle, CUBLAS_POINTER_MODE_HOST);   // α, β: Pointer.to(double[])
        if (st != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            cublasDestroy(handle);
            check(st, "cublasSetPointerMode(HOST)");
        }
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
        // k = 0 reads no operand (A, B may be null) and still scales C by β, as the kernel does.
        for (Call call : calls(transA, transB, m, n, k, offA, lda, strideA, offB, ldb, strideB, offC, ldc, strideC, batch)) {
            device.makeCurrent();
            Pointer pc = device.pointer(c, 8 * call.offC());
            Pointer first = b == null || k == 0 ? pc : device.pointer(b, 8 * call.offFirst());
            Pointer second = a == null || k == 0 ? pc : device.pointer(a, 8 * call.offSecond());
            int st = cublasDgemmStridedBatched(handle, call.transFirst() ? CUBLAS_OP_T : CUBLAS_OP_N,
                    call.transSecond() ? CUBLAS_OP_T : CUBLAS_OP_N, call.m(), call.n(), call.k(), Pointer.to(new double[] {alpha}),
                    first, call.ldFirst(), call.strideFirst(), second, call.ldSecond(), call.strideSecond(),
                    Pointer.to(new double[] {beta}), pc, call.ldc(), call.strideC(), call.batch());
            check(st, "cublasDgemmStridedBatched(M=" + m + ", N=" + n + ", K=" + k + ", batch " + call.batch() + ")");
            device.synchronize("cuCtxSynchronize after cublasDgemmStridedBatched");
        }
    }

    /** Most matrices per cublasDgemmStridedBatched call (the grid's y/z limit: cuBLAS failed above it on Volta, PyTorch splits there too). */
    static final int MAX_BATCH = 65535;

    /**
     * One column-major cublasDgemmStridedBatched call: {@code C' = op(first)·op(second)} with C' =
     * Cᵀ (m × n column-major = the row-major C, N × M), first = B, second = A; offsets and strides
     * in doubles.
     */
    record Call(boolean transFirst, boolean transSecond, int m, int n, int k,
                long offFirst, int ldFirst, long strideFirst, long offSecond, int ldSecond, long strideSecond,
                long offC, int ldc, long strideC, int batch) {}

    /**
     * The cuBLAS calls computing netdyn's row-major {@link Gemm#stridedBatched} (arguments already
     * checked by {@link GemmChecks}): the row-major C = op(A)·op(B) is the column-major
     * Cᵀ = op(B)ᵀ·op(A)ᵀ, so cuBLAS gets (op_B, op_A, N, M, K, B, ldb, A, lda, C, ldc), each
     * operand's flag and leading dimension unchanged; batches of at most {@link #MAX_BATCH}. With
     * K = 0 no operand is read, and the operands' leading dimensions become the smallest cuBLAS
     * accepts (it rejects lda &lt; max(1, rows) even then). Empty list when M, N or the batch is 0.
     */
    static List<Call> calls(boolean transA, boolean transB, int m, int n, int k,
                                      long offA, int lda, long strideA, long offB, int ldb, long strideB,
                                      long offC, int ldc, long strideC, int batch) {
        List<Call> out = new ArrayList<>();
        if (m == 0 || n == 0 || batch == 0) return out;
        // column-major rows of each operand as cuBLAS sees it: first = B (op_B), second = A (op_A)
        int ldFirst = k == 0 ? Math.max(1, transB ? k : n) : ldb;
        int ldSecond = k == 0 ? Math.max(1, transA ? m : k) : lda;
        for (int done = 0; done < batch; done += MAX_BATCH) {
            int count = Math.min(MAX_BATCH, batch - done);
            out.add(new Call(transB, transA, n, m, k, offB + done * strideB, ldFirst, strideB,
                    offA + done * strideA, ldSecond, strideA, offC + done * strideC, ldc, strideC, count));
        }
        return out;
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
