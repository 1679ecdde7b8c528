package io.netdyn.measure.fixedpoint;

/**
 * One distinct fixed point x* = f(x*) of one network at one depth.
 *
 * @param spectralRadius ρ(J_f(x*)); stable when &lt; 1 (NaN: eigenvalues unavailable, counted as neither)
 * @param residual       ‖f(x*) − x*‖∞ at the reported point
 * @param basin          iterated starts that converged to it (0 for a point only Newton found)
 * @param polished       whether Newton refined it
 * @param eigenvalueModuli |λ_i(J_f(x*))|, all N of them, descending (from the decomposition that gave
 *                       spectralRadius, so its first entry is spectralRadius; NaN where that is NaN)
 */
public record FixedPoint(double[] x, double spectralRadius, double residual, int basin, boolean polished,
                         double[] eigenvalueModuli) {
    public boolean stable() { return spectralRadius < 1; }

    public boolean unstable() { return spectralRadius >= 1; }
}
