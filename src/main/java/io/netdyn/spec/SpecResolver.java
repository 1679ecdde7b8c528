package io.netdyn.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.ModesRequest;
import io.netdyn.io.weights.ImportedNetworks;
import io.netdyn.model.Activation;
import io.netdyn.model.Distribution;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import io.netdyn.model.WormholeInputs;
import io.netdyn.train.Corruption;
import io.netdyn.train.Loss;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.Optimizer;
import io.netdyn.train.Task;
import io.netdyn.train.TaskData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Turns option text (defaults &lt; JSON spec file &lt; command-line flags) into a validated
 * {@link SweepSpec}. Every problem becomes a {@link UsageError} naming the option.
 */
public final class SpecResolver {
    /** The options given (JSON spec or flags); an option absent here takes its default. */
    private final Map<SweepOption, String> values = new EnumMap<>(SweepOption.class);

    /** Applies one option's text (a flag's value is "true"). */
    public SpecResolver set(SweepOption option, String text) {
        values.put(option, text);
        return this;
    }

    /** Reads a JSON spec: an object whose keys are option names; values are strings, numbers, booleans or arrays. */
    public SpecResolver readJson(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw UsageError.forOption("spec", file + " is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw UsageError.forOption("spec", "cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw UsageError.forOption("spec", file + " must hold a JSON object");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SweepOption o = SweepOption.byKey(e.getKey());
            if (o == null) throw UsageError.forOption("spec", "unknown key '" + e.getKey() + "' in " + file);
            values.put(o, jsonText(o, e.getValue(), file));
        }
        return this;
    }

    private static String jsonText(SweepOption o, JsonNode v, Path file) {
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode x : v) parts.add(jsonText(o, x, file));
            return String.join(",", parts);
        }
        if (v.isTextual()) return v.asText();
        if (v.isNumber() || v.isBoolean()) return v.asText();
        throw UsageError.forOption(o.key(), "value in " + file + " must be a string, number, boolean or array");
    }

    /** The option's text: as given, else its default. */
    public String text(SweepOption o) { return values.getOrDefault(o, o.defaultValue()); }

    /** Whether the option was given (in the JSON spec or as a flag), even with its default's text. */
    public boolean given(SweepOption o) { return values.containsKey(o); }

    /** Validates everything and builds the spec; {@code knownMeasures} are the measure names this build has. */
    public SweepSpec resolve(Collection<String> knownMeasures) {
        Optional<ImportedNetworks> imported = importedNetworks();
        List<Integer> widths = ints(SweepOption.WIDTHS, 1, 1 << 16);
        List<Integer> depths = ints(SweepOption.DEPTHS, 1, 100_000);
        List<Distribution> dists = list(SweepOption.DIST, Distribution::parse);
        List<Optional<Distribution>> biases = list(SweepOption.BIAS, SpecResolver::bias);
        List<Activation> acts = list(SweepOption.ACTIVATION, Activation::parse);
        Scaling scaling = one(SweepOption.SCALING, Scaling::parse);
        boolean lastLinear = bool(SweepOption.LAST_LINEAR);
        if (imported.isPresent()) {                  // the file decides width, depths and networks
            ImportedNetworks w = imported.get();
            widths = importedWidth(w, widths);
            depths = importedDepths(w, depths);
            dists = List.of(dists.get(0));           // ignored: one cell per activation
            biases = List.of(Optional.empty());
        }
        Grid grid = new Grid(widths, depths, dists, biases, acts, lastLinear, scaling);

        List<String> measures = list(SweepOption.MEASURES, s -> s.trim().toLowerCase(Locale.ROOT));
        for (String m : measures) {
            if (!knownMeasures.contains(m)) {
                throw UsageError.forOption("measures", "unknown measure '" + m + "' (available: "
                        + String.join(", ", knownMeasures) + ")");
            }
        }
        if (imported.isPresent()) requireImportable(measures);
        int networks = intIn(SweepOption.NETWORKS, 1, Integer.MAX_VALUE);
        if (imported.isPresent()) networks = imported.get().count();
        long seed = one(SweepOption.SEED, Long::decode);
        BackendKind backend = one(SweepOption.BACKEND, BackendKind::parse);
        int threads = intIn(SweepOption.THREADS, 0, 4096);
        if (threads == 0) threads = Runtime.getRuntime().availableProcessors();
        int batch = intIn(SweepOption.BATCH, 0, Integer.MAX_VALUE);
        Path out = one(SweepOption.OUT, s -> {
            if (s.isBlank()) throw new IllegalArgumentException("empty directory name");
            return Path.of(s);
        });
        boolean overwrite = bool(SweepOption.OVERWRITE);
        Shard shard = one(SweepOption.SHARD, Shard::parse);
        if (shard.count() > grid.cellCount()) {
            throw UsageError.forOption("shard", shard + ": the grid has only " + grid.cellCount() + " cell"
                    + (grid.cellCount() == 1 ? "" : "s") + ", so at most " + grid.cellCount() + " shards have work");
        }
        int probes = intIn(SweepOption.PROBES, 2, 4096);
        double q0 = dbl(SweepOption.Q0);
        if (!(q0 > 0)) throw UsageError.forOption("q0", "must be > 0, got " + q0);
        double c0 = dbl(SweepOption.INPUT_CORR);
        ProbeInputs probeInputs = one(SweepOption.INPUT_CORR, s -> new ProbeInputs(probes, q0, c0));
        double distinctTol = dbl(SweepOption.DISTINCT_TOL);
        if (!(distinctTol >= 0)) throw UsageError.forOption("distinct-tol", "must be >= 0");
        JacobianOptions jacobian = jacobianOptions(grid.maxDepth());

        Map<String, String> settings = new LinkedHashMap<>();
        for (SweepOption o : SweepOption.values()) settings.put(o.key(), text(o));
        settings.put("threads", Integer.toString(threads));
        if (imported.isPresent()) {                  // what ran, not the ignored text
            settings.put("widths", Integer.toString(imported.get().width()));
            if (!given(SweepOption.DEPTHS)) {
                settings.put("depths", "1:" + imported.get().depth());
            }
            settings.put("networks", Integer.toString(networks));
        }
        return new SweepSpec(grid, measures, networks, seed, backend, threads, batch, out, overwrite,
                probeInputs, distinctTol, settings, jacobian, fixedPointOptions(),
                modesOptions(probes), wormholeOptions(widths), shard, bool(SweepOption.RESUME),
                bool(SweepOption.REPORT), imported, trainingOptions(imported, measures, widths));
    }

    // ---- training (--task) -------------------------------------------------------------------------------------

    /** The options that only mean something with --task. */
    private static final List<SweepOption> TRAINING_OPTIONS = List.of(SweepOption.TRAIN_SAMPLES, SweepOption.TEST_SAMPLES,
            SweepOption.OPTIMIZER, SweepOption.LR, SweepOption.WEIGHT_DECAY, SweepOption.BATCH_SIZE, SweepOption.LOSS,
            SweepOption.STEPS, SweepOption.MEMORY_TOL, SweepOption.CORRUPTION, SweepOption.SAVE_WEIGHTS);

    /** The measure that reports the training itself (it needs --task). */
    public static final String TRAINING_MEASURE = "training";

    /** --task and its options checked; empty for --task none (then no training option may be given). */
    private Optional<TrainingOptions> trainingOptions(Optional<ImportedNetworks> imported, List<String> measures,
                                                      List<Integer> widths) {
        String text = text(SweepOption.TASK).trim();
        if (text.isEmpty() || text.equalsIgnoreCase("none")) {
            for (SweepOption o : TRAINING_OPTIONS) {
                if (given(o) && !text(o).trim().equals(o.defaultValue())) {
                    throw UsageError.forOption(o.key(), "only means something with --task (no task given)");
                }
            }
            if (measures.contains(TRAINING_MEASURE)) {
                throw UsageError.forOption("measures", "measure training needs --task (the networks are not trained)");
            }
            return Optional.empty();
        }
        Task task = one(SweepOption.TASK, Task::parse);
        if (imported.isPresent()) {
            throw UsageError.forOption("task", "training imported networks (--weights) is not built yet with --task");
        }
        if (measures.contains("wormhole")) {
            throw UsageError.forOption("task", "measure wormhole builds its own maxnorm networks: it cannot run on trained ones");
        }
        int trainSamples = intIn(SweepOption.TRAIN_SAMPLES, 0, 1 << 24);
        int testSamples = intIn(SweepOption.TEST_SAMPLES, 0, 1 << 24);
        Optimizer optimizer = one(SweepOption.OPTIMIZER, Optimizer::parse);
        List<Double> lrs = list(SweepOption.LR, s -> {
            double v = Double.parseDouble(s.trim());
            if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + s.trim());
            return v;
        });
        double decay = dbl(SweepOption.WEIGHT_DECAY);
        if (!(decay >= 0)) throw UsageError.forOption("weight-decay", "must be >= 0, got " + decay);
        int batchSize = intIn(SweepOption.BATCH_SIZE, 0, Integer.MAX_VALUE);
        String lossText = text(SweepOption.LOSS).trim();
        Optional<Loss> loss = lossText.equalsIgnoreCase("auto") ? Optional.empty() : Optional.of(one(SweepOption.LOSS, Loss::parse));
        List<Integer> steps = one(SweepOption.STEPS, IntList::parse);
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) < 0) throw UsageError.forOption("steps", "steps must be >= 0, got " + steps.get(i));
            if (i > 0 && steps.get(i) <= steps.get(i - 1)) {
                throw UsageError.forOption("steps", "steps must be strictly increasing, got " + text(SweepOption.STEPS));
            }
        }
        double memoryTol = dbl(SweepOption.MEMORY_TOL);
        if (!(memoryTol > 0)) throw UsageError.forOption("memory-tol", "must be > 0, got " + memoryTol);
        Corruption corruption = one(SweepOption.CORRUPTION, Corruption::parse);
        if (loss.isPresent() && (loss.get() == Loss.XENT) != task.isClassification()) {
            throw UsageError.forOption("loss", loss.get().label() + " does not fit task " + task.label() + " ("
                    + (task.isClassification() ? "class labels: use xent" : "regression targets: use mse") + ")");
        }
        for (int n : widths) {                       // the task's data at every width, before anything runs
            try {
                task.checkWidth(n);
            } catch (IllegalArgumentException e) {
                throw UsageError.forOption("task", e.getMessage());
            }
            if (task.kind() == Task.Kind.TEACHER) continue;      // its data needs the family; nothing more to check
            try {
                TaskData.generate(task, new NetworkShape(n, 1, Activation.LINEAR, false), trainSamples, testSamples, 0);
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                throw UsageError.forOption(m.contains("test-samples") ? "test-samples" : m.contains("train-samples")
                        ? "train-samples" : "task", m);
            }
        }
        return Optional.of(new TrainingOptions(task, trainSamples, testSamples, optimizer, lrs, decay, batchSize, loss,
                steps, memoryTol, corruption, bool(SweepOption.SAVE_WEIGHTS)));
    }

    /** The measures that run on imported networks (wormhole builds its own maxnorm networks: nothing to import). */
    public static final List<String> IMPORTABLE_MEASURES = List.of("propagation", "jacobian", "lyapunov", "fixedpoints", "modes",
            "weights");

    /** --weights FILE read and checked; empty for {@code none} (or an empty value). */
    private Optional<ImportedNetworks> importedNetworks() {
        String text = text(SweepOption.WEIGHTS).trim();
        if (text.isEmpty() || text.equalsIgnoreCase("none")) return Optional.empty();
        Path file = Path.of(text);
        try {
            return Optional.of(ImportedNetworks.read(file));
        } catch (NoSuchFileException e) {
            throw UsageError.forOption("weights", "no such file: " + file);
        } catch (IOException e) {
            throw UsageError.forOption("weights", "cannot read " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw UsageError.forOption("weights", e.getMessage());
        }
    }

    /** The file's width N; a --widths other than its default or N is a usage error. */
    private List<Integer> importedWidth(ImportedNetworks w, List<Integer> widths) {
        if (given(SweepOption.WIDTHS) && !widths.equals(List.of(w.width()))) {
            throw UsageError.forOption("widths", text(SweepOption.WIDTHS) + " differs from the width N = " + w.width()
                    + " of the networks in " + w.file() + " (leave --widths out with --weights)");
        }
        return List.of(w.width());
    }

    /** Depths 1:L by default; a depth beyond the file's L is a usage error. */
    private List<Integer> importedDepths(ImportedNetworks w, List<Integer> depths) {
        if (!given(SweepOption.DEPTHS)) {
            return IntStream.rangeClosed(1, w.depth()).boxed().toList();
        }
        int max = depths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (max > w.depth()) {
            throw UsageError.forOption("depths", "depth " + max + " exceeds the depth L = " + w.depth()
                    + " of the networks in " + w.file());
        }
        return depths;
    }

    private static void requireImportable(List<String> measures) {
        List<String> refused = measures.stream().filter(m -> !IMPORTABLE_MEASURES.contains(m)).toList();
        if (!refused.isEmpty()) {
            throw UsageError.forOption("weights", "measure wormhole takes no imported networks (it builds its own maxnorm "
                    + "networks); imported networks run with " + String.join(", ", IMPORTABLE_MEASURES)
                    + " (asked for: " + String.join(", ", refused) + ")");
        }
    }

    private JacobianOptions jacobianOptions(int maxDepth) {
        int every = intIn(SweepOption.JACOBIAN_EVERY, 0, maxDepth);
        boolean eig = bool(SweepOption.JACOBIAN_EIGENVALUES);
        int bins = intIn(SweepOption.ESD_BINS, 1, 100_000);
        int k = intIn(SweepOption.LYAPUNOV_K, 0, 1 << 16);
        int steps = intIn(SweepOption.MAP_STEPS, 0, 10_000_000);
        return new JacobianOptions(every, eig, bins, k, steps);
    }

    private FixedPointOptions fixedPointOptions() {
        int starts = intIn(SweepOption.STARTS, 1, 1 << 20);
        int maxIter = intIn(SweepOption.MAX_ITER, 1, 100_000_000);
        double tol = dbl(SweepOption.TOL);
        if (!(tol > 0 && tol < 1)) throw UsageError.forOption("tol", "must be in (0, 1), got " + tol);
        double mergeTol = dbl(SweepOption.MERGE_TOL);
        if (!(mergeTol > tol && mergeTol < 1)) {
            throw UsageError.forOption("merge-tol", "must be in (tol, 1) = (" + tol + ", 1), got " + mergeTol);
        }
        FixedPointOptions.Newton newton = one(SweepOption.NEWTON, FixedPointOptions.Newton::parse);
        var box = one(SweepOption.START_BOX, FixedPointOptions::parseBox);
        int cycles = intIn(SweepOption.CYCLES, 1, 64);
        return new FixedPointOptions(starts, maxIter, tol, mergeTol, newton, box, cycles);
    }

    private ModesOptions modesOptions(int probes) {
        var def = one(SweepOption.MODES_DEF, NeuronModes.Definition::parse);
        double threshold = dbl(SweepOption.MODES_THRESHOLD);
        if (!(threshold > 0 && threshold < 1)) throw UsageError.forOption("modes-threshold", "must be in (0, 1), got " + threshold);
        int samples = Math.min(probes, intIn(SweepOption.BASIN_SAMPLES, 0, 4096));
        int dirs = intIn(SweepOption.BASIN_DIRECTIONS, 1, ModesRequest.MAX_DIRECTIONS);
        double max = dbl(SweepOption.BASIN_MAX);
        if (!(max > 0)) throw UsageError.forOption("basin-max", "must be > 0, got " + max);
        double tol = dbl(SweepOption.BASIN_TOL);
        if (!(tol > 0 && tol < 1)) throw UsageError.forOption("basin-tol", "must be in (0, 1), got " + tol);
        return new ModesOptions(def, threshold, samples, dirs, max, tol);
    }

    private WormholeOptions wormholeOptions(List<Integer> widths) {
        List<Double> ratios = list(SweepOption.OVERPARAM, s -> {
            double r = Double.parseDouble(s.trim());
            if (!(r >= 1) || Double.isInfinite(r)) throw new IllegalArgumentException("n/k must be a finite number >= 1, got " + s.trim());
            return r;
        });
        for (double r : ratios) {
            for (int k : widths) {
                if ((double) MaxNormConstruction.rows(r, k) * k > Integer.MAX_VALUE) {
                    throw UsageError.forOption("overparam", "n·k = " + r + "·" + k + "² exceeds 2^31 - 1 at width " + k);
                }
            }
        }
        var variant = one(SweepOption.WORMHOLE_VARIANT, MaxNormConstruction.Variant::parse);
        var inputs = one(SweepOption.WORMHOLE_INPUTS, WormholeInputs::parse);
        int pairs = intIn(SweepOption.WORMHOLE_PAIRS, 2, 4096);
        double alpha = dbl(SweepOption.WORMHOLE_ALPHA);
        if (!(alpha > 0)) throw UsageError.forOption("wormhole-alpha", "must be > 0, got " + alpha);
        return new WormholeOptions(ratios, variant, inputs, pairs, alpha);
    }

    static Optional<Distribution> bias(String s) {
        if (s.trim().equalsIgnoreCase("none")) return Optional.empty();
        Distribution d = Distribution.parse(s);
        if (d.kind() == Distribution.Kind.ORTHOGONAL) throw new IllegalArgumentException("orthogonal is a weight distribution, not a bias");
        return Optional.of(d);
    }

    private <T> T one(SweepOption o, Function<String, T> parse) {
        try {
            return parse.apply(text(o));
        } catch (IllegalArgumentException e) {
            throw UsageError.forOption(o.key(), e.getMessage());
        }
    }

    private <T> List<T> list(SweepOption o, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String part : text(o).split(",", -1)) {
            if (part.isBlank()) throw UsageError.forOption(o.key(), "empty element in '" + text(o) + "'");
            T v = one(o, x -> parse.apply(part));
            if (!out.contains(v)) out.add(v);
        }
        return out;
    }

    private List<Integer> ints(SweepOption o, int min, int max) {
        List<Integer> xs = one(o, IntList::parse);
        for (int x : xs) {
            if (x < min || x > max) throw UsageError.forOption(o.key(), "value " + x + " outside [" + min + ", " + max + "]");
        }
        return xs.stream().distinct().toList();
    }

    private int intIn(SweepOption o, int min, int max) {
        int v = one(o, s -> {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not an integer");
            }
        });
        if (v < min || v > max) throw UsageError.forOption(o.key(), "value " + v + " outside [" + min + ", " + max + "]");
        return v;
    }

    private double dbl(SweepOption o) {
        double v = one(o, s -> {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a number");
            }
        });
        if (!Double.isFinite(v)) throw UsageError.forOption(o.key(), "must be finite");
        return v;
    }

    private boolean bool(SweepOption o) {
        return one(o, s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + s + "'");
        });
    }
}
