package io.netdyn.train;

import io.netdyn.model.NetworkWeights;

/**
 * One network after training: its weights (a trained copy, or the caller's weights for
 * {@link NetworkTrainer#resume}) and optimizer state, the optimizer updates applied by this call,
 * whether it diverged and at which step: t (1-based) when the batch loss of step t was not finite
 * (that step and every later one changed nothing), the number of steps taken when only the final
 * evaluation was not finite, −1 otherwise. {@code train} and {@code test} are the mean loss and
 * accuracy on the training and test sets after the last step, NaN when diverged (aggregate with
 * {@link TrainSummary}, which leaves diverged networks out).
 */
public record TrainResult(long network, NetworkWeights weights, OptimizerState state, int steps,
                          boolean diverged, long divergedAtStep, Evaluation train, Evaluation test) {
}
