package io.netdyn.backend.cuda;

/**
 * Batched small dense linear algebra on a {@link Device} ({@code kernels/linalg_batched.cu}):
 * allocate, copy in, launch one block per matrix, copy back. Host arrays are row-major and
 * stacked, matrix b at offset b·m·n. Batches larger than the device's memory budget are
 * launched in chunks.
 *
 * <p>Each operation mirrors a CPU reference, its oracle in the tests:
 * <ul>
 *   <li>{@link #singularValues}: {@link io.netdyn.linalg.JacobiSvd} (pivoted LQ + one-sided
 *       Jacobi; round-robin pair order on the device, so equal to rounding, not bitwise);</li>
 *   <li>{@link #symmetricEigenvalues}: {@link io.netdyn.linalg.SymmetricEigen} (cyclic Jacobi,
 *       round-robin order);</li>
 *   <li>{@link #qr}: {@link io.netdyn.linalg.Householder#factor} (same layout: R on and above
 *       the diagonal, reflectors below, τ apart).</li>
 * </ul>
 * Limits: the matrix lives in shared memory (8·m·n bytes plus {@link #STATIC_SHARED_BYTES}
 * within {@link Device#maxSharedBytesPerBlock()}, i.e. m·n ≤ ~5 900 at 48 KiB), and the Jacobi
 * solvers take min(m, n) ≤ {@link #MAX_ORDER}.
 */
public final class BatchedLinalg {
    /** = netdyn::LINALG_MAX_THREADS, the kernels' __launch_bounds__. */
    public static final int MAX_THREADS = 128;
    /** Largest min(m, n) of the SVD and n of the eigensolver (the kernels' static arrays). */
    public static final int MAX_ORDER = 64;
    /** Static shared memory the kernels declare (ptxas: ≤ 1 552 B), kept free of the dynamic part. */
    static final int STATIC_SHARED_BYTES = 2048;

    private BatchedLinalg() {}

    /** Householder QR of a batch: {@code qr} (batch, m, n) as Householder.factor leaves it, {@code tau} (batch, n). */
    public record Qr(double[] qr, double[] tau) {}

    /** Singular values (batch, min(m, n)) of the m×n matrices in {@code a}, each descending. */
    public static double[] singularValues(Device d, double[] a, int batch, int m, int n) {
        return singularValues(d, a, batch, m, n, null);
    }

    /**
     * As {@link #singularValues(Device, double[], int, int, int)}; when {@code sweeps} is not
     * null it receives the Jacobi sweeps of each matrix (JacobiSvd.MAX_SWEEPS + 1: not converged).
     */
    public static double[] singularValues(Device d, double[] a, int batch, int m, int n, int[] sweeps) {
        check(a, batch, m, n);
        int r = Math.min(m, n);
        if (r > MAX_ORDER) throw new IllegalArgumentException("batched SVD takes min(m, n) <= " + MAX_ORDER + ", got " + m + "x" + n);
        if (sweeps != null && sweeps.length < batch) throw new IllegalArgumentException("sweeps array shorter than the batch");
        double[] sigma = new double[batch * r];
        int shared = sharedBytes(d, m, n);
        int chunk = chunk(d, batch, 8L * m * n + 8L * r + 4);
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int nb = Math.min(chunk, batch - b0);
            try (DeviceBuffer da = d.alloc(8L * nb * m * n); DeviceBuffer ds = d.alloc(8L * nb * r);
                 DeviceBuffer dw = d.alloc(4L * nb)) {
                d.copyIn(da, 0, a, b0 * m * n, nb * m * n);
                Kernel.jacobiSvd(d, new LaunchConfig(nb, threads(d, Math.max(m, n)), shared), da, ds, dw, m, n);
                d.copyOut(ds, 0, sigma, b0 * r, nb * r);
                if (sweeps != null) d.copyOut(dw, 0, sweeps, b0, nb);
            }
        }
        return sigma;
    }

    /** Eigenvalues (batch, n) of the symmetric n×n matrices in {@code a}, each descending. */
    public static double[] symmetricEigenvalues(Device d, double[] a, int batch, int n) {
        check(a, batch, n, n);
        if (n > MAX_ORDER) throw new IllegalArgumentException("batched eigensolver takes n <= " + MAX_ORDER + ", got " + n);
        double[] eig = new double[batch * n];
        int shared = sharedBytes(d, n, n);
        int chunk = chunk(d, batch, 8L * n * n + 8L * n + 4);
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int nb = Math.min(chunk, batch - b0);
            try (DeviceBuffer da = d.alloc(8L * nb * n * n); DeviceBuffer de = d.alloc(8L * nb * n)) {
                d.copyIn(da, 0, a, b0 * n * n, nb * n * n);
                Kernel.jacobiEigh(d, new LaunchConfig(nb, threads(d, n * (n + 1) / 2), shared), da, de, null, n);
                d.copyOut(de, 0, eig, b0 * n, nb * n);
            }
        }
        return eig;
    }

    /** Householder QR of the m×n matrices (m ≥ n) in {@code a}, in the layout of Householder.factor. */
    public static Qr qr(Device d, double[] a, int batch, int m, int n) {
        check(a, batch, m, n);
        if (m < n) throw new IllegalArgumentException("QR needs m >= n, got " + m + "x" + n);
        double[] qr = new double[batch * m * n], tau = new double[batch * n];
        int shared = sharedBytes(d, m, n);
        int chunk = chunk(d, batch, 16L * m * n + 8L * n);
        for (int b0 = 0; b0 < batch; b0 += chunk) {
            int nb = Math.min(chunk, batch - b0);
            try (DeviceBuffer da = d.alloc(8L * nb * m * n); DeviceBuffer dq = d.alloc(8L * nb * m * n);
                 DeviceBuffer dt = d.alloc(8L * nb * n)) {
                d.copyIn(da, 0, a, b0 * m * n, nb * m * n);
                Kernel.householderQr(d, new LaunchConfig(nb, threads(d, Math.max(m, n)), shared), da, dq, dt, m, n);
                d.copyOut(dq, 0, qr, b0 * m * n, nb * m * n);
                d.copyOut(dt, 0, tau, b0 * n, nb * n);
            }
        }
        return new Qr(qr, tau);
    }

    /** Threads per block: enough for {@code work} parallel items in warps of 32, within the device's and the kernels' limits. */
    static int threads(Device d, int work) {
        int want = Math.max(32, (work + 31) / 32 * 32);
        return Math.min(want, Math.min(d.preferredBlockThreads(), MAX_THREADS));
    }

    private static int sharedBytes(Device d, int m, int n) {
        long bytes = 8L * m * n;
        if (bytes + STATIC_SHARED_BYTES > d.maxSharedBytesPerBlock()) {
            throw new IllegalArgumentException("a " + m + "x" + n + " matrix needs " + bytes + " bytes of shared memory; "
                    + d.name() + " allows " + (d.maxSharedBytesPerBlock() - STATIC_SHARED_BYTES) + " to these kernels");
        }
        return (int) bytes;
    }

    /** Matrices per launch so that one launch's buffers stay within half the device's budget. */
    private static int chunk(Device d, int batch, long bytesPerMatrix) {
        long fit = d.memoryBudget() / 2 / bytesPerMatrix;
        if (fit < 1) throw new IllegalStateException("one matrix needs " + bytesPerMatrix + " bytes, more than the device budget");
        return (int) Math.min(batch, Math.min(fit, Integer.MAX_VALUE));
    }

    private static void check(double[] a, int batch, int m, int n) {
        if (batch < 1 || m < 1 || n < 1) throw new IllegalArgumentException("bad batch shape " + batch + " x " + m + "x" + n);
        if (a.length < (long) batch * m * n) {
            throw new IllegalArgumentException("array of " + a.length + " < " + batch + " x " + m + "x" + n);
        }
    }
}
