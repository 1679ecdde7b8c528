package io.netdyn.train;

import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.NetworkWeights;

/**
 * What a network computes besides its weights: width N, depth L, the activation φ and whether
 * the last layer is linear. The map is h_l = W_l x_{l−1} + b_l, x_l = φ(h_l) for l = 1..L, with
 * x_L = h_L when {@code lastLinear} (docs/model.md).
 */
public record NetworkShape(int width, int depth, Activation activation, boolean lastLinear) {

    public NetworkShape {
        if (width < 1) throw new IllegalArgumentException("width must be >= 1, got " + width);
        if (depth < 1) throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        if (activation == null) throw new IllegalArgumentException("activation is required");
    }

    public static NetworkShape of(Architecture arch) {
        return new NetworkShape(arch.width(), arch.depth(), arch.activation(), arch.lastLinear());
    }

    /** Whether layer l (0-based) outputs its pre-activation unchanged. */
    public boolean linearLayer(int l) {
        return activation == Activation.LINEAR || (lastLinear && l == depth - 1);
    }

    /** The range the network's outputs can reach (decides the targets of autoencoding tasks). */
    public OutputRange outputRange() { return OutputRange.of(activation, lastLinear); }

    /** Throws unless {@code w} has this width and depth. */
    void check(NetworkWeights w) {
        if (w.width() != width || w.depth() != depth) {
            throw new IllegalArgumentException("weights are " + w.width() + " wide and " + w.depth()
                    + " deep, the network shape is " + width + " wide and " + depth + " deep");
        }
    }
}
