package io.netdyn.model;

import java.util.Locale;

/**
 * The M starting points of a fixed-point search (docs/measures/fixedpoints.md, "The search, per
 * network and depth", step 1), drawn from the
 * {@link Streams#STARTS} stream: start s, coordinate i of network b is element s·N + i of
 * layer 0, tensor {@code tensor} (0: the iterated starts, 1: the Newton-search starts), so
 * every backend and thread count sees the same points.
 * <pre>
 *   box [lo, hi]    x_si = lo + (hi - lo) · U0
 *   gaussian S      x_si = S · Z,  Z = sqrt(-2 ln U0) cos(2π U1)
 * </pre>
 */
public record StartPoints(int count, Box box) {

    public static final int TENSOR_ITERATE = 0;
    public static final int TENSOR_NEWTON = 1;

    /** A start distribution: uniform in [lo, hi]^N, or Gaussian with s.d. {@code scale}. */
    public record Box(boolean gaussian, double lo, double hi, double scale) {
        public Box {
            if (gaussian && !(scale > 0 && Double.isFinite(scale))) {
                throw new IllegalArgumentException("gaussian start scale must be finite and > 0, got " + scale);
            }
            if (!gaussian && !(lo < hi && Double.isFinite(lo) && Double.isFinite(hi))) {
                throw new IllegalArgumentException("start box needs finite LO < HI, got " + lo + ":" + hi);
            }
        }

        public static Box uniform(double lo, double hi) { return new Box(false, lo, hi, Double.NaN); }

        public static Box gaussian(double scale) { return new Box(true, Double.NaN, Double.NaN, scale); }

        /** The default box: [0,1]^N for logistic (its range), [-1,1]^N otherwise (docs/measures/fixedpoints.md). */
        public static Box defaultFor(Activation a) {
            return a == Activation.LOGISTIC ? uniform(0, 1) : uniform(-1, 1);
        }

        /** Parses {@code LO:HI} or {@code gaussian:S}. */
        public static Box parse(String text) {
            String[] p = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
            if (p.length != 2) {
                throw new IllegalArgumentException("expected LO:HI (e.g. -1:1), gaussian:S or auto, got '" + text + "'");
            }
            try {
                if (p[0].equals("gaussian") || p[0].equals("normal")) return gaussian(Double.parseDouble(p[1]));
                return uniform(Double.parseDouble(p[0]), Double.parseDouble(p[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not LO:HI or gaussian:S with numbers");
            }
        }

        public String label() {
            return gaussian ? "gaussian:" + Distribution.fmt(scale) : Distribution.fmt(lo) + ":" + Distribution.fmt(hi);
        }
    }

    public StartPoints {
        if (count < 1) throw new IllegalArgumentException("need at least 1 start, got " + count);
    }

    /** Writes the count×n starts (row-major) of {@code network} into {@code x[0 .. count·n)}. */
    public void fill(long seed, long network, int n, int tensor, double[] x) {
        int[] w = new int[4];
        for (int e = 0; e < count * n; e++) {
            Streams.STARTS.block(seed, network, 0, tensor, e, w);
            double u0 = Philox4x32.uniform(w[0]);
            x[e] = box.gaussian ? box.scale * Distribution.gaussian(w[0], w[1])
                    : box.lo + (box.hi - box.lo) * u0;
        }
    }
}
