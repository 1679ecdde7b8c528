package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.measure.fixedpoint.FixedPoint;
import io.netdyn.measure.fixedpoint.FixedPointSearch;
import io.netdyn.measure.fixedpoint.NetworkFixedPoints;
import io.netdyn.model.StartPoints;
import io.netdyn.spec.Cell;
import io.netdyn.spec.FixedPointOptions;
import io.netdyn.spec.SweepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fixed points, their count Q and stability (docs/measures/fixedpoints.md). Every requested depth l is its own
 * map f_l (the first l layers of the cell's networks, weights shared across depths): a
 * separate search per depth, all depths of a batch in the same backend calls. Per (cell,
 * depth) the statistics of {@link FixedPointStats} go to results.csv; one row per network
 * and depth to fixedpoints.csv; per (cell, depth) the histogram of the eigenvalue moduli
 * |λ_i(J_f(x*))| of every stable fixed point x* of the cell's networks to fixedpoints_esd.csv
 * ({@link #ESD_FILE}, bins as esd.csv: {@link LogHistogram}, {@code --esd-bins}). The networks
 * are sampled, or a {@code --weights} file's ({@link CellNetworks}).
 */
public final class FixedPointMeasure implements Measure {
    public static final String NAME = "fixedpoints";
    public static final String TABLE = "fixedpoints.csv";
    /** Histograms of |λ_i(J_f(x*))| at the stable fixed points, per (cell, depth); columns {@link JacobianMeasure#ESD_COLUMNS}. */
    public static final String ESD_FILE = "fixedpoints_esd.csv";
    /** The one quantity of {@link #ESD_FILE}: |λ| of J_f at stable fixed points, log-spaced bins, density per unit |λ|. */
    public static final String STABLE_EIG_ABS = "stable_eig_abs";
    public static final List<String> NETWORK_COLUMNS = List.of("depth", "network", "q_stable", "q_unstable", "q_reached",
            "converged_frac", "not_converged_frac", "cycle_frac", "diverged_frac", "cycles", "cycle_period_max",
            "iterations_mean", "iterations_max", "residual_max", "spectral_radius_max",
            "stable_basins", "stable_radii", "unstable_radii");

    @Override public String name() { return NAME; }

    @Override
    public long bytesPerNetwork(Cell cell, Backend backend, SweepSpec spec) {
        FixedPointOptions o = spec.fixedPoints();
        return backend.fixedPointBytesPerNetwork(CellNetworks.firstBatch(cell, spec.seed()),
                depths(cell), o.startsFor(cell.arch().activation()), o.settings());
    }

    @Override
    public void run(Cell cell, MeasureContext ctx) {
        FixedPointOptions o = ctx.spec().fixedPoints();
        int[] depths = depths(cell);
        StartPoints starts = o.startsFor(cell.arch().activation());
        FixedPointSearch search = new FixedPointSearch(ctx.backend(), o);
        FixedPointStats[] stats = new FixedPointStats[depths.length];
        LogHistogram[] eig = new LogHistogram[depths.length];
        for (int d = 0; d < depths.length; d++) {
            stats[d] = new FixedPointStats();
            eig[d] = new LogHistogram();
        }
        ResultSink.Table table = ctx.sink().table(TABLE, NETWORK_COLUMNS);

        for (NetworkBatch batch : ctx.batches(cell, bytesPerNetwork(cell, ctx.backend(), ctx.spec()))) {
            NetworkFixedPoints[][] found = search.run(CellNetworks.batch(cell, batch), depths, starts);
            for (int b = 0; b < batch.count(); b++) {                   // network order, whatever the batching
                for (int d = 0; d < depths.length; d++) {
                    stats[d].add(found[b][d]);
                    addStableEigenvalues(found[b][d], eig[d]);
                    table.row(cell, row(found[b][d]));
                }
            }
            ctx.progress().accept(batch.count());
        }
        for (int d = 0; d < depths.length; d++) {
            for (ResultRow r : stats[d].rows(NAME, cell, depths[d])) ctx.sink().row(r);
        }
        ResultSink.Table esd = ctx.sink().table(ESD_FILE, JacobianMeasure.ESD_COLUMNS);
        for (int d = 0; d < depths.length; d++) {
            for (HistogramDensity.Row b : HistogramDensity.of(eig[d].bins(ctx.spec().jacobian().esdBins()), Math::exp)) {
                esd.row(cell, depths[d], STABLE_EIG_ABS, b.lo(), b.hi(), b.density());
            }
        }
    }

    /**
     * Adds ln |λ_i(J_f(x*))| of every stable fixed point of {@code r} (N values per point; an
     * exact 0 is ln 0 = −∞, counted as non-finite and in no bin), in the points' order.
     */
    static void addStableEigenvalues(NetworkFixedPoints r, LogHistogram h) {
        for (FixedPoint p : r.points()) {
            if (!p.stable()) continue;
            for (double m : p.eigenvalueModuli()) h.add(Math.log(m));
        }
    }

    static int[] depths(Cell cell) {
        return cell.depths().stream().mapToInt(Integer::intValue).toArray();
    }

    private static Object[] row(NetworkFixedPoints r) {
        List<FixedPoint> stable = r.points().stream().filter(FixedPoint::stable)
                .sorted((a, b) -> Integer.compare(b.basin(), a.basin())).toList();
        List<Object> v = new ArrayList<>();
        v.add(r.depth());
        v.add(r.network());
        v.add(r.qStable());
        v.add(r.qUnstable());
        v.add(r.qReached());
        v.add(r.convergedFrac());
        v.add(r.notConvergedFrac());
        v.add(r.cycleFrac());
        v.add((double) r.diverged() / r.starts());
        v.add(r.cycles().size());
        v.add(r.cyclePeriodMax());
        v.add(r.iterationsMean());
        v.add(r.iterationsMax());
        v.add(r.residualMax());
        v.add(r.stableRadiusMax());
        v.add(join(stable.stream().map(p -> (double) p.basin() / r.starts()).toList()));
        v.add(join(stable.stream().map(FixedPoint::spectralRadius).toList()));
        v.add(join(r.points().stream().filter(FixedPoint::unstable).map(FixedPoint::spectralRadius).toList()));
        return v.toArray();
    }

    /** Values joined by ';' at full precision (each the shortest round-trip double, as CsvFormat): a list in one CSV field. */
    static String join(List<Double> xs) {
        return xs.stream().map(FixedPointMeasure::number).collect(Collectors.joining(";"));
    }

    private static String number(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        return Double.toString(x);
    }
}
