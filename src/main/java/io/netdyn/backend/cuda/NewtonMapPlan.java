package io.netdyn.backend.cuda;

/**
 * How {@code netdyn_map_jacobians_f64} and {@code netdyn_newton_map_f64} are launched for one
 * shape (N, Lmax) and one point set on one device: one block per network, one thread per point
 * (a thread loops when a network has more points than the block has threads).
 *
 * <p>Device memory per network: its points in and out ({@link #bytesPerPoint} each), its block's
 * thread scratch — the running product, its successor and the LU matrix plus eleven vectors,
 * (3N² + 11N) doubles per thread — and, when W_1..W_Lmax, b_1..b_Lmax (Lmax·(N² + N) doubles)
 * do not fit the shared-memory limit, a global copy of them.
 *
 * @param threads             block size: the most points of one network, at most {@link #MAX_THREADS}
 * @param weightsInShared     whether the layers live in dynamic shared memory ({@code sharedBytes})
 * @param scratchBytesPerBlock the block's thread scratch, 8·(3N² + 11N)·threads
 * @param weightBytesPerBlock the block's global copy of the layers (0 when shared)
 * @param bytesPerPoint       one point's input and outputs (Jacobian 8N², or Newton 8N + 16)
 */
public record NewtonMapPlan(int threads, boolean weightsInShared, int sharedBytes, long scratchBytesPerBlock,
                            long weightBytesPerBlock, long bytesPerPoint) {
    /** = netdyn::NEWTON_MAX_THREADS (96 registers a thread on sm_90: 128 threads use 12 K registers). */
    public static final int MAX_THREADS = 128;

    /**
     * @param maxPoints  the most points any one network has
     * @param jacobians  true for mapJacobians (N² doubles out per point), false for Newton
     */
    public static NewtonMapPlan of(int n, int maxDepth, int maxPoints, boolean jacobians, int maxThreads, int sharedLimit) {
        if (n < 1 || maxDepth < 1) throw new IllegalArgumentException("bad shape N=" + n + " L=" + maxDepth);
        DevicePlan.requireIntElements((long) maxDepth * n * n, "newtonMap", "Lmax·N²");
        DevicePlan.requireIntElements(3L * n * n + 11L * n, "newtonMap", "3N² + 11N (a point's scratch)");
        int threads = Math.max(1, Math.min(Math.max(1, maxPoints), Math.min(maxThreads, MAX_THREADS)));
        long nn = (long) n * n;
        long layers = 8L * maxDepth * (nn + n);
        boolean inShared = layers <= sharedLimit;
        long scratch = 8L * threads * (3 * nn + 11L * n);
        long perPoint = 8L * n + (jacobians ? 8 * nn : 8L * n + 16);
        return new NewtonMapPlan(threads, inShared, inShared ? (int) layers : 0, scratch, inShared ? 0 : layers, perPoint);
    }

    /** Device bytes of one network with {@code points} points (offsets not counted: 4 bytes a group). */
    public long bytesPerNetwork(int points) {
        return scratchBytesPerBlock + weightBytesPerBlock + bytesPerPoint * points;
    }
}
