package io.netdyn.measure;

/**
 * How many bytes one backend call may use. The CPU budget is a share of the JVM's max heap;
 * a GPU backend would pass its free device memory.
 */
public record MemoryBudget(long bytes) {

    /** Arrays are int-indexed: one call's result arrays stay well below 2^31 doubles. */
    static final long MAX_BYTES = 6L << 30;

    public static MemoryBudget ofHeapShare(double share) {
        return new MemoryBudget(Math.min(MAX_BYTES, (long) (Runtime.getRuntime().maxMemory() * share)));
    }

    public boolean fits(long bytesPerNetwork) { return bytesPerNetwork <= bytes; }

    /** Networks per batch: the requested size (0 = automatic), capped by the budget and the total. */
    public int networksPerBatch(long bytesPerNetwork, int requested, int total) {
        long byMemory = Math.max(1, bytes / Math.max(1, bytesPerNetwork));
        long size = requested > 0 ? Math.min(requested, byMemory) : Math.min(byMemory, 4096);
        return (int) Math.max(1, Math.min(size, total));
    }
}
