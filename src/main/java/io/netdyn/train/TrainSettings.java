package io.netdyn.train;

import java.util.Optional;

/**
 * How one network is trained: loss (empty = the task's default, mse for regression samples and
 * xent for labelled ones), optimizer, learning rate η, weight decay λ (decoupled, on W only; see
 * {@link Optimizer}), batch size B (0, or B ≥ P, = full batch) and the seed of the mini-batch
 * order (step t of network i draws its B distinct samples from the TRAIN counters (i, t)).
 */
public record TrainSettings(Optional<Loss> loss, Optimizer optimizer, double learningRate, double weightDecay,
                            int batchSize, long seed) {

    public TrainSettings {
        if (loss == null) loss = Optional.empty();
        if (optimizer == null) throw new IllegalArgumentException("optimizer is required");
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
        }
        if (batchSize < 0) throw new IllegalArgumentException("batch size must be >= 0 (0 = full batch), got " + batchSize);
    }

    /** Full batch, no decay, the task's loss. */
    public static TrainSettings of(Optimizer optimizer, double learningRate, long seed) {
        return new TrainSettings(Optional.empty(), optimizer, learningRate, 0, 0, seed);
    }

    public TrainSettings withLoss(Loss l) { return new TrainSettings(Optional.of(l), optimizer, learningRate, weightDecay, batchSize, seed); }

    public TrainSettings withWeightDecay(double d) { return new TrainSettings(loss, optimizer, learningRate, d, batchSize, seed); }

    public TrainSettings withBatchSize(int b) { return new TrainSettings(loss, optimizer, learningRate, weightDecay, b, seed); }

    /** The loss used on {@code s}: the given one (checked against the samples) or the default. */
    public Loss lossFor(Samples s) {
        Loss l = loss.orElse(s.classes() > 0 ? Loss.XENT : Loss.MSE);
        l.check(s);
        return l;
    }
}
