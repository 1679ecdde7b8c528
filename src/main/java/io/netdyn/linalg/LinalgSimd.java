package io.netdyn.linalg;

import io.netdyn.simd.Lanes;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector forms of {@link RowHouseholder#dot4} and of {@link JacobiSvd}'s rotation. Each keeps
 * its scalar loop's accumulators as its lanes and the scalar loop's order (a rounded multiply, then
 * a rounded add, per element; the same final combination), so the same bits: dot4's four chains
 * in four lanes, the rotation's two chains (even and odd k) in two, its row update elementwise.
 * Only loaded when {@link io.netdyn.simd.Simd#ON}.
 */
final class LinalgSimd {
    private LinalgSimd() {}

    private static final VectorSpecies<Double> D4 = Lanes.D4;
    /** Two doubles: the two chains of {@link JacobiSvd}'s fused pass. */
    private static final VectorSpecies<Double> D2 = DoubleVector.SPECIES_128;

    /**
     * (s0 + s1) + (s2 + s3) of {@link RowHouseholder#applyQRight}'s four chains: s0 starts at
     * {@code init}, chain q sums a[ao+k]·v[k] over k ≡ j+1+q (mod 4) for k in [from, n) in order,
     * the n − from mod 4 leftover products go to s0.
     */
    static double dot4(double init, double[] a, int ao, double[] v, int from, int n) {
        DoubleVector acc = DoubleVector.zero(D4).withLane(0, init);
        int k = from;
        for (; k + 3 < n; k += 4) {
            acc = acc.add(DoubleVector.fromArray(D4, a, ao + k).mul(DoubleVector.fromArray(D4, v, k)));
        }
        double s0 = acc.lane(0), s1 = acc.lane(1), s2 = acc.lane(2), s3 = acc.lane(3);
        for (; k < n; k++) s0 += a[ao + k] * v[k];
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {@link JacobiSvd}'s fused pass over rows at oi, oj (length c): out = {α, β, γ} = {‖x‖², ‖y‖²,
     * x·y}, chain 0 over even k (and the odd last k), chain 1 over odd k, then chain 0 + chain 1.
     */
    static void gram(double[] w, int oi, int oj, int c, double[] out) {
        DoubleVector a = DoubleVector.zero(D2), b = a, g = a;
        int k = 0;
        for (; k + 1 < c; k += 2) {
            DoubleVector x = DoubleVector.fromArray(D2, w, oi + k), y = DoubleVector.fromArray(D2, w, oj + k);
            a = a.add(x.mul(x));
            b = b.add(y.mul(y));
            g = g.add(x.mul(y));
        }
        double a0 = a.lane(0), b0 = b.lane(0), g0 = g.lane(0);
        if (k < c) {
            double x = w[oi + k], y = w[oj + k];
            a0 += x * x;
            b0 += y * y;
            g0 += x * y;
        }
        out[0] = a0 + a.lane(1);
        out[1] = b0 + b.lane(1);
        out[2] = g0 + g.lane(1);
    }

    /** x ← cs·x − sn·y, y ← sn·x + cs·y for the rows at oi, oj (length c), elementwise. */
    static void rotate(double[] w, int oi, int oj, int c, double cs, double sn) {
        int m = 0;
        for (; m + 3 < c; m += 4) {
            DoubleVector x = DoubleVector.fromArray(D4, w, oi + m), y = DoubleVector.fromArray(D4, w, oj + m);
            x.mul(cs).sub(y.mul(sn)).intoArray(w, oi + m);
            x.mul(sn).add(y.mul(cs)).intoArray(w, oj + m);
        }
        for (; m < c; m++) {
            double x = w[oi + m], y = w[oj + m];
            w[oi + m] = cs * x - sn * y;
            w[oj + m] = sn * x + cs * y;
        }
    }
}
