package io.netdyn.stats;

import java.util.Arrays;

/**
 * Continuous power-law fit p(x) = ((α−1)/x_min)(x/x_min)^−α on x ≥ x_min by the method of
 * Clauset, Shalizi &amp; Newman (2009), as the {@code powerlaw} Python package and WeightWatcher
 * apply it to eigenvalue spectra.
 *
 * <p>For a candidate x_min the tail is every sample x_i ≥ x_min, n of them, and
 * <pre>
 *   α(x_min) = 1 + n / Σ_tail ln(x_i/x_min)                      (maximum likelihood)
 *   D(x_min) = max_tail |F(x_i) − E(x_i)|,   F(x) = 1 − (x/x_min)^(1−α),
 *              E(x)  = #{tail values &lt; x} / n                       (empirical CDF, left limit)
 *   σ        = (α − 1)/√n                                         (asymptotic standard error)
 * </pre>
 * x_min is the candidate with the smallest D; candidates are the distinct sample values except
 * the largest (whose tail has a single value and no fit); the first (smallest) wins a tie. D is
 * exactly the Kolmogorov–Smirnov distance of {@code powerlaw} (its empirical CDF is the left limit
 * #{x_j &lt; x}/n at the distinct data points, the same definition WeightWatcher's own fitter uses);
 * the two-sided supremum would also compare F with #{x_j ≤ x}/n.
 *
 * <p>Differences from those packages, all off by default: a minimum tail size {@code minTail}
 * may exclude the smallest tails (default 2, i.e. every candidate, as they do); only finite
 * x &gt; 0 enter (WeightWatcher drops eigenvalues ≤ 10⁻⁵ in absolute terms, which depends on the
 * scale of W; here the squared singular values of W are accurate to a few ulps relative, so
 * exact zeros are the only ones left out).
 *
 * <p>{@link #fit} is O(n²) in the worst case but fast: Σ ln(x_i/x_min) for all candidates comes
 * from one suffix recurrence with non-negative terms (no cancellation), and a candidate's D loop
 * stops as soon as its running maximum reaches the best D found so far (it can then no longer
 * win). {@link #reference} is the same estimator written out plainly, for the tests.
 *
 * @param alpha exponent α of the density (NaN when there is no fit)
 * @param xmin  the chosen x_min
 * @param ks    D at x_min
 * @param tail  n, the number of samples ≥ x_min
 * @param sigma standard error (α−1)/√n
 */
public record PowerLawFit(double alpha, double xmin, double ks, int tail, double sigma) {
    /** Default minimum tail size: every candidate but the largest value, as {@code powerlaw} does. */
    public static final int MIN_TAIL = 2;

    /** No fit: fewer than two distinct positive values (or none with a tail of minTail). */
    public static final PowerLawFit NONE = new PowerLawFit(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN);

    public boolean isFit() { return tail > 0; }

    /** The CSN fit of the finite positive entries of {@code x} (not modified), x_min by minimal D. */
    public static PowerLawFit fit(double[] x) { return fit(x, MIN_TAIL); }

    /** As {@link #fit(double[])}, considering only candidates whose tail holds at least minTail values. */
    public static PowerLawFit fit(double[] x, int minTail) {
        double[] y = positiveSorted(x);
        int m = y.length;
        if (m < 2) return NONE;
        double[] ly = new double[m];
        for (int i = 0; i < m; i++) ly[i] = Math.log(y[i]);
        // t[i] = Σ_{j≥i} (ln y_j − ln y_i) = t[i+1] + (m−i−1)(ln y_{i+1} − ln y_i): every term ≥ 0
        double[] t = new double[m];
        for (int i = m - 2; i >= 0; i--) t[i] = t[i + 1] + (m - i - 1) * (ly[i + 1] - ly[i]);

        int bestI = -1;
        double bestD = Double.POSITIVE_INFINITY, bestAlpha = Double.NaN;
        for (int i = 0; i < m; i++) {
            if (i > 0 && y[i] == y[i - 1]) continue;          // a tie: not the first of its value
            int n = m - i;
            if (n < Math.max(2, minTail) || t[i] == 0) break;  // tails only shrink from here
            double alpha = 1 + n / t[i], e = 1 - alpha, d = 0;
            int below = 0;                                     // #{tail values < y_j}
            for (int j = i; j < m && d < bestD; j++) {
                if (y[j] != y[j - (j > i ? 1 : 0)]) below = j - i;
                double f = -Math.expm1(e * (ly[j] - ly[i]));   // 1 − (y_j/x_min)^(1−α)
                d = Math.max(d, Math.abs(f - (double) below / n));
            }
            if (d < bestD) { bestD = d; bestI = i; bestAlpha = alpha; }
        }
        if (bestI < 0) return NONE;
        int n = m - bestI;
        return new PowerLawFit(bestAlpha, y[bestI], bestD, n, (bestAlpha - 1) / Math.sqrt(n));
    }

    /** The maximum-likelihood fit with x_min given (the tail is every finite x ≥ xmin &gt; 0). */
    public static PowerLawFit fitAt(double[] x, double xmin) {
        if (!(xmin > 0)) throw new IllegalArgumentException("need xmin > 0, got " + xmin);
        double[] y = positiveSorted(x);
        int i = lowerBound(y, xmin);
        return i < y.length ? atIndex(y, i, xmin) : NONE;
    }

    /** The plain estimator: every candidate, α and D from their definitions. Slow; for the tests. */
    static PowerLawFit reference(double[] x, int minTail) {
        double[] y = positiveSorted(x);
        PowerLawFit best = NONE;
        for (int i = 0; i < y.length; i++) {
            if (i > 0 && y[i] == y[i - 1]) continue;
            if (y[i] == y[y.length - 1] || y.length - i < Math.max(2, minTail)) break;
            PowerLawFit f = atIndex(y, i, y[i]);
            if (!best.isFit() || f.ks < best.ks) best = f;
        }
        return best;
    }

    /** α, D, σ of the tail y[i..] (y sorted ascending, y[i] ≥ xmin) for the given xmin. */
    private static PowerLawFit atIndex(double[] y, int i, double xmin) {
        int n = y.length - i;
        double s = 0;
        for (int j = i; j < y.length; j++) s += Math.log(y[j] / xmin);
        if (s == 0) return NONE;
        double alpha = 1 + n / s, d = 0;
        for (int j = i; j < y.length; j++) {
            double empirical = (double) (lowerBound(y, y[j]) - i) / n;
            double model = 1 - Math.pow(y[j] / xmin, 1 - alpha);
            d = Math.max(d, Math.abs(model - empirical));
        }
        return new PowerLawFit(alpha, xmin, d, n, (alpha - 1) / Math.sqrt(n));
    }

    /** First index with y[k] ≥ v (y ascending). */
    private static int lowerBound(double[] y, double v) {
        int lo = 0, hi = y.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (y[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static double[] positiveSorted(double[] x) {
        double[] y = new double[x.length];
        int m = 0;
        for (double v : x) if (v > 0 && v < Double.POSITIVE_INFINITY) y[m++] = v;
        y = Arrays.copyOf(y, m);
        Arrays.sort(y);
        return y;
    }
}
