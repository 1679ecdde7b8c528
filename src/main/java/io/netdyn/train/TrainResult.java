package io.netdyn.train;

import io.netdyn.model.NetworkWeights;

/**
 * One network after training: its weights (a trained copy; the input weights are untouched) and
 * optimizer state, the optimizer steps applied, whether it diverged and at which step (the first
 * step whose batch loss was not finite: no update from there on; {@code steps} when only the
 * final evaluation was not finite; −1 otherwise), and its loss and accuracy on the training and
 * test sets after the last step (NaN when diverged).
 */
public record TrainResult(long network, NetworkWeights weights, OptimizerState state, int steps,
                          boolean diverged, long divergedAtStep, Evaluation train, Evaluation test) {
}
