package io.netdyn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.cli.Main;
import io.netdyn.io.Checkpoint;
import io.netdyn.measure.Measures;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.spec.SweepSpec;
import io.netdyn.spec.UsageError;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume}: a run that dies after some cells leaves those cells in the checkpoint, and
 * the rerun computes only the rest; the final files are byte-identical to an uninterrupted
 * run's, and the checkpoint is gone after the commit. A checkpoint of another sweep is refused.
 */
class ResumeTest {
    private static final Map<SweepOption, String> SWEEP = Map.of(
            SweepOption.WIDTHS, "3,4", SweepOption.DIST, "gaussian:1,cauchy:1", SweepOption.ACTIVATION, "tanh,relu",
            SweepOption.MEASURES, "propagation,fixedpoints,jacobian", SweepOption.NETWORKS, "4", SweepOption.DEPTHS, "1:3",
            SweepOption.PROBES, "4", SweepOption.STARTS, "8", SweepOption.MAX_ITER, "100", SweepOption.BACKEND, "cpu");
    private static final List<String> FILES = List.of("results.csv", "fixedpoints.csv", "esd.csv");

    private static SweepSpec spec(Path out, boolean resume, String seed) {
        SpecResolver r = new SpecResolver();
        SWEEP.forEach(r::set);
        r.set(SweepOption.OUT, out.toString()).set(SweepOption.SEED, seed).set(SweepOption.RESUME, Boolean.toString(resume));
        return r.resolve(Measures.names());
    }


    @Test
    void aRunKilledAfterThreeCellsResumesToTheUninterruptedFiles(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), resumed = dir.resolve("resumed");
        new SweepRunner(quiet()).run(spec(whole, false, "5"), "test");

        SweepRunner dying = new SweepRunner(quiet(), killedAfter(3));
        assertThrows(IllegalStateException.class, () -> dying.run(spec(resumed, true, "5"), "test"));
        assertFalse(Files.exists(resumed.resolve("results.csv")), "nothing committed by the failed run");
        Path cp = resumed.resolve(Checkpoint.DIR);
        assertEquals(3, count(cp, "cell-"), "three finished cells kept");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Integer> told = new ArrayList<>();   // replayed and computed cells alike, in grid order
        new SweepRunner(new PrintStream(err, true, StandardCharsets.UTF_8), (cell, finished) -> told.add(cell.index()))
                .run(spec(resumed, true, "5"), "test");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("reusing 3 of 8 cells"), err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), told);
        for (String f : FILES) assertEquals(Files.readString(whole.resolve(f)), Files.readString(resumed.resolve(f)), f);
        assertFalse(Files.exists(cp), "checkpoint removed after the commit");
    }

    @Test
    void aCheckpointOfAnotherSweepIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("o");
        SweepRunner dying = new SweepRunner(quiet(), killedAfter(1));
        assertThrows(IllegalStateException.class, () -> dying.run(spec(out, true, "5"), "test"));
        UsageError e = assertThrows(UsageError.class, () -> new SweepRunner(quiet()).run(spec(out, true, "6"), "test"));
        assertTrue(e.getMessage().contains("another sweep") && e.getMessage().contains("--seed was 5, now 6"), e.getMessage());
        Path sweepTxt = out.resolve(Checkpoint.DIR).resolve("sweep.txt");      // cells of a netdyn of random-stream layout 1
        Files.writeString(sweepTxt, Files.readString(sweepTxt).replace("random-streams=2\n", ""));
        e = assertThrows(UsageError.class, () -> new SweepRunner(quiet()).run(spec(out, true, "5"), "test"));
        assertTrue(e.getMessage().contains("another sweep") && e.getMessage().contains("the random-stream layout was 1, now 2"), e.getMessage());
    }

    /**
     * A requeued job whose sweep had already committed: --resume on its finished directory is
     * success (one line, exit 0, files untouched); a finished directory of another sweep is still refused.
     */
    @Test
    void resumingAFinishedSweepIsAlreadyCompleteButAnotherSweepIsRefused(@TempDir Path dir) throws Exception {
        String out = dir.resolve("o").toString();
        String[] args = {"sweep", "--widths", "3", "--depths", "1:2", "--networks", "3", "--probes", "4", "--backend", "cpu",
            "--resume", "--out", out};
        assertEquals(0, Main.run(args, quiet(), quiet()));
        byte[] before = Files.readAllBytes(dir.resolve("o/results.csv"));
        ByteArrayOutputStream so = new ByteArrayOutputStream(), se = new ByteArrayOutputStream();
        String[] again = java.util.Arrays.copyOf(args, args.length + 2);
        again[args.length] = "--threads";      // run-only settings may differ
        again[args.length + 1] = "1";
        assertEquals(0, Main.run(again, new PrintStream(so, true, StandardCharsets.UTF_8), new PrintStream(se, true, StandardCharsets.UTF_8)));
        String text = so.toString(StandardCharsets.UTF_8) + se.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.strip().lines().count(), text);
        assertTrue(text.contains("already complete"), text);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("o/results.csv"))));

        String[] other = java.util.Arrays.copyOf(args, args.length + 2);
        other[args.length] = "--seed";
        other[args.length + 1] = "9";
        se.reset();
        assertEquals(2, Main.run(other, quiet(), new PrintStream(se, true, StandardCharsets.UTF_8)));
        String refusal = se.toString(StandardCharsets.UTF_8);
        assertEquals(1, refusal.strip().lines().count(), refusal);
        assertTrue(refusal.contains("--resume") && refusal.contains("holds the results of another sweep (changed: seed)"), refusal);
        Path manifest = dir.resolve("o/manifest.json");    // the same sweep finished by a netdyn of random-stream layout 1
        String written = Files.readString(manifest);
        Files.writeString(manifest, written.replaceFirst("\n  \"random_streams\" : 2,", ""));
        assertFalse(Files.readString(manifest).contains("random_streams"));
        se.reset();
        assertEquals(2, Main.run(args, quiet(), new PrintStream(se, true, StandardCharsets.UTF_8)));
        refusal = se.toString(StandardCharsets.UTF_8);
        assertEquals(1, refusal.strip().lines().count(), refusal);
        assertTrue(refusal.contains("--resume") && refusal.contains("drawn with random-stream layout 1"), refusal);
        Files.writeString(manifest, written);

        String[] otherShard = java.util.Arrays.copyOf(args, args.length + 2);   // another grid
        otherShard[args.length] = "--bias";
        otherShard[args.length + 1] = "gaussian:0.1";
        assertEquals(2, Main.run(otherShard, quiet(), quiet()));
    }

    /** The real thing: SIGTERM to a running netdyn process, then the same command again. */
    @Test
    void aSweepStoppedBySigtermContinuesWhereItStopped(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.netdyn.cli.Main", "sweep", "--widths", "32", "--depths", "1:20", "--dist", "gaussian:1,gaussian:1.5,cauchy:1",
                "--activation", "tanh,relu", "--networks", "60", "--backend", "cpu", "--threads", "1", "--resume",
                "--out", dir.resolve("o").toString()));
        Path cp = dir.resolve("o").resolve(Checkpoint.DIR);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log1").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count(cp, "cell-") < 1 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(p.isAlive(), "the sweep must still be running when the first cell is saved: " + Files.readString(dir.resolve("log1")));
        p.destroy();                                    // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        int kept = count(cp, "cell-");
        assertTrue(kept >= 1 && kept < 6, "cells kept: " + kept);
        assertFalse(Files.exists(dir.resolve("o/results.csv")));

        Process q = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log2").toFile()).start();
        assertTrue(q.waitFor(300, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("log2"));
        assertEquals(0, q.exitValue(), log);
        assertTrue(log.contains("reusing " + kept + " of 6 cells"), log);

        cmd.set(cmd.indexOf("--resume"), "--overwrite");   // the uninterrupted run, in process
        cmd.set(cmd.size() - 1, dir.resolve("whole").toString());
        List<String> args = cmd.subList(cmd.indexOf("io.netdyn.cli.Main") + 1, cmd.size());
        assertEquals(0, Main.run(args.toArray(String[]::new), quiet(), quiet()));
        assertEquals(Files.readString(dir.resolve("whole/results.csv")), Files.readString(dir.resolve("o/results.csv")));
        assertFalse(Files.exists(cp));
    }

    /** Fails the run once {@code cells} cells are finished (and checkpointed), as a kill would. */
    private static CellListener killedAfter(int cells) {
        return (cell, finished) -> {
            if (finished == cells) throw new IllegalStateException("killed after " + finished + " cells");
        };
    }

    private static int count(Path dir, String prefix) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (var s = Files.list(dir)) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
