package io.netdyn.model;

import io.netdyn.linalg.Householder;
import io.netdyn.simd.Lanes;
import io.netdyn.simd.Simd;
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
    private final int[] block = new int[4], pair = new int[8], second = new int[4], quad = new int[8];
    /** Words 0 and 1 of {@link #VECTOR_CHUNK} counters from {@link PhiloxSimd}; null without it. */
    private final int[] words0 = VECTOR_PHILOX ? new int[VECTOR_CHUNK] : null, words1 = VECTOR_PHILOX ? new int[VECTOR_CHUNK] : null;
    private final int[] gatherIndex = VECTOR_PHILOX ? new int[DrawMathSimd.LANES] : null;
    private static final boolean VECTOR_PHILOX = Simd.ON && Lanes.WIDE_LONGS;
    private static final int VECTOR_CHUNK = 64;

    public TensorSampler(Architecture arch, long seed) {
        this.arch = arch;
        this.seed = seed;
    }

    /** W_l, row-major N×N (element index = row·N + col); layer is 1-based. */
    @Override
    public void weights(long network, int layer, double[] w) {
        int n = arch.width();
        Distribution d = arch.weights();
        if (d.kind() == Distribution.Kind.GAUSSIAN) {            // the common case: draws and scale fused
            gaussianWeights(network, layer, n * n, arch.weightMultiplier(), w);
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
        if (d.kind() == Distribution.Kind.ORTHOGONAL) Householder.haarFromGaussian(w, n);
        double m = arch.weightMultiplier();
        for (e = 0; e < n * n; e++) w[e] *= m;
    }

    /**
     * w[e] = m · Z_e for e in [0, count), Z_e the Gaussian {@link Distribution#draw} of element e's
     * weight block — bit for bit what the general loop computes (the same Philox words, the same
     * Box–Muller expression ({@link DrawMath#gaussian}), one multiply by m), with four counters'
     * rounds interleaved in registers and only the two words Box–Muller reads computed
     * ({@link Philox4x32#words01x4}; the test oracle is the one-block-per-element loop,
     * {@code PhiloxTest}).
     */
    private void gaussianWeights(long network, int layer, int count, double m, double[] w) {
        int[] k = quad;
        int e = 0;
        if (VECTOR_PHILOX) {                                 // the same words, many counters a call
            int lanes = PhiloxSimd.lanes();
            for (; e + VECTOR_CHUNK <= count; e += VECTOR_CHUNK) {
                for (int j = 0; j < VECTOR_CHUNK; j += lanes) {
                    Streams.NETWORK.words01Lanes(seed, network, layer, Streams.TENSOR_WEIGHT, e + j, words0, words1, j);
                }
                for (int j = 0; j < VECTOR_CHUNK; j += DrawMathSimd.LANES) {
                    DrawMathSimd.gaussians(words0, words1, j, m, w, e + j, gatherIndex);
                }
            }
        }
        for (; e + 3 < count; e += 4) {
            Streams.NETWORK.words01x4(seed, network, layer, Streams.TENSOR_WEIGHT, e, k);
            w[e] = m * DrawMath.gaussian(k[0], k[1]);
            w[e + 1] = m * DrawMath.gaussian(k[2], k[3]);
            w[e + 2] = m * DrawMath.gaussian(k[4], k[5]);
            w[e + 3] = m * DrawMath.gaussian(k[6], k[7]);
        }
        for (; e < count; e++) {
            Streams.NETWORK.block(seed, network, layer, Streams.TENSOR_WEIGHT, e, block);
            w[e] = m * DrawMath.gaussian(block[0], block[1]);
        }
    }

    /** b_l (length N), zeros without bias. */
    @Override
    public void biases(long network, int layer, double[] b) {
        int n = arch.width();
        if (arch.bias().isEmpty()) { Arrays.fill(b, 0, n, 0.0); return; }
        Distribution d = arch.bias().get();
        double m = arch.biasMultiplier();
        for (int e = 0; e < n; e++) {
            Streams.NETWORK.block(seed, network, layer, Streams.TENSOR_BIAS, e, block);
            b[e] = m * d.draw(block);
        }
    }
}
