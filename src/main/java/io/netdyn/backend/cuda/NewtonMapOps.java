package io.netdyn.backend.cuda;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.NewtonRun;
import io.netdyn.backend.OperationChecks;
import io.netdyn.backend.PointSet;
import io.netdyn.model.Architecture;
import io.netdyn.model.IterationSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The host side of kernels/newton_map.cu for {@link CudaBackend#mapJacobians} and
 * {@link CudaBackend#newtonMap} on sampled and explicit networks (explicit layers uploaded per
 * chunk, {@link DeviceLayers}): plans the launch, splits the networks into
 * chunks that fit the device's memory budget (ragged: networks hold different numbers of
 * points, so its own chunker rather than {@link ChunkedLaunch}), uploads each chunk's points and offsets, launches once per chunk and copies the
 * results into the CPU backend's layouts (a flat (P, N, N) array; {@link NewtonRun}).
 */
final class NewtonMapOps {
    private final Device device;
    private final int maxThreads, sharedLimit;

    NewtonMapOps(Device device, int maxThreads, int sharedLimit) {
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
    }

    /** J_{f_l}(x) at every point; point p's N×N row-major matrix at [p·N², (p+1)·N²). */
    double[] jacobians(NetworkBatch batch, int[] depths, PointSet points) {
        int maxDepth = OperationChecks.mapPoints(batch, depths, points);
        int n = points.width(), nn = n * n;
        double[] out = new double[Math.multiplyExact(points.size(), nn)];
        run(batch, depths, points, maxDepth, true, null, (buf, p0, count) -> device.copyOut(buf[0], 0, out, p0 * nn, count * nn));
        return out;
    }

    /** Newton from every point (MapEngine.newton), in the CPU backend's {@link NewtonRun} layout. */
    NewtonRun newton(NetworkBatch batch, int[] depths, PointSet points, IterationSettings s) {
        int maxDepth = OperationChecks.mapPoints(batch, depths, points);
        int n = points.width(), size = points.size();
        PointSet out = points.copy();
        double[] residual = new double[size];
        boolean[] converged = new boolean[size];
        int[] iterations = new int[size];
        int[] flags = new int[size];
        run(batch, depths, points, maxDepth, false, s, (buf, p0, count) -> {
            device.copyOut(buf[0], 0, out.x(), p0 * n, count * n);
            device.copyOut(buf[1], 0, residual, p0, count);
            device.copyOut(buf[2], 0, flags, p0, count);
            device.copyOut(buf[3], 0, iterations, p0, count);
        });
        for (int p = 0; p < size; p++) converged[p] = flags[p] != 0;
        return new NewtonRun(out, residual, converged, iterations);
    }

    /** Copies the outputs of points p0 .. p0+count-1 (buffers: jac, or x, residual, converged, iterations). */
    private interface Results {
        void copy(DeviceBuffer[] outputs, int p0, int count);
    }

    private void run(NetworkBatch batch, int[] depths, PointSet points, int maxDepth, boolean jacobians,
                     IterationSettings s, Results results) {
        Architecture arch = batch.arch();
        int n = points.width(), dc = depths.length, nets = points.networks();
        int[] off = points.offsets();
        int maxPoints = 0;
        for (int b = 0; b < nets; b++) maxPoints = Math.max(maxPoints, off[(b + 1) * dc] - off[b * dc]);
        if (maxPoints == 0) return;
        NewtonMapPlan plan = NewtonMapPlan.of(n, maxDepth, maxPoints, jacobians, maxThreads, sharedLimit);
        long layerBytes = batch.sampled() ? 0 : DeviceLayers.bytesPerNetwork(n, maxDepth);  // explicit layers per network
        List<int[]> chunks = chunks(plan, off, nets, dc, device.memoryBudget(), layerBytes);
        int chunkNets = 0, chunkPoints = 0;
        for (int[] c : chunks) {
            chunkNets = Math.max(chunkNets, c[1] - c[0]);
            chunkPoints = Math.max(chunkPoints, off[c[1] * dc] - off[c[0] * dc]);
        }
        long pts = chunkPoints;
        try (DeviceBuffer dDepths = device.alloc(4L * dc);
             DeviceBuffer dOffsets = device.alloc(4L * (chunkNets * dc + 1));
             DeviceBuffer x = device.alloc(8L * pts * n);
             DeviceBuffer out0 = device.alloc(jacobians ? 8L * pts * n * n : 8L * pts * n);
             DeviceBuffer out1 = jacobians ? null : device.alloc(8L * pts);
             DeviceBuffer out2 = jacobians ? null : device.alloc(4L * pts);
             DeviceBuffer out3 = jacobians ? null : device.alloc(4L * pts);
             DeviceBuffer weights = plan.weightsInShared() ? null : device.alloc(plan.weightBytesPerBlock() * chunkNets);
             DeviceBuffer scratch = device.alloc(plan.scratchBytesPerBlock() * chunkNets);
             DeviceBuffer layers = batch.sampled() ? null : device.alloc(layerBytes * chunkNets)) {
            DeviceLayers explicit = layers == null ? null : new DeviceLayers(layers, maxDepth);
            int perNet = layers == null ? 0 : DeviceLayers.doublesPerNetwork(n, maxDepth, jacobians ? "mapJacobians" : "newtonMap");
            double[] host = new double[perNet];
            device.copyIn(dDepths, 0, depths, 0, dc);
            DeviceBuffer[] outputs = {out0, out1, out2, out3};
            for (int[] c : chunks) {
                int b0 = c[0], b1 = c[1], p0 = off[b0 * dc], count = off[b1 * dc] - p0;
                if (count == 0) continue;
                device.copyIn(dOffsets, 0, off, b0 * dc, (b1 - b0) * dc + 1);
                device.copyIn(x, 0, points.x(), p0 * n, count * n);
                for (int b = b0; explicit != null && b < b1; b++) {
                    DeviceLayers.pack(batch.explicit(), batch.index(b), n, maxDepth, host);
                    device.copyIn(layers, 8L * perNet * (b - b0), host, 0, perNet);
                }
                if (jacobians) {
                    Kernel.mapJacobians(device, plan, arch, batch.seed(), batch.first() + b0, b1 - b0, maxDepth,
                            dOffsets, dDepths, dc, x, out0, weights, scratch, explicit);
                } else {
                    Kernel.newtonMap(device, plan, arch, s, batch.seed(), batch.first() + b0, b1 - b0, maxDepth,
                            dOffsets, dDepths, dc, x, out0, out1, out2, out3, weights, scratch, explicit);
                }
                results.copy(outputs, p0, count);
            }
        }
    }

    /** Consecutive network ranges [b0, b1) whose points, scratch and weights fit {@code budget}. */
    static List<int[]> chunks(NewtonMapPlan plan, int[] off, int nets, int dc, long budget) {
        return chunks(plan, off, nets, dc, budget, 0);
    }

    /** {@link #chunks} with {@code layerBytes} more per network (explicit layers, {@link DeviceLayers}). */
    static List<int[]> chunks(NewtonMapPlan plan, int[] off, int nets, int dc, long budget, long layerBytes) {
        List<int[]> out = new ArrayList<>();
        int b0 = 0;
        long used = 0;
        for (int b = 0; b < nets; b++) {
            long need = plan.bytesPerNetwork(off[(b + 1) * dc] - off[b * dc]) + 4L * dc + layerBytes;
            if (need + 4 > budget) {
                throw new IllegalStateException("one network needs " + need + " bytes of device memory for the Newton/"
                        + "Jacobian kernels, more than the " + budget + " bytes available");
            }
            if (b > b0 && used + need + 4 > budget) {
                out.add(new int[] {b0, b});
                b0 = b;
                used = 0;
            }
            used += need;
        }
        out.add(new int[] {b0, nets});
        return out;
    }
}
