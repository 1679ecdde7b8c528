package io.netdyn.backend.cuda;

/**
 * How {@code netdyn_train_f64} (kernels/train.cu) is launched for one shape (width N, depth L,
 * P training samples, C classes, the optimizer's moment count) on one device: one block per
 * network of {@link #threads} threads; the network's weights in dynamic shared memory, rows padded
 * to N + 1 doubles, when L·(N(N + 1) + N) doubles fit the shared-memory limit, else used in place
 * in global memory.
 *
 * <p>Device memory per network (doubles unless int): the weights and each moment L·(N² + N),
 * the gradient L·(N² + N), h and a 2·L·P·N, δ 2·P·N, the per-sample losses P; ints: the shuffle and
 * the batch 2P, steps before the call, updates done, diverged. The training set and the Adam bias
 * corrections are one copy for all networks (not counted per network).
 *
 * @param threads         block size
 * @param weightsInShared whether the weights live in dynamic shared memory ({@code sharedBytes})
 * @param samples         P, the training samples (the batch is at most P)
 * @param classes         C (0 for regression targets)
 * @param parameters      L·(N² + N), the weights and biases of one network
 */
public record TrainPlan(int threads, boolean weightsInShared, int sharedBytes, int samples, int classes,
                        int parameters, long bytesPerNetwork) implements DevicePlan {
    /** = netdyn::TRAIN_MAX_THREADS, the kernel's __launch_bounds__. */
    public static final int MAX_THREADS = 256;

    public static TrainPlan of(int n, int depth, int samples, int classes, int moments, int maxThreads, int sharedLimit) {
        if (n < 1 || depth < 1 || samples < 1 || moments < 0 || moments > 2) {
            throw new IllegalArgumentException("bad shape N=" + n + " L=" + depth + " P=" + samples + " moments=" + moments);
        }
        long perLayer = (long) n * n + n;
        DevicePlan.requireIntElements(perLayer, "train", "N² + N");
        DevicePlan.requireIntElements((long) samples * n, "train", "P·N");
        DevicePlan.requireIntElements(depth * perLayer, "train", "L·(N² + N)");
        int cap = Math.max(1, Math.min(maxThreads, MAX_THREADS));
        long work = Math.max(perLayer, (long) samples * n);           // the widest parallel loop of a pass
        int threads = (int) Math.min(cap, Math.max(1, ((work + 31) / 32) * 32));
        long padded = 8L * depth * ((long) n * (n + 1) + n);
        boolean inShared = padded <= sharedLimit;
        long params = depth * perLayer;
        long doubles = params * (2 + moments) + 2L * depth * samples * n + 2L * samples * n + samples;
        long ints = 2L * samples + 3;
        return new TrainPlan(threads, inShared, inShared ? (int) padded : 0, samples, classes, (int) params,
                8 * doubles + 4 * ints);
    }

    @Override public String operation() { return "train"; }

    /** The host's chunk arrays (networks × L·(N² + N) doubles) and copies are int-indexed. */
    @Override public long launchLimit() { return Integer.MAX_VALUE / Math.max(1, parameters); }
}
