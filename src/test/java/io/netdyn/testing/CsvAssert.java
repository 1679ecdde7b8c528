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

    private static boolean close(String a, String b, double abs, double rel) {
        try {
            double x = Double.parseDouble(a), y = Double.parseDouble(b);
            return Math.abs(x - y) <= abs + rel * Math.abs(x);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
