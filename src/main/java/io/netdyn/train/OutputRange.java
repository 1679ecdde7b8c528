package io.netdyn.train;

import io.netdyn.model.Activation;

/**
 * The set the last layer's outputs lie in, and the pattern values chosen inside it for the
 * autoencoding tasks (docs/training.md, "Target ranges"). Targets stay strictly inside the
 * range so that an exact fit needs finite weights.
 *
 * <pre>
 *   SYMMETRIC    tanh, hardtanh, erf        outputs in (−1, 1)    patterns in [−0.8, 0.8], mid 0
 *   UNIT         logistic                   outputs in (0, 1)     patterns in [0.1, 0.9],  mid 0.5
 *   NONNEGATIVE  relu                       outputs in [0, ∞)     patterns in [0.1, 0.9],  mid 0.5
 *   UNBOUNDED    linear, or a linear last layer                   random patterns N(0,1); binary and
 *                                                                 glyph patterns in [−0.8, 0.8], mid 0
 * </pre>
 */
public enum OutputRange {
    SYMMETRIC(-0.8, 0.8),
    UNIT(0.1, 0.9),
    NONNEGATIVE(0.1, 0.9),
    UNBOUNDED(-0.8, 0.8);

    private final double lo, hi;

    OutputRange(double lo, double hi) {
        this.lo = lo;
        this.hi = hi;
    }

    public static OutputRange of(Activation a, boolean lastLinear) {
        if (lastLinear || a == Activation.LINEAR) return UNBOUNDED;
        return switch (a) {
            case TANH, HARDTANH, ERF -> SYMMETRIC;
            case LOGISTIC -> UNIT;
            case RELU -> NONNEGATIVE;
            case LINEAR -> UNBOUNDED;
        };
    }

    /** The low pattern value (binary "off", glyph background). */
    public double lo() { return lo; }

    /** The high pattern value (binary "on", glyph ink). */
    public double hi() { return hi; }

    /** The value a masked entry is set to: the middle of the pattern interval. */
    public double mid() { return 0.5 * (lo + hi); }

    /** Whether random patterns are Gaussian N(0,1) rather than uniform in [lo, hi]. */
    public boolean gaussianPatterns() { return this == UNBOUNDED; }
}
