package io.netdyn.measure;

import io.netdyn.backend.MapNetworks;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.io.weights.ImportedNetworks;
import io.netdyn.model.Architecture;
import io.netdyn.spec.Cell;

/**
 * The square networks of a batch of a cell, for the operations that take {@link MapNetworks}
 * (fixed points, modes): sampled from counters, or, for a cell of {@code --weights}, networks
 * {@code batch.first() .. +count-1} of the file cut to the cell's deepest depth. Either way slot
 * b is network index {@code batch.first() + b}, so start points and probes do not depend on
 * the batching.
 */
final class CellNetworks {
    private CellNetworks() {}

    static MapNetworks of(Cell cell, NetworkBatch batch) {
        if (cell.imported().isEmpty()) return MapNetworks.sampled(batch);
        ImportedNetworks w = cell.imported().get();
        Architecture a = cell.arch();
        return MapNetworks.explicit(a.activation(), a.lastLinear(), batch.seed(), batch.first(),
                w.slice(batch.first(), batch.count(), a.depth()));
    }

    /** One network of the cell (network 0), for memory planning. */
    static MapNetworks first(Cell cell, long seed) {
        return of(cell, new NetworkBatch(cell.arch(), seed, 0, 1));
    }
}
