package io.netdyn.backend.cpu;

import io.netdyn.simd.Lanes;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector form of {@link MapKernels#affineRows}: y[r, i] = b_i + Σ_k w_ik x[r, k], every sum
 * in MapKernels' order (k ascending, a rounded multiply then a rounded add), so the same bits.
 * Lanes run over four outputs i at once, which needs Wᵀ: {@code wt[wto + k·n + i] = w_ik}. Two
 * rows × eight outputs per pass (four vector accumulators); the last n mod 4 outputs and an odd
 * last row go through the scalar kernel. Only loaded when {@link io.netdyn.simd.Simd#ON}.
 */
final class MapKernelsSimd {
    private MapKernelsSimd() {}

    private static final VectorSpecies<Double> D4 = Lanes.D4;

    /** Wᵀ of every layer: wt[l·n² + k·n + i] = w[l·n² + i·n + k]. */
    static void transposeLayers(double[] w, double[] wt, int n, int layers) {
        int nn = n * n;
        for (int l = 0; l < layers; l++) {
            int o = l * nn;
            for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) wt[o + k * n + i] = w[o + i * n + k];
        }
    }

    /** {@link MapKernels#affineRows} from Wᵀ at wt[wto..] and the same W at w[wo..] (for the scalar remainder). */
    static void affineRows(double[] x, double[] y, int m, int n, double[] w, int wo, double[] wt, int wto,
                           double[] b, int bo) {
        int n4 = n & ~3, n8 = n & ~7;
        int r = 0;
        for (; r + 1 < m; r += 2) {
            int x0 = r * n, x1 = x0 + n;
            int i = 0;
            for (; i < n8; i += 8) {
                DoubleVector p0 = DoubleVector.fromArray(D4, b, bo + i), p1 = DoubleVector.fromArray(D4, b, bo + i + 4);
                DoubleVector q0 = p0, q1 = p1;
                for (int k = 0; k < n; k++) {
                    int t = wto + k * n + i;
                    DoubleVector c0 = DoubleVector.fromArray(D4, wt, t), c1 = DoubleVector.fromArray(D4, wt, t + 4);
                    double u = x[x0 + k], v = x[x1 + k];
                    p0 = p0.add(c0.mul(u)); p1 = p1.add(c1.mul(u));
                    q0 = q0.add(c0.mul(v)); q1 = q1.add(c1.mul(v));
                }
                p0.intoArray(y, x0 + i); p1.intoArray(y, x0 + i + 4);
                q0.intoArray(y, x1 + i); q1.intoArray(y, x1 + i + 4);
            }
            for (; i < n4; i += 4) {
                DoubleVector p0 = DoubleVector.fromArray(D4, b, bo + i), q0 = p0;
                for (int k = 0; k < n; k++) {
                    DoubleVector c0 = DoubleVector.fromArray(D4, wt, wto + k * n + i);
                    p0 = p0.add(c0.mul(x[x0 + k]));
                    q0 = q0.add(c0.mul(x[x1 + k]));
                }
                p0.intoArray(y, x0 + i);
                q0.intoArray(y, x1 + i);
            }
            MapKernels.twoRowsFrom(i, x, y, x0, x1, n, w, wo, b, bo);
        }
        if (r < m) MapKernels.affineRow(x, r * n, y, r * n, n, w, wo, b, bo);
    }
}
