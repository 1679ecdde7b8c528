package io.netdyn.measure;

import io.netdyn.backend.ExplicitLayers;
import io.netdyn.backend.MapNetworks;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.io.weights.ImportedNetworks;
import io.netdyn.model.Architecture;
import io.netdyn.spec.Cell;

/**
 * The networks of a batch of a cell, as the backend operations take them: sampled from
 * counters, or, for a cell of {@code --weights}, networks {@code batch.first() .. +count-1} of
 * the file. {@link #of} gives the square networks of the operations that take
 * {@link MapNetworks} (fixed points, modes), cut to the cell's deepest depth; {@link #batch}
 * the {@link NetworkBatch} of propagate, jacobianSpectra and lyapunov (explicit weights indexed
 * by the global network index). Either way slot b is network index {@code batch.first() + b},
 * so start points, input points and probes do not depend on the batching.
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
        return of(cell, firstBatch(cell, seed));
    }

    /** The batch as is for a sampled cell; the same networks with the file's weights for an imported one. */
    static NetworkBatch batch(Cell cell, NetworkBatch batch) {
        if (cell.imported().isEmpty()) return batch;
        ImportedNetworks w = cell.imported().get();
        return NetworkBatch.explicit(cell.arch(), batch.seed(), batch.first(), batch.count(),
                new ExplicitLayers(0, w.networks()));
    }

    /** Network 0 of the cell as a batch (sampled or explicit), for memory planning. */
    static NetworkBatch firstBatch(Cell cell, long seed) {
        return batch(cell, new NetworkBatch(cell.arch(), seed, 0, 1));
    }
}
