package io.netdyn.linalg;

/**
 * Eigenvalues only of a small dense symmetric matrix: Householder reduction to tridiagonal form,
 * then the implicit symmetric QR iteration with Wilkinson shifts (eigenvalues only, no vectors).
 * For the n ≲ 10 Grams of the propagation statistics several times faster than the cyclic
 * Jacobi of {@link SymmetricEigen}, which stays its test oracle.
 * <pre>
 *   scale:        A ← 2^k A, max|a_ij| ∈ [1, 2) (exact; squares neither overflow nor underflow much)
 *   tridiagonal,  k = 0..n−3:  x = A[k+1:n, k] (times a power of two, max|x| ∈ [1, 2)),
 *                 α = −sign(x_0)‖x‖,  v = x − α e_0,  β = 2/vᵀv
 *                 p = β A₂₂ v,  w = p − (β pᵀv/2) v,  A₂₂ ← A₂₂ − v wᵀ − w vᵀ;  d_k = a_kk, e_k = α
 *   QR on the unreduced block [l, m] (m from n−1 down; deflate where |e_i| ≤ ε(|d_i| + |d_{i+1}|) or ≤ 2^−400):
 *                 μ = d_m − e²/(δ + sign(δ)√(δ² + e²)),  δ = (d_{m−1} − d_m)/2,  e = e_{m−1}
 *                 Givens rotations chase the bulge from (d_l − μ, e_l) down to m
 *   eigenvalues:  2^−k d, sorted descending
 * </pre>
 * A pure function of the matrix (the workspace belongs to the instance; one instance per thread).
 * Non-finite input, or more than {@link #MAX_ITERATIONS} QR steps on one eigenvalue (not seen),
 * hands the matrix to {@link SymmetricEigen} and returns its eigenvalues (for non-finite input
 * exactly Jacobi's). Backward stable, |Δλ_k| ≲ nε·max|λ| for every k (tests: ≤ 2e-14·max|λ| from
 * Jacobi over n = 1..64); Jacobi keeps more relative accuracy in the smallest eigenvalues of a
 * PSD matrix, so a statistic of √λ_k ≪ √λ_1 moves by about as much as a 1-ulp change of the
 * matrix moves it. Napkin for n = 8: tridiagonalisation ≈ 4n³/3 ≈ 700 flops; QR ≈ 1.7 steps per
 * eigenvalue (12 per 8×8 Gram) of ≈ 25 flops per rotation; Jacobi ≈ 8 sweeps × 28 rotations × 8n.
 */
public final class TridiagonalEigen {
    /** QR steps allowed on one eigenvalue before falling back to Jacobi. */
    public static final int MAX_ITERATIONS = 30;
    private static final double EPS = 0x1p-53;
    /** Below this x² + z², the rotation is formed with scaling (squares could underflow). */
    private static final double TINY = 0x1p-900;
    /**
     * Off-diagonals below this (max|a_ij| ∈ [1, 2) after the scaling) are dropped, a change of
     * ≤ 1e-120·max|a_ij|: on matrices graded over hundreds of decades ε(|d_i| + |d_{i+1}|) alone
     * can ask for more than the bulge carries before it underflows, and the iteration stalls.
     */
    private static final double FLOOR = 0x1p-400;

    private final int n;
    private final double[] a, d, e, v, p;
    private double[] fallback;
    /** Times the QR iteration gave up and Jacobi answered (for the tests). */
    int fallbacks;

    public TridiagonalEigen(int n) {
        this.n = n;
        this.a = new double[n * n];
        this.d = new double[n];
        this.e = new double[Math.max(n - 1, 1)];
        this.v = new double[n];
        this.p = new double[n];
    }

    /**
     * Eigenvalues of the n×n symmetric row-major matrix at {@code src[off .. off + n²)} (left
     * unchanged), sorted descending into {@code ev[0 .. n)}.
     */
    public void eigenvalues(double[] src, int off, double[] ev) {
        double amax = 0, nonFinite = 0;
        for (int i = 0; i < n * n; i++) {
            double x = src[off + i];
            nonFinite += x * 0;                        // NaN iff some entry is NaN or ±∞
            double ax = Math.abs(x);
            if (ax > amax) amax = ax;
        }
        if (nonFinite != 0) { jacobi(src, off, 1, ev); return; }
        if (amax == 0) { for (int i = 0; i < n; i++) ev[i] = 0; return; }
        int k = scaleExponent(amax);
        double up = pow2(k), down = pow2(-k);
        for (int i = 0; i < n * n; i++) a[i] = src[off + i] * up;
        tridiagonalize();
        if (qr()) {
            for (int i = 0; i < n; i++) ev[i] = d[i] * down;
            sortDescending(ev, n);
        } else {
            fallbacks++;
            jacobi(src, off, up, ev);
            for (int i = 0; i < n; i++) ev[i] *= down;
        }
    }

    /** SymmetricEigen's eigenvalues of {@code scale}·A (scale = 1 for non-finite input: Jacobi's NaNs as they are). */
    private void jacobi(double[] src, int off, double scale, double[] ev) {
        if (fallback == null) fallback = new double[n * n];
        for (int i = 0; i < n * n; i++) fallback[i] = src[off + i] * scale;
        System.arraycopy(SymmetricEigen.eigenvaluesInPlace(fallback, n), 0, ev, 0, n);
    }

    /** Householder reduction of {@code a} (full storage, kept exactly symmetric) into d, e. */
    private void tridiagonalize() {
        for (int k = 0; k + 2 < n; k++) {
            int r0 = k + 1;                            // the reflector acts on rows/columns r0..n−1
            double x0 = a[r0 * n + k], below = 0;
            for (int i = r0 + 1; i < n; i++) below = Math.max(below, Math.abs(a[i * n + k]));
            d[k] = a[k * n + k];
            if (below == 0) { e[k] = x0; continue; }   // column already tridiagonal
            // v from x·2^j, max|x·2^j| ∈ [1, 2): exact, and no underflow in the squares of tiny columns
            int j2 = scaleExponent(Math.max(below, Math.abs(x0)));
            double up = pow2(j2), u0 = x0 * up, sigma = 0;
            for (int i = r0 + 1; i < n; i++) { double u = a[i * n + k] * up; v[i] = u; sigma += u * u; }
            double norm = Math.sqrt(u0 * u0 + sigma);
            double alpha = u0 > 0 ? -norm : norm;
            double v0 = u0 - alpha;                     // no cancellation: sign(v0) = sign(x0)
            double beta = -1 / (alpha * v0);            // = 2/vᵀv, vᵀv = −2αv0
            e[k] = alpha * pow2(-j2);
            v[r0] = v0;
            double pv = 0;
            for (int i = r0; i < n; i++) {              // p = β A₂₂ v
                double s = 0;
                for (int j = r0; j < n; j++) s += a[i * n + j] * v[j];
                p[i] = beta * s;
                pv += p[i] * v[i];
            }
            double kk = 0.5 * beta * pv;
            for (int i = r0; i < n; i++) p[i] -= kk * v[i];      // w
            for (int i = r0; i < n; i++) {              // A₂₂ −= v wᵀ + w vᵀ (same bits at (i,j), (j,i))
                double vi = v[i], wi = p[i];
                for (int j = r0; j < n; j++) a[i * n + j] -= vi * p[j] + wi * v[j];
            }
        }
        if (n >= 2) {
            d[n - 2] = a[(n - 2) * n + n - 2];
            e[n - 2] = a[(n - 1) * n + n - 2];
        }
        d[n - 1] = a[(n - 1) * n + n - 1];
    }

    /** The implicit QR iteration on (d, e); false after MAX_ITERATIONS steps on one eigenvalue. */
    private boolean qr() {
        int m = n - 1, iter = 0;
        while (m > 0) {
            int l = m;
            while (l > 0) {                             // top of the unreduced block ending at m
                double ae = Math.abs(e[l - 1]);
                if (ae <= EPS * (Math.abs(d[l - 1]) + Math.abs(d[l])) || ae <= FLOOR) { e[l - 1] = 0; break; }
                l--;
            }
            if (l == m) { m--; iter = 0; continue; }
            if (++iter > MAX_ITERATIONS) return false;
            step(l, m);
        }
        return true;
    }

    /** One implicit QR step with the Wilkinson shift on the unreduced block [l, m]. */
    private void step(int l, int m) {
        double em = e[m - 1];
        double g = (d[m - 1] - d[m]) / (2 * em);        // δ/e: μ = d_m − e/(g + sign(g)√(g² + 1))
        double h = Math.sqrt(g * g + 1);                // g² = ∞ for |g| > 1e154: μ = d_m, as it should
        double mu = d[m] - em / (g >= 0 ? g + h : g - h);
        double x = d[l] - mu, z = e[l], zz = z * z, dk = d[l], ek = e[l];
        for (int k = l; k < m; k++) {
            // R = [c s; −s c] with R (x, z)ᵀ = (r, 0)ᵀ, applied as T ← R T Rᵀ on rows/columns k, k+1.
            // c², s², cs from one division (z² carried as s²e², not squared from z): the √ for
            // c, s, r runs beside the chain into the next rotation, not on it
            double xx = x * x, r2 = xx + zz, cc, ss, cs, c, s, r;
            if (r2 >= TINY) {
                double q = 1 / r2, ir = Math.sqrt(q);
                cc = xx * q;
                ss = zz * q;
                cs = x * z * q;
                c = x * ir;
                s = z * ir;
                r = r2 * ir;
            } else {
                if (z == 0) {
                    c = 1; s = 0; r = x;
                } else {
                    double t = Math.max(Math.abs(x), Math.abs(z)), xs = x / t, zs = z / t;
                    r = t * Math.sqrt(xs * xs + zs * zs);
                    c = x / r;
                    s = z / r;
                }
                cc = c * c;
                ss = s * s;
                cs = c * s;
            }
            if (k > l) e[k - 1] = r;
            double dk1 = d[k + 1], b2 = 2 * cs * ek;
            d[k] = cc * dk + b2 + ss * dk1;
            double dNext = ss * dk - b2 + cc * dk1;             // new d_{k+1}
            double eNext = cs * (dk1 - dk) + (cc - ss) * ek;    // new e_k
            if (k + 1 < m) {                            // the bulge at (k, k+2) and the next pair
                double ek1 = e[k + 1];
                z = s * ek1;
                zz = ss * (ek1 * ek1);
                ek = c * ek1;
                x = eNext;
                dk = dNext;
            } else {
                d[k + 1] = dNext;
                e[k] = eNext;
            }
        }
    }

    /** j with x·2^j ∈ [1, 2) (x > 0 finite), clamped to [−1022, 1022] so that 2^±j are normal. */
    private static int scaleExponent(double x) {
        return Math.max(-1022, Math.min(1022, -Math.getExponent(x)));
    }

    /** 2^j for j ∈ [−1022, 1023]. */
    private static double pow2(int j) {
        return Double.longBitsToDouble((long) (j + 1023) << 52);
    }

    private static void sortDescending(double[] ev, int n) {
        for (int i = 1; i < n; i++) {
            double x = ev[i];
            int j = i - 1;
            while (j >= 0 && ev[j] < x) { ev[j + 1] = ev[j]; j--; }
            ev[j + 1] = x;
        }
    }
}
