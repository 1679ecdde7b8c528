package io.netdyn.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdyn.io.JsonObject;
import io.netdyn.io.ResultFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many rows each cell of a run wrote to each output file: the manifest's {@code cell_rows},
 * {@code {"results.csv": {"0": 24, "3": 24}, "fixedpoints.csv": {...}}} (cell grid index →
 * rows; every cell the run computed appears under every file, 0 where it wrote none). {@code merge}
 * checks each shard's files against it, so a truncated or emptied shard is refused.
 */
final class CellRows {
    static final String FIELD = "cell_rows";

    private final Map<Integer, Map<String, Integer>> byCell = new TreeMap<>();

    void add(int cell, ResultFiles.CellOutput output) {
        Map<String, Integer> m = byCell.computeIfAbsent(cell, k -> new LinkedHashMap<>());
        for (ResultFiles.FileLines f : output.files()) m.merge(f.name(), f.lines().size(), Integer::sum);
    }

    /** Adds {@code cell_rows} to a manifest. */
    void addTo(JsonObject root) {
        Map<String, Map<Integer, Integer>> byFile = new LinkedHashMap<>();
        byFile.put(ResultFiles.RESULTS, new TreeMap<>());
        for (Map<String, Integer> m : byCell.values()) for (String f : m.keySet()) byFile.putIfAbsent(f, new TreeMap<>());
        for (Map.Entry<Integer, Map<String, Integer>> c : byCell.entrySet()) {
            for (Map.Entry<String, Map<Integer, Integer>> f : byFile.entrySet()) {
                f.getValue().put(c.getKey(), c.getValue().getOrDefault(f.getKey(), 0));
            }
        }
        JsonObject o = root.putObject(FIELD);
        byFile.forEach((file, counts) -> {
            JsonObject per = o.putObject(file);
            counts.forEach((cell, n) -> per.put(Integer.toString(cell), n));
        });
    }

    /** The counts a manifest's {@code cell_rows} holds for {@code file}: cell → rows; null when absent. */
    static Map<Integer, Integer> read(JsonNode manifest, String file) {
        JsonNode f = manifest.path(FIELD).path(file);
        if (!f.isObject()) return null;
        Map<Integer, Integer> m = new TreeMap<>();
        f.fields().forEachRemaining(e -> {
            try {
                m.put(Integer.parseInt(e.getKey()), e.getValue().asInt(-1));
            } catch (NumberFormatException ex) {
                m.put(-1, -1);
            }
        });
        return m;
    }
}
