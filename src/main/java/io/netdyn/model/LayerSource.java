package io.netdyn.model;

/**
 * Where a backend worker takes the layers of a network from: W_l row-major N×N (element index
 * = row·N + col, row i = output unit i) and b_l (length N), layer 1-based, network the global
 * network index. {@link TensorSampler} draws them from the counter streams (sampled networks);
 * {@link ExplicitLayers} copies given weights (hand-built or imported networks). An
 * implementation may keep scratch state: one instance per worker thread unless it says otherwise.
 */
public interface LayerSource {
    /** W_l of {@code network} into {@code out[0 .. N·N)}. */
    void weights(long network, int layer, double[] out);

    /** b_l of {@code network} into {@code out[0 .. N)}. */
    void biases(long network, int layer, double[] out);
}
