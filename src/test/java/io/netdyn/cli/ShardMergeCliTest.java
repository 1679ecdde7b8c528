package io.netdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep --shard I/N} and {@code merge}: the shards of a sweep, merged, are byte for
 * byte the single run's files (every CSV, rows in grid order), whatever the shard order,
 * thread count or batch; and every way of getting it wrong is a one-line error, exit 2.
 */
class ShardMergeCliTest {
    /** 2 widths × 2 dists × 2 activations = 8 cells; measures with per-network tables (fixedpoints.csv, esd.csv) and the width-level wormhole. */
    private static final String[] SWEEP = {"sweep", "--widths", "3,5", "--dist", "gaussian:1,cauchy:1", "--activation", "tanh,relu",
        "--measures", "propagation,fixedpoints,jacobian,wormhole", "--networks", "4", "--depths", "1:3", "--probes", "4",
        "--starts", "8", "--max-iter", "100", "--backend", "cpu"};
    private static final List<String> FILES = List.of("results.csv", "fixedpoints.csv", "esd.csv");

    @TempDir static Path dir;

    @BeforeAll
    static void runWholeAndThreeShards() {
        ok(CliTest.run(args("--threads", "2", "--out", dir.resolve("whole").toString())));
        for (int i = 1; i <= 3; i++) {
            // shards with other thread counts and batch sizes: neither may change a number
            ok(CliTest.run(args("--shard", i + "/3", "--threads", Integer.toString(i), "--batch", Integer.toString(i + 1),
                    "--out", dir.resolve("s" + i).toString())));
        }
    }

    @Test
    void mergedShardsAreByteIdenticalToTheSingleRun() throws Exception {
        Path merged = dir.resolve("merged");
        CliTest.Run r = CliTest.run("merge", "--out", merged.toString(), dir.resolve("s3").toString(),
                dir.resolve("s1").toString(), dir.resolve("s2").toString());
        ok(r);
        assertTrue(r.out().contains("merged 3 shards (8 cells"), r.out());
        for (String f : FILES) {
            assertEquals(Files.readString(dir.resolve("whole").resolve(f)), Files.readString(merged.resolve(f)), f);
        }
        for (int i = 1; i <= 3; i++) {   // each shard really held only its own cells
            long rows = Files.readAllLines(dir.resolve("s" + i + "/results.csv")).size() - 1;
            assertTrue(rows > 0 && rows < Files.readAllLines(merged.resolve("results.csv")).size() - 1, "shard " + i + ": " + rows);
        }
        JsonNode m = new ObjectMapper().readTree(merged.resolve("manifest.json").toFile());
        assertEquals("1/1", m.get("spec").get("shard").asText());
        assertEquals(3, m.get("merged_from_shards").asInt());
        assertEquals(8, m.get("cells").asInt());
        assertEquals(List.of("1/3", "2/3", "3/3"), texts(m.get("shards"), "shard"));
        JsonNode s2 = new ObjectMapper().readTree(dir.resolve("s2/manifest.json").toFile());
        assertEquals("2/3", s2.get("shard").asText());
        int cells = 0;                                     // the shards' cells (by estimated cost) partition the 8
        for (int i = 1; i <= 3; i++) cells += new ObjectMapper().readTree(dir.resolve("s" + i + "/manifest.json").toFile()).get("cells").asInt();
        assertEquals(8, cells);
        assertEquals(8, s2.get("grid_cells").asInt());
    }

    @Test
    void badShardsAndMergesAreOneLineErrors() throws Exception {
        String s1 = dir.resolve("s1").toString(), s2 = dir.resolve("s2").toString(), s3 = dir.resolve("s3").toString();
        String out = dir.resolve("bad").toString();
        fails(CliTest.run(args("--shard", "0/3", "--out", out)), "--shard", "1..3");
        fails(CliTest.run(args("--shard", "4/3", "--out", out)), "--shard", "1..3");
        fails(CliTest.run(args("--shard", "2", "--out", out)), "--shard", "I/N");
        fails(CliTest.run(args("--shard", "1/9", "--out", out)), "--shard", "only 8 cells");
        fails(CliTest.run("merge", "--out", out, s1, s3), "missing shard 2/3");
        fails(CliTest.run("merge", "--out", out, s1, s2, s2, s3), "given twice");
        fails(CliTest.run("merge", s1, s2, s3), "--out", "required");
        fails(CliTest.run("merge", "--out", out), "shard directories");
        fails(CliTest.run("merge", "--out", out, s1, s2, dir.resolve("nowhere").toString()), "not a directory");
        fails(CliTest.run("merge", "--out", out, s1, s2, dir.resolve("whole").toString()), "shard 1/1");
        fails(CliTest.run("merge", "--out", dir.resolve("whole").toString(), s1, s2, s3), "already holds results");

        Path other = dir.resolve("other");   // a shard of another sweep (other seed)
        ok(CliTest.run(args("--shard", "2/3", "--seed", "7", "--out", other.toString())));
        fails(CliTest.run("merge", "--out", out, s1, other.toString(), s3), "not shards of one sweep", "--seed");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        fails(CliTest.run("merge", "--out", out, s1, s2, s3, empty.toString()), "no netdyn results");

        Path tampered = dir.resolve("tampered");   // a row moved into a shard that does not own its cell
        copy(dir.resolve("s3"), tampered);
        List<String> foreign = Files.readAllLines(dir.resolve("s1/results.csv"));
        Files.writeString(tampered.resolve("results.csv"), foreign.get(1) + "\n", StandardOpenOption.APPEND);
        fails(CliTest.run("merge", "--out", out, s1, s2, tampered.toString()), "does not compute");
        assertFalse(Files.exists(dir.resolve("bad")), "no failed command left an output directory");
    }

    /** merge trusts no shard's files blindly: each is checked against what its manifest says it computed. */
    @Test
    void truncatedEmptiedOrMislabelledShardsAreRefused() throws Exception {
        String s1 = dir.resolve("s1").toString(), s2 = dir.resolve("s2").toString(), s3 = dir.resolve("s3").toString();
        String out = dir.resolve("bad-verify").toString();

        Path headerOnly = dir.resolve("header-only");      // the results of a job killed at the wrong moment, by hand
        copy(dir.resolve("s2"), headerOnly);
        Files.writeString(headerOnly.resolve("results.csv"), Files.readAllLines(dir.resolve("s2/results.csv")).get(0) + "\n");
        fails(CliTest.run("merge", "--out", out, s1, headerOnly.toString(), s3), "shard 2/3", "results.csv has 0 rows of cell", "manifest says");

        Path shortened = dir.resolve("shortened");          // whole lines lost at the end
        copy(dir.resolve("s3"), shortened);
        List<String> lines = Files.readAllLines(dir.resolve("s3/fixedpoints.csv"));
        Files.writeString(shortened.resolve("fixedpoints.csv"), String.join("\n", lines.subList(0, lines.size() - 2)) + "\n");
        fails(CliTest.run("merge", "--out", out, s1, s2, shortened.toString()), "shard 3/3", "fixedpoints.csv has", "of cell");

        Path cut = dir.resolve("cut");                      // cut in the middle of a line
        copy(dir.resolve("s1"), cut);
        String text = Files.readString(dir.resolve("s1/results.csv"));
        Files.writeString(cut.resolve("results.csv"), text.substring(0, text.length() - 7));
        fails(CliTest.run("merge", "--out", out, cut.toString(), s2, s3), "cut/results.csv", "line", "truncated");

        Path relabelled = dir.resolve("relabelled");        // shard 1's files under a manifest that claims 2/3
        copy(dir.resolve("s1"), relabelled);
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode m =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(relabelled.resolve("manifest.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("spec")).put("shard", "2/3");
        m.put("shard", "2/3");
        json.writeValue(relabelled.resolve("manifest.json").toFile(), m);
        fails(CliTest.run("merge", "--out", out, relabelled.toString(), s1, s3), "shard 2/3", "not an unmodified netdyn shard");

        Path halfLabel = dir.resolve("half-label");         // spec and summary disagree
        copy(dir.resolve("s1"), halfLabel);
        m = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(halfLabel.resolve("manifest.json").toFile());
        m.put("shard", "3/3");
        json.writeValue(halfLabel.resolve("manifest.json").toFile(), m);
        fails(CliTest.run("merge", "--out", out, halfLabel.toString(), s2, s3), "says shard 3/3", "spec says 1/3");

        Path layout1 = dir.resolve("layout-1");            // a shard of a netdyn that drew other networks from the seed
        copy(dir.resolve("s2"), layout1);
        m = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(layout1.resolve("manifest.json").toFile());
        m.remove("random_streams");
        json.writeValue(layout1.resolve("manifest.json").toFile(), m);
        fails(CliTest.run("merge", "--out", out, s1, layout1.toString(), s3), "layout-1 was drawn with random-stream layout 1",
                "this netdyn draws with 2", "merge it with the netdyn version that wrote it");
        assertFalse(Files.exists(Path.of(out)), "no refused merge left an output directory");
    }

    /** report DIR refuses a results.csv cut short or damaged, naming the file and the line. */
    @Test
    void reportRefusesATruncatedResultsFile() throws Exception {
        Path r = dir.resolve("report-cut");
        copy(dir.resolve("whole"), r);
        String text = Files.readString(r.resolve("results.csv"));
        Files.writeString(r.resolve("results.csv"), text.substring(0, text.length() - 5));
        int lines = (int) text.lines().count();
        fails(CliTest.run("report", r.toString()), "results.csv", "line " + lines, "truncated");
        List<String> all = new ArrayList<>(Files.readAllLines(dir.resolve("whole/results.csv")));
        all.set(3, all.get(3).substring(0, all.get(3).lastIndexOf(',')));
        Files.writeString(r.resolve("results.csv"), String.join("\n", all) + "\n");
        fails(CliTest.run("report", r.toString()), "results.csv", "line 4 has 17 fields, the header 18");
        Files.write(r.resolve("results.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\n'});
        fails(CliTest.run("report", r.toString()), "not UTF-8");
    }

    private static String[] args(String... extra) {
        List<String> a = new ArrayList<>(List.of(SWEEP));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static void ok(CliTest.Run r) {
        assertEquals(0, r.code(), r.err());
    }

    private static void fails(CliTest.Run r, String... fragments) {
        assertEquals(2, r.code(), r.out() + r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n") || line.contains("Exception"), line);
        for (String f : fragments) assertTrue(line.contains(f), "expected '" + f + "' in: " + line);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
    }
}
