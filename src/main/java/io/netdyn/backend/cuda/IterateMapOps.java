package io.netdyn.backend.cuda;

import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.OperationChecks;
import io.netdyn.model.Architecture;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.StartPoints;

/**
 * The host side of {@code iterateMap} on sampled and explicit networks (kernels/iterate_map.cu; docs/gpu.md,
 * "The iterate_map kernel"): one launch per chunk of networks that fits the memory budget (block
 * per network × chunk of starts, all depths and iterations inside), results copied straight into
 * the {@link FixedPointRun} arrays. Explicit networks' first Lmax layers are
 * uploaded per chunk ({@link DeviceLayers}) and copied by the kernel instead of drawn.
 */
final class IterateMapOps {
    private final Device device;
    private final int maxThreads, sharedLimit;

    IterateMapOps(Device device, int maxThreads, int sharedLimit) {
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
    }

    /** The preflight: checks the depths and that one network fits the device. */
    void requireFits(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings settings) {
        int maxDepth = OperationChecks.iterateMap(batch, depths);
        plan(batch.arch(), maxDepth, depths.length, starts, settings).withExplicitLayers(batch, maxDepth).requireFits(device);
    }

    private IterateMapPlan plan(Architecture arch, int maxDepth, int depthCount, StartPoints starts, IterationSettings s) {
        return IterateMapPlan.of(arch.width(), maxDepth, depthCount, starts.count(), s.maxPeriod(), maxThreads, sharedLimit);
    }

    FixedPointRun run(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings settings) {
        int maxDepth = OperationChecks.iterateMap(batch, depths);
        Architecture arch = batch.arch();
        int n = arch.width(), m = starts.count(), dc = depths.length;
        int slots = dc * m;                                       // result slots of one network
        IterateMapPlan plan = plan(arch, maxDepth, dc, starts, settings);
        FixedPointRun out = FixedPointRun.allocate(batch.count(), depths, m, n);
        try (ChunkedLaunch c = new ChunkedLaunch(device, plan.withExplicitLayers(batch, maxDepth), batch.count())) {
            int[] status = new int[Math.multiplyExact(c.chunk(), slots)];    // the kernel's int status, cast to bytes
            DeviceBuffer dDepths = c.constant(depths);
            DeviceBuffer points = c.output(out.points(), slots * n), iters = c.output(out.iterations(), slots);
            DeviceBuffer stat = c.perNetwork(4L * slots);
            DeviceBuffer resid = c.output(out.residual(), slots), period = c.output(out.period(), slots);
            DeviceBuffer weights = plan.weightsInShared() ? null : c.perNetwork(plan.weightBytesPerBlock() * plan.chunks());
            DeviceBuffer state = c.perNetwork(plan.stateBytesPerBlock() * plan.chunks());
            DeviceLayers explicit = DeviceLayers.upload(device, c, batch, maxDepth, "iterateMap");
            c.run((done, b) -> {
                Kernel.iterateMap(device, plan, arch, starts, settings, batch.seed(), batch.first() + done, b, maxDepth,
                        dDepths, dc, points, iters, stat, resid, period, weights, state, explicit);
                int k = b * slots;
                device.copyOut(stat, 0, status, 0, k);
                for (int i = 0; i < k; i++) out.status()[done * slots + i] = (byte) status[i];
            });
        }
        return out;
    }
}
