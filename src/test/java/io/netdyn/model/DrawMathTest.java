package io.netdyn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * DrawMath's ln U and cos 2πU against the JDK on a strided sweep of all 2^32 words, random words
 * and the edge words (0, 1, 2^31, 2^32 − 1, the quadrant boundaries): within 1 ulp of
 * StrictMath.log (fdlibm, the same on every JVM) and within 2 ulp of a reference cos built from
 * StrictMath.sin/cos of the exactly reduced argument (cos(2*PI*u) itself is no reference near
 * its zeros: its rounded argument is off by ~2^-51, many ulps of a result near 0). A wrong
 * table entry or coefficient fails these by orders of magnitude.
 */
class DrawMathTest {
    static final int[] EDGES = {0, 1, 2, 3, -1, -2, 0x80000000, 0x7fffffff, 0x80000001,
        1 << 29, (1 << 29) - 1, (1 << 29) + 1, 3 << 29, (3 << 29) - 1, 5 << 29, (5 << 29) - 1, 7 << 29, (7 << 29) - 1,
        1 << 30, (1 << 30) - 1, 3 << 30, (3 << 30) - 1, 0xfffffffe, 0x10000, 0xffff0000};

    /** Every word of the sweep: the edges, every 4099th word, a million random ones. */
    static void forWords(IntConsumer f) {
        for (int w : EDGES) f.accept(w);
        for (long k = 0; k < (1L << 32); k += 4099) f.accept((int) k);
        Random r = new Random(20261203);
        for (int i = 0; i < 1_000_000; i++) f.accept(r.nextInt());
    }

    static double ulps(double got, double want) {
        return Math.abs(got - want) / Math.ulp(want);
    }

    @Test
    void lnUniformIsWithinOneUlpOfStrictMathLog() {
        double[] worst = {0};
        forWords(w -> {
            double u = Philox4x32.uniform(w);
            double got = DrawMath.lnUniform(w), want = StrictMath.log(u);
            double e = ulps(got, want);
            if (e > worst[0]) worst[0] = e;
            assertTrue(e <= 1, () -> "word " + Integer.toUnsignedString(w) + ": ln U = " + got + ", StrictMath.log " + want);
        });
        System.out.printf("DrawMath.lnUniform: max %.5f ulp against StrictMath.log%n", worst[0]);
        assertEquals(-33 * Math.log(2), DrawMath.lnUniform(0), 4 * Math.ulp(22.9));
        assertEquals(-0x1p-33 - 0x1p-67, DrawMath.lnUniform(-1), Math.ulp(0x1p-33));   // ln(1 − ε) = −ε − ε²/2
    }

    @Test
    void cos2piUniformIsWithinTwoUlpOfTheReducedReference() {
        double[] worst = {0, 0};
        forWords(w -> {
            double want = referenceCos(w), got = DrawMath.cos2piUniform(w);
            double e = ulps(got, want);
            if (e > worst[0]) worst[0] = e;
            assertTrue(e <= 2, () -> "word " + Integer.toUnsignedString(w) + ": cos 2πU = " + got + ", reference " + want);
            double lib = Math.abs(got - Math.cos(2 * Math.PI * Philox4x32.uniform(w)));   // the argument error only
            if (lib > worst[1]) worst[1] = lib;
            assertTrue(lib <= 0x1p-49, () -> "word " + w + ": " + got + " far from Math.cos(2πu)");
        });
        System.out.printf("DrawMath.cos2piUniform: max %.5f ulp against the reference, max |Δ| %.3g against Math.cos(2πu)%n",
                worst[0], worst[1]);
    }

    /**
     * cos 2πU from the exact identity U = (q + r)/4 (checked here in exact arithmetic), θ = (π/2) r
     * as a double-double, and StrictMath's sin/cos of its high part with a first-order correction.
     */
    static double referenceCos(int w) {
        long k = w & 0xffffffffL;
        long q = (k + (1L << 29)) >> 30;                                  // 0..4
        double r = (k - (q << 30) + 0.5) / (1L << 30);
        assertTrue(r >= -0.5 && r < 0.5);
        assertEquals(Philox4x32.uniform(w), (q + r) / 4, 0.0, "U = (q + r)/4");
        double pio2 = Math.PI / 2, pio2Lo = 6.123233995736766e-17;        // π/2 − fl(π/2)
        double th = pio2 * r, tl = Math.fma(pio2, r, -th) + pio2Lo * r;
        double c = StrictMath.cos(th) - StrictMath.sin(th) * tl, s = StrictMath.sin(th) + StrictMath.cos(th) * tl;
        return switch ((int) (q & 3)) {
            case 0 -> c;
            case 1 -> -s;
            case 2 -> -c;
            default -> s;
        };
    }

    @Test
    void tablesAreTheDocumentedConstants() {
        for (int i = 0; i < 16; i++) {
            double lo = i <= 9 ? 0.6875 + i / 32.0 : 1 + (i - 10) / 16.0, hi = lo + (i <= 9 ? 1 / 32.0 : 1 / 16.0);
            double c = DrawMath.C[i];
            assertEquals(i == 9 ? 1.0 : (lo + hi) / 2, c, 0.0, "centre " + i);
            double hiPart = DrawMath.LNC_HI[i], loPart = DrawMath.LNC_LO[i];
            assertEquals(Math.rint(hiPart * 0x1p32), hiPart * 0x1p32, 0.0, "LNC_HI[" + i + "] is a multiple of 2^-32");
            assertTrue(Math.abs(loPart) <= 0x1p-33, "LNC_LO[" + i + "]");
            assertTrue(ulps(hiPart + loPart, StrictMath.log(c)) <= (i == 9 ? 0 : 1), "ln c_" + i);
        }
        assertTrue(ulps(DrawMath.LN2_HI + DrawMath.LN2_LO, Math.log(2)) <= 0.5);
        assertEquals(Math.rint(DrawMath.LN2_HI * 0x1p32), DrawMath.LN2_HI * 0x1p32, 0.0);
        assertEquals(Math.PI / 2, DrawMath.PIO2_HI + DrawMath.PIO2_LO, 0.0);
        assertEquals(Math.rint(DrawMath.PIO2_HI * 0x1p20), DrawMath.PIO2_HI * 0x1p20, 0.0, "PIO2_HI has 21 bits");
        // Taylor coefficients: (−1)^n (π/2)^(2n)/(2n)! (cos row), (−1)^n (π/2)^(2n+1)/(2n+1)! (sin row)
        double term = 1, h = Math.PI / 2;
        for (int m = 1; m <= 18; m++) {
            term *= h / m;
            double sign = ((m / 2) % 2 == 0) ? 1 : -1;
            if (m % 2 == 0) assertEquals(sign * term, DrawMath.K[m / 2 - 1], 1e-14 * term, "A" + m / 2);
            else if (m >= 3 && m <= 17) assertEquals(sign * term, DrawMath.K[9 + (m - 1) / 2], 1e-14 * term, "B" + (m - 1) / 2);
        }
    }

    @Test
    void gaussianIsBoxMullerOfTheTwoFunctions() {
        Random r = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            int w0 = r.nextInt(), w1 = r.nextInt();
            assertEquals(Math.sqrt(-2 * DrawMath.lnUniform(w0)) * DrawMath.cos2piUniform(w1), DrawMath.gaussian(w0, w1), 0.0);
            double lib = Math.sqrt(-2 * Math.log(Philox4x32.uniform(w0))) * Math.cos(2 * Math.PI * Philox4x32.uniform(w1));
            assertEquals(lib, DrawMath.gaussian(w0, w1), 1e-14 * Math.max(1, Math.abs(lib)), "against the library Box–Muller");
        }
        assertEquals(Math.sqrt(66 * Math.log(2)), DrawMath.gaussian(0, 0), 1e-14);   // the largest |Z|: U0 = 2^-33, U1 ≈ 0
    }

    @Test
    void quarterTurnWordGivesTheSine() {
        forWords(w -> {
            double u = Philox4x32.uniform(w);
            double got = DrawMath.cos2piUniform(w - DrawMath.QUARTER_TURN);
            double want = Math.sin(2 * Math.PI * (u - Math.rint(u)));   // u − rint(u) exact: no 2π·u rounding near u = 1
            // the reference rounds 2π·x (≤ 3.5e-16 absolute); a wrong quarter turn would be O(1) off
            assertTrue(Math.abs(got - want) <= 1e-15, "word " + w + ": " + got + " vs " + want);
        });
    }

    @Test
    void blockGaussiansAreBothVariatesOfBothPairs() {
        Random r = new Random(8);
        int[] b = new int[4];
        int count = 400_000;
        double[] s = new double[4], ss = new double[4];
        double s01 = 0, s02 = 0, s23 = 0, sq01 = 0;
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 4; k++) b[k] = r.nextInt();
            double r0 = Math.sqrt(-2 * Math.log(Philox4x32.uniform(b[0]))), r2 = Math.sqrt(-2 * Math.log(Philox4x32.uniform(b[2])));
            double t1 = 2 * Math.PI * Philox4x32.uniform(b[1]), t3 = 2 * Math.PI * Philox4x32.uniform(b[3]);
            double[] lib = {r0 * Math.cos(t1), r0 * Math.sin(t1), r2 * Math.cos(t3), r2 * Math.sin(t3)};
            double[] z = new double[4];
            for (int j = 0; j < 4; j++) {
                z[j] = DrawMath.gaussianOfBlock(b, j);
                assertEquals(lib[j], z[j], 1e-14 * Math.max(1, Math.abs(lib[j])), "variate " + j);
                s[j] += z[j];
                ss[j] += z[j] * z[j];
            }
            assertEquals(DrawMath.gaussian(b[0], b[1]), z[0], 0.0);
            assertEquals(DrawMath.gaussian(b[2], b[3]), z[2], 0.0);
            s01 += z[0] * z[1];
            s02 += z[0] * z[2];
            s23 += z[2] * z[3];
            sq01 += z[0] * z[0] * z[1] * z[1];
        }
        double se = 4.5 / Math.sqrt(count);                 // 4.5 standard errors of a mean of unit variance
        for (int j = 0; j < 4; j++) {
            assertEquals(0, s[j] / count, se, "mean of variate " + j);
            assertEquals(1, ss[j] / count, se * Math.sqrt(2), "variance of variate " + j);
        }
        assertEquals(0, s01 / count, se, "the pair's variates are uncorrelated");
        assertEquals(0, s02 / count, se);
        assertEquals(0, s23 / count, se);
        assertEquals(1, sq01 / count, 3 * se, "E Z0^2 Z1^2 = 1: independent, not only uncorrelated");
    }
}
