package io.netdyn.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.ModesRequest;
import io.netdyn.io.weights.ImportedNetworks;
import io.netdyn.model.Activation;
import io.netdyn.model.Distribution;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import io.netdyn.model.InputVectors;
import io.netdyn.model.WormholeInputs;
import io.netdyn.train.Corruption;
import io.netdyn.train.Loss;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.Optimizer;
import io.netdyn.train.Task;
import io.netdyn.train.TaskData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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

    /** Largest spec file read (a spec is a few lines; this keeps e.g. /dev/zero from filling the heap). */
    public static final int MAX_SPEC_BYTES = 1 << 20;

    /** Hard limits of one run (docs/cli.md, "Limits"). */
    public static final int MAX_NETWORKS = 100_000_000, MAX_WIDTH = 46_340;   // 46340² < 2^31

    /** The most work (estimated multiply-adds, {@link #workEstimate}) one run (one shard) may ask for. */
    public static final double MAX_WORK = 1e17;

    /** Largest --q0: inputs of squared length above this overflow in deep linear or relu networks. */
    public static final double MAX_Q0 = 1e6;

    /** The {@code out} of the JSON spec read, before {@link #anchorOut}; null when the spec has none. */
    private String specOut;
    /** SHA-256 of a --wormhole-inputs file, set while resolving. */
    private String wormholeInputsDigest;

    /** The spec file's JSON reader, built on first use: a sweep without --spec loads no JSON library. */
    private static final class SpecJson {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * An output directory option's text as a path: one that exists must be a directory, and one
     * that does not must be creatable in principle (its nearest existing ancestor a directory).
     */
    public static Path outputDirectory(String option, String text) {
        Path dir = path(option, text);
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw UsageError.forOption(option, dir + " exists and is not a directory");
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw UsageError.forOption(option, "cannot create " + dir + ": " + p + " is not a directory");
                }
                break;
            }
        }
        return dir;
    }

    /** A path option's text as a path; text the file system cannot name is a usage error. */
    public static Path path(String option, String text) {
        if (text == null || text.isBlank()) throw UsageError.forOption(option, "empty file name");
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw UsageError.forOption(option, "not a valid path: '" + UsageError.echo(text) + "'");
        }
    }

    /** Applies one option's text (a flag's value is "true"). */
    public SpecResolver set(SweepOption option, String text) {
        values.put(option, text);
        return this;
    }

    /** Reads a JSON spec: an object whose keys are option names; values are strings, numbers, booleans or arrays. */
    public SpecResolver readJson(Path file) {
        if (Files.isDirectory(file)) throw UsageError.forOption("spec", file + " is a directory, not a JSON file");
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_SPEC_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw UsageError.forOption("spec", "no such file: " + file);
        } catch (IOException e) {
            throw UsageError.forOption("spec", "cannot read " + file + ": " + UsageError.echo(e.getMessage()));
        }
        if (bytes.length > MAX_SPEC_BYTES) {
            throw UsageError.forOption("spec", file + " is larger than " + (MAX_SPEC_BYTES >> 20) + " MiB (a spec is a small JSON object)");
        }
        JsonNode root;
        try {
            root = SpecJson.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String problem = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
            if (problem.contains("nesting depth")) problem = "nested too deeply";
            else if (problem.contains("Trailing token")) problem = "content after the JSON object";
            else if (problem.startsWith("Duplicate field")) problem = "a key given twice: " + problem.substring("Duplicate field ".length());
            throw UsageError.forOption("spec", file + " is not valid JSON: " + UsageError.echo(problem)
                    + (where != null && where.getLineNr() > 0 ? " (line " + where.getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw UsageError.forOption("spec", "cannot read " + file + ": " + UsageError.echo(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw UsageError.forOption("spec", file + " must hold a JSON object");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SweepOption o = SweepOption.byKey(e.getKey());
            if (o == null) throw UsageError.forOption("spec", "unknown key '" + UsageError.echo(e.getKey()) + "' in " + file);
            String text = jsonText(o, e.getValue(), file, 0);
            values.put(o, anchorInput(o, text, file));
            if (o == SweepOption.OUT) specOut = text;
        }
        return this;
    }

    /**
     * An input file a JSON spec names ({@code weights}, a {@code file:} task, {@code file:}
     * wormhole inputs) is relative to the spec's folder, as its {@code out} is (it may lie outside
     * that folder: it is only read); absolute paths, and the same options given on the command
     * line, are taken as they are.
     */
    static String anchorInput(SweepOption o, String text, Path specFile) {
        Path parent = specFile.getParent();
        if (parent == null) return text;
        String t = text.trim();
        if (o == SweepOption.WEIGHTS && !t.isEmpty() && !t.equals(o.defaultValue())) return anchored(o, t, parent);
        if ((o == SweepOption.TASK || o == SweepOption.WORMHOLE_INPUTS) && t.startsWith("file:")) {
            return "file:" + anchored(o, t.substring("file:".length()), parent);
        }
        return text;
    }

    private static String anchored(SweepOption o, String file, Path parent) {
        Path p = path(o.key(), file);
        return p.isAbsolute() ? file : parent.resolve(p).normalize().toString();
    }

    /**
     * Resolves the spec file's {@code out} against the folder holding the spec (not the current
     * directory); one that is absolute or climbs out of that folder is a usage error. Called when
     * the command line has no {@code --out} (which would override it anyway).
     */
    public SpecResolver anchorOut(Path specFile) {
        if (specOut == null) return this;
        Path base = specFile.toAbsolutePath().normalize().getParent();
        Path rel = path("spec", specOut);
        Path resolved = base.resolve(rel).normalize();
        if (rel.isAbsolute() || !resolved.startsWith(base) || resolved.equals(base)) {
            throw UsageError.forOption("spec", "out '" + UsageError.echo(specOut) + "' in " + specFile + " leaves the folder of "
                    + "the spec (a spec's out is relative to the spec's folder and stays inside it; give --out on the "
                    + "command line to write elsewhere)");
        }
        Path parent = specFile.getParent();
        values.put(SweepOption.OUT, (parent == null ? rel.normalize() : parent.resolve(rel).normalize()).toString());
        return this;
    }

    private static String jsonText(SweepOption o, JsonNode v, Path file, int level) {
        if (v.isArray()) {
            if (level > 0) throw UsageError.forOption(o.key(), "value in " + file + ": arrays inside arrays are not allowed");
            List<String> parts = new ArrayList<>();
            for (JsonNode x : v) parts.add(jsonText(o, x, file, level + 1));
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
        List<Integer> widths = ints(SweepOption.WIDTHS, 1, MAX_WIDTH);
        List<Integer> depths = ints(SweepOption.DEPTHS, 1, 100_000);
        List<Distribution> dists = list(SweepOption.DIST, s -> normalScale(s, Distribution.parse(s)));
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
        if (networks > MAX_NETWORKS) {
            throw UsageError.forOption("networks", networks + " is above the hard limit of " + MAX_NETWORKS
                    + " networks per cell (split the run with --shard, or use fewer networks)");
        }
        if (imported.isPresent()) networks = imported.get().count();
        long seed = one(SweepOption.SEED, SpecResolver::seed);
        BackendKind backend = one(SweepOption.BACKEND, BackendKind::parse);
        int threads = intIn(SweepOption.THREADS, 0, 4096);
        if (threads == 0) threads = CpuAllowance.here().cpus();   // Slurm's and the cgroup's limits too
        int batch = intIn(SweepOption.BATCH, 0, Integer.MAX_VALUE);
        Path out = outputDirectory("out", text(SweepOption.OUT));
        boolean overwrite = bool(SweepOption.OVERWRITE);
        Shard shard = one(SweepOption.SHARD, Shard::parse);
        if (shard.count() > grid.cellCount()) {
            throw UsageError.forOption("shard", shard + ": the grid has only " + grid.cellCount() + " cell"
                    + (grid.cellCount() == 1 ? "" : "s") + ", so at most " + grid.cellCount() + " shards have work");
        }
        int probes = intIn(SweepOption.PROBES, 2, 4096);
        double q0 = dbl(SweepOption.Q0);
        if (!(q0 > 0 && q0 <= MAX_Q0)) throw UsageError.forOption("q0", "must be in (0, " + (long) MAX_Q0 + "], got " + q0);
        double c0 = dbl(SweepOption.INPUT_CORR);
        ProbeInputs probeInputs = one(SweepOption.INPUT_CORR, s -> new ProbeInputs(probes, q0, c0));
        double distinctTol = dbl(SweepOption.DISTINCT_TOL);
        if (!(distinctTol >= 0)) throw UsageError.forOption("distinct-tol", "must be >= 0");
        JacobianOptions jacobian = jacobianOptions(grid.maxDepth());

        WormholeOptions wormholeOptions = wormholeOptions(widths, measures.contains("wormhole"));
        Map<String, String> settings = new LinkedHashMap<>();
        for (SweepOption o : SweepOption.values()) settings.put(o.key(), text(o));
        settings.put("threads", Integer.toString(threads));
        if (wormholeInputsDigest != null) settings.put("wormhole-inputs-sha256", wormholeInputsDigest);   // a changed file is another sweep
        if (imported.isPresent()) {                  // what ran, not the ignored text
            settings.put("widths", Integer.toString(imported.get().width()));
            if (!given(SweepOption.DEPTHS)) {
                settings.put("depths", "1:" + imported.get().depth());
            }
            settings.put("networks", Integer.toString(networks));
        }
        Optional<TrainingOptions> training = trainingOptions(imported, measures, widths);
        training.filter(t -> t.task().file() != null)     // the file's content, not only its path
                .ifPresent(t -> settings.put("task-sha256", t.task().file().sha256()));
        SweepSpec spec = new SweepSpec(grid, measures, networks, seed, backend, threads, batch, out, overwrite,
                probeInputs, distinctTol, settings, jacobian, fixedPointOptions(),
                modesOptions(probes), wormholeOptions, shard, bool(SweepOption.RESUME),
                bool(SweepOption.REPORT), imported, training);
        double work = workEstimate(spec);
        if (!(work <= MAX_WORK)) {
            throw UsageError.forOption("networks", networks + " networks per cell ask for about " + String.format(Locale.ROOT, "%.1e", work)
                    + " multiply-adds (" + grid.cellCount() + " cells, widths up to " + Collections.max(grid.widths()) + ", depth "
                    + grid.maxDepth() + ", measures " + String.join(",", measures) + "), above the limit of "
                    + String.format(Locale.ROOT, "%.0e", MAX_WORK) + " per run: use fewer networks, smaller cells, or --shard");
        }
        return spec;
    }

    /**
     * A cheap estimate of a run's work in multiply-adds (of this shard's cells): per network and
     * cell of width N and deepest depth L, propagation S·L·N² (S probes), jacobian L·N³ (twice
     * with eigenvalues), lyapunov L·N²·K + T·L²·N²/2 (K exponents, T map steps), fixedpoints
     * M·I·L²·N²/2 (M starts, I iterations, every depth its own map), modes S·L·N²·(1 + basin
     * samples · directions · log2(1/basin-tol)), wormhole P·r·L·N² (P pairs, r = n/k), weights
     * L·N³. Only its order of magnitude matters: it refuses typos such as 2^31 networks before
     * anything runs.
     */
    public static double workEstimate(SweepSpec spec) {
        Grid g = spec.grid();
        double l = g.maxDepth(), perWidth = (double) g.dists().size() * g.biases().size() * g.activations().size();
        double total = 0;
        for (int width : g.widths()) {
            double n = width, nn = n * n, cost = 0;
            for (String m : spec.measures()) {
                cost += switch (m) {
                    case "propagation" -> spec.probes().count() * l * nn;
                    case "jacobian" -> l * nn * n * (spec.jacobian().eigenvalues() ? 2 : 1);
                    case "lyapunov" -> l * nn * spec.jacobian().lyapunovK(width) + spec.jacobian().mapSteps() * l * l * nn / 2;
                    case "fixedpoints" -> (double) spec.fixedPoints().starts() * spec.fixedPoints().maxIter() * l * l * nn / 2;
                    case "modes" -> spec.probes().count() * l * nn * (1 + (double) spec.modes().basinSamples()
                            * spec.modes().basinDirections() * Math.log(1 / spec.modes().basinTol()) / Math.log(2));
                    case "wormhole" -> spec.wormhole().pairs() * spec.wormhole().overparams().stream()
                            .mapToDouble(Double::doubleValue).sum() * l * nn;
                    case "weights" -> l * nn * n;
                    default -> l * nn;
                };
            }
            total += cost * perWidth;
        }
        return total * spec.networks() / spec.shard().count();
    }

    /** Seeds: decimal (optionally negative) or 0x hex, 64 bits. */
    static long seed(String text) {
        String t = text.trim();
        try {
            if (t.regionMatches(true, 0, "0x", 0, 2) && t.length() > 2) return Long.parseUnsignedLong(t.substring(2), 16);
            if (t.matches("-?[0-9]+")) return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + UsageError.echo(t) + "' does not fit in 64 bits");
        }
        throw new IllegalArgumentException("'" + UsageError.echo(t) + "' is not a decimal or 0x-hex integer");
    }

    /** A scale that underflowed to 0 or a subnormal while parsing (e.g. 1e-400) is refused, as is 0. */
    static Distribution normalScale(String text, Distribution d) {
        if (!(d.scale() >= Double.MIN_NORMAL)) {
            throw new IllegalArgumentException("'" + UsageError.echo(text.trim()) + "': the scale is 0 or below "
                    + Double.MIN_NORMAL + " (where doubles underflow); scales must be positive normal numbers");
        }
        return d;
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
        if (imported.isPresent() && task.kind() == Task.Kind.TEACHER) {
            throw UsageError.forOption("task", "task " + task.label() + " draws its teacher from the network family "
                    + "(--dist, --bias), which imported networks (--weights) do not have: use another task");
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
        Path file = path("weights", text);
        if (Files.isDirectory(file)) throw UsageError.forOption("weights", file + " is a directory, not an .npz or .safetensors file");
        try {
            return Optional.of(ImportedNetworks.read(file));
        } catch (NoSuchFileException e) {
            throw UsageError.forOption("weights", "no such file: " + file);
        } catch (IOException e) {
            throw UsageError.forOption("weights", "cannot read " + file + ": " + UsageError.echo(e.getMessage()));
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
        List<String> refused = measures.stream().filter(m -> !IMPORTABLE_MEASURES.contains(m) && !m.equals(TRAINING_MEASURE)).toList();
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

    private WormholeOptions wormholeOptions(List<Integer> widths, boolean wormhole) {
        List<Double> ratios = list(SweepOption.OVERPARAM, s -> {
            double r;
            try {
                r = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + UsageError.echo(s.trim()) + "' is not a number");
            }
            if (!(r >= 1) || Double.isInfinite(r)) throw new IllegalArgumentException("n/k must be a finite number >= 1, got " + UsageError.echo(s.trim()));
            return r;
        });
        for (double r : ratios) {
            for (int k : widths) {
                if (wormhole && (double) MaxNormConstruction.rows(r, k) * k > Integer.MAX_VALUE) {
                    throw UsageError.forOption(given(SweepOption.OVERPARAM) ? "overparam" : "widths", "wormhole: width " + k
                            + " with --overparam " + r + " needs a maxnorm layer of n·k = " + r + "·" + k + "² entries, over 2^31 - 1");
                }
            }
        }
        var variant = one(SweepOption.WORMHOLE_VARIANT, MaxNormConstruction.Variant::parse);
        String inputText = text(SweepOption.WORMHOLE_INPUTS).trim();
        boolean fromFile = inputText.regionMatches(true, 0, "file:", 0, 5);
        var inputs = fromFile ? WormholeInputs.UNIFORM : one(SweepOption.WORMHOLE_INPUTS, WormholeInputs::parse);
        int pairs = intIn(SweepOption.WORMHOLE_PAIRS, 1, 4096);       // 1: the authors' one pair per network; d' is NaN then
        double alpha = dbl(SweepOption.WORMHOLE_ALPHA);
        if (!(alpha > 0)) throw UsageError.forOption("wormhole-alpha", "must be > 0, got " + alpha);
        InputVectors given = null;
        if (fromFile && wormhole) {                                  // read only when the measure runs
            var file = WormholeInputFile.read(path("wormhole-inputs", inputText.substring(5)), widths, pairs);
            given = file.vectors();
            wormholeInputsDigest = file.sha256();
        }
        return new WormholeOptions(ratios, variant, inputs, pairs, alpha, given);
    }

    static Optional<Distribution> bias(String s) {
        if (s.trim().equalsIgnoreCase("none")) return Optional.empty();
        Distribution d = Distribution.parse(s);
        if (d.kind() == Distribution.Kind.ORTHOGONAL) throw new IllegalArgumentException("orthogonal is a weight distribution, not a bias");
        return Optional.of(normalScale(s, d));
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
            if (part.isBlank()) throw UsageError.forOption(o.key(), "empty element in '" + UsageError.echo(text(o)) + "'");
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
                throw new IllegalArgumentException("'" + UsageError.echo(s) + "' is not an integer");
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
                throw new IllegalArgumentException("'" + UsageError.echo(s) + "' is not a number");
            }
        });
        if (!Double.isFinite(v)) throw UsageError.forOption(o.key(), "must be finite");
        return v;
    }

    private boolean bool(SweepOption o) {
        return one(o, s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + UsageError.echo(s) + "'");
        });
    }
}
