package io.netdyn.backend.cuda;

import java.util.Locale;

/**
 * The paths of {@link PropagateOps}: the small kernel or the large-N one; AUTO applies
 * {@link LargePropagatePlan#preferred}. Orthogonal weights take LARGE under every setting (SMALL
 * included: it is a choice between two paths for the same numbers, and only the large one can
 * orthogonalise).
 */
enum PropagatePath {
    AUTO, SMALL, LARGE;

    /** System property {@code netdyn.cuda.propagate} = auto | small | large (tests, benchmarks); AUTO if unset. */
    static PropagatePath fromProperty() {
        String v = System.getProperty("netdyn.cuda.propagate", "auto");
        try {
            return valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("netdyn.cuda.propagate must be auto, small or large, got '" + v + "'");
        }
    }
}
