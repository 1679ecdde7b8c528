package io.netdyn.backend.cuda;

/** Argument checks shared by the {@link Gemm} implementations: shapes, leading dimensions, bounds. */
final class GemmChecks {
    private GemmChecks() {}

    static void check(boolean transA, boolean transB, int m, int n, int k,
                      DeviceBuffer a, long offA, int lda, long strideA,
                      DeviceBuffer b, long offB, int ldb, long strideB,
                      DeviceBuffer c, long offC, int ldc, long strideC, int batch) {
        if (m < 0 || n < 0 || k < 0 || batch < 0) {
            throw new IllegalArgumentException("GEMM shape M=" + m + " N=" + n + " K=" + k + " batch " + batch);
        }
        if (m == 0 || n == 0 || batch == 0) return;
        // row-major: rows × cols stored with leading dimension ≥ cols
        span("A", a, offA, lda, strideA, transA ? k : m, transA ? m : k, batch);
        span("B", b, offB, ldb, strideB, transB ? n : k, transB ? k : n, batch);
        span("C", c, offC, ldc, strideC, m, n, batch);
    }

    private static void span(String what, DeviceBuffer x, long off, int ld, long stride, int rows, int cols, int batch) {
        if (rows == 0 || cols == 0) return;
        if (x == null) throw new IllegalArgumentException("GEMM " + what + " is null");
        if (ld < Math.max(1, cols)) throw new IllegalArgumentException("GEMM " + what + ": leading dimension " + ld + " < " + cols);
        if (off < 0 || stride < 0) throw new IllegalArgumentException("GEMM " + what + ": negative offset or stride");
        long last = off + (batch - 1L) * stride + (rows - 1L) * ld + cols;   // one past the last element
        if (8 * last > x.bytes()) {
            throw new IndexOutOfBoundsException("GEMM " + what + ": reaches element " + last + " of a "
                    + x.bytes() / 8 + "-double buffer");
        }
    }
}
