package io.netdyn.measure;

import io.netdyn.spec.Cell;

/**
 * A measure of DESIGN §3, written once against the {@link io.netdyn.backend.Backend}
 * contract. It runs one cell at a time: asks the backend for batched results, reduces
 * them to per-network values and reports per-depth aggregates through the context.
 */
public interface Measure {
    /** The name used in {@code --measures} and in the {@code measure} column. */
    String name();

    void run(Cell cell, MeasureContext ctx);

    /** Working bytes one network of this cell needs in one backend call (for planning and preflight). */
    long bytesPerNetwork(Cell cell, io.netdyn.backend.Backend backend, io.netdyn.spec.SweepSpec spec);
}
