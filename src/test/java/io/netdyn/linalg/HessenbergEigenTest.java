package io.netdyn.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * Hessenberg + Francis double-shift QR against known answers and against EJML's eigensolver on
 * random real matrices of awkward kinds (complex pairs, repeated and zero eigenvalues, diagonal,
 * triangular, 1×1, 2×2).
 */
class HessenbergEigenTest {

    /** Eigenvalues of a (copied), as {re, im} arrays; fails the test when the iteration does not converge. */
    private static double[][] eig(double[] a, int n) {
        double[] re = new double[n], im = new double[n];
        assertTrue(HessenbergEigen.eigenvalues(a.clone(), n, re, im), "did not converge");
        return new double[][] {re, im};
    }

    private static double[][] ejml(double[] a, int n) {
        EigenDecomposition_F64<DMatrixRMaj> d = DecompositionFactory_DDRM.eig(n, false);
        assertTrue(d.decompose(new DMatrixRMaj(n, n, true, a.clone())), "EJML failed");
        double[] re = new double[n], im = new double[n];
        for (int i = 0; i < n; i++) {
            Complex_F64 v = d.getEigenvalue(i);
            re[i] = v.real;
            im[i] = v.imaginary;
        }
        return new double[][] {re, im};
    }

    /**
     * Each wanted λ within tol of a distinct got λ (nearest unused first). Returns the largest
     * distance of a matched pair.
     */
    static double assertSameMultiset(double[][] want, double[][] got, double tol, String what) {
        int n = want[0].length;
        assertEquals(n, got[0].length, what);
        boolean[] used = new boolean[n];
        double worst = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (used[j]) continue;
                double d = Math.hypot(want[0][i] - got[0][j], want[1][i] - got[1][j]);
                if (d < bd) { bd = d; best = j; }
            }
            if (!(bd <= tol)) {
                fail(what + ": λ = " + want[0][i] + " + " + want[1][i] + "i has no partner within " + tol
                        + " (nearest at " + bd + ")");
            }
            used[best] = true;
            worst = Math.max(worst, bd);
        }
        return worst;
    }

    private static double maxAbs(double[][] l) {
        double m = 0;
        for (int i = 0; i < l[0].length; i++) m = Math.max(m, Math.hypot(l[0][i], l[1][i]));
        return m;
    }

    @Test
    void knownAnswers() {
        double[][] one = eig(new double[] {-2.5}, 1);
        assertEquals(-2.5, one[0][0], 0);
        assertEquals(0, one[1][0], 0);
        for (double theta : new double[] {0.3, 1.0, Math.PI / 2, 2.9}) {          // rotation: e^{±iθ}
            double c = Math.cos(theta), s = Math.sin(theta);
            double[][] got = eig(new double[] {c, -s, s, c}, 2);
            assertSameMultiset(new double[][] {{c, c}, {s, -s}}, got, 1e-15, "rotation " + theta);
            // the same rotation in a 3-d space about a random axis (an orthogonal similarity)
            double[] r3 = {c, -s, 0, s, c, 0, 0, 0, 1};
            double[] q = orthogonal(3, new SplittableRandom((long) (theta * 1000)));
            got = eig(similar(r3, q, 3), 3);
            assertSameMultiset(new double[][] {{c, c, 1}, {s, -s, 0}}, got, 1e-14, "3-d rotation " + theta);
        }
        // companion matrix of (x − 1)(x − 2)(x − 3)(x + 0.5)(x² + 1)(x² − 2x + 5):
        // roots 1, 2, 3, −0.5, ±i, 1 ± 2i
        double[] poly = {1};
        for (double[] f : new double[][] {{-1, 1}, {-2, 1}, {-3, 1}, {0.5, 1}, {1, 0, 1}, {5, -2, 1}}) poly = times(poly, f);
        int n = poly.length - 1;
        double[] comp = new double[n * n];
        for (int i = 1; i < n; i++) comp[i * n + i - 1] = 1;
        for (int i = 0; i < n; i++) comp[i * n + n - 1] = -poly[i] / poly[n];
        assertSameMultiset(new double[][] {{1, 2, 3, -0.5, 0, 0, 1, 1}, {0, 0, 0, 0, 1, -1, 2, -2}}, eig(comp, n), 1e-11,
                "companion");
        // cyclic permutations (the classic case where the plain Francis shift stalls: exceptional shifts)
        for (int m : new int[] {3, 4, 5, 8}) {
            double[] perm = new double[m * m];
            for (int i = 0; i < m; i++) perm[((i + 1) % m) * m + i] = 1;
            double[][] roots = new double[2][m];
            for (int k = 0; k < m; k++) { roots[0][k] = Math.cos(2 * Math.PI * k / m); roots[1][k] = Math.sin(2 * Math.PI * k / m); }
            assertSameMultiset(roots, eig(perm, m), 1e-13, "cyclic permutation " + m);
        }
        // zero matrix, identity, a Jordan-free repeated eigenvalue (2·I + a nilpotent-free similarity)
        assertSameMultiset(new double[][] {new double[4], new double[4]}, eig(new double[16], 4), 0, "zero");
        double[] id = new double[25];
        for (int i = 0; i < 5; i++) id[i * 5 + i] = 1;
        assertSameMultiset(new double[][] {{1, 1, 1, 1, 1}, new double[5]}, eig(id, 5), 0, "identity");
    }

    /** A NaN never deflates: the iteration cap ends it with failure (the kernel then writes NaN), no endless loop. */
    @Test
    void nanEntriesFailAfterTheIterationCap() {
        double[] a = new double[16];
        for (int i = 0; i < 16; i++) a[i] = i % 5 + 1;
        a[9] = Double.NaN;
        assertEquals(false, HessenbergEigen.eigenvalues(a, 4, new double[4], new double[4]));
    }

    @Test
    void agreesWithEjmlOnRandomMatricesOfEveryKind() {
        SplittableRandom rnd = new SplittableRandom(2024);
        int[] sizes = {1, 2, 2, 3, 4, 5, 7, 8, 13, 20, 33, 50};
        double worst = 0;
        int cases = 0;
        for (int n : sizes) {
            for (int kind = 0; kind < 7; kind++) {
                double[] a = new double[n * n];
                String what = "n=" + n + " kind " + kind;
                switch (kind) {
                    case 0 -> fillGaussian(a, rnd, 1);                                   // generic: complex pairs
                    case 1 -> {                                                          // diagonal
                        for (int i = 0; i < n; i++) a[i * n + i] = rnd.nextDouble(-3, 3);
                    }
                    case 2 -> {                                                          // upper triangular
                        for (int i = 0; i < n; i++) for (int j = i; j < n; j++) a[i * n + j] = rnd.nextDouble(-2, 2);
                    }
                    case 3 -> {                                                          // repeated: S diag(2,2,−1,−1,..) S⁻¹ via orthogonal S
                        double[] d = new double[n * n];
                        for (int i = 0; i < n; i++) d[i * n + i] = i % 2 == 0 ? 2 : -1;
                        a = similar(d, orthogonal(n, rnd), n);
                    }
                    case 4 -> {                                                          // rank ≤ n/2: zero eigenvalues
                        int r = n / 2;
                        double[] b = new double[n * r], c = new double[r * n];
                        fillGaussian(b, rnd, 1);
                        fillGaussian(c, rnd, 1);
                        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
                            double s = 0;
                            for (int k = 0; k < r; k++) s += b[i * r + k] * c[k * n + j];
                            a[i * n + j] = s;
                        }
                    }
                    case 5 -> {                                                          // block-rotations: only complex pairs
                        double[] d = new double[n * n];
                        for (int i = 0; i + 1 < n; i += 2) {
                            double rr = rnd.nextDouble(0.5, 2), th = rnd.nextDouble(0.1, 3);
                            d[i * n + i] = rr * Math.cos(th); d[i * n + i + 1] = -rr * Math.sin(th);
                            d[(i + 1) * n + i] = rr * Math.sin(th); d[(i + 1) * n + i + 1] = rr * Math.cos(th);
                        }
                        if (n % 2 == 1) d[n * n - 1] = 0.7;
                        a = similar(d, orthogonal(n, rnd), n);
                    }
                    default -> fillGaussian(a, rnd, 1e150);                             // huge entries
                }
                double[][] want = ejml(a, n), got = eig(a, n);
                double scale = Math.max(maxAbs(want), Double.MIN_NORMAL);
                double tol = (kind == 3 ? 1e-9 : 1e-11) * scale;  // repeated eigenvalues: √-sensitive directions aside, κ grows
                worst = Math.max(worst, assertSameMultiset(want, got, tol, what) / scale);
                cases++;
            }
        }
        assertEquals(sizes.length * 7, cases);
        System.out.println("HessenbergEigen vs EJML: worst distance / max|λ| = " + worst);
    }

    @Test
    void hessenbergFormIsASimilarity() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 3, 6, 17}) {
            double[] a = new double[n * n];
            fillGaussian(a, rnd, 1);
            double[] h = a.clone();
            HessenbergEigen.hessenberg(h, n);
            double traceA = 0, traceH = 0, frobA = 0, frobH = 0;
            for (int i = 0; i < n; i++) {
                traceA += a[i * n + i];
                traceH += h[i * n + i];
                for (int j = 0; j < n; j++) {
                    frobA += a[i * n + j] * a[i * n + j];
                    frobH += h[i * n + j] * h[i * n + j];
                    if (i > j + 1) assertEquals(0, h[i * n + j], 0, "below the subdiagonal");
                }
            }
            assertEquals(traceA, traceH, 1e-12 * n, "trace n=" + n);
            assertEquals(Math.sqrt(frobA), Math.sqrt(frobH), 1e-12 * n, "Frobenius norm n=" + n);
        }
    }

    private static void fillGaussian(double[] a, SplittableRandom rnd, double scale) {
        for (int i = 0; i < a.length; i++) {
            double u = rnd.nextDouble(), v = rnd.nextDouble();
            a[i] = scale * Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
        }
    }

    /** A random orthogonal matrix: Gram–Schmidt (twice) of a Gaussian one. */
    private static double[] orthogonal(int n, SplittableRandom rnd) {
        double[] q = new double[n * n];
        fillGaussian(q, rnd, 1);
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < j; k++) {
                    double d = 0;
                    for (int i = 0; i < n; i++) d += q[i * n + j] * q[i * n + k];
                    for (int i = 0; i < n; i++) q[i * n + j] -= d * q[i * n + k];
                }
                double s = 0;
                for (int i = 0; i < n; i++) s += q[i * n + j] * q[i * n + j];
                s = Math.sqrt(s);
                for (int i = 0; i < n; i++) q[i * n + j] /= s;
            }
        }
        return q;
    }

    /** Q D Qᵀ. */
    private static double[] similar(double[] d, double[] q, int n) {
        double[] t = new double[n * n], out = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) s += q[i * n + k] * d[k * n + j];
            t[i * n + j] = s;
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) s += t[i * n + k] * q[j * n + k];
            out[i * n + j] = s;
        }
        return out;
    }

    private static double[] times(double[] a, double[] b) {
        double[] c = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < b.length; j++) c[i + j] += a[i] * b[j];
        return c;
    }
}
