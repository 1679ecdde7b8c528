package io.netdyn.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/** One-sided Jacobi SVD against known answers and against EJML on awkward shapes. */
class JacobiSvdTest {
    /** Shapes 1..4 and non-multiples of anything, tall and wide. */
    private static final int[][] SHAPES = {{1, 1}, {1, 4}, {4, 1}, {2, 2}, {2, 3}, {3, 2}, {3, 3}, {4, 4},
        {5, 3}, {3, 7}, {7, 7}, {13, 5}, {6, 17}, {31, 31}, {33, 29}};

    @Test
    void knownSmallAnswers() {
        assertArrayEquals(new double[] {3}, JacobiSvd.singularValues(new double[] {-3}, 1, 1), 0);
        // [[3, 0], [4, 5]]: σ² are the eigenvalues of AᵀA = [[25, 20], [20, 25]] → 45, 5
        assertArrayEquals(new double[] {Math.sqrt(45), Math.sqrt(5)},
                JacobiSvd.singularValues(new double[] {3, 0, 4, 5}, 2, 2), 1e-14);
        // a row vector: its norm; a column vector likewise
        assertArrayEquals(new double[] {5}, JacobiSvd.singularValues(new double[] {3, 0, 4, 0}, 1, 4), 1e-15);
        assertArrayEquals(new double[] {5}, JacobiSvd.singularValues(new double[] {0, 3, 0, 4}, 4, 1), 1e-15);
        // rank one u vᵀ: σ = ‖u‖‖v‖ and zeros
        double[] r1 = new double[3 * 4];
        double[] u = {1, 2, 2}, v = {1, 0, -1, 1};
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) r1[i * 4 + j] = u[i] * v[j];
        assertArrayEquals(new double[] {3 * Math.sqrt(3), 0, 0}, JacobiSvd.singularValues(r1, 3, 4), 1e-14);
        // zero matrix
        assertArrayEquals(new double[] {0, 0}, JacobiSvd.singularValues(new double[6], 2, 3), 0);
    }

    @Test
    void constructedSpectraOnAwkwardShapes() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], r = Math.min(m, n);
            double[] sigma = new double[r];
            for (int i = 0; i < r; i++) sigma[i] = Math.pow(10, -0.7 * i) * (1 + rnd.nextDouble());
            Arrays.sort(sigma);
            reverse(sigma);
            double[] a = construct(orthogonal(m, rnd), sigma, orthogonal(n, rnd), m, n);
            double[] got = JacobiSvd.singularValues(a, m, n);
            for (int i = 0; i < r; i++) {
                // the construction itself rounds at ~1e-15·σ_1: compare with abs + rel·|ref|
                assertEquals(sigma[i], got[i], 1e-13 * sigma[0] + 1e-12 * sigma[i], "shape " + m + "x" + n + " σ_" + i);
            }
        }
    }

    @Test
    void matchesEjmlOnRandomAwkwardShapes() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1];
            double[] a = new double[m * n];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
            double[] got = JacobiSvd.singularValues(a, m, n);
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, false, false, true);
            assertTrue(svd.decompose(new DMatrixRMaj(m, n, true, a)));
            double[] ref = Arrays.copyOf(svd.getSingularValues(), Math.min(m, n));
            Arrays.sort(ref);
            reverse(ref);
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], got[i], 1e-13 + 1e-12 * ref[i], "shape " + m + "x" + n + " σ_" + i);
            }
        }
    }

    /** A graded matrix diag(1, 1e-5, …, 1e-25)·Q: Jacobi keeps every σ to high relative accuracy. */
    @Test
    void smallSingularValuesKeepRelativeAccuracy() {
        int n = 6;
        double[] q = orthogonal(n, new SplittableRandom(2));
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j] = Math.pow(1e-5, i) * q[i * n + j];
        double[] got = JacobiSvd.singularValues(a, n, n);
        for (int i = 0; i < n; i++) assertEquals(Math.pow(1e-5, i), got[i], 1e-13 * Math.pow(1e-5, i), "σ_" + i);
    }

    @Test
    void inputIsLeftUnchanged() {
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] copy = a.clone();
        JacobiSvd.singularValues(a, 2, 3);
        JacobiSvd.singularValues(a, 3, 2);
        assertArrayEquals(copy, a, 0);
    }

    @Test
    void householderNoAllocationOverloadsMatchTheAllocatingOnes() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int[] s : new int[][] {{1, 1}, {3, 1}, {4, 3}, {5, 5}, {9, 4}}) {
            int m = s[0], n = s[1];
            double[] a = new double[m * n];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
            double[] qr1 = a.clone(), qr2 = a.clone(), tau2 = new double[n], q2 = new double[m * n];
            Arrays.fill(q2, 7.0);                                   // stale content must be overwritten
            double[] tau1 = Householder.factor(qr1, m, n);
            Householder.factor(qr2, m, n, tau2);
            Householder.formQ(qr2, tau2, m, n, q2);
            assertArrayEquals(qr1, qr2, 0);
            assertArrayEquals(tau1, tau2, 0);
            assertArrayEquals(Householder.formQ(qr1, tau1, m, n), q2, 0);
        }
    }

    @Test
    void rowHouseholderMatchesHouseholderOnAwkwardShapes() {
        SplittableRandom rnd = new SplittableRandom(10);
        for (int[] s : new int[][] {{1, 1}, {2, 1}, {2, 2}, {3, 2}, {4, 4}, {7, 3}, {5, 5}, {13, 13}, {17, 6}}) {
            int m = s[0], n = s[1];
            double[] a = new double[m * n];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
            double[] ref = a.clone(), got = a.clone(), tau = new double[n], row = new double[n], q = new double[m * n];
            double[] refTau = Householder.factor(ref, m, n);
            RowHouseholder.factor(got, m, n, tau, row);
            for (int i = 0; i < a.length; i++) assertEquals(ref[i], got[i], 1e-13 * (1 + Math.abs(ref[i])), m + "x" + n + " [" + i + "]");
            for (int j = 0; j < n; j++) assertEquals(refTau[j], tau[j], 1e-13, "tau " + j);
            RowHouseholder.formQ(got, tau, m, n, q, row);
            double[] refQ = Householder.formQ(ref, refTau, m, n);
            for (int i = 0; i < q.length; i++) assertEquals(refQ[i], q[i], 1e-13, "Q " + m + "x" + n);
            for (int i = 0; i < m; i++) {                       // Q R = A
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int k = 0; k <= j; k++) v += q[i * n + k] * got[k * n + j];
                    assertEquals(a[i * n + j], v, 1e-12);
                }
            }
        }
        for (int n : new int[] {1, 2, 3, 5, 8}) {                       // a·Q by reflections = a · formQ
            double[] qr = new double[n * n], tau = new double[n], row = new double[n], q = new double[n * n];
            for (int i = 0; i < qr.length; i++) qr[i] = rnd.nextGaussian();
            RowHouseholder.factor(qr, n, n, tau, row);
            RowHouseholder.formQ(qr, tau, n, n, q, row);
            int rows = n + 2;
            double[] a = new double[rows * n];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
            double[] got = a.clone(), padded = new double[n + 3 * n * n];
            double[] taus = new double[n + 2];
            System.arraycopy(qr, 0, padded, 3, n * n);              // offsets are honoured
            System.arraycopy(tau, 0, taus, 2, n);
            RowHouseholder.applyQRight(got, rows, padded, 3, taus, 2, n, row);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int k = 0; k < n; k++) v += a[i * n + k] * q[k * n + j];
                    assertEquals(v, got[i * n + j], 1e-12, "a·Q n=" + n);
                }
            }
        }
        double[] zero = new double[6], tau = new double[2];          // a zero column: τ = 0, R = 0
        RowHouseholder.factor(zero, 3, 2, tau, new double[2]);
        assertArrayEquals(new double[2], tau, 0);
    }

    // ---- helpers

    static double[] construct(double[] u, double[] sigma, double[] v, int m, int n) {
        double[] a = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < sigma.length; k++) s += u[i * m + k] * sigma[k] * v[j * n + k];
                a[i * n + j] = s;
            }
        }
        return a;
    }

    static double[] orthogonal(int n, SplittableRandom rnd) {
        double[] g = new double[n * n];
        for (int i = 0; i < g.length; i++) g[i] = rnd.nextGaussian();
        Householder.haarFromGaussian(g, n);
        return g;
    }

    static void reverse(double[] v) {
        for (int i = 0; i < v.length / 2; i++) { double t = v[i]; v[i] = v[v.length - 1 - i]; v[v.length - 1 - i] = t; }
    }
}
