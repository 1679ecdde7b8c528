package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dense's fast forms against their plain references: affineRows against one dot per output, the popcount Gram against {@link Dense#gram} of the 0/1 matrix. */
class DenseTest {
    @Test
    void affineRowsTwoRowsAtATimeIsTheOneDotPerOutputLoop() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int nIn : new int[] {1, 2, 3, 4, 5, 7, 16, 17, 64, 513}) {
            for (int s : new int[] {1, 2, 3, 8, 9}) {
                int nOut = 1 + rnd.nextInt(20);
                double[] x = new double[s * nIn], w = new double[nOut * nIn], b = new double[nOut];
                for (int e = 0; e < x.length; e++) x[e] = rnd.nextGaussian();
                for (int e = 0; e < w.length; e++) w[e] = rnd.nextGaussian() * Math.exp(4 * rnd.nextGaussian());
                for (int e = 0; e < nOut; e++) b[e] = rnd.nextGaussian();
                double[] want = new double[s * nOut], got = new double[s * nOut];
                for (int r = 0; r < s; r++) {
                    for (int i = 0; i < nOut; i++) want[r * nOut + i] = Dense.dot(w, i * nIn, x, r * nIn, nIn) + b[i];
                }
                Dense.affineRows(x, w, b, got, s, nOut, nIn);
                assertArrayEquals(want, got, 0.0, "nIn=" + nIn + " s=" + s);
            }
        }
    }

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
