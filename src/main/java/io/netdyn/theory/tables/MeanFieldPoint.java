package io.netdyn.theory.tables;

import io.netdyn.model.Activation;
import io.netdyn.theory.MeanField;

/**
 * The mean-field quantities at one (activation, σ_w, σ_b), with σ_w, σ_b standard deviations
 * (Var W_ij = σ_w²/N, Var b_i = σ_b²). See {@link MeanField} for the formulas.
 *
 * <p>Where the length map diverges (relu σ_w² &gt; 2, linear σ_w ≥ 1 with σ_b &gt; 0 or σ_w &gt; 1;
 * bounded activations never diverge) q* = +∞ and every other quantity is NaN. Where the correlation
 * map fails to converge, c*, χ_c and ξ_c are NaN and the rest stands.
 */
public record MeanFieldPoint(Activation activation, double sigmaW, double sigmaB, double qStar, double cStar,
                             double chi1, double chiC, double xiQ, double xiC, double mu1, double mu2) {

    public static MeanFieldPoint of(Activation a, double sigmaW, double sigmaB) {
        MeanField mf = new MeanField(a, sigmaW * sigmaW, sigmaB * sigmaB);
        double nan = Double.NaN;
        double q;
        try {
            q = mf.qStar();
        } catch (IllegalStateException diverged) {
            return new MeanFieldPoint(a, sigmaW, sigmaB, Double.POSITIVE_INFINITY, nan, nan, nan, nan, nan, nan, nan);
        }
        double c = nan, chiC = nan, xiC = nan;
        try {
            c = mf.cStar();
            chiC = mf.chiC(c);
            xiC = mf.xiC();
        } catch (IllegalStateException noConvergence) {
            // c*, χ_c, ξ_c stay NaN
        }
        return new MeanFieldPoint(a, sigmaW, sigmaB, q, c, mf.chi1(), chiC, mf.xiQ(), xiC, mf.mu(1), mf.mu(2));
    }

    /**
     * χ1 alone (no correlation map: cheap), +∞ where the length map diverges. Divergence only
     * happens for relu and linear, whose χ1 = σ_w² μ1 does not depend on q* and is then ≥ 1, so
     * +∞ puts a diverging point on the correct (chaotic) side of χ1 = 1.
     */
    public static double chi1(Activation a, double sigmaW, double sigmaB) {
        try {
            return new MeanField(a, sigmaW * sigmaW, sigmaB * sigmaB).chi1();
        } catch (IllegalStateException diverged) {
            return Double.POSITIVE_INFINITY;
        }
    }
}
