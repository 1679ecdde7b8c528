package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.fail;


/** Element-wise comparison |a - e| ≤ abs + rel·|e| that reports the first mismatches. */
final class Close {
    private Close() {}

    static void assertClose(double[] expected, double[] actual, double rel, double abs, String what) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        StringBuilder sb = new StringBuilder();
        int bad = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            boolean ok = Double.compare(e, a) == 0 || Math.abs(a - e) <= abs + rel * Math.abs(e);
            if (!ok && bad++ < 8) sb.append(String.format("%n  [%d] expected %.17g, got %.17g (rel %.2e)", i, e, a,
                    Math.abs(a - e) / Math.abs(e)));
        }
        if (bad > 0) fail(what + ": " + bad + " of " + expected.length + " differ beyond " + rel + " rel + " + abs + " abs:" + sb);
    }
}
