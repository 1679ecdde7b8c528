package io.netdyn.backend;

import io.netdyn.model.Architecture;
import io.netdyn.model.LayerSource;
import io.netdyn.model.TensorSampler;

/**
 * Networks {@code first .. first+count-1} of one architecture and seed: sampled from counters
 * ({@code explicit} null: a backend regenerates the weights with {@link TensorSampler}, a kernel
 * with its device sampler), or, for imported networks, with explicit weights
 * ({@link #explicit(Architecture, long, long, int, ExplicitLayers)}: the CPU workers copy them;
 * width, activation, last-linear and depth come from {@code arch}, its distributions mean nothing).
 * Either way the seed and the network index draw the input points and probes.
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

    /** Whether the weights are given (imported), not sampled. */
    public boolean isExplicit() { return explicit != null; }

    /**
     * The layers of this batch's networks, for one worker: a fresh {@link TensorSampler} for
     * sampled networks (it keeps scratch), the shared explicit source otherwise.
     */
    public LayerSource layers() {
        return explicit != null ? explicit : new TensorSampler(arch, seed);
    }
}
