package io.netdyn.measure;

import io.netdyn.spec.Cell;

/**
 * The {@code nonfinite_frac} statistic of a (cell, depth): the share of the cell's networks with
 * at least one non-finite per-network value at that depth (an overflowed heavy-tailed network, an
 * undefined value), i.e. left out of at least one of the measure's means — so that divergence
 * is visible beside the means of the networks that stayed finite. Mean of the 0/1 indicator,
 * with its 95% interval (docs/outputs.md).
 */
final class NonFiniteShare {
    static final String NAME = "nonfinite_frac";
    private final Summary share = new Summary();

    /** One network's values at this depth: {@code values[0..count)}. */
    void add(double[] values, int count) {
        boolean bad = false;
        for (int i = 0; i < count && !bad; i++) bad = !Double.isFinite(values[i]);
        share.add(bad ? 1 : 0);
    }

    ResultRow row(String measure, Cell cell, int depth) {
        return share.toRow(measure, cell, depth, NAME);
    }
}
