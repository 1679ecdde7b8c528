package io.netdyn.backend.cpu;

import static io.netdyn.model.SpecialFunctions.*;

import io.netdyn.model.SpecialFunctions;
import io.netdyn.simd.Lanes;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link MapKernels#affineRows} and of {@link SpecialFunctions#tanh}.
 * affineRows: y[r, i] = b_i + Σ_k w_ik x[r, k], every sum in MapKernels' order (k ascending, a
 * rounded multiply then a rounded add), so the same bits. Lanes run over four outputs i at once,
 * which needs Wᵀ: {@code wt[wto + k·n + i] = w_ik}. Two rows × eight outputs per pass (four vector
 * accumulators); the last n mod 4 outputs and an odd last row go through the scalar kernel.
 * tanh: both of the scalar function's branches in every lane, the same operations, selected per
 * lane. Only loaded when {@link io.netdyn.simd.Simd#ON}.
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

    // ---------------------------------------------------------------- tanh

    private static final DoubleVector SHIFT = DoubleVector.broadcast(D4, EXP_SHIFT),
            INV_LN2_V = DoubleVector.broadcast(D4, INV_LN2), LN2_HI_V = DoubleVector.broadcast(D4, LN2_HI),
            LN2_LO_V = DoubleVector.broadcast(D4, LN2_LO), ONE = DoubleVector.broadcast(D4, 1.0),
            TWO = DoubleVector.broadcast(D4, 2.0), RATIONAL_BELOW = DoubleVector.broadcast(D4, 0.625),
            C0 = DoubleVector.broadcast(D4, E0), C1 = DoubleVector.broadcast(D4, E1), C2 = DoubleVector.broadcast(D4, E2),
            C3 = DoubleVector.broadcast(D4, E3), C4 = DoubleVector.broadcast(D4, E4), C5 = DoubleVector.broadcast(D4, E5),
            C6 = DoubleVector.broadcast(D4, E6), C7 = DoubleVector.broadcast(D4, E7), C8 = DoubleVector.broadcast(D4, E8),
            C9 = DoubleVector.broadcast(D4, E9), C10 = DoubleVector.broadcast(D4, E10), C11 = DoubleVector.broadcast(D4, E11),
            C12 = DoubleVector.broadcast(D4, E12), C13 = DoubleVector.broadcast(D4, E13);
    private static final long SIGN = 0x8000000000000000L;

    /**
     * a[0..len) ← tanh(a), the bits of {@link SpecialFunctions#tanh}; {@code big} is scratch of
     * ≥ len doubles. Two passes, each its own small method: in one method this many vector
     * operations pass C2's inlining node limit, and a vector call that is not inlined allocates
     * (measured: 4.4 ns a value in one method, 2 ns in two).
     */
    static void tanh(double[] a, int len, double[] big) {
        int n4 = len & ~3;
        tanhBeyondRational(a, n4, big);
        tanhSelect(a, n4, big);
        for (int e = n4; e < len; e++) a[e] = SpecialFunctions.tanh(a[e]);
    }

    /** big = 1 − 2/(e^{2 min(|x|, 22)} + 1), {@link SpecialFunctions#expTanh}'s steps. */
    private static void tanhBeyondRational(double[] a, int n4, double[] big) {
        for (int e = 0; e < n4; e += 4) {
            DoubleVector x2 = DoubleVector.fromArray(D4, a, e).abs().min(22.0).mul(2.0);
            DoubleVector t = x2.fma(INV_LN2_V, SHIFT);
            DoubleVector mk = t.sub(SHIFT).neg();
            DoubleVector r = mk.fma(LN2_HI_V, x2);
            r = mk.fma(LN2_LO_V, r);
            DoubleVector p = C13.fma(r, C12);
            p = p.fma(r, C11); p = p.fma(r, C10); p = p.fma(r, C9); p = p.fma(r, C8); p = p.fma(r, C7);
            p = p.fma(r, C6); p = p.fma(r, C5); p = p.fma(r, C4); p = p.fma(r, C3); p = p.fma(r, C2);
            p = p.fma(r, C1); p = p.fma(r, C0);
            LongVector twoK = t.reinterpretAsLongs().sub(EXP_SHIFT_BITS - 1023).lanewise(VectorOperators.LSHL, 52);
            ONE.sub(TWO.div(p.mul(twoK.reinterpretAsDoubles()).add(1.0))).intoArray(big, e);
        }
    }

    /** a = copySign(|x| &lt; 0.625 ? Cephes' rational form : big, x). */
    private static void tanhSelect(double[] a, int n4, double[] big) {
        for (int e = 0; e < n4; e += 4) {
            DoubleVector x = DoubleVector.fromArray(D4, a, e);
            DoubleVector z = x.abs(), s = z.mul(z);
            DoubleVector p = s.mul(P0).add(P1).mul(s).add(P2);
            DoubleVector q = s.add(Q0).mul(s).add(Q1).mul(s).add(Q2);
            DoubleVector small = z.add(z.mul(s).mul(p.div(q)));
            DoubleVector t = DoubleVector.fromArray(D4, big, e).blend(small, z.lt(RATIONAL_BELOW));
            t.reinterpretAsLongs().or(x.reinterpretAsLongs().and(SIGN)).reinterpretAsDoubles().intoArray(a, e);
        }
    }
}
