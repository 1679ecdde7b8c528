package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.cli.Main;
import io.netdyn.testing.NpzWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --wormhole-inputs file:PATH.npz}: the rows of X are the inputs, on every backend; faults exit 2 naming the option. */
class WormholeInputFileTest {
    static final int K = 8;
    @TempDir Path dir;

    record Run(int code, String err, Path out) {}

    Run sweep(String name, String backend, String... extra) {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("sweep", "--measures", "wormhole", "--widths", Integer.toString(K),
                "--depths", "1:3", "--networks", "5", "--wormhole-pairs", "3", "--overparam", "2", "--report", "false",
                "--backend", backend, "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        return new Run(code, err.toString(StandardCharsets.UTF_8), out);
    }

    Path npz(String name, String array, int rows, int cols, double[] values) throws IOException {
        Path f = dir.resolve(name);
        NpzWriter.write(f, Map.of(array, NpzWriter.f8(new int[] {rows, cols}, values)));
        return f;
    }

    static double[] random(int rows, long seed) {
        Random r = new Random(seed);
        double[] v = new double[rows * K];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble();
        return v;
    }

    /** statistic → value of the depth-1 rows. */
    static double value(Path out, String statistic, int depth) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int s = header.indexOf("statistic"), d = header.indexOf("depth"), v = header.indexOf("value");
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            if (c[s].equals(statistic) && c[d].equals(Integer.toString(depth))) return Double.parseDouble(c[v]);
        }
        throw new AssertionError("no " + statistic + " at depth " + depth);
    }

    @Test
    void parallelRowsGiveZeroAnglesAndTheRowsDecideTheResult() throws IOException {
        // every row a positive multiple of one vector: I_a ∥ I_b, so every output angle is exactly 0;
        // drawn inputs (cos ≈ 3/4) would give d_theta > 0
        double[] base = random(1, 1), rows = new double[6 * K];
        for (int r = 0; r < 6; r++) for (int i = 0; i < K; i++) rows[r * K + i] = (r + 1) * base[i];
        Run par = sweep("parallel", "cpu", "--wormhole-inputs", "file:" + npz("par.npz", "X", 6, K, rows));
        assertEquals(0, par.code(), par.err());
        for (int d = 1; d <= 3; d++) assertEquals(0.0, value(par.out(), "d_theta_mean", d), 1e-15);

        Run a = sweep("a", "cpu", "--wormhole-inputs", "file:" + npz("a.npz", "X", 7, K, random(7, 2)));
        Run b = sweep("b", "cpu", "--wormhole-inputs", "file:" + npz("b.npz", "X", 7, K, random(7, 3)));
        Run drawn = sweep("drawn", "cpu");
        assertEquals(0, a.code(), a.err());
        assertTrue(value(a.out(), "d_theta_mean", 1) > 1e-6);
        assertNotEquals(value(a.out(), "d_theta_mean", 1), value(b.out(), "d_theta_mean", 1));
        assertNotEquals(value(a.out(), "d_theta_mean", 1), value(drawn.out(), "d_theta_mean", 1));
        String manifest = Files.readString(a.out().resolve("manifest.json"));
        assertTrue(manifest.contains("wormhole-inputs-sha256"), manifest);
    }

    @Test
    void theEmulatedBackendRunsFileInputsOnTheCpuAndSaysSo() throws IOException {
        String file = "file:" + npz("x.npz", "X", 9, K, random(9, 4));
        Run cpu = sweep("cpu", "cpu", "--wormhole-inputs", file);
        Run emu = sweep("emu", "cuda-emu", "--wormhole-inputs", file);
        assertEquals(0, cpu.code(), cpu.err());
        if (emu.code() != 0 && emu.err().contains("emulator")) return;      // no emulator built here: nothing to compare
        assertEquals(0, emu.code(), emu.err());
        assertEquals(Files.readString(cpu.out().resolve("results.csv")), Files.readString(emu.out().resolve("results.csv")));
        assertTrue(emu.err().contains("wormhole with inputs from a file runs on the CPU"), emu.err());
    }

    @Test
    void faultsExitTwoWithOneLineNamingTheOption() throws IOException {
        double[] zeroRow = random(6, 5);
        Arrays.fill(zeroRow, 2 * K, 3 * K, 0.0);
        double[] nan = random(6, 6);
        nan[5] = Double.NaN;
        Files.createDirectories(dir.resolve("folder.npz"));
        String[] files = {
            "file:" + npz("noX.npz", "Y", 6, K, random(6, 7)),
            "file:" + npz("wide.npz", "X", 6, K + 1, new double[6 * (K + 1)]),
            "file:" + npz("few.npz", "X", 3, K, random(3, 8)),
            "file:" + npz("zero.npz", "X", 6, K, zeroRow),
            "file:" + npz("nan.npz", "X", 6, K, nan),
            "file:" + dir.resolve("missing.npz"),
            "file:" + dir.resolve("folder.npz"),
            "file:",
        };
        for (String f : files) {
            Run r = sweep("bad" + Math.abs(f.hashCode()), "cpu", "--wormhole-inputs", f);
            assertEquals(2, r.code(), f + ": " + r.err());
            String err = r.err().strip();
            assertFalse(err.contains("\n"), err);
            assertTrue(err.contains("--wormhole-inputs"), err);
            assertFalse(err.matches("(?s).*\\b[A-Z][A-Za-z]*(Exception|Error)\\b.*"), err);
            assertFalse(Files.exists(r.out().resolve("results.csv")), f);
        }
    }

    @Test
    void resumeRefusesAChangedFile() throws IOException {
        Path f = npz("r.npz", "X", 6, K, random(6, 9));
        Run first = sweep("resume", "cpu", "--wormhole-inputs", "file:" + f);
        assertEquals(0, first.code(), first.err());
        Run same = sweep("resume", "cpu", "--wormhole-inputs", "file:" + f, "--resume");
        assertEquals(0, same.code(), "the same file: already complete; " + same.err());
        npz("r.npz", "X", 6, K, random(6, 10));                 // same name, other vectors: another sweep
        Run again = sweep("resume", "cpu", "--wormhole-inputs", "file:" + f, "--resume");
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("another sweep (changed: wormhole-inputs-sha256)"), again.err());
    }
}
