package io.netdyn.model;

import java.util.List;

/**
 * The {@link LayerSource} of explicit networks (hand-built maps, imported weights): network index
 * {@code first + k} is {@code networks.get(k)}. It is indexed by the global network index, so a
 * batch of networks {@code first .. first+count-1} reads the same weights however the set is
 * batched. Stateless (copies only): one instance may serve every worker thread. The network index
 * range and which networks a batch may take are checked by the batch (backend/NetworkBatch).
 */
public final class ExplicitLayers implements LayerSource {
    private final long first;
    private final List<NetworkWeights> networks;
    private final int width, depth;

    /** Networks {@code first .. first+networks.size()-1}; they must share width and depth. */
    public ExplicitLayers(long first, List<NetworkWeights> networks) {
        if (networks.isEmpty()) throw new IllegalArgumentException("no networks");
        this.first = first;
        this.networks = List.copyOf(networks);
        this.width = networks.get(0).width();
        this.depth = networks.get(0).depth();
        for (NetworkWeights w : this.networks) {
            if (w.width() != width || w.depth() != depth) {
                throw new IllegalArgumentException("explicit networks must share width and depth");
            }
        }
    }

    public long first() { return first; }

    public int count() { return networks.size(); }

    public int width() { return width; }

    public int depth() { return depth; }

    /** Whether networks {@code from .. from+count-1} are all here. */
    public boolean covers(long from, int count) {
        return from >= first && from + count <= first + networks.size();
    }

    /** The weights of network index {@code network} (arrays shared, not copied). */
    public NetworkWeights network(long network) {
        if (network < first || network >= first + networks.size()) {
            throw new IllegalArgumentException("network " + network + " is not in " + first + ".." + (first + networks.size() - 1));
        }
        return networks.get((int) (network - first));
    }

    private NetworkWeights network(long network, int layer) {
        NetworkWeights w = network(network);
        if (layer < 1 || layer > depth) throw new IllegalArgumentException("layer " + layer + " is not in 1.." + depth);
        return w;
    }

    @Override
    public void weights(long network, int layer, double[] out) {
        System.arraycopy(network(network, layer).w()[layer - 1], 0, out, 0, width * width);
    }

    @Override
    public void biases(long network, int layer, double[] out) {
        System.arraycopy(network(network, layer).b()[layer - 1], 0, out, 0, width);
    }
}
