package io.netdyn.linalg;

import io.netdyn.simd.Simd;
import java.util.Arrays;

/**
 * Householder QR of a row-major m×n matrix (m ≥ n) with the loops ordered for row-major
 * storage: every inner loop runs along a contiguous row, so it vectorises and stays in cache
 * for m = n = 400 (where the column-ordered {@link Householder} strides by n). Same
 * factorisation, same storage convention — A = Q R, H_j = I − τ_j v_j v_jᵀ, v_j(j) = 1, v below
 * the diagonal, R on and above it — different summation order, so results agree with
 * {@link Householder} to rounding, not bitwise. Allocation-free: the caller passes a scratch
 * row of length n.
 * <pre>
 *   for j = 0..n−1:   β = −sign(a_jj)·‖a_{j:m, j}‖,  v = a_{j:m, j}/(a_jj − β),  τ = (β − a_jj)/β
 *                     s_k = Σ_i v_i a_ik            (k &gt; j; accumulated row by row)
 *                     a_ik −= τ v_i s_k             (row by row)
 * </pre>
 * Napkin: 2mn² − 2n³/3 flops for the factorisation, as many again for Q.
 */
public final class RowHouseholder {
    private RowHouseholder() {}

    /** Factorises {@code a} (m×n) in place; τ into {@code tau} (length ≥ n); {@code row} is scratch (length ≥ n). */
    public static void factor(double[] a, int m, int n, double[] tau, double[] row) {
        if (m < n) throw new IllegalArgumentException("QR needs m >= n, got " + m + "x" + n);
        for (int j = 0; j < n; j++) {
            double norm = columnNorm(a, m, n, j);
            if (norm == 0) { tau[j] = 0; continue; }
            double alpha = a[j * n + j];
            double beta = alpha > 0 ? -norm : norm;            // R_jj = β, sign chosen against cancellation
            double scale = 1 / (alpha - beta), t = (beta - alpha) / beta;
            tau[j] = t;
            a[j * n + j] = beta;
            // s = vᵀ A[j:m, j+1:n] with v_j = 1, rows accumulated in order
            System.arraycopy(a, j * n + j + 1, row, j + 1, n - j - 1);
            for (int i = j + 1; i < m; i++) {
                int o = i * n;
                double vi = a[o + j] * scale;
                a[o + j] = vi;
                for (int k = j + 1; k < n; k++) row[k] += vi * a[o + k];
            }
            for (int k = j + 1; k < n; k++) row[k] *= t;
            for (int k = j + 1; k < n; k++) a[j * n + k] -= row[k];
            for (int i = j + 1; i < m; i++) {
                int o = i * n;
                double vi = a[o + j];
                for (int k = j + 1; k < n; k++) a[o + k] -= vi * row[k];
            }
        }
    }

    /** The thin Q (m×n) of a factorisation from {@link #factor}, overwriting {@code q}; {@code row} is scratch. */
    public static void formQ(double[] qr, double[] tau, int m, int n, double[] q, double[] row) {
        Arrays.fill(q, 0, m * n, 0.0);
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        for (int j = n - 1; j >= 0; j--) {
            double t = tau[j];
            if (t == 0) continue;
            // Q[j:m, j:n] ← H_j Q[j:m, j:n]: s = vᵀ Q, Q −= τ v s
            System.arraycopy(q, j * n + j, row, j, n - j);
            for (int i = j + 1; i < m; i++) {
                int o = i * n;
                double vi = qr[o + j];
                for (int k = j; k < n; k++) row[k] += vi * q[o + k];
            }
            for (int k = j; k < n; k++) row[k] *= t;
            for (int k = j; k < n; k++) q[j * n + k] -= row[k];
            for (int i = j + 1; i < m; i++) {
                int o = i * n;
                double vi = qr[o + j];
                for (int k = j; k < n; k++) q[o + k] -= vi * row[k];
            }
        }
    }

    /**
     * a ← a · Q for the n×n Q = H_1 H_2 ⋯ H_n of a square factorisation stored at qr[qrOff..]
     * (τ at tau[tauOff..]); a has {@code rows} rows of length n; {@code vec} is scratch (length n).
     * Each H_j acts on a row as r ← r − τ_j (r·v_j) v_jᵀ: a dot and an axpy along the contiguous
     * row (v_j is first copied out of its column), 2n²·rows flops in all — cheaper than forming Q
     * (4n³/3) and multiplying by it (2n²·rows).
     */
    public static void applyQRight(double[] a, int rows, double[] qr, int qrOff, double[] tau, int tauOff, int n,
                                   double[] vec) {
        for (int j = 0; j < n; j++) {
            double t = tau[tauOff + j];
            if (t == 0) continue;
            for (int k = j + 1; k < n; k++) vec[k] = qr[qrOff + k * n + j];
            for (int i = 0; i < rows; i++) {
                int o = i * n;
                double s = (Simd.ON ? LinalgSimd.dot4(a[o + j], a, o, vec, j + 1, n) : dot4(a[o + j], a, o, vec, j + 1, n)) * t;
                a[o + j] -= s;
                for (int k = j + 1; k < n; k++) a[o + k] -= s * vec[k];
            }
        }
    }

    /**
     * init + Σ_{k in [from, n)} a[ao+k]·v[k] in four chains (chain q: k ≡ from + q mod 4, the
     * leftovers on chain 0, which starts at init), combined as (s0 + s1) + (s2 + s3): the chains
     * keep four adds in flight, and are the lanes of {@link LinalgSimd#dot4}.
     */
    static double dot4(double init, double[] a, int ao, double[] v, int from, int n) {
        double s0 = init, s1 = 0, s2 = 0, s3 = 0;
        int k = from;
        for (; k + 3 < n; k += 4) {
            s0 += a[ao + k] * v[k];
            s1 += a[ao + k + 1] * v[k + 1];
            s2 += a[ao + k + 2] * v[k + 2];
            s3 += a[ao + k + 3] * v[k + 3];
        }
        for (; k < n; k++) s0 += a[ao + k] * v[k];
        return (s0 + s1) + (s2 + s3);
    }

    /** ‖a[j:m, j]‖ — plain sum of squares, rescaled only when it under- or overflows. */
    private static double columnNorm(double[] a, int m, int n, int j) {
        double s = 0;
        for (int i = j; i < m; i++) s += a[i * n + j] * a[i * n + j];
        if (s > 1e-280 && s < 1e300) return Math.sqrt(s);
        double big = 0;
        for (int i = j; i < m; i++) big = Math.max(big, Math.abs(a[i * n + j]));
        if (big == 0 || !Double.isFinite(big)) return big;
        s = 0;
        for (int i = j; i < m; i++) { double x = a[i * n + j] / big; s += x * x; }
        return big * Math.sqrt(s);
    }
}
