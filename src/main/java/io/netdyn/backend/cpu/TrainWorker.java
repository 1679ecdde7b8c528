package io.netdyn.backend.cpu;

import io.netdyn.model.Activation;
import io.netdyn.model.NetworkWeights;
import io.netdyn.train.Evaluation;
import io.netdyn.train.Loss;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.NetworkTrainer;
import io.netdyn.train.OptimizerState;
import io.netdyn.train.Samples;
import io.netdyn.train.TaskData;
import io.netdyn.train.TrainResult;
import io.netdyn.train.TrainSettings;
import java.util.Arrays;

/**
 * The CPU training path of one worker thread ({@link CpuBackend#train}): the same bits as the
 * reference {@link NetworkTrainer#resume}, faster. Every scalar sees the reference's arithmetic in
 * the reference's order; only the loop nesting changes, so that the inner loops are axpys
 * (y[:] += s·x[:]) the JIT vectorises instead of dot-product reductions it cannot:
 * <pre>
 *   forward    h_s = 0;  for j: h_s[:] += x_sj · Wᵀ[j][:];  h_s += b      (Wᵀ a transposed copy: h_i = Σ_j W_ij x_j in j order, then + b_i)
 *   backward   δ_s ⊙= φ'(h_s)     (tanh 1 − a², logistic a(1 − a) from the stored a = φ(h): the reference's dphi recomputes that same a)
 *              ∂W[i][:] += δ_si · x_s[:],  ∂b += δ_s     over s in batch order (the reference's order per element)
 *              g_s = 0;  for i: g_s[:] += δ_si · W[i][:]                   (Σ_i W_ij δ_i in i order)
 *   update     Optimizer.update (the reference's own loop), then Wᵀ refreshed
 * </pre>
 * All B samples of a batch go through one layer before the next (the stored h, a of every layer
 * and sample: 2·L·P·N values). Mini-batch order, loss, update and evaluation are the reference's
 * own code. Every buffer is allocated when a worker first sees a shape and training-set size: no
 * allocation in the step loop. Not thread-safe: one per worker.
 */
final class TrainWorker {
    private final NetworkShape shape;
    private final int n, depth;
    private final Activation phi;
    private final NetworkTrainer reference;    // batch order and evaluation
    private final double[][] wt;               // Wᵀ per layer, N×N row-major: wt[j·N + i] = W_ij
    private final NetworkWeights grad;
    private double[][] h = new double[0][], a = new double[0][];   // per layer B×N: sample k at k·N
    private double[] delta = new double[0], up = new double[0];     // B×N
    private int capacity = -1;

    TrainWorker(NetworkShape shape) {
        this.shape = shape;
        this.n = shape.width();
        this.depth = shape.depth();
        this.phi = shape.activation();
        this.reference = new NetworkTrainer(shape);
        this.wt = new double[depth][n * n];
        double[][] gw = new double[depth][n * n], gb = new double[depth][n];
        this.grad = new NetworkWeights(n, gw, gb);
    }

    /** Bytes of scratch for a training set of P samples: Wᵀ and gradient, h, a per layer, δ and g, the reference's buffers. */
    static long scratchBytes(long n, long depth, long p) {
        return 8 * (2 * depth * (n * n + n) + 2 * depth * p * n + 2 * p * n + 2 * depth * n + 2 * n) + 8 * p;
    }

    private void reserve(int p) {
        if (p == capacity) return;
        capacity = p;
        h = new double[depth][p * n];
        a = new double[depth][p * n];
        delta = new double[p * n];
        up = new double[p * n];
    }

    /** {@link NetworkTrainer#resume}, the same bits: {@code w} and {@code state} advanced in place. */
    TrainResult resume(NetworkWeights w, OptimizerState state, TaskData data, TrainSettings s, int steps, long network) {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        if (w.width() != n || w.depth() != depth) {
            throw new IllegalArgumentException("weights are " + w.width() + " wide and " + w.depth()
                    + " deep, the network shape is " + n + " wide and " + depth + " deep");
        }
        if (!data.shape().equals(shape)) {
            throw new IllegalArgumentException("data of task " + data.task().label() + " was made for " + data.shape() + ", not " + shape);
        }
        Samples train = data.train();
        Loss loss = s.lossFor(train);
        reserve(train.count());
        transpose(w);
        int done = 0;
        for (int t = 0; t < steps && !state.diverged(); t++) {
            int count = reference.batch(train.count(), s.batchSize(), s.seed(), network, state.steps());
            double l = lossAndGradient(w, train, loss, reference.lastBatch(), count);
            if (!Double.isFinite(l)) {
                state.markDiverged(state.steps() + 1);
                break;
            }
            s.optimizer().update(w, grad, state, s.learningRate(), s.weightDecay());
            transpose(w);
            done++;
        }
        Evaluation tr = reference.evaluate(w, train, loss), te = reference.evaluate(w, data.test(), loss);
        if (!(tr.finite() && te.finite())) state.markDiverged(state.steps());
        if (state.diverged()) {
            tr = new Evaluation(Double.NaN, Double.NaN);
            te = new Evaluation(Double.NaN, Double.NaN);
        }
        return new TrainResult(network, w, state, done, state.diverged(), state.divergedAtStep(), tr, te);
    }

    /** wt[l][j·N + i] = W_l[i·N + j]. */
    private void transpose(NetworkWeights w) {
        for (int l = 0; l < depth; l++) {
            double[] src = w.w()[l], dst = wt[l];
            for (int i = 0; i < n; i++) {
                int row = i * n;
                for (int j = 0; j < n; j++) dst[j * n + i] = src[row + j];
            }
        }
    }

    /** The batch loss (1/B) Σ ℓ_s and its gradient into {@link #grad}, samples idx[0 .. count). */
    private double lossAndGradient(NetworkWeights w, Samples s, Loss loss, int[] idx, int count) {
        for (int l = 0; l < depth; l++) {
            Arrays.fill(grad.w()[l], 0);
            Arrays.fill(grad.b()[l], 0);
        }
        double[] x = s.x();
        forward(w, x, idx, count);
        double scale = 1.0 / count, total = 0;
        double[] out = a[depth - 1];
        for (int k = 0; k < count; k++) total += loss.value(out, k * n, s, idx[k], delta, k * n, scale);
        backward(w, x, idx, count);
        return total / count;
    }

    /** h[l], a[l] of samples idx[0 .. count) (batch slot k at k·N). */
    private void forward(NetworkWeights w, double[] x, int[] idx, int count) {
        for (int l = 0; l < depth; l++) {
            double[] wl = wt[l], bl = w.b()[l], hl = h[l], al = a[l];
            double[] src = l == 0 ? x : a[l - 1];
            boolean linear = shape.linearLayer(l);
            for (int k = 0; k < count; k++) {
                int ho = k * n, so = l == 0 ? idx[k] * n : ho;
                Arrays.fill(hl, ho, ho + n, 0);
                for (int j = 0; j < n; j++) {
                    double xj = src[so + j];
                    int row = j * n;
                    for (int i = 0; i < n; i++) hl[ho + i] += xj * wl[row + i];
                }
                for (int i = 0; i < n; i++) hl[ho + i] += bl[i];
                if (linear) System.arraycopy(hl, ho, al, ho, n);
                else activate(hl, al, ho);
            }
        }
    }

    private void activate(double[] hl, double[] al, int o) {
        for (int i = o; i < o + n; i++) al[i] = phi.phi(hl[i]);
    }

    /** δ_s ⊙= φ'(h_s) for the n values at o: from the stored a where that is the reference's own value. */
    private void derivative(double[] d, double[] hl, double[] al, int o) {
        switch (phi) {
            case TANH -> {
                for (int i = o; i < o + n; i++) { double t = al[i]; d[i] *= 1 - t * t; }
            }
            case LOGISTIC -> {
                for (int i = o; i < o + n; i++) { double t = al[i]; d[i] *= t * (1 - t); }
            }
            default -> {
                for (int i = o; i < o + n; i++) d[i] *= phi.dphi(hl[i]);
            }
        }
    }

    /** Backpropagates {@link #delta} (scale·∂ℓ/∂x_L of every batch slot), accumulating into {@link #grad}. */
    private void backward(NetworkWeights w, double[] x, int[] idx, int count) {
        double[] d = delta, g = up;
        for (int l = depth - 1; l >= 0; l--) {
            double[] hl = h[l], al = a[l], wl = w.w()[l], gw = grad.w()[l], gb = grad.b()[l];
            double[] src = l == 0 ? x : a[l - 1];
            boolean linear = shape.linearLayer(l);
            for (int k = 0; k < count; k++) {
                int o = k * n, so = l == 0 ? idx[k] * n : o;
                if (!linear) derivative(d, hl, al, o);
                for (int i = 0; i < n; i++) {
                    double di = d[o + i];
                    gb[i] += di;
                    int row = i * n;
                    for (int j = 0; j < n; j++) gw[row + j] += di * src[so + j];
                }
            }
            if (l > 0) {
                for (int k = 0; k < count; k++) {
                    int o = k * n;
                    Arrays.fill(g, o, o + n, 0);
                    for (int i = 0; i < n; i++) {
                        double di = d[o + i];
                        int row = i * n;
                        for (int j = 0; j < n; j++) g[o + j] += wl[row + j] * di;
                    }
                }
                double[] t = d; d = g; g = t;
            }
        }
    }
}
