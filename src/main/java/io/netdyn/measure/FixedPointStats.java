package io.netdyn.measure;

import io.netdyn.measure.fixedpoint.NetworkFixedPoints;
import io.netdyn.spec.Cell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-(cell, depth) statistics of the fixedpoints measure over networks (definitions in
 * docs/measures/fixedpoints.md). "…_mean" and "p_…" rows are means over networks with a 95%
 * interval; "…_netmax" rows are maxima over networks (no interval).
 */
public final class FixedPointStats {
    /** Means over networks, in the order {@link #meanValues} fills them. */
    public static final String[] MEAN_NAMES = {"q_stable_mean", "p_q0", "p_q1", "p_q2plus", "q_unstable_mean",
        "q_reached_mean", "converged_frac", "not_converged_frac", "cycle_frac", "p_cycle", "p_unique_attractor",
        "spectral_radius_mean", "iterations_mean", "basin_max_mean"};
    /** Maxima over networks, in the order {@link #maxValues} fills them. */
    public static final String[] MAX_NAMES = {"q_stable_netmax", "spectral_radius_netmax", "residual_netmax",
        "cycle_period_netmax"};

    private final Summary[] means = new Summary[MEAN_NAMES.length];
    private final double[] maxima = new double[MAX_NAMES.length];
    private final long[] maxCounts = new long[MAX_NAMES.length];
    private final double[] mv = new double[MEAN_NAMES.length], xv = new double[MAX_NAMES.length];

    public FixedPointStats() {
        for (int i = 0; i < means.length; i++) means[i] = new Summary();
        Arrays.fill(maxima, Double.NaN);
    }

    public void add(NetworkFixedPoints r) {
        meanValues(r, mv);
        for (int i = 0; i < mv.length; i++) means[i].add(mv[i]);
        maxValues(r, xv);
        for (int i = 0; i < xv.length; i++) {
            if (!Double.isFinite(xv[i])) continue;
            maxima[i] = maxCounts[i] == 0 ? xv[i] : Math.max(maxima[i], xv[i]);
            maxCounts[i]++;
        }
    }

    static void meanValues(NetworkFixedPoints r, double[] v) {
        int q = r.qStable();
        v[0] = q;
        v[1] = q == 0 ? 1 : 0;
        v[2] = q == 1 ? 1 : 0;
        v[3] = q >= 2 ? 1 : 0;
        v[4] = r.qUnstable();
        v[5] = r.qReached();
        v[6] = r.convergedFrac();
        v[7] = r.notConvergedFrac();
        v[8] = r.cycleFrac();
        v[9] = r.cycles().isEmpty() ? 0 : 1;
        v[10] = r.uniqueAttractor() ? 1 : 0;
        v[11] = r.stableRadiusMax();
        v[12] = r.iterationsMean();
        v[13] = r.basinMax();
    }

    static void maxValues(NetworkFixedPoints r, double[] v) {
        v[0] = r.qStable();
        v[1] = r.stableRadiusMax();
        v[2] = r.residualMax();
        v[3] = r.cyclePeriodMax();
    }

    public List<ResultRow> rows(String measure, Cell cell, int depth) {
        List<ResultRow> out = new ArrayList<>();
        for (int i = 0; i < means.length; i++) out.add(means[i].toRow(measure, cell, depth, MEAN_NAMES[i]));
        for (int i = 0; i < maxima.length; i++) {
            out.add(new ResultRow(measure, cell, depth, MAX_NAMES[i], maxima[i], Double.NaN, Double.NaN, maxCounts[i]));
        }
        return out;
    }
}
