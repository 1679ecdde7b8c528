package io.netdyn.model;

/**
 * How a fixed-point search iterates (docs/measures/fixedpoints.md, "The search, per network and
 * depth"). Tolerances are in the ∞-norm and relative
 * to max(1, ‖x‖∞), so they mean "absolute" for bounded maps (tanh, logistic) and stay
 * meaningful for a linear last layer whose outputs can be large.
 *
 * @param maxIter       T: iterations of x ← f(x) per start
 * @param tol           converged when ‖f(x) − x‖∞ &lt; tol · max(1, ‖f(x)‖∞)
 * @param maxPeriod     P: cycles of period 2..P are detected (1 = no cycle detection)
 * @param mergeTol      points closer than mergeTol · max(1, ‖x‖∞) are the same point; a cycle's
 *                      points must be at least this far apart
 * @param newtonMaxIter Newton steps per start before giving up
 */
public record IterationSettings(int maxIter, double tol, int maxPeriod, double mergeTol, int newtonMaxIter) {

    public IterationSettings {
        if (maxIter < 1) throw new IllegalArgumentException("max-iter must be >= 1, got " + maxIter);
        if (!(tol > 0 && tol < 1)) throw new IllegalArgumentException("tol must be in (0,1), got " + tol);
        if (maxPeriod < 1) throw new IllegalArgumentException("cycle period bound must be >= 1, got " + maxPeriod);
        if (!(mergeTol > 0 && mergeTol < 1)) throw new IllegalArgumentException("merge-tol must be in (0,1), got " + mergeTol);
        if (newtonMaxIter < 1) throw new IllegalArgumentException("newton iterations must be >= 1, got " + newtonMaxIter);
    }
}
