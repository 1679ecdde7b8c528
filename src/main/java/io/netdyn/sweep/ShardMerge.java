package io.netdyn.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.netdyn.io.CsvFormat;
import io.netdyn.io.CsvRecords;
import io.netdyn.io.JsonObject;
import io.netdyn.io.Manifest;
import io.netdyn.io.OutputDirectory;
import io.netdyn.io.ResultFiles;
import io.netdyn.measure.Measures;
import io.netdyn.model.Streams;
import io.netdyn.report.HtmlReport;
import io.netdyn.spec.Cell;
import io.netdyn.spec.Shard;
import io.netdyn.spec.ShardPlan;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.spec.SweepSpec;
import io.netdyn.spec.UsageError;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code netdyn merge}: joins the output directories of the N shards of one sweep
 * ({@code --shard I/N}) into the files the unsharded run writes. Every file is a CSV whose
 * rows start with (or contain) the cell columns width, dist, activation, bias; rows are put
 * back in grid order, cell by cell, each cell's rows in the order its shard wrote them. The
 * rows are copied as text, so the merged files are byte-identical to a single run's.
 *
 * <p>Refused, with one line naming the problem: a directory without a netdyn manifest, shards
 * of different sweeps (any setting but the shard and {@link SweepSpec#RUN_ONLY_SETTINGS}), a missing or repeated shard, a row whose cell the shard does
 * not own.
 */
public final class ShardMerge {
    /** Settings that may differ between the shards of one sweep: the shard, and those that change no number. */
    static final Set<String> FREE_SETTINGS = union(SweepSpec.RUN_ONLY_SETTINGS, "shard");
    private static final List<String> CELL_KEY = ResultFiles.CELL_COLUMNS;

    public record Outcome(Path out, List<String> files, int shards, int cells, long rows) {}

    private record ShardDir(Path dir, Shard shard, JsonNode manifest, Map<String, String> settings) {}

    /** One merged CSV: the header the shards share, and its data rows grouped by cell index (grid order). */
    private record MergedFile(String header, List<List<String>> rowsByCell, long rows) {}

    /**
     * Merges {@code dirs} (one per shard, any order) into {@code out}: read the shards, check that
     * they are all the shards of one sweep and that {@code out} may take the result, put every
     * file's rows back in grid order, then write the files and the merged manifest.
     */
    public Outcome merge(List<Path> dirs, Path out, boolean overwrite, String commandLine) throws IOException {
        List<ShardDir> shards = readShards(dirs);
        ShardDir first = shards.get(0);
        ShardDir[] byIndex = oneSweepByIndex(shards);
        checkOutput(out, overwrite, shards);
        SweepSpec spec = wholeSpec(first, out);
        List<Cell> cells = spec.cells();
        checkSameFiles(first, byIndex);
        ShardPlan plan = ShardPlan.of(spec, byIndex.length);
        checkClaims(byIndex, plan, cells);
        Map<String, MergedFile> merged = inGridOrder(first, byIndex, cells, plan);
        return write(out, merged, spec, cells.size(), byIndex, commandLine);
    }

    /** Step 1: the manifest of each directory, in the order given; at least one. */
    private static List<ShardDir> readShards(List<Path> dirs) throws IOException {
        if (dirs.isEmpty()) throw new UsageError("merge: no shard directories given");
        List<ShardDir> shards = new ArrayList<>();
        for (Path d : dirs) shards.add(read(d));
        return shards;
    }

    /**
     * Step 2: the shards indexed by shard number (slot I − 1 holds shard I/N), refusing shards of
     * different N, a shard given twice, shards of different sweeps (each compared with the first
     * given), and then any missing shard.
     */
    private static ShardDir[] oneSweepByIndex(List<ShardDir> shards) {
        ShardDir first = shards.get(0);
        int count = first.shard().count();
        ShardDir[] byIndex = new ShardDir[count];
        for (ShardDir s : shards) {
            if (s.shard().count() != count) {
                throw new UsageError("merge: " + s.dir() + " is shard " + s.shard() + " but " + first.dir() + " is shard "
                        + first.shard() + ": shards of one sweep share N");
            }
            ShardDir seen = byIndex[s.shard().index() - 1];
            if (seen != null) {
                throw new UsageError("merge: shard " + s.shard() + " given twice (" + seen.dir() + " and " + s.dir() + ")");
            }
            byIndex[s.shard().index() - 1] = s;
            sameSweep(first, s);
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) if (byIndex[i] == null) missing.add((i + 1) + "/" + count);
        if (!missing.isEmpty()) throw new UsageError("merge: missing shard" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        return byIndex;
    }

    /** Step 3: {@code out} is a directory (or absent) without results, unless {@code overwrite}, and none of the shards. */
    private static void checkOutput(Path out, boolean overwrite, List<ShardDir> shards) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) throw UsageError.forOption("out", out + " exists and is not a directory");
        if (!overwrite && (Files.exists(out.resolve(ResultFiles.RESULTS)) || Files.exists(out.resolve(Manifest.FILE)))) {
            throw UsageError.forOption("out", out + " already holds results; pass --overwrite or choose another directory");
        }
        if (Files.exists(out)) {
            for (ShardDir s : shards) {
                if (Files.isSameFile(s.dir(), out)) throw UsageError.forOption("out", out + " is one of the shard directories");
            }
        }
    }

    /**
     * Step 3b: what each shard's manifest says it computed is what this shard of the sweep
     * computes: the same shard I/N in its spec and in its summary, the grid's cell count, the
     * number of cells the plan gives it and (where it lists them) exactly those cells.
     */
    private static void checkClaims(ShardDir[] byIndex, ShardPlan plan, List<Cell> cells) {
        for (ShardDir s : byIndex) {
            JsonNode m = s.manifest();
            String said = m.path("shard").asText(s.shard().toString());
            if (!said.equals(s.shard().toString())) {
                throw new UsageError("merge: " + s.dir().resolve(Manifest.FILE) + " says shard " + said + " but its spec says "
                        + s.shard() + ": not an unmodified netdyn shard");
            }
            if (m.has("grid_cells") && m.get("grid_cells").asInt() != cells.size()) {
                throw new UsageError("merge: " + s.dir().resolve(Manifest.FILE) + " says the grid has " + m.get("grid_cells").asInt()
                        + " cells, but its spec gives " + cells.size() + ": not an unmodified netdyn shard");
            }
            List<Integer> own = new ArrayList<>();
            for (Cell c : cells) if (plan.owns(s.shard(), c.index())) own.add(c.index());
            if (m.has("cells") && m.get("cells").asInt() != own.size()) {
                throw new UsageError("merge: " + s.dir() + " (shard " + s.shard() + ") says it computed " + m.get("cells").asInt()
                        + " cells, but shard " + s.shard() + " of this sweep computes " + own.size()
                        + ": not an unmodified netdyn shard, or of another netdyn version");
            }
            Map<Integer, Integer> listed = CellRows.read(m, ResultFiles.RESULTS);
            if (listed != null && !new ArrayList<>(listed.keySet()).equals(own)) {
                throw new UsageError("merge: " + s.dir().resolve(Manifest.FILE) + " lists the cells " + listed.keySet()
                        + " for shard " + s.shard() + ", which computes " + own + ": not an unmodified netdyn shard");
            }
        }
    }

    /** Step 4: every shard lists the files {@code first} lists, and no other. */
    private static void checkSameFiles(ShardDir first, ShardDir[] byIndex) {
        for (String file : files(first)) {
            for (ShardDir s : byIndex) {
                if (!files(s).contains(file)) throw new UsageError("merge: " + s.dir() + " has no " + file + " (its manifest lists "
                        + String.join(", ", files(s)) + ")");
            }
        }
        for (ShardDir s : byIndex) {
            for (String file : files(s)) {
                if (!files(first).contains(file)) throw new UsageError("merge: " + s.dir() + " has " + file + ", which "
                        + first.dir() + " lacks");
            }
        }
    }

    /** Step 5: each of {@code first}'s files, its rows from every shard (in shard order) grouped by the cell they belong to. */
    private static Map<String, MergedFile> inGridOrder(ShardDir first, ShardDir[] byIndex, List<Cell> cells, ShardPlan plan)
            throws IOException {
        Map<String, Integer> cellOf = new HashMap<>();
        for (Cell c : cells) cellOf.put(key(ResultFiles.cellValues(c)), c.index());
        Map<String, MergedFile> merged = new LinkedHashMap<>();
        for (String file : files(first)) merged.put(file, mergeFile(file, first, byIndex, cellOf, cells, plan));
        return merged;
    }

    /**
     * One file of every shard, rows grouped by cell: the shards must share its header, and each
     * row must name (in the cell columns) a cell of the grid that its shard computes.
     */
    private static MergedFile mergeFile(String file, ShardDir first, ShardDir[] byIndex, Map<String, Integer> cellOf, List<Cell> cells,
                                        ShardPlan plan) throws IOException {
        int cellCount = cells.size();
        List<List<String>> perCell = new ArrayList<>();
        for (int i = 0; i < cellCount; i++) perCell.add(new ArrayList<>());
        String header = null;
        long rows = 0;
        for (ShardDir s : byIndex) {
            Path path = s.dir().resolve(file);
            List<CsvRecords.Record> records = records(path);
            String own = records.get(0).raw();
            if (header == null) {
                header = own;
            } else if (!header.equals(own)) {
                throw new UsageError("merge: " + path + " has other columns than " + first.dir().resolve(file));
            }
            int[] keyCols = keyColumns(records.get(0).fields(), path);
            Map<Integer, Integer> counted = new TreeMap<>();
            for (CsvRecords.Record r : records.subList(1, records.size())) {
                String[] k = new String[keyCols.length];
                for (int j = 0; j < k.length; j++) {
                    if (keyCols[j] >= r.fields().size()) throw new UsageError("merge: short row in " + path + ": " + r.raw());
                    k[j] = r.fields().get(keyCols[j]);
                }
                Integer cell = cellOf.get(String.join("\u0000", k));
                if (cell == null || !plan.owns(s.shard(), cell)) {
                    throw new UsageError("merge: " + path + " holds a row of a cell that shard " + s.shard()
                            + " does not compute (" + String.join(", ", k) + "): not an unmodified netdyn shard");
                }
                perCell.get(cell).add(r.raw());
                counted.merge(cell, 1, Integer::sum);
                rows++;
            }
            Map<Integer, Integer> expected = CellRows.read(s.manifest(), file);
            if (expected != null) {
                for (Map.Entry<Integer, Integer> e : expected.entrySet()) {
                    int got = counted.getOrDefault(e.getKey(), 0);
                    if (got != e.getValue()) {
                        Cell c = cells.get(e.getKey());
                        throw new UsageError("merge: shard " + s.shard() + " (" + s.dir() + "): " + file + " has " + got + " row"
                                + (got == 1 ? "" : "s") + " of cell " + c.index() + " (width " + c.width() + ", " + c.distLabel() + ", "
                                + c.arch().activation().label() + ", bias " + c.biasLabel() + "), its manifest says " + e.getValue()
                                + ": the shard is truncated or damaged; rerun it");
                    }
                }
            }
        }
        return new MergedFile(header, perCell, rows);
    }

    /** Step 6: the merged files (header, then each cell's rows) and manifest, committed to {@code out} together. */
    private static Outcome write(Path out, Map<String, MergedFile> merged, SweepSpec spec, int cells, ShardDir[] byIndex,
                                 String commandLine) throws IOException {
        long rows = 0;
        try (OutputDirectory dir = openOutput(out)) {
            for (Map.Entry<String, MergedFile> e : merged.entrySet()) {
                MergedFile f = e.getValue();
                try (BufferedWriter w = dir.writer(e.getKey())) {
                    w.write(f.header());
                    w.newLine();
                    for (List<String> cellRows : f.rowsByCell()) {
                        for (String line : cellRows) {
                            w.write(line);
                            w.newLine();
                        }
                    }
                }
                rows += f.rows();
            }
            copyBinaries(dir, byIndex);
            writeManifest(dir, spec, byIndex, commandLine, cells);
            dir.commit();
            return new Outcome(out, dir.fileNames(), byIndex.length, cells, rows);
        }
    }

    private static Set<String> union(Set<String> a, String b) {
        Set<String> s = new HashSet<>(a);
        s.add(b);
        return Set.copyOf(s);
    }

    private static OutputDirectory openOutput(Path out) {
        try {
            return OutputDirectory.open(out);
        } catch (IOException e) {
            throw UsageError.forOption("out", "cannot create " + out + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static ShardDir read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new UsageError("merge: " + dir + " is not a directory");
        JsonNode m;
        try {
            m = Manifest.read(dir);
        } catch (IOException e) {
            throw new UsageError("merge: cannot read " + dir.resolve(Manifest.FILE) + ": " + e.getMessage());
        }
        if (m == null || !m.path("spec").isObject()) {
            throw new UsageError("merge: " + dir + " holds no netdyn results (no " + Manifest.FILE + " with a spec)");
        }
        String layout = Manifest.randomStreams(m);
        if (!layout.equals(Integer.toString(Streams.LAYOUT))) {
            throw new UsageError("merge: " + dir + " was drawn with random-stream layout " + layout + " (this netdyn draws with "
                    + Streams.LAYOUT + "): merge it with the netdyn version that wrote it (" + m.path("netdyn_version").asText("?")
                    + ", commit " + m.path("git_commit").asText("?") + ")");
        }
        Map<String, String> settings = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.get("spec").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            settings.put(e.getKey(), e.getValue().asText());
        }
        Shard shard;
        try {
            shard = Shard.parse(settings.getOrDefault("shard", "1/1"));
        } catch (IllegalArgumentException e) {
            throw new UsageError("merge: " + dir.resolve(Manifest.FILE) + ": bad shard: " + e.getMessage());
        }
        return new ShardDir(dir, shard, m, settings);
    }

    private static void sameSweep(ShardDir a, ShardDir b) {
        Set<String> keys = new LinkedHashSet<>(a.settings().keySet());
        keys.addAll(b.settings().keySet());
        for (String k : keys) {
            if (FREE_SETTINGS.contains(k)) continue;
            String x = a.settings().get(k), y = b.settings().get(k);
            if (x == null || !x.equals(y)) {
                throw new UsageError("merge: " + b.dir() + " and " + a.dir() + " are not shards of one sweep: --" + k + " is "
                        + y + " there and " + x + " here");
            }
        }
    }

    /** The unsharded spec the shards came from, writing to {@code out}. */
    private static SweepSpec wholeSpec(ShardDir s, Path out) {
        SpecResolver r = new SpecResolver();
        for (Map.Entry<String, String> e : s.settings().entrySet()) {
            SweepOption o = SweepOption.byKey(e.getKey());
            if (o == null) {
                throw new UsageError("merge: " + s.dir() + " was written by another netdyn version (unknown setting '"
                        + e.getKey() + "'); merge with that version");
            }
            r.set(o, e.getValue());
        }
        r.set(SweepOption.SHARD, Shard.WHOLE.toString());
        r.set(SweepOption.OUT, out.toString());
        try {
            return r.resolve(Measures.names());
        } catch (UsageError e) {
            throw new UsageError("merge: the spec in " + s.dir().resolve(Manifest.FILE) + " is not valid here: " + e.getMessage());
        }
    }

    // ---- binary files (--save-weights: weights/*.npz, one set per cell, so each in one shard) ----
    /** The files under a sub-folder (weights/…): not CSVs to merge, but each cell's own, copied as they are. */
    private static boolean binary(String name) {
        return name.indexOf('/') >= 0;
    }

    /** Copies every shard's binary files into {@code dir} (shards in order, each in its manifest's order); a name in two shards is refused. */
    private static void copyBinaries(OutputDirectory dir, ShardDir[] byIndex) throws IOException {
        Map<String, Path> seen = new HashMap<>();
        for (ShardDir s : byIndex) {
            for (JsonNode f : s.manifest().path("files")) {
                String name = f.asText();
                if (!binary(name)) continue;
                Path from = s.dir().resolve(name).normalize();
                if (!from.startsWith(s.dir().normalize())) throw new UsageError("merge: " + s.dir() + " lists a file outside it: " + name);
                if (!Files.isRegularFile(from)) throw new UsageError("merge: " + from + " is missing");
                Path other = seen.put(name, s.dir());
                if (other != null) throw new UsageError("merge: " + name + " is in " + other + " and in " + s.dir() + ": not shards of one sweep");
                try (java.io.OutputStream o = dir.stream(name)) {
                    Files.copy(from, o);
                }
            }
        }
    }
    // ---- end binary files ----

    private static List<String> files(ShardDir s) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : s.manifest().path("files")) {   // the CSVs; manifest and report are made anew
            if (binary(f.asText())) continue;             // copied by copyBinaries
            if (!f.asText().equals(Manifest.FILE) && !f.asText().equals(HtmlReport.FILE)) out.add(f.asText());
        }
        if (!out.contains(ResultFiles.RESULTS)) out.add(0, ResultFiles.RESULTS);
        return out;
    }

    private static List<CsvRecords.Record> records(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new UsageError("merge: " + file + " is missing");
        List<CsvRecords.Record> r;
        try {
            r = CsvRecords.parseWhole(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageError("merge: " + file + " is not UTF-8 text: damaged");
        } catch (IllegalArgumentException e) {
            throw new UsageError("merge: " + file + ": " + e.getMessage());
        }
        if (r.isEmpty()) throw new UsageError("merge: " + file + " is empty (no header)");
        return r;
    }

    private static int[] keyColumns(List<String> header, Path file) {
        int[] cols = new int[CELL_KEY.size()];
        for (int j = 0; j < cols.length; j++) {
            cols[j] = header.indexOf(CELL_KEY.get(j));
            if (cols[j] < 0) throw new UsageError("merge: " + file + " has no '" + CELL_KEY.get(j) + "' column, so its rows cannot be put in grid order");
        }
        return cols;
    }

    private static String key(Object[] cellValues) {
        String[] k = new String[cellValues.length];
        for (int i = 0; i < k.length; i++) k[i] = CsvFormat.value(cellValues[i]);
        return String.join("\u0000", k);
    }

    private static void writeManifest(OutputDirectory dir, SweepSpec spec, ShardDir[] shards, String command, int cells)
            throws IOException {
        Set<String> backends = new LinkedHashSet<>(), devices = new LinkedHashSet<>();
        double wall = 0;
        long networks = 0;
        Instant started = null;
        int threads = 0;
        for (ShardDir s : shards) {
            backends.add(s.manifest().path("backend").asText());
            devices.add(s.manifest().path("device").asText());
            wall += s.manifest().path("wall_seconds").asDouble();
            networks += s.manifest().path("networks_total").asLong();
            threads = Math.max(threads, s.manifest().path("threads").asInt());
            try {
                Instant t = Instant.parse(s.manifest().path("started").asText());
                if (started == null || t.isBefore(started)) started = t;
            } catch (DateTimeParseException e) {
                // a shard without a start time: the merged one is the earliest known
            }
        }
        Manifest.Run run = new Manifest.Run(command, String.join(",", backends), String.join(" | ", devices), threads,
                started == null ? Instant.now() : started, wall, cells, networks, dir.fileNames());
        Consumer<JsonObject> extra = root -> {
            root.put("merged_from_shards", shards.length);
            JsonObject.Array list = root.putArray("shards");
            for (ShardDir s : shards) {
                JsonObject o = list.addObject();
                o.put("shard", s.shard().toString());
                o.put("dir", s.dir().toAbsolutePath().normalize().toString());
                for (String f : List.of("netdyn_version", "git_commit", "command", "backend", "device", "threads", "started",
                        "wall_seconds", "cells", "networks_total")) {
                    if (s.manifest().has(f)) copyScalar(o, f, s.manifest().get(f));
                }
            }
        };
        if (spec.report()) HtmlReport.write(dir, Manifest.json(spec, run, extra));
        Manifest.write(dir, spec, run.withFiles(dir.fileNames()), extra);
    }

    /** A shard manifest's scalar field {@code v} as the same JSON value in {@code o}. */
    private static void copyScalar(JsonObject o, String f, JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong()) o.put(f, v.asLong());
        else if (v.isNumber()) o.put(f, v.asDouble());
        else if (v.isBoolean()) o.put(f, v.asBoolean());
        else if (v.isNull()) o.put(f, (String) null);
        else o.put(f, v.isTextual() ? v.asText() : v.toString());
    }
}
