package io.netdyn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdyn.model.Streams;
import io.netdyn.simd.Simd;
import io.netdyn.spec.SweepSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** manifest.json: everything needed to reproduce a run's numbers (docs/outputs.md, "manifest.json"). */
public final class Manifest {
    public static final String FILE = "manifest.json";

    /** The JSON reader, loaded on first read only: writing a manifest needs none of it ({@link JsonObject}). */
    private static final class Reader {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private Manifest() {}

    /**
     * The random-stream layout a manifest's networks were drawn with ({@link Streams#LAYOUT}):
     * its "random_streams" field, "1" where there is none (manifests written before the field).
     */
    public static String randomStreams(JsonNode manifest) {
        JsonNode f = manifest.path("random_streams");
        return f.isMissingNode() || f.isNull() ? "1" : f.asText();
    }

    /** Reads a manifest written by {@link #write}; null when the file does not exist. */
    public static JsonNode read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        return Reader.JSON.readTree(f.toFile());
    }

    public record Run(String command, String backend, String device, int threads, Instant started,
                      double wallSeconds, int cells, long networks, List<String> files) {
        public Run withFiles(List<String> f) {
            return new Run(command, backend, device, threads, started, wallSeconds, cells, networks, f);
        }
    }

    public static void write(OutputDirectory out, SweepSpec spec, Run run) throws IOException {
        write(out, spec, run, root -> { });
    }

    /** As {@link #write(OutputDirectory, SweepSpec, Run)}, {@code extra} adding fields before "files". */
    public static void write(OutputDirectory out, SweepSpec spec, Run run, Consumer<JsonObject> extra) throws IOException {
        JsonObject root = json(spec, run, extra);
        try (BufferedWriter w = out.writer(FILE)) {
            w.write(root.toPrettyString());
            w.newLine();
        }
    }

    /** The manifest's content, as {@link #write} writes it. */
    public static JsonObject json(SweepSpec spec, Run run, Consumer<JsonObject> extra) {
        JsonObject root = new JsonObject();
        root.put("netdyn_version", BuildInfo.version());
        root.put("git_commit", BuildInfo.gitCommit());
        root.put("command", run.command());
        root.put("seed", spec.seed());
        root.put("random_streams", Streams.LAYOUT);
        JsonObject s = root.putObject("spec");
        for (Map.Entry<String, String> e : spec.settings().entrySet()) s.put(e.getKey(), e.getValue());
        root.put("backend", run.backend());
        root.put("device", run.device());
        root.put("threads", run.threads());
        root.put("simd", Simd.status());
        root.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        root.put("started", run.started().toString());
        root.put("wall_seconds", run.wallSeconds());
        root.put("shard", spec.shard().toString());
        root.put("cells", run.cells());
        root.put("grid_cells", spec.grid().cellCount());
        root.put("networks_per_cell", spec.networks());
        root.put("networks_total", run.networks());
        spec.imported().ifPresent(w -> {             // --weights: which file, exactly
            JsonObject f = root.putObject("weights");
            f.put("path", w.file().toString());
            f.put("absolute_path", w.file().toAbsolutePath().normalize().toString());
            f.put("sha256", w.sha256());
            f.put("networks", w.count());
            f.put("width", w.width());
            f.put("depth", w.depth());
            if (!w.names().isEmpty()) {                // state_dict names: which array became which layer
                JsonObject names = f.putObject("names");
                w.names().forEach(names::put);
            }
        });
        extra.accept(root);
        JsonObject.Array files = root.putArray("files");
        run.files().forEach(files::add);
        files.add(FILE);
        return root;
    }

    /** As {@link #read}, as a {@link JsonObject} (what the report takes); null when the file does not exist. */
    public static JsonObject readObject(Path dir) throws IOException {
        JsonNode m = read(dir);
        return m != null && m.isObject() ? (JsonObject) value(m) : null;
    }

    /** A parsed JSON value as {@link JsonObject} holds it. */
    private static Object value(JsonNode v) {
        if (v.isObject()) {
            JsonObject o = new JsonObject();
            v.fields().forEachRemaining(e -> o.putValue(e.getKey(), value(e.getValue())));
            return o;
        }
        if (v.isArray()) {
            JsonObject.Array a = new JsonObject.Array();
            for (JsonNode item : v) a.addValue(value(item));
            return a;
        }
        if (v.isIntegralNumber()) return v.asLong();
        if (v.isNumber()) return v.asDouble();
        if (v.isBoolean()) return v.asBoolean();
        return v.isNull() ? null : v.asText();
    }

    /** The text of setting {@code key} in a manifest's "spec"; {@code orElse} without a manifest, a spec or the key. */
    public static String setting(JsonObject manifest, String key, String orElse) {
        JsonObject spec = manifest == null ? null : manifest.object("spec");
        String v = spec == null ? null : spec.text(key);
        return v == null ? orElse : v;
    }
}
