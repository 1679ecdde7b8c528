package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.spec.Cell;
import io.netdyn.spec.SweepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/** What a measure may use while it runs: the backend, the spec, the output sink, progress. */
public record MeasureContext(Backend backend, SweepSpec spec, ResultSink sink, LongConsumer progress,
                             MemoryBudget memory) {

    /**
     * Splits the cell's networks 0..networks-1 into batches whose working memory
     * ({@code bytesPerNetwork} each) fits the budget; never fails for a large sweep, only
     * for a single network that cannot fit (checked up front by the runner).
     */
    public List<NetworkBatch> batches(Cell cell, long bytesPerNetwork) {
        int size = memory.networksPerBatch(bytesPerNetwork, spec.batch(), spec.networks());
        List<NetworkBatch> out = new ArrayList<>();
        for (long first = 0; first < spec.networks(); first += size) {
            int count = (int) Math.min(size, spec.networks() - first);
            out.add(new NetworkBatch(cell.arch(), spec.seed(), first, count));
        }
        return out;
    }
}
