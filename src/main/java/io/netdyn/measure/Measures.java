package io.netdyn.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of measures this build has: the name given to {@code --measures} → the measure.
 * Registering a measure is one line here, but a measure is more than its registration: its
 * class, its options (spec: SweepOption, SpecResolver, an options record in SweepSpec), its
 * page in docs/measures/, docs/cli.md, the README table, docs/outputs.md for a per-network
 * table, and tests — the checklist in docs/architecture.md ("Checklist: add a measure").
 */
public final class Measures {
    private static final Map<String, Supplier<Measure>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("propagation", PropagationMeasure::new);
        ALL.put(JacobianMeasure.NAME, JacobianMeasure::new);
        ALL.put(LyapunovMeasure.NAME, LyapunovMeasure::new);
        ALL.put("fixedpoints", FixedPointMeasure::new);
        ALL.put(ModesMeasure.NAME, ModesMeasure::new);
        ALL.put(WormholeMeasure.NAME, WormholeMeasure::new);
        ALL.put(WeightsMeasure.NAME, WeightsMeasure::new);
        ALL.put(TrainingMeasure.NAME, TrainingMeasure::new);
    }

    private Measures() {}

    public static List<String> names() { return List.copyOf(ALL.keySet()); }

    public static Measure create(String name) {
        Supplier<Measure> s = ALL.get(name);
        if (s == null) throw new IllegalArgumentException("unknown measure " + name);
        return s.get();
    }
}
