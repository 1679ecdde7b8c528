package io.netdyn.theory.tables;

import io.netdyn.io.CsvFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tidy table: named columns, one row per record, values Double, Integer, BigInteger or String.
 * Written as CSV with {@link CsvFormat} (shortest round-trip doubles, NaN, inf).
 */
public final class Table {
    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();

    public Table(String... columns) { this.columns = List.of(columns); }

    public Table add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns " + columns);
        }
        rows.add(values.clone());
        return this;
    }

    public List<String> columns() { return columns; }

    public int size() { return rows.size(); }

    public Object get(int row, String column) { return rows.get(row)[index(column)]; }

    /** A numeric column as doubles (for plots); non-numbers become NaN. */
    public double[] numbers(String column) {
        int c = index(column);
        double[] r = new double[rows.size()];
        for (int i = 0; i < r.length; i++) r[i] = rows.get(i)[c] instanceof Number n ? n.doubleValue() : Double.NaN;
        return r;
    }

    /** The rows whose value in {@code column} equals {@code value}, as a new table. */
    public Table where(String column, Object value) {
        int c = index(column);
        Table t = new Table(columns.toArray(String[]::new));
        for (Object[] row : rows) if (row[c].equals(value)) t.rows.add(row);
        return t;
    }

    /** The distinct values of a column, in order of first appearance. */
    public List<Object> distinct(String column) {
        int c = index(column);
        List<Object> r = new ArrayList<>();
        for (Object[] row : rows) if (!r.contains(row[c])) r.add(row[c]);
        return r;
    }

    public void writeCsv(Appendable out) throws IOException {
        out.append(String.join(",", columns)).append('\n');
        for (Object[] row : rows) out.append(CsvFormat.line(row)).append('\n');
    }

    private int index(String column) {
        int c = columns.indexOf(column);
        if (c < 0) throw new IllegalArgumentException("no column '" + column + "' in " + columns);
        return c;
    }

    @Override
    public String toString() {
        return columns + " × " + rows.size() + " rows" + (rows.isEmpty() ? "" : ", first " + Arrays.toString(rows.get(0)));
    }
}
