package io.netdyn.train;

import io.netdyn.model.NetworkWeights;

/**
 * The optimizer state of one network, carried by the caller between steps: the step count t,
 * whether (and at which step) the network diverged, and the moment tensors (momentum: v; adam: m and v), tensor 2(l−1) for W_l (N·N) and
 * 2(l−1) + 1 for b_l (N), zero at t = 0. The mini-batch of step t is drawn from t, so a
 * network trained in several calls with its state carried through is the same as one trained in
 * one call.
 */
public final class OptimizerState {
    private final Optimizer optimizer;
    private final int width, depth;
    final double[][] first, second;
    long steps;
    long divergedAt = -1;

    private OptimizerState(Optimizer optimizer, int width, int depth, double[][] first, double[][] second, long steps) {
        this.optimizer = optimizer;
        this.width = width;
        this.depth = depth;
        this.first = first;
        this.second = second;
        this.steps = steps;
    }

    /** The state before the first step: t = 0, zero moments. */
    public static OptimizerState initial(Optimizer optimizer, int width, int depth) {
        int k = optimizer.moments();
        return new OptimizerState(optimizer, width, depth, k >= 1 ? zeros(width, depth) : null,
                k >= 2 ? zeros(width, depth) : null, 0);
    }

    private static double[][] zeros(int n, int depth) {
        double[][] z = new double[2 * depth][];
        for (int l = 0; l < depth; l++) {
            z[2 * l] = new double[n * n];
            z[2 * l + 1] = new double[n];
        }
        return z;
    }

    public Optimizer optimizer() { return optimizer; }

    /** Steps taken so far (the t of the next step is steps() + 1). */
    public long steps() { return steps; }

    /** The first moment (momentum's v, adam's m) of tensor k, or null for sgd; live, not a copy. */
    public double[] firstMoment(int k) { return first == null ? null : first[k]; }

    /** adam's second moment v of tensor k, or null; live, not a copy. */
    public double[] secondMoment(int k) { return second == null ? null : second[k]; }

    /**
     * Counts {@code k} more steps taken: for trainers that apply {@link Optimizer#update}'s arithmetic
     * themselves, with the moments written into the live arrays (the CUDA kernels).
     */
    public void recordUpdates(int k) {
        if (k < 0) throw new IllegalArgumentException("updates must be >= 0, got " + k);
        steps += k;
    }

    /** The step whose batch loss was not finite (no update from there on), or −1. */
    public long divergedAtStep() { return divergedAt; }

    public boolean diverged() { return divergedAt >= 0; }

    /** Marks the network diverged at {@code step} (kept when already marked): a trainer's record of a non-finite loss. */
    public void markDiverged(long step) {
        if (divergedAt < 0) divergedAt = step;
    }

    public OptimizerState copy() {
        OptimizerState c = new OptimizerState(optimizer, width, depth, deep(first), deep(second), steps);
        c.divergedAt = divergedAt;
        return c;
    }

    private static double[][] deep(double[][] a) {
        if (a == null) return null;
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    void check(Optimizer o, NetworkWeights w) {
        if (!o.equals(optimizer)) throw new IllegalArgumentException("state of " + optimizer.label() + " used with " + o.label());
        if (w.width() != width || w.depth() != depth) {
            throw new IllegalArgumentException("state of a " + width + "×" + depth + " network used with a "
                    + w.width() + "×" + w.depth() + " one");
        }
    }
}
