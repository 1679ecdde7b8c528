package io.netdyn.spec;

import java.util.ArrayList;
import java.util.List;

/** Parses integer grid axes: a list {@code 2,4,8}, a range {@code 1:40}, a stepped range {@code 1:40:2}, or a mix. */
public final class IntList {
    private IntList() {}

    /** Hard cap on the number of values one axis may expand to (a typo like 1:10000000 fails fast). */
    static final int MAX_VALUES = 100_000;

    public static List<Integer> parse(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) throw new IllegalArgumentException("empty element in '" + UsageError.echo(text) + "'");
            String[] r = p.split(":", -1);
            if (r.length == 1) {
                out.add(integer(r[0], text));
            } else if (r.length <= 3) {
                int lo = integer(r[0], text), hi = integer(r[1], text);
                int step = r.length == 3 ? integer(r[2], text) : 1;
                if (step <= 0) throw new IllegalArgumentException("range step must be > 0 in '" + UsageError.echo(p) + "'");
                if (hi < lo) throw new IllegalArgumentException("range '" + UsageError.echo(p) + "' is empty (end < start)");
                if ((long) (hi - lo) / step + out.size() >= MAX_VALUES) {
                    throw new IllegalArgumentException("'" + UsageError.echo(p) + "' expands to more than " + MAX_VALUES + " values");
                }
                for (long v = lo; v <= hi; v += step) out.add((int) v);
            } else {
                throw new IllegalArgumentException("malformed range '" + UsageError.echo(p) + "' (expected START:END or START:END:STEP)");
            }
        }
        return out;
    }

    private static int integer(String s, String whole) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + UsageError.echo(s.trim()) + "' in '" + UsageError.echo(whole) + "' is not an integer");
        }
    }
}
