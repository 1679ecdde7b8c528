package io.netdyn.backend;

import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.ExplicitLayers;
import io.netdyn.model.LayerSource;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.TensorSampler;
import java.util.List;

/**
 * Networks {@code first .. first+count-1} of one architecture and seed, the input of every
 * {@link Backend} operation. Their layers are either
 * <ul>
 *   <li><b>sampled</b> from counters ({@code explicit} null, {@link #sampled()}): a CPU worker
 *       regenerates them with {@link TensorSampler}, a kernel with its device sampler; or</li>
 *   <li><b>explicit</b> ({@link #explicit(Architecture, long, long, int, ExplicitLayers)}: hand-built,
 *       imported or trained weights): the CPU workers copy them; width, activation, last-linear and
 *       depth come from {@code arch}, its distributions mean nothing.</li>
 * </ul>
 * Either way slot b is network index {@link #index(int) first + b}: with the seed it draws the
 * network's input points, probes and start points, so results do not depend on the batching.
 *
 * @param explicit null for sampled networks; else the weights of (at least) these networks, at
 *                 depth ≥ the arch's
 */
public record NetworkBatch(Architecture arch, long seed, long first, int count, ExplicitLayers explicit) {
    public NetworkBatch {
        if (count < 1) throw new IllegalArgumentException("empty batch");
        if (first < 0 || first + count > (1L << 32)) {
            throw new IllegalArgumentException("network indices must lie in [0, 2^32)");
        }
        if (explicit != null) {
            if (explicit.width() != arch.width() || explicit.depth() < arch.depth()) {
                throw new IllegalArgumentException("explicit networks of width " + explicit.width() + " and depth "
                        + explicit.depth() + " do not hold width " + arch.width() + " at depth " + arch.depth());
            }
            if (!explicit.covers(first, count)) {
                throw new IllegalArgumentException("networks " + first + ".." + (first + count - 1)
                        + " are not among the explicit networks " + explicit.first() + ".."
                        + (explicit.first() + explicit.count() - 1));
            }
        }
    }

    /** A batch of sampled networks. */
    public NetworkBatch(Architecture arch, long seed, long first, int count) {
        this(arch, seed, first, count, null);
    }

    /** A batch of explicit networks: network index g has the weights {@code layers} gives for g. */
    public static NetworkBatch explicit(Architecture arch, long seed, long first, int count, ExplicitLayers layers) {
        if (layers == null) throw new IllegalArgumentException("no explicit layers");
        return new NetworkBatch(arch, seed, first, count, layers);
    }

    /**
     * Hand-built networks f: R^N → R^N, all of them one batch: slot b is {@code networks.get(b)}
     * and network index b; width and depth are the networks' ({@link Architecture#ofExplicitWeights}).
     */
    public static NetworkBatch explicit(Activation activation, boolean lastLinear, long seed, List<NetworkWeights> networks) {
        ExplicitLayers layers = new ExplicitLayers(0, networks);
        Architecture arch = Architecture.ofExplicitWeights(layers.width(), layers.depth(), activation, lastLinear);
        return new NetworkBatch(arch, seed, 0, layers.count(), layers);
    }

    /** Whether the layers are sampled from counters (what a kernel can regenerate), not given. */
    public boolean sampled() { return explicit == null; }

    /** The network index of slot {@code b}. */
    public long index(int b) { return first + b; }

    /**
     * The layers of this batch's networks, for one worker: a fresh {@link TensorSampler} for
     * sampled networks (it keeps scratch), the shared explicit source otherwise.
     */
    public LayerSource layers() {
        return explicit != null ? explicit : new TensorSampler(arch, seed);
    }
}
