package io.netdyn.linalg;

import io.netdyn.simd.Lanes;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector form of {@link RowHouseholder#dot4}, with the scalar loop's four accumulators as its
 * lanes and the scalar loop's order (a rounded multiply, then a rounded add, per element; the same
 * final combination), so the same bits. Only loaded when {@link io.netdyn.simd.Simd#ON}.
 */
final class LinalgSimd {
    private LinalgSimd() {}

    private static final VectorSpecies<Double> D4 = Lanes.D4;

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
}
