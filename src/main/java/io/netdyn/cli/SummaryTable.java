package io.netdyn.cli;

import io.netdyn.measure.ResultRow;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A short console table of propagation results: one line per (cell, depth). */
final class SummaryTable {
    private SummaryTable() {}

    static final List<String> COLUMNS = List.of("q", "c", "cos_mean", "d_theta_mean", "effective_rank", "sv_ratio");

    static void print(PrintStream out, List<ResultRow> rows, List<Integer> depths) {
        Map<String, Map<String, Double>> lines = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (!r.measure().equals("propagation") || !depths.contains(r.depth()) || !COLUMNS.contains(r.statistic())) continue;
            String key = String.format("%-6d %-12s %-9s %-5d", r.cell().width(), r.cell().distLabel(),
                    r.cell().arch().activation().label(), r.depth());
            lines.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(r.statistic(), r.value());
        }
        if (lines.isEmpty()) return;
        StringBuilder head = new StringBuilder(String.format("%-6s %-12s %-9s %-5s", "width", "dist", "act", "depth"));
        for (String c : COLUMNS) head.append(String.format(" %14s", c));
        out.println(head);
        lines.forEach((k, v) -> {
            StringBuilder sb = new StringBuilder(k);
            for (String c : COLUMNS) sb.append(String.format(" %14.4g", v.getOrDefault(c, Double.NaN)));
            out.println(sb);
        });
    }
}
