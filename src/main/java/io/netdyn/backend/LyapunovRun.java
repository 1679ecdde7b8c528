package io.netdyn.backend;

/**
 * Lyapunov data of every network of a batch (docs/measures/lyapunov.md), per input point.
 * <p><b>Along depth</b>: k orthonormal tangent vectors Q_0 are pushed through D_l W_l and
 * re-orthonormalised each layer, D_l W_l Q_{l−1} = Q_l R_l (Householder QR); the cumulative sums
 * <pre>
 *   logRSum[((b·points + p)·depth + l−1)·k + i] = Σ_{l' ≤ l} ln |R_{l'}(i,i)|,   i = 0..k−1
 * </pre>
 * give the finite-depth exponents λ_i(l) = logRSum/l of every depth 1..L in one pass.
 * <p><b>Along the map</b> x_{t+1} = f_L(x_t) of the depth-L network (L = {@code mapDepths[d]}):
 * <pre>
 *   mapLambda[(b·points + p)·mapDepths.length + d] = (1/(T − T₀)) Σ_{T₀ ≤ t &lt; T} ln ‖J_f(x_t) v_t‖,
 *   v_{t+1} = J_f(x_t) v_t / ‖J_f(x_t) v_t‖,   T₀ = ⌊T/2⌋ transient steps,
 * </pre>
 * the largest exponent per application of f (chaos when &gt; 0); NaN when the orbit overflows.
 */
public record LyapunovRun(int networks, int points, int depth, int k, double[] logRSum,
                          int[] mapDepths, int mapSteps, double[] mapLambda) {

    public int offset(int network, int point, int layer) {
        return ((network * points + point) * depth + layer - 1) * k;
    }

    public int mapOffset(int network, int point) {
        return (network * points + point) * mapDepths.length;
    }

    /** First step whose growth counts in {@link #mapLambda}: the first half of the orbit is transient. */
    public static int transientSteps(int mapSteps) { return mapSteps / 2; }

    public static LyapunovRun allocate(int networks, int points, int depth, int k, int[] mapDepths, int mapSteps) {
        int size = Math.multiplyExact(Math.multiplyExact(networks * points, depth), k);
        return new LyapunovRun(networks, points, depth, k, new double[size], mapDepths.clone(), mapSteps,
                new double[networks * points * mapDepths.length]);
    }
}
