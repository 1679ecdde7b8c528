package io.netdyn.backend.cuda;

/**
 * How {@code netdyn_iterate_map_f64} is launched for one shape (N, Lmax, D depths, M starts,
 * ring P) on one device: one thread per start, the M starts split into {@code chunks} equal
 * blocks of at most {@link #MAX_THREADS} (or the device's preferred) threads, one block per
 * (network × chunk).
 *
 * <p>Device memory per network: the {@link io.netdyn.backend.FixedPointRun} slots
 * D·M·(8N + 8 + 3·4) bytes, plus per block the thread states (5 + P)·N doubles per thread and,
 * when W_1..W_Lmax, b_1..b_Lmax (Lmax·(N² + N) doubles) do not fit the shared-memory limit, a
 * global copy of them.
 *
 * @param threads       block size: ⌈M / chunks⌉
 * @param chunks        blocks per network
 * @param weightsInShared whether the layers live in dynamic shared memory ({@code sharedBytes})
 * @param stateBytesPerBlock  the block's thread states, (5 + P)·N·threads doubles
 * @param weightBytesPerBlock the block's global copy of the layers (0 when shared)
 */
public record IterateMapPlan(int threads, int chunks, boolean weightsInShared, int sharedBytes,
                             long resultBytesPerNetwork, long stateBytesPerBlock, long weightBytesPerBlock) implements DevicePlan {
    /** = netdyn::ITERATE_MAX_THREADS, the kernel's __launch_bounds__. */
    public static final int MAX_THREADS = 256;

    public static IterateMapPlan of(int n, int maxDepth, int depthCount, int starts, int period,
                                    int maxThreads, int sharedLimit) {
        if (n < 1 || maxDepth < 1 || depthCount < 1 || starts < 1 || period < 1) {
            throw new IllegalArgumentException("bad shape N=" + n + " L=" + maxDepth + " D=" + depthCount
                    + " M=" + starts + " P=" + period);
        }
        DevicePlan.requireIntElements((long) maxDepth * n * n, "iterateMap", "Lmax·N²");
        int cap = Math.max(1, Math.min(maxThreads, MAX_THREADS));
        int chunks = (starts + cap - 1) / cap;
        int threads = (starts + chunks - 1) / chunks;
        long layers = 8L * maxDepth * ((long) n * n + n);
        boolean inShared = layers <= sharedLimit;
        long results = (long) depthCount * starts * (8L * n + 8 + 12);
        long state = 8L * threads * (5 + period) * n;
        return new IterateMapPlan(threads, chunks, inShared, inShared ? (int) layers : 0, results, state,
                inShared ? 0 : layers);
    }

    /** Device scratch of one network: its blocks' states and global weight copies. */
    public long scratchBytesPerNetwork() { return chunks * (stateBytesPerBlock + weightBytesPerBlock); }

    @Override public String operation() { return "iterateMap"; }

    /** Device bytes of one network. */
    @Override public long bytesPerNetwork() { return resultBytesPerNetwork + scratchBytesPerNetwork(); }

    /** Block and offset indices stay within 32 bits. */
    @Override public long launchLimit() { return Integer.MAX_VALUE / chunks; }
}
