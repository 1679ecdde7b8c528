package io.netdyn.backend.cpu;

/** Small dense kernels of the CPU backend; row-major, no allocation. */
final class Dense {
    private Dense() {}

    /** out[s,i] = Σ_j w[i,j] x[s,j] + b[i];  x (S, nIn), w (nOut, nIn), out (S, nOut). */
    static void affineRows(double[] x, double[] w, double[] b, double[] out, int s, int nOut, int nIn) {
        for (int i = 0; i < nOut; i++) {                 // a row of W once for all S rows of x (W may be MBs)
            int wo = i * nIn, r = 0;
            for (; r + 1 < s; r += 2) dot2(w, wo, x, r * nIn, (r + 1) * nIn, nIn, out, r * nOut + i, (r + 1) * nOut + i, b[i]);
            for (; r < s; r++) out[r * nOut + i] = dot(w, wo, x, r * nIn, nIn) + b[i];
        }
    }

    /**
     * out[o1] = {@link #dot}(a, c at c1) + bias and out[o2] = dot(a, c at c2) + bias, each with
     * exactly {@code dot}'s four accumulators and order (the same bits); each load of a serves both.
     */
    static void dot2(double[] a, int ao, double[] c, int c1, int c2, int n, double[] out, int o1, int o2, double bias) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            double a0 = a[ao + k], a1 = a[ao + k + 1], a2 = a[ao + k + 2], a3 = a[ao + k + 3];
            s0 += a0 * c[c1 + k]; s1 += a1 * c[c1 + k + 1]; s2 += a2 * c[c1 + k + 2]; s3 += a3 * c[c1 + k + 3];
            t0 += a0 * c[c2 + k]; t1 += a1 * c[c2 + k + 1]; t2 += a2 * c[c2 + k + 2]; t3 += a3 * c[c2 + k + 3];
        }
        for (; k < n; k++) { s0 += a[ao + k] * c[c1 + k]; t0 += a[ao + k] * c[c2 + k]; }
        out[o1] = (s0 + s1) + (s2 + s3) + bias;
        out[o2] = (t0 + t1) + (t2 + t3) + bias;
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

    /** Words per row of {@link #signBits}: ⌈n/64⌉. */
    static int signWords(int n) { return (n + 63) >>> 6; }

    /** bits of row r: bit k of word r·⌈n/64⌉ + k/64 set iff y[r, k] > 0 (NaN: not set). */
    static void signBits(double[] y, int s, int n, long[] bits) {
        int words = signWords(n);
        for (int r = 0; r < s; r++) {
            for (int wd = 0; wd < words; wd++) {            // a word in a register, no branch: the signs are coin flips
                int k0 = wd << 6, k1 = Math.min(n, k0 + 64), yo = r * n;
                long acc = 0;
                for (int k = k0; k < k1; k++) acc |= (y[yo + k] > 0 ? 1L : 0L) << (k & 63);
                bits[r * words + wd] = acc;
            }
        }
    }

    /**
     * The Gram matrix of the 0/1 matrix B = [y > 0] from its {@link #signBits}: G_ij = popcount
     * of row i AND row j. The same doubles as {@link #gram} of B (every partial sum there is an
     * integer ≤ n, exact), written as S×S at g[off..].
     */
    static void bitGram(long[] bits, int s, int n, double[] g, int off) {
        int words = signWords(n);
        for (int i = 0; i < s; i++) {
            for (int j = i; j < s; j++) {
                long c = 0;
                for (int k = 0; k < words; k++) c += Long.bitCount(bits[i * words + k] & bits[j * words + k]);
                g[off + i * s + j] = c;
                g[off + j * s + i] = c;
            }
        }
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
