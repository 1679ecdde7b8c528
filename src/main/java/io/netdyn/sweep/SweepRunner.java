package io.netdyn.sweep;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.BackendUnavailableException;
import io.netdyn.backend.DoesNotFitException;
import io.netdyn.backends.Backends;
import io.netdyn.io.Checkpoint;
import io.netdyn.io.Manifest;
import io.netdyn.io.OutputDirectory;
import io.netdyn.io.ResultFiles;
import io.netdyn.io.weights.NpzWriter;
import io.netdyn.measure.Measure;
import io.netdyn.measure.MeasureContext;
import io.netdyn.measure.Measures;
import io.netdyn.measure.MemoryBudget;
import io.netdyn.measure.ResultRow;
import io.netdyn.model.Streams;
import io.netdyn.report.HtmlReport;
import io.netdyn.spec.Cell;
import io.netdyn.spec.SweepSpec;
import io.netdyn.spec.UsageError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.Set;

/**
 * Runs a resolved sweep: preflight (output directory, memory), backend choice, every
 * cell × measure of the run's shard in grid order, then the files are committed atomically.
 * Nothing is written when the preflight fails. With {@code --resume} every finished cell is
 * also saved to the {@link Checkpoint}, and cells found there are replayed, not recomputed.
 */
public final class SweepRunner {
    /** A single backend call may use this share of the max heap. */
    public static final double HEAP_SHARE = 0.5;

    /**
     * What a run did. {@code alreadyComplete}: a {@code --resume} run found the committed results of
     * this same sweep in {@code --out} and did nothing (a requeued job whose work was finished).
     */
    public record Outcome(Path out, List<ResultRow> rows, List<String> files, double wallSeconds, String backend,
                          boolean alreadyComplete) {
        public Outcome(Path out, List<ResultRow> rows, List<String> files, double wallSeconds, String backend) {
            this(out, rows, files, wallSeconds, backend, false);
        }
    }

    private final PrintStream err;
    private final CellListener listener;

    public SweepRunner(PrintStream err) {
        this(err, CellListener.NONE);
    }

    /** A runner that tells {@code listener} of every cell it finishes. */
    public SweepRunner(PrintStream err, CellListener listener) {
        this.err = err;
        this.listener = listener;
    }

    public Outcome run(SweepSpec spec, String commandLine) throws IOException {
        List<Cell> cells = spec.shardCells();
        List<Measure> measures = spec.measures().stream().map(Measures::create).toList();
        if (alreadyComplete(spec)) return new Outcome(spec.out(), List.of(), List.of(), 0, "none", true);
        checkOutput(spec);
        MemoryBudget budget = MemoryBudget.ofHeapShare(HEAP_SHARE);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        BackendTimings timings = new BackendTimings();
        try (Backend backend = timings.wrap(openBackend(spec))) {
            checkMemory(spec, cells, measures, backend, budget);
            TrainingStage.checkMemory(spec, cells, budget);                  // --task: the trained networks of a cell
            long runs = cells.stream().mapToLong(c -> TrainingStage.runsPerCell(spec, c)).sum();   // 1 per cell without --task
            Progress progress = new Progress(err, runs * measures.size() * spec.networks(), "networks");
            try (OutputDirectory out = openOutput(spec)) {
                Checkpoint checkpoint = spec.resume() ? openCheckpoint(spec) : null;
                List<ResultRow> rows;
                CellRows cellRows = new CellRows();
                try (ResultFiles files = new ResultFiles(out, spec.training().isPresent())) {
                    MeasureContext ctx = new MeasureContext(backend, spec, files, progress, budget);
                    Set<Integer> saved = checkpoint == null ? Set.of() : new HashSet<>(checkpoint.savedCells());
                    int reused = (int) cells.stream().filter(c -> saved.contains(c.index())).count();
                    if (checkpoint != null) {
                        err.println("netdyn: --resume: " + (reused == 0 ? "no finished cells in " + checkpoint.path()
                                : "reusing " + reused + " of " + cells.size() + " cells from " + checkpoint.path()));
                    }
                    int done = 0;
                    Map<String, Path> cellBinaries = new LinkedHashMap<>();   // --save-weights: this cell's .npz files
                    TrainingStage.WeightsSink weights = (name, networks) -> {
                        try (OutputStream o = out.stream(name)) {
                            NpzWriter.writeNetworks(o, networks);
                        }
                        cellBinaries.put(name, out.stagedFile(name));
                    };
                    for (Cell cell : cells) {
                        ResultFiles.CellOutput written;
                        if (saved.contains(cell.index())) {
                            written = checkpoint.load(cell.index());
                            files.replay(written);
                            for (Map.Entry<String, Path> b : checkpoint.binaries(cell.index()).entrySet()) {
                                try (OutputStream o = out.stream(b.getKey())) {
                                    Files.copy(b.getValue(), o);
                                }
                            }
                            progress.restored(TrainingStage.runsPerCell(spec, cell) * measures.size() * spec.networks());
                        } else {
                            cellBinaries.clear();
                            if (spec.training().isPresent()) TrainingStage.run(cell, measures, ctx, weights);
                            else for (Measure m : measures) m.run(cell, ctx);
                            written = files.takeCell();
                            if (checkpoint != null) checkpoint.save(cell.index(), written, cellBinaries);
                        }
                        cellRows.add(cell.index(), written);
                        listener.cellFinished(cell, ++done);
                    }
                    rows = files.rows();
                }
                progress.finish();
                double wall = (System.nanoTime() - t0) / 1e9;
                Manifest.Run run = new Manifest.Run(commandLine, backend.name(), backend.device(),
                        backend.threads(), started, wall, cells.size(), (long) cells.size() * spec.networks(), out.fileNames());
                if (spec.report()) HtmlReport.write(out, Manifest.json(spec, run, cellRows::addTo));
                Manifest.write(out, spec, run.withFiles(out.fileNames()), root -> {
                    cellRows.addTo(root);
                    timings.writeTo(root);
                });
                out.commit();
                if (checkpoint != null) checkpoint.delete();
                return new Outcome(spec.out(), rows, out.fileNames(), wall, backend.name());
            }
        }
    }

    /** The run's backend; one that cannot open here is refused naming --backend. */
    private Backend openBackend(SweepSpec spec) {
        try {
            return Backends.open(spec.backend(), spec.threads(), err::println);
        } catch (BackendUnavailableException e) {
            throw UsageError.forOption("backend", e.getMessage() + (e.kind() == BackendKind.CUDA ? "; use --backend cpu" : ""));
        }
    }

    private static Checkpoint openCheckpoint(SweepSpec spec) {
        try {
            return Checkpoint.open(spec.out(), spec.numberSettings());
        } catch (IOException e) {
            throw UsageError.forOption("resume", "cannot use the checkpoint in " + spec.out() + ": " + e.getMessage());
        }
    }

    private static OutputDirectory openOutput(SweepSpec spec) {
        try {
            return OutputDirectory.open(spec.out());
        } catch (IOException e) {
            throw UsageError.forOption("out", "cannot create " + spec.out() + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")");
        }
    }

    /**
     * With {@code --resume} (and without {@code --overwrite}): whether {@code --out} already holds
     * the committed files of this very sweep (its manifest's number-deciding settings, shard included,
     * equal this run's). Results of another sweep there are refused by {@link #checkOutput}.
     */
    static boolean alreadyComplete(SweepSpec spec) {
        Path out = spec.out();
        if (!spec.resume() || spec.overwrite() || !Files.isRegularFile(out.resolve(ResultFiles.RESULTS))) return false;
        JsonNode m;
        try {
            m = Manifest.read(out);
        } catch (IOException e) {
            return false;
        }
        Map<String, String> done = finishedSettings(m);
        if (done == null || !done.equals(spec.numberSettings())) return false;
        for (JsonNode f : m.path("files")) if (!Files.isRegularFile(out.resolve(f.asText()))) return false;
        return true;
    }

    /** The number-deciding settings a manifest records (as {@link SweepSpec#numberSettings}), or null. */
    private static Map<String, String> finishedSettings(JsonNode m) {
        if (m == null || !m.path("spec").isObject()) return null;
        Map<String, String> done = new LinkedHashMap<>();
        m.get("spec").fields().forEachRemaining(e -> done.put(e.getKey(), e.getValue().asText()));
        done.keySet().removeAll(SweepSpec.RUN_ONLY_SETTINGS);
        if (m.path("weights").has("sha256")) done.put("weights-sha256", m.path("weights").path("sha256").asText());
        done.put(SweepSpec.RANDOM_STREAMS, Manifest.randomStreams(m));
        return done;
    }

    /** The settings whose values differ between a finished sweep's manifest and this run, in a stable order. */
    static List<String> changedSettings(Map<String, String> done, Map<String, String> now) {
        Set<String> keys = new TreeSet<>(done.keySet());
        keys.addAll(now.keySet());
        return keys.stream().filter(k -> !Objects.equals(done.get(k), now.get(k))).toList();
    }

    private static void checkOutput(SweepSpec spec) {
        Path out = spec.out();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw UsageError.forOption("out", out + " exists and is not a directory");
        }
        if (!spec.overwrite() && (Files.exists(out.resolve(ResultFiles.RESULTS)) || Files.exists(out.resolve(Manifest.FILE)))) {
            if (spec.resume()) {
                Map<String, String> done = null;
                try {
                    done = finishedSettings(Manifest.read(out));
                } catch (IOException e) {
                    // unreadable manifest: the generic refusal below
                }
                Map<String, String> now = spec.numberSettings();
                if (done != null && !done.get(SweepSpec.RANDOM_STREAMS).equals(now.get(SweepSpec.RANDOM_STREAMS))) {
                    throw UsageError.forOption("resume", out + " holds results drawn with random-stream layout "
                            + done.get(SweepSpec.RANDOM_STREAMS) + " by an earlier netdyn; this one draws other networks from the same seed"
                            + " (layout " + Streams.LAYOUT + "): pass --overwrite or choose another directory");
                }
                if (done != null && !done.equals(now)) {
                    throw UsageError.forOption("resume", out + " holds the results of another sweep (changed: "
                            + String.join(", ", changedSettings(done, now)) + "); pass --overwrite or choose another directory");
                }
            }
            throw UsageError.forOption("out", out + " already holds results; pass --overwrite or choose another directory");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isWritable(parent) && !Files.exists(out)) {
            throw UsageError.forOption("out", "cannot create " + out + ": " + parent + " is not writable");
        }
    }

    private static void checkMemory(SweepSpec spec, List<Cell> cells, List<Measure> measures, Backend backend, MemoryBudget budget) {
        for (Cell c : cells) {
            for (Measure m : measures) {
                long bytes;
                try {
                    bytes = m.bytesPerNetwork(c, backend, spec);
                } catch (DoesNotFitException e) {
                    throw UsageError.forOption("widths", e.getMessage() + "; use smaller --widths/--depths/--probes, or --backend cpu");
                }
                if (!budget.fits(bytes)) {
                    throw UsageError.forOption("widths", String.format(
                            "the sweep cannot fit in memory: one network at width %d, depth %d needs %s for %s, "
                                    + "more than the %s budget (half the max heap; raise it with java -Xmx)",
                            c.width(), c.arch().depth(), bytes(bytes), m.name(), bytes(budget.bytes())));
                }
            }
        }
    }

    static String bytes(long b) {
        if (b < 1L << 20) return (b >> 10) + " KiB";
        if (b < 1L << 30) return String.format("%.1f MiB", b / 1048576.0);
        return String.format("%.1f GiB", b / 1073741824.0);
    }
}
