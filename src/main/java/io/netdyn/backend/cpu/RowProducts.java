package io.netdyn.backend.cpu;

import java.util.Arrays;

/**
 * Row-scaled matrix products for the Jacobian and Lyapunov workers; row-major, no allocation.
 * The inner loop is an axpy over a contiguous row (the JIT vectorises it), four rows of the
 * right factor at a time so each output element is loaded and stored n/4 times instead of n.
 */
final class RowProducts {
    private RowProducts() {}

    /**
     * out[oo..] = diag(d) · W · B[bo..]:   W (n, n), B (n, c), out (n, c); d == null means the
     * identity. Napkin: 2n²c flops, reads n² + n·c (B stays in cache for n ≤ 128): compute bound.
     */
    static void scaledProduct(double[] d, double[] w, double[] b, int bo, double[] out, int oo, int n, int c) {
        for (int i = 0; i < n; i++) {
            int ro = oo + i * c, wo = i * n;
            Arrays.fill(out, ro, ro + c, 0.0);
            int k = 0;
            for (; k + 3 < n; k += 4) {
                double w0 = w[wo + k], w1 = w[wo + k + 1], w2 = w[wo + k + 2], w3 = w[wo + k + 3];
                int b0 = bo + k * c, b1 = b0 + c, b2 = b1 + c, b3 = b2 + c;
                for (int j = 0; j < c; j++) {
                    out[ro + j] += w0 * b[b0 + j] + w1 * b[b1 + j] + w2 * b[b2 + j] + w3 * b[b3 + j];
                }
            }
            for (; k < n; k++) {
                double wk = w[wo + k];
                int bk = bo + k * c;
                for (int j = 0; j < c; j++) out[ro + j] += wk * b[bk + j];
            }
            if (d != null) {
                double di = d[i];
                for (int j = 0; j < c; j++) out[ro + j] *= di;
            }
        }
    }

    /** y = W x + b:  W (n, n). */
    static void affine(double[] w, double[] x, int xo, double[] bias, double[] y, int n) {
        for (int i = 0; i < n; i++) y[i] = Dense.dot(w, i * n, x, xo, n) + bias[i];
    }

    /**
     * Rescales a[off..off+len) by an exact power of two when its largest |entry| leaves [2^-64, 2^64],
     * so running products of hundreds of layers neither overflow nor underflow (and squared
     * entries stay far inside the double range for the SVD). Returns the binary exponent e
     * removed: the true matrix is a · 2^e. Zero and non-finite matrices are left alone.
     */
    static int renormalise(double[] a, int off, int len) {
        double max = 0;
        for (int i = off; i < off + len; i++) max = Math.max(max, Math.abs(a[i]));
        if (max == 0 || !Double.isFinite(max)) return 0;
        int e = Math.getExponent(max);
        if (e >= -64 && e <= 64) return 0;
        for (int i = off; i < off + len; i++) a[i] = Math.scalb(a[i], -e);
        return e;
    }
}
