package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.io.ResultFiles;
import io.netdyn.spec.SpecResolver;
import io.netdyn.spec.SweepOption;
import io.netdyn.sweep.SweepRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixedpoints measure end to end: results.csv rows, fixedpoints.csv, determinism. */
class FixedPointMeasureTest {
    static final int NETWORKS = 17;

    static List<ResultRow> sweep(Path out, String threads, String batch) throws Exception {
        SpecResolver r = new SpecResolver()
                .set(SweepOption.WIDTHS, "2,5").set(SweepOption.DEPTHS, "1,3")
                .set(SweepOption.DIST, "gaussian:1,cauchy:1").set(SweepOption.BIAS, "none")
                .set(SweepOption.ACTIVATION, "tanh").set(SweepOption.NETWORKS, Integer.toString(NETWORKS))
                .set(SweepOption.MEASURES, "fixedpoints").set(SweepOption.STARTS, "12")
                .set(SweepOption.MAX_ITER, "300").set(SweepOption.BACKEND, "cpu")
                .set(SweepOption.THREADS, threads).set(SweepOption.BATCH, batch)
                .set(SweepOption.OUT, out.toString());
        return new SweepRunner(new PrintStream(new ByteArrayOutputStream())).run(r.resolve(Measures.names()), "test").rows();
    }

    @Test
    void everyStatisticIsReportedPerCellAndDepth(@TempDir Path dir) throws Exception {
        List<ResultRow> rows = sweep(dir.resolve("o"), "2", "0");
        Map<String, ResultRow> byKey = new HashMap<>();
        for (ResultRow r : rows) byKey.put(r.cell().width() + "/" + r.cell().arch().weights().label() + "/" + r.depth() + "/" + r.statistic(), r);
        List<String> names = new ArrayList<>(List.of(FixedPointStats.MEAN_NAMES));
        names.addAll(List.of(FixedPointStats.MAX_NAMES));
        for (String required : new String[] {"q_stable_mean", "q_stable_netmax", "p_q1", "q_unstable_mean", "not_converged_frac",
            "cycle_frac", "spectral_radius_netmax", "iterations_mean"}) {
            assertTrue(names.contains(required), required);
        }
        for (int n : new int[] {2, 5}) {
            for (String dist : new String[] {"gaussian:1", "cauchy:1"}) {
                for (int l : new int[] {1, 3}) {
                    for (String s : names) {
                        ResultRow r = byKey.get(n + "/" + dist + "/" + l + "/" + s);
                        assertTrue(r != null, "missing " + s + " for N=" + n + " " + dist + " L=" + l);
                        assertEquals("fixedpoints", r.measure());
                    }
                    ResultRow q = byKey.get(n + "/" + dist + "/" + l + "/q_stable_mean");
                    assertEquals(NETWORKS, q.n());
                    double p0 = byKey.get(n + "/" + dist + "/" + l + "/p_q0").value();
                    double p1 = byKey.get(n + "/" + dist + "/" + l + "/p_q1").value();
                    double p2 = byKey.get(n + "/" + dist + "/" + l + "/p_q2plus").value();
                    assertEquals(1.0, p0 + p1 + p2, 1e-12, "the Q classes partition the networks");
                    assertTrue(byKey.get(n + "/" + dist + "/" + l + "/q_stable_netmax").value() >= q.value());
                }
            }
        }
    }

    @Test
    void thePerNetworkTableHasOneRowPerNetworkAndDepth(@TempDir Path dir) throws Exception {
        sweep(dir.resolve("o"), "2", "0");
        List<String> lines = Files.readAllLines(dir.resolve("o").resolve(FixedPointMeasure.TABLE));
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(ResultFiles.CELL_COLUMNS, header.subList(0, ResultFiles.CELL_COLUMNS.size()));
        for (String c : new String[] {"depth", "network", "q_stable", "q_unstable", "not_converged_frac", "cycle_frac"}) {
            assertTrue(header.contains(c), c);
        }
        assertEquals(1 + 2 * 2 * 2 * NETWORKS, lines.size(), "cells × depths × networks rows");
        int basins = header.indexOf("stable_basins"), q = header.indexOf("q_stable");
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            assertEquals(header.size(), v.length, line);
            int count = v[basins].isEmpty() ? 0 : v[basins].split(";").length;
            assertEquals(Integer.parseInt(v[q]), count, "one basin per stable point: " + line);
        }
    }

    @Test
    void filesAreIdenticalForAnyThreadCountAndBatchSize(@TempDir Path dir) throws Exception {
        sweep(dir.resolve("a"), "1", "5");
        sweep(dir.resolve("b"), "3", "0");
        for (String f : new String[] {ResultFiles.RESULTS, FixedPointMeasure.TABLE, FixedPointMeasure.ESD_FILE}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
    }
}
