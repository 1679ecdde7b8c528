package io.netdyn.backend.cuda;

/**
 * How {@code netdyn_wormhole_f64} is launched for one shape (width k, n rows per layer, depth L,
 * P pairs, S σ2/σ1 depths) on one device: one block per network of {@code threads} threads
 * (enough for the largest of its strided loops — n rows of R x, k² entries of W and W·H, P·k probe
 * entries —, at most {@link #MAX_THREADS} or the device's preference), its workspace of
 * {@link #workspaceDoubles} doubles in dynamic shared memory when it fits the limit, else in a
 * per-block global scratch.
 *
 * <p>Device memory per network: the result 5·L·P + L doubles and, when global, the workspace.
 *
 * @param svCount the σ2/σ1 depths passed to the kernel (all of the request's; the kernel stops at L)
 * @param workspaceInShared whether the workspace lives in dynamic shared memory ({@code sharedBytes})
 * @param workspaceBytesPerBlock the block's global workspace (0 when shared)
 */
public record WormholePlan(int k, int rows, int depth, int pairs, int svCount, int threads, boolean workspaceInShared,
                           int sharedBytes, long resultBytesPerNetwork, long workspaceBytesPerBlock) implements DevicePlan {
    /** = netdyn::WORM_MAX_THREADS (kernels/wormhole.cu). */
    public static final int MAX_THREADS = 128;
    /**
     * Static shared memory of the kernel next to the dynamic workspace (the SVD's scalars in
     * jacobi_svd.cuh: 32 bytes by ptxas, docs/kernels.md), rounded up; the block's total must fit the limit.
     */
    public static final int STATIC_SHARED_BYTES = 64;

    /**
     * x, x', v, cipher, σ (5k), y (n), z and z' (2P·k), W (k²), with σ2/σ1 H and its product /
     * SVD scratch (2k²), 2 scalars and the k selected row indices (int, ⌈k/2⌉ doubles):
     * kernels/wormhole.cu.
     */
    public static long workspaceDoubles(int k, int rows, int pairs, boolean sv) {
        long kk = (long) k * k;
        return 5L * k + rows + 2L * pairs * k + kk + (sv ? 2 * kk : 0) + 2 + (k + 1) / 2;
    }

    public static WormholePlan of(int k, int rows, int depth, int pairs, int svCount, int maxThreads, int sharedLimit) {
        if (k < 1 || rows < k || depth < 1 || pairs < 1 || svCount < 0) {
            throw new IllegalArgumentException("bad shape k=" + k + " n=" + rows + " L=" + depth + " P=" + pairs
                    + " sv depths=" + svCount);
        }
        DevicePlan.requireIntElements((long) rows * k, "wormhole", "n·k");
        int cap = Math.max(1, Math.min(maxThreads, MAX_THREADS));
        long work = Math.max(rows, Math.max((long) k * k, (long) pairs * k));
        int threads = (int) Math.min(cap, work < 32 ? work : (work + 31) / 32 * 32);
        long bytes = 8 * workspaceDoubles(k, rows, pairs, svCount > 0);
        boolean inShared = bytes + STATIC_SHARED_BYTES <= sharedLimit;
        long results = 8L * depth * (5L * pairs + 1);
        return new WormholePlan(k, rows, depth, pairs, svCount, threads, inShared, inShared ? (int) bytes : 0, results,
                inShared ? 0 : bytes);
    }

    /** Device bytes of one network: its result and, when global, its block's workspace. */
    @Override public long bytesPerNetwork() { return resultBytesPerNetwork + workspaceBytesPerBlock; }

    @Override public String operation() { return "wormhole"; }

    /** Block and offset indices stay within 32 bits. */
    @Override public long launchLimit() { return (long) Integer.MAX_VALUE / ((long) depth * pairs); }
}
