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

    /** Uniform in (0,1) from one word: x·2^-32 + 2^-33, exact in double and never 0 or 1. */
    public static double uniform(int word) {
        return (word & 0xffffffffL) * 0x1p-32 + 0x1p-33;
    }
}
