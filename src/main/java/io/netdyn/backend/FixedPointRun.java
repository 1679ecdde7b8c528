package io.netdyn.backend;

/**
 * What {@link Backend#iterateMap} returns: for network b, depth index d (into
 * {@code depths}) and start s, at k = (b·D + d)·M + s:
 * <pre>
 *   points[k·N .. k·N+N)  the final point: the converged x, a canonical point of the
 *                         detected cycle (see below), or the last iterate
 *   iterations[k]         map evaluations done (T when not converged)
 *   status[k]             {@link #CONVERGED}, {@link #CYCLE}, {@link #NOT_CONVERGED}, {@link #DIVERGED}
 *   residual[k]           ‖f(x_t) − x_t‖∞ of the last step
 *   period[k]             p ≥ 2 for a cycle, 1 for a fixed point, 0 otherwise
 * </pre>
 * A cycle's canonical point is the orbit point that comes first in lexicographic order
 * (coordinates within the merge tolerance count as equal), so every start that falls into
 * the same cycle reports the same point.
 */
public record FixedPointRun(int networks, int[] depths, int starts, int width,
                            double[] points, int[] iterations, byte[] status, double[] residual, int[] period) {
    public static final byte CONVERGED = 0, CYCLE = 1, NOT_CONVERGED = 2, DIVERGED = 3;

    public int index(int network, int depthIndex, int start) {
        return (network * depths.length + depthIndex) * starts + start;
    }

    public static FixedPointRun allocate(int networks, int[] depths, int starts, int width) {
        int k = Math.multiplyExact(Math.multiplyExact(networks, depths.length), starts);
        return new FixedPointRun(networks, depths.clone(), starts, width, new double[Math.multiplyExact(k, width)],
                new int[k], new byte[k], new double[k], new int[k]);
    }
}
