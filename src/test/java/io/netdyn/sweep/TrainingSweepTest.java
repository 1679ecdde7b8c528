package io.netdyn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.cli.Main;
import io.netdyn.io.ResultFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training stage of a sweep ({@code --task}) end to end through the CLI. */
class TrainingSweepTest {
    static final int TASK = ResultFiles.RESULT_COLUMNS.indexOf("task"), LR = ResultFiles.RESULT_COLUMNS.indexOf("lr"),
            STEP = ResultFiles.RESULT_COLUMNS.indexOf("step"), STAT = ResultFiles.RESULT_COLUMNS.indexOf("statistic"),
            VALUE = ResultFiles.RESULT_COLUMNS.indexOf("value"), N = ResultFiles.RESULT_COLUMNS.indexOf("n");

    private static int run(ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    }

    private static List<String> sweep(Path out, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("sweep", "--backend", "cpu", "--report", "false", "--out", out.toString()));
        a.addAll(List.of(args));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(err, a.toArray(String[]::new)), err.toString());
        return Files.readAllLines(out.resolve("results.csv"));
    }

    /** The line without task, lr and step: the columns of an untrained row. */
    private static String untrainedColumns(String line) {
        List<String> f = new ArrayList<>(Arrays.asList(line.split(",", -1)));
        f.subList(TASK, STEP + 1).clear();
        return String.join(",", f);
    }

    @Test
    void stepZeroIsTheUntrainedSweepRowForRow(@TempDir Path dir) throws Exception {
        String[] grid = {"--widths", "8", "--depths", "1,3", "--networks", "6", "--activation", "tanh,relu",
            "--bias", "gaussian:0.1", "--measures", "propagation,fixedpoints,jacobian", "--starts", "6", "--seed", "5"};
        List<String> plain = sweep(dir.resolve("plain"), grid);
        List<String> trained = sweep(dir.resolve("trained"), concat(grid, "--task", "autoencode:random:2", "--lr", "0.01,0.1",
                "--steps", "0,20"));
        for (String l : plain.subList(1, plain.size())) {
            String[] f = l.split(",", -1);
            assertEquals("none", f[TASK], l);
            assertEquals("", f[LR], l);
            assertEquals("0", f[STEP], l);
        }
        Map<String, Integer> untrained = new HashMap<>();
        for (String l : plain.subList(1, plain.size())) untrained.merge(untrainedColumns(l), 1, Integer::sum);
        int step0 = 0, later = 0;
        Map<String, java.util.Set<String>> step0ByLr = new HashMap<>();
        for (String l : trained.subList(1, trained.size())) {
            String[] f = l.split(",", -1);
            assertEquals("autoencode:random:2", f[TASK], l);
            if (f[STEP].equals("0")) {
                assertTrue(untrained.containsKey(untrainedColumns(l)), "step 0 row not in the untrained sweep: " + l);
                step0ByLr.computeIfAbsent(f[LR], k -> new java.util.HashSet<>()).add(untrainedColumns(l));
                step0++;
            } else {
                assertEquals("20", f[STEP], l);
                assertEquals("NaN", f[f.length - 1], "no i.i.d. theory for trained networks: " + l);
                later++;
            }
        }
        assertEquals(Map.of("0.01", untrained.keySet(), "0.1", untrained.keySet()), step0ByLr,
                "every untrained row, value for value, at step 0 of each learning rate");
        // jacobian's set-up row (input_q, depth 0) comes once per trained depth: 2 depths x 2 activations, once extra each
        assertEquals(2 * (plain.size() - 1 + 2), step0);
        assertEquals(step0, later);
        List<String> table = Files.readAllLines(dir.resolve("trained/fixedpoints.csv"));
        assertTrue(table.get(0).startsWith("width,dist,activation,bias,task,lr,step,"), table.get(0));
        assertFalse(Files.readAllLines(dir.resolve("plain/fixedpoints.csv")).get(0).contains("task"), "untrained tables unchanged");
    }

    @Test
    void resultsDoNotDependOnThreadsOrBatch(@TempDir Path dir) throws Exception {
        String[] grid = {"--widths", "6", "--depths", "1,2", "--networks", "5", "--task", "classify:gauss:3", "--batch-size", "4",
            "--optimizer", "momentum:0.9", "--lr", "0.05", "--steps", "0,5,15", "--measures", "training,propagation"};
        List<String> one = sweep(dir.resolve("a"), concat(grid, "--threads", "1"));
        List<String> two = sweep(dir.resolve("b"), concat(grid, "--threads", "2", "--batch", "2"));
        assertEquals(one, two);
        assertEquals(1 + 2 * 3 * (7 + 11), one.size(), "depths × steps × (7 training + 11 propagation rows)");
    }

    private static double value(List<String> rows, int depth, int step, String stat) {
        for (String l : rows) {
            String[] f = l.split(",", -1);
            if (f[0].equals("training") && f[2].equals(Integer.toString(depth)) && f[STEP].equals(Integer.toString(step))
                    && f[STAT].equals(stat)) return Double.parseDouble(f[VALUE]);
        }
        throw new AssertionError("no row " + depth + " " + step + " " + stat);
    }

    @Test
    void theLossDecreasesOnAutoencodingAndClassification(@TempDir Path dir) throws Exception {
        for (String task : new String[] {"autoencode:random:4", "classify:gauss:3"}) {
            List<String> rows = sweep(dir.resolve(task.replace(':', '_')), "--widths", "12", "--depths", "2", "--networks", "4",
                    "--task", task, "--lr", "0.01", "--steps", "0,50,200", "--measures", "training");
            double l0 = value(rows, 2, 0, "train_loss"), l1 = value(rows, 2, 50, "train_loss"), l2 = value(rows, 2, 200, "train_loss");
            assertTrue(l1 < l0 && l2 < 0.5 * l0, task + ": train_loss " + l0 + " -> " + l1 + " -> " + l2);
            assertEquals(0.0, value(rows, 2, 200, "diverged"), task);
            if (task.startsWith("classify")) {
                assertTrue(value(rows, 2, 200, "train_acc") > value(rows, 2, 0, "train_acc"), task);
            }
        }
    }

    @Test
    void theOneSampleAutoencoderMemorisesItsSample(@TempDir Path dir) throws Exception {
        List<String> rows = sweep(dir.resolve("o"), "--widths", "16", "--depths", "2", "--activation", "tanh", "--networks", "4",
                "--task", "autoencode:random:1", "--lr", "0.01", "--steps", "0,300", "--measures", "training");
        assertEquals(0.0, value(rows, 2, 0, "memorised"), "not memorised before training");
        assertEquals(1.0, value(rows, 2, 300, "memorised"), "every network stores its one sample");
        for (String l : rows) if (l.contains(",memorised,")) assertEquals("4", l.split(",", -1)[N], l);
    }

    @Test
    void aJsonSpecTakesTheTrainingOptions(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.json");
        Files.writeString(spec, "{\"widths\": 8, \"depths\": [1, 2], \"networks\": 3, \"task\": \"classify:gauss:2\", "
                + "\"lr\": [0.01, 0.02], \"steps\": [0, 10], \"optimizer\": \"sgd\", \"measures\": \"training\"}");
        List<String> fromJson = sweep(dir.resolve("j"), "--spec", spec.toString());
        List<String> fromFlags = sweep(dir.resolve("f"), "--widths", "8", "--depths", "1,2", "--networks", "3", "--task",
                "classify:gauss:2", "--lr", "0.01,0.02", "--steps", "0,10", "--optimizer", "sgd", "--measures", "training");
        assertEquals(fromFlags, fromJson);
        assertEquals(1 + 2 * 2 * 2 * 7, fromJson.size(), "lrs × depths × steps × statistics");
    }

    @Test
    void badTrainingInputIsExitTwoNamingTheOption(@TempDir Path dir) throws Exception {
        String out = dir.resolve("x").toString();
        String[][] cases = {
            {"--task", "regress", "--task"},
            {"--task", "autoencode:random:0", "--task"},
            {"--task", "modadd:5", "--widths", "8", "--task"},
            {"--task", "autoencode:random:2", "--lr", "0", "--lr"},
            {"--task", "autoencode:random:2", "--lr", "-1", "--lr"},
            {"--task", "autoencode:random:2", "--steps", "0,100,50", "--steps"},
            {"--task", "autoencode:random:2", "--measures", "wormhole", "--task"},
            {"--task", "autoencode:random:2", "--loss", "xent", "--loss"},
            {"--save-weights", "--save-weights"},
            {"--lr", "0.1", "--lr"},
            {"--measures", "training", "--measures"},
        };
        for (String[] c : cases) {
            String option = c[c.length - 1];
            List<String> args = new ArrayList<>(List.of("sweep", "--backend", "cpu", "--out", out));
            args.addAll(Arrays.asList(c).subList(0, c.length - 1));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, run(err, args.toArray(String[]::new)), String.join(" ", args) + ": " + err);
            String msg = err.toString().trim();
            assertEquals(1, msg.lines().count(), msg);
            assertTrue(msg.contains(option + ":"), "names " + option + ": " + msg);
            assertFalse(Files.exists(Path.of(out)), "nothing written");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path npz = dir.resolve("n.npz");
        Files.write(npz, new byte[0]);
        assertEquals(2, run(err, "sweep", "--backend", "cpu", "--out", out, "--task", "autoencode:random:2", "--weights", npz.toString()));
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
