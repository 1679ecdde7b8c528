package io.netdyn.linalg;

import java.util.Arrays;

/**
 * Singular values of a small dense matrix by one-sided (Hestenes) Jacobi rotations — the plain
 * reference that the batched GPU SVD mirrors (one network's matrix per thread block, rows in
 * shared memory).
 *
 * <p>Algorithm, on the r = min(m, n) rows of A (or of Aᵀ when m &gt; n), each of length c, after
 * the LQ preconditioning of {@link #rowsInPlace}:
 * <pre>
 *   repeat sweeps over all pairs (i &lt; j):
 *     α = ‖a_i‖²,  β = ‖a_j‖²,  γ = a_i·a_j                  (one fused pass over c entries)
 *     skip when |γ| ≤ √c·ε·√(αβ)                             (rows already orthogonal)
 *     ζ = (β − α)/(2γ),  t = sign(ζ)/(|ζ| + √(1+ζ²)),  cs = 1/√(1+t²),  sn = cs·t
 *     a_i ← cs·a_i − sn·a_j,   a_j ← sn·a_i + cs·a_j          (zeroes a_i·a_j exactly in exact arithmetic)
 *   until a sweep makes no rotation;   σ_k = ‖a_k‖, sorted descending.
 * </pre>
 * Rotating rows of A from the left is A ← G A with G orthogonal, so the singular values never
 * change; at convergence the rows are mutually orthogonal and A = diag(σ) V'ᵀ. Unlike the
 * eigenvalues of AᵀA, which square the condition number, one-sided Jacobi keeps every singular
 * value to high <em>relative</em> accuracy (Demmel &amp; Veselić 1992) — essential for deep
 * Jacobians whose condition numbers reach 10^10 and beyond. Row-major storage makes each
 * row contiguous (unit stride for the JIT here, coalesced loads on the GPU).
 *
 * <p>Cost: per sweep r(r−1)/2 pairs × ~12r flops; 5–9 sweeps after preconditioning.
 */
public final class JacobiSvd {
    /**
     * Orthogonality threshold per unit √c: rows count as orthogonal when
     * |a_i·a_j| ≤ √c·EPS·‖a_i‖‖a_j‖ (LAPACK dgesvj's choice; a tighter one only chases the
     * rounding noise of the dot product itself).
     */
    public static final double EPS = 0x1p-52;
    /** Sweeps before giving up (convergence is quadratic; random matrices need ≤ 15). */
    public static final int MAX_SWEEPS = 60;

    private JacobiSvd() {}

    /** Singular values of the m×n row-major {@code a} (unchanged), descending; min(m, n) values. */
    public static double[] singularValues(double[] a, int m, int n) {
        check(a, m, n);
        int r = Math.min(m, n), c = Math.max(m, n);
        double[] work = new double[r * c];
        if (m <= n) {
            System.arraycopy(a, 0, work, 0, m * n);
        } else {
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) work[j * m + i] = a[i * n + j];
        }
        double[] out = new double[r];
        rowsInPlace(work, r, c, out);
        return out;
    }

    /**
     * The allocation-free core: writes the singular values of the {@code rows}×{@code cols}
     * row-major {@code w} (rows ≤ cols; destroyed) to {@code sigma[0..rows)}, descending.
     * Entries must lie within about 1e±150 (squares are summed unscaled). Returns the number of
     * Jacobi sweeps used (MAX_SWEEPS + 1 if it did not converge).
     *
     * <p>Preconditioning (Drmač &amp; Veselić 2008): a row-pivoted Householder LQ, Π W = L Q,
     * then Jacobi on the rows of R = Lᵀ (r×r). Rotating rows of R acts on the Gram matrix
     * R Rᵀ = Lᵀ L, one QR-algorithm step closer to diagonal than W Wᵀ; deep Jacobians
     * (condition 10^17) then need ~6 sweeps instead of ~50, random matrices ~8 instead of ~14,
     * and the sweeps work on r-long rows instead of c-long ones.
     */
    public static int rowsInPlace(double[] w, int rows, int cols, double[] sigma) {
        if (rows > cols) throw new IllegalArgumentException("rowsInPlace needs rows <= cols, got " + rows + "x" + cols);
        pivotedLq(w, rows, cols);
        transposeLeading(w, rows, cols);
        double tol = Math.sqrt(rows) * EPS;
        int sweep = 0;
        boolean rotated = true;
        while (rotated && sweep <= MAX_SWEEPS) {
            rotated = false;
            sweep++;
            for (int i = 0; i < rows - 1; i++) {
                int oi = i * cols;
                for (int j = i + 1; j < rows; j++) {
                    if (rotate(w, oi, j * cols, rows, tol)) rotated = true;
                }
            }
        }
        for (int i = 0; i < rows; i++) sigma[i] = norm(w, i * cols, rows);
        sortDescending(sigma, rows);
        return sweep;
    }

    /**
     * Row-pivoted Householder LQ in place: at step j the remaining row with the largest norm over
     * columns j..c−1 moves to row j (a row permutation keeps σ), then H_j = I − τ v vᵀ, built from
     * that row's tail, is applied from the right to the rows below. Afterwards row i holds
     * L(i, 0..i) and zeros. Partial norms are recomputed each step (no downdating drift): ~2r²c
     * extra flops next to the 2r²c of the reflections — less than one Jacobi sweep.
     */
    static void pivotedLq(double[] w, int r, int c) {
        for (int j = 0; j < r; j++) {
            int p = j;
            double best = -1;
            for (int i = j; i < r; i++) {
                double s = 0;
                for (int k = j; k < c; k++) s += w[i * c + k] * w[i * c + k];
                s = s > 1e-280 && s < 1e300 ? Math.sqrt(s) : norm(w, i * c + j, c - j);   // slow path: scaled
                if (s > best) { best = s; p = i; }
            }
            if (best == 0) return;                             // the rest is exactly zero
            if (p != j) {
                for (int k = 0; k < c; k++) { double t = w[j * c + k]; w[j * c + k] = w[p * c + k]; w[p * c + k] = t; }
            }
            int oj = j * c;
            double alpha = w[oj + j], norm = best;
            double beta = alpha > 0 ? -norm : norm;            // L(j,j), sign against cancellation
            double tau = (beta - alpha) / beta, inv = 1 / (alpha - beta);
            for (int k = j + 1; k < c; k++) w[oj + k] *= inv;  // v = (1, tail/(α−β)), kept in row j
            for (int i = j + 1; i < r; i++) {
                int oi = i * c;
                double s = w[oi + j];
                for (int k = j + 1; k < c; k++) s += w[oi + k] * w[oj + k];
                s *= tau;
                w[oi + j] -= s;
                for (int k = j + 1; k < c; k++) w[oi + k] -= s * w[oj + k];
            }
            w[oj + j] = beta;
            Arrays.fill(w, oj + j + 1, oj + c, 0.0);
        }
    }

    /** R = Lᵀ in the leading r×r block. */
    private static void transposeLeading(double[] w, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            for (int j = i + 1; j < rows; j++) {
                double t = w[i * cols + j];
                w[i * cols + j] = w[j * cols + i];
                w[j * cols + i] = t;
            }
        }
    }

    /** One Jacobi rotation of rows at offsets oi, oj (length c); false when already orthogonal. */
    private static boolean rotate(double[] w, int oi, int oj, int c, double tol) {
        double a0 = 0, b0 = 0, g0 = 0, a1 = 0, b1 = 0, g1 = 0;   // two chains: the JIT keeps both in flight
        int k = 0;
        for (; k + 1 < c; k += 2) {
            double x0 = w[oi + k], y0 = w[oj + k], x1 = w[oi + k + 1], y1 = w[oj + k + 1];
            a0 += x0 * x0;
            b0 += y0 * y0;
            g0 += x0 * y0;
            a1 += x1 * x1;
            b1 += y1 * y1;
            g1 += x1 * y1;
        }
        if (k < c) {
            double x = w[oi + k], y = w[oj + k];
            a0 += x * x;
            b0 += y * y;
            g0 += x * y;
        }
        double alpha = a0 + a1, beta = b0 + b1, gamma = g0 + g1;
        if (gamma == 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) return false;
        double zeta = (beta - alpha) / (2 * gamma);
        double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        if (zeta == 0) t = 1;
        double cs = 1 / Math.sqrt(1 + t * t), sn = cs * t;
        for (int m = 0; m < c; m++) {
            double x = w[oi + m], y = w[oj + m];
            w[oi + m] = cs * x - sn * y;
            w[oj + m] = sn * x + cs * y;
        }
        return true;
    }

    /** ‖w[o..o+c)‖ without overflow or underflow (rescaled by the largest entry when needed). */
    private static double norm(double[] w, int o, int c) {
        double s = 0, big = 0;
        for (int k = 0; k < c; k++) { s += w[o + k] * w[o + k]; big = Math.max(big, Math.abs(w[o + k])); }
        if (Double.isFinite(s) && (s > 1e-290 || big == 0)) return Math.sqrt(s);
        s = 0;
        for (int k = 0; k < c; k++) { double x = w[o + k] / big; s += x * x; }
        return big * Math.sqrt(s);
    }

    /** Insertion sort, descending (n is small and the rows come out nearly sorted). */
    static void sortDescending(double[] v, int n) {
        for (int i = 1; i < n; i++) {
            double x = v[i];
            int j = i - 1;
            while (j >= 0 && v[j] < x) { v[j + 1] = v[j]; j--; }
            v[j + 1] = x;
        }
    }

    private static void check(double[] a, int m, int n) {
        if (m < 1 || n < 1) throw new IllegalArgumentException("empty matrix " + m + "x" + n);
        if (a.length < (long) m * n) throw new IllegalArgumentException("array of " + a.length + " < " + m + "x" + n);
    }
}
