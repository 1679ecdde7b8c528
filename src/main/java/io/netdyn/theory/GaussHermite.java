package io.netdyn.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * n-point Gauss–Hermite rule for the standard normal measure:
 * <pre>  ∫ Dz f(z) ≈ Σ_i w_i f(z_i),   Dz = e^{-z²/2} dz / √(2π)  </pre>
 * (probabilists' convention: Σ w_i = 1, exact for polynomials of degree ≤ 2n−1).
 *
 * <p>Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix of the probabilists'
 * Hermite polynomials (zero diagonal, off-diagonal √1, √2, …, √(n−1)); each is found by
 * bisection on the Sturm count of the LDLᵀ pivots, which cannot miss or duplicate a root
 * (Newton from asymptotic guesses does, beyond n ≈ 150). The weights come from the
 * Christoffel formula w_i = 1 / Σ_{k&lt;n} p_k(z_i)² with the orthonormal recurrence
 * p_0 = 1, p_{k+1} = (z p_k − √k p_{k−1}) / √(k+1) — a sum of squares, no cancellation, no
 * factorials. Extreme weights below ~1e-308 underflow to 0 (n ≳ 350), which is harmless.
 *
 * <p>Spectrally accurate for integrands analytic in a strip around the real axis; for an
 * integrand with a complex singularity at distance δ from the real axis the error decays like
 * exp(−2δ√(2n)). Kinked integrands (relu, hardtanh) converge only algebraically: use
 * {@link GaussianQuadrature} for those.
 */
public final class GaussHermite {
    /** The 101-point rule used by default. */
    public static final GaussHermite DEFAULT = new GaussHermite(101);

    private final double[] nodes;
    private final double[] weights;

    /** Builds the n-point rule; n ≥ 1. */
    public GaussHermite(int n) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        nodes = new double[n];
        weights = new double[n];
        double bound = 2 * Math.sqrt(n) + 1; // Gershgorin
        for (int i = n / 2; i < n; i++) {   // non-negative roots, index i in ascending order
            double lo = i == n / 2 ? 0 : nodes[i - 1], hi = bound;
            if (n % 2 == 1 && i == n / 2) { nodes[i] = 0; continue; }
            while (true) {
                double mid = 0.5 * (lo + hi);
                if (mid <= lo || mid >= hi) break;
                if (countBelow(mid, n) > i) hi = mid; else lo = mid;
            }
            nodes[i] = 0.5 * (lo + hi);
        }
        for (int i = 0; i < n / 2; i++) nodes[i] = -nodes[n - 1 - i];
        for (int i = 0; i < n; i++) {
            double z = nodes[i], p0 = 0, p1 = 1, sum = 1;
            for (int k = 0; k + 1 < n; k++) {
                double p2 = (z * p1 - Math.sqrt(k) * p0) / Math.sqrt(k + 1);
                p0 = p1;
                p1 = p2;
                sum += p1 * p1;
            }
            weights[i] = Double.isFinite(sum) ? 1 / sum : 0;
        }
    }

    /** Number of eigenvalues of the Jacobi matrix below x (negative LDLᵀ pivots of J − x). */
    private static int countBelow(double x, int n) {
        int count = 0;
        double d = -x;
        if (d < 0) count++;
        for (int k = 1; k < n; k++) {
            if (d == 0) d = 1e-300;
            d = -x - k / d;
            if (d < 0) count++;
        }
        return count;
    }

    /** Number of points. */
    public int size() { return nodes.length; }

    /** Nodes z_i in ascending order (a copy). */
    public double[] nodes() { return nodes.clone(); }

    /** Weights w_i, summing to 1 (a copy). */
    public double[] weights() { return weights.clone(); }

    /** ∫ Dz f(z) ≈ Σ w_i f(z_i). */
    public double expect(DoubleUnaryOperator f) {
        double s = 0;
        for (int i = 0; i < nodes.length; i++) s += weights[i] * f.applyAsDouble(nodes[i]);
        return s;
    }
}
