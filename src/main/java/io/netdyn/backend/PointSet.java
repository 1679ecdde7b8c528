package io.netdyn.backend;

import java.util.Arrays;

/**
 * A ragged set of points in R^N grouped by (network b, depth index d): group g = b·D + d
 * holds points {@code offsets[g] .. offsets[g+1]-1}; point p is {@code x[p·N .. p·N+N)}.
 * Input and output of the batched Newton and Jacobian operations.
 */
public record PointSet(int networks, int depthCount, int width, int[] offsets, double[] x) {

    public PointSet {
        if (offsets.length != networks * depthCount + 1) throw new IllegalArgumentException("offsets must have B·D + 1 entries");
        if (x.length != (long) offsets[offsets.length - 1] * width) throw new IllegalArgumentException("x must hold every point");
    }

    public int size() { return offsets[offsets.length - 1]; }

    public int group(int network, int depthIndex) { return network * depthCount + depthIndex; }

    public PointSet copy() { return new PointSet(networks, depthCount, width, offsets.clone(), x.clone()); }

    /** Collects points group by group, in group order. */
    public static final class Builder {
        private final int networks, depthCount, width;
        private final int[] offsets;
        private double[] x = new double[64];
        private int size, group;

        public Builder(int networks, int depthCount, int width) {
            this.networks = networks;
            this.depthCount = depthCount;
            this.width = width;
            this.offsets = new int[networks * depthCount + 1];
        }

        /** Starts group g (groups must be visited in increasing order; skipped ones stay empty). */
        public Builder group(int g) {
            if (g < group) throw new IllegalArgumentException("groups must be added in order");
            while (group < g) offsets[++group] = size;
            return this;
        }

        public Builder add(double[] src, int offset) {
            if ((size + 1) * width > x.length) x = Arrays.copyOf(x, Math.max(2 * x.length, (size + 1) * width));
            System.arraycopy(src, offset, x, size * width, width);
            size++;
            offsets[group + 1] = size;
            return this;
        }

        public PointSet build() {
            while (group < offsets.length - 1) offsets[++group] = size;
            return new PointSet(networks, depthCount, width, offsets, Arrays.copyOf(x, size * width));
        }
    }
}
