package io.netdyn.measure;

import java.util.List;

/** Where measures put their output; implemented by the io layer (atomic files). */
public interface ResultSink {
    void row(ResultRow row);

    /** A per-network table (e.g. fixedpoints.csv); the same name returns the same table. */
    Table table(String fileName, List<String> columns);

    interface Table {
        /** One row; values in column order (numbers, strings). */
        void row(Object... values);
    }
}
