package io.netdyn.theory;

import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.SpecialFunctions;

/**
 * The collapse rate of maxnorm(n) networks (docs/measures/wormhole.md) in the large-k limit — a
 * heuristic derived here (docs/reproductions/collapse-and-wormhole.md), not from the paper.
 *
 * <p>Write a row of R_l as r = z·x̂ + r⊥ with x̂ = x_{l-1}/‖x_{l-1}‖, z ~ N(0,1) and r⊥ an
 * independent Gaussian vector in x̂⊥ (rotation invariance). Keeping the k of n rows with the
 * largest |z| keeps, for large k, the rows with |z| &gt; c where P(|Z| &gt; c) = k/n, and leaves
 * r⊥ untouched. So W_l = a x̂ᵀ + G P⊥ with a_i ~ (Z | |Z| &gt; c): the trained direction gains
 * ‖a‖ ≈ √(k·m2) per layer while every orthogonal direction gains ≈ √k, with
 * <pre>
 *   m2 = E[Z² | |Z| &gt; c] = 1 + c·φ(c)/(1 − Φ(c)) = 1 + 2c·φ(c)·n/k.
 * </pre>
 * Hence σ2/σ1 of H_L = W_L···W_1, the angle of H_L I_a to ±u_b and the wormhole error
 * α‖u_a − u_b‖ all shrink by 1/√m2 per layer: slope −½·log10 m2 decades per layer
 * (n/k = 1, 2, 4, 8, 16: 0, −0.134, −0.231, −0.302, −0.358). At n = k there is no selection
 * and only the O(1/k) gap between the two top Lyapunov exponents of Gaussian products is left;
 * measured slopes at k = 32 lie within 0.01 of these (docs/reproductions/collapse-and-wormhole.md).
 */
public final class MaxNormCollapse {
    private MaxNormCollapse() {}

    /** c with P(|Z| &gt; c) = k/n = 1/ratio (0 at ratio 1), by bisection on erfc(c/√2) = 1/ratio. */
    public static double threshold(double ratio) {
        if (!(ratio >= 1) || Double.isInfinite(ratio)) throw new IllegalArgumentException("n/k must be finite and >= 1, got " + ratio);
        double target = 1 / ratio, lo = 0, hi = 40;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (1 - SpecialFunctions.erf(mid / Math.sqrt(2)) > target) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** m2 = E[Z² | |Z| &gt; c] = 1 + 2c·φ(c)·ratio. */
    public static double secondMoment(double ratio) {
        double c = threshold(ratio);
        return 1 + 2 * c * Math.exp(-c * c / 2) / Math.sqrt(2 * Math.PI) * ratio;
    }

    /** Predicted d log10(σ2/σ1)/dL = −½ log10 m2 (also of the wormhole error and of d_θ near a pole). */
    public static double log10SlopePerLayer(double ratio) {
        return -0.5 * Math.log10(secondMoment(ratio));
    }

    /**
     * The same for either variant. NEGATIVE keeps z &lt; −c' with P(Z &lt; −c') = k/n; for n/k ≥ 2
     * (c' ≥ 0) E[Z² | Z &lt; −c'] = E[Z² | |Z| &gt; c'] with P(|Z| &gt; c') = 2k/n, so it collapses at
     * the MAXABS rate of n/(2k). Below n/k = 2 the kept |z| are not the large ones and the
     * heuristic gives no collapse: NaN.
     */
    public static double log10SlopePerLayer(double ratio, MaxNormConstruction.Variant variant) {
        if (variant == MaxNormConstruction.Variant.MAXABS) return log10SlopePerLayer(ratio);
        return ratio >= 2 ? log10SlopePerLayer(ratio / 2) : Double.NaN;
    }
}
