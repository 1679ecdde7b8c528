package io.netdyn.model;

import java.util.Locale;

/**
 * An i.i.d. entry distribution with scale s (docs/model.md, "Weight and bias distributions").
 * {@link #draw} turns one Philox block
 * (four uint32 words u0..u3, uniforms U_i = u_i·2^-32 + 2^-33) into one unit-scale sample:
 * <pre>
 *   gaussian     Z = sqrt(-2 ln U0) cos(2π U1)                                  (Box–Muller)
 *   uniform      2 U0 - 1
 *   cauchy       tan(π (U0 - 1/2))
 *   stable(α)    2^(-1/α) · sin(αV)/cos(V)^(1/α) · (cos(V - αV)/E)^((1-α)/α),
 *                V = π(U0 - 1/2), E = -ln U1                     (Chambers–Mallows–Stuck;
 *                E e^{itS} = exp(-|t|^α / 2), so α = 2 is N(0,1))
 *   student(ν)   sqrt(ν (U0^(-2/ν) - 1)) cos(2π U1)                       (Bailey 1994)
 *   orthogonal   Gaussian entries, turned into a Haar matrix by {@link TensorSampler}
 * </pre>
 * In gaussian (so orthogonal) and student, ln U0 and cos(2π U1) are {@link DrawMath}'s
 * functions of the words (bit-identical on every JVM, GPU and the kernel emulator, within 1 ulp
 * of the correctly rounded value); the other transcendental functions are Math's.
 * Fan-in scaling (the default for all but uniform and orthogonal) multiplies by
 * N_in^(-1/2) (gaussian, student), N_in^(-1) (cauchy) or N_in^(-1/α) (stable).
 *
 * @param param α for stable, ν for student, unused (NaN) otherwise
 */
public record Distribution(Kind kind, double scale, double param) {

    public enum Kind { GAUSSIAN, UNIFORM, CAUCHY, STABLE, STUDENT, ORTHOGONAL }

    public Distribution {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number >= 0, got " + scale);
        }
        if (kind == Kind.STABLE && !(param > 0 && param <= 2)) {
            throw new IllegalArgumentException("stable alpha must be in (0,2], got " + param);
        }
        if (kind == Kind.STUDENT && !(param > 0) || kind == Kind.STUDENT && Double.isInfinite(param)) {
            throw new IllegalArgumentException("student nu must be a finite number > 0, got " + param);
        }
    }

    public static Distribution gaussian(double s) { return new Distribution(Kind.GAUSSIAN, s, Double.NaN); }
    public static Distribution uniform(double s) { return new Distribution(Kind.UNIFORM, s, Double.NaN); }
    public static Distribution cauchy(double s) { return new Distribution(Kind.CAUCHY, s, Double.NaN); }
    public static Distribution stable(double alpha, double s) { return new Distribution(Kind.STABLE, s, alpha); }
    public static Distribution student(double nu, double s) { return new Distribution(Kind.STUDENT, s, nu); }
    public static Distribution orthogonal(double s) { return new Distribution(Kind.ORTHOGONAL, s, Double.NaN); }

    /**
     * Parses {@code gaussian:S}, {@code uniform:S}, {@code cauchy:S}, {@code stable:ALPHA:S},
     * {@code student:NU:S}, {@code orthogonal:S}; S defaults to 1 when omitted.
     */
    public static Distribution parse(String text) {
        String[] p = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
        String name = p[0];
        try {
            switch (name) {
                case "gaussian", "normal": return gaussian(arg(p, 1, 1.0, 2));
                case "uniform": return uniform(arg(p, 1, 1.0, 2));
                case "cauchy": return cauchy(arg(p, 1, 1.0, 2));
                case "orthogonal": return orthogonal(arg(p, 1, 1.0, 2));
                case "stable": return stable(required(p, 1, "ALPHA", 3), arg(p, 2, 1.0, 3));
                case "student": return student(required(p, 1, "NU", 3), arg(p, 2, 1.0, 3));
                default:
                    throw new IllegalArgumentException("unknown distribution '" + cut(p[0])
                            + "' (expected gaussian, uniform, cauchy, stable, student, orthogonal)");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cut(text) + "' has a parameter that is not a number");
        }
    }

    private static double arg(String[] p, int i, double dflt, int maxParts) {
        if (p.length > maxParts) throw new IllegalArgumentException("too many ':' fields in '" + cut(String.join(":", p)) + "'");
        return i < p.length ? Double.parseDouble(p[i]) : dflt;
    }

    private static double required(String[] p, int i, String what, int maxParts) {
        if (i >= p.length || p[i].isEmpty()) {
            throw new IllegalArgumentException(p[0] + " needs " + what + ": write " + p[0] + ":" + what + ":S");
        }
        return arg(p, i, Double.NaN, maxParts);
    }

    /** User text quoted in a message, at most 200 characters. */
    private static String cut(String s) { return s.length() <= 200 ? s : s.substring(0, 200) + "…"; }

    /** The canonical text form, which {@link #parse} reads back. */
    public String label() {
        return switch (kind) {
            case STABLE -> "stable:" + fmt(param) + ":" + fmt(scale);
            case STUDENT -> "student:" + fmt(param) + ":" + fmt(scale);
            default -> kind.name().toLowerCase(Locale.ROOT) + ":" + fmt(scale);
        };
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** True when the distribution has a finite variance (gaussian, uniform, orthogonal, stable α=2, student ν>2). */
    public boolean finiteVariance() {
        return switch (kind) {
            case GAUSSIAN, UNIFORM, ORTHOGONAL -> true;
            case CAUCHY -> false;
            case STABLE -> param == 2.0;
            case STUDENT -> param > 2.0;
        };
    }

    /**
     * Variance of one unit draw: 1 (gaussian, stable α=2), 1/3 (uniform), ν/(ν−2) (student,
     * ν > 2), +∞ for heavy tails. Orthogonal: 1/N per entry, see {@link Architecture}.
     */
    public double unitVariance() {
        return switch (kind) {
            case GAUSSIAN, ORTHOGONAL -> 1.0;
            case UNIFORM -> 1.0 / 3;
            case CAUCHY -> Double.POSITIVE_INFINITY;
            case STABLE -> param == 2.0 ? 1.0 : Double.POSITIVE_INFINITY;
            case STUDENT -> param > 2 ? param / (param - 2) : Double.POSITIVE_INFINITY;
        };
    }

    /** The fan-in factor the "fan-in" scaling multiplies by (docs/model.md, the distributions table). */
    public double fanInFactor(int nIn) {
        return switch (kind) {
            case GAUSSIAN, STUDENT, UNIFORM -> 1.0 / Math.sqrt(nIn);
            case CAUCHY -> 1.0 / nIn;
            case STABLE -> Math.pow(nIn, -1.0 / param);
            case ORTHOGONAL -> 1.0;
        };
    }

    /** Whether the default scaling of this distribution is fan-in (uniform and orthogonal: none). */
    public boolean fanInByDefault() {
        return kind != Kind.UNIFORM && kind != Kind.ORTHOGONAL;
    }

    /** One unit-scale draw from a Philox block (see the class comment for the formulas). */
    public double draw(int[] w) {
        double u0 = Philox4x32.uniform(w[0]);
        double u1 = Philox4x32.uniform(w[1]);
        return switch (kind) {
            case GAUSSIAN, ORTHOGONAL -> gaussian(w[0], w[1]);
            case UNIFORM -> 2 * u0 - 1;
            case CAUCHY -> Math.tan(Math.PI * (u0 - 0.5));
            case STABLE -> stable(param, u0, u1);
            case STUDENT -> Math.sqrt(param * (Math.pow(u0, -2.0 / param) - 1)) * DrawMath.cos2piUniform(w[1]);
        };
    }

    /**
     * The Box–Muller Gaussian of two Philox words, sqrt(−2 ln U0)·cos(2π U1), with netdyn's own
     * exactly specified ln and cos ({@link DrawMath}): the same bits on every backend.
     */
    static double gaussian(int w0, int w1) {
        return DrawMath.gaussian(w0, w1);
    }

    static double stable(double alpha, double u0, double u1) {
        double v = Math.PI * (u0 - 0.5);
        double e = -Math.log(u1);
        if (alpha == 1.0) return 0.5 * Math.tan(v);
        double x = Math.sin(alpha * v) / Math.pow(Math.cos(v), 1 / alpha)
                * Math.pow(Math.cos(v - alpha * v) / e, (1 - alpha) / alpha);
        return Math.pow(2, -1 / alpha) * x;
    }
}
