package io.netdyn.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** TridiagonalEigen against the Jacobi oracle SymmetricEigen: |Δλ| ≤ 1e-13·max|λ| on awkward matrices. */
class TridiagonalEigenTest {
    private static final int[] SIZES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 33, 64};

    @Test
    void matchesJacobiOnAwkwardMatrices() {
        SplittableRandom rnd = new SplittableRandom(23);
        double worst = 0;
        for (int n : SIZES) {
            TridiagonalEigen te = new TridiagonalEigen(n);
            int cases = n <= 9 ? 200 : 20;
            for (int t = 0; t < cases; t++) {
                int kind = t % KINDS;
                double[] g = matrix(rnd, n, kind);
                double[] want = jacobi(g, n), got = new double[n];
                double[] copy = g.clone();
                te.eigenvalues(g, 0, got);
                assertArrayEquals(copy, g, 0.0, "input unchanged");
                double scale = 0;
                for (double w : want) scale = Math.max(scale, Math.abs(w));
                for (int i = 0; i < n; i++) {
                    double err = Math.abs(got[i] - want[i]);
                    if (scale > 0) worst = Math.max(worst, err / scale);
                    assertTrue(err <= 1e-13 * scale, "n " + n + " kind " + kind + " case " + t + " λ_" + i
                            + ": " + got[i] + " vs Jacobi " + want[i] + " (max " + scale + ")");
                }
                for (int i = 1; i < n; i++) assertTrue(got[i - 1] >= got[i], "descending");
            }
            assertEquals(0, te.fallbacks, "QR converged on every matrix of order " + n);
        }
        System.out.printf("TridiagonalEigen vs Jacobi: max |Δλ|/max|λ| = %.2e%n", worst);
    }

    @Test
    void knownAnswers() {
        TridiagonalEigen two = new TridiagonalEigen(2);
        double[] ev = new double[2];
        two.eigenvalues(new double[] {2, 1, 1, 2}, 0, ev);
        assertArrayEquals(new double[] {3, 1}, ev, 1e-15);
        int n = 5;                                         // tridiagonal(-1, 2, -1): 2 - 2cos(kπ/6)
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            t[i * n + i] = 2;
            if (i > 0) t[i * n + i - 1] = t[(i - 1) * n + i] = -1;
        }
        ev = new double[n];
        new TridiagonalEigen(n).eigenvalues(t, 0, ev);
        for (int k = 1; k <= n; k++) assertEquals(2 - 2 * Math.cos((n + 1 - k) * Math.PI / (n + 1)), ev[k - 1], 1e-14);
        ev = new double[1];
        new TridiagonalEigen(1).eigenvalues(new double[] {7, -4}, 1, ev);   // offset
        assertArrayEquals(new double[] {-4}, ev, 0);
        n = 8;                                             // all-ones 8×8: 8 and seven zeros
        double[] ones = new double[n * n];
        java.util.Arrays.fill(ones, 1);
        ev = new double[n];
        new TridiagonalEigen(n).eigenvalues(ones, 0, ev);
        assertEquals(8, ev[0], 1e-14);
        for (int i = 1; i < n; i++) assertEquals(0, ev[i], 1e-14);
        ev = new double[3];                                // zero matrix: zeros, no NaN
        new TridiagonalEigen(3).eigenvalues(new double[9], 0, ev);
        assertArrayEquals(new double[3], ev, 0);
    }

    @Test
    void nonFiniteInputGivesJacobisEigenvalues() {
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        double[][] cases = {
            {nan, 0, 0, 0, 1, 0, 0, 0, 2}, {1, nan, 0, nan, 1, 0, 0, 0, 2}, {inf, 0, 0, 0, 1, 0, 0, 0, 2},
            {inf, 1, 0, 1, 1, 0, 0, 0, 2}, {1, inf, 0, inf, 1, 0, 0, 0, 2}, {1, -inf, 3, -inf, 1, 0, 3, 0, 2},
            {-inf, 1, 0, 1, 1, 1, 0, 1, 2}, {nan, nan, nan, nan, nan, nan, nan, nan, nan},
        };
        TridiagonalEigen te = new TridiagonalEigen(3);
        for (double[] c : cases) {
            double[] got = new double[3];
            te.eigenvalues(c, 0, got);
            assertArrayEquals(SymmetricEigen.eigenvaluesInPlace(c.clone(), 3), got, 0.0, java.util.Arrays.toString(c));
        }
    }

    @Test
    void scaleInvariantOverTheExponentRange() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 8;
        TridiagonalEigen te = new TridiagonalEigen(n);
        double[] g = matrix(rnd, n, 0), ref = new double[n], got = new double[n];
        te.eigenvalues(g, 0, ref);
        for (int p : new int[] {-1060, -1000, -600, -300, -1, 1, 300, 600, 1000}) {
            double[] s = g.clone();
            for (int i = 0; i < s.length; i++) s[i] = Math.scalb(s[i], p);
            te.eigenvalues(s, 0, got);
            for (int i = 0; i < n; i++) {
                double want = Math.scalb(ref[i], p);
                if (p > -1000) assertEquals(want, got[i], 0.0, "2^" + p);      // power-of-two scaling is exact
                else assertEquals(want, got[i], 1e-13 * Math.abs(Math.scalb(ref[0], p)) + Double.MIN_VALUE * 64, "2^" + p);
            }
        }
    }

    static final int KINDS = 9;

    /**
     * The oracle: Jacobi on the matrix scaled by a power of two to max|a_ij| ≈ 1 (exact), the
     * eigenvalues scaled back. Unscaled, Jacobi's convergence test (sums of squares) overflows
     * above ~1e154 and underflows below ~1e-154 and stops at once, returning the diagonal.
     */
    static double[] jacobi(double[] g, int n) {
        double amax = 0;
        for (double v : g) amax = Math.max(amax, Math.abs(v));
        int k = amax > 0 ? -Math.getExponent(amax) : 0;
        double[] s = g.clone();
        for (int i = 0; i < s.length; i++) s[i] = Math.scalb(s[i], k);
        double[] ev = SymmetricEigen.eigenvaluesInPlace(s, n);
        for (int i = 0; i < n; i++) ev[i] = Math.scalb(ev[i], -k);
        return ev;
    }

    /**
     * kind 0: Gaussian symmetric; 1: a Gram of rank n/2; 2: diagonal; 3: zero; 4: graded over 24
     * decades; 5: a Gram of identical rows plus 1e-9 noise (collapsed outputs); 6: identical rows
     * exactly (rank 1); 7: graded Gram over 1e-300..1e300 scales (D G D); 8: Gaussian times 1e250.
     */
    static double[] matrix(SplittableRandom rnd, int n, int kind) {
        double[] g = new double[n * n];
        int k = Math.max(1, n / 2), cols = 16;
        double[] x = new double[n * k], y = new double[n * cols], base = new double[cols], scale = new double[n];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        for (int j = 0; j < cols; j++) base[j] = rnd.nextGaussian();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < cols; j++) y[i * cols + j] = base[j] + (kind == 5 ? 1e-9 * rnd.nextGaussian() : 0);
            scale[i] = Math.pow(10, -150 + 300.0 * rnd.nextDouble());   // products over 1e-300..1e300
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = switch (kind) {
                    case 0 -> rnd.nextGaussian();
                    case 1 -> { double s = 0; for (int r = 0; r < k; r++) s += x[i * k + r] * x[j * k + r]; yield s; }
                    case 2 -> i == j ? rnd.nextGaussian() : 0;
                    case 3 -> 0;
                    case 4 -> rnd.nextGaussian() * Math.pow(10, -(i + j) * 24.0 / (2 * n));
                    case 5, 6 -> { double s = 0; for (int r = 0; r < cols; r++) s += y[i * cols + r] * y[j * cols + r]; yield s; }
                    case 7 -> { double s = 0; for (int r = 0; r < k; r++) s += x[i * k + r] * x[j * k + r];
                                yield (s + (i == j ? 1 : 0)) * scale[i] * scale[j]; }
                    default -> rnd.nextGaussian() * 1e250;
                };
                g[i * n + j] = g[j * n + i] = v;
            }
        }
        return g;
    }
}
