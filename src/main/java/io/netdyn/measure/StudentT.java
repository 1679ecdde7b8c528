package io.netdyn.measure;

/**
 * Quantiles of Student's t distribution, for the 95% intervals of results.csv (docs/outputs.md).
 *
 * <p>Exact to rounding (≈ 1e-14 relative) for every ν: for ν &lt; {@value #SERIES_MAX} the
 * two-sided probability A(t | ν) = P(|T| ≤ t) is evaluated by its finite trigonometric series
 * (Abramowitz &amp; Stegun 26.7.3–4, θ = atan(t/√ν), c = cos θ, s = sin θ):
 * <pre>
 *   ν even:  A = s · (1 + ½c² + (1·3)/(2·4) c⁴ + … + (1·3···(ν−3))/(2·4···(ν−2)) c^(ν−2))
 *   ν odd:   A = (2/π) · (θ + s c · (1 + (2/3)c² + … + (2·4···(ν−3))/(3·5···(ν−2)) c^(ν−3)))   (ν = 1: 2θ/π)
 * </pre>
 * and A(t) = 2p − 1 is solved by bisection on θ ∈ (0, π/2) down to adjacent doubles (A is
 * increasing in θ). From ν = {@value #SERIES_MAX} on, the 0.975 quantile is the Cornish–Fisher
 * expansion in 1/ν to fourth order (Abramowitz &amp; Stegun 26.7.5), whose truncation error
 * O(ν⁻⁵) is ≈ 2e-16 at ν = 1000 (the series has accumulated ≈ 1e-14 of rounding by then);
 * other p keep the series at any ν.
 */
final class StudentT {
    private StudentT() {}

    /** Largest ν solved through the exact series (ν/2 terms per evaluation). */
    static final int SERIES_MAX = 1000;
    /** The standard normal 0.975 quantile. */
    private static final double Z975 = 1.959963984540054;
    private static final double[] CACHE975 = new double[SERIES_MAX];

    /** t_{0.975, df}: the 95% two-sided critical value (NaN for df &lt; 1). */
    static double quantile975(long df) {
        if (df < 1) return Double.NaN;
        if (df >= SERIES_MAX) return cornishFisher(Z975, df);
        synchronized (CACHE975) {
            double t = CACHE975[(int) df];
            if (t == 0) CACHE975[(int) df] = t = quantile(0.975, df);
            return t;
        }
    }

    /** The p quantile of t with df degrees of freedom, p in (0, 1). */
    static double quantile(double p, long df) {
        if (df < 1 || !(p > 0 && p < 1)) return Double.NaN;
        if (p == 0.5) return 0;
        if (p < 0.5) return -quantile(1 - p, df);
        double target = 2 * p - 1;                           // A(t) = P(|T| ≤ t)
        if (df >= SERIES_MAX && p == 0.975) return cornishFisher(Z975, df);
        double lo = 0, hi = Math.PI / 2;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (twoSided(mid, df) < target) lo = mid;
            else hi = mid;
        }
        double theta = 0.5 * (lo + hi);
        return Math.sqrt((double) df) * Math.tan(theta);
    }

    /** A = P(|T| ≤ √ν tan θ) by the finite series. */
    static double twoSided(double theta, long df) {
        double c = Math.cos(theta), s = Math.sin(theta), c2 = c * c;
        if (df % 2 == 0) {
            double sum = 1, term = 1;
            for (long k = 2; k <= df - 2; k += 2) {
                term *= c2 * (k - 1) / k;
                sum += term;
                if (term < 1e-18 * sum) break;
            }
            return s * sum;
        }
        if (df == 1) return 2 * theta / Math.PI;
        double sum = 1, term = 1;
        for (long k = 3; k <= df - 2; k += 2) {
            term *= c2 * (k - 1) / k;
            sum += term;
            if (term < 1e-18 * sum) break;
        }
        return 2 / Math.PI * (theta + s * c * sum);
    }

    /** Cornish–Fisher: t = z + g1/ν + g2/ν² + g3/ν³ + g4/ν⁴. */
    static double cornishFisher(double z, long df) {
        double v = df, z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
        double g1 = (z3 + z) / 4;
        double g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
        double g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
        double g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
        return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
    }
}
