package io.netdyn.model;

import io.netdyn.linalg.Householder;
import java.util.Arrays;

/**
 * Fills weight and bias tensors of one network from the counter streams ({@link Streams}).
 * Every entry is a pure function of (seed, network, layer, tensor, element): the same on
 * every backend and thread count, and independent of depth (prefix consistency). The
 * {@link LayerSource} of sampled networks (not thread-safe: one per worker).
 */
public final class TensorSampler implements LayerSource {
    private final Architecture arch;
    private final long seed;
    private final int[] block = new int[4], pair = new int[8], second = new int[4], quad = new int[16];

    public TensorSampler(Architecture arch, long seed) {
        this.arch = arch;
        this.seed = seed;
    }

    /** W_l, row-major N×N (element index = row·N + col); layer is 1-based. */
    @Override
    public void weights(long network, int layer, double[] w) {
        int n = arch.width();
        Distribution d = arch.weights();
        double m = arch.weightMultiplier();
        if (d.kind() == Distribution.Kind.GAUSSIAN) {            // the common case: draws and scale fused
            gaussianTensor(network, layer, Streams.TENSOR_WEIGHT, n * n, m, w);
            return;
        }
        if (d.kind() == Distribution.Kind.ORTHOGONAL) {          // Haar from the unscaled Gaussian tensor
            gaussianTensor(network, layer, Streams.TENSOR_WEIGHT, n * n, 1.0, w);
            Householder.haarFromGaussian(w, n);
            for (int e = 0; e < n * n; e++) w[e] *= m;
            return;
        }
        int e = 0;
        for (; e + 1 < n * n; e += 2) {                      // two elements' blocks per call: the same words
            Streams.NETWORK.block2(seed, network, layer, Streams.TENSOR_WEIGHT, e, pair);
            System.arraycopy(pair, 0, block, 0, 4);
            System.arraycopy(pair, 4, second, 0, 4);
            w[e] = d.draw(block);
            w[e + 1] = d.draw(second);
        }
        for (; e < n * n; e++) {
            Streams.NETWORK.block(seed, network, layer, Streams.TENSOR_WEIGHT, e, block);
            w[e] = d.draw(block);
        }
        for (e = 0; e < n * n; e++) w[e] *= m;
    }

    /**
     * out[e] = m · Z_e for e in [0, count), Z_e = {@link DrawMath#gaussianOfBlock}(block ⌊e/4⌋ of
     * {@code tensor}, e mod 4) — bit for bit what the per-element loop computes (the same words,
     * the same Box–Muller expression, one multiply by m), with four blocks' rounds interleaved
     * ({@link Philox4x32#block4}) and each pair's sqrt(−2 ln U) shared by its two variates
     * (the test oracle is the per-element loop, {@code PhiloxTest}).
     */
    private void gaussianTensor(long network, int layer, int tensor, int count, double m, double[] out) {
        int[] k = quad;
        int e = 0;
        for (; e + 15 < count; e += 16) {                    // 16 elements = blocks e/4 .. e/4 + 3
            Streams.NETWORK.block4(seed, network, layer, tensor, e >> 2, k);
            for (int h = 0; h < 16; h += 2) {
                double r = DrawMath.radius(k[h]);                // shared by the pair's two variates
                out[e + h] = m * (r * DrawMath.cos2piUniform(k[h + 1]));
                out[e + h + 1] = m * (r * DrawMath.cos2piUniform(k[h + 1] - DrawMath.QUARTER_TURN));
            }
        }
        for (; e < count; e++) {
            if ((e & 3) == 0) {                             // the tail starts at a multiple of 4
                Streams.NETWORK.block(seed, network, layer, tensor, e >> 2, block);
            }
            out[e] = m * DrawMath.gaussianOfBlock(block, e & 3);
        }
    }

    /** b_l (length N), zeros without bias. */
    @Override
    public void biases(long network, int layer, double[] b) {
        int n = arch.width();
        if (arch.bias().isEmpty()) { Arrays.fill(b, 0, n, 0.0); return; }
        Distribution d = arch.bias().get();
        double m = arch.biasMultiplier();
        if (d.kind() == Distribution.Kind.GAUSSIAN) {
            gaussianTensor(network, layer, Streams.TENSOR_BIAS, n, m, b);
            return;
        }
        for (int e = 0; e < n; e++) {
            Streams.NETWORK.block(seed, network, layer, Streams.TENSOR_BIAS, e, block);
            b[e] = m * d.draw(block);
        }
    }
}
