package io.netdyn.measure;

import io.netdyn.spec.Cell;

/** One line of results.csv: a statistic of one measure at one (cell, depth). */
public record ResultRow(String measure, Cell cell, int depth, String statistic,
                        double value, double ciLow, double ciHigh, long n) {}
