package io.netdyn.backend.cuda;

/**
 * How {@code netdyn_lyapunov_depth_f64} is launched for one shape (N, L, k tangent vectors,
 * P input points) on one device: one block per (network × point) of {@code threads} threads
 * (enough for the N·k elements of D W Q, at most {@link #MAX_THREADS} or the device's
 * preference), its workspace of {@link #workspaceDoubles} doubles in dynamic shared memory when
 * it fits the limit, else in a per-block global scratch.
 *
 * <p>Device memory per network: the result L·P·k doubles, the given points P·N doubles (when
 * given), and P workspaces when they are global.
 *
 * @param workspaceInShared whether the workspace lives in dynamic shared memory ({@code sharedBytes})
 * @param workspaceBytesPerBlock the block's global workspace (0 when shared)
 */
public record LyapunovPlan(int threads, int points, boolean workspaceInShared, int sharedBytes,
                           long resultBytesPerNetwork, long workspaceBytesPerBlock) implements DevicePlan {
    /** = netdyn::LYAP_MAX_THREADS, the kernel's __launch_bounds__. */
    public static final int MAX_THREADS = 128;

    /** W, b, x, x', d (N² + 4N), Q and V (2Nk), τ, row, acc (3k) and 4 scalars: kernels/lyapunov.cu. */
    public static long workspaceDoubles(int n, int k) {
        return (long) n * n + 4L * n + 2L * n * k + 3L * k + 4;
    }

    public static LyapunovPlan of(int n, int depth, int k, int points, boolean given, int maxThreads, int sharedLimit) {
        if (n < 1 || depth < 1 || k < 1 || k > n || points < 1) {
            throw new IllegalArgumentException("bad shape N=" + n + " L=" + depth + " k=" + k + " P=" + points);
        }
        DevicePlan.requireIntElements((long) n * n, "lyapunov", "N²");
        int cap = Math.max(1, Math.min(maxThreads, MAX_THREADS));
        long work = (long) n * k;
        int threads = (int) Math.min(cap, work < 32 ? work : (work + 31) / 32 * 32);
        long bytes = 8 * workspaceDoubles(n, k);
        boolean inShared = bytes <= sharedLimit;
        long results = 8L * points * ((long) depth * k + (given ? n : 0));
        return new LyapunovPlan(threads, points, inShared, inShared ? (int) bytes : 0, results, inShared ? 0 : bytes);
    }

    /** Device bytes of one network: its result and its blocks' global workspaces. */
    @Override public long bytesPerNetwork() { return resultBytesPerNetwork + points * workspaceBytesPerBlock; }

    @Override public String operation() { return "lyapunov"; }

    /** Block and offset indices stay within 32 bits. */
    @Override public long launchLimit() { return Integer.MAX_VALUE / points; }
}
