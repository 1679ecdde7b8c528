package io.netdyn.measure;

import io.netdyn.spec.Cell;

/**
 * One line of results.csv: a statistic of one measure at one (cell, depth), with the
 * theoretical value beside it where a theory applies (NaN otherwise). {@code overparam} is the
 * wormhole measure's ratio n/k (NaN, an empty field, for every other measure).
 */
public record ResultRow(String measure, Cell cell, int depth, String statistic,
                        double value, double ciLow, double ciHigh, long n, double theory, double overparam) {

    /** A row without an over-parameterisation ratio. */
    public ResultRow(String measure, Cell cell, int depth, String statistic,
                     double value, double ciLow, double ciHigh, long n, double theory) {
        this(measure, cell, depth, statistic, value, ciLow, ciHigh, n, theory, Double.NaN);
    }

    /** A measured row without a theory value. */
    public ResultRow(String measure, Cell cell, int depth, String statistic,
                     double value, double ciLow, double ciHigh, long n) {
        this(measure, cell, depth, statistic, value, ciLow, ciHigh, n, Double.NaN);
    }

    public ResultRow withTheory(double t) {
        return new ResultRow(measure, cell, depth, statistic, value, ciLow, ciHigh, n, t, overparam);
    }

    /** The same row at over-parameterisation ratio n/k (the wormhole measure's {@code overparam} column). */
    public ResultRow withOverparam(double ratio) {
        return new ResultRow(measure, cell, depth, statistic, value, ciLow, ciHigh, n, theory, ratio);
    }

    /** A theory-only row (e.g. χ1 of the cell): value = theory, no interval, n = 0. */
    public static ResultRow theoryOnly(String measure, Cell cell, int depth, String statistic, double t) {
        return new ResultRow(measure, cell, depth, statistic, t, Double.NaN, Double.NaN, 0, t);
    }
}
