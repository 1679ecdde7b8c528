package io.netdyn.report;

import io.netdyn.io.CsvRecords;
import io.netdyn.io.ResultFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * results.csv read back (docs/outputs.md): one {@link Row} per line, numbers parsed ("NaN", "inf",
 * "" as NaN/±∞). Reads the current columns ({@link ResultFiles#RESULT_COLUMNS}) and those of the
 * previous version ({@link ResultFiles#RESULT_COLUMNS_V1}: no dist_scale, dist_param, task, lr,
 * step, overparam;
 * a wormhole statistic carried its ratio as {@code stat@nk=R}, which is split into statistic and
 * overparam here).
 */
public final class ResultTable {
    /** @param overparam the wormhole ratio n/k, NaN for other measures */
    public record Row(String measure, int width, int depth, String dist, String activation, String bias,
                      String task, double lr, int step,
                      String statistic, double value, double ciLow, double ciHigh, long n, double theory, double overparam) {
        /** A row of an untrained sweep without an over-parameterisation ratio. */
        public Row(String measure, int width, int depth, String dist, String activation, String bias,
                   String statistic, double value, double ciLow, double ciHigh, long n, double theory) {
            this(measure, width, depth, dist, activation, bias, statistic, value, ciLow, ciHigh, n, theory, Double.NaN);
        }

        /** A row of an untrained sweep (task none, no lr, step 0). */
        public Row(String measure, int width, int depth, String dist, String activation, String bias,
                   String statistic, double value, double ciLow, double ciHigh, long n, double theory, double overparam) {
            this(measure, width, depth, dist, activation, bias, "none", Double.NaN, 0, statistic, value, ciLow, ciHigh, n,
                    theory, overparam);
        }

        /** A row of a training sweep, without an over-parameterisation ratio. */
        public Row(String measure, int width, int depth, String dist, String activation, String bias,
                   String task, double lr, int step,
                   String statistic, double value, double ciLow, double ciHigh, long n, double theory) {
            this(measure, width, depth, dist, activation, bias, task, lr, step, statistic, value, ciLow, ciHigh, n, theory,
                    Double.NaN);
        }

        /** The grid cell's labels, as one text (with the training's task, lr and step for a {@code --task} run). */
        public String cell() {
            return width + " " + dist + " " + activation + " " + bias + (task.equals("none") ? "" : " " + task + " " + lr + " " + step);
        }
    }

    /** The suffix of a wormhole statistic in results.csv of the previous version. */
    static final String V1_RATIO = "@nk=";

    private ResultTable() {}

    /** Parses results.csv text; a header other than the current or the previous version's is an error. */
    public static List<Row> parse(String csv) {
        List<CsvRecords.Record> records = CsvRecords.parse(csv);
        List<String> header = records.isEmpty() ? List.of() : records.get(0).fields();
        boolean v1 = header.equals(ResultFiles.RESULT_COLUMNS_V1);
        if (!v1 && !header.equals(ResultFiles.RESULT_COLUMNS)) {
            throw new IllegalArgumentException("not a netdyn results.csv (header must be "
                    + String.join(",", ResultFiles.RESULT_COLUMNS) + ", or " + String.join(",", ResultFiles.RESULT_COLUMNS_V1)
                    + " as written by the previous version)");
        }
        int measure = header.indexOf("measure"), width = header.indexOf("width"), depth = header.indexOf("depth"),
                dist = header.indexOf("dist"), act = header.indexOf("activation"), bias = header.indexOf("bias"),
                over = header.indexOf("overparam"), stat = header.indexOf("statistic"), value = header.indexOf("value"),
                lo = header.indexOf("ci_low"), hi = header.indexOf("ci_high"), n = header.indexOf("n"), theory = header.indexOf("theory"),
                task = header.indexOf("task"), lr = header.indexOf("lr"), step = header.indexOf("step");
        List<Row> rows = new ArrayList<>();
        for (CsvRecords.Record r : records.subList(1, records.size())) {
            List<String> f = r.fields();
            if (f.size() != header.size()) throw new IllegalArgumentException("row with " + f.size() + " fields: " + r.raw());
            String statistic = f.get(stat);
            double ratio = over < 0 ? Double.NaN : number(f.get(over));
            int at = statistic.indexOf(V1_RATIO);
            if (v1 && at >= 0) {
                ratio = Double.parseDouble(statistic.substring(at + V1_RATIO.length()));
                statistic = statistic.substring(0, at);
            }
            rows.add(new Row(f.get(measure), Integer.parseInt(f.get(width)), Integer.parseInt(f.get(depth)), f.get(dist), f.get(act),
                    f.get(bias), task < 0 ? "none" : f.get(task), lr < 0 ? Double.NaN : number(f.get(lr)),
                    step < 0 ? 0 : Integer.parseInt(f.get(step)), statistic, number(f.get(value)), number(f.get(lo)),
                    number(f.get(hi)), Long.parseLong(f.get(n)), number(f.get(theory)), ratio));
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
