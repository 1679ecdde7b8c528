package io.netdyn.backend;

import io.netdyn.model.Architecture;

/** Networks {@code first .. first+count-1} of one architecture and seed. */
public record NetworkBatch(Architecture arch, long seed, long first, int count) {
    public NetworkBatch {
        if (count < 1) throw new IllegalArgumentException("empty batch");
        if (first < 0 || first + count > (1L << 32)) {
            throw new IllegalArgumentException("network indices must lie in [0, 2^32)");
        }
    }
}
