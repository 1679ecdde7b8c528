package io.netdyn.backend.cuda;

import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.OperationChecks;
import io.netdyn.model.Architecture;

/**
 * The host side of {@code jacobianSpectra} on sampled and explicit networks (explicit layers
 * uploaded per chunk, {@link DeviceLayers}) (kernels/jacobian_spectra.cu,
 * eigenvalues by kernels/hessenberg_eig.cuh; docs/gpu.md, "The jacobian_spectra kernel"): one
 * launch per chunk of networks (block per network × point, all layers and requested depths inside),
 * copied straight into {@link JacobianSpectra#logSigma} and, with eigenvalues,
 * {@link JacobianSpectra#eigLogAbs} / {@link JacobianSpectra#eigArg} (the explicit Q·T reduced to
 * Hessenberg form and Francis QR in the block, linalg/HessenbergEigen's algorithm; the CPU backend
 * uses EJML).
 */
final class JacobianSpectraOps {
    private final Device device;
    private final int maxThreads, sharedLimit;

    JacobianSpectraOps(Device device, int maxThreads, int sharedLimit) {
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
    }

    /** The preflight: one network fits the device. */
    void requireFits(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        DevicePlan plan = plan(batch.arch(), points, depths, eigenvalues);
        if (depths.length > 0) plan = plan.withExplicitLayers(batch, depths[depths.length - 1]);
        plan.requireFits(device);
    }

    private JacobianSpectraPlan plan(Architecture arch, InputPoints points, int[] depths, boolean eigenvalues) {
        return JacobianSpectraPlan.of(arch.width(), depths.length, points.count(), points.given() != null, eigenvalues,
                maxThreads, sharedLimit);
    }

    JacobianSpectra run(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        OperationChecks.jacobianSpectra(batch, points, depths);
        Architecture arch = batch.arch();
        int n = arch.width(), p = points.count(), dc = depths.length;
        JacobianSpectra out = JacobianSpectra.allocate(batch.count(), p, depths, n, eigenvalues);
        JacobianSpectraPlan plan = plan(arch, points, depths, eigenvalues);
        int per = p * dc * n;                                     // doubles of one network's spectra
        int maxDepth = depths[dc - 1];
        try (ChunkedLaunch c = new ChunkedLaunch(device, plan.withExplicitLayers(batch, maxDepth), batch.count())) {
            DeviceBuffer dDepths = c.constant(depths);
            DeviceBuffer logSigma = c.output(out.logSigma(), per);
            DeviceBuffer eigAbs = eigenvalues ? c.output(out.eigLogAbs(), per) : null;
            DeviceBuffer eigArg = eigenvalues ? c.output(out.eigArg(), per) : null;
            DeviceBuffer given = c.input(points.given(), p * n);
            DeviceBuffer scratch = plan.workspaceInShared() ? null : c.perNetwork(plan.workspaceBytesPerBlock() * p);
            DeviceLayers explicit = DeviceLayers.upload(device, c, batch, maxDepth, "jacobianSpectra");
            c.run((done, m) -> Kernel.jacobianSpectra(device, plan, arch, points.q(), batch.seed(), batch.first() + done, m,
                    maxDepth, dDepths, dc, logSigma, eigAbs, eigArg, given, scratch, explicit));
        }
        return out;
    }
}
