package io.netdyn.backend.cpu;

/** Small dense kernels of the CPU backend; row-major, no allocation. */
final class Dense {
    private Dense() {}

    /** out[s,i] = Σ_j w[i,j] x[s,j] + b[i];  x (S, nIn), w (nOut, nIn), out (S, nOut). */
    static void affineRows(double[] x, double[] w, double[] b, double[] out, int s, int nOut, int nIn) {
        for (int i = 0; i < nOut; i++) {                 // a row of W once for all S rows of x (W may be MBs)
            int wo = i * nIn;
            for (int r = 0; r < s; r++) out[r * nOut + i] = dot(w, wo, x, r * nIn, nIn) + b[i];
        }
    }

    /** Σ_k a[ao+k] c[co+k] with four independent accumulators (lets the JIT pipeline). */
    static double dot(double[] a, int ao, double[] c, int co, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[ao + k] * c[co + k];
            s1 += a[ao + k + 1] * c[co + k + 1];
            s2 += a[ao + k + 2] * c[co + k + 2];
            s3 += a[ao + k + 3] * c[co + k + 3];
        }
        for (; k < n; k++) s0 += a[ao + k] * c[co + k];
        return (s0 + s1) + (s2 + s3);
    }

    /** G = A Aᵀ for A (S, N), written as S×S at g[off..]. */
    static void gram(double[] a, int s, int n, double[] g, int off) {
        for (int i = 0; i < s; i++) {
            for (int j = i; j < s; j++) {
                double v = dot(a, i * n, a, j * n, n);
                g[off + i * s + j] = v;
                g[off + j * s + i] = v;
            }
        }
    }
}
