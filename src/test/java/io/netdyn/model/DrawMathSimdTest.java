package io.netdyn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.simd.Lanes;
import io.netdyn.simd.Simd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Eight Box–Muller draws at once give DrawMath's bits, edge words and every quadrant included. */
class DrawMathSimdTest {
    @Test
    void gaussiansEqualTheScalarDraws() {
        Assumptions.assumeTrue(Simd.ON && Lanes.WIDE_LONGS,
                "8-lane vector draws unavailable here: SIMD " + Simd.status() + ", long lanes " + (Simd.ON ? Lanes.LONGS.length() : 0));
        int[] edge = {0, 1, -1, 0x7fffffff, 0x80000000, 0x80000001, 1 << 29, (1 << 29) - 1, 1 << 30, (1 << 30) - 1,
                3 << 29, (3 << 29) - 1, 0xc0000000, 0xbfffffff, 0xe0000000, 0x40000000, 2, 0xfffffffe};
        SplittableRandom rnd = new SplittableRandom(12);
        int[] w0 = new int[8], w1 = new int[8], idx = new int[8];
        double[] out = new double[11];
        for (int t = 0; t < 300_000; t++) {
            for (int j = 0; j < 8; j++) {
                w0[j] = t < 100 ? edge[rnd.nextInt(edge.length)] : rnd.nextInt();
                w1[j] = t < 100 ? edge[rnd.nextInt(edge.length)] : rnd.nextInt();
            }
            double m = t % 3 == 0 ? 1.0 : rnd.nextDouble() * 3;
            DrawMathSimd.gaussians(w0, w1, 0, m, out, 3, idx);
            for (int j = 0; j < 8; j++) {
                double want = m * DrawMath.gaussian(w0[j], w1[j]);
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(out[3 + j]),
                        "words " + w0[j] + ", " + w1[j]);
            }
        }
    }
}
