package io.netdyn.measure;

import io.netdyn.spec.Cell;
import java.util.List;

/**
 * Where measures put their output; implemented by the io layer (atomic files). Per-network
 * tables start with the cell's columns (width, dist, activation, bias), which the sink adds:
 * a measure names only its own columns.
 */
public interface ResultSink {
    void row(ResultRow row);

    /**
     * A per-network table (e.g. fixedpoints.csv) with the cell columns followed by {@code columns};
     * the same name returns the same table.
     */
    Table table(String fileName, List<String> columns);

    interface Table {
        /** One row of {@code cell}; {@code values} in the order of the table's own columns (numbers, strings). */
        void row(Cell cell, Object... values);
    }
}
