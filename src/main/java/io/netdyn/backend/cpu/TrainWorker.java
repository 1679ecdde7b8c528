package io.netdyn.backend.cpu;

import io.netdyn.model.Activation;
import io.netdyn.model.NetworkWeights;
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
 * and sample: 2·L·P·N values). Every vector and matrix row is its own array: the JIT vectorises
 * y[i] += s·x[i] over whole arrays, but not the same loop at array offsets (measured ~3× slower
 * at N = 32), so W, Wᵀ and ∂W are kept as rows, copied from and to the flat weights around each
 * update (3·L·N² copies per step against ≥ 6·L·B·N² flops). Mini-batch order, loss, update and evaluation are the reference's
 * own code. Every buffer is allocated when a worker first sees a shape and training-set size: no
 * allocation in the step loop. Not thread-safe: one per worker.
 */
final class TrainWorker {
    private final NetworkShape shape;
    private final int n, depth;
    private final Activation phi;
    private final NetworkTrainer reference;    // batch order and evaluation
    private final double[][][] rows, cols;     // rows[l][i] = W_l[i, :], cols[l][j] = W_l[:, j] (Wᵀ's rows)
    private final double[][][] gradRows;       // ∂L/∂W_l[i, :]
    private final NetworkWeights grad;         // flat ∂L/∂W (packed from gradRows), ∂L/∂b (accumulated in place)
    private double[][][] h = new double[0][][], a = new double[0][][];   // [layer][batch slot][i]
    private double[][] input = new double[0][], delta = new double[0][], up = new double[0][];   // [batch slot][i]
    private int capacity = -1;

    TrainWorker(NetworkShape shape) {
        this.shape = shape;
        this.n = shape.width();
        this.depth = shape.depth();
        this.phi = shape.activation();
        this.reference = new NetworkTrainer(shape);
        this.rows = new double[depth][n][n];
        this.cols = new double[depth][n][n];
        this.gradRows = new double[depth][n][n];
        double[][] gw = new double[depth][n * n], gb = new double[depth][n];
        this.grad = new NetworkWeights(n, gw, gb);
    }

    /** Bytes of scratch for a training set of P samples: W, Wᵀ, ∂W as rows and flat ∂W, ∂b; h, a per layer, input, δ, g; the reference's buffers. */
    static long scratchBytes(long n, long depth, long p) {
        return 8 * (4 * depth * n * n + depth * n + 2 * depth * p * n + 3 * p * n + 2 * depth * n + 2 * n) + 8 * p;
    }

    private void reserve(int p) {
        if (p == capacity) return;
        capacity = p;
        h = new double[depth][p][n];
        a = new double[depth][p][n];
        input = new double[p][n];
        delta = new double[p][n];
        up = new double[p][n];
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
        unpack(w);
        int done = 0;
        for (int t = 0; t < steps && !state.diverged(); t++) {
            int count = reference.batch(train.count(), s.batchSize(), s.seed(), network, state.steps());
            double l = lossAndGradient(w, train, loss, reference.lastBatch(), count);
            if (!Double.isFinite(l)) {
                state.markDiverged(state.steps() + 1);
                break;
            }
            pack();
            s.optimizer().update(w, grad, state, s.learningRate(), s.weightDecay());
            unpack(w);
            done++;
        }
        return reference.finish(w, state, data, loss, network, done);
    }

    /** rows[l][i][j] = cols[l][j][i] = W_l[i·N + j]. */
    private void unpack(NetworkWeights w) {
        for (int l = 0; l < depth; l++) {
            double[] src = w.w()[l];
            double[][] r = rows[l], c = cols[l];
            for (int i = 0; i < n; i++) {
                System.arraycopy(src, i * n, r[i], 0, n);
                double[] ri = r[i];
                for (int j = 0; j < n; j++) c[j][i] = ri[j];
            }
        }
    }

    /** The flat ∂L/∂W_l[i·N + j] from gradRows. */
    private void pack() {
        for (int l = 0; l < depth; l++) {
            double[] dst = grad.w()[l];
            for (int i = 0; i < n; i++) System.arraycopy(gradRows[l][i], 0, dst, i * n, n);
        }
    }

    /** The batch loss (1/B) Σ ℓ_s and its gradient into gradRows and grad.b(), samples idx[0 .. count). */
    private double lossAndGradient(NetworkWeights w, Samples s, Loss loss, int[] idx, int count) {
        for (int l = 0; l < depth; l++) {
            for (double[] r : gradRows[l]) Arrays.fill(r, 0);
            Arrays.fill(grad.b()[l], 0);
        }
        double[] x = s.x();
        for (int k = 0; k < count; k++) System.arraycopy(x, idx[k] * n, input[k], 0, n);
        forward(w, count);
        double scale = 1.0 / count, total = 0;
        double[][] out = a[depth - 1];
        for (int k = 0; k < count; k++) total += loss.value(out[k], 0, s, idx[k], delta[k], 0, scale);
        backward(count);
        return total / count;
    }

    /** y[:] += s·x[:] (whole arrays of length N). */
    private static void axpy(double[] y, double s, double[] x) {
        for (int i = 0; i < y.length; i++) y[i] += s * x[i];
    }

    /** h[l][k], a[l][k] of batch slots k < count. */
    private void forward(NetworkWeights w, int count) {
        for (int l = 0; l < depth; l++) {
            double[][] c = cols[l];
            double[] bl = w.b()[l];
            boolean linear = shape.linearLayer(l);
            for (int k = 0; k < count; k++) {
                double[] src = l == 0 ? input[k] : a[l - 1][k], hk = h[l][k], ak = a[l][k];
                Arrays.fill(hk, 0);
                for (int j = 0; j < n; j++) axpy(hk, src[j], c[j]);       // h_i = Σ_j x_j W_ij, j in order
                for (int i = 0; i < n; i++) hk[i] += bl[i];
                if (linear) System.arraycopy(hk, 0, ak, 0, n);
                else for (int i = 0; i < n; i++) ak[i] = phi.phi(hk[i]);
            }
        }
    }

    /** d ⊙= φ'(h): from the stored a = φ(h) where that is the reference's own value. */
    private void derivative(double[] d, double[] hk, double[] ak) {
        switch (phi) {
            case TANH -> {
                for (int i = 0; i < n; i++) { double t = ak[i]; d[i] *= 1 - t * t; }
            }
            case LOGISTIC -> {
                for (int i = 0; i < n; i++) { double t = ak[i]; d[i] *= t * (1 - t); }
            }
            default -> {
                for (int i = 0; i < n; i++) d[i] *= phi.dphi(hk[i]);
            }
        }
    }

    /** Backpropagates delta (scale·∂ℓ/∂x_L of every batch slot), accumulating the gradient. */
    private void backward(int count) {
        double[][] d = delta, g = up;
        for (int l = depth - 1; l >= 0; l--) {
            double[][] gw = gradRows[l], r = rows[l];
            double[] gb = grad.b()[l];
            boolean linear = shape.linearLayer(l);
            for (int k = 0; k < count; k++) {
                double[] dk = d[k], src = l == 0 ? input[k] : a[l - 1][k];
                if (!linear) derivative(dk, h[l][k], a[l][k]);
                for (int i = 0; i < n; i++) gb[i] += dk[i];
                for (int i = 0; i < n; i++) axpy(gw[i], dk[i], src);      // ∂W_ij += δ_i x_j, samples in order
            }
            if (l > 0) {
                for (int k = 0; k < count; k++) {
                    double[] dk = d[k], gk = g[k];
                    Arrays.fill(gk, 0);
                    for (int i = 0; i < n; i++) axpy(gk, dk[i], r[i]);    // g_j = Σ_i W_ij δ_i, i in order
                }
                double[][] t = d; d = g; g = t;
            }
        }
    }
}
