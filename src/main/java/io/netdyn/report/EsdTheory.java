package io.netdyn.report;

import io.netdyn.io.JsonObject;
import io.netdyn.io.Manifest;
import io.netdyn.measure.MeanFieldInput;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import io.netdyn.theory.FreeJacobianDensity;
import io.netdyn.theory.MeanField;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The free-probability density of ln σ for an esd.csv cell, where it applies: square Gaussian-like
 * layers (i.i.d. weights and biases of finite variance, not orthogonal), inputs at the mean-field q*,
 * no linear last layer, sampled (not imported) networks. Then, with ρ the density of λ = σ² from
 * {@link FreeJacobianDensity} and p = 1 − (atom at 0),
 * <pre>   p(ln σ) = 2 λ ρ(λ) / p,   λ = e^{2 ln σ}   </pre>
 * (conditioned on σ &gt; 0, as esd.csv counts finite ln σ only). The cell's architecture comes
 * from its labels (model.Distribution's parser) and the run's spec in the manifest (scaling,
 * last-linear, weights, q0); without a manifest the defaults are assumed.
 */
final class EsdTheory {
    /** The density, or null with the reason there is none. */
    record Result(FreeJacobianDensity density, String reason) {
        double lnSigmaDensity(double t) {
            double lam = Math.exp(2 * t), rho = density.density(lam);
            return 2 * lam * rho / (1 - density.atomAtZero());
        }
    }

    private final String scaling, lastLinear, weights;
    private final double q0;

    EsdTheory(JsonObject manifest) {
        scaling = Manifest.setting(manifest, "scaling", "default");
        lastLinear = Manifest.setting(manifest, "last-linear", "false");
        weights = Manifest.setting(manifest, "weights", "none");
        double q = 1;
        try {
            q = Double.parseDouble(Manifest.setting(manifest, "q0", "1"));
        } catch (NumberFormatException ignored) {
            // keep 1
        }
        q0 = q;
    }

    private final Map<EsdTable.CellKey, Object> meanFields = new HashMap<>();   // MeanField or the reason

    Result at(EsdTable.CellKey cell, int depth) {
        Object mf = meanFields.computeIfAbsent(cell, this::meanField);
        if (mf instanceof String reason) return none(reason);
        try {
            return new Result(FreeJacobianDensity.of((MeanField) mf, depth), null);
        } catch (IllegalArgumentException e) {
            return none("theory not computable (" + e.getMessage() + ")");
        }
    }

    /** The cell's mean-field model at q*, or why there is none. */
    private Object meanField(EsdTable.CellKey cell) {
        if (!weights.equals("none") || cell.dist().startsWith("imported")) return "imported networks: no theory";
        if (lastLinear.equals("true")) return "linear last layer: the free-probability density here assumes φ in every layer, not drawn";
        Distribution w, b = null;
        Activation act;
        Scaling sc;
        try {
            w = Distribution.parse(cell.dist());
            if (!cell.bias().equals("none")) b = Distribution.parse(cell.bias());
            act = Activation.parse(cell.activation());
            sc = Scaling.parse(scaling);
        } catch (IllegalArgumentException e) {
            return "cell labels not understood (" + e.getMessage() + "): no theory";
        }
        if (w.kind() == Distribution.Kind.ORTHOGONAL) return "orthogonal weights: the density here is for Gaussian layers, not drawn";
        if (!w.finiteVariance() || (b != null && !b.finiteVariance())) return "heavy-tailed weights or biases: no mean-field theory";
        Architecture arch = new Architecture(cell.width(), 1, act, false, w, sc, Optional.ofNullable(b));
        MeanFieldInput in = MeanFieldInput.choose(arch, q0);
        if (!in.source().equals("qstar") || in.theory().isEmpty()) return "no finite mean-field q*: inputs at --q0, no theory";
        return in.theory().get();
    }

    private static Result none(String reason) { return new Result(null, reason); }
}
