package io.netdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The re-launched JVM's stderr reaches the user as it is, less the incubator warning. */
class SimdLaunchTest {
    private static String copied(String childStderr) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(sink, true, StandardCharsets.UTF_8);
        SimdLaunch.copyStderr(new ByteArrayInputStream(childStderr.getBytes(StandardCharsets.UTF_8)), err);
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dropsOnlyTheIncubatorWarning() {
        String w = "WARNING: Using incubator modules: jdk.incubator.vector\n";
        assertEquals("netdyn: 1/2 networks\rnetdyn: done\n", copied(w + "netdyn: 1/2 networks\rnetdyn: done\n"));
        assertEquals("netdyn: error: --widths: bad\n" + w, copied("netdyn: error: --widths: bad\n" + w));
        assertEquals("", copied(w));
        assertEquals("", copied(""));
        assertEquals("no newline at all", copied("no newline at all"));
    }

    @Test
    void inProcessRunsNeverRelaunch() {
        // Main.run (what tests and embedders call) leaves the flag unset: the command runs here
        assertEquals(-1, SimdLaunch.runIfWorthIt(1e15, true, false, new PrintStream(new ByteArrayOutputStream())));
    }
}
