package io.netdyn.report;

import io.netdyn.io.CsvRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * esd.csv read back (docs/measures/jacobian.md): per cell (in file order), depth and quantity,
 * the histogram bins (lo, hi, density) in file order.
 */
final class EsdTable {
    static final List<String> COLUMNS = List.of("width", "dist", "activation", "bias", "depth", "quantity", "bin_lo", "bin_hi", "density");

    /** A cell's labels as written in the file. */
    record CellKey(int width, String dist, String activation, String bias) {}

    record Bin(double lo, double hi, double density) {}

    /** cell → depth → quantity → bins. */
    private final Map<CellKey, TreeMap<Integer, Map<String, List<Bin>>>> cells = new LinkedHashMap<>();

    private EsdTable() {}

    /** Parses esd.csv text; a header other than {@link #COLUMNS} is an error. */
    static EsdTable parse(String csv) {
        List<CsvRecords.Record> records = CsvRecords.parse(csv);
        if (records.isEmpty() || !records.get(0).fields().equals(COLUMNS)) {
            throw new IllegalArgumentException("not a netdyn esd.csv (header must be " + String.join(",", COLUMNS) + ")");
        }
        EsdTable t = new EsdTable();
        for (CsvRecords.Record r : records.subList(1, records.size())) {
            List<String> f = r.fields();
            if (f.size() != COLUMNS.size()) throw new IllegalArgumentException("esd.csv row with " + f.size() + " fields: " + r.raw());
            CellKey key = new CellKey(Integer.parseInt(f.get(0)), f.get(1), f.get(2), f.get(3));
            t.cells.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(f.get(4)), k -> new LinkedHashMap<>())
                    .computeIfAbsent(f.get(5), k -> new ArrayList<>())
                    .add(new Bin(ResultTable.number(f.get(6)), ResultTable.number(f.get(7)), ResultTable.number(f.get(8))));
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
