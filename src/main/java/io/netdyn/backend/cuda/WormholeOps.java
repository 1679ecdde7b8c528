package io.netdyn.backend.cuda;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.OperationChecks;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.WormholeResult;
import io.netdyn.model.Architecture;

/**
 * The host side of {@code wormhole} (kernels/wormhole.cu; docs/gpu.md, "The wormhole kernel"):
 * one launch per chunk of networks (block per network: maxnorm construction, every layer, pair and
 * σ2/σ1 depth inside), copied straight into the {@link WormholeResult} arrays. The width k is the
 * batch's; its activation, distribution and bias are ignored.
 */
final class WormholeOps {
    private final Device device;
    private final int maxThreads, sharedLimit;

    WormholeOps(Device device, int maxThreads, int sharedLimit) {
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
    }

    /** Host bytes of the result, 8·L·(5P + 1), after checking that one network fits the device. */
    long hostBytes(NetworkBatch batch, WormholeRequest request) {
        plan(batch.arch(), request).requireFits(device);
        return 8L * batch.arch().depth() * (5L * request.pairs() + 1);
    }

    private WormholePlan plan(Architecture arch, WormholeRequest request) {
        return WormholePlan.of(arch.width(), request.rows(), arch.depth(), request.pairs(), request.svDepths().length,
                maxThreads, sharedLimit);
    }

    WormholeResult run(NetworkBatch batch, WormholeRequest request) {
        OperationChecks.wormhole(batch);
        int depth = batch.arch().depth(), per = depth * request.pairs();   // doubles of one network's per-pair arrays
        int[] sv = request.svDepths();
        WormholeResult out = WormholeResult.allocate(batch.count(), depth, request.pairs());
        WormholePlan plan = plan(batch.arch(), request);
        try (ChunkedLaunch c = new ChunkedLaunch(device, plan, batch.count())) {
            DeviceBuffer dSv = sv.length == 0 ? null : c.constant(sv);
            DeviceBuffer theta = c.output(out.dTheta(), per), flipped = c.output(out.dThetaFlipped(), per);
            DeviceBuffer dist = c.output(out.d(), per), hamming = c.output(out.hamming(), per), error = c.output(out.error(), per);
            DeviceBuffer ratio = c.output(out.svRatio(), depth);
            DeviceBuffer scratch = plan.workspaceInShared() ? null : c.perNetwork(plan.workspaceBytesPerBlock());
            c.run((done, m) -> Kernel.wormhole(device, plan, request, batch.seed(), batch.first() + done, m, dSv, theta, flipped,
                    dist, hamming, error, ratio, scratch));
        }
        return out;
    }
}
