package io.netdyn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** JsonObject prints exactly what the JSON library's pretty printer prints for the same tree, and reads back. */
class JsonObjectTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.5, 1e-300, 4.9e-324, 1e21, 1e22, 123456789.125, 0.1,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, 1e-7, 1e7, 12.0};

    @Test
    void printsTheLibrarysLayoutForRandomTrees() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int t = 0; t < 300; t++) {
            JsonObject mine = new JsonObject();
            ObjectNode theirs = JSON.createObjectNode();
            fill(rnd, mine, theirs, 0);
            String expected = JSON.writeValueAsString(theirs);
            assertEquals(expected, mine.toPrettyString(), "tree " + t);
            assertEquals(JSON.readTree(expected), JSON.readTree(mine.toPrettyString()));
        }
    }

    @Test
    void escapesEveryControlCharacterAndKeepsUnicode() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) all.append(c);
        all.append("é€\uD83D\uDE00\u2028\u007f");
        JsonObject mine = new JsonObject().put(all.toString(), all.toString()).put("null", (String) null);
        ObjectNode theirs = JSON.createObjectNode().put(all.toString(), all.toString()).put("null", (String) null);
        assertEquals(JSON.writeValueAsString(theirs), mine.toPrettyString());
        JsonNode back = JSON.readTree(mine.toPrettyString());
        assertEquals(all.toString(), back.get(all.toString()).asText());
        assertEquals(true, back.get("null").isNull());
    }

    @Test
    void readsBackWhatItWroteAndGivesTheLibrarysText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int t = 0; t < 200; t++) {
            JsonObject mine = new JsonObject();
            fill(rnd, mine, JSON.createObjectNode(), 0);
            mine.put("wall_seconds", rnd.nextDouble() * 100).put("seed", rnd.nextLong()).put("nan", Double.NaN);
            java.nio.file.Files.writeString(dir.resolve(Manifest.FILE), mine.toPrettyString());
            JsonObject back = Manifest.readObject(dir);
            assertEquals(mine.toPrettyString(), back.toPrettyString(), "tree " + t);
            JsonNode theirs = JSON.readTree(mine.toPrettyString());
            theirs.fieldNames().forEachRemaining(k -> {
                assertEquals(theirs.get(k).asText(), mine.text(k), "text of " + k);
                assertEquals(theirs.get(k).isObject(), mine.object(k) != null, "object " + k);
            });
        }
        assertEquals(null, new JsonObject().text("absent"));
        assertEquals("null", new JsonObject().put("n", (String) null).text("n"));
        assertEquals(null, Manifest.readObject(dir.resolve("missing")));
    }

    @Test
    void putReplacesInPlace() throws Exception {
        JsonObject o = new JsonObject().put("a", 1).put("b", 2).put("a", "x");
        assertEquals("{\n  \"a\" : \"x\",\n  \"b\" : 2\n}", o.toPrettyString());
        assertEquals("{ }", new JsonObject().toPrettyString());
    }

    private static void fill(SplittableRandom rnd, JsonObject mine, ObjectNode theirs, int depth) {
        int n = rnd.nextInt(depth == 0 ? 1 : 0, 6);
        for (int i = 0; i < n; i++) {
            String key = key(rnd, i);
            switch (rnd.nextInt(depth < 3 ? 7 : 5)) {
                case 0 -> { String v = key(rnd, -1); mine.put(key, v); theirs.put(key, v); }
                case 1 -> { long v = rnd.nextLong() >> rnd.nextInt(64); mine.put(key, v); theirs.put(key, v); }
                case 2 -> { double v = rnd.nextBoolean() ? SPECIAL[rnd.nextInt(SPECIAL.length)] : rnd.nextDouble() * Math.pow(10, rnd.nextInt(-20, 20));
                            mine.put(key, v); theirs.put(key, v); }
                case 3 -> { boolean v = rnd.nextBoolean(); mine.put(key, v); theirs.put(key, v); }
                case 4 -> { JsonObject.Array a = mine.putArray(key); ArrayNode b = theirs.putArray(key);
                            for (int k = rnd.nextInt(4); k > 0; k--) {
                                if (rnd.nextBoolean()) { String v = key(rnd, k); a.add(v); b.add(v); }
                                else { long v = rnd.nextInt(); a.add(v); b.add(v); }
                            } }
                case 5 -> fill(rnd, mine.putObject(key), theirs.putObject(key), depth + 1);
                default -> { JsonObject.Array a = mine.putArray(key); ArrayNode b = theirs.putArray(key);
                             for (int k = rnd.nextInt(3); k > 0; k--) fill(rnd, a.addObject(), b.addObject(), depth + 1); }
            }
        }
    }

    private static String key(SplittableRandom rnd, int i) {
        String[] words = {"results.csv", "p50_ms", "a \"quoted\" name", "tab\there", "line\nbreak", "back\\slash", "ünï", ""};
        return words[rnd.nextInt(words.length)] + (i >= 0 ? "_" + i : "");
    }
}
