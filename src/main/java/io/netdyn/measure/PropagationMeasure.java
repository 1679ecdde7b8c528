package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
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

        PropagationStats stats = new PropagationStats(probes.count());
        double[] values = new double[nStats];
        long bytes = bytesPerNetwork(cell, ctx.backend(), ctx.spec());
        for (NetworkBatch batch : ctx.batches(cell, bytes)) {
            PropagationGrams grams = ctx.backend().propagate(CellNetworks.batch(cell, batch), probes);
            for (int b = 0; b < batch.count(); b++) {         // network order: deterministic sums
                for (int di = 0; di < depths.size(); di++) {
                    stats.compute(grams, b, depths.get(di), ctx.spec().distinctTol(), values);
                    for (int k = 0; k < nStats; k++) summaries[di][k].add(values[k]);
                    nonFinite[di].add(values, nStats);
                }
            }
            ctx.progress().accept(batch.count());
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
