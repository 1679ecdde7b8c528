package io.netdyn.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * The sweep comparison's per-statistic bounds catch a bias: on a real results.csv, moving any
 * continuous statistic by 1%, or any discrete one by two networks' share of the cell, fails;
 * the unchanged file passes.
 */
class TolerancesTest {
    static final int NETWORKS = 200;

    @Test
    void aOnePercentBiasInAnyStatisticFails(@TempDir Path dir) throws Exception {
        String[] sweep = {"sweep", "--widths", "4", "--depths", "1:3", "--networks", Integer.toString(NETWORKS),
            "--measures", "propagation,fixedpoints,jacobian", "--starts", "8", "--report", "false", "--threads", "2"};
        List<String> rows = SweepRuns.run(sweep, dir.resolve("o"), "cpu", new ByteArrayOutputStream(), "results.csv");
        assertDoesNotThrow(() -> CsvAssert.assertSameStatistics(rows, rows, NETWORKS));
        List<String> header = List.of(rows.get(0).split(","));
        int measure = header.indexOf("measure"), statistic = header.indexOf("statistic"), value = header.indexOf("value");
        int checked = 0;
        for (int r = 1; r < rows.size(); r++) {
            String[] f = rows.get(r).split(",", -1);
            double v = Double.parseDouble(f[value]);
            Tolerances.Bound bound = Tolerances.forStatistic(f[measure], f[statistic], NETWORKS);
            boolean discrete = bound.abs() >= 1.0 / NETWORKS;
            double biased = discrete ? v + 2.0 / NETWORKS : v * 1.01;
            if (!Double.isFinite(v) || (!discrete && Math.abs(v) < 1e-6)) continue;   // a 1% bias of ~0 is not a bias
            f[value] = Double.toString(biased);
            List<String> changed = new ArrayList<>(rows);
            changed.set(r, String.join(",", f));
            assertThrows(AssertionFailedError.class, () -> CsvAssert.assertSameStatistics(rows, changed, NETWORKS),
                    "a bias in " + f[measure] + "/" + f[statistic] + " passed");
            checked++;
        }
        assertTrue(checked > 30, "rows checked: " + checked);
    }
}
