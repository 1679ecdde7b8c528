package io.netdyn.spec;

import io.netdyn.model.NetworkWeights;
import io.netdyn.train.TaskData;
import io.netdyn.train.TrainResult;
import java.util.List;

/**
 * The networks of one (cell, learning rate, depth) after {@code step} optimizer steps on the
 * task's data: result k is network k of the cell (its weights, optimizer state, losses). The
 * measures of a training sweep see a {@link Cell} carrying this; the results.csv columns
 * {@code task}, {@code lr}, {@code step} come from it.
 */
public record TrainedNetworks(String task, double lr, int step, TaskData data, List<TrainResult> results) {
    public TrainedNetworks {
        results = List.copyOf(results);
    }

    /** The trained weights, network k in slot k (live: valid until the next training step). */
    public List<NetworkWeights> networks() {
        return results.stream().map(TrainResult::weights).toList();
    }
}
