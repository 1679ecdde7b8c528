package io.netdyn.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinalgTest {
    @Test
    void householderReconstructsAndQIsOrthonormalOnAwkwardShapes() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] mn : new int[][] {{1, 1}, {2, 1}, {3, 2}, {4, 4}, {7, 3}, {5, 5}}) {
            int m = mn[0], n = mn[1];
            double[] a = new double[m * n];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
            double[] qr = a.clone();
            double[] tau = Householder.factor(qr, m, n);
            double[] q = Householder.formQ(qr, tau, m, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k <= j; k++) s += q[i * n + k] * qr[k * n + j];
                    assertEquals(a[i * n + j], s, 1e-12, "QR != A at " + m + "x" + n);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < m; k++) s += q[k * n + i] * q[k * n + j];
                    assertEquals(i == j ? 1 : 0, s, 1e-12);
                }
            }
        }
    }

    @Test
    void jacobiEigenvaluesOfKnownMatrices() {
        // [[2,1],[1,2]] has eigenvalues 3 and 1
        assertArrayEquals(new double[] {3, 1}, SymmetricEigen.eigenvaluesInPlace(new double[] {2, 1, 1, 2}, 2), 1e-14);
        // tridiagonal(-1, 2, -1) of size 5: 2 - 2cos(kπ/6)
        int n = 5;
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            t[i * n + i] = 2;
            if (i > 0) t[i * n + i - 1] = t[(i - 1) * n + i] = -1;
        }
        double[] ev = SymmetricEigen.eigenvaluesInPlace(t, n);
        for (int k = 1; k <= n; k++) assertEquals(2 - 2 * Math.cos((n + 1 - k) * Math.PI / (n + 1)), ev[k - 1], 1e-13);
        assertArrayEquals(new double[] {4}, SymmetricEigen.eigenvaluesInPlace(new double[] {4}, 1), 0);
    }

    @Test
    void jacobiMatchesTraceAndFrobeniusOnRandomGram() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 9, k = 4;   // rank-deficient Gram: 5 zero eigenvalues
        double[] a = new double[n * k];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
        double[] g = new double[n * n];
        double trace = 0, frob = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int r = 0; r < k; r++) g[i * n + j] += a[i * k + r] * a[j * k + r];
            }
        }
        for (int i = 0; i < n; i++) trace += g[i * n + i];
        for (double v : g) frob += v * v;
        double[] ev = SymmetricEigen.eigenvaluesInPlace(g.clone(), n);
        double st = 0, sf = 0;
        for (double v : ev) { st += v; sf += v * v; }
        assertEquals(trace, st, 1e-10);
        assertEquals(frob, sf, 1e-9);
        for (int i = k; i < n; i++) assertEquals(0, ev[i], 1e-10);
    }
}
