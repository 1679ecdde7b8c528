package io.netdyn.backend.cuda;

/**
 * A one-dimensional launch: {@code blocks} × {@code threads}, plus dynamic shared memory.
 * Every netdyn kernel is 1-D (one block per network, or grid-stride over elements).
 */
public record LaunchConfig(int blocks, int threads, int sharedBytes) {

    public LaunchConfig {
        if (blocks < 1) throw new IllegalArgumentException("a launch needs at least one block, got " + blocks);
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads per block must be in 1..1024, got " + threads);
        if (sharedBytes < 0) throw new IllegalArgumentException("negative shared memory " + sharedBytes);
    }

    /** Enough blocks of {@code threads} to give every one of {@code n} elements a thread (ceil-div), at most {@code maxBlocks}. */
    public static LaunchConfig elementwise(int n, int threads, int maxBlocks) {
        int blocks = (int) Math.min(maxBlocks, Math.max(1, ((long) n + threads - 1) / threads));
        return new LaunchConfig(blocks, threads, 0);
    }

    @Override public String toString() {
        return "grid " + blocks + " × block " + threads + ", " + sharedBytes + " B shared";
    }
}
