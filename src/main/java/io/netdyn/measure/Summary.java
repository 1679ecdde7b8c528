package io.netdyn.measure;

import io.netdyn.spec.Cell;

/**
 * Running mean and variance (Welford) of the finite values added; non-finite values (an
 * overflowed heavy-tailed network, an undefined cosine of a zero output) are counted apart.
 * The 95% interval is mean ± t_{0.975, n-1} · sd/√n (NaN when it is not finite).
 */
public final class Summary {
    private long n, skipped;
    private double mean, m2;

    public void add(double x) {
        if (!Double.isFinite(x)) { skipped++; return; }
        n++;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
    }

    public long count() { return n; }

    public long skipped() { return skipped; }

    public double mean() { return n > 0 ? mean : Double.NaN; }

    public double sd() { return n > 1 ? Math.sqrt(m2 / (n - 1)) : Double.NaN; }

    /** Half-width of the 95% confidence interval of the mean (NaN for n < 2). */
    public double halfWidth95() {
        return n > 1 ? StudentT.quantile975(n - 1) * sd() / Math.sqrt(n) : Double.NaN;
    }

    /**
     * The results.csv row: mean and 95% interval. An interval that cannot be represented — the
     * variance of finite values overflowed (heavy tails at depth), or an end beyond the double
     * range — is written as NaN, NaN rather than ±inf.
     */
    public ResultRow toRow(String measure, Cell cell, int depth, String statistic) {
        double h = halfWidth95(), m = mean(), lo = m - h, hi = m + h;
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) { lo = Double.NaN; hi = Double.NaN; }
        return new ResultRow(measure, cell, depth, statistic, m, lo, hi, n);
    }
}
