package io.netdyn.io;

import io.netdyn.measure.ResultRow;
import io.netdyn.measure.ResultSink;
import io.netdyn.spec.Cell;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link ResultSink} behind a run: results.csv in tidy long form plus any per-network
 * tables, all staged in an {@link OutputDirectory}.
 *
 * <p>results.csv columns (docs/outputs.md): measure, width, depth, dist, dist_scale, dist_param,
 * activation, bias, task, lr, step, overparam, statistic, value, ci_low, ci_high, n, theory
 * ({@code task} none, {@code lr} empty and {@code step} 0 without {@code --task}).
 */
public final class ResultFiles implements ResultSink, AutoCloseable {
    public static final String RESULTS = "results.csv";
    public static final List<String> RESULT_COLUMNS = List.of("measure", "width", "depth", "dist", "dist_scale",
            "dist_param", "activation", "bias", "task", "lr", "step", "overparam", "statistic", "value", "ci_low", "ci_high",
            "n", "theory");
    /** The results.csv columns of the previous version (wormhole ratios inside the statistic, {@code d_theta_fold@nk=4}); still read by report and merge. */
    public static final List<String> RESULT_COLUMNS_V1 = List.of("measure", "width", "depth", "dist",
            "activation", "bias", "statistic", "value", "ci_low", "ci_high", "n", "theory");
    /** The cell columns that start every per-network table. */
    public static final List<String> CELL_COLUMNS = List.of("width", "dist", "activation", "bias");

    private final OutputDirectory out;
    private final BufferedWriter results;
    private final Map<String, CsvTable> tables = new LinkedHashMap<>();
    private final List<ResultRow> kept = new ArrayList<>();
    /** Lines written since the last {@link #takeCell()}, per file in creation order (for checkpoints). */
    private final Map<String, List<String>> sinceTake = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    /** The columns a training sweep's per-network tables have after {@link #CELL_COLUMNS}. */
    public static final List<String> TRAINING_COLUMNS = List.of("task", "lr", "step");
    /** Whether per-network tables carry {@link #TRAINING_COLUMNS} (a {@code --task} sweep). */
    private final boolean training;

    public ResultFiles(OutputDirectory out) throws IOException {
        this(out, false);
    }

    /** {@code training}: per-network tables also get the columns task, lr, step after the cell columns. */
    public ResultFiles(OutputDirectory out, boolean training) throws IOException {
        this.out = out;
        this.training = training;
        this.results = out.writer(RESULTS);
        String header = String.join(",", RESULT_COLUMNS);
        results.write(header);
        results.newLine();
        headers.put(RESULTS, header);
    }

    @Override
    public synchronized void row(ResultRow r) {
        Cell c = r.cell();
        String line = CsvFormat.line(r.measure(), c.width(), r.depth(), c.distLabel(), c.distScale(), c.distParam(),
                c.arch().activation().label(), c.biasLabel(), c.taskLabel(), c.lr(), c.step(),
                Double.isNaN(r.overparam()) ? null : r.overparam(), r.statistic(), r.value(), r.ciLow(), r.ciHigh(), r.n(),
                r.theory());
        writeLine(results, line);
        record(RESULTS, line);
        kept.add(r);
    }

    /** What one cell wrote: every file it touched, in creation order, with its header and lines. */
    public record CellOutput(List<FileLines> files) {}

    public record FileLines(String name, String header, List<String> lines) {}

    /** The lines written since the previous call (one cell's output, when called after each cell). */
    public synchronized CellOutput takeCell() {
        List<FileLines> files = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : sinceTake.entrySet()) {
            files.add(new FileLines(e.getKey(), headers.get(e.getKey()), List.copyOf(e.getValue())));
        }
        sinceTake.clear();
        return new CellOutput(files);
    }

    /**
     * Writes a cell's output again, as text (a cell restored from a checkpoint): the files end
     * up byte-identical to the run that computed it. Its rows are not in {@link #rows()}.
     */
    public synchronized void replay(CellOutput cell) {
        for (FileLines f : cell.files()) {
            if (f.name().equals(RESULTS)) {
                if (!f.header().equals(headers.get(RESULTS))) throw new IllegalArgumentException("results.csv header differs");
                for (String line : f.lines()) writeLine(results, line);
            } else {
                CsvTable t = open(f.name(), f.header(), CsvRecords.parse(f.header()).get(0).fields().size());
                for (String line : f.lines()) writeLine(t.writer, line);
            }
        }
    }

    private void record(String file, String line) {
        sinceTake.computeIfAbsent(file, k -> new ArrayList<>()).add(line);
    }

    /** Every row written so far (for the console summary). */
    public synchronized List<ResultRow> rows() { return List.copyOf(kept); }

    @Override
    public synchronized Table table(String fileName, List<String> columns) {
        List<String> all = new ArrayList<>(CELL_COLUMNS);
        if (training) all.addAll(TRAINING_COLUMNS);
        all.addAll(columns);
        return open(fileName, String.join(",", all), all.size());
    }

    private CsvTable open(String fileName, String header, int width) {
        CsvTable t = tables.computeIfAbsent(fileName, f -> {
            try {
                BufferedWriter w = out.writer(f);
                w.write(header);
                w.newLine();
                headers.put(f, header);
                return new CsvTable(this, f, w, width);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!headers.get(fileName).equals(header)) throw new IllegalArgumentException(fileName + ": two different headers");
        return t;
    }

    /** The cell column values matching {@link #CELL_COLUMNS}, which start every per-network table's row. */
    public static Object[] cellValues(Cell c) {
        return new Object[] {c.width(), c.distLabel(), c.arch().activation().label(), c.biasLabel()};
    }

    private static Object[] trainingCellValues(Cell c) {
        return new Object[] {c.width(), c.distLabel(), c.arch().activation().label(), c.biasLabel(), c.taskLabel(), c.lr(), c.step()};
    }

    @Override
    public synchronized void close() throws IOException {
        results.close();
        for (CsvTable t : tables.values()) t.writer.close();
    }

    private static void writeLine(BufferedWriter w, String line) {
        try {
            w.write(line);
            w.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record CsvTable(ResultFiles files, String name, BufferedWriter writer, int width) implements Table {
        @Override
        public void row(Cell cell, Object... values) {
            Object[] cellValues = files.training ? trainingCellValues(cell) : cellValues(cell);
            if (cellValues.length + values.length != width) {
                throw new IllegalArgumentException("table row has " + (cellValues.length + values.length) + " values, header " + width);
            }
            Object[] all = Arrays.copyOf(cellValues, width);
            System.arraycopy(values, 0, all, cellValues.length, values.length);
            String line = CsvFormat.line(all);
            synchronized (files) {
                writeLine(writer, line);
                files.record(name, line);
            }
        }
    }
}
