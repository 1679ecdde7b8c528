package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.ModesResult;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.spec.Cell;
import io.netdyn.spec.ModesOptions;
import io.netdyn.spec.SweepSpec;
import java.util.List;

/**
 * Neuron modes and basins (definitions in docs/measures/modes.md) of the i.i.d.
 * networks of a cell (or the imported networks of {@code --weights}, {@link CellNetworks}). Per requested depth d, over networks (mean, 95% interval):
 * <pre>
 *   op_frac, nop_frac, dead_frac   share of the N neurons of layer d that are order-preserving,
 *                                  non-order-preserving, dead on the S probe inputs
 *   sample_radius                  mean over basin samples of min(r, basin-max), r the relative
 *                                  input radius of the depth-d network's argmax class
 *   sample_radius_censored         share of basin samples whose class never changed within basin-max
 *   weight_radius, weight_radius_censored   the same for relative weight noise
 * </pre>
 */
public final class ModesMeasure implements Measure {
    public static final String NAME = "modes";
    static final String[] STATS = {"op_frac", "nop_frac", "dead_frac", "sample_radius", "sample_radius_censored",
        "weight_radius", "weight_radius_censored"};

    @Override public String name() { return NAME; }

    static ModesRequest request(Cell cell, SweepSpec spec) {
        ModesOptions o = spec.modes();
        int[] depths = cell.depths().stream().mapToInt(Integer::intValue).toArray();
        return new ModesRequest(spec.probes(), o.definition(), o.threshold(), o.basinSamples(),
                o.basinDirections(), o.basinMax(), o.basinTol(), depths);
    }

    @Override
    public long bytesPerNetwork(Cell cell, Backend backend, SweepSpec spec) {
        return backend.modesBytesPerNetwork(CellNetworks.firstBatch(cell, spec.seed()), request(cell, spec));
    }

    @Override
    public void run(Cell cell, MeasureContext ctx) {
        ModesRequest req = request(cell, ctx.spec());
        List<Integer> depths = cell.depths();
        int stats = req.basinSamples() > 0 ? STATS.length : 3;
        Summary[][] summaries = new Summary[depths.size()][stats];
        for (Summary[] row : summaries) for (int k = 0; k < stats; k++) row[k] = new Summary();
        long bytes = bytesPerNetwork(cell, ctx.backend(), ctx.spec());
        for (NetworkBatch batch : ctx.batches(cell, bytes)) {
            ModesResult r = ctx.backend().modes(CellNetworks.batch(cell, batch), req);
            for (int b = 0; b < batch.count(); b++) {            // network order: deterministic sums
                for (int di = 0; di < depths.size(); di++) {
                    int off = r.countOffset(b, depths.get(di));
                    for (int m = 0; m < 3; m++) summaries[di][m].add((double) r.modeCounts()[off + m] / r.width());
                    if (stats > 3) {
                        radius(r.sampleRadius(), r.radiusOffset(b, di), r.basinSamples(), req.basinMax(), summaries[di], 3);
                        radius(r.weightRadius(), r.radiusOffset(b, di), r.basinSamples(), req.basinMax(), summaries[di], 5);
                    }
                }
            }
            ctx.progress().accept(batch.count());
        }
        for (int di = 0; di < depths.size(); di++) {
            for (int k = 0; k < stats; k++) ctx.sink().row(summaries[di][k].toRow(NAME, cell, depths.get(di), STATS[k]));
        }
    }

    /** Adds one network's censored mean radius and censored share (NaN radii — undefined classes — left out). */
    private static void radius(double[] radii, int off, int count, double max, Summary[] row, int k) {
        double sum = 0;
        int defined = 0, censored = 0;
        for (int s = 0; s < count; s++) {
            double r = radii[off + s];
            if (Double.isNaN(r)) continue;
            defined++;
            if (r == Double.POSITIVE_INFINITY) censored++;
            sum += Math.min(r, max);
        }
        row[k].add(defined > 0 ? sum / defined : Double.NaN);
        row[k + 1].add(defined > 0 ? (double) censored / defined : Double.NaN);
    }
}
