package io.netdyn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.simd.Simd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The vector Philox gives block's words 0 and 1 for every counter, and the sampler the scalar weights. */
class PhiloxSimdTest {
    @Test
    void wordsEqualTheOneBlockReference() {
        Assumptions.assumeTrue(Simd.ON, "vector kernels unavailable here: SIMD " + Simd.status());
        SplittableRandom rnd = new SplittableRandom(4);
        int lanes = PhiloxSimd.lanes();
        int[] w0 = new int[lanes + 3], w1 = new int[lanes + 3], block = new int[4];
        for (int t = 0; t < 2000; t++) {
            int c0 = t < 20 ? -lanes / 2 - t : rnd.nextInt(), c1 = rnd.nextInt(), c2 = rnd.nextInt(), c3 = rnd.nextInt();
            int k0 = rnd.nextInt(), k1 = rnd.nextInt();
            PhiloxSimd.words01(c0, c1, c2, c3, k0, k1, w0, w1, 3);
            for (int j = 0; j < lanes; j++) {
                Philox4x32.block(c0 + j, c1, c2, c3, k0, k1, block);   // c0 + j wraps as an int
                assertEquals(block[0], w0[3 + j], "word 0, counter " + (c0 + j));
                assertEquals(block[1], w1[3 + j], "word 1, counter " + (c0 + j));
            }
        }
    }

    @Test
    void gaussianWeightsOnTheVectorPathAreTheOneBlockDraws() {
        // whatever path TensorSampler takes here, its weights are the one-block-per-element draws
        for (int n : new int[] {1, 7, 8, 9, 16, 33, 64}) {
            Architecture a = new Architecture(n, 2, Activation.TANH, false, Distribution.gaussian(1.3), Scaling.DEFAULT,
                    java.util.Optional.empty());
            TensorSampler s = new TensorSampler(a, 0x1234_5678_9abcL);
            double[] w = new double[n * n], want = new double[n * n];
            int[] block = new int[4];
            for (long net : new long[] {0, 5, (1L << 32) - 1}) {
                s.weights(net, 2, w);
                for (int e = 0; e < n * n; e++) {
                    Streams.NETWORK.block(0x1234_5678_9abcL, net, 2, Streams.TENSOR_WEIGHT, e, block);
                    want[e] = a.weightMultiplier() * DrawMath.gaussian(block[0], block[1]);
                }
                assertArrayEquals(want, w, 0.0, "n=" + n + " network " + net);
            }
        }
    }
}
