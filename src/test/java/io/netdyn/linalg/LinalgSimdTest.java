package io.netdyn.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.simd.Simd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vector reductions of the Householder and Jacobi loops give the scalar chains' bits. */
class LinalgSimdTest {
    @BeforeAll
    static void needsSimd() {
        Assumptions.assumeTrue(Simd.ON, "vector kernels unavailable here: SIMD " + Simd.status());
    }

    @Test
    void dot4MatchesTheFourScalarChains() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n = 1; n <= 70; n++) {
            double[] a = values(rnd, n + 9), v = values(rnd, n);
            for (int from = 0; from <= n; from++) {
                double init = rnd.nextGaussian();
                double want = RowHouseholder.dot4(init, a, 9, v, from, n), got = LinalgSimd.dot4(init, a, 9, v, from, n);
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), "n=" + n + " from=" + from);
            }
        }
    }

    @Test
    void gram2MatchesTheTwoScalarChains() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (int c = 1; c <= 70; c++) {
            double[] w = values(rnd, 3 * c + 5);
            double[] want = new double[3], got = new double[3];
            JacobiSvd.gram2(w, 5, 5 + 2 * c, c, want);
            LinalgSimd.gram2(w, 5, 5 + 2 * c, c, got);
            assertArrayEquals(want, got, 0.0, "c=" + c);
            for (int q = 0; q < 3; q++) assertEquals(Double.doubleToRawLongBits(want[q]), Double.doubleToRawLongBits(got[q]));
        }
    }

    @Test
    void rotateRowsMatchesTheScalarLoop() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int c = 1; c <= 40; c++) {
            double[] w = values(rnd, 2 * c + 3), v = w.clone();
            double t = rnd.nextGaussian(), cs = 1 / Math.sqrt(1 + t * t), sn = cs * t;
            JacobiSvd.rotateRows(w, 3, 3 + c, c, cs, sn);
            LinalgSimd.rotateRows(v, 3, 3 + c, c, cs, sn);
            for (int e = 0; e < w.length; e++) assertEquals(Double.doubleToRawLongBits(w[e]), Double.doubleToRawLongBits(v[e]), "c=" + c);
        }
    }

    @Test
    void subtractScaledMatchesTheScalarLoop() {
        SplittableRandom rnd = new SplittableRandom(10);
        for (int n = 0; n <= 40; n++) {
            double[] w = values(rnd, 2 * n + 5), v = w.clone();
            double s = rnd.nextGaussian();
            for (int k = 0; k < n; k++) w[2 + k] -= s * w[3 + n + k];
            LinalgSimd.subtractScaled(v, 2, s, v, 3 + n, n);
            for (int e = 0; e < w.length; e++) assertEquals(Double.doubleToRawLongBits(w[e]), Double.doubleToRawLongBits(v[e]), "n=" + n);
        }
    }

    @Test
    void factorisationsAndSingularValuesAreTheScalarOnes() {
        // the public routines on the vector path against the chains written out here in scalar form
        SplittableRandom rnd = new SplittableRandom(8);
        for (int n : new int[] {3, 8, 17, 64}) {
            double[] a = values(rnd, n * n), qr = values(rnd, n * n), tau = new double[n], row = new double[n];
            RowHouseholder.factor(qr, n, n, tau, row);
            double[] fast = a.clone(), slow = a.clone(), vec = new double[n];
            RowHouseholder.applyQRight(fast, n, qr, 0, tau, 0, n, vec);
            for (int j = 0; j < n; j++) {                       // the scalar applyQRight, inline
                if (tau[j] == 0) continue;
                for (int k = j + 1; k < n; k++) vec[k] = qr[k * n + j];
                for (int i = 0; i < n; i++) {
                    int o = i * n;
                    double s = RowHouseholder.dot4(slow[o + j], slow, o, vec, j + 1, n) * tau[j];
                    slow[o + j] -= s;
                    for (int k = j + 1; k < n; k++) slow[o + k] -= s * vec[k];
                }
            }
            assertArrayEquals(slow, fast, 0.0, "applyQRight n=" + n);
        }
    }

    private static double[] values(SplittableRandom rnd, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = rnd.nextGaussian() * Math.exp(2 * rnd.nextGaussian());
        if (len > 4) { a[len / 2] = -0.0; a[len / 3] = 0.0; }
        return a;
    }
}
