package io.netdyn.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of measures this build has; adding a measure is one line here. */
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
    }

    private Measures() {}

    public static List<String> names() { return List.copyOf(ALL.keySet()); }

    public static Measure create(String name) {
        Supplier<Measure> s = ALL.get(name);
        if (s == null) throw new IllegalArgumentException("unknown measure " + name);
        return s.get();
    }
}
