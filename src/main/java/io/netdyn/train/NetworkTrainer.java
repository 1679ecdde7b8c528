package io.netdyn.train;

import io.netdyn.model.NetworkWeights;
import java.util.Arrays;

/**
 * The reference trainer of one network (docs/training.md): plain loops that mirror the formulas,
 * one sample at a time, fp64 — the oracle a fast CPU path and GPU kernels are checked against.
 * <pre>
 *   forward    h_l = W_l x_{l−1} + b_l   (h_i = Σ_j W_ij x_j in j order, then + b_i),   x_l = φ(h_l)  (x_L = h_L if linear)
 *   loss       L = (1/B) Σ_s ℓ(x_L(s))                          ({@link Loss})
 *   backward   g_L = ∂L/∂x_L;  δ_l = g_l ⊙ φ'(h_l)  (δ_L = g_L if linear);
 *              ∂L/∂W_l += δ_l x_{l−1}ᵀ,  ∂L/∂b_l += δ_l,  g_{l−1} = W_lᵀ δ_l
 *   update     {@link Optimizer#update}
 * </pre>
 * A batch whose loss is not finite is not applied: the network has diverged and is not updated
 * again. Every buffer is allocated in the constructor (and the batch index arrays once per
 * training-set size): no allocation inside the step loop. Not thread-safe: one per thread.
 */
public final class NetworkTrainer {
    private final NetworkShape shape;
    private final int n, depth;
    private final MapEvaluator f;             // the forward pass, h_l and x_l of every layer
    private final double[] delta, back;
    private final NetworkWeights grad;
    private final int[] block = new int[4];
    private int[] order = new int[0], batch = new int[0];

    public NetworkTrainer(NetworkShape shape) {
        this.shape = shape;
        this.n = shape.width();
        this.depth = shape.depth();
        this.f = new MapEvaluator(shape);
        this.delta = new double[n];
        this.back = new double[n];
        double[][] gw = new double[depth][n * n], gb = new double[depth][n];
        this.grad = new NetworkWeights(n, gw, gb);
    }

    public NetworkShape shape() { return shape; }

    /** A deep copy of {@code w}. */
    public static NetworkWeights copy(NetworkWeights w) {
        double[][] ws = new double[w.depth()][], bs = new double[w.depth()][];
        for (int l = 0; l < w.depth(); l++) {
            ws[l] = w.w()[l].clone();
            bs[l] = w.b()[l].clone();
        }
        return new NetworkWeights(w.width(), ws, bs);
    }

    /**
     * Trains a copy of {@code initial} for {@code steps} optimizer steps on the training set of
     * {@code data} from a fresh optimizer state, and evaluates it on the training and test sets.
     * {@code network} is the network index (it picks the mini-batches); {@code trace}, when not
     * null, receives the batch loss of every step taken (trace[t] for step t + 1).
     */
    public TrainResult train(NetworkWeights initial, TaskData data, TrainSettings s, int steps, long network, double[] trace) {
        shape.check(initial);
        NetworkWeights w = copy(initial);
        OptimizerState st = OptimizerState.initial(s.optimizer(), n, depth);
        return resume(w, st, data, s, steps, network, trace);
    }

    /**
     * Continues training {@code w} (mutated) from {@code state} (advanced) for {@code steps} more
     * steps, then evaluates: training in pieces with the state carried through gives the same bits
     * as one call.
     */
    public TrainResult resume(NetworkWeights w, OptimizerState state, TaskData data, TrainSettings s, int steps,
                              long network, double[] trace) {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        shape.check(w);
        if (!data.shape().equals(shape)) {
            throw new IllegalArgumentException("data of task " + data.task().label() + " was made for " + data.shape() + ", not " + shape);
        }
        Loss loss = s.lossFor(data.train());
        int done = 0;
        for (int t = 0; t < steps && !state.diverged(); t++) {
            double l = step(w, state, data.train(), loss, s, network);
            if (trace != null) trace[t] = l;
            if (Double.isFinite(l)) done++;
        }
        return finish(w, state, data, loss, network, done);
    }

    /**
     * The end of a training call, shared by every trainer: {@code w} evaluated on the training and
     * test sets; a network whose evaluation is not finite is marked diverged at its last step; a
     * diverged network reports NaN losses. {@code done}: the updates this call applied.
     */
    public TrainResult finish(NetworkWeights w, OptimizerState state, TaskData data, Loss loss, long network, int done) {
        Evaluation train = evaluate(w, data.train(), loss), test = evaluate(w, data.test(), loss);
        if (!(train.finite() && test.finite())) state.markDiverged(state.steps());
        if (state.diverged()) {
            train = new Evaluation(Double.NaN, Double.NaN);
            test = new Evaluation(Double.NaN, Double.NaN);
        }
        return new TrainResult(network, w, state, done, state.diverged(), state.divergedAtStep(), train, test);
    }

    /**
     * One step: the mini-batch of step state.steps() + 1 of {@code network}, its loss and gradient
     * at {@code w}, and — when the loss is finite — the optimizer update. Returns the batch loss
     * (before the update); a non-finite return means nothing was changed and the state is marked
     * diverged (every later step returns NaN and changes nothing).
     */
    public double step(NetworkWeights w, OptimizerState state, Samples train, Loss loss, TrainSettings s, long network) {
        if (state.diverged()) return Double.NaN;
        int count = batch(train.count(), s.batchSize(), s.seed(), network, state.steps());
        double l = lossAndGradient(w, train, loss, batch, count);
        if (!Double.isFinite(l)) {
            state.markDiverged(state.steps() + 1);
            return l;
        }
        s.optimizer().update(w, grad, state, s.learningRate(), s.weightDecay());
        return l;
    }

    /**
     * The sample indices of the batch at step index {@code t} (0-based: the step that makes
     * state.steps() = t + 1) into {@link #batch}; returns B. Full batch: 0..P−1 in order.
     * Mini-batch: B distinct indices by a partial Fisher–Yates shuffle of 0..P−1, swap k with
     * k + ⌊u_k·(P − k)⌋, u_k from TRAIN tensor 32, network word = network, layer word = t, element k.
     */
    public int batch(int p, int batchSize, long seed, long network, long t) {
        if (order.length != p) {
            order = new int[p];
            batch = new int[p];
        }
        if (batchSize == 0 || batchSize >= p) {
            for (int i = 0; i < p; i++) batch[i] = i;
            return p;
        }
        for (int i = 0; i < p; i++) order[i] = i;
        for (int k = 0; k < batchSize; k++) {
            TrainStreams.block(seed, network, (int) t, TrainStreams.BATCH, k, block);
            int j = k + TrainStreams.below(block[0], p - k);
            int tmp = order[k]; order[k] = order[j]; order[j] = tmp;
            batch[k] = order[k];
        }
        return batchSize;
    }

    /** The batch indices of the last {@link #batch} or {@link #step} (first B entries; live, not a copy). */
    public int[] lastBatch() { return batch; }

    /**
     * The full-batch loss L(w) on {@code s} and its gradient into {@code out} (the shape of w),
     * for gradient checks.
     */
    public double lossAndGradient(NetworkWeights w, Samples s, Loss loss, NetworkWeights out) {
        shape.check(w);
        loss.check(s);
        batch(s.count(), 0, 0, 0, 0);
        double l = lossAndGradient(w, s, loss, batch, s.count());
        for (int k = 0; k < depth; k++) {
            System.arraycopy(grad.w()[k], 0, out.w()[k], 0, n * n);
            System.arraycopy(grad.b()[k], 0, out.b()[k], 0, n);
        }
        return l;
    }

    private double lossAndGradient(NetworkWeights w, Samples s, Loss loss, int[] idx, int count) {
        for (int l = 0; l < depth; l++) {
            Arrays.fill(grad.w()[l], 0);
            Arrays.fill(grad.b()[l], 0);
        }
        double scale = 1.0 / count, total = 0;
        double[] x = s.x();
        for (int k = 0; k < count; k++) {
            int sample = idx[k];
            f.forward(w, x, sample * n);
            total += loss.value(f.post(depth - 1), s, sample, delta, scale);
            backward(w, x, sample * n);
        }
        return total / count;
    }

    /** Backpropagates {@link #delta} = scale·∂ℓ/∂x_L, accumulating into {@link #grad}. */
    private void backward(NetworkWeights w, double[] x, int off) {
        double[] d = delta, up = back;
        for (int l = depth - 1; l >= 0; l--) {
            double[] hl = f.pre(l), wl = w.w()[l], gw = grad.w()[l], gb = grad.b()[l];
            if (!shape.linearLayer(l)) {
                for (int i = 0; i < n; i++) d[i] *= shape.activation().dphi(hl[i]);
            }
            double[] src = l == 0 ? x : f.post(l - 1);
            int so = l == 0 ? off : 0;
            for (int i = 0; i < n; i++) {
                double di = d[i];
                gb[i] += di;
                int row = i * n;
                for (int j = 0; j < n; j++) gw[row + j] += di * src[so + j];
            }
            if (l > 0) {
                for (int j = 0; j < n; j++) up[j] = 0;
                for (int i = 0; i < n; i++) {
                    double di = d[i];
                    int row = i * n;
                    for (int j = 0; j < n; j++) up[j] += wl[row + j] * di;
                }
                double[] t = d; d = up; up = t;
            }
        }
    }

    /** Mean loss and accuracy of {@code w} on {@code s} (no gradient). */
    public Evaluation evaluate(NetworkWeights w, Samples s, Loss loss) {
        shape.check(w);
        loss.check(s);
        double total = 0;
        int correct = 0;
        for (int k = 0; k < s.count(); k++) {
            f.forward(w, s.x(), k * n);
            double[] z = f.post(depth - 1);
            total += loss.value(z, s, k, null, 1);
            if (s.classes() > 0 && argmax(z, s.classes()) == s.labels()[k]) correct++;
        }
        double mean = total / s.count();
        if (!Double.isFinite(mean)) return new Evaluation(Double.NaN, Double.NaN);
        return new Evaluation(mean, s.classes() > 0 ? (double) correct / s.count() : Double.NaN);
    }

    /** argmax over z[0 .. c), ties to the lowest index; −1 when an entry is not finite. */
    static int argmax(double[] z, int c) {
        int best = 0;
        for (int j = 0; j < c; j++) {
            if (!Double.isFinite(z[j])) return -1;
            if (z[j] > z[best]) best = j;
        }
        return best;
    }
}
