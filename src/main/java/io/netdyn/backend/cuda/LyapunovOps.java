package io.netdyn.backend.cuda;

import io.netdyn.backend.InputPoints;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.OperationChecks;
import io.netdyn.model.Architecture;

/**
 * The host side of {@code lyapunov} on sampled and explicit networks ({@link DeviceLayers}: the
 * explicit layers uploaded per chunk and read by the kernels instead of drawn), wholly on the device (kernels/lyapunov.cu;
 * docs/gpu.md, "The lyapunov kernel"): the depth sums Σ ln|R_ii| (netdyn_lyapunov_depth_f64, block
 * per network × point) into {@link LyapunovRun#logRSum}; then, when asked for, the iterated-map
 * exponents (netdyn_lyapunov_map_f64, {@link LyapunovMapPlan}: the deepest map depth's layers
 * sampled once per block, every map depth from the same x_0) into {@link LyapunovRun#mapLambda},
 * each chunked on its own.
 */
final class LyapunovOps {
    private final Device device;
    private final int maxThreads, sharedLimit;

    LyapunovOps(Device device, int maxThreads, int sharedLimit) {
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
    }

    /** The preflight: one network of each launch that will run fits the device (invalid k is left to {@link #run}). */
    void requireFits(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        Architecture arch = batch.arch();
        if (k >= 1 && k <= arch.width()) depthPlan(arch, k, points).withExplicitLayers(batch, arch.depth()).requireFits(device);
        if (mapSteps > 0 && mapDepths.length > 0) {
            mapPlan(arch, mapDepths, points).withExplicitLayers(batch, mapDepths[mapDepths.length - 1]).requireFits(device);
        }
    }

    private LyapunovPlan depthPlan(Architecture arch, int k, InputPoints points) {
        return LyapunovPlan.of(arch.width(), arch.depth(), k, points.count(), points.given() != null, maxThreads, sharedLimit);
    }

    private LyapunovMapPlan mapPlan(Architecture arch, int[] mapDepths, InputPoints points) {
        return LyapunovMapPlan.of(arch.width(), mapDepths[mapDepths.length - 1], mapDepths.length, points.count(),
                points.given() != null, maxThreads, sharedLimit);
    }

    LyapunovRun run(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        OperationChecks.lyapunov(batch, points, k, mapDepths, mapSteps);
        Architecture arch = batch.arch();
        int n = arch.width(), depth = arch.depth(), p = points.count();
        LyapunovRun out = LyapunovRun.allocate(batch.count(), p, depth, k, mapDepths, mapSteps);
        LyapunovPlan plan = depthPlan(arch, k, points);
        try (ChunkedLaunch c = new ChunkedLaunch(device, plan.withExplicitLayers(batch, depth), batch.count())) {
            DeviceBuffer logr = c.output(out.logRSum(), p * depth * k);
            DeviceBuffer given = c.input(points.given(), p * n);
            DeviceBuffer scratch = plan.workspaceInShared() ? null : c.perNetwork(plan.workspaceBytesPerBlock() * p);
            DeviceLayers explicit = DeviceLayers.upload(device, c, batch, depth, "lyapunov");
            c.run((done, m) -> Kernel.lyapunovDepth(device, plan, arch, k, points.q(), batch.seed(), batch.first() + done, m,
                    logr, given, scratch, explicit));
        }
        if (mapSteps > 0 && mapDepths.length > 0) map(batch, points, mapDepths, mapSteps, out);
        return out;
    }

    /** The iterated-map exponents into {@link LyapunovRun#mapLambda}: block per network × point. */
    private void map(NetworkBatch batch, InputPoints points, int[] mapDepths, int mapSteps, LyapunovRun out) {
        Architecture arch = batch.arch();
        int n = arch.width(), p = points.count(), dc = mapDepths.length, maxDepth = mapDepths[dc - 1];
        LyapunovMapPlan plan = mapPlan(arch, mapDepths, points);
        try (ChunkedLaunch c = new ChunkedLaunch(device, plan.withExplicitLayers(batch, maxDepth), batch.count())) {
            DeviceBuffer dDepths = c.constant(mapDepths);
            DeviceBuffer lambda = c.output(out.mapLambda(), p * dc);
            DeviceBuffer given = c.input(points.given(), p * n);
            DeviceBuffer scratch = plan.workspaceInShared() ? null : c.perNetwork(plan.workspaceBytesPerBlock() * p);
            DeviceLayers explicit = DeviceLayers.upload(device, c, batch, maxDepth, "lyapunov map exponent");
            c.run((done, m) -> Kernel.lyapunovMap(device, plan, arch, points.q(), batch.seed(), batch.first() + done, m,
                    maxDepth, dDepths, dc, mapSteps, lambda, given, scratch, explicit));
        }
    }
}
