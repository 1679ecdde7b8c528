package io.netdyn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.NetworkWeights;
import org.junit.jupiter.api.Test;

/** A learning rate far too large makes the loss overflow: counted as diverged, never a NaN mean. */
class DivergenceTest {
    @Test
    void hugeLearningRateIsCountedAsDiverged() {
        Architecture arch = TasksTest.arch(8, 3, Activation.LINEAR, false);
        TaskData data = TaskData.generate(Task.parse("teacher:0.1"), arch, 0, 0, 1);
        NetworkWeights[] init = new NetworkWeights[3];
        for (int k = 0; k < 3; k++) init[k] = InitialWeights.sample(arch, 1, k);
        TrainResult[] bad = new TrainResult[3];
        NetworkTrainer trainer = new NetworkTrainer(NetworkShape.of(arch));
        for (int k = 0; k < 3; k++) bad[k] = trainer.train(init[k], data, TrainSettings.of(Optimizer.sgd(), 1e3, 1), 100, k, null);
        for (TrainResult r : bad) {
            assertTrue(r.diverged());
            assertTrue(r.divergedAtStep() >= 1 && r.divergedAtStep() <= 100, "at " + r.divergedAtStep());
            assertEquals(r.divergedAtStep() - 1, r.steps(), "no update after the non-finite batch");
            assertTrue(Double.isNaN(r.train().loss()));
        }
        TrainSummary s = TrainSummary.of(bad);
        assertEquals(3, s.diverged());
        assertEquals(0, s.trained());

        // one good network among diverged ones: the means are over the good one only, finite
        TrainResult good = new NetworkTrainer(NetworkShape.of(arch)).train(init[0], data, TrainSettings.of(Optimizer.sgd(), 1e-3, 1), 100, 0, null);
        assertFalse(good.diverged());
        assertEquals(-1, good.divergedAtStep());
        TrainSummary mixed = TrainSummary.of(new TrainResult[] {bad[0], good, bad[1]});
        assertEquals(2, mixed.diverged());
        assertEquals(good.train().loss(), mixed.trainLoss(), 0.0);
        assertEquals(good.test().loss(), mixed.testLoss(), 0.0);
    }

    @Test
    void aDivergedNetworkIsNotUpdatedAgain() {
        Architecture arch = TasksTest.arch(6, 2, Activation.TANH, true);
        TaskData data = TaskData.generate(Task.parse("autoencode:random:3"), arch, 0, 0, 1);
        NetworkTrainer t = new NetworkTrainer(NetworkShape.of(arch));
        double[] trace = new double[200];
        TrainResult r = t.train(InitialWeights.sample(arch, 1, 0), data, TrainSettings.of(Optimizer.momentum(0.9), 1e4, 1), 200, 0, trace);
        assertTrue(r.diverged());
        int k = (int) r.divergedAtStep() - 1;
        assertFalse(Double.isFinite(trace[k]));
        for (int i = 0; i < k; i++) assertTrue(Double.isFinite(trace[i]));
        NetworkWeights frozen = NetworkTrainer.copy(r.weights());
        TrainResult again = t.resume(r.weights(), r.state(), data, TrainSettings.of(Optimizer.momentum(0.9), 1e4, 1), 10, 0, null);
        assertTrue(again.diverged());
        assertEquals(0, again.steps());
        DeterminismTest.assertSameWeights(frozen, again.weights());
    }
}
