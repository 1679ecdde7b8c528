package io.netdyn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.NetworkWeights;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Same seed, same bits: for repeated runs and training in pieces (thread counts: the backend contract). */
class DeterminismTest {
    final Architecture arch = TasksTest.arch(9, 3, Activation.TANH, false);
    final TaskData data = TaskData.generate(Task.parse("classify:gauss:3"), arch, 24, 12, 5);
    final TrainSettings settings = TrainSettings.of(Optimizer.adam(), 0.01, 5).withBatchSize(5).withWeightDecay(1e-3);

    static void assertSameWeights(NetworkWeights a, NetworkWeights b) {
        for (int l = 0; l < a.depth(); l++) {
            assertArrayEquals(a.w()[l], b.w()[l], 0.0);
            assertArrayEquals(a.b()[l], b.b()[l], 0.0);
        }
    }

    @Test
    void sameSeedGivesIdenticalWeights() {
        NetworkWeights w0 = InitialWeights.sample(arch, 5, 2);
        NetworkWeights keep = NetworkTrainer.copy(w0);
        TrainResult a = new NetworkTrainer(NetworkShape.of(arch)).train(w0, data, settings, 60, 2, null);
        TrainResult b = new NetworkTrainer(NetworkShape.of(arch)).train(w0, data, settings, 60, 2, null);
        assertSameWeights(a.weights(), b.weights());
        assertEquals(a.test(), b.test());
        assertSameWeights(keep, w0);   // the input weights are not modified
        // another network index draws other mini-batches
        TrainResult c = new NetworkTrainer(NetworkShape.of(arch)).train(w0, data, settings, 60, 3, null);
        assertFalse(Arrays.equals(a.weights().w()[0], c.weights().w()[0]));
        // another seed too
        TrainResult d = new NetworkTrainer(NetworkShape.of(arch)).train(w0, data,
                new TrainSettings(settings.loss(), settings.optimizer(), 0.01, 1e-3, 5, 6), 60, 2, null);
        assertFalse(Arrays.equals(a.weights().w()[0], d.weights().w()[0]));
    }

    @Test
    void trainingInPiecesWithTheStateCarriedIsOneRun() {
        NetworkTrainer t = new NetworkTrainer(NetworkShape.of(arch));
        NetworkWeights w0 = InitialWeights.sample(arch, 5, 1);
        TrainResult whole = t.train(w0, data, settings, 50, 1, null);
        TrainResult first = t.train(w0, data, settings, 20, 1, null);
        TrainResult rest = t.resume(first.weights(), first.state(), data, settings, 30, 1, null);
        assertSameWeights(whole.weights(), rest.weights());
        assertEquals(50, rest.state().steps());
        assertEquals(whole.train(), rest.train());
    }

    @Test
    void aSummaryCountsEveryNetwork() {
        NetworkTrainer t = new NetworkTrainer(NetworkShape.of(arch));
        TrainResult[] rs = new TrainResult[4];
        for (int k = 0; k < rs.length; k++) rs[k] = t.train(InitialWeights.sample(arch, 5, 10 + k), data, settings, 40, 10 + k, null);
        TrainSummary s = TrainSummary.of(rs);
        assertEquals(4, s.networks());
        assertEquals(0, s.diverged());
        double mean = 0;
        for (TrainResult r : rs) mean += r.test().loss();
        assertEquals(mean / 4, s.testLoss(), 0.0);
        assertTrue(Double.isFinite(s.testAccuracy()));
    }

    @Test
    void miniBatchesAreDistinctSamplesDrawnFromTheCounters() {
        NetworkTrainer t = new NetworkTrainer(NetworkShape.of(arch));
        int p = 24, b = 5;
        Set<String> batches = new HashSet<>();
        int[] hits = new int[p];
        for (long step = 0; step < 400; step++) {
            assertEquals(b, t.batch(p, b, 5, 2, step));
            int[] idx = Arrays.copyOf(t.lastBatch(), b);
            assertEquals(b, Arrays.stream(idx).distinct().count(), "distinct samples in a batch");
            for (int i : idx) hits[i]++;
            batches.add(Arrays.toString(idx));
            t.batch(p, b, 5, 2, step);
            assertArrayEquals(idx, Arrays.copyOf(t.lastBatch(), b), "a pure function of (seed, network, step)");
        }
        assertTrue(batches.size() > 390);
        for (int h : hits) assertTrue(h > 40 && h < 130, "every sample is drawn about 400·5/24 ≈ 83 times: " + h);
        t.batch(p, b, 5, 3, 0);
        int[] other = Arrays.copyOf(t.lastBatch(), b);
        t.batch(p, b, 5, 2, 0);
        assertNotEquals(Arrays.toString(other), Arrays.toString(Arrays.copyOf(t.lastBatch(), b)));
        assertEquals(p, t.batch(p, 0, 5, 2, 0));
        assertEquals(p, t.batch(p, p + 3, 5, 2, 0), "a batch larger than the set is the full batch");
    }
}
