package io.netdyn.measure;

import java.util.ArrayList;
import java.util.List;

/**
 * A histogram of values v (here logarithms: ln σ, ln |λ|) whose bin edges do not depend on the
 * order in which values arrive, so esd.csv is identical for any batch size, thread count or
 * shard split.
 *
 * <p>Values are counted in fine dyadic bins [j·w, (j+1)·w), w = 2^-e, starting at the finest
 * e = {@value #FINEST}; when the occupied index span would exceed {@value #CAPACITY} bins the
 * resolution is halved (pairs of aligned bins merge exactly: j → ⌊j/2⌋) until it fits. Counting
 * at the final resolution directly would give the same counts, so the result depends only on
 * the multiset of values. {@link #bins(int)} then groups g = ⌈span/B⌉ adjacent fine bins into at
 * most B output bins starting at the lowest occupied fine edge. Non-finite values (ln 0 = −∞,
 * overflow) are counted apart and are not in any bin.
 */
public final class LogHistogram {
    /** Finest bin width 2^-30 ≈ 1e-9: narrower spectra are a single bin. */
    static final int FINEST = 30;
    /** At most this many fine bins (a long each) are held. */
    static final int CAPACITY = 1 << 14;

    /** One output bin: [lo, hi) with its count. */
    public record Bin(double lo, double hi, long count) {}

    private long[] counts = new long[CAPACITY];
    private int e = FINEST;
    private long base;              // fine index of counts[0]
    private long lowest, highest;   // occupied fine index range (inclusive)
    private long finite, nonFinite;

    public void add(double v) {
        if (!Double.isFinite(v)) { nonFinite++; return; }
        long j = index(v);
        if (finite == 0) {
            base = j - CAPACITY / 2;
            lowest = highest = j;
        } else if (j < base || j >= base + CAPACITY) {
            j = refit(v, j);
        }
        counts[(int) (j - base)]++;
        lowest = Math.min(lowest, j);
        highest = Math.max(highest, j);
        finite++;
    }

    public long finiteCount() { return finite; }

    public long nonFiniteCount() { return nonFinite; }

    /** Current fine bin width. */
    public double fineWidth() { return Math.scalb(1.0, -e); }

    /** At most {@code maxBins} bins covering every finite value; empty when there are none. */
    public List<Bin> bins(int maxBins) {
        List<Bin> out = new ArrayList<>();
        if (finite == 0) return out;
        long span = highest - lowest + 1;
        long g = (span + maxBins - 1) / maxBins;
        for (long start = lowest; start <= highest; start += g) {
            long c = 0;
            for (long j = start; j < start + g && j <= highest; j++) c += counts[(int) (j - base)];
            out.add(new Bin(Math.scalb((double) start, -e), Math.scalb((double) (start + g), -e), c));
        }
        return out;
    }

    private long index(double v) { return (long) Math.floor(Math.scalb(v, e)); }

    /** Slow path: re-centre the window or coarsen until [lowest, highest] ∪ {j} fits; returns j at the new resolution. */
    private long refit(double v, long j) {
        long lo = Math.min(lowest, j), hi = Math.max(highest, j);
        while (hi - lo + 1 > CAPACITY) {
            coarsen();
            j = index(v);
            lo = Math.min(lowest, j);
            hi = Math.max(highest, j);
        }
        long newBase = lo - (CAPACITY - (hi - lo + 1)) / 2;
        long[] moved = new long[CAPACITY];
        for (long k = lowest; k <= highest; k++) moved[(int) (k - newBase)] = counts[(int) (k - base)];
        counts = moved;
        base = newBase;
        return j;
    }

    /** Halves the resolution: fine bin j merges into ⌊j/2⌋. */
    private void coarsen() {
        long[] merged = new long[CAPACITY];
        long newLowest = Math.floorDiv(lowest, 2), newBase = newLowest - CAPACITY / 4;
        for (long k = lowest; k <= highest; k++) merged[(int) (Math.floorDiv(k, 2) - newBase)] += counts[(int) (k - base)];
        counts = merged;
        base = newBase;
        lowest = newLowest;
        highest = Math.floorDiv(highest, 2);
        e--;
    }
}
