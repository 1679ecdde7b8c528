package io.netdyn.linalg;

import java.util.Arrays;

/**
 * Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations — the same algorithm
 * the batched GPU eigensolver uses ({@code netdyn_jacobi_eigh_f64}), so it doubles as its
 * reference, and the test oracle of {@link TridiagonalEigen}. Accurate to a few ulps of the
 * largest eigenvalue; O(n³) per sweep, typically 6–10 sweeps. The convergence test sums squares
 * of the entries: with diagonal entries beyond ~1e154, or all entries below ~1e-154, it
 * overflows (underflows) and the diagonal comes back unrotated.
 */
public final class SymmetricEigen {
    private SymmetricEigen() {}

    /** Eigenvalues of the n×n symmetric row-major {@code a} (destroyed), sorted descending. */
    public static double[] eigenvaluesInPlace(double[] a, int n) {
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0, diag = 0;
            for (int p = 0; p < n; p++) {
                diag += a[p * n + p] * a[p * n + p];
                for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
            }
            if (off <= 1e-30 * diag || off == 0) break;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) rotate(a, n, p, q);
            }
        }
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) ev[i] = a[i * n + i];
        Arrays.sort(ev);
        for (int i = 0; i < n / 2; i++) { double t = ev[i]; ev[i] = ev[n - 1 - i]; ev[n - 1 - i] = t; }
        return ev;
    }

    /** One Jacobi rotation zeroing a[p][q]: tan 2θ = 2a_pq/(a_qq - a_pp). */
    private static void rotate(double[] a, int n, int p, int q) {
        double apq = a[p * n + q];
        if (apq == 0) return;
        double app = a[p * n + p], aqq = a[q * n + q];
        double theta = (aqq - app) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
    }
}
