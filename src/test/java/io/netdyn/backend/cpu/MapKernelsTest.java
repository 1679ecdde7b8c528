package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tiled layer kernel against the plain loop, on awkward shapes: bit-identical sums. */
class MapKernelsTest {

    @Test
    void tiledAffineRowsEqualThePlainLoopBitForBit() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n = 1; n <= 9; n++) {
            for (int m = 1; m <= 7; m++) {
                double[] x = random(rnd, m * n), w = random(rnd, 2 * n * n + 1), b = random(rnd, n + 2);
                double[] y = new double[m * n];
                MapKernels.affineRows(x, y, m, n, w, 1, b, 2);                 // offsets into w and b
                for (int r = 0; r < m; r++) {
                    for (int i = 0; i < n; i++) {
                        double s = b[2 + i];
                        for (int k = 0; k < n; k++) s += w[1 + i * n + k] * x[r * n + k];
                        assertEquals(s, y[r * n + i], 0.0, "n=" + n + " m=" + m + " row " + r + " out " + i);
                    }
                }
            }
        }
    }

    private static double[] random(SplittableRandom rnd, int k) {
        double[] v = new double[k];
        for (int i = 0; i < k; i++) v[i] = rnd.nextDouble() * 2 - 1;
        return v;
    }
}
