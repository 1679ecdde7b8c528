package io.netdyn.backend.cuda;

/**
 * How {@code netdyn_jacobian_spectra_f64} is launched for one shape (N, P input points, D
 * requested depths) on one device: one block per (network × point) of {@code threads} threads
 * (enough for the N² elements of the products, at most {@link #MAX_THREADS} or the device's
 * preference), its workspace of {@link #workspaceDoubles} doubles in dynamic shared memory when
 * it fits the limit, else in a per-block global scratch.
 *
 * <p>Device memory per network: the result P·D·N doubles (3·P·D·N with eigenvalues: ln σ,
 * ln|λ|, arg λ), the given points P·N doubles (when given), and P workspaces when they are global.
 * The eigenvalues need no more workspace: the explicit Q·T, its Hessenberg form and the QR
 * iteration's vectors go into buffers that are free at a requested depth (jacobian_spectra.cu).
 *
 * @param workspaceInShared whether the workspace lives in dynamic shared memory ({@code sharedBytes})
 * @param workspaceBytesPerBlock the block's global workspace (0 when shared)
 */
public record JacobianSpectraPlan(int threads, int points, boolean workspaceInShared, int sharedBytes,
                                  long resultBytesPerNetwork, long workspaceBytesPerBlock) implements DevicePlan {
    /** = netdyn::JSPEC_MAX_THREADS (kernels/jacobian_spectra.cu). */
    public static final int MAX_THREADS = 128;
    /**
     * Static shared memory of the kernel next to the dynamic workspace (the SVD's scalars in
     * jacobi_svd.cuh: 32 bytes by ptxas, docs/kernels.md), rounded up; the block's total must fit the limit.
     */
    public static final int STATIC_SHARED_BYTES = 64;

    /**
     * W, V, the reflectors of Q, T and the product scratch (5N²), b, x, x', d, τ, τ', row, σ (8N)
     * and 4 scalars: kernels/jacobian_spectra.cu. With eigenvalues the same: Q and J = Q·T take
     * W/work (hidden layer) or the old reflectors/W (linear last layer), Re λ and Im λ row and σ.
     */
    public static long workspaceDoubles(int n) {
        return 5L * n * n + 8L * n + 4;
    }

    public static JacobianSpectraPlan of(int n, int depthCount, int points, boolean given, boolean eigenvalues,
                                         int maxThreads, int sharedLimit) {
        if (n < 1 || depthCount < 1 || points < 1) {
            throw new IllegalArgumentException("bad shape N=" + n + " depths=" + depthCount + " P=" + points);
        }
        DevicePlan.requireIntElements((long) n * n, "jacobianSpectra", "N²");
        int cap = Math.max(1, Math.min(maxThreads, MAX_THREADS));
        long work = (long) n * n;
        int threads = (int) Math.min(cap, work < 32 ? work : (work + 31) / 32 * 32);
        long bytes = 8 * workspaceDoubles(n);
        boolean inShared = bytes + STATIC_SHARED_BYTES <= sharedLimit;
        long results = 8L * points * ((eigenvalues ? 3L : 1L) * depthCount * n + (given ? n : 0));
        return new JacobianSpectraPlan(threads, points, inShared, inShared ? (int) bytes : 0, results, inShared ? 0 : bytes);
    }

    /** Device bytes of one network: its result and its blocks' global workspaces. */
    @Override public long bytesPerNetwork() { return resultBytesPerNetwork + points * workspaceBytesPerBlock; }

    @Override public String operation() { return "jacobianSpectra"; }

    /** Block and offset indices stay within 32 bits. */
    @Override public long launchLimit() { return Integer.MAX_VALUE / points; }
}
