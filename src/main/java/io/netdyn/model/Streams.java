package io.netdyn.model;

/**
 * Where every random number of netdyn comes from: a pure function of
 * (seed, stream, network index, layer, tensor, element), so that network i is the same on
 * every backend, thread count and shard, and depth-L networks are prefixes of deeper ones.
 *
 * <p>Counter layout (one Philox block of four words per counter):
 * <pre>
 *   c0 = element index        c1 = layer (1-based; 0 for inputs)
 *   c2 = network index        c3 = stream &lt;&lt; 16 | tensor
 *   key = (seed low 32 bits, seed high 32 bits)
 * </pre>
 * One block per element, except Gaussian (and orthogonal) weight and bias tensors: element e is
 * Gaussian e mod 4 of block c0 = ⌊e/4⌋ ({@link DrawMath#gaussianOfBlock}, both Box–Muller
 * variates of both word pairs), a quarter of the Philox work and half the logarithms.
 * {@link #LAYOUT} numbers this layout; manifests record it and resume and merge refuse results
 * drawn under another.
 * The cell (width, distribution, activation) is deliberately NOT part of the counter:
 * cells of one sweep share their random numbers (common random numbers), which makes
 * differences between cells less noisy.
 */
public enum Streams {
    /** Weights and biases. */
    NETWORK(0),
    /** Probe inputs of the propagation-type measures. */
    PROBES(1),
    /** Starting points of fixed-point searches. */
    STARTS(2),
    /** Random directions and perturbations (basins, Lyapunov tangent vectors). */
    PERTURB(3),
    /** Training data, teacher networks and mini-batch order (io.netdyn.train, docs/training.md). */
    TRAIN(4);

    /**
     * The random-stream layout: 2 since Gaussian tensors draw four elements per block (1: one
     * element per block: netdyn 0.1.0). Recorded in manifest.json ("random_streams")
     * and among the number-deciding settings.
     */
    public static final int LAYOUT = 2;

    public static final int TENSOR_WEIGHT = 0;
    public static final int TENSOR_BIAS = 1;

    private final int id;

    Streams(int id) { this.id = id; }

    public int id() { return id; }

    /** Counter word 3 of this stream's tensor {@code tensor}: (id << 16) | tensor. */
    private int counterWord3(int tensor) { return (id << 16) | tensor; }

    /** The Philox block for one element; {@code out} receives four uint32 words. */
    public void block(long seed, long network, int layer, int tensor, int element, int[] out) {
        Philox4x32.block(element, layer, (int) network, counterWord3(tensor),
                (int) seed, (int) (seed >>> 32), out);
    }

    /** {@link #block} of counters {@code element + j}, j = 0..3, into {@code out[4j..4j + 3]}. */
    public void block4(long seed, long network, int layer, int tensor, int element, int[] out) {
        Philox4x32.block4(element, layer, (int) network, counterWord3(tensor),
                (int) seed, (int) (seed >>> 32), out);
    }

    /** {@link #block} of elements {@code element} and {@code element + 1} into {@code out[0..3]} and {@code out[4..7]}. */
    public void block2(long seed, long network, int layer, int tensor, int element, int[] out) {
        Philox4x32.block2(element, layer, (int) network, counterWord3(tensor),
                (int) seed, (int) (seed >>> 32), out);
    }
}
