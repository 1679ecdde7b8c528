package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.spec.Cell;
import io.netdyn.spec.SweepSpec;

/**
 * A measure (docs/measures/), written once against the {@link Backend} contract. It runs one
 * cell at a time: asks the backend for batched results, reduces them to per-network values and
 * reports per-depth aggregates through the context.
 */
public interface Measure {
    /** The name used in {@code --measures} and in the {@code measure} column. */
    String name();

    void run(Cell cell, MeasureContext ctx);

    /** Working bytes one network of this cell needs in one backend call (for planning and preflight). */
    long bytesPerNetwork(Cell cell, Backend backend, SweepSpec spec);
}
