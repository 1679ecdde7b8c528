package io.netdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.testing.NpzWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated invocations (a fixed seed; mutations of valid, tiny command lines) run through
 * {@link Main#run}: every one must succeed (exit 0) or be refused cleanly (exit 2, one line
 * {@code netdyn: error: …}), never name a Java exception class, and leave nothing in the output
 * directory when it fails.
 */
class CliFuzzTest {
    static final int CASES = 600;
    static final Pattern CLASS_NAME = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b");

    static final List<List<String>> BASES = List.of(
            List.of("sweep", "--widths", "3", "--depths", "1:2", "--networks", "2", "--threads", "1", "--backend", "cpu",
                    "--report", "false", "--probes", "3"),
            List.of("sweep", "--widths", "2,3", "--depths", "1,2", "--networks", "2", "--threads", "2", "--backend", "cpu",
                    "--report", "false", "--measures", "fixedpoints", "--starts", "3", "--max-iter", "20", "--cycles", "2"),
            List.of("sweep", "--widths", "3", "--depths", "1:2", "--networks", "2", "--threads", "1", "--backend", "cpu",
                    "--report", "false", "--measures", "jacobian,lyapunov", "--map-steps", "4", "--dist", "gaussian:1,cauchy:1"),
            List.of("sweep", "--widths", "4", "--depths", "1:2", "--networks", "2", "--threads", "1", "--backend", "cpu",
                    "--report", "false", "--measures", "modes,weights", "--probes", "3", "--basin-samples", "1",
                    "--basin-directions", "1", "--basin-tol", "0.1"),
            List.of("sweep", "--widths", "4", "--depths", "1:2", "--networks", "2", "--threads", "1", "--backend", "cpu",
                    "--report", "false", "--measures", "wormhole", "--wormhole-pairs", "2", "--overparam", "2"),
            List.of("theory", "meanfield", "--sigma-w", "1,2", "--sigma-b", "0"),
            List.of("theory", "moments", "--depths", "1:2", "--k", "1:3", "--gamma", "0.5", "--points", "5"),
            List.of("theory", "phase", "--sigma-w", "0.5:1.5:0.5", "--sigma-b", "0,0.5"));

    static final String[] BAD_NUMBERS = {"abc", "1e999", "-1", "NaN", "Infinity", "-Infinity", "0", "2147483648",
        "-2147483649", "1e-400", "0x1g", "08", "010", "", " ", "1,,2", "1:", ":3", "3:1", "1:2:0", "1:2:3:4", "1.5", "+",
        "-0", "1e308", "9".repeat(3000), "0.1:0.2", "\u0661", "1_000", "٣"};
    static final String[][] HUGE = {{"--networks", "2147483647"}, {"--networks", "1000000000"}, {"--q0", "1e308"},
        {"--q0", "1e7"}, {"--widths", "65536"}, {"--widths", "1000000"}, {"--depths", "1:1000000"}, {"--probes", "1000000000"},
        {"--threads", "100000"}, {"--starts", "1000000000"}, {"--esd-bins", "1000000000"}, {"--cycles", "1000"},
        {"--basin-samples", "1000000000"}, {"--wormhole-pairs", "1000000000"}, {"--batch", "-1"}, {"--seed", "1e400"},
        {"--jacobian-every", "1000000000"}, {"--shard", "999/1000"}, {"--shard", "0/1"}, {"--shard", "2147483648/1"},
        {"--input-corr", "2"}, {"--tol", "1e308"}, {"--basin-max", "-1"}, {"--wormhole-alpha", "-5"}, {"--q0", "-1"},
        {"--max-iter", "0"}, {"--distinct-tol", "NaN"}, {"--modes-threshold", "1"}, {"--merge-tol", "1e-300"}};
    static final String[] BAD_DISTS = {"gaussian:", "gaussian:-1", "gaussian:1e-400", "gaussian:0", "stable:3:1", "stable:0:1",
        "stable", "stable::1", "student:0:1", "student:-2:1", "foo:1", "cauchy:1:2", "orthogonal:1e309", "gaussian:NaN",
        "gaussian:Infinity", "uniform:x", ":", "", ",", "gaussian:1,", "gaussian:4.9e-324", "GAUSSIAN:1:1:1"};
    static final String[] BAD_LISTS = {"", ",", "1,,2", "a", "1:0", "1.5", "1:2:", "1:2:-1", "-3", "0", "1;2", "[1,2]",
        "1 2", "0x10", "1:100001", "١"};
    static final String[] WORDS = {"tanh,foo", "propagation,", "nosuch", "TANH", "relu,,tanh", "a".repeat(500), "wormhole,x"};
    static final String[] UNKNOWN = {"--bogus", "--Widths", "-x", "---widths", "--", "-", "--widths=", "--spec=", "--help2",
        "--out-dir", "--seeds"};

    @Test
    void generatedInvocationsExitZeroOrTwoCleanly(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(dir.resolve("in"));
        List<Path> specs = junkSpecs(dir.resolve("in"));
        List<Path> weights = junkWeights(dir.resolve("in"));
        Path goodWeights = weights.get(0), stateDict = weights.get(1), goodSpec = specs.get(0);
        Random rnd = new Random(20261202L);
        int ok = 0, refused = 0;
        List<String> failures = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            List<String> args = new ArrayList<>(BASES.get(rnd.nextInt(BASES.size())));
            boolean sweep = args.get(0).equals("sweep");
            Path out = dir.resolve("out" + c);
            int kind = rnd.nextInt(18);
            String what = mutate(kind, args, rnd, sweep, specs, weights, goodWeights, stateDict, goodSpec, dir);
            if (!args.contains("--out") && !(args.size() > 0 && (args.get(0).equals("info") || args.get(0).equals("version")))) {
                args.add("--out");
                args.add(out.toString());
            } else {
                int i = args.indexOf("--out");
                if (i >= 0 && i + 1 < args.size() && args.get(i + 1).equals("@OUT")) args.set(i + 1, out.toString());
            }
            ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
            int code = Main.run(args.toArray(String[]::new), new PrintStream(o, true, StandardCharsets.UTF_8),
                    new PrintStream(e, true, StandardCharsets.UTF_8));
            String err = e.toString(StandardCharsets.UTF_8);
            String line = "#" + c + " [" + what + "] " + abbreviate(String.join(" ", args)) + " → exit " + code + ": "
                    + abbreviate(err.strip());
            if (code == 0) ok++;
            else if (code == 2) refused++;
            if (code != 0 && code != 2) failures.add(line);
            else if (CLASS_NAME.matcher(err).find()) failures.add("class name in message: " + line);
            else if (code == 2 && err.lines().filter(l -> l.startsWith("netdyn: error: ")).count() != 1) {
                failures.add("not one error line: " + line);
            } else if (code == 2 && err.length() > 1500) failures.add("message of " + err.length() + " characters: " + line);
            if (code != 0 && !emptyOrAbsent(out)) failures.add("files left behind: " + line);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("CliFuzzTest: %d invocations in %.1f s: %d succeeded, %d refused cleanly (exit 2), %d problems%n",
                CASES, seconds, ok, refused, failures.size());
        assertTrue(failures.isEmpty(), failures.size() + " problems:\n" + String.join("\n", failures));
        assertEquals(CASES, ok + refused);
        assertTrue(ok >= CASES / 10 && refused >= CASES / 2, ok + " succeeded, " + refused + " refused");
    }

    /**
     * merge, report, info and slurm follow the sweep's rules: long names in full (an abbreviation
     * is an unknown option), each option once, unknown options named; exit 2 with one line.
     */
    @Test
    void mergeReportInfoAndSlurmTakeExactOptionsOnce(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b"));
        String o = dir.resolve("m").toString();
        String[][] cases = {
            {"--ou", "merge", "--ou", o, a.toString(), b.toString()},
            {"--out", "merge", "--out", o, "--out", o, a.toString(), b.toString()},
            {"--overwrite", "merge", "--out", o, "--overwrite", "--overwrite", a.toString()},
            {"--overwr", "merge", "--out", o, "--overwr", a.toString()},
            {"--bogus", "merge", "--out", o, a.toString(), "--bogus"},
            {"-x", "merge", "--out", o, "-x", a.toString()},
            {"--out", "merge", "--out"},
            {"--hel", "report", "--hel"},
            {"--out", "report", "--out", a.toString()},
            {"--help", "report", "--help", "--help"},
            {"--bogus", "report", a.toString(), "--bogus"},
            {"--verbose", "info", "--verbose"},
            {"--hel", "info", "--hel"},
            {"--help", "info", "--help", "--help"},
            {"extra", "info", "extra"},
            {"--shar", "slurm", "--widths", "3,4", "--shar", "2", "--out", o},
            {"--shards", "slurm", "--widths", "3,4", "--shards", "2", "--shards", "2", "--out", o},
            {"--widths", "slurm", "--widths", "3,4", "--widths", "3", "--shards", "2", "--out", o},
        };
        for (String[] c : cases) {
            String[] args = Arrays.copyOfRange(c, 1, c.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String e = err.toString(StandardCharsets.UTF_8).strip(), what = String.join(" ", args) + " → " + code + ": " + e;
            assertEquals(2, code, what);
            assertEquals(1, e.lines().count(), what);
            assertTrue(e.startsWith("netdyn: error: ") && e.contains(c[0]), what);
            assertTrue(!CLASS_NAME.matcher(e).find(), what);
        }
        assertTrue(!Files.exists(dir.resolve("m")), "nothing merged");
    }

    /** Applies mutation {@code kind} to {@code args}; returns its name. */
    private static String mutate(int kind, List<String> args, Random rnd, boolean sweep, List<Path> specs, List<Path> weights,
                                 Path goodWeights, Path stateDict, Path goodSpec, Path dir) throws IOException {
        List<Integer> valued = new ArrayList<>();                     // indices of option names followed by a value
        for (int i = 1; i + 1 < args.size(); i++) if (args.get(i).startsWith("--") && !args.get(i + 1).startsWith("--")) valued.add(i);
        switch (kind) {
            case 0, 16, 17 -> { return "valid"; }
            case 1 -> {
                args.add(1 + rnd.nextInt(args.size() - 1), pick(rnd, UNKNOWN));
                return "unknown option";
            }
            case 2 -> {                                               // abbreviation of an option present
                int i = valued.get(rnd.nextInt(valued.size()));
                String name = args.get(i);
                if (name.length() > 4) args.set(i, name.substring(0, 3 + rnd.nextInt(name.length() - 3)));
                else args.set(i, name + "x");
                return "abbreviated";
            }
            case 3 -> {                                               // duplicated option
                int i = valued.get(rnd.nextInt(valued.size()));
                args.add(args.get(i));
                args.add(args.get(i + 1));
                return "duplicated";
            }
            case 4, 5 -> {                                            // a bad number in place of a value
                int i = valued.get(rnd.nextInt(valued.size()));
                args.set(i + 1, pick(rnd, BAD_NUMBERS));
                return "bad number";
            }
            case 6 -> {
                String[] h = HUGE[rnd.nextInt(HUGE.length)];
                if (!sweep) { args.add("--points"); args.add(rnd.nextBoolean() ? "2000000" : "0"); return "huge theory"; }
                replace(args, h[0], h[1]);
                return "huge or out of range";
            }
            case 7 -> {
                if (!sweep) { replace(args, "--activation", pick(rnd, WORDS)); return "bad activation"; }
                replace(args, rnd.nextBoolean() ? "--dist" : "--bias", pick(rnd, BAD_DISTS));
                return "bad distribution";
            }
            case 8 -> {
                String opt = sweep ? pick(rnd, new String[] {"--widths", "--depths", "--activation", "--measures", "--overparam"})
                        : pick(rnd, new String[] {"--depths", "--k", "--sigma-w", "--sigma-b", "--gamma", "--activation"});
                replace(args, opt, rnd.nextBoolean() ? pick(rnd, BAD_LISTS) : pick(rnd, WORDS));
                return "malformed list";
            }
            case 9 -> {                                               // junk spec (or a good one, sometimes overridden)
                args.clear();
                args.addAll(List.of("sweep", "--spec", pick(rnd, specs).toString()));
                if (rnd.nextInt(4) == 0) args.addAll(List.of("--threads", "1"));
                return "spec file";
            }
            case 10 -> {                                              // junk weights (or good ones)
                args.clear();
                args.addAll(List.of("sweep", "--weights", pick(rnd, weights).toString(), "--threads", "1", "--backend", "cpu",
                        "--report", "false", "--probes", "3",
                        "--measures", pick(rnd, new String[] {"propagation", "weights", "jacobian", "wormhole", "modes"})));
                if (rnd.nextInt(5) == 0) args.addAll(List.of("--widths", pick(rnd, new String[] {"2", "3", "5"})));
                if (rnd.nextInt(5) == 0) args.addAll(List.of("--depths", pick(rnd, new String[] {"1", "2", "3", "1:9"})));
                return "weights file";
            }
            case 11 -> {                                              // a value missing at the end
                args.add(sweep ? pick(rnd, new String[] {"--seed", "--out", "--spec", "--weights", "--dist"}) : "--k");
                return "missing value";
            }
            case 12 -> {
                args.add(pick(rnd, new String[] {"stray", "1", "-", "gaussian:1", "x".repeat(1000)}));
                return "stray argument";
            }
            case 13 -> {
                if (sweep) replace(args, pick(rnd, new String[] {"--report", "--jacobian-eigenvalues"}),
                        pick(rnd, new String[] {"maybe", "", "2", "TRUE", "off"}));
                else replace(args, pick(rnd, new String[] {"--sigma-w", "--gamma", "--depths"}), pick(rnd, new String[] {"-1", "0", "1e400"}));
                return "bad boolean or range";
            }
            case 14 -> {                                              // bad output places
                Path file = Files.writeString(dir.resolve("afile" + rnd.nextInt(1000)), "x");
                String[] outs = {file.toString(), file.resolve("sub").toString(), "", "\u0000bad", "/dev/null"};
                replace(args, "--out", pick(rnd, outs));
                return "bad --out";
            }
            default -> {                                              // bad command words and seeds
                if (rnd.nextBoolean()) {
                    args.set(0, pick(rnd, new String[] {"sweeep", "SWEEP", "theory", "swe", "", "x".repeat(5000)}));
                    if (args.get(0).equals("theory")) args.add(1, "nosuch");
                    return "command word";
                }
                if (!sweep) { args.add(2, "--k"); args.add(3, "0"); return "theory k 0"; }
                replace(args, "--seed", pick(rnd, new String[] {"08", "010", "0x", "0xfffffffffffffffff", "#1", "-9223372036854775809",
                    "0x7f", "12345678901234567890", " 5 ", "5L"}));
                return "seed";
            }
        }
    }

    private static void replace(List<String> args, String option, String value) {
        int i = args.indexOf(option);
        if (i >= 0 && i + 1 < args.size()) args.set(i + 1, value);
        else { args.add(option); args.add(value); }
    }

    private static <T> T pick(Random rnd, T[] xs) { return xs[rnd.nextInt(xs.length)]; }

    private static <T> T pick(Random rnd, List<T> xs) { return xs.get(rnd.nextInt(xs.size())); }

    private static String abbreviate(String s) { return s.length() <= 300 ? s : s.substring(0, 300) + "…"; }

    static boolean emptyOrAbsent(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return !Files.exists(dir);
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Spec files: the first is valid and tiny, the rest are junk of every kind. */
    static List<Path> junkSpecs(Path dir) throws IOException {
        String tiny = "\"widths\": [3], \"depths\": \"1:2\", \"networks\": 2, \"backend\": \"cpu\", \"report\": false, \"probes\": 3";
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("good.json", ("{" + tiny + "}").getBytes(StandardCharsets.UTF_8));
        m.put("good-out.json", ("{" + tiny + ", \"out\": \"results-here\"}").getBytes(StandardCharsets.UTF_8));
        m.put("garbage.json", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '{', '"'});
        m.put("deep.json", ("[".repeat(3000) + "]".repeat(3000)).getBytes(StandardCharsets.UTF_8));
        m.put("deep-object.json", ("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)).getBytes(StandardCharsets.UTF_8));
        m.put("trailing.json", ("{" + tiny + "} junk").getBytes(StandardCharsets.UTF_8));
        m.put("two.json", ("{" + tiny + "}{\"seed\": 2}").getBytes(StandardCharsets.UTF_8));
        m.put("dupkey.json", ("{" + tiny + ", \"networks\": 3}").getBytes(StandardCharsets.UTF_8));
        m.put("array.json", "[1, 2]".getBytes(StandardCharsets.UTF_8));
        m.put("null.json", "null".getBytes(StandardCharsets.UTF_8));
        m.put("empty.json", new byte[0]);
        m.put("unknown-key.json", ("{" + tiny + ", \"bogus\": 1}").getBytes(StandardCharsets.UTF_8));
        m.put("nested-value.json", ("{" + tiny + ", \"dist\": [[\"gaussian:1\"]]}").getBytes(StandardCharsets.UTF_8));
        m.put("object-value.json", ("{" + tiny + ", \"seed\": {\"x\": 1}}").getBytes(StandardCharsets.UTF_8));
        m.put("null-value.json", ("{" + tiny + ", \"seed\": null}").getBytes(StandardCharsets.UTF_8));
        m.put("escape.json", ("{" + tiny + ", \"out\": \"../../escaped\"}").getBytes(StandardCharsets.UTF_8));
        m.put("absolute.json", ("{" + tiny + ", \"out\": \"/tmp/netdyn-fuzz-absolute\"}").getBytes(StandardCharsets.UTF_8));
        m.put("huge.json", ("{" + tiny + ", \"measures\": \"" + "x".repeat(1_200_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        m.put("bad-number.json", ("{" + tiny.replace("\"networks\": 2", "\"networks\": 1e999") + "}").getBytes(StandardCharsets.UTF_8));
        m.put("long-string.json", ("{" + tiny + ", \"activation\": \"" + "t".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        m.put("truncated.json", ("{" + tiny).getBytes(StandardCharsets.UTF_8));
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : m.entrySet()) out.add(Files.write(dir.resolve(e.getKey()), e.getValue()));
        out.add(dir.resolve("missing.json"));
        out.add(dir);                                                  // a directory
        return out;
    }

    /** Weights files: the first two are valid (W1..WL, state_dict), the rest are broken. */
    static List<Path> junkWeights(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        double[] i3 = {0.5, 0.1, 0, 0, 0.5, 0.1, 0.1, 0, 0.5};
        byte[] w = NpzWriter.f8(new int[] {3, 3}, i3), b = NpzWriter.f8(new int[] {3}, new double[] {0.1, 0, -0.1});
        out.add(npz(dir, "good.npz", "W1", w, "W2", w, "b1", b));
        out.add(npz(dir, "state_dict.npz", "0.weight", w, "0.bias", b, "2.weight", w));
        out.add(npz(dir, "nonsquare.npz", "W1", NpzWriter.f8(new int[] {3, 2}, new double[6])));
        out.add(npz(dir, "badbias.npz", "W1", w, "b1", NpzWriter.f8(new int[] {2}, new double[2])));
        out.add(npz(dir, "gap.npz", "W1", w, "W3", w));
        out.add(npz(dir, "nan.npz", "W1", NpzWriter.f8(new int[] {3, 3}, new double[] {1, Double.NaN, 0, 0, 1, 0, 0, 0, 1})));
        out.add(npz(dir, "f2.npz", "W1", NpzWriter.npy("<f2", false, new int[] {3, 3}, new byte[18])));
        out.add(npz(dir, "twoprefixes.npz", "a.0.weight", w, "b.0.weight", w));
        out.add(npz(dir, "mixed.npz", "W1", w, "1.weight", w));
        out.add(npz(dir, "orphan-bias.npz", "0.weight", w, "1.bias", b));
        out.add(npz(dir, "empty.npz"));
        out.add(npz(dir, "badheader.npz", "W1", Arrays.copyOf(w, 20)));
        Path good = out.get(0);
        byte[] bytes = Files.readAllBytes(good);
        out.add(Files.write(dir.resolve("truncated.npz"), Arrays.copyOf(bytes, bytes.length / 2)));
        out.add(Files.write(dir.resolve("random.npz"), randomBytes(777, 3)));
        out.add(Files.write(dir.resolve("random.safetensors"), randomBytes(333, 4)));
        out.add(Files.write(dir.resolve("empty.safetensors"), new byte[0]));
        byte[] hugeHeader = new byte[16];
        Arrays.fill(hugeHeader, 0, 8, (byte) 0x7f);
        out.add(Files.write(dir.resolve("hugeheader.safetensors"), hugeHeader));
        byte[] dup = Files.readAllBytes(npz(dir, "dup-src.npz", "W1", w, "X1", w));
        byte[] from = "X1.npy".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= dup.length; i++) {
            if (Arrays.equals(dup, i, i + from.length, from, 0, from.length)) dup[i] = 'W';
        }
        out.add(Files.write(dir.resolve("duplicate.npz"), dup));
        out.add(dir.resolve("missing.npz"));
        out.add(Files.createDirectories(dir.resolve("adir.npz")));
        return out;
    }

    private static Path npz(Path dir, String name, Object... kv) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (byte[]) kv[i + 1]);
        Path f = dir.resolve(name);
        NpzWriter.write(f, m);
        return f;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
