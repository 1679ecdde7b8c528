package io.netdyn.backend.cuda;

/**
 * How {@code netdyn_modes_f64} is launched for one shape on one device: one block per network of
 * {@code threads} threads (enough for the S·N pre-activations of the mode pass and the Sb·dirs
 * sample-space searches, at most {@link #MAX_THREADS} or the device's preference), its workspace
 * of {@link #workspaceDoubles} doubles in dynamic shared memory when it fits the limit, else in a
 * per-block global scratch.
 *
 * <p>The workspace (kernels/modes.cu): the kept layers W, b of depths 1..D_b (D_b = {@code held},
 * the deepest basin depth within L), one direction's weight noise Z (D_b·N²), one regenerated
 * deeper layer when L &gt; D_b, the samples X0, X, H (3·S·N), the per-direction sample radii
 * (Sb·dirs·nd), the weight radii (Sb·nd), D_b noise scales, three N-vectors per thread, and as
 * ints the unperturbed classes (Sb·D_b), the neuron modes (N) and nd flags per thread.
 *
 * <p>Device memory per network: the result (3L ints, 2·nd·Sb doubles) and the workspace when it
 * is global.
 *
 * @param held D_b: layers kept for the basin passes (0 when there are no basins)
 * @param workspaceInShared whether the workspace lives in dynamic shared memory ({@code sharedBytes})
 */
public record ModesPlan(int threads, int held, long workspaceDoubles, boolean workspaceInShared, int sharedBytes,
                        long resultBytesPerNetwork) implements DevicePlan {
    /** = netdyn::MODES_MAX_THREADS (kernels/modes.cu). */
    public static final int MAX_THREADS = 128;

    /** Doubles of one block's workspace (ints packed two per double), as kernels/modes.cu carves it. */
    public static long workspaceDoubles(int n, int depth, int samples, int basinSamples, int directions, int basinDepths,
                                        int held, int threads) {
        long nn = (long) n * n, deep = depth > held ? 1 : 0;
        long doubles = held * (2 * nn + n) + deep * (nn + n) + 3L * samples * n
                + (long) basinSamples * directions * basinDepths + (long) basinSamples * basinDepths + held
                + 3L * n * threads;
        long ints = (long) basinSamples * held + n + (long) basinDepths * threads;
        return doubles + (ints + 1) / 2;
    }

    public static ModesPlan of(int n, int depth, int samples, int basinSamples, int directions, int basinDepths,
                               int maxBasinDepth, int maxThreads, int sharedLimit) {
        if (n < 1 || depth < 1 || samples < 1 || basinSamples < 0 || directions < 1 || basinDepths < 0) {
            throw new IllegalArgumentException("bad shape N=" + n + " L=" + depth + " S=" + samples + " Sb=" + basinSamples
                    + " directions=" + directions + " depths=" + basinDepths);
        }
        int held = basinSamples == 0 ? 0 : Math.min(depth, maxBasinDepth);
        DevicePlan.requireIntElements((long) Math.max(1, held) * n * n, "modes", "max(D_b, 1)·N²");
        int cap = Math.max(1, Math.min(maxThreads, MAX_THREADS));
        long work = Math.max((long) samples * n, (long) basinSamples * directions);
        int threads = (int) Math.min(cap, work < 32 ? work : (work + 31) / 32 * 32);
        long ws = workspaceDoubles(n, depth, samples, basinSamples, directions, basinDepths, held, threads);
        boolean inShared = 8 * ws <= sharedLimit;
        long results = 4L * 3 * depth + 8L * 2 * basinDepths * basinSamples;
        return new ModesPlan(threads, held, ws, inShared, inShared ? (int) (8 * ws) : 0, results);
    }

    /** The block's global workspace in bytes (0 when shared). */
    public long workspaceBytesPerBlock() { return workspaceInShared ? 0 : 8 * workspaceDoubles; }

    /** Device bytes of one network: its result and its block's global workspace. */
    @Override public long bytesPerNetwork() { return resultBytesPerNetwork + workspaceBytesPerBlock(); }

    @Override public String operation() { return "modes"; }
}
