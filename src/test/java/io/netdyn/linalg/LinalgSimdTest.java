package io.netdyn.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.simd.Simd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vector dot product of the Householder reflections gives the scalar chains' bits. */
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
