package io.netdyn.spec;

import io.netdyn.model.Activation;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.StartPoints;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings of the {@code fixedpoints} measure (defaults in {@link SweepOption},
 * definitions in docs/measures/fixedpoints.md).
 *
 * @param starts    M starts per network for the iteration (and as many for the Newton search)
 * @param maxIter   T iterations per start
 * @param tol       convergence: ‖f(x) − x‖∞ &lt; tol·max(1, ‖x‖∞)
 * @param mergeTol  points closer than mergeTol·max(1, ‖x‖∞) are one point
 * @param newton    polish converged points, also search from random starts, or neither
 * @param startBox  the start distribution; empty = the default for the activation
 * @param cycles    P: cycles of period 2..P are detected (1 = none)
 */
public record FixedPointOptions(int starts, int maxIter, double tol, double mergeTol, Newton newton,
                                Optional<StartPoints.Box> startBox, int cycles) {

    /** Newton steps per start: quadratic convergence needs few; a failing start is cut off. */
    public static final int NEWTON_MAX_ITER = 50;

    public enum Newton {
        /** Newton only refines the points iteration converged to. */
        POLISH,
        /** Polish, plus Newton from M further random starts: finds unstable fixed points. */
        SEARCH,
        /** No Newton: fixed points are exactly the points iteration converged to. */
        OFF;

        public static Newton parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "polish" -> POLISH;
                case "search" -> SEARCH;
                case "off", "none" -> OFF;
                default -> throw new IllegalArgumentException("expected polish, search or off, got '" + text + "'");
            };
        }

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    public FixedPointOptions {
        if (starts < 1) throw new IllegalArgumentException("starts must be >= 1, got " + starts);
        if (cycles < 1) throw new IllegalArgumentException("cycles must be >= 1, got " + cycles);
        if (!(mergeTol > tol)) throw new IllegalArgumentException("merge-tol (" + mergeTol + ") must exceed tol (" + tol + ")");
        settings(maxIter, tol, cycles, mergeTol);          // validates the rest
    }

    /** The defaults of {@link SweepOption}, for code that builds options by hand (tests, benches). */
    public static FixedPointOptions defaults() {
        return new FixedPointOptions(Integer.parseInt(SweepOption.STARTS.defaultValue()),
                Integer.parseInt(SweepOption.MAX_ITER.defaultValue()),
                Double.parseDouble(SweepOption.TOL.defaultValue()),
                Double.parseDouble(SweepOption.MERGE_TOL.defaultValue()),
                Newton.parse(SweepOption.NEWTON.defaultValue()),
                parseBox(SweepOption.START_BOX.defaultValue()),
                Integer.parseInt(SweepOption.CYCLES.defaultValue()));
    }

    /** {@code auto} (the default for the activation), {@code LO:HI} or {@code gaussian:S}. */
    public static Optional<StartPoints.Box> parseBox(String text) {
        if (text.trim().equalsIgnoreCase("auto")) return Optional.empty();
        return Optional.of(StartPoints.Box.parse(text));
    }

    public IterationSettings settings() { return settings(maxIter, tol, cycles, mergeTol); }

    private static IterationSettings settings(int maxIter, double tol, int cycles, double mergeTol) {
        return new IterationSettings(maxIter, tol, cycles, mergeTol, NEWTON_MAX_ITER);
    }

    public StartPoints startsFor(Activation activation) {
        return new StartPoints(starts, startBox.orElse(StartPoints.Box.defaultFor(activation)));
    }

    public FixedPointOptions withStarts(int m) { return new FixedPointOptions(m, maxIter, tol, mergeTol, newton, startBox, cycles); }

    public FixedPointOptions withMaxIter(int t) { return new FixedPointOptions(starts, t, tol, mergeTol, newton, startBox, cycles); }

    public FixedPointOptions withNewton(Newton mode) { return new FixedPointOptions(starts, maxIter, tol, mergeTol, mode, startBox, cycles); }

    public FixedPointOptions withCycles(int p) { return new FixedPointOptions(starts, maxIter, tol, mergeTol, newton, startBox, p); }

    public FixedPointOptions withStartBox(StartPoints.Box box) {
        return new FixedPointOptions(starts, maxIter, tol, mergeTol, newton, Optional.of(box), cycles);
    }
}
