package io.netdyn.cli;

import static io.netdyn.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdyn.testing.NpzWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at the edges: each case is exit 2, one line naming the option or input, no class names, nothing written. */
class InputEdgesTest {
    static final Pattern CLASS_NAME = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b");

    static final String[] TINY = {"--widths", "3", "--depths", "1:2", "--networks", "2", "--threads", "1", "--backend", "cpu",
        "--report", "false"};

    /** Exit 2, one line starting with {@code netdyn: error: } + {@code prefix}, no class name. */
    static CliTest.Run refused(String prefix, String... args) {
        CliTest.Run r = run(args);
        assertEquals(2, r.code(), String.join(" ", args) + " → " + r.err());
        assertTrue(r.err().startsWith("netdyn: error: " + prefix), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(CLASS_NAME.matcher(r.err()).find(), r.err());
        return r;
    }

    /** A tiny sweep with {@code more} (option, value pairs or flags) replacing or adding to {@link #TINY}. */
    static String[] tiny(String... more) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of(TINY));
        for (int i = 0; i < more.length; i++) {
            boolean flag = i + 1 >= more.length || more[i + 1].startsWith("--");
            int at = a.indexOf(more[i]);
            if (!flag && at >= 0) a.set(at + 1, more[i + 1]);
            else {
                a.add(more[i]);
                if (!flag) a.add(more[i + 1]);
            }
            if (!flag) i++;
        }
        a.add(0, "sweep");
        return a.toArray(String[]::new);
    }

    static boolean emptyOrAbsent(Path dir) throws IOException {
        if (!Files.exists(dir)) return true;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    // 1. internal exception names where the input is at fault

    @Test
    void aDeeplyNestedSpecIsMalformedJsonNotAnInternalError(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("deep.json");
        Files.writeString(spec, "[".repeat(5000) + "]".repeat(5000));
        refused("--spec: ", "sweep", "--spec", spec.toString(), "--out", dir.resolve("o").toString());
        Files.writeString(spec, "{\"widths\": " + "[".repeat(3) + "4" + "]".repeat(3) + "}");
        refused("--widths: ", "sweep", "--spec", spec.toString(), "--out", dir.resolve("o").toString());
        assertTrue(emptyOrAbsent(dir.resolve("o")));
    }

    @Test
    void aSpecOfDevZeroIsRefusedBeforeItFillsTheHeap(@TempDir Path dir) throws Exception {
        if (Files.exists(Path.of("/dev/zero"))) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused("--spec: ", "sweep", "--spec", "/dev/zero"));
        }
        Path big = dir.resolve("big.json");
        Files.writeString(big, "{\"widths\": \"4\"" + " ".repeat((1 << 20) + 10) + "}");
        assertTrue(refused("--spec: ", "sweep", "--spec", big.toString()).err().contains("1 MiB"));
        refused("--spec: ", "sweep", "--spec", dir.toString());
    }

    @Test
    void theoryOutMustBeADirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        refused("--out: ", "theory", "meanfield", "--out", file.toString());
        if (Files.exists(Path.of("/dev/null"))) refused("--out: ", "theory", "meanfield", "--out", "/dev/null");
        // a control character is part of the name, not padding: refused, never written under the rest of the name
        Path cwdBad = Path.of("nul-out-" + ProcessHandle.current().pid());
        refused("--out: not a valid path", "theory", "meanfield", "--out", "\u0000" + cwdBad);
        refused("--out: not a valid path", "sweep", "--widths", "3", "--depths", "1", "--networks", "1", "--out", "\u0000" + cwdBad);
        assertFalse(Files.exists(cwdBad), "wrote " + cwdBad.toAbsolutePath());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void sweepOutMustBeADirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        refused("--out: ", tiny("--out", file.toString()));
    }

    @Test
    void runtimeFailuresAreDescribedWithoutClassNames() {
        for (Throwable t : new Throwable[] {new FileAlreadyExistsException("/x/y"), new IOException("disk full"),
            new IllegalStateException("boom"), new NullPointerException(), new java.io.UncheckedIOException(new IOException("z")),
            new StackOverflowError()}) {
            String d = Main.describe(t);
            assertFalse(CLASS_NAME.matcher(d).find(), d);
        }
        assertTrue(Main.describe(new FileAlreadyExistsException("/x/y")).contains("/x/y"));
    }

    // 2. answers at once instead of running for hours

    @Test
    void hugeNetworkCountsAndWorkAreRefusedUpFront() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertTrue(refused("--networks: ", tiny("--networks", "2147483647")).err().contains("limit"));
            assertTrue(refused("--networks: ", "sweep", "--networks", "50000000", "--measures", "fixedpoints")
                    .err().contains("multiply-adds"));
            refused("--q0: ", tiny("--q0", "1e308"));
            refused("--q0: ", tiny("--q0", "1e7"));
        });
    }

    // 3. accepted though wrong

    @Test
    void trailingContentInASpecIsRefused(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("s.json");
        for (String text : new String[] {"{\"networks\": 2} garbage", "{\"networks\": 2}{\"seed\": 3}", "{\"networks\": 2, \"networks\": 3}"}) {
            Files.writeString(spec, text);
            refused("--spec: ", "sweep", "--spec", spec.toString(), "--out", dir.resolve("o").toString());
        }
        assertTrue(emptyOrAbsent(dir.resolve("o")));
    }

    @Test
    void scalesThatUnderflowAreRefused() {
        refused("--dist: ", tiny("--dist", "gaussian:1e-400"));
        refused("--dist: ", tiny("--dist", "cauchy:0"));
        refused("--dist: ", tiny("--dist", "stable:1.5:4e-320"));
        refused("--bias: ", tiny("--bias", "gaussian:1e-330"));
    }

    @Test
    void theoryMomentsOfOrderZeroAreRefused() {
        refused("--k: ", "theory", "moments", "--k", "0");
        refused("--k: ", "theory", "moments", "--k", "0:3");
    }

    // 4. options

    @Test
    void abbreviatedAndRepeatedOptionsAreRefused(@TempDir Path dir) {
        String out = dir.resolve("o").toString();
        assertTrue(refused("unknown option '--width'", "sweep", "--width", "8", "--net", "3", "--dep", "1:2", "--out", out)
                .err().contains("--width"));
        refused("unknown option '--mom'", "theory", "moments", "--mom");
        refused("--networks: given more than once", concat(tiny("--out", out), "--networks", "3"));
        refused("--last-linear: given more than once", concat(tiny("--out", out), "--last-linear", "--last-linear"));
        refused("--k: given more than once", "theory", "moments", "--k", "1", "--k", "2");
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void seedsAreDecimalOrHex() {
        assertEquals(10, io.netdyn.spec.SpecResolverSeeds.seed("010"));
        assertEquals(8, io.netdyn.spec.SpecResolverSeeds.seed("08"));
        assertEquals(255, io.netdyn.spec.SpecResolverSeeds.seed("0xff"));
        assertEquals(-1, io.netdyn.spec.SpecResolverSeeds.seed("0xffffffffffffffff"));
        assertEquals(-7, io.netdyn.spec.SpecResolverSeeds.seed("-7"));
        for (String bad : new String[] {"08x", "#10", "0x", "1e3", "99999999999999999999", "0x1ffffffffffffffff"}) {
            String e = refused("--seed: ", tiny("--seed", bad)).err();
            assertFalse(e.contains("For input string"), e);
        }
    }

    @Test
    void messagesNameTheRightOptionAndQuoteLittleInput() {
        refused("--widths: ", tiny("--widths", "65536"));
        refused("--widths: ", "sweep", "--widths", "40000", "--measures", "wormhole");
        String huge = "9".repeat(200_000);
        for (String[] args : new String[][] {tiny("--widths", huge), tiny("--dist", "gaussian:" + huge + "x"),
            tiny("--dist", huge), tiny("--seed", huge), {"sweep", "--" + huge}, {huge}, {"theory", huge},
            tiny("--activation", huge), tiny("--widths", "1:" + huge)}) {
            CliTest.Run r = run(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().length() < 1200, "message of " + r.err().length() + " characters");
        }
    }

    // 5. where output goes, what a weights file may hold

    @Test
    void aSpecsOutIsRelativeToTheSpecAndStaysInItsFolder(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("project"));
        Path spec = sub.resolve("s.json");
        String base = "\"widths\": 3, \"depths\": \"1:2\", \"networks\": 2, \"threads\": 1, \"backend\": \"cpu\", \"report\": false";
        Files.writeString(spec, "{" + base + ", \"out\": \"res/a\"}");
        CliTest.Run ok = run("sweep", "--spec", spec.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(Files.exists(sub.resolve("res/a/results.csv")));
        for (String out : new String[] {"../escape", "/tmp/elsewhere-netdyn", "a/../../b", "."}) {
            Files.writeString(spec, "{" + base + ", \"out\": \"" + out + "\"}");
            refused("--spec: ", "sweep", "--spec", spec.toString());
        }
        assertFalse(Files.exists(dir.resolve("escape")));
        CliTest.Run given = run("sweep", "--spec", spec.toString(), "--out", dir.resolve("chosen").toString());
        assertEquals(0, given.code(), given.err());
    }

    @Test
    void anNpzWithADuplicateMemberIsRefused(@TempDir Path dir) throws Exception {
        Path npz = dir.resolve("dup.npz");
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("W1", NpzWriter.f8(new int[] {2, 2}, new double[] {1, 0, 0, 1}));
        m.put("X1", NpzWriter.f8(new int[] {2, 2}, new double[] {0.5, 0, 0, 0.5}));
        NpzWriter.write(npz, m);
        byte[] bytes = Files.readAllBytes(npz);                  // rename X1.npy to W1.npy in the local and central headers
        byte[] from = "X1.npy".getBytes(StandardCharsets.US_ASCII);
        int renamed = 0;
        for (int i = 0; i + from.length <= bytes.length; i++) {
            boolean match = true;
            for (int j = 0; j < from.length && match; j++) match = bytes[i + j] == from[j];
            if (match) { bytes[i] = 'W'; renamed++; }
        }
        assertEquals(2, renamed);
        Files.write(npz, bytes);
        assertTrue(refused("--weights: ", tiny("--weights", npz.toString(), "--widths", "2", "--out", dir.resolve("o").toString()))
                .err().contains("W1.npy"));
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void safetensorsWithOverlappingDataAreRefused(@TempDir Path dir) throws Exception {
        Path st = dir.resolve("o.safetensors");
        String header = "{\"W1\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]},"
                + "\"W2\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[16,48]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + h.length + 48).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(h.length).put(h);
        for (int i = 0; i < 6; i++) bb.putDouble(0.1 * i);
        Files.write(st, bb.array());
        assertTrue(refused("--weights: ", tiny("--weights", st.toString(), "--widths", "2")).err().contains("overlap"));
        String same = header.replace("[16,48]", "[0,32]");
        byte[] h2 = same.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b2 = ByteBuffer.allocate(8 + h2.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        b2.putLong(h2.length).put(h2);
        for (int i = 0; i < 4; i++) b2.putDouble(0.1 * i);
        Files.write(st, b2.array());
        assertTrue(refused("--weights: ", tiny("--weights", st.toString(), "--widths", "2")).err().contains("overlap"));
    }

    @Test
    void weightsOnADirectorySaysSo(@TempDir Path dir) {
        assertTrue(refused("--weights: ", tiny("--weights", dir.toString())).err().contains("is a directory"));
    }

    // 6. PyTorch state_dict names

    static byte[] square(int n, double v) {
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) a[i] = v * Math.sin(1 + i);
        return NpzWriter.f8(new int[] {n, n}, a);
    }

    static byte[] vector(int n, double v) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = v * Math.cos(i);
        return NpzWriter.f8(new int[] {n}, a);
    }

    @Test
    void stateDictNamesMapToLayersInIndexOrder(@TempDir Path dir) throws Exception {
        Map<String, byte[]> torch = new LinkedHashMap<>(), plain = new LinkedHashMap<>();
        torch.put("net.10.weight", square(3, 0.3));              // index 10 after 2: numeric, not text, order
        torch.put("net.0.weight", square(3, 0.5));
        torch.put("net.0.bias", vector(3, 0.1));
        torch.put("net.2.weight", square(3, 0.4));
        plain.put("W1", square(3, 0.5));
        plain.put("b1", vector(3, 0.1));
        plain.put("W2", square(3, 0.4));
        plain.put("W3", square(3, 0.3));
        Path t = dir.resolve("torch.npz"), p = dir.resolve("plain.npz");
        NpzWriter.write(t, torch);
        NpzWriter.write(p, plain);
        String[] common = {"sweep", "--measures", "propagation,fixedpoints", "--threads", "1", "--backend", "cpu", "--report", "false",
            "--starts", "4", "--max-iter", "50", "--probes", "4"};
        CliTest.Run a = run(concat(common, "--weights", t.toString(), "--out", dir.resolve("a").toString()));
        CliTest.Run b = run(concat(common, "--weights", p.toString(), "--out", dir.resolve("b").toString()));
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        assertTrue(a.err().contains("netdyn: --weights: state_dict names: net.0.weight→W1, net.0.bias→b1, net.2.weight→W2, "
                + "net.10.weight→W3"), a.err());
        assertEquals(1, a.err().lines().filter(l -> l.contains("state_dict")).count());
        assertFalse(b.err().contains("state_dict"), b.err());
        assertEquals(Files.readString(dir.resolve("b/results.csv")).replace("imported:plain", "X"),
                Files.readString(dir.resolve("a/results.csv")).replace("imported:torch", "X"));
        JsonNode names = new ObjectMapper().readTree(dir.resolve("a/manifest.json").toFile()).get("weights").get("names");
        assertEquals("W3", names.get("net.10.weight").asText());
        assertEquals("b1", names.get("net.0.bias").asText());
    }

    @Test
    void ambiguousStateDictNamesAreRefusedNamingTheArrays(@TempDir Path dir) throws Exception {
        Map<String, Map<String, byte[]>> cases = new LinkedHashMap<>();
        cases.put("encoder.0.weight", Map.of("encoder.0.weight", square(3, 1), "decoder.0.weight", square(3, 1)));
        cases.put("fc1.weight", Map.of("fc1.weight", NpzWriter.f8(new int[] {3, 2}, new double[6]), "fc2.weight", square(3, 1)));
        cases.put("fc2.bias", Map.of("fc1.weight", square(3, 1), "fc2.bias", vector(3, 1)));
        cases.put("W1", Map.of("W1", square(3, 1), "1.weight", square(3, 1)));
        cases.put("running_mean", Map.of("0.weight", square(3, 1), "1.running_mean", vector(3, 1)));
        cases.put("0.weight", Map.of("0.weight", square(3, 1), "00.weight", square(3, 1)));
        int k = 0;
        for (Map.Entry<String, Map<String, byte[]>> c : cases.entrySet()) {
            Path f = dir.resolve("c" + (k++) + ".npz");
            NpzWriter.write(f, new LinkedHashMap<>(c.getValue()));
            String e = refused("--weights: ", tiny("--weights", f.toString(), "--widths", "3", "--out", dir.resolve("o").toString())).err();
            assertTrue(e.contains(c.getKey()), c.getKey() + ": " + e);
        }
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void aStateDictSavedByNumpyImports(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sd.npz");
        String py = "import numpy as np, sys\n"
                + "rng = np.random.default_rng(3)\n"
                + "sd = {'0.weight': rng.standard_normal((4, 4)) / 2, '0.bias': rng.standard_normal(4),\n"
                + "      '2.weight': rng.standard_normal((4, 4)).astype(np.float32) / 2, '2.bias': rng.standard_normal(4).astype(np.float32)}\n"
                + "np.savez(sys.argv[1], **{k: v for k, v in sd.items()})\n";
        int rc;
        try {
            Process pr = new ProcessBuilder("python3", "-c", py, f.toString()).redirectErrorStream(true).start();
            pr.getInputStream().readAllBytes();
            rc = pr.waitFor();
        } catch (IOException e) {
            rc = -1;
        }
        Assumptions.assumeTrue(rc == 0, "python3 with numpy not available");
        CliTest.Run r = run("sweep", "--weights", f.toString(), "--measures", "propagation", "--threads", "1", "--backend", "cpu",
                "--report", "false", "--probes", "4", "--out", dir.resolve("o").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("0.weight→W1, 0.bias→b1, 2.weight→W2, 2.bias→b2"), r.err());
        assertTrue(Files.readString(dir.resolve("o/results.csv")).contains("propagation,4,2,imported:sd,"));
    }

    static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
