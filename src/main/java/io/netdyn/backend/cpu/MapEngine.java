package io.netdyn.backend.cpu;

import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.linalg.LuSolve;
import io.netdyn.model.Activation;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.LayerSource;
import io.netdyn.simd.Simd;

/**
 * One worker's state for the fixed-point operations of {@link CpuBackend}: all L layers of
 * one network (the map f = depth-L network needs every layer at every step) and scratch for
 * M starts. Each network is computed sequentially and every start row by the same sequence
 * of operations wherever it sits in the block, so results do not depend on threads or on
 * which starts finished early.
 *
 * <p>Napkin math per map evaluation of M starts: M·L·N² multiply-adds over L weight tiles of
 * N² doubles that stay in L1/L2 for N ≤ 64 — compute bound; the Jacobian for Newton is
 * L·N³.
 */
final class MapEngine {
    /** Step halvings of the Newton line search before a start is given up. */
    static final int MAX_HALVINGS = 12;

    private final int n, maxDepth, starts, period;
    private final Activation phi;
    private final boolean lastLinear;
    private final LayerSource layers;              // sampled or explicit
    private final double[] w;                      // (L, N, N): w[(l·N + i)·N + j] = W_{l+1}[i, j]
    private final double[] wt;                     // (L, N, N) the Wᵀ of each layer, for the vector GEMM; null without SIMD
    private final double[] bias;                   // (L, N)
    private final double[] wbuf;                   // (N, N) one layer, row-major
    private final double[] start;                  // (M, N) this network's starts
    private final double[] x, y, tA, tB;           // (M, N) iterate block and layer scratch
    private final double[] tanhScratch;            // (M, N) for the vector tanh; null without SIMD
    private final double[] ring;                   // (M, P, N) last P iterates of each active row
    private final int[] slot;                      // block row -> start index
    private final double[] lastDiff;               // block row -> last ‖f(x) − x‖∞
    private final double[] jac, jacNext, lu;       // (N, N)
    private final double[] h, a, dd, fx, g, delta, xt, ft, xn, zeros;   // (N)

    MapEngine(NetworkBatch batch, int maxDepth, int starts, int period) {
        this.n = batch.arch().width();
        this.maxDepth = maxDepth;
        this.starts = starts;
        this.period = period;
        this.phi = batch.arch().activation();
        this.lastLinear = batch.arch().lastLinear();
        this.layers = batch.layers();
        int nn = n * n, mn = starts * n;
        w = new double[maxDepth * nn];
        wt = Simd.ON ? new double[maxDepth * nn] : null;
        bias = new double[maxDepth * n];
        wbuf = new double[nn];
        start = new double[mn];
        x = new double[mn];
        y = new double[mn];
        tA = new double[mn];
        tB = new double[mn];
        tanhScratch = Simd.ON ? new double[mn] : null;
        ring = new double[mn * period];
        slot = new int[starts];
        lastDiff = new double[starts];
        jac = new double[nn];
        jacNext = new double[nn];
        lu = new double[nn];
        h = new double[n];
        a = new double[n];
        fx = new double[n];
        g = new double[n];
        delta = new double[n];
        xt = new double[n];
        ft = new double[n];
        xn = new double[n];
        zeros = new double[n];
        dd = new double[n];
    }

    /** Scratch bytes of one engine (for memory planning). */
    static long bytes(int n, int maxDepth, int starts, int period) {
        long nn = (long) n * n, mn = (long) starts * n;
        return 8 * (maxDepth * ((Simd.ON ? 2 : 1) * nn + n) + 4 * nn + mn * (5 + period) + 2L * starts + 8L * n);
    }

    double[] startBuffer() { return start; }

    /** Loads layers 1..maxDepth of network index {@code network}: sampled from counters or copied. */
    void load(long network) {
        int nn = n * n;
        for (int l = 0; l < maxDepth; l++) {
            layers.weights(network, l + 1, wbuf);
            layers.biases(network, l + 1, h);
            System.arraycopy(wbuf, 0, w, l * nn, nn);
            System.arraycopy(h, 0, bias, l * n, n);
        }
        if (wt != null) MapKernelsSimd.transposeLayers(w, wt, n, maxDepth);
    }

    // ---------------------------------------------------------------- the map f

    /** out = f(in) for rows 0..m-1 of (m, N) blocks; f = the first {@code depth} layers. */
    void forward(double[] in, int m, int depth, double[] out) {
        double[] src = in;
        for (int l = 0; l < depth; l++) {
            double[] dst = l == depth - 1 ? out : ((l & 1) == 0 ? tA : tB);
            layer(src, dst, m, l, !(lastLinear && l == depth - 1));
            src = dst;
        }
    }

    /** dst = φ(src Wᵀ + b) for m rows: a small GEMM (m, N)·(N, N), then φ elementwise. */
    private void layer(double[] src, double[] dst, int m, int l, boolean nonlinear) {
        if (wt != null) MapKernelsSimd.affineRows(src, dst, m, n, w, l * n * n, wt, l * n * n, bias, l * n);
        else MapKernels.affineRows(src, dst, m, n, w, l * n * n, bias, l * n);
        if (!nonlinear) return;
        if (wt != null && phi == Activation.TANH) MapKernelsSimd.tanh(dst, m * n, tanhScratch);
        else for (int e = 0; e < m * n; e++) dst[e] = phi.phi(dst[e]);
    }

    // ---------------------------------------------------------------- iteration

    /**
     * Iterates x ← f(x) from the M loaded starts for at most T steps, all starts in lockstep
     * as one (m, N) block; a start leaves the block (the last row moves into its place) when
     * it converges, closes a cycle of period ≤ P or overflows. Results go to slots
     * {@code base + start} of {@code out}.
     */
    void iterate(int depth, IterationSettings s, FixedPointRun out, int base) {
        int m = starts, p = period;
        System.arraycopy(start, 0, x, 0, m * n);
        for (int r = 0; r < m; r++) {
            slot[r] = r;
            lastDiff[r] = Double.NaN;
            System.arraycopy(x, r * n, ring, r * p * n, n);     // x_0 in ring slot 0
        }
        int t = 0;
        for (; t < s.maxIter() && m > 0; t++) {
            forward(x, m, depth, y);
            int r = 0;
            while (r < m) {
                int ro = r * n;
                double diff = 0, norm = 0, nonFinite = 0;
                for (int i = 0; i < n; i++) {
                    double yi = y[ro + i];
                    nonFinite += yi * 0.0;                      // NaN once any yi is ±inf or NaN
                    diff = Math.max(diff, Math.abs(yi - x[ro + i]));
                    norm = Math.max(norm, Math.abs(yi));
                }
                double scale = Math.max(1, norm);
                int k = base + slot[r];
                if (nonFinite != 0) {
                    finish(out, k, FixedPointRun.DIVERGED, t + 1, Double.NaN, 0, y, ro);
                } else if (diff < s.tol() * scale) {
                    finish(out, k, FixedPointRun.CONVERGED, t + 1, diff, 1, y, ro);
                } else {
                    int q = cyclePeriod(r, t, diff, scale, s);
                    if (q == 0) {                               // still running: x_{t+1} into x and the ring
                        System.arraycopy(y, ro, x, ro, n);
                        System.arraycopy(y, ro, ring, (r * p + (t + 1) % p) * n, n);
                        lastDiff[r] = diff;
                        r++;
                        continue;
                    }
                    int c = canonicalOrbitPoint(r, t, q, s.mergeTol() * scale);
                    finish(out, k, FixedPointRun.CYCLE, t + 1, diff, q, c < 0 ? y : ring, c < 0 ? ro : c);
                }
                m = removeRow(r, m);
            }
        }
        for (int r = 0; r < m; r++) {
            finish(out, base + slot[r], FixedPointRun.NOT_CONVERGED, t, lastDiff[r], 0, x, r * n);
        }
    }

    /**
     * The smallest p in 2..P with ‖x_{t+1} − x_{t+1−p}‖∞ &lt; tol·scale whose orbit is not a
     * fixed point (‖x_{t+1} − x_t‖∞ above the merge tolerance: a slowly converging point
     * with a multiplier near −1 is not mistaken for a 2-cycle); 0 when none.
     */
    private int cyclePeriod(int r, int t, double diff, double scale, IterationSettings s) {
        if (diff <= s.mergeTol() * scale) return 0;
        int p = period, ro = r * n;
        double tol = s.tol() * scale;
        for (int q = 2; q <= Math.min(p, t + 1); q++) {
            int ho = (r * p + (t + 1 - q) % p) * n;
            double d = 0;
            for (int i = 0; i < n && d < tol; i++) d = Math.max(d, Math.abs(y[ro + i] - ring[ho + i]));
            if (d < tol) return q;
        }
        return 0;
    }

    /**
     * Offset into {@code ring} of the lexicographically first orbit point among x_{t+2−q} ..
     * x_t, or -1 when x_{t+1} itself (in y) comes first. Coordinates within {@code eps} count as
     * equal, so starts falling into the same cycle agree on its representative.
     */
    private int canonicalOrbitPoint(int r, int t, int q, double eps) {
        int p = period;
        double[] best = y;
        int bo = r * n, bestRing = -1;
        for (int k = 1; k < q; k++) {
            int ho = (r * p + (t + 1 - k) % p) * n;
            if (lexLess(ring, ho, best, bo, eps)) { best = ring; bo = ho; bestRing = ho; }
        }
        return bestRing;
    }

    private boolean lexLess(double[] u, int uo, double[] v, int vo, double eps) {
        for (int i = 0; i < n; i++) {
            if (u[uo + i] < v[vo + i] - eps) return true;
            if (u[uo + i] > v[vo + i] + eps) return false;
        }
        return false;
    }

    private void finish(FixedPointRun out, int k, byte status, int iterations, double residual, int per,
                        double[] point, int po) {
        System.arraycopy(point, po, out.points(), k * n, n);
        out.status()[k] = status;
        out.iterations()[k] = iterations;
        out.residual()[k] = residual;
        out.period()[k] = per;
    }

    /** Removes block row r by moving the last active row (state, pending f value, history) into it. */
    private int removeRow(int r, int m) {
        int last = m - 1;
        if (r != last) {
            System.arraycopy(x, last * n, x, r * n, n);
            System.arraycopy(y, last * n, y, r * n, n);
            System.arraycopy(ring, last * period * n, ring, r * period * n, period * n);
            slot[r] = slot[last];
            lastDiff[r] = lastDiff[last];
        }
        return last;
    }

    // ---------------------------------------------------------------- Jacobian and Newton

    /**
     * J_f(x) = D_L W_L ··· D_1 W_1 with D_l = diag(φ'(h_l)) (D_L = I for a linear last layer),
     * accumulated forward (L·N³). Kept transposed, Jᵀ_l = Jᵀ_{l-1} W_lᵀ D_l, so each layer is
     * one tiled small GEMM ({@link MapKernels#affineRows} with zero bias); writes J (N×N
     * row-major) to {@code jOut[jo..]} and f(x) to {@code fOut}.
     */
    void jacobian(double[] xs, int xo, int depth, double[] jOut, int jo, double[] fOut) {
        System.arraycopy(xs, xo, a, 0, n);
        double[] cur = jac, next = jacNext;                      // Jᵀ, (N, N)
        for (int l = 0; l < depth; l++) {
            boolean nonlinear = !(lastLinear && l == depth - 1);
            int wo = l * n * n;
            MapKernels.affineRow(a, 0, h, 0, n, w, wo, bias, l * n);     // h_l = W_l a + b_l
            for (int i = 0; i < n; i++) {
                double v = nonlinear ? phi.phi(h[i]) : h[i];
                dd[i] = nonlinear ? FastActivation.dphi(phi, h[i], v) : 1;   // diag of D_l
                a[i] = v;
            }
            if (l == 0) {                                        // Jᵀ_1[k, i] = d_i W_1[i, k]
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) next[k * n + i] = dd[i] * w[wo + i * n + k];
                }
            } else {
                MapKernels.affineRows(cur, next, n, n, w, wo, zeros, 0);
                for (int k = 0; k < n; k++) {
                    int ko = k * n;
                    for (int i = 0; i < n; i++) next[ko + i] *= dd[i];
                }
            }
            double[] tmp = cur; cur = next; next = tmp;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) jOut[jo + i * n + k] = cur[k * n + i];
        }
        System.arraycopy(a, 0, fOut, 0, n);
    }

    /** f at one point (through the block path with m = 1, so it equals what iteration computes). */
    private void value(double[] in, double[] out, int depth) {
        forward(in, 1, depth, out);
    }

    /**
     * Damped Newton on g(x) = f(x) − x from {@code xs[xo..]}: solve (J_f − I) δ = −g, then
     * halve the step until ‖g‖∞ decreases. Stops when ‖g‖∞ is near round-off, when no step
     * decreases it, or after {@code newtonMaxIter} steps. Writes the final point to
     * {@code xOut[xo..]}; returns ‖g‖∞ there, with the step count in {@code stepsOut[0]}.
     */
    double newton(double[] xs, int xo, int depth, IterationSettings s, double[] xOut, int[] stepsOut) {
        System.arraycopy(xs, xo, xn, 0, n);
        double gn = Double.NaN;
        int steps = 0;
        for (; steps < s.newtonMaxIter(); steps++) {
            jacobian(xn, 0, depth, lu, 0, fx);
            gn = 0;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                g[i] = fx[i] - xn[i];
                gn = Math.max(gn, Math.abs(g[i]));
                norm = Math.max(norm, Math.abs(xn[i]));
            }
            if (!Double.isFinite(gn) || !Double.isFinite(norm)) { gn = Double.NaN; break; }
            if (gn <= Math.max(1e-3 * s.tol(), 4e-15) * Math.max(1, norm)) break;
            for (int i = 0; i < n; i++) { lu[i * n + i] -= 1; delta[i] = -g[i]; }
            if (!LuSolve.solveInPlace(lu, 0, delta, 0, n)) break;
            double lambda = 1, gt = Double.NaN;
            boolean accepted = false;
            for (int k = 0; k <= MAX_HALVINGS && !accepted; k++, lambda *= 0.5) {
                for (int i = 0; i < n; i++) xt[i] = xn[i] + lambda * delta[i];
                value(xt, ft, depth);
                gt = 0;
                for (int i = 0; i < n; i++) gt = Math.max(gt, Math.abs(ft[i] - xt[i]));
                accepted = gt < gn;                     // false for NaN
            }
            if (!accepted) break;
            System.arraycopy(xt, 0, xn, 0, n);
            gn = gt;
        }
        System.arraycopy(xn, 0, xOut, xo, n);
        stepsOut[0] = steps;
        return gn;
    }
}
