package io.netdyn.model;

import io.netdyn.simd.Lanes;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Words 0 and 1 of {@link Philox4x32#block} for many consecutive counters at once, one counter
 * per lane: each 32-bit word sits in the low half of a 64-bit lane, so M·c is one exact 64-bit
 * product and its high and low words are a shift and a mask — integer arithmetic, the same words
 * whatever the lane count. Only loaded when {@link io.netdyn.simd.Simd#ON}; used where
 * {@link Lanes#WIDE_LONGS} (without a native 64-bit vector multiply it would not pay).
 */
public final class PhiloxSimd {
    private PhiloxSimd() {}

    private static final VectorSpecies<Long> L = Lanes.LONGS;
    private static final long MASK = 0xffffffffL;
    private static final long[] IOTA = new long[L.length()];

    static {
        for (int i = 0; i < IOTA.length; i++) IOTA[i] = i;
    }

    /** Counters per call of {@link #words01}. */
    public static int lanes() { return L.length(); }

    /**
     * For j in [0, lanes()): w0[off + j], w1[off + j] = words 0 and 1 of
     * Philox4x32-10((c0 + j, c1, c2, c3), (k0, k1)), c0 + j wrapping as an int.
     */
    public static void words01(int c0, int c1, int c2, int c3, int k0, int k1, int[] w0, int[] w1, int off) {
        LongVector a0 = LongVector.fromArray(L, IOTA, 0).add(c0 & MASK).and(MASK);
        LongVector a1 = LongVector.broadcast(L, c1 & MASK), a2 = LongVector.broadcast(L, c2 & MASK);
        LongVector a3 = LongVector.broadcast(L, c3 & MASK);
        for (int r = 0; r < Philox4x32.ROUNDS - 1; r++) {
            if (r > 0) { k0 += Philox4x32.W0; k1 += Philox4x32.W1; }
            LongVector p0 = a0.mul(Philox4x32.M0 & MASK), p1 = a2.mul(Philox4x32.M1 & MASK);
            LongVector n0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, a1)
                    .lanewise(VectorOperators.XOR, k0 & MASK);
            LongVector n2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, a3)
                    .lanewise(VectorOperators.XOR, k1 & MASK);
            a1 = p1.and(MASK);
            a3 = p0.and(MASK);
            a0 = n0;
            a2 = n2;
        }
        k0 += Philox4x32.W0;                                  // round 10: words 0 and 1 need M1·c2 only
        LongVector p1 = a2.mul(Philox4x32.M1 & MASK);
        LongVector o0 = p1.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, a1)
                .lanewise(VectorOperators.XOR, k0 & MASK);
        LongVector o1 = p1.and(MASK);
        for (int j = 0; j < IOTA.length; j++) {              // lanes to ints (a vector int cast does not pay here)
            w0[off + j] = (int) o0.lane(j);
            w1[off + j] = (int) o1.lane(j);
        }
    }
}
