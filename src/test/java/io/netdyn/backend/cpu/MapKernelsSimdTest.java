package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.model.SpecialFunctions;
import io.netdyn.simd.Simd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vector GEMM and tanh of the fixed-point iteration give the scalar kernels' bits. */
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

    @Test
    void tanhGivesTheScalarFunctionsBitsOnEveryRangeAndEdge() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] edges = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 0.625, -0.625, Math.nextDown(0.625), Math.nextUp(0.625), 22,
            Math.nextUp(22.0), -22, 19.06, 44, 700, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-8, 0.3, 1, 3};
        for (int len : new int[] {1, 3, 4, 5, 8, 63, 64, 1024, 1027}) {
            double[] a = new double[len];
            for (int e = 0; e < len; e++) {
                int kind = rnd.nextInt(4);                       // the three ranges of tanh, and the edges
                a[e] = kind == 0 ? edges[rnd.nextInt(edges.length)]
                        : kind == 1 ? (rnd.nextDouble() * 2 - 1) * 0.625
                        : kind == 2 ? (rnd.nextBoolean() ? 1 : -1) * (0.625 + rnd.nextDouble() * 21.5)
                        : 0.485 * Math.tan(Math.PI * (rnd.nextDouble() - 0.5));   // W1's mix: Cauchy-like
            }
            double[] want = new double[len];
            for (int e = 0; e < len; e++) want[e] = SpecialFunctions.tanh(a[e]);
            double[] got = a.clone();
            MapKernelsSimd.tanh(got, len, new double[len]);
            for (int e = 0; e < len; e++) {
                if (Double.isNaN(want[e]) && Double.isNaN(got[e])) continue;      // NaN payloads may differ
                assertEquals(Double.doubleToRawLongBits(want[e]), Double.doubleToRawLongBits(got[e]),
                        "len=" + len + " x=" + a[e] + ": " + want[e] + " vs " + got[e]);
            }
        }
    }

    static double[] fill(SplittableRandom rnd, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = rnd.nextGaussian() * Math.exp(rnd.nextGaussian() * 3);
        return a;
    }
}
