package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modes and wormhole measures through the command line: rows, options, determinism. */
class ModesWormholeSweepTest {

    static int run(ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    static String[] sweep(Path out, String threads) {
        return new String[] {"sweep", "--measures", "modes,wormhole", "--widths", "6", "--depths", "1,3",
            "--dist", "gaussian:1,gaussian:2", "--activation", "relu", "--networks", "5", "--probes", "6",
            "--basin-samples", "2", "--basin-directions", "2", "--overparam", "1,2.5", "--wormhole-pairs", "3",
            "--backend", "cpu", "--batch", "2", "--threads", threads, "--out", out.toString()};
    }

    @Test
    void bothMeasuresWriteTheirRowsOnceAndIdenticallyForAnyThreadCount(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, sweep(dir.resolve("a"), "1")), err.toString());
        assertEquals(0, run(err, sweep(dir.resolve("b"), "3")), err.toString());
        String a = Files.readString(dir.resolve("a/results.csv"));
        assertEquals(a, Files.readString(dir.resolve("b/results.csv")));
        List<String> lines = a.lines().toList();
        long modes = lines.stream().filter(l -> l.startsWith("modes,")).count();
        long wormhole = lines.stream().filter(l -> l.startsWith("wormhole,")).count();
        assertEquals(2 * 2 * ModesMeasure.STATS.length, modes, "2 cells × 2 depths × statistics");
        assertEquals(2 * 2 * WormholeMeasure.STATS.length, wormhole, "once per width: 2 ratios × 2 depths × statistics");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("wormhole,6,3,gaussian:1,1.0,,relu,none,none,,0,2.5,sv_ratio,")), a);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("wormhole,6,3,gaussian:1,1.0,,relu,none,none,,0,1.0,flipped_complement_mean,")), a);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("modes,6,3,gaussian:2,2.0,,relu,none,none,,0,,dead_frac,")), a);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("wormhole,6,1,gaussian:2")), "wormhole ignores the dist axis");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption(@TempDir Path dir) {
        String[][] bad = {{"--modes-threshold", "1.5"}, {"--modes-def", "rank"}, {"--overparam", "0.5"},
            {"--wormhole-variant", "middle"}, {"--wormhole-pairs", "0"}, {"--basin-tol", "0"}, {"--wormhole-inputs", "cauchy"}};
        for (String[] b : bad) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = run(err, "sweep", "--measures", "modes", b[0], b[1], "--out", dir.resolve("x").toString());
            assertEquals(2, code, b[0]);
            assertTrue(err.toString().contains(b[0]), err.toString());
        }
    }

    @Test
    void onePairPerNetworkRunsWithAnUndefinedDecidability(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, "sweep", "--measures", "wormhole", "--widths", "6", "--depths", "1,3", "--networks", "4",
                "--overparam", "2", "--wormhole-pairs", "1", "--backend", "cpu", "--out", dir.resolve("p1").toString()), err.toString());
        List<io.netdyn.report.ResultTable.Row> rows = io.netdyn.report.ResultTable.parse(Files.readString(dir.resolve("p1/results.csv")));
        for (io.netdyn.report.ResultTable.Row r : rows) {
            assertEquals(2.0, r.overparam(), 0);
            if (r.statistic().equals("decidability")) {
                assertTrue(Double.isNaN(r.value()) && r.n() == 0, "d' needs two pairs: " + r);
            } else if (!r.statistic().equals("sv_ratio") && !r.statistic().equals("log10_sv_ratio") || r.depth() > 0) {
                assertEquals(4, r.n(), r.toString());
                assertTrue(Double.isFinite(r.value()), r.toString());
            }
        }
    }
}
