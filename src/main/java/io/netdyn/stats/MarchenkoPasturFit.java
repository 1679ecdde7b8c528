package io.netdyn.stats;

import java.util.Arrays;

/**
 * The Marchenko–Pastur bulk of the eigenvalues λ of X = W Wᵀ of a square N×N layer (aspect ratio
 * Q = 1), its edge, and the eigenvalues beyond it ("spikes"), following WeightWatcher's
 * {@code mp_fit}:
 * <pre>
 *   λ̃_i = λ_i / m,  m = (1/N) Σ λ_i                 (WeightWatcher's rescaling: mean eigenvalue 1)
 *   s    = argmin_s KS(λ̃, MP(Q = 1, s))             (the fitted bulk variance, normalised units)
 *   σ²   = m·s,   λ⁺ = σ²(1 + 1/√Q)² = 4σ²           (bulk edge)
 *   num_spikes  = #{λ̃_i > λ̃⁺ + δ},  δ = √(λ̃⁺^(2/3) N^(−2/3))   (Tracy–Widom allowance)
 *   mp_softrank = λ⁺ / λ_max
 * </pre>
 * with MP(1, s) the law of W Wᵀ for entries of variance s/N: CDF
 * F(x) = (2/π)(arcsin √t + √(t(1−t))), t = x/(4s), on [0, 4s] ({@link #cdf}).
 *
 * <p><b>How s is fitted.</b> KS(λ̃, MP) = sup_x |F_N(x) − F(x)| over the N eigenvalues (all
 * of them: the few spikes move the empirical CDF F_N by at most k/N). It is minimised first on a
 * grid of {@value #GRID} values of s log-spaced over [μ/100, 100μ], μ the median of λ̃ (the MP(1, s)
 * median is 0.65·s, so the grid brackets any plausible bulk, also the narrow bulk of a heavy-tailed
 * matrix), then by golden-section search in ln s between the grid neighbours of the best grid
 * point, to |Δ ln s| ≤ 10⁻⁹. Deterministic; O(N) per evaluation.
 *
 * <p><b>What differs from WeightWatcher.</b> WeightWatcher fits the singular values √λ̃ to a
 * quarter-circle density by least squares against a kernel density estimate (linear kernel,
 * bandwidth 0.1, on 1000 points, dropping points of density below 0.01), brute-forcing σ over
 * [0.05, 2)·σ₀ in steps of 0.01·σ₀, σ₀² = λ̃_max/4, and polishing with Nelder–Mead. Its
 * quarter-circle term keeps the support [0, 2] fixed whatever σ (only the height scales). Here the
 * objective is the KS distance of the empirical CDF against the exact MP CDF, which needs no
 * bandwidth, does not depend on the scale of W, and whose grid is anchored at the median rather
 * than at λ_max (which lies far above the bulk when the entries are heavy-tailed). The edge λ⁺,
 * the Tracy–Widom allowance δ (evaluated, as there, in the normalised units with M = N) and
 * mp_softrank = λ⁺/λ_max are WeightWatcher's.
 *
 * @param sigma2     fitted bulk variance σ² (original units; λ⁺ = 4σ²)
 * @param lambdaPlus bulk edge λ⁺ = 4σ²
 * @param threshold  λ⁺ + m·δ: eigenvalues above it are spikes (original units)
 * @param numSpikes  #{λ &gt; threshold}
 * @param softRank   mp_softrank = λ⁺/λ_max
 * @param ks         KS distance between the eigenvalues and MP(1, σ²) at the fit
 */
public record MarchenkoPasturFit(double sigma2, double lambdaPlus, double threshold, int numSpikes,
                                 double softRank, double ks) {
    /** Grid points of the first, coarse search in s (ratio 10^(4/(GRID−1)) ≈ 1.0194 between them). */
    public static final int GRID = 481;
    /** Golden-section tolerance in ln s. */
    static final double TOL = 1e-9;

    public static final MarchenkoPasturFit NONE =
            new MarchenkoPasturFit(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);

    /**
     * The fit to the N eigenvalues of W Wᵀ (not modified; any order). Needs a positive finite
     * mean; negative rounding noise of a symmetric solver is taken as is. NONE for no eigenvalues
     * or a zero matrix.
     */
    public static MarchenkoPasturFit fit(double[] lambda) {
        int n = lambda.length;
        if (n == 0) return NONE;
        double[] x = lambda.clone();
        Arrays.sort(x);
        double sum = 0;
        for (double v : x) sum += v;
        double m = sum / n, lmax = x[n - 1];
        if (!(m > 0) || !Double.isFinite(m)) return NONE;
        for (int i = 0; i < n; i++) x[i] /= m;
        double median = (x[(n - 1) / 2] + x[n / 2]) / 2;
        if (!(median > 0)) median = 1;                          // more than half exact zeros: anchor at the mean

        double lo = Math.log(median / 100), step = Math.log(1e4) / (GRID - 1);
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int g = 0; g < GRID; g++) {
            double d = ks(x, Math.exp(lo + g * step));
            if (d < bestD) { bestD = d; best = g; }
        }
        double a = lo + Math.max(0, best - 1) * step, b = lo + Math.min(GRID - 1, best + 1) * step;
        double s = Math.exp(goldenMin(x, a, b));
        if (ks(x, s) > bestD) s = Math.exp(lo + best * step);   // the bracket held a better local point

        double plusN = 4 * s, delta = Math.sqrt(Math.pow(plusN, 2.0 / 3) * Math.pow(n, -2.0 / 3));
        int spikes = 0;
        for (int i = n - 1; i >= 0 && x[i] > plusN + delta; i--) spikes++;
        double sigma2 = m * s;
        return new MarchenkoPasturFit(sigma2, 4 * sigma2, m * (plusN + delta), spikes, 4 * sigma2 / lmax, ks(x, s));
    }

    /** MP(Q = 1, s) CDF: (2/π)(arcsin √t + √(t(1−t))), t = x/(4s), clamped to [0, 1]. */
    public static double cdf(double x, double s) {
        if (!(x > 0)) return 0;
        double t = x / (4 * s);
        if (t >= 1) return 1;
        return (2 / Math.PI) * (Math.asin(Math.sqrt(t)) + Math.sqrt(t * (1 - t)));
    }

    /** MP(Q = 1, s) density √((4s − x)/x)/(2πs) on (0, 4s). */
    public static double density(double x, double s) {
        if (!(x > 0) || x >= 4 * s) return 0;
        return Math.sqrt((4 * s - x) / x) / (2 * Math.PI * s);
    }

    /** sup |F_N − F| for the sorted sample x against MP(1, s): F compared with i/N and (i+1)/N. */
    public static double ks(double[] sorted, double s) {
        int n = sorted.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf(sorted[i], s);
            d = Math.max(d, Math.max(f - (double) i / n, (i + 1.0) / n - f));
        }
        return d;
    }

    /** Golden-section search for a minimum of ks(x, e^u) on [a, b]; returns u. */
    private static double goldenMin(double[] x, double a, double b) {
        final double r = (Math.sqrt(5) - 1) / 2;
        double c = b - r * (b - a), d = a + r * (b - a);
        double fc = ks(x, Math.exp(c)), fd = ks(x, Math.exp(d));
        while (b - a > TOL) {
            if (fc <= fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = ks(x, Math.exp(c)); }
            else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = ks(x, Math.exp(d)); }
        }
        return (a + b) / 2;
    }
}
