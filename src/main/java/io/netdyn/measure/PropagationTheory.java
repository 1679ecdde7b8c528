package io.netdyn.measure;

import io.netdyn.model.Architecture;
import io.netdyn.model.ProbeInputs;
import io.netdyn.theory.MeanField;
import java.util.Arrays;

/**
 * The mean-field predictions printed beside the propagation measurements
 * (docs/measures/propagation.md, "Theory beside the measurement"), for weights and biases of
 * finite variance (σ_w² = N·Var W_ij, σ_b² = Var b_i):
 * <pre>
 *   q_1 = σ_w² q0 + σ_b²,                 q_l = σ_w² ∫Dz φ(√q_{l-1} z)² + σ_b²
 *   c_1 = (σ_w² q0 c0 + σ_b²) / q_1,      c_l = correlation map at the lengths q_{l-1}
 *   χ1  = σ_w² ∫Dz φ'(√q* z)²
 * </pre>
 * Heavy-tailed weights have no such theory: every value is NaN.
 */
final class PropagationTheory {
    final double[] q, c;
    final double chi1;

    PropagationTheory(Architecture arch, ProbeInputs probes) {
        int depth = arch.depth();
        double sw2 = arch.sigmaW2(), sb2 = arch.sigmaB2();
        double[] qs = nan(depth), cs = nan(depth);
        double chi = Double.NaN;
        if (Double.isFinite(sw2) && Double.isFinite(sb2)) {
            MeanField mf = new MeanField(arch.activation(), sw2, sb2);
            double q1 = sw2 * probes.q0() + sb2;
            qs = mf.qTrajectory(q1, depth);
            if (q1 > 0) cs = mf.cTrajectory((sw2 * probes.q0() * probes.c0() + sb2) / q1, q1, depth);
            chi = chi1(mf);
        }
        this.q = qs;
        this.c = cs;
        this.chi1 = chi;
    }

    /** χ1 at q*, NaN where the length map diverges (relu with σ_w² > 2, linear with σ_w² ≥ 1). */
    private static double chi1(MeanField mf) {
        try {
            return mf.chi1();
        } catch (IllegalStateException diverges) {
            return Double.NaN;
        }
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** The theory value for a statistic at depth l, NaN when there is none. */
    double at(String statistic, int depth) {
        return switch (statistic) {
            case "q" -> q[depth - 1];
            case "c" -> c[depth - 1];
            default -> Double.NaN;
        };
    }
}
