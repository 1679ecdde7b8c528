package io.netdyn.sweep;

import java.io.PrintStream;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Progress of long work on stderr: done/total, rate and ETA, at most once a second and
 * only once the work has run for a second (short runs stay quiet). Work restored rather than
 * done ({@link #restored}: cells replayed from a {@code --resume} checkpoint) counts in done/total
 * and is named on the line, but not in the rate or the ETA, which are of the new work alone.
 */
public final class Progress implements LongConsumer {
    private final PrintStream err;
    private final long total;
    private final String unit;
    private final LongSupplier clock;
    private final long start;
    private long done, restored, lastPrint, lastPrintedDone = -1;
    private boolean printed;

    public Progress(PrintStream err, long total, String unit) {
        this(err, total, unit, System::nanoTime);
    }

    /** With a clock in nanoseconds (tests). */
    Progress(PrintStream err, long total, String unit, LongSupplier clock) {
        this.err = err;
        this.total = total;
        this.unit = unit;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastPrint = start;
    }

    /** {@code count} units restored, not computed: counted as done, left out of the rate and the ETA. */
    public synchronized void restored(long count) {
        done += count;
        restored += count;
    }

    @Override
    public synchronized void accept(long count) {
        done += count;
        long now = clock.getAsLong();
        if (now - lastPrint >= 1_000_000_000L) {
            lastPrint = now;
            print(now);
        }
    }

    /** Prints the final line if any progress line was shown. */
    public synchronized void finish() {
        if (printed && lastPrintedDone != done) print(clock.getAsLong());
    }

    private void print(long now) {
        printed = true;
        lastPrintedDone = done;
        double sec = (now - start) / 1e9;
        double rate = (done - restored) / Math.max(sec, 1e-9);
        String eta = done >= total ? "done" : rate <= 0 ? "ETA unknown" : "ETA " + duration((total - done) / rate);
        String reused = restored == 0 ? "" : String.format(" (%d restored)", restored);
        err.printf("netdyn: %d/%d %s (%.0f%%)%s, %.1f %s/s, %s%n",
                done, total, unit, 100.0 * done / total, reused, rate, unit, eta);
    }

    static String duration(double s) {
        if (s < 90) return String.format("%.0fs", s);
        if (s < 5400) return String.format("%.0fmin", s / 60);
        return String.format("%.1fh", s / 3600);
    }
}
