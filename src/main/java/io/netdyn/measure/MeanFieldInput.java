package io.netdyn.measure;

import io.netdyn.model.Architecture;
import io.netdyn.spec.Cell;
import io.netdyn.theory.MeanField;
import java.util.Optional;

/**
 * Where the jacobian and lyapunov measures evaluate a network (docs/measures/jacobian.md, "Where
 * the network is evaluated"): random inputs whose pre-activations sit at the mean-field fixed
 * point q* from the first layer on. With
 * σ_w² = N·Var(W_ij) and σ_b² = Var(b_i), h_1 has variance σ_w²·(1/N)‖x‖² + σ_b², so
 * <pre>   (1/N)‖x‖² = q_in = (q* − σ_b²)/σ_w² = ∫Dz φ(√q* z)²   (the stationary input length).</pre>
 * Mean-field theory is the large-N limit for any i.i.d. weights and biases of finite variance
 * (the central limit theorem makes h Gaussian), so it is used for gaussian, orthogonal,
 * uniform, student(ν &gt; 2) and stable(α = 2). Otherwise — infinite variance (cauchy, stable
 * α &lt; 2, student ν ≤ 2), no finite q* (relu with σ_w² &gt; 2, linear with σ_w² &gt; 1), or σ_w = 0 —
 * the input length is the spec's q0 and {@code source} says so. Imported networks ({@code --weights})
 * always take q0: trained weights are not i.i.d., so q* and every mean-field theory mean nothing there.
 *
 * @param q      the input length q_in used
 * @param qStar  q*, NaN when mean-field does not apply
 * @param source "qstar" or "q0"
 * @param theory the mean-field model (σ_w², σ_b²), empty when it does not apply
 */
public record MeanFieldInput(double q, double qStar, String source, Optional<MeanField> theory) {

    /** {@link #choose} for a cell of sampled networks; q0 (no theory) for a cell of imported ones. */
    public static MeanFieldInput forCell(Cell cell, double q0) {
        if (cell.explicitWeights()) return new MeanFieldInput(q0, Double.NaN, "q0", Optional.empty());
        return choose(cell.arch(), q0);
    }

    public static MeanFieldInput choose(Architecture arch, double q0) {
        Optional<MeanField> mf = meanField(arch);
        if (mf.isPresent()) {
            MeanField m = mf.get();
            try {
                double qs = m.qStar();
                double qin = Math.max(0, (qs - m.sigmaB2()) / m.sigmaW2());
                if (Double.isFinite(qin)) return new MeanFieldInput(qin, qs, "qstar", mf);
            } catch (IllegalStateException diverges) {
                // no finite q*: fall through to q0
            }
        }
        return new MeanFieldInput(q0, Double.NaN, "q0", Optional.empty());
    }

    /** The mean-field model of the cell (σ_w², σ_b² from {@link Architecture}); empty for heavy tails or σ_w = 0. */
    public static Optional<MeanField> meanField(Architecture arch) {
        double sw2 = arch.sigmaW2(), sb2 = arch.sigmaB2();
        if (!(sw2 > 0) || !Double.isFinite(sw2) || !Double.isFinite(sb2)) return Optional.empty();
        return Optional.of(new MeanField(arch.activation(), sw2, sb2));
    }
}
