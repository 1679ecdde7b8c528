package io.netdyn.backend.cuda;

import io.netdyn.backend.OperationChecks;
import io.netdyn.backend.TrainingBatch;
import io.netdyn.model.NetworkWeights;
import io.netdyn.train.Loss;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.NetworkTrainer;
import io.netdyn.train.Optimizer;
import io.netdyn.train.OptimizerState;
import io.netdyn.train.Samples;
import io.netdyn.train.TrainResult;
import io.netdyn.train.TrainSettings;

/**
 * The host side of {@code train} (kernels/train.cu; docs/gpu.md, "The train kernel"): per chunk of
 * networks that fits the memory budget, the weights and moments are copied to the device once,
 * trained there for all the steps — launches of at most {@link #STEPS_PER_LAUNCH} steps, the
 * weights staying in device buffers between them — and copied back into the batch's arrays; the
 * step counts and divergence go into the optimizer states. The training set and the Adam bias
 * corrections 1 − β^t (Math.pow on the host, as {@link Optimizer#update}) are uploaded once per
 * call. The final evaluation on the training and test sets is the reference's
 * ({@link NetworkTrainer#finish}) on the host: one forward pass per sample, against the k
 * forward and backward passes of the training on the device.
 */
final class TrainOps {
    /** Steps of one launch: a launch stays short (seconds on a GPU) whatever the number of steps. */
    static final int STEPS_PER_LAUNCH = 256;

    private final Device device;
    private final int maxThreads, sharedLimit;

    TrainOps(Device device, int maxThreads, int sharedLimit) {
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
    }

    /** The device buffers of one chunk (kernel arguments; null where the case has none). */
    record Buffers(DeviceBuffer weights, DeviceBuffer firstMoment, DeviceBuffer secondMoment, DeviceBuffer grad,
                   DeviceBuffer acts, DeviceBuffer delta, DeviceBuffer losses, DeviceBuffer order,
                   DeviceBuffer step0, DeviceBuffer done, DeviceBuffer diverged,
                   DeviceBuffer x, DeviceBuffer y, DeviceBuffer labels, DeviceBuffer biasCorrections) {}

    TrainPlan plan(TrainingBatch batch) {
        NetworkShape shape = batch.shape();
        Samples train = batch.data().train();
        return TrainPlan.of(shape.width(), shape.depth(), train.count(), train.classes(),
                batch.settings().optimizer().moments(), maxThreads, sharedLimit);
    }

    /** The preflight: one network fits the device. */
    void requireFits(TrainingBatch batch) {
        plan(batch).requireFits(device);
    }

    TrainResult[] run(TrainingBatch batch, int steps) {
        OperationChecks.train(batch, steps);
        NetworkShape shape = batch.shape();
        TrainSettings s = batch.settings();
        Samples train = batch.data().train();
        Loss loss = s.lossFor(train);
        int count = batch.count();
        int[] done = new int[count];
        long tBase = Long.MAX_VALUE, tTop = 0;
        for (OptimizerState st : batch.states()) {
            if (st.steps() > Integer.MAX_VALUE - (long) steps) {
                throw new IllegalArgumentException("the cuda backend trains up to 2^31 − 1 steps per network; this network has taken "
                        + st.steps());
            }
            if (!st.diverged()) {
                tBase = Math.min(tBase, st.steps());
                tTop = Math.max(tTop, st.steps());
            }
        }
        if (steps > 0 && tBase != Long.MAX_VALUE) trainOnDevice(batch, steps, loss, (int) tBase, (int) (tTop - tBase) + steps, done);
        NetworkTrainer evaluator = new NetworkTrainer(shape);
        TrainResult[] out = new TrainResult[count];
        for (int k = 0; k < count; k++) {
            out[k] = evaluator.finish(batch.weights()[k], batch.states()[k], batch.data(), loss, batch.index(k), done[k]);
        }
        return out;
    }

    /** Trains every network not yet diverged; {@code done[k]} receives network k's updates. */
    private void trainOnDevice(TrainingBatch batch, int steps, Loss loss, int tBase, int tSpan, int[] done) {
        NetworkShape shape = batch.shape();
        TrainSettings s = batch.settings();
        Optimizer o = s.optimizer();
        Samples train = batch.data().train();
        int n = shape.width(), depth = shape.depth(), p = train.count(), moments = o.moments();
        int per = depth * (n * n + n);                                          // parameters of one network
        TrainPlan plan = plan(batch);
        double[] corrections = new double[o.kind() == Optimizer.Kind.ADAM ? 2 * tSpan : 1];
        if (o.kind() == Optimizer.Kind.ADAM) {
            for (int i = 0; i < tSpan; i++) {                                   // step t = tBase + 1 + i
                long t = (long) tBase + 1 + i;
                corrections[2 * i] = 1 - Math.pow(o.beta(), t);
                corrections[2 * i + 1] = 1 - Math.pow(o.beta2(), t);
            }
        }
        try (ChunkedLaunch c = new ChunkedLaunch(device, plan, batch.count())) {
            int chunk = c.chunk();
            DeviceBuffer x = c.constant(train.x());
            DeviceBuffer y = train.y() == null ? null : c.constant(train.y());
            DeviceBuffer labels = train.labels() == null ? null : c.constant(train.labels());
            DeviceBuffer bias = c.constant(corrections);
            Buffers b = new Buffers(c.perNetwork(8L * per), moments >= 1 ? c.perNetwork(8L * per) : null,
                    moments >= 2 ? c.perNetwork(8L * per) : null, c.perNetwork(8L * per),
                    c.perNetwork(16L * depth * p * n), c.perNetwork(16L * p * n), c.perNetwork(8L * p),
                    c.perNetwork(8L * p), c.perNetwork(4), c.perNetwork(4), c.perNetwork(4), x, y, labels, bias);
            double[] hw = new double[chunk * per], h1 = moments >= 1 ? new double[chunk * per] : null,
                    h2 = moments >= 2 ? new double[chunk * per] : null;
            int[] step0 = new int[chunk], diverged = new int[chunk], zeros = new int[chunk], updates = new int[chunk];
            c.run((first, m) -> {
                for (int k = 0; k < m; k++) {
                    OptimizerState st = batch.states()[first + k];
                    pack(batch.weights()[first + k], st, k * per, hw, h1, h2);
                    step0[k] = (int) st.steps();
                    diverged[k] = st.diverged() ? 1 : 0;
                }
                device.copyIn(b.weights(), 0, hw, 0, m * per);
                if (h1 != null) device.copyIn(b.firstMoment(), 0, h1, 0, m * per);
                if (h2 != null) device.copyIn(b.secondMoment(), 0, h2, 0, m * per);
                device.copyIn(b.step0(), 0, step0, 0, m);
                device.copyIn(b.diverged(), 0, diverged, 0, m);
                device.copyIn(b.done(), 0, zeros, 0, m);
                for (int from = 0; from < steps; from += STEPS_PER_LAUNCH) {
                    Kernel.train(device, plan, b, shape, s, loss == Loss.XENT, s.seed(), batch.first() + first, m, tBase,
                            Math.min(STEPS_PER_LAUNCH, steps - from));
                }
                device.copyOut(b.weights(), 0, hw, 0, m * per);
                if (h1 != null) device.copyOut(b.firstMoment(), 0, h1, 0, m * per);
                if (h2 != null) device.copyOut(b.secondMoment(), 0, h2, 0, m * per);
                device.copyOut(b.done(), 0, updates, 0, m);
                device.copyOut(b.diverged(), 0, diverged, 0, m);
                for (int k = 0; k < m; k++) {
                    OptimizerState st = batch.states()[first + k];
                    unpack(hw, h1, h2, k * per, batch.weights()[first + k], st);
                    done[first + k] = updates[k];
                    st.recordUpdates(updates[k]);
                    if (diverged[k] != 0) st.markDiverged(st.steps() + 1);      // kept when it was already marked
                }
            });
        }
    }

    /**
     * Network weights and moments in the kernel's layout from {@code at}: per layer W_l (N×N
     * row-major) then b_l — moment tensor 2(l−1) for W_l, 2(l−1) + 1 for b_l ({@link OptimizerState}).
     */
    static void pack(NetworkWeights w, OptimizerState st, int at, double[] hw, double[] h1, double[] h2) {
        int n = w.width(), nn = n * n;
        for (int l = 0; l < w.depth(); l++) {
            int o = at + l * (nn + n);
            System.arraycopy(w.w()[l], 0, hw, o, nn);
            System.arraycopy(w.b()[l], 0, hw, o + nn, n);
            if (h1 != null) {
                System.arraycopy(st.firstMoment(2 * l), 0, h1, o, nn);
                System.arraycopy(st.firstMoment(2 * l + 1), 0, h1, o + nn, n);
            }
            if (h2 != null) {
                System.arraycopy(st.secondMoment(2 * l), 0, h2, o, nn);
                System.arraycopy(st.secondMoment(2 * l + 1), 0, h2, o + nn, n);
            }
        }
    }

    /** The inverse of {@link #pack}: into the network's weights and the state's live moment arrays. */
    static void unpack(double[] hw, double[] h1, double[] h2, int at, NetworkWeights w, OptimizerState st) {
        int n = w.width(), nn = n * n;
        for (int l = 0; l < w.depth(); l++) {
            int o = at + l * (nn + n);
            System.arraycopy(hw, o, w.w()[l], 0, nn);
            System.arraycopy(hw, o + nn, w.b()[l], 0, n);
            if (h1 != null) {
                System.arraycopy(h1, o, st.firstMoment(2 * l), 0, nn);
                System.arraycopy(h1, o + nn, st.firstMoment(2 * l + 1), 0, n);
            }
            if (h2 != null) {
                System.arraycopy(h2, o, st.secondMoment(2 * l), 0, nn);
                System.arraycopy(h2, o + nn, st.secondMoment(2 * l + 1), 0, n);
            }
        }
    }
}
