package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.spec.Cell;
import io.netdyn.spec.JacobianOptions;
import io.netdyn.spec.SweepSpec;

/**
 * Lyapunov exponents (docs/measures/lyapunov.md) at the same input points as {@link JacobianMeasure}.
 * Along depth, k orthonormal tangent vectors through D_l W_l with a Householder QR per layer;
 * at each reported depth l, per network (Benettin's order: i is the QR column, not re-sorted):
 * <pre>
 *   lambda_i   = (1/l) Σ_{l' ≤ l} ln |R_{l'}(i,i)|,    i = 1..min(k, 8)
 *   lambda_min = lambda_k                               (k &gt; 8 only; otherwise it is lambda_k above)
 *   lambda_sum = Σ_{i ≤ k} lambda_i                     (k = N: (1/l) ln|det J_l|)
 * </pre>
 * Along the map x_{t+1} = f_l(x_t) of the depth-l network: {@code map_lambda_max}, the largest
 * exponent per application of f_l ({@link LyapunovRun}); &gt; 0 means chaos. results.csv holds the
 * mean over networks of each with its 95% interval (lambda_1 with its wide-network theory ½ ln χ1
 * when the inputs are at q*; imported networks of {@code --weights} sit at q0 with NaN theory,
 * {@link MeanFieldInput#forCell}); a network whose orbit overflows (NaN) or
 * collapses to a zero tangent (−∞) is left out and counted in n's complement.
 */
public final class LyapunovMeasure implements Measure {
    public static final String NAME = "lyapunov";
    /** Exponents reported one by one; beyond this only lambda_min and lambda_sum. */
    static final int LISTED = 8;

    @Override public String name() { return NAME; }

    @Override
    public long bytesPerNetwork(Cell cell, Backend backend, SweepSpec spec) {
        JacobianOptions o = spec.jacobian();
        return backend.lyapunovBytesPerNetwork(CellNetworks.firstBatch(cell, spec.seed()),
                InputPoints.random(1, 1.0), o.lyapunovK(cell.width()), mapDepths(cell, o), o.mapSteps());
    }

    static int[] mapDepths(Cell cell, JacobianOptions o) {
        return o.mapSteps() > 0 ? cell.depths().stream().mapToInt(Integer::intValue).toArray() : new int[0];
    }

    /** Statistic names for k tangent vectors, in the order {@link #statistics} fills them. */
    static String[] names(int k, boolean map) {
        int listed = Math.min(k, LISTED);
        String[] s = new String[listed + (k > LISTED ? 1 : 0) + 1 + (map ? 1 : 0)];
        int j = 0;
        for (int i = 1; i <= listed; i++) s[j++] = "lambda_" + i;
        if (k > LISTED) s[j++] = "lambda_min";
        s[j++] = "lambda_sum";
        if (map) s[j] = "map_lambda_max";
        return s;
    }

    @Override
    public void run(Cell cell, MeasureContext ctx) {
        JacobianOptions o = ctx.spec().jacobian();
        int k = o.lyapunovK(cell.width());
        int[] mapDepths = mapDepths(cell, o);
        boolean map = mapDepths.length > 0;
        String[] names = names(k, map);
        int[] depths = cell.depths().stream().mapToInt(Integer::intValue).toArray();
        MeanFieldInput input = MeanFieldInput.forCell(cell, ctx.spec().probes().q0());
        InputPoints points = InputPoints.random(1, input.q());

        Summary[][] summaries = new Summary[depths.length][names.length];
        for (Summary[] row : summaries) for (int i = 0; i < names.length; i++) row[i] = new Summary();
        NonFiniteShare[] nonFinite = new NonFiniteShare[depths.length];
        for (int d = 0; d < depths.length; d++) nonFinite[d] = new NonFiniteShare();
        double[] values = new double[names.length];
        long bytes = bytesPerNetwork(cell, ctx.backend(), ctx.spec());
        for (NetworkBatch batch : ctx.batches(cell, bytes)) {
            LyapunovRun run = ctx.backend().lyapunov(CellNetworks.batch(cell, batch), points, k, mapDepths, o.mapSteps());
            for (int b = 0; b < batch.count(); b++) {
                for (int d = 0; d < depths.length; d++) {
                    statistics(run, b, depths[d], map ? d : -1, values);
                    for (int i = 0; i < names.length; i++) summaries[d][i].add(values[i]);
                    nonFinite[d].add(values, names.length);
                }
            }
            ctx.progress().accept(batch.count());
        }
        ctx.sink().row(JacobianMeasure.inputRow(NAME, cell, input));
        double top = topExponentTheory(input);
        for (int d = 0; d < depths.length; d++) {
            for (int i = 0; i < names.length; i++) {
                ResultRow r = summaries[d][i].toRow(NAME, cell, depths[d], names[i]);
                ctx.sink().row(i == 0 ? r.withTheory(top) : r);
            }
            ctx.sink().row(nonFinite[d].row(NAME, cell, depths[d]));
        }
    }

    /**
     * The wide-network limit of lambda_1 at q*: ½ ln χ1 = ½ ln(σ_w² μ1), the growth rate of ‖D W v‖
     * per layer (for Gaussian layers the finite-N value is lower by about 1/(2N)); NaN off q*.
     */
    static double topExponentTheory(MeanFieldInput input) {
        if (input.theory().isEmpty() || !input.source().equals("qstar")) return Double.NaN;
        return 0.5 * Math.log(input.theory().get().chi1());
    }

    /** Fills values in {@link #names} order for network b at depth l; mapIndex −1 = no map. */
    static void statistics(LyapunovRun run, int b, int l, int mapIndex, double[] out) {
        int k = run.k(), off = run.offset(b, 0, l), j = 0;
        double[] sums = run.logRSum();
        double total = 0;
        for (int i = 0; i < k; i++) {
            double lam = sums[off + i] / l;
            total += lam;
            if (i < LISTED) out[j++] = lam;
        }
        if (k > LISTED) out[j++] = sums[off + k - 1] / l;
        out[j++] = total;
        if (mapIndex >= 0) out[j] = run.mapLambda()[run.mapOffset(b, 0) + mapIndex];
    }
}
