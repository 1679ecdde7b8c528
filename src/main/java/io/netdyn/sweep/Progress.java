package io.netdyn.sweep;

import java.io.PrintStream;
import java.util.function.LongConsumer;

/**
 * Progress of long work on stderr: done/total, rate and ETA, at most once a second and
 * only once the work has run for a second (short runs stay quiet).
 */
public final class Progress implements LongConsumer {
    private final PrintStream err;
    private final long total;
    private final String unit;
    private final long start = System.nanoTime();
    private long done, lastPrint = start, lastPrintedDone = -1;
    private boolean printed;

    public Progress(PrintStream err, long total, String unit) {
        this.err = err;
        this.total = total;
        this.unit = unit;
    }

    @Override
    public synchronized void accept(long count) {
        done += count;
        long now = System.nanoTime();
        if (now - lastPrint >= 1_000_000_000L) {
            lastPrint = now;
            print(now);
        }
    }

    /** Prints the final line if any progress line was shown. */
    public synchronized void finish() {
        if (printed && lastPrintedDone != done) print(System.nanoTime());
    }

    private void print(long now) {
        printed = true;
        lastPrintedDone = done;
        double sec = (now - start) / 1e9;
        double rate = done / Math.max(sec, 1e-9);
        String eta = done >= total ? "done" : "ETA " + duration((total - done) / Math.max(rate, 1e-9));
        err.printf("netdyn: %d/%d %s (%.0f%%), %.1f %s/s, %s%n",
                done, total, unit, 100.0 * done / total, rate, unit, eta);
    }

    static String duration(double s) {
        if (s < 90) return String.format("%.0fs", s);
        if (s < 5400) return String.format("%.0fmin", s / 60);
        return String.format("%.1fh", s / 3600);
    }
}
