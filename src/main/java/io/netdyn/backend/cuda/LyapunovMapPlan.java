package io.netdyn.backend.cuda;

/**
 * How {@code netdyn_lyapunov_map_f64} is launched for one shape (N, deepest map depth m,
 * D map depths, P input points) on one device: one block per (network × point) of
 * {@code threads} threads (one per row of W, at most {@link LyapunovPlan#MAX_THREADS} or the
 * device's preference), its workspace of {@link #workspaceDoubles} doubles (W_1..W_m, b_1..b_m
 * and five vectors) in dynamic shared memory when it fits the limit, else in a per-block global
 * scratch.
 *
 * <p>Device memory per network: the result D·P doubles, the given points P·N doubles (when
 * given), and P workspaces when they are global.
 *
 * @param workspaceInShared whether the workspace lives in dynamic shared memory ({@code sharedBytes})
 * @param workspaceBytesPerBlock the block's global workspace (0 when shared)
 */
public record LyapunovMapPlan(int threads, int points, boolean workspaceInShared, int sharedBytes,
                              long resultBytesPerNetwork, long workspaceBytesPerBlock) implements DevicePlan {

    /** W_1..W_m, b_1..b_m (m(N² + N)), x_0, x, x', v, u (5N) and 4 scalars: kernels/lyapunov.cu. */
    public static long workspaceDoubles(int n, int maxDepth) {
        return (long) maxDepth * ((long) n * n + n) + 5L * n + 4;
    }

    public static LyapunovMapPlan of(int n, int maxDepth, int depthCount, int points, boolean given,
                                     int maxThreads, int sharedLimit) {
        if (n < 1 || maxDepth < 1 || depthCount < 1 || points < 1) {
            throw new IllegalArgumentException("bad shape N=" + n + " m=" + maxDepth + " D=" + depthCount + " P=" + points);
        }
        DevicePlan.requireIntElements((long) maxDepth * n * n, "the lyapunov map exponent", "m·N²");
        int cap = Math.max(1, Math.min(maxThreads, LyapunovPlan.MAX_THREADS));
        int threads = Math.min(cap, n < 32 ? n : (n + 31) / 32 * 32);
        long bytes = 8 * workspaceDoubles(n, maxDepth);
        boolean inShared = bytes <= sharedLimit;
        long results = 8L * points * (depthCount + (given ? n : 0));
        return new LyapunovMapPlan(threads, points, inShared, inShared ? (int) bytes : 0, results, inShared ? 0 : bytes);
    }

    /** Device bytes of one network: its result and its blocks' global workspaces. */
    @Override public long bytesPerNetwork() { return resultBytesPerNetwork + points * workspaceBytesPerBlock; }

    @Override public String operation() { return "the lyapunov map exponent"; }

    /** Block and offset indices stay within 32 bits. */
    @Override public long launchLimit() { return Integer.MAX_VALUE / points; }
}
