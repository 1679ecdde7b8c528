package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.simd.Simd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vector GEMM of the fixed-point iteration gives MapKernels' bits for every shape. */
class MapKernelsSimdTest {
    @BeforeAll
    static void needsSimd() {
        Assumptions.assumeTrue(Simd.ON, "vector kernels unavailable here: SIMD " + Simd.status());
    }

    @Test
    void sameBitsAsTheScalarTilesForEveryShape() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[] widths = {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 33, 64};
        for (int n : widths) {
            for (int m : new int[] {1, 2, 3, 5, 8, 63, 64}) {
                int layers = 2, wo = n * n;                        // the second layer, at an offset
                double[] w = fill(rnd, layers * n * n), wt = new double[layers * n * n];
                double[] b = fill(rnd, layers * n), x = fill(rnd, m * n);
                if (n > 2) { x[1] = Double.NaN; w[wo + 2] = -0.0; x[m * n - 1] = 1e300; }
                MapKernelsSimd.transposeLayers(w, wt, n, layers);
                double[] want = new double[m * n], got = new double[m * n];
                MapKernels.affineRows(x, want, m, n, w, wo, b, n);
                MapKernelsSimd.affineRows(x, got, m, n, w, wo, wt, wo, b, n);
                for (int e = 0; e < m * n; e++) {
                    assertEquals(Double.doubleToRawLongBits(want[e]), Double.doubleToRawLongBits(got[e]),
                            "n=" + n + " m=" + m + " entry " + e + ": " + want[e] + " vs " + got[e]);
                }
            }
        }
    }

    static double[] fill(SplittableRandom rnd, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = rnd.nextGaussian() * Math.exp(rnd.nextGaussian() * 3);
        return a;
    }
}
