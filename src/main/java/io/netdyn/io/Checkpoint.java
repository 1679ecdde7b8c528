package io.netdyn.io;

import io.netdyn.spec.SweepSpec;
import io.netdyn.spec.UsageError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoint of a {@code --resume} sweep (docs/outputs.md, "Atomicity and safety";
 * docs/cli.md, "Output options"): {@code OUT/.netdyn-checkpoint/}
 * holds, for every finished grid cell, what the cell wrote to each output file
 * ({@code cell-000012/}: {@code files.txt} naming the files in creation order, then one file
 * per output, header first). A cell's folder is written under a temporary name and renamed
 * into place only when complete, so a kill at any moment leaves whole cells or none.
 * {@code sweep.txt} holds the settings that decide the numbers; a checkpoint of another
 * sweep is refused rather than mixed in. The folder is removed when the run commits.
 */
public final class Checkpoint {
    public static final String DIR = ".netdyn-checkpoint";
    private static final String SWEEP = "sweep.txt", FILES = "files.txt";

    private final Path dir;

    private Checkpoint(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens (creating if needed) the checkpoint of {@code out}, for a sweep whose
     * number-deciding settings are {@code settings}; refuses one written by another sweep.
     */
    public static Checkpoint open(Path out, Map<String, String> settings) throws IOException {
        Path dir = out.resolve(DIR);
        String identity = identity(settings);
        Path sweep = dir.resolve(SWEEP);
        if (Files.isRegularFile(sweep)) {
            String old = Files.readString(sweep, StandardCharsets.UTF_8);
            if (!old.equals(identity)) {
                throw UsageError.forOption("resume", dir + " holds cells of another sweep (" + firstDifference(old, identity)
                        + "); remove that folder or choose another --out");
            }
        } else {
            Files.createDirectories(dir);
            writeAtomically(sweep, identity);
        }
        Checkpoint c = new Checkpoint(dir);
        c.removeUnfinished();
        return c;
    }

    /** Grid indices of the cells saved so far. */
    public List<Integer> savedCells() throws IOException {
        List<Integer> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "cell-*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString().substring(5);
                if (n.matches("\\d+") && Files.isRegularFile(p.resolve(FILES))) out.add(Integer.parseInt(n));
            }
        }
        out.sort(null);
        return out;
    }

    /** Saves one finished cell (atomically: a folder renamed into place). */
    public void save(int cell, ResultFiles.CellOutput output) throws IOException {
        save(cell, output, Map.of());
    }

    // ---- binary outputs of a cell (--save-weights) ----
    private static final String BINARIES = "binaries.txt", BIN = "bin";

    /**
     * Saves one finished cell with binary output files too: {@code binaries} maps each file's
     * name in the output directory (e.g. {@code weights/x.npz}) to the file to copy from. They go
     * to {@code bin/NAME} inside the cell's folder, listed in {@code binaries.txt}, before the
     * folder is renamed into place.
     */
    public void save(int cell, ResultFiles.CellOutput output, Map<String, Path> binaries) throws IOException {
        Path tmp = OutputDirectory.createUniqueDirectory(dir, ".tmp-cell-");
        if (!binaries.isEmpty()) {
            StringBuilder list = new StringBuilder();
            for (Map.Entry<String, Path> b : binaries.entrySet()) {
                Path to = binary(tmp, b.getKey());
                Files.createDirectories(to.getParent());
                Files.copy(b.getValue(), to);
                list.append(b.getKey()).append('\n');
            }
            Files.writeString(tmp.resolve(BINARIES), list, StandardCharsets.UTF_8);
        }
        StringBuilder names = new StringBuilder();
        for (ResultFiles.FileLines f : output.files()) {
            names.append(f.name()).append('\n');
            StringBuilder text = new StringBuilder(f.header()).append('\n');
            for (String line : f.lines()) text.append(line).append('\n');
            Files.writeString(tmp.resolve(f.name()), text, StandardCharsets.UTF_8);
        }
        Files.writeString(tmp.resolve(FILES), names, StandardCharsets.UTF_8);
        Path target = cellDir(cell);
        if (Files.exists(target)) deleteTree(target);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
    }

    /** What a saved cell wrote, as {@link ResultFiles#replay} takes it. */
    public ResultFiles.CellOutput load(int cell) throws IOException {
        Path d = cellDir(cell);
        List<ResultFiles.FileLines> files = new ArrayList<>();
        for (String name : Files.readAllLines(d.resolve(FILES), StandardCharsets.UTF_8)) {
            if (name.isEmpty()) continue;
            List<CsvRecords.Record> records = CsvRecords.parse(Files.readString(d.resolve(name), StandardCharsets.UTF_8));
            if (records.isEmpty()) throw new IOException("checkpoint file " + d.resolve(name) + " is empty");
            List<String> lines = new ArrayList<>();
            for (CsvRecords.Record r : records.subList(1, records.size())) lines.add(r.raw());
            files.add(new ResultFiles.FileLines(name, records.get(0).raw(), lines));
        }
        return new ResultFiles.CellOutput(files);
    }

    /** The binary files a saved cell wrote, in the order written: name in the output directory → the saved copy. */
    public Map<String, Path> binaries(int cell) throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        Path d = cellDir(cell), list = d.resolve(BINARIES);
        if (!Files.isRegularFile(list)) return out;
        for (String name : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            if (!name.isEmpty()) out.put(name, binary(d, name));
        }
        return out;
    }

    private static Path binary(Path cellDir, String name) {
        Path bin = cellDir.resolve(BIN), p = bin.resolve(name).normalize();
        if (!p.startsWith(bin) || p.equals(bin)) throw new IllegalArgumentException("not a file name: " + name);
        return p;
    }
    // ---- end binary outputs ----

    /** Removes the checkpoint (after the run's files are committed). */
    public void delete() throws IOException {
        deleteTree(dir);
    }

    public Path path() { return dir; }

    private Path cellDir(int cell) { return dir.resolve(String.format("cell-%06d", cell)); }

    private void removeUnfinished() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".tmp-cell-*")) {
            for (Path p : ds) deleteTree(p);
        }
    }

    private static String identity(Map<String, String> settings) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(settings).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    private static String firstDifference(String old, String now) {
        Map<String, String> a = parse(old), b = parse(now);
        a.putIfAbsent(SweepSpec.RANDOM_STREAMS, "1");        // checkpoints from before the layout was recorded
        for (String k : b.keySet()) {
            if (!b.get(k).equals(a.get(k))) return name(k) + " was " + a.getOrDefault(k, "absent") + ", now " + b.get(k);
        }
        for (String k : a.keySet()) if (!b.containsKey(k)) return name(k) + " was " + a.get(k);
        return "settings differ";
    }

    /** A number-deciding setting as the user knows it: an option, or the two that are derived. */
    private static String name(String key) {
        return switch (key) {
            case SweepSpec.RANDOM_STREAMS -> "the random-stream layout";
            case "weights-sha256" -> "the --weights file's sha256";
            default -> "--" + key;
        };
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        if (Files.isDirectory(p)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) deleteTree(c);
            }
        }
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + p, e);
        }
    }
}
