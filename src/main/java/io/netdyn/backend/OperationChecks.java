package io.netdyn.backend;

import java.util.Arrays;

/**
 * The argument checks of the {@link Backend} operations, one per operation, made once per call by
 * the backend that runs it (the CUDA backend checks only what it does not route to the CPU
 * backend), so every backend refuses the same arguments with the same message. The shape checks
 * of the batch itself are {@link NetworkBatch}'s; a request's own ranges its record's
 * ({@link ModesRequest}, {@link WormholeRequest}, {@link InputPoints}).
 */
public final class OperationChecks {
    private OperationChecks() {}

    /** {@link Backend#jacobianSpectra}: depths strictly increasing within 1..L; given points for every network. */
    public static void jacobianSpectra(NetworkBatch batch, InputPoints points, int[] depths) {
        increasingDepths(depths, batch.arch().depth());
        givenPoints(batch, points);
    }

    /**
     * {@link Backend#lyapunov}: 1 ≤ k ≤ N, map steps ≥ 0, map depths (when any) strictly
     * increasing within 1..L; given points for every network.
     */
    public static void lyapunov(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        int n = batch.arch().width();
        if (k < 1 || k > n) throw new IllegalArgumentException("need 1 <= k <= N = " + n + ", got k = " + k);
        if (mapSteps < 0) throw new IllegalArgumentException("map steps must be >= 0, got " + mapSteps);
        if (mapDepths.length > 0) increasingDepths(mapDepths, batch.arch().depth());
        givenPoints(batch, points);
    }

    /** {@link Backend#iterateMap}: at least one depth, each within 1..L (any order). Returns the deepest. */
    public static int iterateMap(NetworkBatch batch, int[] depths) {
        int archDepth = batch.arch().depth();
        if (depths.length == 0) throw new IllegalArgumentException("no depths requested");
        int max = 0;
        for (int d : depths) {
            if (d < 1 || d > archDepth) throw new IllegalArgumentException("depth " + d + " outside 1.." + archDepth);
            max = Math.max(max, d);
        }
        return max;
    }

    /**
     * {@link Backend#newtonMap}, {@link Backend#mapJacobians}: the depths as {@link #iterateMap},
     * and a point set of B networks × D depths in R^N. Returns the deepest depth.
     */
    public static int mapPoints(NetworkBatch batch, int[] depths, PointSet points) {
        int max = iterateMap(batch, depths);
        if (points.networks() != batch.count() || points.depthCount() != depths.length || points.width() != batch.arch().width()) {
            throw new IllegalArgumentException("point set shape (" + points.networks() + ", " + points.depthCount() + ", "
                    + points.width() + ") does not match networks × depths × width");
        }
        return max;
    }

    /** {@link Backend#wormhole}: sampled networks only (it builds its own). */
    public static void wormhole(NetworkBatch batch) {
        if (!batch.sampled()) throw new IllegalArgumentException("wormhole builds its own maxnorm networks: explicit weights would be ignored");
    }

    /** A depth list: non-empty, strictly increasing, within 1..maxDepth. */
    public static void increasingDepths(int[] depths, int maxDepth) {
        if (depths.length == 0) throw new IllegalArgumentException("no depths requested");
        for (int i = 0; i < depths.length; i++) {
            if (depths[i] < 1 || depths[i] > maxDepth || (i > 0 && depths[i] <= depths[i - 1])) {
                throw new IllegalArgumentException("depths must increase within 1.." + maxDepth + ", got "
                        + Arrays.toString(depths));
            }
        }
    }

    /** Given points (B, count, N) hold every network of the batch. */
    private static void givenPoints(NetworkBatch batch, InputPoints points) {
        double[] given = points.given();
        if (given != null && given.length < (long) batch.count() * points.count() * batch.arch().width()) {
            throw new IllegalArgumentException("given points hold fewer than " + batch.count() + " networks");
        }
    }

    /** {@link Backend#train}: steps ≥ 0; every network and state of the batch's shape and optimizer. */
    public static void train(TrainingBatch batch, int steps) {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        int n = batch.shape().width(), depth = batch.shape().depth();
        for (int k = 0; k < batch.count(); k++) {
            var w = batch.weights()[k];
            if (w.width() != n || w.depth() != depth) {
                throw new IllegalArgumentException("network " + batch.index(k) + " is " + w.width() + " wide and " + w.depth()
                        + " deep, the batch's shape is " + n + " wide and " + depth + " deep");
            }
            if (!batch.states()[k].optimizer().equals(batch.settings().optimizer())) {
                throw new IllegalArgumentException("network " + batch.index(k) + " carries " + batch.states()[k].optimizer().label()
                        + " state, the settings train with " + batch.settings().optimizer().label());
            }
        }
    }
}
