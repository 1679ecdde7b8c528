package io.netdyn.backend;

import io.netdyn.model.Activation;
import io.netdyn.model.NetworkWeights;
import java.util.List;

/**
 * The square networks f: R^N → R^N a fixed-point operation runs on: either sampled from
 * counters (a {@link NetworkBatch}: a kernel regenerates the weights) or given explicitly
 * (hand-built or imported weights: a backend uploads them). Network b of the set draws its
 * start points with network index {@link #index(int)} and seed {@link #seed()}.
 */
public sealed interface MapNetworks permits MapNetworks.Sampled, MapNetworks.Explicit {
    int count();

    int width();

    /** The deepest network available; an operation may ask for any depth 1..depth(). */
    int depth();

    Activation activation();

    boolean lastLinear();

    long seed();

    /** The network index of slot b (its start points and, when sampled, its weights). */
    long index(int b);

    static MapNetworks sampled(NetworkBatch batch) { return new Sampled(batch); }

    /** Explicit networks; slot b uses network index b for its start points. */
    static MapNetworks explicit(Activation activation, boolean lastLinear, long seed, List<NetworkWeights> networks) {
        return explicit(activation, lastLinear, seed, 0, networks);
    }

    /**
     * Explicit networks {@code first .. first+count-1} of a larger set (a batch of imported
     * networks): slot b uses network index {@code first + b}, so start points and probe inputs
     * do not depend on how the set is batched.
     */
    static MapNetworks explicit(Activation activation, boolean lastLinear, long seed, long first,
                                List<NetworkWeights> networks) {
        return new Explicit(activation, lastLinear, seed, first, List.copyOf(networks));
    }

    record Sampled(NetworkBatch batch) implements MapNetworks {
        public int count() { return batch.count(); }
        public int width() { return batch.arch().width(); }
        public int depth() { return batch.arch().depth(); }
        public Activation activation() { return batch.arch().activation(); }
        public boolean lastLinear() { return batch.arch().lastLinear(); }
        public long seed() { return batch.seed(); }
        public long index(int b) { return batch.first() + b; }
    }

    record Explicit(Activation activation, boolean lastLinear, long seed, long first, List<NetworkWeights> networks)
            implements MapNetworks {
        public Explicit {
            if (networks.isEmpty()) throw new IllegalArgumentException("no networks");
            if (first < 0 || first + networks.size() > (1L << 32)) {
                throw new IllegalArgumentException("network indices must lie in [0, 2^32)");
            }
            int n = networks.get(0).width(), l = networks.get(0).depth();
            for (NetworkWeights w : networks) {
                if (w.width() != n || w.depth() != l) throw new IllegalArgumentException("explicit networks must share width and depth");
            }
        }
        public int count() { return networks.size(); }
        public int width() { return networks.get(0).width(); }
        public int depth() { return networks.get(0).depth(); }
        public long index(int b) { return first + b; }
    }
}
