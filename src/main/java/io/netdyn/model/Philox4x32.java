package io.netdyn.model;

/**
 * Philox4x32-10 counter-based generator (Salmon et al., SC'11, "Random123").
 *
 * <p>One call maps a 128-bit counter and a 64-bit key to 128 random bits. A round is
 * <pre>
 *   (c0,c1,c2,c3) -> (hi(M1*c2) ^ c1 ^ k0, lo(M1*c2), hi(M0*c0) ^ c3 ^ k1, lo(M0*c0))
 * </pre>
 * followed by the Weyl key bump k += (W0, W1); ten rounds. The CUDA kernels implement the
 * same function in {@code kernels/philox.cuh}; both are pinned to the Random123
 * known-answer vectors in the tests.
 */
public final class Philox4x32 {
    static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    public static final int ROUNDS = 10;

    private Philox4x32() {}

    /** Writes the four output words of Philox4x32-10(counter, key) into {@code out[0..3]}. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) { k0 += W0; k1 += W1; }
            long p0 = (M0 & 0xffffffffL) * (c0 & 0xffffffffL);
            long p1 = (M1 & 0xffffffffL) * (c2 & 0xffffffffL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0; c1 = n1; c2 = n2; c3 = n3;
        }
        out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
    }

    /**
     * Two blocks at once, counters (c0, c1, c2, c3) and (c0 + 1, c1, c2, c3) under one key:
     * {@link #block} of each into {@code out[0..3]} and {@code out[4..7]}, bit for bit (the
     * same rounds, interleaved so that the two independent multiply chains overlap).
     */
    public static void block2(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        final long m0 = M0 & 0xffffffffL, m1 = M1 & 0xffffffffL;
        int a0 = c0, a1 = c1, a2 = c2, a3 = c3;
        int b0 = c0 + 1, b1 = c1, b2 = c2, b3 = c3;
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) { k0 += W0; k1 += W1; }
            long p0 = m0 * (a0 & 0xffffffffL), p1 = m1 * (a2 & 0xffffffffL);
            long q0 = m0 * (b0 & 0xffffffffL), q1 = m1 * (b2 & 0xffffffffL);
            int n0 = (int) (p1 >>> 32) ^ a1 ^ k0, n1 = (int) p1, n2 = (int) (p0 >>> 32) ^ a3 ^ k1, n3 = (int) p0;
            int e0 = (int) (q1 >>> 32) ^ b1 ^ k0, e1 = (int) q1, e2 = (int) (q0 >>> 32) ^ b3 ^ k1, e3 = (int) q0;
            a0 = n0; a1 = n1; a2 = n2; a3 = n3;
            b0 = e0; b1 = e1; b2 = e2; b3 = e3;
        }
        out[0] = a0; out[1] = a1; out[2] = a2; out[3] = a3;
        out[4] = b0; out[5] = b1; out[6] = b2; out[7] = b3;
    }

    /**
     * Four blocks at once, counters (c0 + j, c1, c2, c3), j = 0..3, under one key: {@link #block}
     * of each into {@code out[4j..4j + 3]}, bit for bit (the same rounds, four independent
     * multiply chains interleaved so that they overlap).
     */
    public static void block4(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        final long m0 = M0 & 0xffffffffL, m1 = M1 & 0xffffffffL;
        int a0 = c0, a1 = c1, a2 = c2, a3 = c3, b0 = c0 + 1, b1 = c1, b2 = c2, b3 = c3;
        int d0 = c0 + 2, d1 = c1, d2 = c2, d3 = c3, e0 = c0 + 3, e1 = c1, e2 = c2, e3 = c3;
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) { k0 += W0; k1 += W1; }
            long pa0 = m0 * (a0 & 0xffffffffL), pa1 = m1 * (a2 & 0xffffffffL);
            long pb0 = m0 * (b0 & 0xffffffffL), pb1 = m1 * (b2 & 0xffffffffL);
            long pd0 = m0 * (d0 & 0xffffffffL), pd1 = m1 * (d2 & 0xffffffffL);
            long pe0 = m0 * (e0 & 0xffffffffL), pe1 = m1 * (e2 & 0xffffffffL);
            a0 = (int) (pa1 >>> 32) ^ a1 ^ k0; a1 = (int) pa1; a2 = (int) (pa0 >>> 32) ^ a3 ^ k1; a3 = (int) pa0;
            b0 = (int) (pb1 >>> 32) ^ b1 ^ k0; b1 = (int) pb1; b2 = (int) (pb0 >>> 32) ^ b3 ^ k1; b3 = (int) pb0;
            d0 = (int) (pd1 >>> 32) ^ d1 ^ k0; d1 = (int) pd1; d2 = (int) (pd0 >>> 32) ^ d3 ^ k1; d3 = (int) pd0;
            e0 = (int) (pe1 >>> 32) ^ e1 ^ k0; e1 = (int) pe1; e2 = (int) (pe0 >>> 32) ^ e3 ^ k1; e3 = (int) pe0;
        }
        out[0] = a0; out[1] = a1; out[2] = a2; out[3] = a3;
        out[4] = b0; out[5] = b1; out[6] = b2; out[7] = b3;
        out[8] = d0; out[9] = d1; out[10] = d2; out[11] = d3;
        out[12] = e0; out[13] = e1; out[14] = e2; out[15] = e3;
    }

    /** Uniform in (0,1) from one word: x·2^-32 + 2^-33, exact in double and never 0 or 1. */
    public static double uniform(int word) {
        return (word & 0xffffffffL) * 0x1p-32 + 0x1p-33;
    }
}
