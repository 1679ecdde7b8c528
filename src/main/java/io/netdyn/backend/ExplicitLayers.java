package io.netdyn.backend;

import io.netdyn.model.LayerSource;
import io.netdyn.model.NetworkWeights;
import java.util.List;

/**
 * The {@link LayerSource} of explicit networks (imported weights): network index
 * {@code first + k} is {@code networks.get(k)}. It is indexed by the global network index, so a
 * batch of networks {@code b.first() .. +count-1} reads the same weights however the set is
 * batched. Stateless (copies only): one instance may serve every worker thread.
 */
public final class ExplicitLayers implements LayerSource {
    private final long first;
    private final List<NetworkWeights> networks;
    private final int width, depth;

    /** Networks {@code first .. first+networks.size()-1}; they must share width and depth. */
    public ExplicitLayers(long first, List<NetworkWeights> networks) {
        if (networks.isEmpty()) throw new IllegalArgumentException("no networks");
        if (first < 0 || first + networks.size() > (1L << 32)) {
            throw new IllegalArgumentException("network indices must lie in [0, 2^32)");
        }
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

    private NetworkWeights network(long network, int layer) {
        if (network < first || network >= first + networks.size()) {
            throw new IllegalArgumentException("network " + network + " is not in " + first + ".." + (first + networks.size() - 1));
        }
        if (layer < 1 || layer > depth) throw new IllegalArgumentException("layer " + layer + " is not in 1.." + depth);
        return networks.get((int) (network - first));
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
