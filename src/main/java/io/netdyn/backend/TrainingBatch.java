package io.netdyn.backend;

import io.netdyn.model.NetworkWeights;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.OptimizerState;
import io.netdyn.train.TaskData;
import io.netdyn.train.TrainSettings;

/**
 * Networks {@code first .. first+count−1} in training, the input of {@link Backend#train}: the
 * weights and optimizer state of each (slot k is network index {@code first + k}, which picks its
 * mini-batches), carried by the caller between calls and advanced in place by every call; the
 * task data every network trains on; the settings. Training in several calls with the same arrays
 * gives the same bits as one call of the summed steps, on every backend.
 */
public record TrainingBatch(NetworkShape shape, long first, NetworkWeights[] weights, OptimizerState[] states,
                            TaskData data, TrainSettings settings) {
    public TrainingBatch {
        if (weights.length == 0) throw new IllegalArgumentException("empty training batch");
        if (states.length != weights.length) {
            throw new IllegalArgumentException(weights.length + " networks, " + states.length + " optimizer states");
        }
        if (first < 0 || first + weights.length > (1L << 32)) {
            throw new IllegalArgumentException("network indices must lie in [0, 2^32)");
        }
        if (!data.shape().equals(shape)) {
            throw new IllegalArgumentException("data of task " + data.task().label() + " was made for " + data.shape()
                    + ", not " + shape);
        }
    }

    public int count() { return weights.length; }

    /** The network index of slot {@code k}. */
    public long index(int k) { return first + k; }
}
