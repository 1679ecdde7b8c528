package io.netdyn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Compares two CSV files cell by cell: text exactly, numbers within abs + rel·|expected|. */
public final class CsvAssert {
    private CsvAssert() {}

    public static void assertSameValues(List<String> expected, List<String> actual, double abs, double rel) {
        assertEquals(expected.size(), actual.size(), "rows");
        assertEquals(expected.get(0), actual.get(0), "header");
        int mismatches = 0;
        StringBuilder sb = new StringBuilder();
        for (int r = 1; r < expected.size(); r++) {
            String[] a = expected.get(r).split(",", -1), b = actual.get(r).split(",", -1);
            assertEquals(a.length, b.length, "row " + r);
            for (int c = 0; c < a.length; c++) {
                if (a[c].equals(b[c]) || close(a[c], b[c], abs, rel)) continue;
                if (mismatches++ < 10) {
                    sb.append("\n  expected ").append(expected.get(r)).append("\n  actual   ").append(actual.get(r));
                }
            }
        }
        if (mismatches > 0) fail(mismatches + " values differ:" + sb);
    }

    /**
     * Two results.csv files row by row: the text columns exactly, value/ci_low/ci_high/theory of
     * each row within {@link Tolerances#forStatistic} of its measure and statistic, n exactly
     * (within one network for the discrete statistics).
     */
    public static void assertSameStatistics(List<String> expected, List<String> actual, int networksPerCell) {
        assertEquals(expected.size(), actual.size(), "rows");
        assertEquals(expected.get(0), actual.get(0), "header");
        List<String> header = List.of(expected.get(0).split(",", -1));
        int measure = header.indexOf("measure"), statistic = header.indexOf("statistic"), n = header.indexOf("n");
        List<Integer> numeric = List.of(header.indexOf("value"), header.indexOf("ci_low"), header.indexOf("ci_high"),
                header.indexOf("theory"));
        int mismatches = 0;
        StringBuilder sb = new StringBuilder();
        for (int r = 1; r < expected.size(); r++) {
            String[] a = expected.get(r).split(",", -1), b = actual.get(r).split(",", -1);
            assertEquals(a.length, b.length, "row " + r);
            Tolerances.Bound bound = Tolerances.forStatistic(a[measure], a[statistic], networksPerCell);
            boolean discrete = bound.abs() >= 1.0 / networksPerCell;
            boolean ok = true;
            for (int c = 0; c < a.length; c++) {
                if (a[c].equals(b[c])) continue;
                if (numeric.contains(c)) ok &= bound.holds(Double.parseDouble(a[c]), Double.parseDouble(b[c]));
                else if (c == n) ok &= discrete && Math.abs(Long.parseLong(a[c]) - Long.parseLong(b[c])) <= 1;
                else ok = false;
            }
            if (!ok && mismatches++ < 10) {
                sb.append("\n  expected ").append(expected.get(r)).append("\n  actual   ").append(actual.get(r))
                        .append("   (bound ").append(bound).append(')');
            }
        }
        if (mismatches > 0) fail(mismatches + " rows differ beyond their statistic's bound:" + sb);
    }

    private static boolean close(String a, String b, double abs, double rel) {
        try {
            double x = Double.parseDouble(a), y = Double.parseDouble(b);
            return Math.abs(x - y) <= abs + rel * Math.abs(x);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
