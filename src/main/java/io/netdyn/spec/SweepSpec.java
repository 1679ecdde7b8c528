package io.netdyn.spec;

import io.netdyn.backend.BackendKind;
import io.netdyn.io.weights.ImportedNetworks;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Streams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fully resolved and validated sweep. {@code settings} keeps the canonical text of every
 * option (after defaults and overrides) for the manifest, so a run can be repeated exactly.
 * {@code imported}: the networks of {@code --weights} (then the grid has one width, dist and
 * bias, and {@code networks} is the file's count). {@code training}: the training stage of
 * {@code --task} (empty for {@code --task none}).
 */
public record SweepSpec(Grid grid, List<String> measures, int networks, long seed,
                        BackendKind backend, int threads, int batch, Path out, boolean overwrite,
                        ProbeInputs probes, double distinctTol,
                        Map<String, String> settings, JacobianOptions jacobian,
                        FixedPointOptions fixedPoints, ModesOptions modes,
                        WormholeOptions wormhole, Shard shard, boolean resume, boolean report,
                        Optional<ImportedNetworks> imported, Optional<TrainingOptions> training) {

    /** Settings that never change a number (where, how fast, how): shards and checkpoints may differ in them. */
    public static final Set<String> RUN_ONLY_SETTINGS =
            Set.of("out", "overwrite", "threads", "batch", "backend", "resume", "report");

    /** Key of the random-stream layout ({@link Streams#LAYOUT}) among {@link #numberSettings()}. */
    public static final String RANDOM_STREAMS = "random-streams";

    /**
     * The settings that decide every number of the run: {@link #settings()} less {@link #RUN_ONLY_SETTINGS},
     * plus the random-stream layout the networks are drawn with.
     */
    public Map<String, String> numberSettings() {
        Map<String, String> m = new LinkedHashMap<>(settings);
        m.keySet().removeAll(RUN_ONLY_SETTINGS);
        imported.ifPresent(w -> m.put("weights-sha256", w.sha256()));   // the file's content, not only its path
        m.put(RANDOM_STREAMS, Integer.toString(Streams.LAYOUT));
        return m;
    }

    /** The cells in grid order: width slowest, then dist, bias, activation. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        int maxDepth = grid.maxDepth();
        List<Integer> depths = grid.depths().stream().distinct().sorted().toList();
        for (int n : grid.widths()) {
            for (Distribution d : grid.dists()) {
                for (Optional<Distribution> b : grid.biases()) {
                    for (var a : grid.activations()) {
                        Architecture arch = new Architecture(n, maxDepth, a, grid.lastLinear(), d, grid.scaling(), b);
                        cells.add(new Cell(cells.size(), arch, depths, imported));
                    }
                }
            }
        }
        return cells;
    }

    /** The cells this run computes: {@link #cells()} that {@link #shardPlan()} gives {@link #shard()}, in grid order. */
    public List<Cell> shardCells() {
        if (shard.isWhole()) return cells();
        ShardPlan plan = shardPlan();
        return cells().stream().filter(c -> plan.owns(shard, c.index())).toList();
    }

    /** Which shard of {@link #shard()}'s N computes each cell (the same on every shard: it depends only on the numbers' settings). */
    public ShardPlan shardPlan() {
        return ShardPlan.of(this, shard.count());
    }

    public Map<String, String> settingsCopy() { return new LinkedHashMap<>(settings); }
}
