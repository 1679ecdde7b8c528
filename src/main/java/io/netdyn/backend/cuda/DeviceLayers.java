package io.netdyn.backend.cuda;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.model.ExplicitLayers;
import io.netdyn.model.NetworkWeights;

/**
 * The layers of a chunk of explicit networks (imported, hand-built, trained:
 * {@link NetworkBatch#explicit}) in one device buffer, which the network kernels read instead of
 * sampling (the {@code layers}, {@code layer_count} parameters; kernels/map_common.cuh
 * {@code explicit_network}). Layout, {@code layerCount} layers per network, network-major then
 * layer-major, each layer W_l (N×N row-major) followed by b_l (N):
 * <pre>
 *   W_l[i][j] of the launch's network b   at  (b·layerCount + l−1)·(N² + N) + i·N + j
 *   b_l[i]                                 at  (b·layerCount + l−1)·(N² + N) + N² + i
 * </pre>
 * 8·layerCount·(N² + N) bytes per network ({@link #bytesPerNetwork}), counted in the operation's
 * device plan ({@link DevicePlan#withExplicitLayers}). A chunk's networks are copied in before its
 * launch, one host→device copy per network from one layer-count-sized host array.
 *
 * @param buffer     the chunk's layers
 * @param layerCount layers per network in the buffer (the first ones of each network)
 */
record DeviceLayers(DeviceBuffer buffer, int layerCount) {
    /** Device bytes of one network's first {@code layerCount} layers of width n. */
    static long bytesPerNetwork(int n, int layerCount) {
        return 8L * layerCount * ((long) n * n + n);
    }

    /** Doubles of one network in the buffer, refused when they exceed an int (the kernels' and copies' ranges). */
    static int doublesPerNetwork(int n, int layerCount, String operation) {
        long d = (long) layerCount * ((long) n * n + n);
        DevicePlan.requireIntElements(d, operation, "explicit layers L·(N² + N)");
        return (int) d;
    }

    /**
     * Allocates the layers of one chunk of {@code c} (its first {@code layerCount} layers per
     * network) and registers their copy before every launch; null for a sampled batch (the
     * kernels then sample).
     */
    static DeviceLayers upload(Device device, ChunkedLaunch c, NetworkBatch batch, int layerCount, String operation) {
        if (batch.sampled()) return null;
        int n = batch.arch().width();
        int per = doublesPerNetwork(n, layerCount, operation);
        double[] host = new double[per];
        DeviceBuffer buffer = c.perNetwork(8L * per);
        c.beforeEach((done, m) -> {
            for (int b = 0; b < m; b++) {
                pack(batch.explicit(), batch.index(done + b), n, layerCount, host);
                device.copyIn(buffer, 8L * per * b, host, 0, per);
            }
        });
        return new DeviceLayers(buffer, layerCount);
    }

    /** Network {@code network}'s first {@code layerCount} layers in the buffer's layout (out: layerCount·(N² + N)). */
    static void pack(ExplicitLayers layers, long network, int n, int layerCount, double[] out) {
        NetworkWeights w = layers.network(network);
        int nn = n * n;
        for (int l = 0; l < layerCount; l++) {
            int at = l * (nn + n);
            System.arraycopy(w.w()[l], 0, out, at, nn);
            System.arraycopy(w.b()[l], 0, out, at + nn, n);
        }
    }
}
