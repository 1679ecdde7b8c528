package io.netdyn.train;

import java.util.Locale;

/**
 * How {@link MemoryDiagnostics#recall} corrupts a sample x before iterating from it:
 * <pre>
 *   noise:S   x̃_i = x_i + S·z_i, z_i ~ N(0,1)
 *   mask:Q    round(Q·N) distinct entries (a partial Fisher–Yates draw) set to the middle of the
 *             pattern interval ({@link OutputRange#mid()}: 0 for odd and unbounded outputs, 0.5 for
 *             logistic and relu)
 * </pre>
 */
public record Corruption(Kind kind, double amount) {

    public enum Kind { NOISE, MASK }

    public Corruption {
        if (kind == Kind.NOISE && !(amount >= 0 && Double.isFinite(amount))) {
            throw new IllegalArgumentException("corruption noise:S needs a finite S >= 0, got " + amount);
        }
        if (kind == Kind.MASK && !(amount >= 0 && amount <= 1)) {
            throw new IllegalArgumentException("corruption mask:Q needs Q in [0, 1], got " + amount);
        }
    }

    public static Corruption noise(double std) { return new Corruption(Kind.NOISE, std); }

    public static Corruption mask(double share) { return new Corruption(Kind.MASK, share); }

    /** Parses {@code noise:S} or {@code mask:Q}. */
    public static Corruption parse(String text) {
        String[] p = text == null ? new String[] {""} : text.trim().toLowerCase(Locale.ROOT).split(":", -1);
        if (p.length != 2 || !(p[0].equals("noise") || p[0].equals("mask"))) {
            throw new IllegalArgumentException("unknown corruption '" + text + "' (expected noise:S or mask:Q)");
        }
        double v;
        try {
            v = Double.parseDouble(p[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("corruption '" + text + "': '" + p[1] + "' is not a number");
        }
        return p[0].equals("noise") ? noise(v) : mask(v);
    }

    public String label() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + amount;
    }

    /** The number of masked entries of a width-n sample: round(Q·n). */
    int masked(int n) { return (int) Math.round(amount * n); }
}
