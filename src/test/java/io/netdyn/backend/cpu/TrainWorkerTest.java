package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.Scaling;
import io.netdyn.train.InitialWeights;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.NetworkTrainer;
import io.netdyn.train.Optimizer;
import io.netdyn.train.OptimizerState;
import io.netdyn.train.Task;
import io.netdyn.train.TaskData;
import io.netdyn.train.TrainResult;
import io.netdyn.train.TrainSettings;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fast training path gives the reference trainer's bits at odd widths and sample counts (not multiples of a vector). */
class TrainWorkerTest {
    static Architecture arch(int n, int depth, Activation a, boolean lastLinear) {
        return new Architecture(n, depth, a, lastLinear, Distribution.gaussian(1), Scaling.DEFAULT,
                Optional.of(Distribution.gaussian(0.2)));
    }

    static void check(Architecture arch, String task, int trainSamples, TrainSettings s, int steps) {
        TaskData data = TaskData.generate(Task.parse(task), arch, trainSamples, 5, 3);
        NetworkShape shape = NetworkShape.of(arch);
        TrainWorker fast = new TrainWorker(shape);
        NetworkTrainer ref = new NetworkTrainer(shape);
        for (long net = 0; net < 2; net++) {
            NetworkWeights w0 = InitialWeights.sample(arch, 3, net);
            NetworkWeights wf = NetworkTrainer.copy(w0), wr = NetworkTrainer.copy(w0);
            OptimizerState sf = OptimizerState.initial(s.optimizer(), arch.width(), arch.depth()), sr = sf.copy();
            TrainResult f = fast.resume(wf, sf, data, s, steps, net);
            TrainResult r = ref.resume(wr, sr, data, s, steps, net, null);
            String what = arch.width() + "×" + arch.depth() + " " + arch.activation().label() + " " + task + " " + s.optimizer().label();
            for (int l = 0; l < arch.depth(); l++) {
                assertArrayEquals(wr.w()[l], wf.w()[l], 0.0, what + " W" + l);
                assertArrayEquals(wr.b()[l], wf.b()[l], 0.0, what + " b" + l);
            }
            for (int t = 0; t < 2 * arch.depth() && s.optimizer().moments() > 0; t++) {
                assertArrayEquals(sr.firstMoment(t), sf.firstMoment(t), 0.0, what + " m" + t);
            }
            assertEquals(r.steps(), f.steps(), what);
            assertEquals(Double.doubleToLongBits(r.train().loss()), Double.doubleToLongBits(f.train().loss()), what);
            assertEquals(Double.doubleToLongBits(r.test().loss()), Double.doubleToLongBits(f.test().loss()), what);
            assertFalse(Arrays.equals(w0.w()[0], wf.w()[0]), what + ": trained");
        }
    }

    @Test
    void oddWidthsAndSampleCountsGiveTheReferenceBits() {
        check(arch(1, 3, Activation.TANH, false), "autoencode:random:3", 0, TrainSettings.of(Optimizer.adam(), 0.01, 1), 6);
        check(arch(3, 2, Activation.LOGISTIC, false), "autoencode:random:5", 0,
                TrainSettings.of(Optimizer.momentum(0.9), 0.1, 1).withWeightDecay(1e-3), 6);
        check(arch(17, 3, Activation.TANH, true), "classify:gauss:3", 7,
                TrainSettings.of(Optimizer.adam(), 0.01, 1).withBatchSize(5).withWeightDecay(1e-2), 6);
        check(arch(33, 2, Activation.ERF, false), "autoencode:random:7", 0, TrainSettings.of(Optimizer.sgd(), 0.05, 1), 4);
        check(arch(33, 3, Activation.RELU, true), "classify:gauss:5", 13, TrainSettings.of(Optimizer.adam(), 0.01, 1).withBatchSize(6), 4);
        check(arch(17, 2, Activation.LINEAR, false), "autoencode:random:9", 0, TrainSettings.of(Optimizer.sgd(), 0.01, 1).withBatchSize(4), 5);
    }

    @Test
    void oneWorkerServesSeveralTrainingSetSizes() {
        // the worker's buffers follow P: a larger set after a smaller one, then the smaller again
        Architecture a = arch(5, 2, Activation.TANH, false);
        check(a, "autoencode:random:3", 0, TrainSettings.of(Optimizer.adam(), 0.01, 1), 4);
        TaskData big = TaskData.generate(Task.parse("autoencode:random:11"), a, 0, 5, 3), small = TaskData.generate(Task.parse("autoencode:random:3"), a, 0, 5, 3);
        TrainWorker fast = new TrainWorker(NetworkShape.of(a));
        NetworkTrainer ref = new NetworkTrainer(NetworkShape.of(a));
        TrainSettings s = TrainSettings.of(Optimizer.sgd(), 0.1, 1);
        for (TaskData d : new TaskData[] {small, big, small}) {
            NetworkWeights wf = InitialWeights.sample(a, 3, 0), wr = InitialWeights.sample(a, 3, 0);
            fast.resume(wf, OptimizerState.initial(s.optimizer(), 5, 2), d, s, 3, 0);
            ref.resume(wr, OptimizerState.initial(s.optimizer(), 5, 2), d, s, 3, 0, null);
            for (int l = 0; l < 2; l++) assertArrayEquals(wr.w()[l], wf.w()[l], 0.0);
        }
    }
}
