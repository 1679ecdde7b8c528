package io.netdyn.sweep;

import io.netdyn.backend.TrainingBatch;
import io.netdyn.io.CsvFormat;
import io.netdyn.measure.Measure;
import io.netdyn.measure.MeasureContext;
import io.netdyn.measure.MemoryBudget;
import io.netdyn.model.Architecture;
import io.netdyn.model.NetworkWeights;
import io.netdyn.spec.Cell;
import io.netdyn.spec.SweepSpec;
import io.netdyn.spec.TrainedNetworks;
import io.netdyn.spec.TrainingOptions;
import io.netdyn.spec.UsageError;
import io.netdyn.train.InitialWeights;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.OptimizerState;
import io.netdyn.train.TaskData;
import io.netdyn.train.TrainResult;
import io.netdyn.train.TrainSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The training stage of a {@code --task} sweep (docs/cli.md "Training"), one cell at a time: for
 * each learning rate and each requested depth d, networks 0..n−1 start from the first d layers of
 * the cell's sampled networks, or of network i of the {@code --weights} file for imported cells
 * ({@link InitialWeights}: at step 0 network i is exactly network i of a sweep without training)
 * and are trained at depth d on the task's data (one data set per (seed, task, shape), shared by
 * every network) with the backend on {@code --threads}
 * threads; at each of {@code --steps} every measure runs on the networks as they are then
 * ({@link Cell#trainedAt}: depth d only). Training is the backend's {@code train} operation, one
 * call per stretch between two steps of {@code --steps} over all n networks, the weights and
 * optimizer states carried here. Mini-batches come from the TRAIN counters of
 * (seed, network, step), so results do not depend on {@code --threads} or {@code --batch}.
 */
final class TrainingStage {
    private TrainingStage() {}

    /** Where {@code --save-weights} sends the trained networks of one (cell, lr, depth, step). */
    interface WeightsSink {
        void write(String name, List<NetworkWeights> networks) throws IOException;
    }

    /**
     * Every (lr, depth, step) of {@code cell}, every measure at each step; rows in that order.
     * With {@code --save-weights} the networks of each step go to {@code weights} (after the
     * step's measures) under {@link #weightsFile}'s name.
     */
    static void run(Cell cell, List<Measure> measures, MeasureContext ctx, WeightsSink weights) {
        SweepSpec spec = ctx.spec();
        TrainingOptions t = spec.training().orElseThrow();
        int n = spec.networks();
        for (double lr : t.lrs()) {
            TrainSettings settings = t.settings(lr, spec.seed());
            for (int d : cell.depths()) {
                Architecture arch = cell.arch().withDepth(d);
                NetworkShape shape = NetworkShape.of(arch);
                TaskData data = cell.imported().isPresent()
                        ? TaskData.generate(t.task(), shape, t.trainSamples(), t.testSamples(), spec.seed())
                        : TaskData.generate(t.task(), arch, t.trainSamples(), t.testSamples(), spec.seed());
                NetworkWeights[] w = new NetworkWeights[n];
                OptimizerState[] states = new OptimizerState[n];
                for (int i = 0; i < n; i++) {
                    w[i] = cell.imported().isPresent()
                            ? InitialWeights.imported(cell.imported().get(), i, d)
                            : InitialWeights.sample(arch, spec.seed(), i);
                    states[i] = OptimizerState.initial(t.optimizer(), arch.width(), d);
                }
                int done = 0;
                for (int step : t.steps()) {
                    TrainResult[] r = ctx.backend().train(new TrainingBatch(shape, 0, w, states, data, settings), step - done);
                    done = step;
                    Cell trained = cell.trainedAt(d, new TrainedNetworks(t.task().label(), lr, step, data, Arrays.asList(r)));
                    for (Measure m : measures) m.run(trained, ctx);
                    if (t.saveWeights()) {
                        try {
                            weights.write(weightsFile(cell, lr, d, step), trained.trained().orElseThrow().networks());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            }
        }
    }

    /** The folder of the {@code --save-weights} files in the output directory. */
    static final String WEIGHTS_DIR = "weights";

    /**
     * The {@code --save-weights} file of (cell, lr, depth, step), docs/cli.md "Training":
     * {@code weights/cell0003_N16_gaussian-1_none_tanh_lr0.01_depth2_step100.npz} — the cell's grid
     * index (4 digits or more), width, dist, bias, activation as in results.csv with every
     * character but letters, digits, '.', '_' and '-' replaced by '-', then lr, depth and step.
     * The grid index makes names unique; the rest makes them readable.
     */
    static String weightsFile(Cell cell, double lr, int depth, int step) {
        String label = String.join("_", "N" + cell.width(), cell.distLabel(), cell.biasLabel(), cell.arch().activation().label());
        return String.format("%s/cell%04d_%s_lr%s_depth%d_step%d.npz", WEIGHTS_DIR, cell.index(), safe(label),
                safe(CsvFormat.number(lr)), depth, step);
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /** Measure runs of one cell, per measure (for progress): lrs × depths × steps. */
    static long runsPerCell(SweepSpec spec, Cell cell) {
        return spec.training().map(t -> (long) t.lrs().size() * cell.depths().size() * t.steps().size()).orElse(1L);
    }

    /**
     * Refuses a training sweep whose networks of one (cell, lr, depth) — weights, optimizer moments
     * and one trainer's buffers — exceed the host budget; names --networks.
     */
    static void checkMemory(SweepSpec spec, List<Cell> cells, MemoryBudget budget) {
        if (spec.training().isEmpty()) return;
        int moments = spec.training().get().optimizer().moments();
        for (Cell c : cells) {
            long n = c.width(), d = c.depths().stream().mapToInt(Integer::intValue).max().orElseThrow();
            long perNetwork = 8 * d * (n * n + n) * (1 + moments);
            long bytes = perNetwork * spec.networks();
            if (!budget.fits(bytes)) {
                throw UsageError.forOption("networks", String.format(
                        "training holds every network of a cell: %d networks at width %d, depth %d need %s, more than the "
                                + "%s budget (half the max heap; use fewer --networks or raise java -Xmx)",
                        spec.networks(), c.width(), d, SweepRunner.bytes(bytes), SweepRunner.bytes(budget.bytes())));
            }
        }
    }
}
