package io.netdyn.backend.cuda;

import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.ModesResult;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.model.Architecture;

/**
 * The host side of {@code modes} on sampled and explicit networks (explicit layers uploaded per
 * chunk, {@link DeviceLayers}) (kernels/modes.cu; docs/gpu.md, "The modes
 * kernel"): one launch per chunk of networks (block per network: the modes of every layer, then
 * every grid scan and bisection of both basin radii), copied straight into the {@link ModesResult}
 * arrays.
 */
final class ModesOps {
    private final Device device;
    private final int maxThreads, sharedLimit;

    ModesOps(Device device, int maxThreads, int sharedLimit) {
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
    }

    /** The preflight: one network fits the device. */
    void requireFits(NetworkBatch batch, ModesRequest request) {
        plan(batch.arch(), request).withExplicitLayers(batch, batch.arch().depth()).requireFits(device);
    }

    private ModesPlan plan(Architecture arch, ModesRequest request) {
        return ModesPlan.of(arch.width(), arch.depth(), request.samples().count(), request.basinSamples(),
                request.basinDirections(), request.basinDepthCount(), request.maxBasinDepth(), maxThreads, sharedLimit);
    }

    ModesResult run(NetworkBatch batch, ModesRequest request) {
        Architecture arch = batch.arch();
        int depth = arch.depth(), sb = request.basinSamples(), nd = request.basinDepthCount();
        ModesResult out = ModesResult.allocate(batch.count(), depth, arch.width(), nd, sb);
        ModesPlan plan = plan(arch, request);
        int radii = nd * sb;                                      // one network's radii of each space
        try (ChunkedLaunch c = new ChunkedLaunch(device, plan.withExplicitLayers(batch, depth), batch.count())) {
            DeviceBuffer dDepths = c.constant(request.basinDepths());
            DeviceBuffer counts = c.output(out.modeCounts(), 3 * depth);
            DeviceBuffer sampleRadius = c.output(out.sampleRadius(), radii), weightRadius = c.output(out.weightRadius(), radii);
            DeviceBuffer scratch = plan.workspaceInShared() ? null : c.perNetwork(plan.workspaceBytesPerBlock());
            DeviceLayers explicit = DeviceLayers.upload(device, c, batch, depth, "modes");
            c.run((done, m) -> Kernel.modes(device, plan, arch, request, batch.seed(), batch.first() + done, m, counts,
                    sampleRadius, weightRadius, dDepths, scratch, explicit));
        }
        return out;
    }
}
