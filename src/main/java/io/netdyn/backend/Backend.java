package io.netdyn.backend;

import io.netdyn.model.ProbeInputs;

/**
 * The compute contract every backend implements (DESIGN §4): coarse operations over a
 * whole batch of networks, each of which a GPU does in a few kernel launches. Measures are
 * written once against this interface; a backend knows nothing of CSV, CLI or statistics.
 *
 * <p>Results are deterministic: the same batch gives bit-identical arrays for any thread
 * count on the CPU backend.
 */
public interface Backend extends AutoCloseable {

    /** "cpu" or "cuda". */
    String name();

    /** A human description of the device (CPU model and threads, or GPU name and memory). */
    String device();

    /** Worker threads (CPU) or streams (GPU) this backend uses. */
    int threads();

    /** Bytes of working memory one network of {@code arch} needs in {@link #propagate}. */
    long propagateBytesPerNetwork(NetworkBatch batch, ProbeInputs probes);

    /**
     * Sends the S probe inputs through every network of the batch and returns, for every
     * layer l = 1..L, the S×S Gram matrices of the pre-activations h_l, of the depth-l
     * outputs y_l and of their sign bits 1[y_l > 0] (see {@link PropagationGrams}).
     */
    PropagationGrams propagate(NetworkBatch batch, ProbeInputs probes);

    @Override
    void close();
}
