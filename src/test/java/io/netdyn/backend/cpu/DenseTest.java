package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The popcount Gram of the sign bits against {@link Dense#gram} of the 0/1 matrix, its oracle. */
class DenseTest {
    @Test
    void bitGramIsTheGramOfTheZeroOneMatrix() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int n : new int[] {1, 2, 7, 16, 63, 64, 65, 128, 130, 512}) {
            for (int s : new int[] {1, 3, 8}) {
                double[] y = new double[s * n], zeroOne = new double[s * n];
                for (int e = 0; e < y.length; e++) {
                    int kind = rnd.nextInt(8);
                    y[e] = kind == 0 ? Double.NaN : kind == 1 ? -0.0 : kind == 2 ? 0.0 : rnd.nextGaussian();
                    zeroOne[e] = y[e] > 0 ? 1 : 0;
                }
                long[] bits = new long[s * Dense.signWords(n)];
                java.util.Arrays.fill(bits, -1L);                 // stale words must be cleared
                Dense.signBits(y, s, n, bits);
                double[] want = new double[3 + s * s], got = new double[3 + s * s];
                Dense.gram(zeroOne, s, n, want, 3);
                Dense.bitGram(bits, s, n, got, 3);
                assertArrayEquals(want, got, 0.0, "n=" + n + " s=" + s);
            }
        }
    }
}
