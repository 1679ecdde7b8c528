package io.netdyn.measure.fixedpoint;

import io.netdyn.backend.Backend;
import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.NewtonRun;
import io.netdyn.backend.PointSet;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.StartPoints;
import io.netdyn.spec.FixedPointOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed-point search (docs/measures/fixedpoints.md, "The search, per network and depth") for a batch of networks at several depths, written
 * against the Backend contract (three batched calls) with the small per-network work on the
 * host:
 * <ol>
 *   <li>{@link Backend#iterateMap}: M starts per network and depth, x ← f(x) for at most T
 *       steps; each start converges, closes a cycle (p ≤ P), overflows or runs out.</li>
 *   <li>host: converged end points are merged (merge tolerance) into candidates, each with
 *       its basin (starts that reached it); cycle end points into distinct cycles.</li>
 *   <li>{@link Backend#newtonMap} (unless {@code --newton off}): Newton polishes every
 *       candidate and, with {@code search}, runs from M further random starts; converged
 *       Newton points not yet known are new fixed points with basin 0.</li>
 *   <li>{@link Backend#mapJacobians} at every distinct point; host: ρ(J) from its
 *       eigenvalues (all N moduli kept with the point); stable when ρ &lt; 1.</li>
 * </ol>
 */
public final class FixedPointSearch {
    private final Backend backend;
    private final FixedPointOptions options;
    private final IterationSettings settings;

    public FixedPointSearch(Backend backend, FixedPointOptions options) {
        this.backend = backend;
        this.options = options;
        this.settings = options.settings();
    }

    /** Results for network slot b at depth index d in {@code [b][d]}. */
    public NetworkFixedPoints[][] run(NetworkBatch batch, int[] depths, StartPoints starts) {
        int nb = batch.count(), nd = depths.length, n = batch.arch().width(), m = starts.count();
        FixedPointRun run = backend.iterateMap(batch, depths, starts, settings);

        List<Candidate>[][] found = candidates(run, nb, nd, n);
        List<Cycle>[][] cycles = cycles(run, nb, nd, n);
        if (options.newton() != FixedPointOptions.Newton.OFF) newton(batch, depths, starts, found);

        NetworkFixedPoints[][] out = new NetworkFixedPoints[nb][nd];
        SpectralRadius radius = new SpectralRadius(n);
        long perPoint = 8L * n * n;
        for (int b0 = 0, b1; b0 < nb; b0 = b1) {                  // Jacobians in chunks of networks
            long bytes = perPoint * points(found[b0]);
            for (b1 = b0 + 1; b1 < nb && bytes + perPoint * points(found[b1]) <= JACOBIAN_CHUNK_BYTES; b1++) {
                bytes += perPoint * points(found[b1]);
            }
            double[] jac = backend.mapJacobians(batch, depths, pointSet(found, nb, nd, n, b0, b1));
            int p = 0;
            for (int b = b0; b < b1; b++) {
                for (int d = 0; d < nd; d++) {
                    List<FixedPoint> points = new ArrayList<>();
                    for (Candidate c : found[b][d]) {
                        double[] moduli = new double[n];
                        double rho = radius.moduli(jac, p * n * n, moduli);
                        points.add(new FixedPoint(c.x, rho, c.residual, c.basin, c.polished, moduli));
                        p++;
                    }
                    out[b][d] = summarise(run, b, d, m, batch.index(b), depths[d], points, cycles[b][d]);
                }
            }
        }
        return out;
    }

    /** The Jacobians of one backend call stay below this (large N: N² doubles per point). */
    static final long JACOBIAN_CHUNK_BYTES = 64L << 20;

    private static int points(List<Candidate>[] perDepth) {
        int k = 0;
        for (List<Candidate> l : perDepth) k += l.size();
        return k;
    }

    /** A fixed point under construction. */
    private static final class Candidate {
        double[] x;
        double residual;
        int basin;
        boolean polished;

        Candidate(double[] x, double residual, int basin) {
            this.x = x;
            this.residual = residual;
            this.basin = basin;
        }
    }

    private List<Candidate>[][] candidates(FixedPointRun run, int nb, int nd, int n) {
        @SuppressWarnings("unchecked") List<Candidate>[][] out = new List[nb][nd];
        for (int b = 0; b < nb; b++) {
            for (int d = 0; d < nd; d++) {
                List<Candidate> list = new ArrayList<>();
                for (int s = 0; s < run.starts(); s++) {
                    int k = run.index(b, d, s);
                    if (run.status()[k] != FixedPointRun.CONVERGED) continue;
                    Candidate c = nearest(list, run.points(), k * n, n);
                    if (c != null) {
                        c.basin++;
                    } else {
                        list.add(new Candidate(Arrays.copyOfRange(run.points(), k * n, k * n + n),
                                run.residual()[k], 1));
                    }
                }
                out[b][d] = list;
            }
        }
        return out;
    }

    private List<Cycle>[][] cycles(FixedPointRun run, int nb, int nd, int n) {
        @SuppressWarnings("unchecked") List<Cycle>[][] out = new List[nb][nd];
        for (int b = 0; b < nb; b++) {
            for (int d = 0; d < nd; d++) {
                List<Cycle> list = new ArrayList<>();
                for (int s = 0; s < run.starts(); s++) {
                    int k = run.index(b, d, s);
                    if (run.status()[k] != FixedPointRun.CYCLE) continue;
                    int found = -1;
                    for (int i = 0; i < list.size() && found < 0; i++) {
                        Cycle c = list.get(i);
                        if (c.period() == run.period()[k] && close(c.point(), 0, run.points(), k * n, n)) found = i;
                    }
                    if (found >= 0) {
                        Cycle c = list.get(found);
                        list.set(found, new Cycle(c.period(), c.point(), c.basin() + 1));
                    } else {
                        list.add(new Cycle(run.period()[k], Arrays.copyOfRange(run.points(), k * n, k * n + n), 1));
                    }
                }
                out[b][d] = list;
            }
        }
        return out;
    }

    /**
     * Polishes every candidate and, for {@code search}, adds Newton from the M search starts
     * (tensor {@link StartPoints#TENSOR_NEWTON}); then re-merges: polished candidates that
     * meet pool their basins, converged search points join a known point or are new.
     */
    private void newton(NetworkBatch batch, int[] depths, StartPoints starts, List<Candidate>[][] found) {
        int nb = batch.count(), nd = depths.length, n = batch.arch().width(), m = starts.count();
        boolean search = options.newton() == FixedPointOptions.Newton.SEARCH;
        PointSet.Builder builder = new PointSet.Builder(nb, nd, n);
        double[] searchStarts = new double[m * n];
        for (int b = 0; b < nb; b++) {
            if (search) starts.fill(batch.seed(), batch.index(b), n, StartPoints.TENSOR_NEWTON, searchStarts);
            for (int d = 0; d < nd; d++) {
                builder.group(b * nd + d);
                for (Candidate c : found[b][d]) builder.add(c.x, 0);
                if (search) for (int s = 0; s < m; s++) builder.add(searchStarts, s * n);
            }
        }
        PointSet in = builder.build();
        NewtonRun nr = backend.newtonMap(batch, depths, in, settings);
        double[] xs = nr.points().x();
        for (int b = 0; b < nb; b++) {
            for (int d = 0; d < nd; d++) {
                int p = in.offsets()[in.group(b, d)];
                List<Candidate> merged = new ArrayList<>();
                for (Candidate c : found[b][d]) {
                    if (nr.converged()[p]) {
                        c.x = Arrays.copyOfRange(xs, p * n, p * n + n);
                        c.residual = nr.residual()[p];
                        c.polished = true;
                    }
                    Candidate same = nearest(merged, c.x, 0, n);
                    if (same != null) same.basin += c.basin; else merged.add(c);
                    p++;
                }
                for (int end = in.offsets()[in.group(b, d) + 1]; p < end; p++) {
                    if (!nr.converged()[p]) continue;
                    if (nearest(merged, xs, p * n, n) != null) continue;
                    Candidate c = new Candidate(Arrays.copyOfRange(xs, p * n, p * n + n), nr.residual()[p], 0);
                    c.polished = true;
                    merged.add(c);
                }
                found[b][d] = merged;
            }
        }
    }

    /** The candidates of networks b0..b1-1 (the other groups empty). */
    private static PointSet pointSet(List<Candidate>[][] found, int nb, int nd, int n, int b0, int b1) {
        PointSet.Builder builder = new PointSet.Builder(nb, nd, n);
        for (int b = b0; b < b1; b++) {
            for (int d = 0; d < nd; d++) {
                builder.group(b * nd + d);
                for (Candidate c : found[b][d]) builder.add(c.x, 0);
            }
        }
        return builder.build();
    }

    private Candidate nearest(List<Candidate> list, double[] x, int xo, int n) {
        for (Candidate c : list) if (close(c.x, 0, x, xo, n)) return c;
        return null;
    }

    /** ‖u − v‖∞ ≤ mergeTol · max(1, ‖u‖∞, ‖v‖∞). */
    private boolean close(double[] u, int uo, double[] v, int vo, int n) {
        double d = 0, norm = 1;
        for (int i = 0; i < n; i++) {
            d = Math.max(d, Math.abs(u[uo + i] - v[vo + i]));
            norm = Math.max(norm, Math.max(Math.abs(u[uo + i]), Math.abs(v[vo + i])));
        }
        return d <= options.mergeTol() * norm;
    }

    private static NetworkFixedPoints summarise(FixedPointRun run, int b, int d, int m, long network, int depth,
                                                List<FixedPoint> points, List<Cycle> cycles) {
        int conv = 0, cyc = 0, notConv = 0, div = 0, itMax = 0;
        long itSum = 0;
        for (int s = 0; s < m; s++) {
            int k = run.index(b, d, s);
            switch (run.status()[k]) {
                case FixedPointRun.CONVERGED -> {
                    conv++;
                    itSum += run.iterations()[k];
                    itMax = Math.max(itMax, run.iterations()[k]);
                }
                case FixedPointRun.CYCLE -> cyc++;
                case FixedPointRun.NOT_CONVERGED -> notConv++;
                default -> div++;
            }
        }
        return new NetworkFixedPoints(network, depth, List.copyOf(points), List.copyOf(cycles), m, conv, cyc, notConv, div,
                conv > 0 ? (double) itSum / conv : Double.NaN, itMax);
    }
}
