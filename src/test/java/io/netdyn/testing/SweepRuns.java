package io.netdyn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Runs a sweep command line in-process on one backend and returns one of its output files. */
public final class SweepRuns {
    private SweepRuns() {}

    /** {@code sweep} plus {@code --backend BACKEND --out OUT}; asserts exit 0; stderr goes to {@code err}. */
    public static List<String> run(String[] sweep, Path out, String backend, ByteArrayOutputStream err, String file)
            throws IOException {
        String[] args = Arrays.copyOf(sweep, sweep.length + 4);
        args[sweep.length] = "--backend";
        args[sweep.length + 1] = backend;
        args[sweep.length + 2] = "--out";
        args[sweep.length + 3] = out.toString();
        int code = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, code, backend + ": " + err);
        return Files.readAllLines(out.resolve(file));
    }
}
