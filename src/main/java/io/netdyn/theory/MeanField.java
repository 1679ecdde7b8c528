package io.netdyn.theory;

import io.netdyn.model.Activation;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Mean-field signal propagation for wide networks with i.i.d. Gaussian-like weights
 * (Poole et al. 2016; Schoenholz et al. 2017). σ_w² = N · Var(W_ij), σ_b² = Var(b_i);
 * q_l is the mean squared pre-activation of layer l; ∫Dz is the standard normal measure.
 * <pre>
 *   length map     q_l  = σ_w² ∫Dz φ(√q_{l−1} z)² + σ_b²          (q_1 = σ_w² q0 + σ_b²)
 *   correlation    c_l  = [σ_w² ∫Dz1Dz2 φ(u1) φ(u2) + σ_b²] / [σ_w² ∫Dz φ(√q* z)² + σ_b²],
 *                  u1 = √q* z1,  u2 = √q* (c z1 + √(1−c²) z2)
 *   χ1             = σ_w² ∫Dz φ'(√q* z)²                 (order &lt; 1 &lt; chaos)
 *   χ_c(c)         = dc_l/dc_{l−1} = σ_w² ∫Dz1Dz2 φ'(u1) φ'(u2) · q* / qMap(q*)   (Price's theorem)
 *   ξ_q            = −1 / ln qMap'(q*),   qMap'(q) = σ_w² ∫Dz [φ'(u)² + φ(u) φ''(u)] = σ_w² ∫Dz z φ(u) φ'(u) / √q
 *   ξ_c            = −1 / ln χ_c(c*)      (∞ when the slope is exactly 1; negative = unstable)
 *   μ_k            = ∫Dz φ'(√q* z)^{2k}
 *   Jacobian, inputs at q*:  m1 = (σ_w² μ1)^L,   m2/m1² = 1 + L μ2/μ1²
 *                  (docs/theory.md, "μ_k and the Jacobian moments").
 * </pre>
 * The correlation map's denominator is qMap(q*) = q*, so for q* &gt; 0 this is exactly the textbook
 * (1/q*)[σ_w² ∫φφ + σ_b²]; writing it as a ratio gives it a finite limit at q* = 0 (odd φ, σ_b = 0,
 * σ_w² φ'(0)² ≤ 1, where the signal dies out): there every q-dependent quantity is evaluated at an
 * infinitesimal scale √q → 1e-150 with φ/√q and q/qMap(q) kept finite, i.e. the small-signal
 * limit (for tanh the correlation map becomes the identity, χ_c = 1, while χ1 = σ_w² φ'(0)²).
 *
 * <p> * Defaults: qStar() is the fixed point reached from q_1 = 1, cStar() the one reached from c = 0.5
 * (both cached). Integrals use {@link GaussianQuadrature}: 101-point Gauss–Hermite for smooth,
 * slowly varying integrands, composite Gauss–Legendre split at the kinks of relu/hardtanh and
 * graded around the bend of steep tanh/logistic/erf; accuracy ~1e-12 throughout.
 *
 * <p>The m2/m1² formula: S-transforms multiply under free products and, with S(z) = s0 + s1 z + …,
 * m1 = 1/s0 and m2/m1² − 1 = −s1/s0, so the "variances" m2/m1² − 1 add over the 2L factors:
 * WWᵀ (square, Marchenko–Pastur γ = 1) contributes 1, D² contributes μ2/μ1² − 1.
 */
public final class MeanField {
    static final double TINY_SCALE = 1e-150;
    private static final int MAX_ITER = 2000;

    private final Activation phi;
    private final double sw2, sb2;
    private final GaussianQuadrature quad;
    private double qStarCache = Double.NaN, cStarCache = Double.NaN;

    /** @param sigmaW2 σ_w² = N·Var(W_ij); @param sigmaB2 σ_b² = Var(b_i). */
    public MeanField(Activation phi, double sigmaW2, double sigmaB2) {
        if (!(sigmaW2 >= 0) || !(sigmaB2 >= 0)) throw new IllegalArgumentException("variances must be >= 0");
        this.phi = phi;
        this.sw2 = sigmaW2;
        this.sb2 = sigmaB2;
        this.quad = GaussianQuadrature.forActivation(phi);
    }

    public Activation activation() { return phi; }
    public double sigmaW2() { return sw2; }
    public double sigmaB2() { return sb2; }

    private static double scale(double q) { return q > 0 ? Math.max(Math.sqrt(q), TINY_SCALE) : TINY_SCALE; }

    /** q_{l+1} = σ_w² ∫Dz φ(√q z)² + σ_b², q ≥ 0. */
    public double qMap(double q) {
        if (q < 0) throw new IllegalArgumentException("q must be >= 0");
        if (q == 0) { double p0 = phi.phi(0); return sw2 * p0 * p0 + sb2; }
        return sw2 * quad.expect(Math.sqrt(q), u -> { double f = phi.phi(u); return f * f; }) + sb2;
    }

    /** q_1..q_L given q_1 (the first layer's value, σ_w² q0 + σ_b² for inputs with ‖x‖²/N = q0). */
    public double[] qTrajectory(double q1, int depth) {
        double[] q = new double[depth];
        if (depth > 0) q[0] = q1;
        for (int l = 1; l < depth; l++) q[l] = qMap(q[l - 1]);
        return q;
    }

    /** d qMap/dq = σ_w² ∫Dz z φ(√q z) φ'(√q z) / √q (Stein's lemma; finite limit at q = 0). */
    public double qSlope(double q) {
        double s = scale(q);
        return sw2 * quad.expect(s, u -> (u / s) * (phi.phi(u) / s) * phi.dphi(u));
    }

    /** q* reached from q_1 = 1 (cached); see {@link #qStar(double)}. */
    public double qStar() {
        if (Double.isNaN(qStarCache)) qStarCache = qStar(1.0);
        return qStarCache;
    }

    /**
     * The fixed point the length map reaches from q1: iteration (the map is increasing, so the
     * trajectory is monotone), then, if that is slow (near criticality), bisection between the
     * last iterate and the next fixed point in the direction of motion. Returns 0 when the signal
     * dies out (q = 0 a fixed point and qMap(q) &lt; q for all small q &gt; 0, e.g. tanh, σ_b = 0, σ_w ≤ 1).
     *
     * @throws IllegalStateException if the map diverges (no finite fixed point above q1, e.g. relu
     *         with σ_w² &gt; 2, linear with σ_w² &gt; 1 or σ_w² = 1 and σ_b &gt; 0)
     */
    public double qStar(double q1) {
        double limit = 1e12 * (1 + sw2 + sb2 + q1);
        double q = q1;
        for (int it = 0; it < MAX_ITER; it++) {
            double qn = qMap(q);
            if (!Double.isFinite(qn) || qn > limit) throw diverged(q1);
            if (Math.abs(qn - q) <= 1e-14 * Math.max(qn, q)) return qn;
            q = qn;
        }
        double g = qMap(q) - q;
        if (g == 0) return q;
        if (g < 0) {
            if (qMap(0) == 0) { // q = 0 is a fixed point: look for a root of qMap(q)/q − 1 above 0
                DoubleUnaryOperator h = x -> qMap(x) / x - 1;
                double eps = 1e-30;
                if (h.applyAsDouble(eps) <= 1e-12) return 0.0;
                return bisect(h, eps, q);
            }
            return bisect(x -> qMap(x) - x, 0, q);
        }
        double lo = q, hi = 2 * q;
        while (qMap(hi) - hi > 0) {
            lo = hi;
            hi *= 2;
            if (hi > limit) throw diverged(q1);
        }
        return bisect(x -> qMap(x) - x, lo, hi);
    }

    private IllegalStateException diverged(double q1) {
        return new IllegalStateException("length map diverges from q1=" + q1 + " (" + phi.label() + ", σ_w²="
                + sw2 + ", σ_b²=" + sb2 + "): no finite fixed point q*");
    }

    /** Root of f in [lo, hi] given f(lo) &gt; 0 &gt; f(hi). */
    private static double bisect(DoubleUnaryOperator f, double lo, double hi) {
        for (int i = 0; i < 300 && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (f.applyAsDouble(mid) > 0) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** The correlation map at q* (see the class formula). */
    public double cMap(double c) { double q = qStar(); return cMap(c, q, q); }

    /**
     * General one-step correlation map for two inputs whose previous-layer lengths are q1, q2:
     * c' = [σ_w² ∫φ(u1)φ(u2) + σ_b²] / √(qMap(q1) qMap(q2)), u1 = √q1 z1, u2 = √q2 (c z1 + √(1−c²) z2).
     */
    public double cMap(double c, double q1, double q2) {
        double s1 = scale(q1), s2 = scale(q2);
        double num = sw2 * quad.expectPair(s1, s2, c, (a, b) -> (phi.phi(a) / s1) * (phi.phi(b) / s2)) + sb2 / (s1 * s2);
        return q1 == q2 ? num / normalizedLength(s1) : num / Math.sqrt(normalizedLength(s1) * normalizedLength(s2));
    }

    /** qMap(q)/q = σ_w² ∫(φ(u)/s)² + σ_b²/s², s = √q. */
    private double normalizedLength(double s) {
        return sw2 * quad.expect(s, u -> { double f = phi.phi(u) / s; return f * f; }) + sb2 / (s * s);
    }

    /** c_1..c_L at q* given c_1. */
    public double[] cTrajectory(double c1, int depth) {
        double[] c = new double[depth];
        if (depth > 0) c[0] = c1;
        for (int l = 1; l < depth; l++) c[l] = cMap(c[l - 1]);
        return c;
    }

    /** c_1..c_L for two inputs that both start at length q1 (lengths follow the q-map). */
    public double[] cTrajectory(double c1, double q1, int depth) {
        double[] c = new double[depth];
        if (depth > 0) c[0] = c1;
        double q = q1;
        for (int l = 1; l < depth; l++) {
            c[l] = cMap(c[l - 1], q, q);
            q = qMap(q);
        }
        return c;
    }

    /** The stable correlation reached from c = 0.5 at q* (cached); see {@link #cStar(double)}. */
    public double cStar() {
        if (Double.isNaN(cStarCache)) cStarCache = cStar(0.5);
        return cStarCache;
    }

    /**
     * Limit of the correlation map iterated from c1. The map is increasing in c (χ_c &gt; 0), so the
     * trajectory is monotone and never crosses the fixed point. It is accelerated by Aitken steps
     * c − Δ²/Δ²c; a step that lands beyond the fixed point (g = cMap − id changes sign) gives a
     * bracket, finished by the Illinois variant of regula falsi.
     */
    public double cStar(double c1) {
        double c = c1, a = cMap(c);
        for (int it = 0; it < 1000; it++) {
            if (Math.abs(a - c) <= 1e-13) return a;
            double b = cMap(a);
            if (Math.abs(b - a) <= 1e-13) return b;
            double dir = Math.signum(a - c), d1 = a - c, d2 = b - a, den = d2 - d1;
            double acc = den != 0 ? c - d1 * d1 / den : Double.NaN;
            if (Double.isFinite(acc) && Math.abs(acc) <= 1 && (acc - b) * dir > 0) {
                double ga = cMap(acc) - acc;
                if (ga == 0) return acc;
                if (ga * dir > 0) { c = acc; a = ga + acc; continue; }
                return illinois(x -> cMap(x) - x, b, cMap(b) - b, acc, ga);
            }
            c = b;
            a = cMap(b);
        }
        throw new IllegalStateException("correlation map did not converge from c1=" + c1);
    }

    /** Root of f in the bracket [x0, x1] (f0, f1 of opposite signs), Illinois regula falsi. */
    private static double illinois(DoubleUnaryOperator f, double x0, double f0, double x1, double f1) {
        int side = 0;
        for (int i = 0; i < 200 && Math.abs(x1 - x0) > 1e-15; i++) {
            double x = (x0 * f1 - x1 * f0) / (f1 - f0), fx = f.applyAsDouble(x);
            if (fx == 0) return x;
            if (fx * f1 > 0) { x1 = x; f1 = fx; if (side == -1) f0 /= 2; side = -1; }
            else { x0 = x; f0 = fx; if (side == 1) f1 /= 2; side = 1; }
            if (Math.abs(fx) < 1e-15) return x;
        }
        return 0.5 * (x0 + x1);
    }

    /** χ1 = σ_w² ∫Dz φ'(√q* z)². */
    public double chi1() { return sw2 * mu(1); }

    /** χ_c(c) = dc_l/dc_{l−1} at q* (Price's theorem; see the class formula). */
    public double chiC(double c) {
        double s = scale(qStar());
        return sw2 * quad.expectPair(s, s, c, (a, b) -> phi.dphi(a) * phi.dphi(b)) / normalizedLength(s);
    }

    /** ξ_q = −1/ln qMap'(q*). */
    public double xiQ() { return depthScale(qSlope(qStar())); }

    /** ξ_c = −1/ln χ_c(c*). */
    public double xiC() { return depthScale(chiC(cStar())); }

    /** −1/ln χ; +∞ when |χ − 1| ≤ 1e-12 (critical, up to rounding). */
    static double depthScale(double chi) { return Math.abs(chi - 1) <= 1e-12 ? Double.POSITIVE_INFINITY : -1 / Math.log(chi); }

    /** μ_k = ∫Dz φ'(√q* z)^{2k}. */
    public double mu(int k) {
        return quad.expect(scale(qStar()), u -> Math.pow(phi.dphi(u), 2 * k));
    }

    /**
     * p = P(φ'(√q* ξ) ≠ 0); 1 − p is the atom at 0 of JJᵀ (relu: 1/2, hardtanh: P(|√q* ξ| ≥ 1)).
     * Exactly 1 for activations without flat regions (φ' &gt; 0 everywhere, even where it underflows).
     */
    public double activeFraction() {
        if (!hasFlatRegions()) return 1.0;
        return quad.expect(scale(qStar()), u -> phi.dphi(u) != 0 ? 1 : 0);
    }

    private boolean hasFlatRegions() { return phi == Activation.RELU || phi == Activation.HARDTANH; }

    /**
     * φ'(u)² evaluated so that it underflows as late as possible (tanh: sech⁴ u instead of
     * (1 − tanh²u)², which is 0 beyond |u| ≈ 19; logistic: e^{−|u|}/(1 + e^{−|u|})²), and floored at
     * the smallest normal double for activations without flat regions, so that deep saturation
     * never fakes an atom at 0.
     */
    private double derivativeSquared(double u) {
        double v;
        switch (phi) {
            case TANH -> { double c = 1 / Math.cosh(u); v = c * c; }
            case LOGISTIC -> { double e = Math.exp(-Math.abs(u)); v = e / ((1 + e) * (1 + e)); }
            default -> v = phi.dphi(u);
        }
        v *= v;
        return hasFlatRegions() ? v : Math.max(v, Double.MIN_NORMAL);
    }

    /** m1 = E λ(JJᵀ)/N = (σ_w² μ1)^L. */
    public double jacobianM1(int depth) { return Math.pow(sw2 * mu(1), depth); }

    /** m2/m1² = 1 + L μ2/μ1². */
    public double jacobianM2Ratio(int depth) { double m1 = mu(1); return 1 + depth * mu(2) / (m1 * m1); }

    /** m2 = m1² (1 + L μ2/μ1²). */
    public double jacobianM2(int depth) { double m1 = jacobianM1(depth); return m1 * m1 * jacobianM2Ratio(depth); }

    /**
     * The law of d = φ'(√q* ξ)², ξ ~ N(0,1), discretised by this class's quadrature rule:
     * {values ascending, probabilities}; equal values merged (relu, hardtanh give two atoms).
     */
    public double[][] derivativeSquaredLaw() {
        double s = scale(qStar());
        GaussianQuadrature.Rule r = quad.rule(new double[] {0}, new double[] {s});
        int n = r.z().length;
        Integer[] idx = new Integer[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) { d[i] = derivativeSquared(s * r.z()[i]); idx[i] = i; }
        Arrays.sort(idx, (a, b) -> Double.compare(d[a], d[b]));
        double[] vals = new double[n], probs = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = idx[k];
            if (m > 0 && Math.abs(d[i] - vals[m - 1]) <= 1e-15 * Math.abs(d[i])) probs[m - 1] += r.w()[i];
            else { vals[m] = d[i]; probs[m] = r.w()[i]; m++; }
        }
        return new double[][] {Arrays.copyOf(vals, m), Arrays.copyOf(probs, m)};
    }
}
