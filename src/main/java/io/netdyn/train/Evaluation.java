package io.netdyn.train;

/**
 * Loss and accuracy of a network on a sample set: {@code loss} the mean ℓ over the samples;
 * {@code accuracy} the share of samples whose argmax over the first C outputs (ties to the lowest
 * index) is the label, NaN for regression samples. Both NaN when the network has diverged.
 */
public record Evaluation(double loss, double accuracy) {
    public boolean finite() { return Double.isFinite(loss); }
}
