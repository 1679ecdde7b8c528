package io.netdyn.theory;

import java.math.BigInteger;

/**
 * Fuss–Catalan numbers: the moments of the spectrum of JJᵀ for a depth-L linear network with
 * square Gaussian layers at σ_w = 1 (equivalently of (WWᵀ)^L-type free products),
 * <pre>  m_k = C((L+1)k, k) / (Lk + 1),  </pre>
 * so m_1 = 1, m_2 = L+1; L = 1 gives the Catalan numbers (Marchenko–Pastur, γ = 1). The law is
 * supported on [0, (L+1)^{L+1}/L^L].
 */
public final class FussCatalan {
    private FussCatalan() {}

    /** m_k exactly, for L ≥ 0, k ≥ 0. */
    public static BigInteger moment(int depth, int k) {
        if (depth < 0 || k < 0) throw new IllegalArgumentException("need depth >= 0 and k >= 0");
        return binomial((depth + 1) * k, k).divide(BigInteger.valueOf((long) depth * k + 1));
    }

    /** m_k as a double (may be +∞ for huge arguments). */
    public static double momentDouble(int depth, int k) { return moment(depth, k).doubleValue(); }

    /** Upper edge of the support, (L+1)^{L+1} / L^L (4 for L = 1; 1 for L = 0). */
    public static double upperEdge(int depth) {
        if (depth == 0) return 1;
        return (depth + 1) * Math.pow((depth + 1.0) / depth, depth);
    }

    static BigInteger binomial(int n, int k) {
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= k; i++) r = r.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        return r;
    }
}
