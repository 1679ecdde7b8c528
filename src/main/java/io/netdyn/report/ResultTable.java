package io.netdyn.report;

import io.netdyn.io.CsvRecords;
import io.netdyn.io.ResultFiles;
import java.util.ArrayList;
import java.util.List;

/** results.csv read back (docs/outputs.md): one {@link Row} per line, numbers parsed ("NaN", "inf", "" as NaN/±∞). */
public final class ResultTable {
    public record Row(String measure, int width, int depth, String dist, String activation, String bias,
                      String task, double lr, int step,
                      String statistic, double value, double ciLow, double ciHigh, long n, double theory) {
        /** The grid cell's labels, as one text (with the training's task, lr and step for a {@code --task} run). */
        public String cell() {
            return width + " " + dist + " " + activation + " " + bias + (task.equals("none") ? "" : " " + task + " " + lr + " " + step);
        }
    }

    private ResultTable() {}

    /** Parses results.csv text; a header other than {@link ResultFiles#RESULT_COLUMNS} is an error. */
    public static List<Row> parse(String csv) {
        List<CsvRecords.Record> records = CsvRecords.parse(csv);
        if (records.isEmpty() || !records.get(0).fields().equals(ResultFiles.RESULT_COLUMNS)) {
            throw new IllegalArgumentException("not a netdyn results.csv (header must be "
                    + String.join(",", ResultFiles.RESULT_COLUMNS) + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (CsvRecords.Record r : records.subList(1, records.size())) {
            List<String> f = r.fields();
            if (f.size() != ResultFiles.RESULT_COLUMNS.size()) throw new IllegalArgumentException("row with " + f.size() + " fields: " + r.raw());
            rows.add(new Row(f.get(0), Integer.parseInt(f.get(1)), Integer.parseInt(f.get(2)), f.get(3), f.get(4), f.get(5),
                    f.get(6), number(f.get(7)), Integer.parseInt(f.get(8)),
                    f.get(9), number(f.get(10)), number(f.get(11)), number(f.get(12)), Long.parseLong(f.get(13)), number(f.get(14))));
        }
        return rows;
    }

    static double number(String s) {
        return switch (s) {
            case "", "NaN" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
