package io.netdyn.backend.cuda;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;

/**
 * The host side of {@code propagate} on sampled and explicit networks (docs/gpu.md, "The propagate kernel"):
 * small N, kernels/propagate.cu, one launch per chunk of networks (block per network), the Grams
 * copied straight into {@link PropagationGrams}; large N ({@link LargePropagatePlan#preferred}),
 * {@link LargePropagateOps}, its GEMMs through {@link #gemmName()}. Orthogonal weights always take
 * the large path, at every N and whatever path is forced (the small kernel generates weights tile
 * by tile and never holds a whole layer to orthogonalise). Explicit networks: the small kernel reads
 * its tiles from the uploaded layers ({@link DeviceLayers}), the large path copies each layer into
 * its W_l, b_l buffers in place of the sampling launch.
 */
final class PropagateOps implements AutoCloseable {
    private final Device device;
    private final int maxThreads, sharedLimit;
    /** {@link PropagatePath#AUTO} unless a test or the bench forces one. */
    private PropagatePath path = PropagatePath.fromProperty();
    /** The GEMM of the large path, created on first use (a cuBLAS handle is a resource). */
    private Gemm gemm;

    PropagateOps(Device device, int maxThreads, int sharedLimit) {
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
    }

    /** Host bytes of the result, 3·8·L·S², after checking that one network fits the device. */
    long hostBytes(NetworkBatch batch, ProbeInputs probes) {
        plan(batch, probes.count()).requireFits(device);
        long s = probes.count();
        return 3L * 8 * batch.arch().depth() * s * s;
    }

    /**
     * The plan of {@link #run}: the large path's (explicit layers are copied into its one-layer
     * W_l, b_l buffers: no extra device bytes) or the small kernel's, with the explicit layers of
     * each network ({@link DeviceLayers}) added.
     */
    private DevicePlan plan(NetworkBatch batch, int s) {
        Architecture arch = batch.arch();
        return usesLarge(batch, s) ? LargePropagatePlan.of(arch.width(), arch.depth(), s, maxThreads)
                : PropagatePlan.of(arch.width(), arch.depth(), s, maxThreads, sharedLimit).withExplicitLayers(batch, arch.depth());
    }

    PropagationGrams run(NetworkBatch batch, ProbeInputs probes) {
        Architecture arch = batch.arch();
        int s = probes.count();
        if (usesLarge(batch, s)) {
            if (gemm == null) gemm = Gemm.forDevice(device, Math.min(maxThreads, TiledGemm.THREADS));
            return LargePropagateOps.run(device, gemm, (LargePropagatePlan) plan(batch, s), batch, probes);
        }
        PropagatePlan plan = PropagatePlan.of(arch.width(), arch.depth(), s, maxThreads, sharedLimit);
        PropagationGrams out = PropagationGrams.allocate(batch.count(), arch.depth(), s, arch.width());
        int per = arch.depth() * s * s;                          // doubles of one network's Gram stack
        try (ChunkedLaunch c = new ChunkedLaunch(device, plan(batch, s), batch.count())) {
            DeviceBuffer h = c.output(out.hGram(), per), y = c.output(out.yGram(), per), bits = c.output(out.bitGram(), per);
            DeviceBuffer scratch = plan.stateInShared() ? null : c.perNetwork(plan.scratchBytesPerNetwork());
            DeviceLayers explicit = DeviceLayers.upload(device, c, batch, arch.depth(), "propagate");
            c.run((done, m) -> Kernel.propagate(device, plan, arch, probes, batch.seed(), batch.first() + done, m,
                    h, y, bits, scratch, explicit));
        }
        return out;
    }

    /** Forces a path (tests: the large path at small N, the small one at large N). */
    void path(PropagatePath path) { this.path = path; }

    /**
     * Whether the batch with s probes takes the large path: always for sampled orthogonal weights,
     * else as {@link #usesLarge(int, int)} (explicit networks' distributions mean nothing).
     */
    boolean usesLarge(NetworkBatch batch, int s) {
        return batch.sampled() && usesLarge(batch.arch(), s) || usesLarge(batch.arch().width(), s);
    }

    /** Whether sampled networks of {@code arch} with s probes take the large path: always for orthogonal weights, else as {@link #usesLarge(int, int)}. */
    boolean usesLarge(Architecture arch, int s) {
        return arch.weights().kind() == Distribution.Kind.ORTHOGONAL || usesLarge(arch.width(), s);
    }

    /** Whether width n with s probes and non-orthogonal weights takes the large path. */
    boolean usesLarge(int n, int s) {
        return switch (path) {
            case SMALL -> false;
            case LARGE -> true;
            case AUTO -> LargePropagatePlan.preferred(n, s, device.maxSharedBytesPerBlock());
        };
    }

    /** The GEMM of the large path: the one in use, or the one {@link Gemm#forDevice} would pick. */
    String gemmName() {
        if (gemm != null) return gemm.name();
        if (!(device instanceof JCudaDevice)) return "tiled GEMM kernel";
        String why = CublasGemm.unavailableReason();
        return why == null ? "cuBLAS (libcublas.so.12)" : "tiled GEMM kernel (cuBLAS unavailable: " + why + ")";
    }

    /** Frees the GEMM (not the device). */
    @Override
    public void close() {
        if (gemm != null) gemm.close();
    }
}
