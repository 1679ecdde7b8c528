package io.netdyn.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses real-valued axes: a list {@code 0.5,1,2}, a stepped range {@code 0.5:3:0.25} (both ends
 * included), or a mix. The float counterpart of {@link IntList}; a range needs its step, since a
 * default step of 1 is rarely what a real axis wants.
 *
 * <p>Range values are computed in decimal ({@code start + i·step} with {@link BigDecimal}), so
 * {@code 0:1:0.1} gives 0.3, not 0.30000000000000004, and the end is included exactly when it
 * lies on the grid.
 */
public final class DoubleList {
    private DoubleList() {}

    /** Hard cap on the number of values one axis may expand to. */
    static final int MAX_VALUES = 100_000;

    public static List<Double> parse(String text) {
        List<Double> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) throw new IllegalArgumentException("empty element in '" + UsageError.echo(text) + "'");
            String[] r = p.split(":", -1);
            if (r.length == 1) {
                out.add(decimal(r[0], text).doubleValue());
            } else if (r.length == 3) {
                BigDecimal lo = decimal(r[0], text), hi = decimal(r[1], text), step = decimal(r[2], text);
                if (step.signum() <= 0) throw new IllegalArgumentException("range step must be > 0 in '" + p + "'");
                if (hi.compareTo(lo) < 0) throw new IllegalArgumentException("range '" + p + "' is empty (end < start)");
                BigDecimal count = hi.subtract(lo).divideToIntegralValue(step);
                if (count.compareTo(BigDecimal.valueOf(MAX_VALUES - out.size())) >= 0) {
                    throw new IllegalArgumentException("'" + p + "' expands to more than " + MAX_VALUES + " values");
                }
                for (int i = 0; i <= count.intValue(); i++) out.add(lo.add(step.multiply(BigDecimal.valueOf(i))).doubleValue());
            } else if (r.length == 2) {
                throw new IllegalArgumentException("range '" + p + "' needs a step: START:END:STEP, e.g. " + p + ":0.1");
            } else {
                throw new IllegalArgumentException("malformed range '" + UsageError.echo(p) + "' (expected START:END:STEP)");
            }
        }
        return out;
    }

    private static BigDecimal decimal(String s, String whole) {
        try {
            BigDecimal d = new BigDecimal(s.trim());
            if (d.abs().compareTo(BigDecimal.valueOf(1e300)) > 0) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + UsageError.echo(s.trim()) + "' in '" + UsageError.echo(whole) + "' is not a number");
        }
    }
}
