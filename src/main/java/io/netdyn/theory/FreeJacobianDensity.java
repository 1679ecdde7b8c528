package io.netdyn.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Spectral density of JJᵀ, J = D_L W_L ··· D_1 W_1, for deep networks with square Gaussian layers
 * (Var W_ij = σ_w²/N) and inputs at the mean-field fixed point q*, in the large-N limit
 * (Pennington, Schoenholz &amp; Ganguli 2017, 2018). With d = φ'(√q* ξ)², ξ ~ N(0,1):
 * <pre>
 *   M_{D²}(w) = E[w d / (1 − w d)],        S_{D²}(m) = (1+m)/m · M_{D²}^{-1}(m),
 *   S_{WWᵀ}(m) = 1/(σ_w² (1+m)),           S_{JJᵀ}(m) = [S_{WWᵀ}(m) S_{D²}(m)]^L = [w / (σ_w² m)]^L,
 *   M_{JJᵀ}^{-1}(m) = (1+m)/(m S_{JJᵀ}(m))   ⇒   z = (1+m) σ_w^{2L} m^{L−1} / w^L,   m = M_{D²}(w),
 *   G(z) = (M(z)+1)/z,                      ρ(λ) = −Im G(λ + i0)/π.
 * </pre>
 * For each λ the unknown w (the subordination variable, w = M_{D²}^{-1}(M_{JJᵀ}(z))) is found by
 * complex Newton on the logarithm of the last equation,
 * H(w) = log z − L log σ_w² − log(1+m) − (L−1) log m + L log w = 0, at z = λ + iε, continued in ε
 * from ε = 4·max(λ, λ+) (where m ≈ m1/z, w ≈ m/μ1) down to ε = 1e-10·λ. Along that path z stays in
 * the upper half-plane, where m, 1+m and w stay in the lower half-plane, so the logarithms use a
 * branch cut on the positive imaginary axis and never jump.
 *
 * <p>Zeros of d (relu: 1−p = 1/2; hardtanh: P(|√q* ξ| ≥ 1)) give JJᵀ an atom at 0 of mass 1−p
 * (the atom of a free product of laws with atoms at 0 is the largest of them); {@link #density}
 * returns the continuous part only, which integrates to p. The upper edge λ+ is the first local
 * minimum of z(w) along the real axis w ∈ (0, 1/max d). The lower edge is 0 (square layers), except
 * at depth 1 with an atom, where D W Wᵀ D has a gap: λ− is then the maximum of z(w) on the real
 * branch beyond all poles. Integrals (moments, CDF) use θ ∈ [0, π], u = (1 − cos θ)/2 and
 * λ = λ+ u^{L+1} (no gap) or λ = λ− + (λ+ − λ−) u (gap), which make ρ dλ smooth in θ at the edges
 * (ρ ~ λ^{−L/(L+1)} at 0, ~ √ at the others).
 *
 * <p>Accuracy and limits: D² is the discrete law given (from the mean-field quadrature nodes), so the
 * result is the exact free-probability answer for that discrete law. Its moments reproduce
 * (σ_w² μ1)^L and 1 + L μ2/μ1² to ~1e-8; the total mass is 1 to ~1e-8 for linear, tanh, relu and
 * hardtanh, but only to ~3e-4 for erf/logistic at depth 1, whose φ'² has a heavy pile-up near 0
 * (ρ more singular than λ^{−1/2} at 0). ρ is Poisson-smoothed at ε = 1e-10 λ: beyond λ+ it is
 * ~1e-10 rather than 0. Returns NaN where the continuation fails (not observed in the tests).
 */
public final class FreeJacobianDensity {
    private static final double EPS_REL = 1e-10;
    private static final GaussLegendre GL = new GaussLegendre(8);
    private static final int PANELS = 40;

    private final double sw2;
    private final int depth;
    private final double[] d, p; // nonzero d values and their probabilities
    private final double atom, mu1, mu2, edge, lowEdge;

    /**
     * @param dValues values of d = φ'² (any order, zeros allowed), @param dProbs their
     *        probabilities (renormalised to sum 1)
     */
    public FreeJacobianDensity(double sigmaW2, double[] dValues, double[] dProbs, int depth) {
        if (depth < 1) throw new IllegalArgumentException("depth must be >= 1");
        if (!(sigmaW2 > 0)) throw new IllegalArgumentException("sigmaW2 must be > 0");
        this.sw2 = sigmaW2;
        this.depth = depth;
        double total = 0, zero = 0;
        for (int i = 0; i < dValues.length; i++) { total += dProbs[i]; if (dValues[i] == 0) zero += dProbs[i]; }
        List<double[]> nz = new ArrayList<>();
        for (int i = 0; i < dValues.length; i++) if (dValues[i] != 0 && dProbs[i] > 0) nz.add(new double[] {dValues[i], dProbs[i] / total});
        if (nz.isEmpty()) throw new IllegalArgumentException("d is identically 0: the Jacobian vanishes");
        d = new double[nz.size()];
        p = new double[nz.size()];
        double a = 0, b = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = nz.get(i)[0];
            p[i] = nz.get(i)[1];
            a += p[i] * d[i];
            b += p[i] * d[i] * d[i];
        }
        atom = zero / total;
        mu1 = a;
        mu2 = b;
        edge = findUpperEdge();
        lowEdge = depth == 1 && atom > 0 ? findLowerEdge() : 0;
    }

    /** At q* of the given mean field (D² from {@link MeanField#derivativeSquaredLaw()}). */
    public static FreeJacobianDensity of(MeanField mf, int depth) {
        double[][] law = mf.derivativeSquaredLaw();
        return new FreeJacobianDensity(mf.sigmaW2(), law[0], law[1], depth);
    }

    /** Linear network (D = I): Fuss–Catalan law scaled by σ_w^{2L}. */
    public static FreeJacobianDensity linear(double sigmaW2, int depth) {
        return new FreeJacobianDensity(sigmaW2, new double[] {1}, new double[] {1}, depth);
    }

    public int depth() { return depth; }

    /** Mass of the atom at λ = 0: 1 − p, p = P(d ≠ 0). */
    public double atomAtZero() { return atom; }

    /** Upper edge λ+ of the support. */
    public double upperEdge() { return edge; }

    /**
     * Lower edge λ− of the continuous part: 0, except at depth 1 with an atom (relu, hardtanh),
     * where the nonzero eigenvalues of D W Wᵀ D form a Marchenko–Pastur-like bulk with a gap.
     */
    public double lowerEdge() { return lowEdge; }

    /** m1 = (σ_w² μ1)^L (closed form, docs/theory.md, "μ_k and the Jacobian moments"). */
    public double theoryM1() { return Math.pow(sw2 * mu1, depth); }

    /** m2 = m1² (1 + L μ2/μ1²) (closed form, docs/theory.md, "μ_k and the Jacobian moments"). */
    public double theoryM2() { double m1 = theoryM1(); return m1 * m1 * (1 + depth * mu2 / (mu1 * mu1)); }

    /** Continuous part of the density at λ (the atom at 0 excluded); NaN if the solver fails. */
    public double density(double lambda) {
        if (!(lambda > 0)) return 0;
        double eps = EPS_REL * lambda;
        C w = solve(lambda, eps);
        if (w == null) return Double.NaN;
        C g = mOf(w)[2].div(new C(lambda, eps));
        // −Im(atom/z)/π = atom ε / (π |z|²), written to avoid underflow of |z|² at tiny λ
        double atomPart = atom * EPS_REL / (Math.PI * lambda * (1 + EPS_REL * EPS_REL));
        return Math.max(-g.im / Math.PI - atomPart, 0);
    }

    /** {λ_i, ρ(λ_i)} on n equally spaced points of [lo, hi]: result[0] = λ, result[1] = ρ. */
    public double[][] densityGrid(double lo, double hi, int n) {
        double[][] r = new double[2][n];
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
            r[0][i] = x;
            r[1][i] = density(x);
        }
        return r;
    }

    /**
     * P(λ ≤ x) = 1 − ∫_x^{λ+} ρ: anchored at the known total mass 1, so mass too close to 0 to
     * resolve (λ &lt; 1e-290) counts as lying below any x &gt; 0; P(λ ≤ x) = 1 − p for x below the
     * gap, 0 for x &lt; 0.
     */
    public double cdf(double x) {
        if (x < 0) return 0;
        if (x <= lowEdge) return atom;
        if (x >= edge) return 1;
        return Math.max(0, 1 - integrate(thetaOf(x), Math.PI, 0));
    }

    /** ∫ λ^k ρ(λ) dλ over the continuous part (k = 0: its mass p); the atom adds nothing for k ≥ 1. */
    public double moment(int k) { return integrate(0, Math.PI, k); }

    /**
     * Composite 8-point Gauss–Legendre in θ: 40 equal panels, the first of which is split
     * geometrically (halving towards θ = 0) until λ(θ) &lt; 1e-290, so that spectra spread over
     * many decades near 0 (saturated tanh, deep networks) are resolved.
     */
    private double integrate(double t0, double t1, int k) {
        double h = Math.PI / PANELS, s = 0;
        for (int j = 0; j < PANELS; j++) {
            double a = Math.max(t0, j * h), b = Math.min(t1, (j + 1) * h);
            if (b <= a) continue;
            if (j > 0 || lowEdge > 0) { s += GL.integrate(t -> integrand(t, k), a, b); continue; }
            double hi = b, lo = 0.5 * hi;
            while (true) {
                double l = Math.max(lo, a);
                if (l < hi) s += GL.integrate(t -> integrand(t, k), l, hi);
                if (l <= a || !(lambdaOf(lo) > 1e-290)) break;
                hi = lo;
                lo = 0.5 * lo;
            }
        }
        return s;
    }

    private double lambdaOf(double theta) {
        double u = 0.5 * (1 - Math.cos(theta));
        return lowEdge > 0 ? lowEdge + (edge - lowEdge) * u : edge * Math.pow(u, depth + 1);
    }

    /*
     * Integration variable θ ∈ [0, π], u = (1 − cos θ)/2:
     *   no gap:  λ = λ+ u^{L+1}   (ρ ~ λ^{−L/(L+1)} at 0 and √(λ+ − λ) at the top become smooth in θ)
     *   gap:     λ = λ− + (λ+ − λ−) u   (square-root behaviour at both edges)
     */
    private double integrand(double theta, int k) {
        double u = 0.5 * (1 - Math.cos(theta)), du = 0.5 * Math.sin(theta), lam, dl;
        if (lowEdge > 0) {
            lam = lowEdge + (edge - lowEdge) * u;
            dl = (edge - lowEdge) * du;
        } else {
            lam = edge * Math.pow(u, depth + 1);
            dl = edge * (depth + 1) * Math.pow(u, depth) * du;
        }
        if (!(lam > 1e-290)) return 0;
        return density(lam) * Math.pow(lam, k) * dl;
    }

    private double thetaOf(double x) {
        double u = lowEdge > 0 ? (x - lowEdge) / (edge - lowEdge) : Math.pow(x / edge, 1.0 / (depth + 1));
        return Math.acos(1 - 2 * u);
    }

    // ---------------------------------------------------------------- solver

    /**
     * {m, dm/dw, 1+m} = {w E[d/(1−wd)], E[d/(1−wd)²], P(d=0) + E_{d≠0}[1/(1−wd)]}; the last is
     * summed directly because m → −1 (1+m → 0) as λ → 0 and 1 + m would cancel.
     */
    private C[] mOf(C w) {
        double s0r = atom, s0i = 0, s1r = 0, s1i = 0, s2r = 0, s2i = 0;
        for (int j = 0; j < d.length; j++) {
            double ar = 1 - w.re * d[j], ai = -w.im * d[j], den = ar * ar + ai * ai;
            double ir = ar / den, ii = -ai / den;          // 1/(1 − w d)
            double tr = d[j] * ir, ti = d[j] * ii;          // d/(1 − w d)
            s0r += p[j] * ir;
            s0i += p[j] * ii;
            s1r += p[j] * tr;
            s1i += p[j] * ti;
            s2r += p[j] * (tr * ir - ti * ii);
            s2i += p[j] * (tr * ii + ti * ir);
        }
        return new C[] {w.times(new C(s1r, s1i)), new C(s2r, s2i), new C(s0r, s0i)};
    }

    /** w at z = λ + iε by ε-continuation; null on failure. */
    private C solve(double lambda, double epsTarget) {
        double eps = 4 * Math.max(edge, lambda);
        C w = null;
        for (int tries = 0; tries < 8 && w == null; tries++, eps *= 10) {
            C z = new C(lambda, eps);
            double m1 = theoryM1(), m2 = theoryM2();
            C zi = C.ONE.div(z);
            C m = zi.scale(m1).plus(zi.times(zi).scale(m2));
            w = newton(m.scale(1 / mu1), z);
        }
        if (w == null) return null;
        double ratio = 0.25;
        while (eps > epsTarget) {
            double next = Math.max(epsTarget, eps * ratio);
            C wn = newton(w, new C(lambda, next));
            if (wn != null) {
                w = wn;
                eps = next;
                ratio = Math.max(ratio * ratio, 1e-2);
            } else {
                ratio = Math.sqrt(ratio);
                if (ratio > 0.999) return null;
            }
        }
        return w;
    }

    private C newton(C w0, C z) {
        C logz = new C(Math.log(z.abs()), Math.atan2(z.im, z.re));
        double logS = depth * Math.log(sw2);
        C w = w0;
        for (int it = 0; it < 60; it++) {
            C[] mm = mOf(w);
            C m = mm[0], dm = mm[1], onePlus = mm[2];
            C l1 = onePlus.log(), lm = m.log(), lw = w.log();
            C h = logz.minus(new C(logS, 0)).minus(l1).minus(lm.scale(depth - 1)).plus(lw.scale(depth));
            C dh = dm.div(onePlus).scale(-1).minus(dm.div(m).scale(depth - 1)).plus(C.ONE.div(w).scale(depth));
            C step = h.div(dh);
            // rounding floor of H: a few ulps of the largest terms summed
            double size = logz.abs() + Math.abs(logS) + l1.abs() + (depth - 1) * lm.abs() + depth * lw.abs();
            boolean small = step.abs() <= 1e-13 * w.abs();
            if (small || h.abs() <= 1e-14 * Math.max(1, size)) {
                if (h.abs() > 1e-8 * Math.max(1, size) || m.im > 1e-9 * (m.abs() + 1) || !Double.isFinite(m.re)) return null;
                return small ? w.minus(step) : w;
            }
            double lim = 0.5 * w.abs();
            if (step.abs() > lim) step = step.scale(lim / step.abs());
            w = w.minus(step);
            if (!Double.isFinite(w.re) || !Double.isFinite(w.im)) return null;
        }
        return null;
    }

    /** First local minimum of z(w) = (1+m) σ_w^{2L} m^{L−1}/w^L on real w ∈ (0, 1/max d). */
    private double findUpperEdge() {
        double dmax = 0;
        for (double v : d) dmax = Math.max(dmax, v);
        final double wmax = 1 / dmax;
        DoubleUnaryOperator logZ = x -> {
            double w = wmax / (1 + Math.exp(-x));
            double m = 0;
            for (int j = 0; j < d.length; j++) m += p[j] * w * d[j] / (1 - w * d[j]);
            return Math.log1p(m) + depth * Math.log(sw2) + (depth - 1) * Math.log(m) - depth * Math.log(w);
        };
        double step = 0.05, x = -40, prev = logZ.applyAsDouble(x);
        for (x = -40 + step; x <= 40; x += step) {
            double v = logZ.applyAsDouble(x);
            if (v > prev) break;
            prev = v;
        }
        // minimum bracketed in [x − 2 step, x]; golden section
        double a = x - 2 * step, b = x, gr = (Math.sqrt(5) - 1) / 2;
        double c1 = b - gr * (b - a), c2 = a + gr * (b - a);
        double f1 = logZ.applyAsDouble(c1), f2 = logZ.applyAsDouble(c2);
        for (int i = 0; i < 200 && b - a > 1e-12; i++) {
            if (f1 < f2) { b = c2; c2 = c1; f2 = f1; c1 = b - gr * (b - a); f1 = logZ.applyAsDouble(c1); }
            else { a = c1; c1 = c2; f1 = f2; c2 = a + gr * (b - a); f2 = logZ.applyAsDouble(c2); }
        }
        return Math.exp(Math.min(f1, f2));
    }

    /**
     * Depth 1 with an atom: the largest z(w) = (1+m) σ_w² / w on the real branch beyond all poles,
     * w ∈ (1/min d, ∞) with 1 + m &gt; 0, which is where the real solution below the bulk ends.
     */
    private double findLowerEdge() {
        double lo = Double.MAX_VALUE;
        for (double v : d) lo = Math.min(lo, v);
        final double dmin = lo, w0 = 1 / dmin;
        DoubleUnaryOperator logZ = x -> {
            double w = w0 * (1 + Math.exp(x));
            if (!(w * dmin > 1)) return Double.NEGATIVE_INFINITY;
            double one = atom;
            for (int j = 0; j < d.length; j++) one += p[j] / (1 - w * d[j]);
            return one > 0 ? Math.log(one) + Math.log(sw2) - Math.log(w) : Double.NEGATIVE_INFINITY;
        };
        double best = -40, bestV = Double.NEGATIVE_INFINITY;
        for (double x = -40; x <= 40; x += 0.05) {
            double v = logZ.applyAsDouble(x);
            if (v > bestV) { bestV = v; best = x; }
        }
        if (bestV == Double.NEGATIVE_INFINITY) return 0;
        double a = best - 0.05, b = best + 0.05, gr = (Math.sqrt(5) - 1) / 2;
        double c1 = b - gr * (b - a), c2 = a + gr * (b - a);
        double f1 = logZ.applyAsDouble(c1), f2 = logZ.applyAsDouble(c2);
        for (int i = 0; i < 200 && b - a > 1e-12; i++) {
            if (f1 > f2) { b = c2; c2 = c1; f2 = f1; c1 = b - gr * (b - a); f1 = logZ.applyAsDouble(c1); }
            else { a = c1; c1 = c2; f1 = f2; c2 = a + gr * (b - a); f2 = logZ.applyAsDouble(c2); }
        }
        return Math.exp(Math.max(f1, f2));
    }

    /** Minimal complex number; log uses the branch cut on the positive imaginary axis. */
    private record C(double re, double im) {
        static final C ONE = new C(1, 0);
        C plus(C o) { return new C(re + o.re, im + o.im); }
        C minus(C o) { return new C(re - o.re, im - o.im); }
        C times(C o) { return new C(re * o.re - im * o.im, re * o.im + im * o.re); }
        C scale(double s) { return new C(re * s, im * s); }
        C div(C o) { // Smith's algorithm: no overflow/underflow of |o|²
            if (Math.abs(o.re) >= Math.abs(o.im)) {
                double r = o.im / o.re, den = o.re + o.im * r;
                return new C((re + im * r) / den, (im - re * r) / den);
            }
            double r = o.re / o.im, den = o.re * r + o.im;
            return new C((re * r + im) / den, (im * r - re) / den);
        }
        double abs() { return Math.hypot(re, im); }
        C log() {
            double arg = Math.atan2(im, re);
            if (arg > Math.PI / 2) arg -= 2 * Math.PI;
            return new C(Math.log(abs()), arg);
        }
    }
}
