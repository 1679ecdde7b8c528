package io.netdyn.backend.cuda;

/**
 * The large-N propagate path (materialised weights + batched GEMM, {@link LargePropagateOps}):
 * when it is chosen, and device memory per network.
 *
 * <p>Device doubles per network: N² (W_l) + N (b_l) + 3·S·N (X, H, bits) + (N + S) (probe
 * scratch, then, for orthogonal weights, the Haar step's N doubles of τ) + 3·L·S² (the Gram
 * stacks); one layer's weights at a time, so memory does not grow with depth except through the
 * results. A chunk holds as many networks as fit the budget. No shared memory: the Haar step
 * (kernels/haar.cuh) works on W_l in global memory, one block per network.
 *
 * <p>The rule ({@link #preferred}, docs/gpu.md "The large-N propagate path"): the large path
 * when N ≥ {@link #MIN_WIDTH}, or when the small kernel's per-network state (X, H: 2·S·N
 * doubles plus a tile row) does not fit the <em>device's</em> shared memory per block. Below,
 * the small kernel (block per network, weights regenerated into shared memory, never stored)
 * wins: its one-block-per-network launch fills the GPU once a chunk has ≥ 2 networks per SM, and
 * it moves no weights through global memory. From N = 256 on, a network's N² draws and 2·S·N²
 * flops per layer are too much for one SM when chunks hold few networks, and the small kernel's
 * H loop (a scalar dot per thread out of shared memory) is far below the GEMM's register-blocked
 * rate. The shrunken launch limits tests pass to {@link CudaBackend} do not change the choice (they
 * exist to drive the small kernel into its global-scratch path). Orthogonal weights always take
 * this path, whatever the rule or a forced path says: the small kernel never holds a whole layer
 * to orthogonalise ({@link CudaBackend#propagate}).
 *
 * @param threads              block size of the element-wise kernels and the tiled GEMM
 * @param bytesPerNetwork      device bytes of one network (see above)
 */
public record LargePropagatePlan(int n, int depth, int probes, int threads, long bytesPerNetwork) implements DevicePlan {
    /** From this width on the large path is the default. */
    public static final int MIN_WIDTH = 256;

    public static LargePropagatePlan of(int n, int depth, int s, int maxThreads) {
        if (n < 1 || depth < 1 || s < 1) throw new IllegalArgumentException("bad shape N=" + n + " L=" + depth + " S=" + s);
        long doubles = (long) n * n + n + 3L * s * n + (n + s) + 3L * depth * s * s;
        return new LargePropagatePlan(n, depth, s, Math.max(1, Math.min(maxThreads, TiledGemm.THREADS)), 8 * doubles);
    }

    /** Whether the large path is the better one for width n, s probes on a device with {@code deviceShared} bytes per block. */
    public static boolean preferred(int n, int s, int deviceShared) {
        if (n >= MIN_WIDTH) return true;
        long state = 2L * s * n + s + Math.min(n, PropagatePlan.MAX_TILE_COLS) + 2;   // PropagatePlan's fit test
        return 8 * state > deviceShared;
    }

    @Override public String operation() { return "propagate (large-N path)"; }
}
