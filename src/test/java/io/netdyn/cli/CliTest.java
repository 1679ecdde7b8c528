package io.netdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: exit codes, one-line errors, files written atomically. */
class CliTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sweepWritesTidyResultsAndAManifest(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("o");
        Run r = run("sweep", "--widths", "8,12", "--depths", "1:4", "--dist", "gaussian:1,cauchy:1",
                "--networks", "10", "--backend", "cpu", "--threads", "2", "--out", out.toString());
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("measure,width,depth,dist,dist_scale,dist_param,activation,bias,task,lr,step,overparam,statistic,value,ci_low,ci_high,n,theory",
                lines.get(0));
        assertEquals(1 + 2 * 2 * 4 * 11, lines.size());   // cells × depths × (9 statistics + χ1 + nonfinite_frac)
        assertTrue(lines.get(1).startsWith("propagation,8,1,gaussian:1,1.0,,tanh,none,none,,0,,q,"), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("propagation,12,4,cauchy:1,1.0,,tanh,none,none,,0,,nonfinite_frac,")), "nonfinite_frac");
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            assertTrue(f[13].contains(".") || f[13].contains("E") || f[13].equals("NaN") || f[13].contains("inf"), "value is always a float: " + l);
            assertTrue(f[16].matches("\\d+"), "n is an integer: " + l);
        }
        JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("cpu", m.get("backend").asText());
        assertEquals(2, m.get("threads").asInt());
        assertEquals("8,12", m.get("spec").get("widths").asText());
        assertEquals(1, m.get("seed").asLong());
        assertTrue(m.get("wall_seconds").asDouble() > 0);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(3, s.count(), "only results.csv, report.html and manifest.json, no staging leftovers");
        }
    }

    @Test
    void theSameSeedGivesTheSameFileForAnyThreadCount(@TempDir Path dir) throws Exception {
        String[] common = {"sweep", "--widths", "9", "--depths", "1:3", "--dist", "stable:1.5:1", "--bias", "gaussian:0.2",
            "--networks", "17", "--backend", "cpu", "--batch", "5"};
        Run a = run(concat(common, "--threads", "1", "--out", dir.resolve("a").toString()));
        Run b = run(concat(common, "--threads", "4", "--out", dir.resolve("b").toString()));
        assertEquals(0, a.code + b.code, a.err + b.err);
        assertEquals(Files.readString(dir.resolve("a/results.csv")), Files.readString(dir.resolve("b/results.csv")));
    }

    @Test
    void badInputIsOneLineExitTwoAndWritesNothing(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{ not json");
        String[][] cases = {
            {"--activation", "swish"}, {"--widths", "0"}, {"--dist", "stable:3:1"}, {"--depths", "1:"},
            {"--spec", bad.toString()}, {"--spec", dir.resolve("nope.json").toString()},
            {"--widths", "60000"},                      // one layer alone exceeds the memory budget
            {"--networks", "-3"}, {"--frobnicate"}, {"--backend", "cuda"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("out-" + c[0].substring(2));
            Run r = run(concat(concat(new String[] {"sweep", "--out", out.toString()}, c), "--depths", c[0].equals("--depths") ? c[1] : "1:2"));
            assertEquals(2, r.code, String.join(" ", c) + " -> " + r.err);
            assertEquals(1, r.err.strip().lines().filter(l -> l.startsWith("netdyn: error:")).count(), r.err);
            assertFalse(r.err.contains("Exception"), r.err);
            assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
            assertFalse(Files.exists(out), "no output for " + String.join(" ", c));
        }
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Run r = run("sweep", "--widths", "4", "--depths", "1", "--networks", "2", "--backend", "cpu",
                "--out", file.resolve("sub").toString());
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.contains("--out: "), r.err);
        assertEquals("x", Files.readString(file));
    }

    @Test
    void existingResultsAreNotOverwrittenWithoutAsking(@TempDir Path dir) throws Exception {
        String out = dir.resolve("o").toString();
        String[] args = {"sweep", "--widths", "4", "--depths", "1", "--networks", "3", "--backend", "cpu", "--out", out};
        assertEquals(0, run(args).code);
        String before = Files.readString(dir.resolve("o/results.csv"));
        Run again = run(concat(args, "--seed", "2"));
        assertEquals(2, again.code);
        assertTrue(again.err.contains("--overwrite"), again.err);
        assertEquals(before, Files.readString(dir.resolve("o/results.csv")));
        assertEquals(0, run(concat(args, "--seed", "2", "--overwrite")).code);
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Run r = run("sweep", "--help");
        assertEquals(0, r.code);
        for (String opt : new String[] {"--widths", "--depths", "--dist", "--bias", "--activation", "--last-linear",
            "--networks", "--measures", "--seed", "--backend", "--threads", "--out", "--spec"}) {
            assertTrue(r.out.contains(opt), opt);
        }
        String flat = r.out.replaceAll("\\s+", " ");           // help text wraps at any space
        assertTrue(flat.contains("(default: 1:20)"), r.out);
        Run demo = run("demo", "--help");
        assertTrue(demo.out.replaceAll("\\s+", " ").contains("(default: 16,64)"), demo.out);
        assertEquals(2, run("frobnicate").code);
        assertEquals(0, run("info").code);
    }

    static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
