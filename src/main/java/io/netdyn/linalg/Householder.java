package io.netdyn.linalg;

import java.util.Arrays;

/**
 * Householder QR of a dense row-major m×n matrix (m ≥ n), in place.
 *
 * <p>A = Q R with Q = H_1 ··· H_n, H_j = I - τ_j v_j v_jᵀ, v_j(j) = 1. The reflectors are
 * stored below the diagonal of {@code a}, R on and above it, τ in {@code tau}.
 */
public final class Householder {
    private Householder() {}

    /** Factorises {@code a} (m×n, row-major) in place; returns τ (length n). */
    public static double[] factor(double[] a, int m, int n) {
        double[] tau = new double[n];
        factor(a, m, n, tau);
        return tau;
    }

    /** As {@link #factor(double[], int, int)}, writing τ into {@code tau} (length ≥ n): no allocation. */
    public static void factor(double[] a, int m, int n, double[] tau) {
        if (m < n) throw new IllegalArgumentException("QR needs m >= n, got " + m + "x" + n);
        for (int j = 0; j < n; j++) {
            double norm = 0;
            for (int i = j; i < m; i++) norm = Math.hypot(norm, a[i * n + j]);
            if (norm == 0) { tau[j] = 0; continue; }
            double alpha = a[j * n + j];
            double beta = alpha > 0 ? -norm : norm;            // R_jj = beta, sign chosen against cancellation
            double scale = 1 / (alpha - beta);
            for (int i = j + 1; i < m; i++) a[i * n + j] *= scale;
            tau[j] = (beta - alpha) / beta;
            a[j * n + j] = beta;
            // apply H_j to the trailing columns: A -= τ v (vᵀ A)
            for (int k = j + 1; k < n; k++) {
                double s = a[j * n + k];
                for (int i = j + 1; i < m; i++) s += a[i * n + j] * a[i * n + k];
                s *= tau[j];
                a[j * n + k] -= s;
                for (int i = j + 1; i < m; i++) a[i * n + k] -= s * a[i * n + j];
            }
        }
    }

    /** Forms the thin Q (m×n, row-major) from a factorisation returned by {@link #factor}. */
    public static double[] formQ(double[] qr, double[] tau, int m, int n) {
        double[] q = new double[m * n];
        formQ(qr, tau, m, n, q);
        return q;
    }

    /** As {@link #formQ(double[], double[], int, int)}, overwriting {@code q} (m×n): no allocation. */
    public static void formQ(double[] qr, double[] tau, int m, int n, double[] q) {
        Arrays.fill(q, 0, m * n, 0.0);
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        for (int j = n - 1; j >= 0; j--) {
            if (tau[j] == 0) continue;
            for (int k = j; k < n; k++) {
                double s = q[j * n + k];
                for (int i = j + 1; i < m; i++) s += qr[i * n + j] * q[i * n + k];
                s *= tau[j];
                q[j * n + k] -= s;
                for (int i = j + 1; i < m; i++) q[i * n + k] -= s * qr[i * n + j];
            }
        }
    }

    /**
     * Replaces the n×n matrix {@code g} by its Haar-distributed orthogonal factor:
     * Q·diag(sign R_ii) from the QR of a Gaussian matrix (Mezzadri 2007) — without the sign
     * fix the distribution of Q is not Haar.
     */
    public static void haarFromGaussian(double[] g, int n) {
        double[] tau = factor(g, n, n);
        double[] sign = new double[n];
        for (int i = 0; i < n; i++) sign[i] = g[i * n + i] < 0 ? -1 : 1;
        double[] q = formQ(g, tau, n, n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) g[i * n + k] = q[i * n + k] * sign[k];
        }
    }
}
