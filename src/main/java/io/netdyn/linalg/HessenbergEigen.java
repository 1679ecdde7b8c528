package io.netdyn.linalg;

/**
 * Eigenvalues of a real square matrix (row-major, destroyed): Householder reduction to upper
 * Hessenberg form, then the Francis double-shift QR iteration on the active window (eigenvalues
 * only, no Schur vectors). The Java reference of kernels/hessenberg_eig.cuh, step for step in the
 * same operation order (the device spreads the Hessenberg reduction over a block — a thread per
 * column for the left reflection, a thread per row for the right one — and runs the QR
 * iteration in one thread), with only +, −, ×, / and √ (no libm): the same matrix should give
 * the same bits in the emulator (-ffp-contract=off) as here. Not tested directly — the kernel's
 * tests compare its eigenvalues with the CPU backend's EJML ones (JacobianSpectraEmulatorTest).
 * <pre>
 *   Hessenberg, k = 0..n−3:  x = A[k+1:n, k],  β = −sign(x_0)‖x‖,  v = x/(x_0 − β) (v_0 = 1),  τ = (β − x_0)/β
 *     A[k+1:n, k+1:n] ← (I − τvvᵀ) A      (per column c: s = τ·vᵀA[:, c],  A[:, c] −= v s)
 *     A[0:n,  k+1:n]   ← A (I − τvvᵀ)      (per row r:    s = τ·A[r, :]v,   A[r, :] −= s vᵀ)
 *     A[k+1, k] = β, A[k+2:n, k] = 0
 *   QR iteration on the window [l, hi] (hi from n−1 down, l the top of the unreduced block):
 *     deflate where |h_{i,i−1}| ≤ ε(|h_{i−1,i−1}| + |h_ii|) (a zero diagonal pair: ε·‖H‖₁ of the entries);
 *     1×1 block: λ = h_ii;  2×2 block: the roots of its characteristic polynomial;
 *     else a Francis double step: shifts = eigenvalues of the trailing 2×2 (s = sum, t = product),
 *       after 10 and 20 fruitless steps an exceptional shift (s = 1.5ω, t = 0.5625ω²,
 *       ω = |h_{hi,hi−1}| + |h_{hi−1,hi−2}|, the diagonal moved by h_{hi,hi} first), started at the
 *       lowest m ≥ l where h_{m,m−1} is negligible against the first column of (H−σ₁)(H−σ₂);
 *       the bulge chased down with 3×3 Householder reflectors (2×2 at the last position);
 *     more than {@link #MAX_ITERATIONS} steps on one eigenvalue: failure.
 * </pre>
 * Napkin: Hessenberg 10n³/3 flops; QR ≈ 10n³ (about two double steps per eigenvalue, each
 * ≈ 10·w² on a window of width w, only the window updated). Unit-tested against EJML.
 */
public final class HessenbergEigen {
    private HessenbergEigen() {}

    /** Double-shift steps allowed per eigenvalue (or pair) before giving up. */
    public static final int MAX_ITERATIONS = 30;

    /**
     * Eigenvalues of {@code a} (n×n, row-major, destroyed) into {@code re}, {@code im} (length ≥ n,
     * in the order they deflate; complex pairs adjacent, the positive imaginary part first).
     * Returns false, with re/im undefined, when the iteration does not converge.
     */
    public static boolean eigenvalues(double[] a, int n, double[] re, double[] im) {
        hessenberg(a, n);
        return hqr(a, n, re, im);
    }

    /**
     * Reduces {@code a} (n×n) in place to upper Hessenberg form H = Q̃ᵀ A Q̃ (the entries below the
     * subdiagonal set to zero).
     */
    public static void hessenberg(double[] a, int n) {
        for (int k = 0; k + 2 < n; k++) {
            int h = k + 1;
            double norm = columnNorm(a, n, k);
            if (norm == 0) continue;
            double alpha = a[h * n + k];
            double beta = alpha > 0 ? -norm : norm;
            double tau = (beta - alpha) / beta;
            double scale = 1 / (alpha - beta);
            a[h * n + k] = beta;
            for (int i = h + 1; i < n; i++) a[i * n + k] *= scale;           // v below, v_h = 1
            for (int c = h; c < n; c++) {                                     // left: a thread per column
                double sc = a[h * n + c];
                for (int i = h + 1; i < n; i++) sc += a[i * n + k] * a[i * n + c];
                sc *= tau;
                a[h * n + c] -= sc;
                for (int i = h + 1; i < n; i++) a[i * n + c] -= a[i * n + k] * sc;
            }
            for (int r = 0; r < n; r++) {                                     // right: a thread per row
                int o = r * n;
                double sr = a[o + h];
                for (int j = h + 1; j < n; j++) sr += a[o + j] * a[j * n + k];
                sr *= tau;
                a[o + h] -= sr;
                for (int j = h + 1; j < n; j++) a[o + j] -= sr * a[j * n + k];
            }
        }
        for (int i = 2; i < n; i++) {
            for (int j = 0; j + 1 < i; j++) a[i * n + j] = 0;
        }
    }

    /** ‖a[k+1:n, k]‖ — plain sum of squares, rescaled only when it under- or overflows (as RowHouseholder). */
    static double columnNorm(double[] a, int n, int k) {
        double s = 0;
        for (int i = k + 1; i < n; i++) s += a[i * n + k] * a[i * n + k];
        if (s > 1e-280 && s < 1e300) return Math.sqrt(s);
        double big = 0;
        for (int i = k + 1; i < n; i++) big = Math.max(big, Math.abs(a[i * n + k]));
        if (big == 0 || !Double.isFinite(big)) return big;
        s = 0;
        for (int i = k + 1; i < n; i++) { double x = a[i * n + k] / big; s += x * x; }
        return big * Math.sqrt(s);
    }

    /**
     * The Francis double-shift QR iteration on the upper Hessenberg {@code h} (n×n, destroyed):
     * eigenvalues into re, im. Returns false when one eigenvalue takes more than
     * {@link #MAX_ITERATIONS} double steps.
     */
    public static boolean hqr(double[] h, int n, double[] re, double[] im) {
        double norm = 0;                                   // Σ|h_ij| over the Hessenberg part
        for (int i = 0; i < n; i++) {
            for (int j = Math.max(i - 1, 0); j < n; j++) norm += Math.abs(h[i * n + j]);
        }
        double shift = 0;                                  // exceptional shifts accumulated
        int hi = n - 1, its = 0;
        while (hi >= 0) {
            int l = hi;                                    // top of the unreduced block ending at hi
            for (; l > 0; l--) {
                double d = Math.abs(h[(l - 1) * n + l - 1]) + Math.abs(h[l * n + l]);
                if (d == 0) d = norm;
                if (Math.abs(h[l * n + l - 1]) + d == d) { h[l * n + l - 1] = 0; break; }
            }
            double x = h[hi * n + hi];
            if (l == hi) {                                 // 1×1 block
                re[hi] = x + shift;
                im[hi] = 0;
                hi--;
                its = 0;
                continue;
            }
            double y = h[(hi - 1) * n + hi - 1];
            double w = h[hi * n + hi - 1] * h[(hi - 1) * n + hi];
            if (l == hi - 1) {                             // 2×2 block: λ² − (x+y)λ + xy − w
                double p = 0.5 * (y - x), q = p * p + w, z = Math.sqrt(Math.abs(q));
                x += shift;
                if (q >= 0) {                              // real pair; the larger root without cancellation
                    z = p >= 0 ? p + z : p - z;
                    re[hi - 1] = x + z;
                    re[hi] = z != 0 ? x - w / z : x + z;
                    im[hi - 1] = 0;
                    im[hi] = 0;
                } else {                                   // complex pair x+p ± iz
                    re[hi - 1] = x + p;
                    re[hi] = x + p;
                    im[hi - 1] = z;
                    im[hi] = -z;
                }
                hi -= 2;
                its = 0;
                continue;
            }
            if (its == MAX_ITERATIONS) return false;
            if (its == 10 || its == 20) {                  // exceptional shift
                shift += x;
                for (int i = 0; i <= hi; i++) h[i * n + i] -= x;
                double s = Math.abs(h[hi * n + hi - 1]) + Math.abs(h[(hi - 1) * n + hi - 2]);
                x = 0.75 * s;
                y = x;
                w = -0.4375 * s * s;
            }
            its++;
            francisStep(h, n, l, hi, x, y, w);
        }
        return true;
    }

    /**
     * One double-shift step on the window [l, hi] of h, the shifts the roots of
     * λ² − (x+y)λ + (xy − w): the start m (lowest where the step decouples), then the bulge chase.
     */
    private static void francisStep(double[] h, int n, int l, int hi, double x, double y, double w) {
        int m = hi - 2;
        double p, q, r;
        for (;; m--) {                                     // first column of (H−σ₁)(H−σ₂) at row m
            double z = h[m * n + m];
            double rr = x - z, ss = y - z;
            p = (rr * ss - w) / h[(m + 1) * n + m] + h[m * n + m + 1];
            q = h[(m + 1) * n + m + 1] - z - rr - ss;
            r = h[(m + 2) * n + m + 1];
            double s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m == l) break;
            double u = Math.abs(h[m * n + m - 1]) * (Math.abs(q) + Math.abs(r));
            double v = Math.abs(p) * (Math.abs(h[(m - 1) * n + m - 1]) + Math.abs(z) + Math.abs(h[(m + 1) * n + m + 1]));
            if (u + v == v) break;
        }
        for (int i = m + 2; i <= hi; i++) {
            h[i * n + i - 2] = 0;
            if (i != m + 2) h[i * n + i - 3] = 0;
        }
        for (int k = m; k < hi; k++) {                     // chase the bulge
            boolean last = k == hi - 1;
            double scale = 1;
            if (k != m) {
                p = h[k * n + k - 1];
                q = h[(k + 1) * n + k - 1];
                r = last ? 0 : h[(k + 2) * n + k - 1];
                scale = Math.abs(p) + Math.abs(q) + Math.abs(r);
                if (scale == 0) continue;
                p /= scale;
                q /= scale;
                r /= scale;
            }
            double s = Math.sqrt(p * p + q * q + r * r);
            if (p < 0) s = -s;
            if (s == 0) continue;
            if (k == m) {
                if (l != m) h[k * n + k - 1] = -h[k * n + k - 1];
            } else {
                h[k * n + k - 1] = -s * scale;
            }
            p += s;                                        // reflector I − u uᵀ/(p·s) as (vx, vy, vz), q, r
            double vx = p / s, vy = q / s, vz = r / s;
            q /= p;
            r /= p;
            for (int j = k; j <= hi; j++) {                // rows k..k+2: a thread per column
                double t = h[k * n + j] + q * h[(k + 1) * n + j];
                if (!last) {
                    t += r * h[(k + 2) * n + j];
                    h[(k + 2) * n + j] -= t * vz;
                }
                h[(k + 1) * n + j] -= t * vy;
                h[k * n + j] -= t * vx;
            }
            int top = Math.min(hi, k + 3);
            for (int i = l; i <= top; i++) {               // columns k..k+2: a thread per row
                int o = i * n;
                double t = vx * h[o + k] + vy * h[o + k + 1];
                if (!last) {
                    t += vz * h[o + k + 2];
                    h[o + k + 2] -= t * r;
                }
                h[o + k + 1] -= t * q;
                h[o + k] -= t;
            }
        }
    }
}
