package io.netdyn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rate and ETA are of the work done by this run: work restored from a checkpoint is counted but not timed. */
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void restoredWorkIsCountedButNotInTheRateOrEta() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), 1000, "networks", now::get);
        p.restored(900);                       // 9 of 10 cells from the checkpoint, instantly
        now.set(10 * SECOND);
        p.accept(10);                          // then 10 networks in 10 s
        assertEquals("netdyn: 910/1000 networks (91%) (900 restored), 1.0 networks/s, ETA 2min\n",
                buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutRestoredWorkTheLineIsAsBefore() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), 100, "networks", now::get);
        now.set(2 * SECOND);
        p.accept(50);
        assertEquals("netdyn: 50/100 networks (50%), 25.0 networks/s, ETA 2s\n", buf.toString(StandardCharsets.UTF_8));
    }
}
