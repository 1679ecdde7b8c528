package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdyn.backend.cuda.EmulatorDevice;
import io.netdyn.cli.Main;
import io.netdyn.io.Checkpoint;
import io.netdyn.io.weights.FileDigest;
import io.netdyn.model.Architecture;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.spec.UsageError;
import io.netdyn.testing.NpzWriter;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep --weights FILE}: imported networks through fixedpoints and modes. */
class ImportedSweepTest {
    /** Grid settings of the sampled sweep; the file replaces them in the imported one. */
    static final String[] GRID = {"--widths", "4", "--depths", "1:3", "--dist", "gaussian:1.5", "--bias", "gaussian:0.3",
        "--networks", "6"};
    /** Everything else, shared by both runs. */
    static final String[] COMMON = {"sweep", "--measures", "fixedpoints,modes", "--activation", "tanh", "--seed", "11",
        "--starts", "8", "--max-iter", "300", "--probes", "8", "--basin-samples", "2", "--basin-directions", "2",
        "--threads", "2", "--report", "false"};

    static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The line without the columns at {@code drop} (the dist and bias labels). */
    static List<String> without(List<String> lines, int... drop) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> f = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            for (int k = drop.length - 1; k >= 0; k--) f.remove(drop[k]);
            out.add(String.join(",", f));
        }
        return out;
    }

    /** Equal line lists; a failure shows the first differing line of each. */
    static void assertSameLines(List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size(), "lines");
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), actual.get(i), "line " + i);
    }

    /**
     * The cross-check: the sampled networks of a seed, exported to an .npz and imported, give
     * every statistic of the sampled sweep byte for byte (results.csv and fixedpoints.csv less
     * the dist/bias labels), although the imported run is split into other batches.
     */
    @Test
    void exportedSampledNetworksReproduceTheSampledSweep(@TempDir Path dir) throws Exception {
        SpecResolver r = new SpecResolver();
        for (int i = 0; i < GRID.length; i += 2) r.set(SweepOption.byKey(GRID[i].substring(2)), GRID[i + 1]);
        r.set(SweepOption.ACTIVATION, "tanh");
        Architecture arch = r.resolve(Measures.names()).cells().get(0).arch();
        Path npz = dir.resolve("sampled.npz");
        NpzWriter.exportSampled(npz, arch, 11, 6);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path sampledOut = dir.resolve("sampled"), importedOut = dir.resolve("imported");
        List<String> sampled = SweepRuns.run(concat(concat(COMMON, GRID), "--batch", "6"), sampledOut, "cpu", err, "results.csv");
        List<String> imported = SweepRuns.run(concat(COMMON, "--weights", npz.toString(), "--batch", "4", "--networks", "99"),
                importedOut, "cpu", err, "results.csv");
        assertTrue(sampled.size() > 3 * 20, "rows: " + sampled.size());
        assertSameLines(without(sampled, 3, 4, 5, 7), without(imported, 3, 4, 5, 7));   // measure,width,depth,dist,dist_scale,dist_param,activation,bias,...
        for (String line : imported.subList(1, imported.size())) {
            String[] f = line.split(",", -1);
            assertEquals("imported:sampled", f[3], line);
            assertEquals("", f[4], "no dist_scale for imported networks: " + line);
            assertEquals("file", f[7], line);
        }
        assertTrue(imported.stream().anyMatch(l -> l.startsWith("fixedpoints,4,3,") && l.contains(",q_stable_mean,")));
        assertTrue(imported.stream().anyMatch(l -> l.startsWith("modes,4,3,") && l.contains(",op_frac,")));
        List<String> fpSampled = Files.readAllLines(sampledOut.resolve("fixedpoints.csv"));
        List<String> fpImported = Files.readAllLines(importedOut.resolve("fixedpoints.csv"));
        assertEquals(1 + 6 * 3, fpImported.size());
        assertSameLines(without(fpSampled, 1, 3), without(fpImported, 1, 3));   // width,dist,activation,bias,...

        JsonNode m = new ObjectMapper().readTree(importedOut.resolve("manifest.json").toFile());
        assertEquals(npz.toString(), m.path("weights").path("path").asText());
        assertEquals(FileDigest.sha256(npz), m.path("weights").path("sha256").asText());
        assertEquals(6, m.path("networks_per_cell").asInt(), "--networks is ignored");
        assertEquals("1:3", m.path("spec").path("depths").asText());
        assertEquals("4", m.path("spec").path("widths").asText());
    }

    /** A contraction ‖W_l‖ < 1 with bias c has exactly one fixed point, stable, at every depth and activation. */
    @Test
    void aContractionHasOneStableFixedPointOnCpuAndCudaEmu(@TempDir Path dir) throws Exception {
        int n = 4, b = 3;
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (int l = 1; l <= 2; l++) {
            double[] w = new double[b * n * n], c = new double[b * n];
            for (int e = 0; e < w.length; e++) w[e] = 0.2 * Math.sin(1.7 * e + l);       // ‖W‖_2 ≤ ‖W‖_F ≤ 0.8
            for (int e = 0; e < c.length; e++) c[e] = 0.7 * Math.cos(0.9 * e - l);
            members.put("W" + l, NpzWriter.f8(new int[] {b, n, n}, w));
            members.put("b" + l, NpzWriter.f8(new int[] {b, n}, c));
        }
        Path npz = dir.resolve("contraction.npz");
        NpzWriter.write(npz, members);
        String[] sweep = {"sweep", "--weights", npz.toString(), "--measures", "fixedpoints", "--activation", "linear,tanh",
            "--starts", "6", "--threads", "2", "--report", "false"};
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> cpu = SweepRuns.run(sweep, dir.resolve("cpu"), "cpu", err, "results.csv");
        int checked = 0;
        for (String line : cpu) {
            String[] f = line.split(",", -1);
            if (f[12].equals("q_stable_mean") || f[12].equals("p_unique_attractor") || f[12].equals("q_stable_netmax")) {
                assertEquals(1.0, Double.parseDouble(f[13]), line);
                checked++;
            }
            if (f[12].equals("q_unstable_mean")) assertEquals(0.0, Double.parseDouble(f[13]), line);
        }
        assertEquals(3 * 2 * 2, checked, "three statistics x depths 1, 2 x two activations");

        String why = EmulatorDevice.unavailableReason();
        assumeTrue(why == null, () -> "kernel emulator unavailable: " + why);
        ByteArrayOutputStream emuErr = new ByteArrayOutputStream();
        List<String> emu = SweepRuns.run(sweep, dir.resolve("emu"), "cuda-emu", emuErr, "results.csv");
        assertEquals(cpu, emu);
        assertEquals(0, emuErr.toString().lines().filter(l -> l.contains("CPU path")).count(),   // explicit layers run on the device
                emuErr.toString());
    }

    /** --resume identifies the sweep by the file's bytes too: a checkpoint of other weights at the same path is refused. */
    @Test
    void aCheckpointOfAnotherFileIsRefused(@TempDir Path dir) throws Exception {
        Path npz = dir.resolve("net.npz");
        NpzWriter.write(npz, Map.of("W1", NpzWriter.f8(new int[] {2, 2}, new double[] {0.1, 0, 0, 0.1})));
        SpecResolver r = new SpecResolver().set(SweepOption.WEIGHTS, npz.toString()).set(SweepOption.MEASURES, "fixedpoints");
        Map<String, String> before = r.resolve(Measures.names()).numberSettings();
        assertEquals(FileDigest.sha256(npz), before.get("weights-sha256"));
        Checkpoint.open(dir.resolve("out"), before);
        NpzWriter.write(npz, Map.of("W1", NpzWriter.f8(new int[] {2, 2}, new double[] {0.2, 0, 0, 0.1})));
        Map<String, String> after = r.resolve(Measures.names()).numberSettings();
        var e = Assertions.assertThrows(UsageError.class,
                () -> Checkpoint.open(dir.resolve("out"), after));
        assertTrue(e.getMessage().contains("the --weights file's sha256 was " + before.get("weights-sha256")), e.getMessage());
    }

    record Run(int code, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        return new Run(code, err.toString());
    }

    @Test
    void usageErrorsAreOneLineExitTwo(@TempDir Path dir) throws Exception {
        Path npz = dir.resolve("net.npz");                          // N = 3, L = 2, one network
        NpzWriter.write(npz, Map.of("W1", NpzWriter.f8(new int[] {3, 3}, new double[9]),
                "W2", NpzWriter.f8(new int[] {3, 3}, new double[9])));
        Path junk = dir.resolve("junk.npz");
        Files.writeString(junk, "not a zip");
        String w = npz.toString();
        String[][] cases = {
            {"--weights", w, "--measures", "wormhole", "measure wormhole takes no imported networks"},
            {"--weights", w, "--measures", "propagation,fixedpoints,wormhole,jacobian", "(asked for: wormhole)"},
            {"--weights", dir.resolve("absent.npz").toString(), "--measures", "fixedpoints", "no such file"},
            {"--weights", junk.toString(), "--measures", "fixedpoints", "not a zip (.npz) file"},
            {"--weights", w, "--measures", "modes", "--widths", "8", "--widths: 8 differs from the width N = 3"},
            {"--weights", w, "--measures", "modes", "--depths", "1:5", "--depths: depth 5 exceeds the depth L = 2"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("out");
            String expected = c[c.length - 1];
            Run r = run(concat(concat(new String[] {"sweep", "--out", out.toString()}, Arrays.copyOf(c, c.length - 1))));
            assertEquals(2, r.code, String.join(" ", c) + " -> " + r.err);
            assertEquals(1, r.err.strip().lines().count(), r.err);
            assertTrue(r.err.startsWith("netdyn: error: --"), r.err);
            assertTrue(r.err.contains(expected), expected + " not in: " + r.err);
            assertFalse(Files.exists(out), "no output for " + String.join(" ", c));
        }
        Run fine = run("sweep", "--out", dir.resolve("ok").toString(), "--weights", w, "--measures", "modes", "--widths", "3",
                "--depths", "2", "--report", "false", "--threads", "1");
        assertEquals(0, fine.code, fine.err);
    }
}
