package io.netdyn.backend;

import io.netdyn.model.Distribution;
import io.netdyn.model.Streams;

/**
 * The input points at which the Jacobian and Lyapunov operations evaluate each network:
 * {@code count} points per network, either
 * <ul>
 *   <li><b>random</b> — x = √(q·N) · u/‖u‖ with u ~ N(0, I_N) drawn from the {@link Streams#PROBES}
 *       stream of that network (layer 0, tensor {@value #TENSOR}, element p·N + i), so every point
 *       has (1/N)‖x‖² = q exactly (q = 0 gives the origin); or</li>
 *   <li><b>given</b> — explicit points for the networks of one batch, row-major (B, count, N)
 *       (e.g. fixed points found by another measure).</li>
 * </ul>
 *
 * @param given null for random points
 */
public record InputPoints(int count, double q, double[] given) {
    /** Tensor id within {@link Streams#PROBES} (0 and 1 are the propagation probes). */
    public static final int TENSOR = 2;
    private static final Distribution UNIT_GAUSSIAN = Distribution.gaussian(1);

    public InputPoints {
        if (count < 1) throw new IllegalArgumentException("need at least one input point, got " + count);
        if (given == null && !(q >= 0 && Double.isFinite(q))) {
            throw new IllegalArgumentException("input length q must be finite and >= 0, got " + q);
        }
    }

    public static InputPoints random(int count, double q) { return new InputPoints(count, q, null); }

    /** Explicit points (B, count, N) for the batch they will be used with. */
    public static InputPoints given(int count, double[] points) {
        if (points == null) throw new IllegalArgumentException("points must not be null");
        return new InputPoints(count, Double.NaN, points);
    }

    /**
     * Writes the {@code count}×N points (row-major) of network {@code network} — the
     * {@code slot}-th network of its batch — into {@code x}. Allocation-free; {@code block}
     * is a 4-int scratch.
     */
    public void fill(long seed, long network, int slot, int n, double[] x, int[] block) {
        if (given != null) {
            int len = count * n, off = slot * len;
            if (given.length < off + len) throw new IllegalArgumentException("given points hold fewer than " + (slot + 1) + " networks");
            System.arraycopy(given, off, x, 0, len);
            return;
        }
        double radius = Math.sqrt(q * n);
        for (int p = 0; p < count; p++) {
            double norm2 = 0;
            for (int i = 0; i < n; i++) {
                Streams.PROBES.block(seed, network, 0, TENSOR, p * n + i, block);
                double u = UNIT_GAUSSIAN.draw(block);              // Box–Muller of words 0, 1
                x[p * n + i] = u;
                norm2 += u * u;
            }
            double f = norm2 > 0 ? radius / Math.sqrt(norm2) : 0;
            for (int i = 0; i < n; i++) x[p * n + i] *= f;
        }
    }
}
