package io.netdyn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.cli.Main;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.NetworkWeights;
import io.netdyn.testing.NpzWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task {@code file:PATH}: the file's arrays are the data, bit for bit; faults are one line naming --task. */
class TaskFileTest {
    @TempDir Path dir;
    static final int N = 6;

    static byte[] i8(long[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : labels) b.putLong(l);
        return NpzWriter.npy("<i8", false, new int[] {labels.length}, b.array());
    }

    Path write(String name, Map<String, byte[]> arrays) throws IOException {
        Path f = dir.resolve(name);
        NpzWriter.write(f, arrays);
        return f;
    }

    /** The data of a built-in task written to a file and read back as file:PATH. */
    @Test
    void aFileTaskIsTheSameDataAndTheSameTrainingAsTheTaskItWasWrittenFrom() throws IOException {
        Architecture arch = TasksTest.arch(N, 2, Activation.TANH, false);
        TaskData built = TaskData.generate(Task.parse("autoencode:random:4"), arch, 0, 0, 5);
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("X_train", NpzWriter.f8(new int[] {4, N}, built.train().x()));
        a.put("Y_train", NpzWriter.f8(new int[] {4, N}, built.train().y()));
        a.put("X_test", NpzWriter.f8(new int[] {built.test().count(), N}, built.test().x()));
        a.put("Y_test", NpzWriter.f8(new int[] {built.test().count(), N}, built.test().y()));
        Path f = write("auto.npz", a);
        Task task = Task.parse("file:" + f);
        assertEquals("file:auto", task.label());
        TaskData read = TaskData.generate(task, arch, 0, 0, 5);
        assertArrayEquals(built.train().x(), read.train().x());
        assertArrayEquals(built.train().y(), read.train().y());
        assertArrayEquals(built.test().y(), read.test().y());

        NetworkShape shape = NetworkShape.of(arch);
        NetworkWeights w0 = InitialWeights.sample(arch, 5, 0);
        TrainSettings s = TrainSettings.of(Optimizer.adam(), 0.01, 5);
        TrainResult x = new NetworkTrainer(shape).train(w0, built, s, 30, 0, null);
        TrainResult y = new NetworkTrainer(shape).train(w0, read, s, 30, 0, null);
        assertEquals(x.train().loss(), y.train().loss());
        for (int l = 0; l < 2; l++) assertArrayEquals(x.weights().w()[l], y.weights().w()[l]);
        assertTrue(x.train().loss() < new NetworkTrainer(shape).evaluate(w0, built.train(), Loss.MSE).loss());
    }

    @Test
    void integerLabelsMakeAClassificationTaskAndNoTestSetMeansTheTrainingSet() throws IOException {
        double[] x = new double[5 * N];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(i);
        Path f = write("cls.npz", Map.of("X_train", NpzWriter.f8(new int[] {5, N}, x), "y_train", i8(new long[] {0, 2, 1, 2, 0})));
        TaskData d = TaskData.generate(Task.parse("file:" + f), TasksTest.arch(N, 1, Activation.TANH, false), 0, 0, 1);
        assertEquals(3, d.train().classes());
        assertArrayEquals(new int[] {0, 2, 1, 2, 0}, d.train().labels());
        assertEquals(5, d.test().count());
        assertArrayEquals(d.train().x(), d.test().x());
    }

    @Test
    void faultsAreOneLineNamingTheTask() throws IOException {
        double[] x = new double[4 * N];
        double[] bad = x.clone();
        bad[3] = Double.NaN;
        List<Path> files = new ArrayList<>(List.of(
                write("noX.npz", Map.of("Y_train", NpzWriter.f8(new int[] {4, N}, x))),
                write("noY.npz", Map.of("X_train", NpzWriter.f8(new int[] {4, N}, x))),
                write("both.npz", Map.of("X_train", NpzWriter.f8(new int[] {4, N}, x), "Y_train", NpzWriter.f8(new int[] {4, N}, x),
                        "y_train", i8(new long[] {0, 1, 0, 1}))),
                write("shape.npz", Map.of("X_train", NpzWriter.f8(new int[] {4, N}, x), "Y_train", NpzWriter.f8(new int[] {3, N}, new double[3 * N]))),
                write("nan.npz", Map.of("X_train", NpzWriter.f8(new int[] {4, N}, bad), "Y_train", NpzWriter.f8(new int[] {4, N}, x))),
                write("neg.npz", Map.of("X_train", NpzWriter.f8(new int[] {4, N}, x), "y_train", i8(new long[] {0, -1, 0, 1}))),
                write("extra.npz", Map.of("X_train", NpzWriter.f8(new int[] {4, N}, x), "Y_train", NpzWriter.f8(new int[] {4, N}, x),
                        "Z", NpzWriter.f8(new int[] {1}, new double[1]))),
                dir.resolve("missing.npz")));
        for (Path f : files) {
            assertThrows(IllegalArgumentException.class, () -> Task.parse("file:" + f), f.toString());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"sweep", "--task", "file:" + f, "--widths", Integer.toString(N), "--depths", "1",
                    "--networks", "2", "--measures", "training", "--steps", "0,2", "--report", "false",
                    "--out", dir.resolve("out-" + f.getFileName()).toString()}, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err));
            String e = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(2, code, f + ": " + e);
            assertFalse(e.contains("\n"), e);
            assertTrue(e.contains("--task"), e);
            assertFalse(e.matches("(?s).*\\b[A-Z][A-Za-z]*(Exception|Error)\\b.*"), e);
        }
        // a width other than the file's N
        Path ok = write("ok.npz", Map.of("X_train", NpzWriter.f8(new int[] {4, N}, x), "Y_train", NpzWriter.f8(new int[] {4, N}, x)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"sweep", "--task", "file:" + ok, "--widths", "8", "--depths", "1", "--networks", "2",
                "--measures", "training", "--steps", "0,2", "--report", "false", "--out", dir.resolve("w8").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(2, code, err.toString());
    }

    /** --task with --weights: step 0 is the untrained imported networks' results, byte for byte; training changes them. */
    @Test
    void importedNetworksTrainAndStepZeroIsTheUntrainedSweep() throws IOException {
        Path weights = dir.resolve("nets.npz");
        NpzWriter.exportSampled(weights, TasksTest.arch(N, 2, Activation.TANH, false), 3, 4);
        String[] common = {"sweep", "--weights", weights.toString(), "--measures", "propagation", "--report", "false"};
        List<String> plain = run(common, "plain");
        List<String> trained = run(concat(common, "--task", "autoencode:random:3", "--steps", "0,20"), "trained");
        List<String> header = Arrays.asList(trained.get(0).split(",", -1));
        int step = header.indexOf("step"), value = header.indexOf("value"), stat = header.indexOf("statistic"), depth = header.indexOf("depth");
        List<String> plainHeader = Arrays.asList(plain.get(0).split(",", -1));
        int pv = plainHeader.indexOf("value"), ps = plainHeader.indexOf("statistic"), pd = plainHeader.indexOf("depth");
        Map<String, String> untrained = new LinkedHashMap<>();
        for (String line : plain.subList(1, plain.size())) {
            String[] c = line.split(",", -1);
            untrained.put(c[pd] + "/" + c[ps], c[pv]);
        }
        int compared = 0, changed = 0;
        for (String line : trained.subList(1, trained.size())) {
            String[] c = line.split(",", -1);
            String want = untrained.get(c[depth] + "/" + c[stat]);
            if (want == null) continue;
            if (c[step].equals("0")) {
                assertEquals(want, c[value], line);
                compared++;
            } else if (!want.equals(c[value])) {
                changed++;
            }
        }
        assertTrue(compared > 5, "compared " + compared);
        assertTrue(changed > 0, "training changed no statistic");
    }

    private List<String> run(String[] args, String name) throws IOException {
        Path out = dir.resolve(name);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(concat(args, "--out", out.toString()), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, code, err.toString());
        return Files.readAllLines(out.resolve("results.csv"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
