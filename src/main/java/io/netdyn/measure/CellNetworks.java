package io.netdyn.measure;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.io.weights.ImportedNetworks;
import io.netdyn.model.ExplicitLayers;
import io.netdyn.spec.Cell;

/**
 * The networks of a batch of a cell, as every backend operation takes them: sampled from
 * counters, or, for a cell of {@code --weights}, networks {@code batch.first() .. +count-1} of
 * the file (explicit weights indexed by the global network index, at the cell's depth), or, for
 * a cell of a training sweep past step 0, its trained networks (at step 0 the sampled ones,
 * unchanged). Either way slot b is network index {@code batch.first() + b}, so start points,
 * input points and probes do not depend on the batching.
 */
final class CellNetworks {
    private CellNetworks() {}

    /** The batch as is for a sampled cell; the same networks with the file's weights for an imported one. */
    static NetworkBatch batch(Cell cell, NetworkBatch batch) {
        if (cell.explicitWeights() && cell.trained().isPresent()) {       // trained past step 0: the trained weights
            return NetworkBatch.explicit(cell.arch(), batch.seed(), batch.first(), batch.count(),
                    new ExplicitLayers(0, cell.trained().get().networks()));
        }
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
