package io.netdyn.testing;

import java.util.Map;
import java.util.Set;

/**
 * Every tolerance the cross-backend tests use, in one place, with its reason. Two kinds:
 * <ul>
 *   <li><b>Array tolerances</b> for one backend operation against its plain reference or the CPU
 *       backend: the kernels and the CPU compute in double, with different summation orders (and
 *       FMA contraction on a GPU), so results agree to rounding of the operation's size, not to
 *       the bit; invariances within one backend (threads, batching, device chunks, prefixes) are
 *       exact.</li>
 *   <li><b>Statistic tolerances</b> for whole sweeps (results.csv of one backend against the
 *       CPU's): per statistic, tight enough that a 1% bias in any continuous statistic fails,
 *       loose enough for rounding and for the discrete outcomes that rounding can flip (one start
 *       that converges on one backend only, a basin radius one bisection bracket apart).</li>
 * </ul>
 */
public final class Tolerances {
    private Tolerances() {}

    /** Invariances within one backend (thread count, batching, device chunks, prefix depths): bit for bit. */
    public static final double EXACT = 0;

    /** Gram entries against a plain forward pass, relative to the Cauchy–Schwarz scale √(G_ii G_jj). */
    public static final double GRAM = 1e-12;

    /** Jacobian entries against the plain product D_L W_L ··· D_1 W_1, relative to the largest |entry|. */
    public static final double JACOBIAN_ENTRY = 1e-12;

    /**
     * ln σ and ln|λ| of small Jacobians against EJML's SVD / eigen-decomposition of the plain
     * product, absolute in the logarithm (relative in σ): the QR-factored product and the Jacobi
     * SVD lose ~N·depth ulps; 1e-9 leaves room for the smallest σ of a depth-6 product
     * (condition number ~1e6 at the sizes tested), whose relative error grows with it.
     */
    public static final double LOG_SPECTRUM = 1e-9;

    /** A converged point x of f: ‖f(x) − x‖∞ within this many times the iteration's tol·max(1, ‖x‖∞). */
    public static final double FIXED_POINT_SLACK = 10;

    /**
     * Two backends' arrays of the same operation (CPU vs kernels), relative to max(1, |expected|):
     * double arithmetic in another order; the chaotic iterated-map exponent over a few dozen steps
     * amplifies rounding the most (seen ~1e-15 on the emulator, FMA on a GPU adds ~1e-13).
     */
    public static final double CROSS_BACKEND = 1e-9;

    /** One statistic's bound in a sweep comparison: |got − want| ≤ abs + rel·|want|. */
    public record Bound(double abs, double rel) {
        public boolean holds(double want, double got) {
            if (Double.isNaN(want) || Double.isNaN(got)) return Double.isNaN(want) == Double.isNaN(got);
            if (Double.isInfinite(want) || Double.isInfinite(got)) return want == got;
            return Math.abs(got - want) <= abs + rel * Math.abs(want);
        }
    }

    /** Continuous statistics: a deterministic function of double arithmetic; 1e-6 relative fails any 1% bias by 4 orders. */
    public static final Bound CONTINUOUS = new Bound(1e-9, 1e-6);

    /**
     * Statistics that count discrete outcomes per network (fixed points found, starts converged,
     * cycle periods, basin radii that are bracket ends, sign-Hamming fractions, mode counts): an
     * outcome may flip on rounding for one network in a few dozen, so the bound is one network's
     * share of the cell (1/networks) in absolute terms — the sweeps that use it run ≥ 200 networks
     * per cell, so a 1% bias (≥ 2 networks' share) still fails.
     */
    public static Bound discrete(int networksPerCell) {
        return new Bound(1.0 / networksPerCell + 1e-9, 1e-6);
    }

    /** Per measure: the statistics whose bound is {@link #discrete}; every other one is {@link #CONTINUOUS}. */
    private static final Map<String, Set<String>> DISCRETE = Map.of(
            "fixedpoints", Set.of("q_stable_mean", "p_q0", "p_q1", "p_q2plus", "q_unstable_mean", "q_reached_mean",
                    "converged_frac", "not_converged_frac", "cycle_frac", "p_cycle", "p_unique_attractor",
                    "iterations_mean", "basin_max_mean", "q_stable_netmax", "cycle_period_netmax",
                    "spectral_radius_mean", "spectral_radius_netmax"),
            "modes", Set.of("op_frac", "nop_frac", "dead_frac", "sample_radius", "weight_radius",
                    "sample_radius_censored", "weight_radius_censored"),
            "propagation", Set.of("distinct_outputs", "hamming_mean"),
            "wormhole", Set.of("hamming_mean", "hamming_fold"));

    /**
     * The largest residual ‖f(x) − x‖∞ over a cell's converged starts: below the iteration's
     * tolerance on every backend, but which start ends where within it is rounding (absolute).
     */
    public static final Bound RESIDUAL = new Bound(1e-6, 0);

    /**
     * The bound for one results.csv row of {@code measure}/{@code statistic} in a sweep of
     * {@code networksPerCell}; a wormhole statistic's {@code @nk=…} suffix is ignored.
     */
    public static Bound forStatistic(String measure, String statistic, int networksPerCell) {
        String name = statistic.contains("@") ? statistic.substring(0, statistic.indexOf('@')) : statistic;
        if (measure.equals("fixedpoints") && name.equals("residual_netmax")) return RESIDUAL;
        return DISCRETE.getOrDefault(measure, Set.of()).contains(name) ? discrete(networksPerCell) : CONTINUOUS;
    }
}
