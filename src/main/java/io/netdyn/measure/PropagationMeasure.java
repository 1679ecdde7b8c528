package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.parallel.WorkerPool;
import io.netdyn.model.ProbeInputs;
import io.netdyn.spec.Cell;
import io.netdyn.spec.SweepSpec;
import java.util.List;

/**
 * Signal propagation and output collapse (docs/measures/propagation.md): S probe inputs per
 * network, every depth 1..L from one pass over the deepest network; per requested depth, the mean
 * over networks of each {@link PropagationStats} statistic with its 95% interval, the mean-field
 * q and c beside them ({@link PropagationTheory}) and a theory-only χ1 row. For the imported
 * networks of {@code --weights} (not i.i.d.: no mean-field theory) the theory column and the χ1
 * row are NaN.
 */
public final class PropagationMeasure implements Measure {
    public static final String NAME = "propagation";

    @Override public String name() { return NAME; }

    @Override
    public long bytesPerNetwork(Cell cell, Backend backend, SweepSpec spec) {
        return backend.propagateBytesPerNetwork(CellNetworks.firstBatch(cell, spec.seed()), spec.probes());
    }

    @Override
    public void run(Cell cell, MeasureContext ctx) {
        ProbeInputs probes = ctx.spec().probes();
        List<Integer> depths = cell.depths();
        int nStats = PropagationStats.NAMES.length;
        Summary[][] summaries = new Summary[depths.size()][nStats];
        for (Summary[] row : summaries) for (int k = 0; k < nStats; k++) row[k] = new Summary();
        NonFiniteShare[] nonFinite = new NonFiniteShare[depths.size()];
        for (int di = 0; di < nonFinite.length; di++) nonFinite[di] = new NonFiniteShare();

        long bytes = bytesPerNetwork(cell, ctx.backend(), ctx.spec());
        int nd = depths.size();
        double tol = ctx.spec().distinctTol();
        // The statistics of each network (an S×S eigen-decomposition per depth among them) run on
        // the backend's thread count, each network's values into its own slot; the sums below
        // then add them in network order, so the results are those of the serial loop, bit for bit.
        try (WorkerPool pool = new WorkerPool(Math.max(1, ctx.backend().threads()))) {
            for (NetworkBatch batch : ctx.batches(cell, bytes)) {
                PropagationGrams grams = ctx.backend().propagate(CellNetworks.batch(cell, batch), probes);
                int count = batch.count();
                double[] values = new double[count * nd * nStats];
                pool.forEach(count, () -> new PropagationStats(probes.count()), (stats, b) -> {
                    double[] v = new double[nStats];
                    for (int di = 0; di < nd; di++) {
                        stats.compute(grams, b, depths.get(di), tol, v);
                        System.arraycopy(v, 0, values, (b * nd + di) * nStats, nStats);
                    }
                });
                double[] v = new double[nStats];
                for (int b = 0; b < count; b++) {                 // network order: deterministic sums
                    for (int di = 0; di < nd; di++) {
                        System.arraycopy(values, (b * nd + di) * nStats, v, 0, nStats);
                        for (int k = 0; k < nStats; k++) summaries[di][k].add(v[k]);
                        nonFinite[di].add(v, nStats);
                    }
                }
                ctx.progress().accept(count);
            }
        }
        boolean imported = cell.explicitWeights();        // trained weights are not i.i.d.: no mean-field theory
        PropagationTheory theory = imported ? null : new PropagationTheory(cell.arch(), probes);
        for (int di = 0; di < depths.size(); di++) {
            int l = depths.get(di);
            for (int k = 0; k < nStats; k++) {
                String stat = PropagationStats.NAMES[k];
                ctx.sink().row(summaries[di][k].toRow(NAME, cell, l, stat).withTheory(imported ? Double.NaN : theory.at(stat, l)));
            }
            ctx.sink().row(ResultRow.theoryOnly(NAME, cell, l, "chi1", imported ? Double.NaN : theory.chi1));
            ctx.sink().row(nonFinite[di].row(NAME, cell, l));
        }
    }
}
