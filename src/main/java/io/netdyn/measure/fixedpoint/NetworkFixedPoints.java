package io.netdyn.measure.fixedpoint;

import java.util.List;

/**
 * Everything the search found for one network at one depth (docs/measures/fixedpoints.md, "Per network (at depth L)").
 *
 * @param points         distinct fixed points: those iteration reached first (by start order),
 *                       then those only Newton found
 * @param cycles         distinct cycles iteration fell into
 * @param starts         M, the iterated starts
 * @param converged      starts that converged to a fixed point
 * @param inCycles       starts that closed a cycle of period 2..P
 * @param notConverged   starts still moving after T iterations
 * @param diverged       starts whose iterate overflowed (inf/NaN)
 * @param iterationsMean mean map evaluations of the converged starts (NaN if none)
 * @param iterationsMax  most map evaluations of a converged start (0 if none)
 */
public record NetworkFixedPoints(long network, int depth, List<FixedPoint> points, List<Cycle> cycles,
                                 int starts, int converged, int inCycles, int notConverged, int diverged,
                                 double iterationsMean, int iterationsMax) {

    /** Q: distinct stable fixed points (ρ &lt; 1), whether iteration or Newton found them. */
    public int qStable() { return (int) points.stream().filter(FixedPoint::stable).count(); }

    /** Distinct unstable fixed points (ρ ≥ 1). */
    public int qUnstable() { return (int) points.stream().filter(FixedPoint::unstable).count(); }

    /** Stable fixed points that at least one iterated start reached. */
    public int qReached() { return (int) points.stream().filter(p -> p.stable() && p.basin() > 0).count(); }

    public double convergedFrac() { return (double) converged / starts; }

    public double cycleFrac() { return (double) inCycles / starts; }

    /** Starts that neither converged nor closed a cycle (including overflow). */
    public double notConvergedFrac() { return (double) (notConverged + diverged) / starts; }

    /** Exactly one stable fixed point and every start converged to it: a global attractor as far as we can see. */
    public boolean uniqueAttractor() { return qStable() == 1 && converged == starts; }

    /** Largest ρ among the stable points (NaN without one). */
    public double stableRadiusMax() {
        return points.stream().filter(FixedPoint::stable).mapToDouble(FixedPoint::spectralRadius).max().orElse(Double.NaN);
    }

    /** Largest residual ‖f(x*) − x*‖∞ over the fixed points (NaN without one). */
    public double residualMax() {
        return points.stream().mapToDouble(FixedPoint::residual).max().orElse(Double.NaN);
    }

    /** Largest basin share of a stable point (0 without one). */
    public double basinMax() {
        return points.stream().filter(FixedPoint::stable).mapToInt(FixedPoint::basin).max().orElse(0) / (double) starts;
    }

    public int cyclePeriodMax() { return cycles.stream().mapToInt(Cycle::period).max().orElse(0); }
}
