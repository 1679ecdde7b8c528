package io.netdyn.backend.cuda;

/**
 * How {@code netdyn_propagate_f64} is launched for one shape (N, L, S) on one device: block
 * size, weight tile, where the states live, shared and global memory per network.
 *
 * <p>Shared memory (doubles): tile rows × (cols + 1) [+1: conflict-free column reads] + rows
 * (bias) + S (probe scales) + 2·S·N (X and H) when they fit the limit; otherwise X and H go to
 * a global scratch of 2·S·N doubles per network and the tile keeps what is left. The tile holds
 * at most {@link #TILE_ELEMENTS} doubles (16 KiB): W_l is regenerated tile by tile, never stored.
 *
 * @param threads        block size: enough for rows·S dot products or S(S+1)/2 Gram pairs,
 *                       a multiple of 32 when the device allows, at most {@link #MAX_THREADS}
 * @param gramBytesPerNetwork    device bytes of the three (L, S, S) results of one network
 * @param scratchBytesPerNetwork device bytes of the global state of one network (0 when shared)
 */
public record PropagatePlan(int threads, int tileRows, int tileCols, boolean stateInShared, int sharedBytes,
                            long gramBytesPerNetwork, long scratchBytesPerNetwork) implements DevicePlan {
    /** = netdyn::PROPAGATE_MAX_THREADS, the kernel's __launch_bounds__. */
    public static final int MAX_THREADS = 256;
    static final int MAX_TILE_COLS = 512;
    static final int TILE_ELEMENTS = 2048;

    /**
     * The plan for width n, depth, s probes on a device that wants at most {@code maxThreads}
     * threads per block and {@code sharedLimit} bytes of shared memory per block.
     */
    public static PropagatePlan of(int n, int depth, int s, int maxThreads, int sharedLimit) {
        if (n < 1 || depth < 1 || s < 1) throw new IllegalArgumentException("bad shape N=" + n + " L=" + depth + " S=" + s);
        long limit = sharedLimit / 8;
        long state = 2L * s * n;
        int cols = Math.min(n, MAX_TILE_COLS);
        boolean inShared = s + state + cols + 2 <= limit;          // room for the state and one tile row
        long avail = limit - s - (inShared ? state : 0);
        if (avail < cols + 2) cols = (int) (avail - 2);
        if (cols < 1) {
            throw new IllegalArgumentException(s + " probes need more than the " + sharedLimit
                    + " bytes of shared memory a block may use");
        }
        int rows = (int) Math.max(1, Math.min(n, Math.min(TILE_ELEMENTS, avail) / (cols + 2)));
        long shared = 8L * ((long) rows * (cols + 2) + s + (inShared ? state : 0));
        int work = Math.max(rows * s, s * (s + 1) / 2);
        int threads = Math.min(Math.min(maxThreads, MAX_THREADS), Math.max(32, (work + 31) / 32 * 32));
        long gram = 3L * 8 * depth * s * s;
        return new PropagatePlan(threads, rows, cols, inShared, (int) shared, gram, inShared ? 0 : 8 * state);
    }

    @Override public String operation() { return "propagate"; }

    /** Device bytes of one network. */
    @Override public long bytesPerNetwork() { return gramBytesPerNetwork + scratchBytesPerNetwork; }
}
