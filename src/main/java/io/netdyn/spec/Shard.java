package io.netdyn.spec;

/**
 * Which grid cells one process computes ({@code --shard I/N}): the cells whose grid index i
 * (0-based, grid order) satisfies i mod N = I − 1. Round-robin rather than contiguous blocks,
 * so that the widths (which set the cost of a cell) spread evenly over the shards. Every
 * network is a function of the seed and its index alone, so the union of the N shards'
 * results is exactly the single run's ({@code netdyn merge} puts them back in grid order).
 *
 * @param index 1-based, 1..count
 */
public record Shard(int index, int count) {
    /** The whole grid (no sharding). */
    public static final Shard WHOLE = new Shard(1, 1);

    public Shard {
        if (count < 1) throw new IllegalArgumentException("shard count must be >= 1, got " + count);
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("shard index must be in 1.." + count + " (1-based), got " + index);
        }
    }

    /** Parses "I/N" (both integers, 1 ≤ I ≤ N). */
    public static Shard parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("expected I/N (e.g. 3/8), got '" + text + "'");
        try {
            return new Shard(Integer.parseInt(s.substring(0, slash).trim()), Integer.parseInt(s.substring(slash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected I/N with integers I and N (e.g. 3/8), got '" + text + "'");
        }
    }

    /** Whether this shard computes the cell with grid index {@code cellIndex}. */
    public boolean owns(int cellIndex) { return cellIndex % count == index - 1; }

    public boolean isWhole() { return count == 1; }

    @Override public String toString() { return index + "/" + count; }
}
