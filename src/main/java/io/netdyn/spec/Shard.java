package io.netdyn.spec;

/**
 * One process of a sweep split N ways ({@code --shard I/N}). Which cells shard I computes is
 * decided by {@link ShardPlan} (by estimated cost, the same plan on every shard and in merge).
 * Every network is a function of the seed and its index alone, so the union of the N shards'
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

    public boolean isWhole() { return count == 1; }

    @Override public String toString() { return index + "/" + count; }
}
