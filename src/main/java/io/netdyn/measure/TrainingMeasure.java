package io.netdyn.measure;

import io.netdyn.backend.Backend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.measure.fixedpoint.FixedPoint;
import io.netdyn.measure.fixedpoint.FixedPointSearch;
import io.netdyn.measure.fixedpoint.NetworkFixedPoints;
import io.netdyn.parallel.WorkerPool;
import io.netdyn.model.NetworkWeights;
import io.netdyn.spec.Cell;
import io.netdyn.spec.FixedPointOptions;
import io.netdyn.spec.SweepSpec;
import io.netdyn.spec.TrainedNetworks;
import io.netdyn.spec.TrainingOptions;
import io.netdyn.train.Loss;
import io.netdyn.train.MemoryDiagnostics;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.NetworkTrainer;
import io.netdyn.train.Samples;
import io.netdyn.train.Task;
import io.netdyn.train.TrainResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The training itself (docs/measures/training.md), per (cell, lr, depth, step) of a {@code --task}
 * sweep: losses and accuracies on the training and test sets, the full-batch gradient norm, the
 * weight norm, the share of diverged networks and, for autoencoding tasks, the memory diagnostics
 * ({@link MemoryDiagnostics}: memorised, recall) and the spurious attractors (stable fixed points
 * of the fixed-point search near no training sample). Per-network values are computed on
 * {@code --threads} threads into slots by network index and summed in network order: the same
 * bits for any thread count and batch size. Diverged networks are left out of every mean but
 * {@code diverged}.
 */
public final class TrainingMeasure implements Measure {
    public static final String NAME = "training";

    /** Statistics of every task, in results.csv order. */
    static final List<String> BASE = List.of("train_loss", "test_loss", "grad_norm", "weight_norm", "diverged");
    static final List<String> CLASSIFICATION = List.of("train_acc", "test_acc");
    static final List<String> MEMORY = List.of("memorised", "recall", "spurious");

    @Override public String name() { return NAME; }

    @Override
    public long bytesPerNetwork(Cell cell, Backend backend, SweepSpec spec) {
        long n = cell.width(), d = cell.arch().depth();
        long own = 8 * (2 * d * (n * n + n) + 4 * n * n);        // a trainer's gradient and buffers, a Jacobian
        if (!autoencoder(spec)) return own;
        FixedPointOptions o = spec.fixedPoints();
        return Math.max(own, backend.fixedPointBytesPerNetwork(CellNetworks.firstBatch(cell, spec.seed()),
                FixedPointMeasure.depths(cell), o.startsFor(cell.arch().activation()), o.settings()));
    }

    private static boolean autoencoder(SweepSpec spec) {
        return spec.training().map(t -> t.task().isAutoencoder()).orElse(false);
    }

    @Override
    public void run(Cell cell, MeasureContext ctx) {
        TrainedNetworks trained = cell.trained().orElseThrow(() -> new IllegalStateException("measure training needs --task"));
        TrainingOptions t = ctx.spec().training().orElseThrow();
        Task task = t.task();
        int depth = cell.arch().depth();
        NetworkShape shape = NetworkShape.of(cell.arch());
        Samples train = trained.data().train();
        Loss loss = t.loss().orElse(task.defaultLoss());
        MemoryDiagnostics.Settings memory = new MemoryDiagnostics.Settings(MemoryDiagnostics.Settings.DEFAULT.maxIter(),
                MemoryDiagnostics.Settings.DEFAULT.tol(), t.memoryTol(), MemoryDiagnostics.Settings.DEFAULT.mergeTol());
        List<String> names = new ArrayList<>(BASE);
        if (task.isClassification()) names.addAll(CLASSIFICATION);
        if (task.isAutoencoder()) names.addAll(MEMORY);
        List<TrainResult> results = trained.results();
        int n = results.size();
        double[][] values = new double[n][];
        forEach(n, ctx.spec().threads(), () -> new Worker(shape, memory), (worker, k) -> {
            TrainResult r = results.get(k);
            double[] v = new double[names.size()];
            java.util.Arrays.fill(v, Double.NaN);
            v[4] = r.diverged() ? 1 : 0;
            if (!r.diverged()) {
                NetworkWeights w = r.weights();
                v[0] = r.train().loss();
                v[1] = r.test().loss();
                v[2] = worker.gradientNorm(w, train, loss);
                v[3] = weightNorm(w);
                int i = BASE.size();
                if (task.isClassification()) {
                    v[i++] = r.train().accuracy();
                    v[i++] = r.test().accuracy();
                }
                if (task.isAutoencoder()) {
                    v[i++] = worker.memory.memorised(w, train);
                    v[i] = worker.memory.recall(w, train, t.corruption(), TrainingOptions.RECALL_COPIES, ctx.spec().seed(), r.network());
                }
            }
            values[k] = v;
        });
        if (task.isAutoencoder()) spurious(cell, ctx, train, t.memoryTol(), results, values, names.size() - 1);

        Summary[] s = new Summary[names.size()];
        for (int j = 0; j < s.length; j++) s[j] = new Summary();
        for (double[] v : values) for (int j = 0; j < s.length; j++) s[j].add(v[j]);      // network order
        ctx.progress().accept(n);
        for (int j = 0; j < s.length; j++) ctx.sink().row(s[j].toRow(NAME, cell, depth, names.get(j)));
    }

    /** sqrt((1/L) Σ_l ‖W_l‖_F²): the root mean square over layers of the Frobenius norms of the weights (no biases). */
    static double weightNorm(NetworkWeights w) {
        double sum = 0;
        for (double[] wl : w.w()) for (double x : wl) sum += x * x;
        return Math.sqrt(sum / w.depth());
    }

    /**
     * values[k][column] = the number of stable fixed points found by the fixed-point search
     * (--starts, --newton, ...) for network k that are near no training sample: ‖x* − x_s‖₂ &gt;
     * memoryTol·‖x_s‖₂ for every sample s. NaN for a diverged network.
     */
    private static void spurious(Cell cell, MeasureContext ctx, Samples train, double tol, List<TrainResult> results,
                                 double[][] values, int column) {
        FixedPointOptions o = ctx.spec().fixedPoints();
        FixedPointSearch search = new FixedPointSearch(ctx.backend(), o);
        int[] depths = {cell.arch().depth()};
        long bytes = ctx.backend().fixedPointBytesPerNetwork(CellNetworks.firstBatch(cell, ctx.spec().seed()), depths,
                o.startsFor(cell.arch().activation()), o.settings());
        for (NetworkBatch batch : ctx.batches(cell, bytes)) {
            NetworkFixedPoints[][] found = search.run(CellNetworks.batch(cell, batch), depths, o.startsFor(cell.arch().activation()));
            for (int b = 0; b < batch.count(); b++) {
                int k = (int) (batch.first() + b);
                if (results.get(k).diverged()) continue;
                int count = 0;
                for (FixedPoint p : found[b][0].points()) {
                    if (p.stable() && !nearSample(p.x(), train, tol)) count++;
                }
                values[k][column] = count;
            }
        }
    }

    static boolean nearSample(double[] x, Samples s, double tol) {
        int n = s.width();
        for (int k = 0; k < s.count(); k++) {
            double d = 0, norm = 0;
            for (int i = 0; i < n; i++) {
                double xi = s.x()[k * n + i];
                d += (x[i] - xi) * (x[i] - xi);
                norm += xi * xi;
            }
            if (Math.sqrt(d) <= tol * Math.sqrt(norm)) return true;
        }
        return false;
    }

    /** One thread's scratch: a trainer (for the gradient) and the memory diagnostics. */
    private static final class Worker {
        final NetworkTrainer trainer;
        final MemoryDiagnostics memory;
        final NetworkWeights grad;

        Worker(NetworkShape shape, MemoryDiagnostics.Settings settings) {
            trainer = new NetworkTrainer(shape);
            memory = new MemoryDiagnostics(shape, settings);
            int n = shape.width();
            grad = new NetworkWeights(n, new double[shape.depth()][n * n], new double[shape.depth()][n]);
        }

        /** ‖∇θ L‖₂ over every W_l and b_l, the full-batch gradient of the training loss. */
        double gradientNorm(NetworkWeights w, Samples train, Loss loss) {
            trainer.lossAndGradient(w, train, loss, grad);
            double sum = 0;
            for (double[] g : grad.w()) for (double x : g) sum += x * x;
            for (double[] g : grad.b()) for (double x : g) sum += x * x;
            return Math.sqrt(sum);
        }
    }

    private interface Job {
        void run(Worker w, int k);
    }

    /** k = 0..count−1 on min(threads, count) threads, one worker each; results go to slots by k. */
    private static void forEach(int count, int threads, java.util.function.Supplier<Worker> make, Job job) {
        try (WorkerPool pool = new WorkerPool(Math.max(1, Math.min(threads, count)))) {
            pool.forEach(count, make, job::run);
        }
    }
}
