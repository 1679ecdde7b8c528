package io.netdyn.report;

import java.util.Map;
import java.util.Set;

/**
 * What the report knows about a statistic name: a one-line definition (from docs/measures/*.md;
 * unknown names get none) and the range its values can take, used to clip intervals and axes.
 * The wormhole ratio is a column of its own (overparam); a name of the previous version's
 * results.csv with its ratio suffix ({@code d_theta_fold@nk=4}) is recognised without it.
 */
final class Statistics {
    private Statistics() {}

    /** Definitions by "measure/statistic", then by statistic alone. */
    private static final Map<String, String> DEFINITIONS = Map.ofEntries(
            // propagation
            Map.entry("propagation/q", "q_l = tr(HHᵀ)/(S·N): mean squared pre-activation (mean-field length)"),
            Map.entry("propagation/c", "c_l: mean pre-activation correlation over probe pairs"),
            Map.entry("propagation/cos_mean", "mean cosine similarity of the outputs over probe pairs"),
            Map.entry("propagation/d_mean", "Lai–Jin distance d = mean (1 − cos)/2 ∈ [0, 1]"),
            Map.entry("propagation/d_theta_mean", "angular distance d_θ = mean arccos(cos)/π ∈ [0, 1]"),
            Map.entry("propagation/hamming_mean", "share of output coordinates whose sign differs, mean over probe pairs"),
            Map.entry("propagation/effective_rank", "effective rank exp(−Σ p_k ln p_k), p_k = σ_k/Σσ, of the outputs"),
            Map.entry("propagation/sv_ratio", "σ2/σ1 of the outputs: → 0 when they collapse onto a line"),
            Map.entry("propagation/distinct_outputs", "number of numerically different outputs (relative tolerance --distinct-tol)"),
            Map.entry("propagation/chi1", "χ1 = σ_w² ∫Dz φ'(√q* z)² (theory only): order < 1 < chaos"),
            // jacobian
            Map.entry("jacobian/m1", "(1/N) Σ σ_i²: first moment of the spectrum of JJᵀ"),
            Map.entry("jacobian/m2", "(1/N) Σ σ_i⁴: second moment of the spectrum of JJᵀ"),
            Map.entry("jacobian/logsigma_mean", "(1/(N·l)) Σ ln σ_i: mean log singular value per layer"),
            Map.entry("jacobian/sigma_max", "σ_1: largest singular value of the input–output Jacobian"),
            Map.entry("jacobian/condition_log10", "log10(σ_1/σ_N): condition number of the Jacobian, in decades"),
            Map.entry("jacobian/spectral_radius", "max |λ_i(J_l)|: spectral radius of the Jacobian"),
            Map.entry("jacobian/input_q", "input length (1/N)‖x₀‖² used: q_in at q* or --q0"),
            // lyapunov
            Map.entry("lyapunov/lambda_1", "λ_1 = (1/l) Σ ln|R_l'(1,1)|: largest Lyapunov exponent along depth; theory ½ ln χ1"),
            Map.entry("lyapunov/lambda_min", "λ_k: the last exponent along depth"),
            Map.entry("lyapunov/lambda_sum", "Σ_i λ_i along depth; with k = N, (1/l) ln|det J_l|"),
            Map.entry("lyapunov/map_lambda_max", "largest Lyapunov exponent of the iterated depth-l map, per application: > 0 chaos"),
            Map.entry("lyapunov/input_q", "input length (1/N)‖x₀‖² used: q_in at q* or --q0"),
            // fixedpoints
            Map.entry("fixedpoints/q_stable_mean", "mean Q: distinct stable fixed points (spectral radius < 1) per network"),
            Map.entry("fixedpoints/p_q0", "share of networks with no stable fixed point (Q = 0)"),
            Map.entry("fixedpoints/p_q1", "share of networks with exactly one stable fixed point"),
            Map.entry("fixedpoints/p_q2plus", "share of networks with several stable fixed points (Q ≥ 2)"),
            Map.entry("fixedpoints/q_unstable_mean", "mean number of unstable fixed points found by Newton (a lower bound)"),
            Map.entry("fixedpoints/q_reached_mean", "mean number of stable fixed points reached by iteration"),
            Map.entry("fixedpoints/converged_frac", "mean share of starts that converged to a fixed point"),
            Map.entry("fixedpoints/not_converged_frac", "mean share of starts that neither converged nor closed a cycle"),
            Map.entry("fixedpoints/cycle_frac", "mean share of starts that closed a cycle of period 2..P"),
            Map.entry("fixedpoints/p_cycle", "share of networks with at least one cycle"),
            Map.entry("fixedpoints/p_unique_attractor", "share of networks with Q = 1 and every start converged to it"),
            Map.entry("fixedpoints/spectral_radius_mean", "mean over networks of the largest spectral radius among stable points"),
            Map.entry("fixedpoints/iterations_mean", "mean map evaluations of the converged starts"),
            Map.entry("fixedpoints/basin_max_mean", "mean share of starts in the largest stable basin"),
            Map.entry("fixedpoints/q_stable_netmax", "largest Q of any network"),
            Map.entry("fixedpoints/spectral_radius_netmax", "largest spectral radius of a stable point in any network"),
            Map.entry("fixedpoints/residual_netmax", "largest ‖f(x*) − x*‖∞ of any fixed point"),
            Map.entry("fixedpoints/cycle_period_netmax", "longest cycle period found"),
            // modes
            Map.entry("modes/op_frac", "share of the layer's neurons that are order-preserving"),
            Map.entry("modes/nop_frac", "share of the layer's neurons that are non-order-preserving"),
            Map.entry("modes/dead_frac", "share of the layer's neurons that are dead"),
            Map.entry("modes/sample_radius", "mean relative input radius before the output class changes (censored at --basin-max)"),
            Map.entry("modes/sample_radius_censored", "share of basin samples whose class never changed within --basin-max (input space)"),
            Map.entry("modes/weight_radius", "mean relative weight radius before the output class changes (censored at --basin-max)"),
            Map.entry("modes/weight_radius_censored", "share of basin samples whose class never changed within --basin-max (weight space)"),
            // wormhole
            Map.entry("wormhole/d_theta_mean", "mean angular distance d_θ between u_b and u_a over the input pairs"),
            Map.entry("wormhole/d_mean", "mean (1 − cos)/2 between u_b and u_a"),
            Map.entry("wormhole/d_theta_fold", "mean min(d_θ, 1 − d_θ): distance to the nearer pole, → 0 under collapse"),
            Map.entry("wormhole/hamming_mean", "mean sign-Hamming distance between u_b and u_a"),
            Map.entry("wormhole/hamming_fold", "mean min(h, 1 − h) of the sign-Hamming distance"),
            Map.entry("wormhole/sv_ratio", "σ2/σ1 of the product H_d"),
            Map.entry("wormhole/log10_sv_ratio", "log10 σ2/σ1 of the product H_d"),
            Map.entry("wormhole/recon_error", "mean wormhole reconstruction error ‖v̂ − v‖"),
            Map.entry("wormhole/log10_recon_error", "mean log10 ‖v̂ − v‖ (geometric mean of the reconstruction error)"),
            Map.entry("wormhole/flipped_d_theta_mean", "mean d_θ between u_b and the output of −I_a (impostor distance)"),
            Map.entry("wormhole/decidability", "d′ = |μ_g − μ_f| / √((σ_g² + σ_f²)/2) of genuine against flipped distances (NaN with one pair)"),
            Map.entry("wormhole/flipped_complement_mean", "mean 1 − d_θ(u_b, H(−I_a)), accumulated as the small number it is (= the genuine d_θ)"),
            // every measure that can overflow
            Map.entry("nonfinite_frac", "share of the networks with a non-finite value (overflow, undefined) at this depth, left out of some mean"));

    /** Probabilities and fractions beyond the name patterns of {@link #isFraction}. */
    private static final Set<String> FRACTIONS = Set.of("d_mean", "d_theta_mean", "hamming_mean", "d_theta_fold", "hamming_fold",
            "flipped_d_theta_mean", "flipped_complement_mean", "sv_ratio", "basin_max_mean");
    /** Correlations and cosines, in [−1, 1]. */
    private static final Set<String> CORRELATIONS = Set.of("c", "cos_mean");
    /** Non-negative by definition: lengths, moments, norms, counts, radii. */
    private static final Set<String> NON_NEGATIVE = Set.of("q", "m1", "m2", "sigma_max", "spectral_radius", "effective_rank",
            "distinct_outputs", "input_q", "q_stable_mean", "q_unstable_mean", "q_reached_mean", "spectral_radius_mean",
            "iterations_mean", "q_stable_netmax", "spectral_radius_netmax", "residual_netmax", "cycle_period_netmax", "sample_radius",
            "weight_radius", "recon_error", "decidability", "chi1");

    /** The statistic's name without the wormhole ratio suffix of the previous version's results.csv. */
    static String base(String statistic) {
        int at = statistic.indexOf("@nk=");
        return at < 0 ? statistic : statistic.substring(0, at);
    }

    /** One line for the figure caption, or null when the name is not known. */
    static String definition(String measure, String statistic) {
        String b = base(statistic);
        String d = DEFINITIONS.get(measure + "/" + b);
        if (d == null) d = DEFINITIONS.get(b);
        if (d == null && b.matches("lambda_\\d+")) d = "λ_" + b.substring(7) + ": Lyapunov exponent number " + b.substring(7) + " along depth (QR order)";
        return d;
    }

    /**
     * A probability or fraction: the name is in a known set, ends in {@code _frac}, {@code _acc},
     * {@code _censored}, or starts with {@code p_} (wormhole ratio suffix ignored).
     */
    static boolean isFraction(String statistic) {
        String b = base(statistic);
        return FRACTIONS.contains(b) || b.startsWith("p_") || b.endsWith("_frac") || b.endsWith("_acc") || b.endsWith("_censored");
    }

    /**
     * The range values and intervals are clipped to: [0, 1] for a {@link #isFraction fraction}
     * whose values all lie in [0, 1], [−1, 1] for a correlation whose values lie there, [0, ∞) for a
     * non-negative quantity with no negative value, (−∞, ∞) otherwise. The value check keeps a
     * statistic that someone redefines from being silently cut.
     */
    static double[] validRange(String statistic, double valuesMin, double valuesMax) {
        String b = base(statistic);
        boolean none = !(valuesMin <= valuesMax);   // no finite value: the names alone decide
        if (isFraction(b) && (none || (valuesMin >= 0 && valuesMax <= 1))) return new double[] {0, 1};
        if (CORRELATIONS.contains(b) && (none || (valuesMin >= -1 && valuesMax <= 1))) return new double[] {-1, 1};
        if (NON_NEGATIVE.contains(b) && (none || valuesMin >= 0)) return new double[] {0, Double.POSITIVE_INFINITY};
        return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
    }
}
