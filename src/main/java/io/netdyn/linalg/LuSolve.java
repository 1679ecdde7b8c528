package io.netdyn.linalg;

/**
 * Solves A x = r for a small dense row-major n×n A by LU with partial pivoting, in place and
 * without allocation (row swaps are applied to r as they happen). This is the Newton step
 * of the fixed-point search on every backend: a GPU kernel does the same elimination per
 * block.
 */
public final class LuSolve {
    private LuSolve() {}

    /**
     * Overwrites {@code a} (n×n at {@code ao}) with its LU factors and {@code r} (length n at
     * {@code ro}) with the solution. Returns false, leaving garbage, when a pivot is below
     * {@code 1e-300} or not finite (singular or broken system).
     */
    public static boolean solveInPlace(double[] a, int ao, double[] r, int ro, int n) {
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = Math.abs(a[ao + k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(a[ao + i * n + k]);
                if (v > best) { best = v; p = i; }
            }
            if (!(best > 1e-300) || !Double.isFinite(best)) return false;
            if (p != k) {
                for (int j = 0; j < n; j++) {
                    double t = a[ao + k * n + j]; a[ao + k * n + j] = a[ao + p * n + j]; a[ao + p * n + j] = t;
                }
                double t = r[ro + k]; r[ro + k] = r[ro + p]; r[ro + p] = t;
            }
            double inv = 1 / a[ao + k * n + k];
            for (int i = k + 1; i < n; i++) {
                double m = a[ao + i * n + k] * inv;
                if (m == 0) continue;
                a[ao + i * n + k] = m;
                for (int j = k + 1; j < n; j++) a[ao + i * n + j] -= m * a[ao + k * n + j];
                r[ro + i] -= m * r[ro + k];
            }
        }
        for (int i = n - 1; i >= 0; i--) {                 // back substitution U x = r
            double s = r[ro + i];
            for (int j = i + 1; j < n; j++) s -= a[ao + i * n + j] * r[ro + j];
            r[ro + i] = s / a[ao + i * n + i];
        }
        for (int i = 0; i < n; i++) if (!Double.isFinite(r[ro + i])) return false;
        return true;
    }
}
