package io.netdyn.spec;

import java.util.Locale;

/**
 * Every sweep setting, in one place: its CLI name (also its key in a JSON spec), argument
 * name, default and help text. The CLI, the JSON reader and {@code --help} all read this
 * table, so a default is written once.
 */
public enum SweepOption {
    WIDTHS("widths", "LIST", "32", "layer widths N: list 2,4,8 or range 1:40 or 1:40:2"),
    DEPTHS("depths", "LIST", "1:20", "depths L reported (one pass over the deepest network gives all)"),
    DIST("dist", "DISTS", "gaussian:1", "weight distributions, comma-separated grid axis: gaussian:S uniform:S "
            + "cauchy:S stable:ALPHA:S student:NU:S orthogonal:S"),
    BIAS("bias", "DISTS", "none", "bias distributions (unscaled), comma-separated grid axis, or none"),
    ACTIVATION("activation", "NAMES", "tanh", "activations, comma-separated grid axis: tanh logistic hardtanh relu linear erf"),
    SCALING("scaling", "MODE", "default", "weight scaling: default (fan-in except uniform/orthogonal), fan-in, none"),
    LAST_LINEAR("last-linear", null, "false", "make the last layer of every depth linear (output h_L instead of φ(h_L))"),
    NETWORKS("networks", "COUNT", "100", "random networks per grid cell"),
    MEASURES("measures", "LIST", "propagation", "measures to run, comma-separated"),
    SEED("seed", "SEED", "1", "sweep seed (64-bit); the same seed gives the same networks on every backend"),
    BACKEND("backend", "NAME", "auto", "cpu, cuda, or auto (cuda when usable, else cpu)"),
    THREADS("threads", "COUNT", "0", "CPU worker threads; 0 = all available processors"),
    BATCH("batch", "COUNT", "0", "networks per backend call; 0 = as many as the memory budget allows"),
    OUT("out", "DIR", "netdyn-out", "output directory for results.csv and manifest.json"),
    OVERWRITE("overwrite", null, "false", "replace results already in --out instead of refusing"),
    PROBES("probes", "COUNT", "16", "propagation: probe inputs S per network"),
    Q0("q0", "Q", "1", "propagation: input length (1/N)||x||^2"),
    INPUT_CORR("input-corr", "C", "0", "propagation: pairwise correlation c0 of the probe inputs, in [0,1]"),
    DISTINCT_TOL("distinct-tol", "TOL", "1e-3", "propagation: outputs closer than TOL·max(|y_i|,|y_j|) count as one");

    private final String key;
    private final String argName;
    private final String defaultValue;
    private final String help;

    SweepOption(String key, String argName, String defaultValue, String help) {
        this.key = key;
        this.argName = argName;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    public String key() { return key; }

    /** Null for a flag (takes no value). */
    public String argName() { return argName; }

    public boolean isFlag() { return argName == null; }

    public String defaultValue() { return defaultValue; }

    public String help() { return help; }

    public static SweepOption byKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('_', '-');
        for (SweepOption o : values()) if (o.key.equals(k)) return o;
        return null;
    }
}
