package io.netdyn.theory.tables;

import io.netdyn.model.Activation;
import io.netdyn.theory.FreeJacobianDensity;
import io.netdyn.theory.MeanField;
import java.util.List;

/**
 * The {@code theory jacobian} tables: the large-N density of the eigenvalues λ of JJᵀ at inputs on
 * q* (free probability, {@link FreeJacobianDensity}), per depth on a λ grid, and a per-depth
 * summary with the closed-form moments, the atom at 0, the support and the total mass.
 *
 * <p>Grid: {@code points} midpoints of [0, λmax] (λ = 0 itself is avoided: ρ ~ λ^{−L/(L+1)} there),
 * or with {@code log} a geometric grid over {@link #LOG_DECADES} decades ending at λmax. λmax
 * defaults to each depth's upper edge λ+; a given λmax puts every depth on one common grid.
 */
public final class JacobianSpectrum {
    private JacobianSpectrum() {}

    public static final String[] DENSITY_COLUMNS = {"depth", "lambda", "density"};
    public static final String[] SUMMARY_COLUMNS = {"activation", "sigma_w", "sigma_b", "q_star", "depth", "m1", "m2",
        "atom", "lambda_min", "lambda_max", "mass"};
    public static final int LOG_DECADES = 8;

    public record Result(Table density, Table summary) {}

    /**
     * @param lambdaMax upper end of the grid, or NaN for each depth's upper edge λ+
     * @throws IllegalStateException if the length map has no finite fixed point q* (relu σ_w² &gt; 2, …)
     */
    public static Result build(Activation a, double sigmaW, double sigmaB, List<Integer> depths, int points,
                               double lambdaMax, boolean log) {
        MeanField mf = new MeanField(a, sigmaW * sigmaW, sigmaB * sigmaB);
        double q = mf.qStar();
        Table density = new Table(DENSITY_COLUMNS), summary = new Table(SUMMARY_COLUMNS);
        for (int depth : depths) {
            FreeJacobianDensity f = FreeJacobianDensity.of(mf, depth);
            double hi = Double.isNaN(lambdaMax) ? f.upperEdge() : lambdaMax;
            for (double lambda : grid(hi, points, log)) density.add(depth, lambda, f.density(lambda));
            summary.add(a.label(), sigmaW, sigmaB, q, depth, f.theoryM1(), f.theoryM2(), f.atomAtZero(),
                    f.lowerEdge(), f.upperEdge(), f.atomAtZero() + f.moment(0));
        }
        return new Result(density, summary);
    }

    /** Midpoints λmax (i + ½)/n, or λmax · 10^{−D (n−1−i)/(n−1)} on a log grid. */
    static double[] grid(double lambdaMax, int n, boolean log) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = log ? (n == 1 ? lambdaMax : lambdaMax * Math.pow(10, -LOG_DECADES * (double) (n - 1 - i) / (n - 1)))
                       : lambdaMax * (i + 0.5) / n;
        }
        return x;
    }
}
