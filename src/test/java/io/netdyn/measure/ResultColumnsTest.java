package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.io.CsvRecords;
import io.netdyn.testing.SweepRuns;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dist_scale, dist_param from model.Distribution; fixedpoints.csv lists at full precision. */
class ResultColumnsTest {
    @Test
    void distributionNumbersAreColumns(@TempDir Path dir) throws Exception {
        String[] sweep = {"sweep", "--measures", "propagation", "--widths", "6", "--depths", "2", "--networks", "3",
            "--dist", "gaussian:1.5,stable:1.5:0.8,student:3:1,cauchy:2", "--report", "false"};
        List<String> lines = SweepRuns.run(sweep, dir.resolve("o"), "cpu", new ByteArrayOutputStream(), "results.csv");
        List<String> h = CsvRecords.parse(lines.get(0)).get(0).fields();
        int dist = h.indexOf("dist"), scale = h.indexOf("dist_scale"), param = h.indexOf("dist_param"), over = h.indexOf("overparam");
        assertEquals(dist + 1, scale);
        assertEquals(dist + 2, param);
        int seen = 0;
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = CsvRecords.parse(line).get(0).fields();
            String expected = switch (f.get(dist)) {
                case "gaussian:1.5" -> "1.5/";
                case "stable:1.5:0.8" -> "0.8/1.5";
                case "student:3:1" -> "1.0/3.0";
                case "cauchy:2" -> "2.0/";
                default -> throw new AssertionError(line);
            };
            assertEquals(expected, f.get(scale) + "/" + f.get(param), line);
            assertEquals("", f.get(over), "overparam is the wormhole's only: " + line);
            seen++;
        }
        assertTrue(seen > 0);
    }

    @Test
    void fixedPointListsRoundTrip() {
        List<Double> xs = List.of(0.4197753387012461, 0.984375, 1.0, 1e-300);
        String joined = FixedPointMeasure.join(xs);
        assertEquals("0.4197753387012461;0.984375;1.0;1.0E-300", joined);
        String[] parts = joined.split(";");
        for (int i = 0; i < xs.size(); i++) assertEquals(xs.get(i), Double.parseDouble(parts[i]), 0);
        assertEquals("", FixedPointMeasure.join(List.of()));
    }
}
