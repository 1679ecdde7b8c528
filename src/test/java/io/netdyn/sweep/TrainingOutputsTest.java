package io.netdyn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdyn.cli.Main;
import io.netdyn.io.Checkpoint;
import io.netdyn.io.ResultFiles;
import io.netdyn.io.weights.ImportedNetworks;
import io.netdyn.measure.Measures;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.spec.SweepSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of a training sweep ({@code --task}): {@code --save-weights} writes every step's
 * networks as an .npz that {@code --weights} reads back to the same numbers; {@code --resume}
 * and {@code --shard}/{@code merge} give the uninterrupted, unsharded run's files byte for byte.
 */
class TrainingOutputsTest {
    private static final List<String> COLUMNS = ResultFiles.RESULT_COLUMNS;
    private static final int MEASURE = COLUMNS.indexOf("measure"), DEPTH = COLUMNS.indexOf("depth"),
            ACT = COLUMNS.indexOf("activation"), LR = COLUMNS.indexOf("lr"), STEP = COLUMNS.indexOf("step");
    /** The columns a row's numbers are in (labels and theory aside). */
    private static final List<Integer> NUMBERS = Stream.of("measure", "width", "depth", "statistic", "value", "ci_low", "ci_high", "n")
            .map(COLUMNS::indexOf).toList();

    /** 2 widths × 2 activations = 4 cells, two learning rates, two depths, three steps. */
    private static final String[] GRID = {"--widths", "6,8", "--activation", "tanh,relu", "--depths", "1,2", "--networks", "3",
        "--task", "autoencode:random:2", "--lr", "0.05,0.2", "--steps", "0,5,12", "--measures", "training,propagation,fixedpoints",
        "--probes", "4", "--starts", "4", "--max-iter", "50", "--seed", "11", "--backend", "cpu", "--report", "false"};

    private static int run(ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    }

    private static void ok(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, args), String.join(" ", args) + ": " + err);
    }

    private static String[] sweep(Path out, String[] grid, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", "--out", out.toString()));
        a.addAll(Arrays.asList(grid));
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    private static String numbers(String line) {
        String[] f = line.split(",", -1);
        return String.join(",", NUMBERS.stream().map(i -> f[i]).toList());
    }

    @Test
    void savedWeightsReadBackGiveTheTrainingRunsRows(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("t");
        ok(sweep(out, GRID, "--save-weights"));
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));

        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        List<String> listed = new ArrayList<>();
        manifest.get("files").forEach(f -> listed.add(f.asText()));
        List<String> weights = listed.stream().filter(f -> f.startsWith("weights/")).toList();
        assertEquals(4 * 2 * 2 * 3, weights.size(), "cells × lrs × depths × steps: " + listed);
        try (Stream<Path> s = Files.list(out.resolve("weights"))) {
            assertEquals(weights.size(), s.count(), "every listed file is there, and no other");
        }
        assertEquals("true", manifest.get("spec").get("save-weights").asText());
        String name = "weights/cell0003_N8_gaussian-1_none_relu_lr0.2_depth2_step12.npz";
        assertTrue(weights.contains(name), weights.toString());

        Path file = out.resolve(name);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> members = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry z = e.nextElement();
                members.add(z.getName());
                assertEquals(ZipEntry.STORED, z.getMethod(), "stored uncompressed: " + z.getName());
            }
            assertEquals(List.of("W1.npy", "b1.npy", "W2.npy", "b2.npy"), members);
        }
        ImportedNetworks nets = ImportedNetworks.read(file);
        assertEquals(3, nets.count());
        assertEquals(8, nets.width());
        assertEquals(2, nets.depth());

        // the round trip: sweep --weights FILE, same seed, gives the training run's step-12 rows
        for (String[] c : new String[][] {{name, "relu", "0.2", "2", "12"},
                {"weights/cell0000_N6_gaussian-1_none_tanh_lr0.05_depth1_step5.npz", "tanh", "0.05", "1", "5"}}) {
            Path back = dir.resolve("back" + c[4]);
            ok("sweep", "--weights", out.resolve(c[0]).toString(), "--activation", c[1], "--depths", c[3], "--measures", "propagation",
                    "--probes", "4", "--seed", "11", "--backend", "cpu", "--report", "false", "--out", back.toString());
            List<String> imported = Files.readAllLines(back.resolve("results.csv"));
            List<String> expected = new ArrayList<>();
            String width = c[0].contains("_N8_") ? "8" : "6";
            for (String l : rows.subList(1, rows.size())) {
                String[] f = l.split(",", -1);
                if (f[MEASURE].equals("propagation") && f[1].equals(width) && f[ACT].equals(c[1]) && f[LR].equals(c[2])
                        && f[DEPTH].equals(c[3]) && f[STEP].equals(c[4])) expected.add(numbers(l));
            }
            assertFalse(expected.isEmpty());
            List<String> atStart = new ArrayList<>();
            for (String l : rows.subList(1, rows.size())) {
                String[] f = l.split(",", -1);
                if (f[MEASURE].equals("propagation") && f[1].equals(width) && f[ACT].equals(c[1]) && f[LR].equals(c[2])
                        && f[DEPTH].equals(c[3]) && f[STEP].equals("0")) atStart.add(numbers(l));
            }
            assertFalse(atStart.equals(expected), "training changed the networks: the round trip is not of the step-0 ones");
            assertEquals(expected, imported.subList(1, imported.size()).stream().map(TrainingOutputsTest::numbers).toList(), c[0]);
        }
    }

    @Test
    void saveWeightsNeedsATask(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(err, "sweep", "--backend", "cpu", "--save-weights", "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("save-weights:"), err.toString());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    private static SweepSpec spec(Path out, boolean resume) {
        SpecResolver r = new SpecResolver();
        for (int i = 0; i < GRID.length; i += 2) r.set(SweepOption.byKey(GRID[i].substring(2)), GRID[i + 1]);
        r.set(SweepOption.SAVE_WEIGHTS, "true").set(SweepOption.OUT, out.toString()).set(SweepOption.RESUME, Boolean.toString(resume));
        return r.resolve(Measures.names());
    }

    /** Every file under {@code dir} but the manifest and the report, by relative path, as bytes (hex would be slow). */
    private static Map<String, String> files(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.equals("manifest.json") || rel.equals("report.html")) continue;
                m.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return m;
    }

    @Test
    void aTrainingRunKilledAfterOneCellResumesToTheUninterruptedFiles(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole"), resumed = dir.resolve("resumed");
        new SweepRunner(quiet()).run(spec(whole, false), "test");
        SweepRunner dying = new SweepRunner(quiet(), (cell, finished) -> {
            if (finished == 1) throw new IllegalStateException("killed");
        });
        assertThrows(IllegalStateException.class, () -> dying.run(spec(resumed, true), "test"));
        assertFalse(Files.exists(resumed.resolve("results.csv")));
        assertFalse(Files.exists(resumed.resolve("weights")), "nothing committed by the killed run");

        SweepRunner twice = new SweepRunner(quiet(), (cell, finished) -> {   // a second kill, after one more cell
            if (finished == 2) throw new IllegalStateException("killed");
        });
        assertThrows(IllegalStateException.class, () -> twice.run(spec(resumed, true), "test"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        new SweepRunner(new PrintStream(err, true, StandardCharsets.UTF_8)).run(spec(resumed, true), "test");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("reusing 2 of 4 cells"), err.toString(StandardCharsets.UTF_8));
        Map<String, String> a = files(whole), b = files(resumed);
        assertEquals(a.keySet(), b.keySet());
        assertTrue(a.keySet().containsAll(List.of("results.csv", "fixedpoints.csv")), a.keySet().toString());
        assertEquals(4 * 2 * 2 * 3, a.keySet().stream().filter(k -> k.startsWith("weights/")).count());
        for (String f : a.keySet()) assertTrue(a.get(f).equals(b.get(f)), "byte-identical: " + f);
        assertFalse(Files.exists(resumed.resolve(Checkpoint.DIR)));
    }

    @Test
    void twoShardsMergedAreTheSingleTrainingRunByteForByte(@TempDir Path dir) throws Exception {
        ok(sweep(dir.resolve("whole"), GRID, "--save-weights", "--threads", "2"));
        ok(sweep(dir.resolve("s1"), GRID, "--save-weights", "--shard", "1/2", "--threads", "1"));
        ok(sweep(dir.resolve("s2"), GRID, "--save-weights", "--shard", "2/2", "--batch", "2"));
        ok("merge", "--out", dir.resolve("merged").toString(), dir.resolve("s2").toString(), dir.resolve("s1").toString());
        Map<String, String> a = files(dir.resolve("whole")), b = files(dir.resolve("merged"));
        assertEquals(a.keySet(), b.keySet());
        for (String f : a.keySet()) assertTrue(a.get(f).equals(b.get(f)), "byte-identical: " + f);
        long s1 = Files.readAllLines(dir.resolve("s1/results.csv")).size() - 1, all = Files.readAllLines(dir.resolve("whole/results.csv")).size() - 1;
        assertTrue(s1 > 0 && s1 < all, "shard 1 holds only its cells: " + s1 + " of " + all);
        JsonNode m = new ObjectMapper().readTree(dir.resolve("merged/manifest.json").toFile());
        List<String> listed = new ArrayList<>();
        m.get("files").forEach(f -> listed.add(f.asText()));
        assertEquals(4 * 2 * 2 * 3, listed.stream().filter(f -> f.startsWith("weights/")).count(), listed.toString());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
