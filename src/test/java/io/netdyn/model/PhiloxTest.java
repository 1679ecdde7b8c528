package io.netdyn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Random123 known-answer vectors for Philox4x32-10 (docs/model.md, "Reproducible randomness"). */
class PhiloxTest {
    private static int[] run(long c0, long c1, long c2, long c3, long k0, long k1) {
        int[] out = new int[4];
        Philox4x32.block((int) c0, (int) c1, (int) c2, (int) c3, (int) k0, (int) k1, out);
        return out;
    }

    private static int[] words(long... w) {
        int[] r = new int[w.length];
        for (int i = 0; i < w.length; i++) r[i] = (int) w[i];
        return r;
    }

    @Test
    void zeroCounterZeroKey() {
        assertArrayEquals(words(0x6627e8d5L, 0xe169c58dL, 0xbc57ac4cL, 0x9b00dbd8L), run(0, 0, 0, 0, 0, 0));
    }

    @Test
    void allOnes() {
        long f = 0xffffffffL;
        assertArrayEquals(words(0x408f276dL, 0x41c83b0eL, 0xa20bc7c6L, 0x6d5451fdL), run(f, f, f, f, f, f));
    }

    @Test
    void piDigits() {
        assertArrayEquals(words(0xd16cfe09L, 0x94fdccebL, 0x5001e420L, 0x24126ea1L),
                run(0x243f6a88L, 0x85a308d3L, 0x13198a2eL, 0x03707344L, 0xa4093822L, 0x299f31d0L));
    }

    @Test
    void uniformIsStrictlyInsideTheUnitInterval() {
        assertEquals(0x1p-33, Philox4x32.uniform(0));
        assertEquals(1 - 0x1p-33, Philox4x32.uniform(-1));
        assertEquals(0.5 + 0x1p-33, Philox4x32.uniform(0x80000000));
    }

    @Test
    void streamsSeparateEveryCounterField() {
        int[] a = new int[4], b = new int[4];
        Streams.NETWORK.block(7, 3, 2, 0, 5, a);
        for (int[] variant : new int[][] {{8, 3, 2, 0, 5}, {7, 4, 2, 0, 5}, {7, 3, 3, 0, 5}, {7, 3, 2, 1, 5}, {7, 3, 2, 0, 6}}) {
            Streams.NETWORK.block(variant[0], variant[1], variant[2], variant[3], variant[4], b);
            assertNotEquals(a[0], b[0]);
        }
        Streams.PROBES.block(7, 3, 2, 0, 5, b);
        assertNotEquals(a[0], b[0]);
    }

    @Test
    void twoBlocksAtOnceAreTheTwoBlocks() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        int[] pair = new int[8], one = new int[4], two = new int[4];
        for (int t = 0; t < 2000; t++) {
            int c0 = t == 0 ? -1 : t == 1 ? Integer.MAX_VALUE : rnd.nextInt();   // the +1 wraps like an int
            int c1 = rnd.nextInt(), c2 = rnd.nextInt(), c3 = rnd.nextInt(), k0 = rnd.nextInt(), k1 = rnd.nextInt();
            Philox4x32.block2(c0, c1, c2, c3, k0, k1, pair);
            Philox4x32.block(c0, c1, c2, c3, k0, k1, one);
            Philox4x32.block(c0 + 1, c1, c2, c3, k0, k1, two);
            assertArrayEquals(one, java.util.Arrays.copyOfRange(pair, 0, 4));
            assertArrayEquals(two, java.util.Arrays.copyOfRange(pair, 4, 8));
        }
    }

    @Test
    void fourBlocksAtOnceAreTheFourBlocks() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        int[] quad = new int[16], one = new int[4];
        for (int t = 0; t < 2000; t++) {
            int c0 = t == 0 ? -1 : t == 1 ? Integer.MAX_VALUE - 2 : t == 2 ? -3 : rnd.nextInt();   // c0 + j wraps like an int
            int c1 = rnd.nextInt(), c2 = rnd.nextInt(), c3 = rnd.nextInt(), k0 = rnd.nextInt(), k1 = rnd.nextInt();
            Philox4x32.block4(c0, c1, c2, c3, k0, k1, quad);
            for (int j = 0; j < 4; j++) {
                Philox4x32.block(c0 + j, c1, c2, c3, k0, k1, one);
                assertArrayEquals(one, java.util.Arrays.copyOfRange(quad, 4 * j, 4 * j + 4), "block " + j);
            }
        }
    }

    @Test
    void sampledWeightsAreThePerElementReference() {
        for (String dist : new String[] {"gaussian:1", "cauchy:1", "uniform:1", "student:3:1", "stable:1.5:1", "orthogonal:1"}) {
            for (int n : new int[] {1, 2, 3, 8, 17}) {
                Architecture arch = new Architecture(n, 2, Activation.TANH, false, Distribution.parse(dist), Scaling.DEFAULT, java.util.Optional.empty());
                double[] w = new double[n * n], ref = new double[n * n];
                new TensorSampler(arch, 0x1234_5678_9abcL).weights(5, 2, w);
                int[] block = new int[4];
                Distribution d = arch.weights();
                boolean gaussianTensor = d.kind() == Distribution.Kind.GAUSSIAN || d.kind() == Distribution.Kind.ORTHOGONAL;
                for (int e = 0; e < n * n; e++) {          // layout 2: Gaussian tensors four elements a block
                    Streams.NETWORK.block(0x1234_5678_9abcL, 5, 2, Streams.TENSOR_WEIGHT, gaussianTensor ? e / 4 : e, block);
                    ref[e] = gaussianTensor ? DrawMath.gaussianOfBlock(block, e % 4) : d.draw(block);
                }
                if (d.kind() == Distribution.Kind.ORTHOGONAL) io.netdyn.linalg.Householder.haarFromGaussian(ref, n);
                for (int e = 0; e < n * n; e++) ref[e] *= arch.weightMultiplier();
                assertArrayEquals(ref, w, 0.0, dist + " n=" + n);
            }
        }
    }

    @Test
    void sampledBiasesAreThePerElementReference() {
        for (String dist : new String[] {"gaussian:0.5", "uniform:1", "cauchy:1"}) {
            for (int n : new int[] {1, 3, 4, 17, 40}) {
                Architecture arch = new Architecture(n, 2, Activation.TANH, false, Distribution.gaussian(1), Scaling.DEFAULT,
                        java.util.Optional.of(Distribution.parse(dist)));
                double[] b = new double[n], ref = new double[n];
                new TensorSampler(arch, 99).biases(7, 3, b);
                int[] block = new int[4];
                Distribution d = arch.bias().get();
                boolean gaussian = d.kind() == Distribution.Kind.GAUSSIAN;
                for (int e = 0; e < n; e++) {
                    Streams.NETWORK.block(99, 7, 3, Streams.TENSOR_BIAS, gaussian ? e / 4 : e, block);
                    ref[e] = arch.biasMultiplier() * (gaussian ? DrawMath.gaussianOfBlock(block, e % 4) : d.draw(block));
                }
                assertArrayEquals(ref, b, 0.0, dist + " n=" + n);
            }
        }
    }
}
