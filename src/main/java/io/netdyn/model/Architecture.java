package io.netdyn.model;

import java.util.Optional;

/**
 * One family of square random networks R^N → R^N of depth L (docs/model.md, "Networks"):
 * h_l = W_l x_{l-1} + b_l, x_l = φ(h_l), with the last layer linear when {@code lastLinear}.
 * Because layers are drawn independently from counters, the network of depth l is the
 * first l layers of the network of depth L ≥ l; the output of the depth-l network is
 * {@link #output(int, double)}.
 *
 * @param bias empty for "no bias"
 */
public record Architecture(int width, int depth, Activation activation, boolean lastLinear,
                           Distribution weights, Scaling weightScaling,
                           Optional<Distribution> bias) {

    public Architecture {
        if (width < 1) throw new IllegalArgumentException("width must be >= 1, got " + width);
        if (depth < 1) throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }

    public Architecture withDepth(int l) {
        return new Architecture(width, l, activation, lastLinear, weights, weightScaling, bias);
    }

    public Architecture withWidth(int n) {
        return new Architecture(n, depth, activation, lastLinear, weights, weightScaling, bias);
    }

    /** The multiplier of unit weight draws in every layer (fan-in N_in = width). */
    public double weightMultiplier() { return weightScaling.multiplier(weights, width); }

    /** Biases are unscaled (docs/model.md, "Weight and bias distributions"): multiplier s_b. */
    public double biasMultiplier() { return bias.map(Distribution::scale).orElse(0.0); }

    /** Output of a depth-l prefix at pre-activation h: linear in the last layer when asked. */
    public double output(boolean lastLayerOfPrefix, double h) {
        return lastLayerOfPrefix && lastLinear ? h : activation.phi(h);
    }

    /**
     * σ_w² = N · Var(W_ij), the mean-field weight variance (for orthogonal weights the
     * entries have variance s²/N, so σ_w² = s²); +∞ for heavy-tailed weights.
     */
    public double sigmaW2() {
        double m = weightMultiplier();
        if (weights.kind() == Distribution.Kind.ORTHOGONAL) return m * m;
        return width * m * m * weights.unitVariance();
    }

    /** σ_b² = Var(b_i); 0 without bias, +∞ for heavy-tailed biases. */
    public double sigmaB2() {
        return bias.map(d -> d.scale() * d.scale() * d.unitVariance()).orElse(0.0);
    }

    public String biasLabel() { return bias.map(Distribution::label).orElse("none"); }

    /**
     * The architecture of networks whose weights are given, not sampled ({@link ExplicitLayers}):
     * width, depth, activation and last-linear are what the operations use; the distributions are
     * placeholders (unit Gaussian weights, default scaling, no bias) that nothing samples from.
     */
    public static Architecture ofExplicitWeights(int width, int depth, Activation activation, boolean lastLinear) {
        return new Architecture(width, depth, activation, lastLinear, Distribution.gaussian(1), Scaling.DEFAULT,
                Optional.empty());
    }
}
