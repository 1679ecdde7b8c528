package io.netdyn.theory.tables;

import io.netdyn.model.Activation;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The {@code theory phase} tables: χ1 over a (σ_w, σ_b) grid, and the critical line χ1 = 1
 * (the edge of chaos, Poole et al. 2016; Schoenholz et al. 2017) found for each σ_b by bisection
 * in σ_w. Below the line (χ1 &lt; 1) nearby inputs converge with depth (order); above it they
 * separate (chaos).
 */
public final class PhaseDiagram {
    private PhaseDiagram() {}

    public static final String[] GRID_COLUMNS = {"activation", "sigma_w", "sigma_b", "q_star", "chi1", "xi_c"};
    public static final String[] LINE_COLUMNS = {"activation", "sigma_b", "sigma_w", "q_star"};

    /** No crossing below this σ_w: the line is reported as NaN there. */
    static final double MAX_SIGMA_W = 1e4;
    /** Bisection stops when the bracket is below this, relative to σ_w. */
    static final double REL_TOL = 1e-12;

    /** χ1, q*, ξ_c at every grid point (activation, σ_w, σ_b nesting). */
    public static Table grid(List<Activation> activations, List<Double> sigmaW, List<Double> sigmaB) {
        Table t = new Table(GRID_COLUMNS);
        for (MeanFieldPoint p : MeanFieldTable.grid(activations, sigmaW, sigmaB, true)) {
            t.add(p.activation().label(), p.sigmaW(), p.sigmaB(), p.qStar(), p.chi1(), p.xiC());
        }
        return t;
    }

    /** For each activation and σ_b, the σ_w with χ1 = 1 and q* there. */
    public static Table criticalLine(List<Activation> activations, List<Double> sigmaB) {
        int n = sigmaB.size();
        double[][] r = IntStream.range(0, activations.size() * n).parallel().mapToObj(i -> {
            Activation a = activations.get(i / n);
            double b = sigmaB.get(i % n), w = criticalSigmaW(a, b);
            return new double[] {w, Double.isNaN(w) ? Double.NaN : MeanFieldPoint.of(a, w, b).qStar()};
        }).toArray(double[][]::new);
        Table t = new Table(LINE_COLUMNS);
        for (int i = 0; i < r.length; i++) t.add(activations.get(i / n).label(), sigmaB.get(i % n), r[i][0], r[i][1]);
        return t;
    }

    /**
     * The σ_w where χ1(σ_w, σ_b) crosses 1: χ1 = 0 at σ_w = 0; the upper end is found by doubling
     * from 1 until χ1 ≥ 1, then the bracket is halved down to {@link #REL_TOL}. χ1 rises with σ_w
     * for all six activations (checked numerically at σ_b ∈ {0, 0.3, 1, 3}), so the crossing is
     * unique. NaN if χ1 &lt; 1 up to {@link #MAX_SIGMA_W}.
     *
     * <p>For tanh at σ_b = 0, χ1 = σ_w² below 1 but χ1 − 1 ≈ (4/3)(σ_w − 1)² just above it (q* ≈
     * (1 − σ_w⁻²)/2 grows from 0), so χ1 touches 1 tangentially from above, the sign of χ1 − 1 is left to
     * rounding very close to 1, and the result is 1 + 1.5e-10 (measured), not than 1 ± 1e-12.
     */
    public static double criticalSigmaW(Activation a, double sigmaB) {
        double lo = 0, hi = 1;
        while (!(MeanFieldPoint.chi1(a, hi, sigmaB) >= 1)) {
            lo = hi;
            hi *= 2;
            if (hi > MAX_SIGMA_W) return Double.NaN;
        }
        while (hi - lo > REL_TOL * hi) {
            double mid = 0.5 * (lo + hi);
            if (MeanFieldPoint.chi1(a, mid, sigmaB) >= 1) hi = mid; else lo = mid;
        }
        return 0.5 * (lo + hi);
    }
}
