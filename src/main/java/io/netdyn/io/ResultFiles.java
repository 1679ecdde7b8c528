package io.netdyn.io;

import io.netdyn.measure.ResultRow;
import io.netdyn.measure.ResultSink;
import io.netdyn.spec.Cell;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link ResultSink} behind a run: results.csv in tidy long form plus any per-network
 * tables, all staged in an {@link OutputDirectory}.
 *
 * <p>results.csv columns: measure, width, depth, dist, activation, bias, statistic, value,
 * ci_low, ci_high, n, theory.
 */
public final class ResultFiles implements ResultSink, AutoCloseable {
    public static final String RESULTS = "results.csv";
    public static final List<String> RESULT_COLUMNS = List.of("measure", "width", "depth", "dist",
            "activation", "bias", "statistic", "value", "ci_low", "ci_high", "n", "theory");
    /** The cell columns that start every per-network table. */
    public static final List<String> CELL_COLUMNS = List.of("width", "dist", "activation", "bias");

    private final OutputDirectory out;
    private final BufferedWriter results;
    private final Map<String, CsvTable> tables = new LinkedHashMap<>();
    private final List<ResultRow> kept = new ArrayList<>();

    public ResultFiles(OutputDirectory out) throws IOException {
        this.out = out;
        this.results = out.writer(RESULTS);
        results.write(String.join(",", RESULT_COLUMNS));
        results.newLine();
    }

    @Override
    public synchronized void row(ResultRow r) {
        Cell c = r.cell();
        writeLine(results, CsvFormat.line(r.measure(), c.width(), r.depth(), c.arch().weights().label(),
                c.arch().activation().label(), c.arch().biasLabel(), r.statistic(), r.value(),
                r.ciLow(), r.ciHigh(), r.n(), r.theory()));
        kept.add(r);
    }

    /** Every row written so far (for the console summary). */
    public synchronized List<ResultRow> rows() { return List.copyOf(kept); }

    @Override
    public synchronized Table table(String fileName, List<String> columns) {
        return tables.computeIfAbsent(fileName, f -> {
            try {
                BufferedWriter w = out.writer(f);
                w.write(String.join(",", columns));
                w.newLine();
                return new CsvTable(w, columns.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The cell column values matching {@link #CELL_COLUMNS}. */
    public static Object[] cellValues(Cell c) {
        return new Object[] {c.width(), c.arch().weights().label(), c.arch().activation().label(), c.arch().biasLabel()};
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

    private record CsvTable(BufferedWriter writer, int width) implements Table {
        @Override
        public void row(Object... values) {
            if (values.length != width) {
                throw new IllegalArgumentException("table row has " + values.length + " values, header " + width);
            }
            synchronized (this) {
                writeLine(writer, CsvFormat.line(values));
            }
        }
    }
}
