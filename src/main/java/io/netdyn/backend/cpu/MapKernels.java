package io.netdyn.backend.cpu;

/**
 * The affine part of one layer for a block of starts, Y = X Wᵀ + b — the inner loop of the
 * fixed-point iteration (the reference is the plain triple loop in the tests).
 *
 * <p>Tiled 2 rows × 4 outputs: eight running sums share each load of X and W, so the loop
 * does 16 flops per 6 loads instead of 2 per 3 (row axpy); measured 2–3× faster for
 * N = 8..64. Every sum still runs over k = 0..N-1 in order from b_i, so a row's result is
 * bit-identical whatever tile, block position or m it is computed in.
 */
final class MapKernels {
    private MapKernels() {}

    /** y[r, i] = b[bo+i] + Σ_k w[wo + i·n + k] x[r, k] for rows r &lt; m; x, y (m, n); W row-major (n, n). */
    static void affineRows(double[] x, double[] y, int m, int n, double[] w, int wo, double[] b, int bo) {
        int r = 0;
        for (; r + 1 < m; r += 2) {
            int x0 = r * n, x1 = x0 + n;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                int w0 = wo + i * n, w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
                double a00 = b[bo + i], a01 = b[bo + i + 1], a02 = b[bo + i + 2], a03 = b[bo + i + 3];
                double a10 = a00, a11 = a01, a12 = a02, a13 = a03;
                for (int k = 0; k < n; k++) {
                    double u = x[x0 + k], v = x[x1 + k];
                    double c0 = w[w0 + k], c1 = w[w1 + k], c2 = w[w2 + k], c3 = w[w3 + k];
                    a00 += c0 * u; a01 += c1 * u; a02 += c2 * u; a03 += c3 * u;
                    a10 += c0 * v; a11 += c1 * v; a12 += c2 * v; a13 += c3 * v;
                }
                y[x0 + i] = a00; y[x0 + i + 1] = a01; y[x0 + i + 2] = a02; y[x0 + i + 3] = a03;
                y[x1 + i] = a10; y[x1 + i + 1] = a11; y[x1 + i + 2] = a12; y[x1 + i + 3] = a13;
            }
            twoRowsFrom(i, x, y, x0, x1, n, w, wo, b, bo);
        }
        if (r < m) affineRow(x, r * n, y, r * n, n, w, wo, b, bo);
    }

    /** Outputs i ≥ {@code from} of rows at x0 and x1, one output at a time (the tiles' sums). */
    static void twoRowsFrom(int from, double[] x, double[] y, int x0, int x1, int n, double[] w, int wo, double[] b, int bo) {
        for (int i = from; i < n; i++) {
            int wi = wo + i * n;
            double a0 = b[bo + i], a1 = a0;
            for (int k = 0; k < n; k++) { a0 += w[wi + k] * x[x0 + k]; a1 += w[wi + k] * x[x1 + k]; }
            y[x0 + i] = a0;
            y[x1 + i] = a1;
        }
    }

    /**
     * One row: y[yo + i] = b[bo+i] + Σ_k w[wo + i·n + k] x[xo + k], the same sums as the tiles,
     * four outputs at a time so four independent add chains hide the add latency.
     */
    static void affineRow(double[] x, int xo, double[] y, int yo, int n, double[] w, int wo, double[] b, int bo) {
        int i = 0;
        for (; i + 3 < n; i += 4) {
            int w0 = wo + i * n, w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
            double a0 = b[bo + i], a1 = b[bo + i + 1], a2 = b[bo + i + 2], a3 = b[bo + i + 3];
            for (int k = 0; k < n; k++) {
                double u = x[xo + k];
                a0 += w[w0 + k] * u; a1 += w[w1 + k] * u; a2 += w[w2 + k] * u; a3 += w[w3 + k] * u;
            }
            y[yo + i] = a0; y[yo + i + 1] = a1; y[yo + i + 2] = a2; y[yo + i + 3] = a3;
        }
        for (; i < n; i++) {
            int wi = wo + i * n;
            double a0 = b[bo + i];
            for (int k = 0; k < n; k++) a0 += w[wi + k] * x[xo + k];
            y[yo + i] = a0;
        }
    }
}
