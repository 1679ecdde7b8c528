package io.netdyn.report;

import io.netdyn.io.CsvRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A histogram table read back — esd.csv (docs/measures/jacobian.md) or esd_weights.csv
 * (docs/measures/weights.md): per cell (in file order; with {@code --task}, per cell, task, lr
 * and step), depth and quantity, the bins (lo, hi, density and, where the file has it, the
 * theory density of the bin) in file order. Columns are read by name.
 */
final class EsdTable {
    /** The columns every histogram table has; {@code task}, {@code lr}, {@code step} and {@code theory} are optional. */
    static final List<String> COLUMNS = List.of("width", "dist", "activation", "bias", "depth", "quantity", "bin_lo", "bin_hi", "density");

    /**
     * A cell's labels as written in the file; {@code training} is "" without {@code --task}, else
     * "task=…, lr=…, step=…" (one histogram series per training state).
     */
    record CellKey(int width, String dist, String activation, String bias, String training) {
        /** Whether these are trained networks (past step 0), for which no random-matrix theory applies. */
        boolean trained() { return !training.isEmpty() && !training.endsWith("step=0"); }
    }

    /** One bin; {@code theory} NaN where the file has no theory column. */
    record Bin(double lo, double hi, double density, double theory) {}

    /** cell → depth → quantity → bins. */
    private final Map<CellKey, TreeMap<Integer, Map<String, List<Bin>>>> cells = new LinkedHashMap<>();

    private EsdTable() {}

    /** Parses a histogram table's text; a header without the {@link #COLUMNS} is an error. */
    static EsdTable parse(String csv) {
        List<CsvRecords.Record> records = CsvRecords.parse(csv);
        List<String> header = records.isEmpty() ? List.of() : records.get(0).fields();
        if (!header.containsAll(COLUMNS)) {
            throw new IllegalArgumentException("not a netdyn histogram table (its header must have " + String.join(",", COLUMNS) + ")");
        }
        int[] c = COLUMNS.stream().mapToInt(header::indexOf).toArray();
        int task = header.indexOf("task"), lr = header.indexOf("lr"), step = header.indexOf("step"), theory = header.indexOf("theory");
        EsdTable t = new EsdTable();
        for (CsvRecords.Record r : records.subList(1, records.size())) {
            List<String> f = r.fields();
            if (f.size() != header.size()) throw new IllegalArgumentException("histogram row with " + f.size() + " fields: " + r.raw());
            String training = task < 0 || f.get(task).equals("none") ? ""
                    : "task=" + f.get(task) + ", lr=" + f.get(lr) + ", step=" + f.get(step);
            CellKey key = new CellKey(Integer.parseInt(f.get(c[0])), f.get(c[1]), f.get(c[2]), f.get(c[3]), training);
            t.cells.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(f.get(c[4])), k -> new LinkedHashMap<>())
                    .computeIfAbsent(f.get(c[5]), k -> new ArrayList<>())
                    .add(new Bin(ResultTable.number(f.get(c[6])), ResultTable.number(f.get(c[7])), ResultTable.number(f.get(c[8])),
                            theory < 0 ? Double.NaN : ResultTable.number(f.get(theory))));
        }
        return t;
    }

    List<CellKey> cells() { return List.copyOf(cells.keySet()); }

    /** The depths of the cell that have bins of {@code quantity}, ascending. */
    List<Integer> depths(CellKey cell, String quantity) {
        List<Integer> out = new ArrayList<>();
        cells.getOrDefault(cell, new TreeMap<>()).forEach((d, q) -> { if (q.containsKey(quantity)) out.add(d); });
        return out;
    }

    List<Bin> bins(CellKey cell, int depth, String quantity) {
        return cells.getOrDefault(cell, new TreeMap<>()).getOrDefault(depth, Map.of()).getOrDefault(quantity, List.of());
    }

    /** First, middle and last of the depths (fewer when they coincide). */
    static List<Integer> chosenDepths(List<Integer> depths) {
        List<Integer> out = new ArrayList<>();
        if (depths.isEmpty()) return out;
        for (int i : new int[] {0, (depths.size() - 1) / 2, depths.size() - 1}) if (!out.contains(depths.get(i))) out.add(depths.get(i));
        return out;
    }
}
