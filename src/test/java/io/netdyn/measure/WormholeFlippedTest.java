package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.report.ResultTable;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flipped distance f = d_θ(u_b, H(−I_a)) = 1 − g sits next to 1 once the outputs collapse;
 * its complement is accumulated as the small number it is (flipped_complement_mean) and agrees
 * with the genuine d_theta_mean, where 1 − flipped_d_theta_mean has only ulp(1) resolution.
 */
class WormholeFlippedTest {
    @Test
    void theFlippedComplementKeepsItsDigitsAtDepth40(@TempDir Path dir) throws Exception {
        String[] sweep = {"sweep", "--measures", "wormhole", "--widths", "32", "--depths", "10,20,40", "--overparam", "16",
            "--networks", "6", "--wormhole-pairs", "8", "--seed", "3", "--report", "false"};
        SweepRuns.run(sweep, dir.resolve("w"), "cpu", new ByteArrayOutputStream(), "results.csv");
        Map<String, ResultTable.Row> by = new HashMap<>();
        for (ResultTable.Row r : ResultTable.parse(Files.readString(dir.resolve("w/results.csv")))) {
            assertEquals(16.0, r.overparam(), 0, "the ratio is its own column");
            by.put(r.depth() + "/" + r.statistic(), r);
        }
        for (int depth : new int[] {10, 20, 40}) {
            double g = by.get(depth + "/d_theta_mean").value();
            double c = by.get(depth + "/flipped_complement_mean").value();
            double naive = 1 - by.get(depth + "/flipped_d_theta_mean").value();
            System.out.printf("n/k=16 L=%d: d_theta_mean=%.6g flipped_complement_mean=%.6g (rel %.2g); 1 - flipped_d_theta_mean=%.6g (rel %.2g)%n",
                    depth, g, c, Math.abs(c - g) / g, naive, Math.abs(naive - g) / g);
            assertTrue(g > 0 && g < 1e-3, "collapsed: " + g);
            assertEquals(g, c, 1e-3 * g, "depth " + depth);
            if (depth == 40) assertTrue(Math.abs(naive - g) > 1e-3 * g, "the subtraction from 1 has lost the digits: " + naive);
        }
        assertTrue(by.get("40/decidability").value() > 1, "genuine and flipped separate");
    }
}
