package io.netdyn.spec;

import io.netdyn.train.Corruption;
import io.netdyn.train.Loss;
import io.netdyn.train.Optimizer;
import io.netdyn.train.Task;
import io.netdyn.train.TrainSettings;
import java.util.List;
import java.util.Optional;

/**
 * The training stage of a sweep ({@code --task}, docs/cli.md "Training"): the task and its
 * sample counts (0 = the task's default), the optimizer, the learning rates (a grid axis),
 * weight decay, batch size (0 = full batch), the loss (empty = the task's), the steps at which
 * the measures run (strictly increasing, 0 = at initialisation), and the memory diagnostics'
 * closeness and corruption; {@code saveWeights}: write the trained networks of every
 * (cell, lr, depth, step) as an .npz (OUT/weights/, {@code --save-weights}).
 */
public record TrainingOptions(Task task, int trainSamples, int testSamples, Optimizer optimizer, List<Double> lrs,
                              double weightDecay, int batchSize, Optional<Loss> loss, List<Integer> steps,
                              double memoryTol, Corruption corruption, boolean saveWeights) {
    /** Corrupted copies per training sample for {@code recall}. */
    public static final int RECALL_COPIES = 4;

    public TrainingOptions {
        lrs = List.copyOf(lrs);
        steps = List.copyOf(steps);
        if (lrs.isEmpty() || steps.isEmpty()) throw new IllegalArgumentException("no learning rate or no step");
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i) <= steps.get(i - 1)) throw new IllegalArgumentException("steps must increase");
        }
    }

    /** How one network is trained at learning rate {@code lr} (mini-batch order from {@code seed}). */
    public TrainSettings settings(double lr, long seed) {
        return new TrainSettings(loss, optimizer, lr, weightDecay, batchSize, seed);
    }
}
