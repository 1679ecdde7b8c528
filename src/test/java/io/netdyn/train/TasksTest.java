package io.netdyn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.Scaling;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Task parsing, the generated data sets, and that training lowers the loss on every task. */
class TasksTest {
    static Architecture arch(int n, int depth, Activation a, boolean lastLinear) {
        return new Architecture(n, depth, a, lastLinear, Distribution.gaussian(1), Scaling.DEFAULT,
                Optional.of(Distribution.gaussian(0.1)));
    }

    @Test
    void parsesEveryTaskAndReadsItsLabelBack() {
        for (String t : new String[] {"autoencode:random:4", "autoencode:binary:3", "autoencode:glyphs", "teacher:0.1",
                "teacher:0", "classify:gauss:3", "classify:gauss:4:0.5", "modadd:7"}) {
            Task task = Task.parse(t);
            assertEquals(t, task.label());
            assertEquals(task, Task.parse(task.label()));
        }
        assertEquals(Task.teacher(0), Task.parse(" Teacher "));
        assertEquals(Loss.MSE, Task.parse("autoencode:glyphs").defaultLoss());
        assertEquals(Loss.MSE, Task.parse("teacher:1").defaultLoss());
        assertEquals(Loss.XENT, Task.parse("classify:gauss:3").defaultLoss());
        assertEquals(Loss.XENT, Task.parse("modadd:5").defaultLoss());
    }

    @Test
    void badTaskStringsGiveClearMessages() {
        String[][] cases = {
                {"", "empty task"},
                {"regress", "unknown task 'regress' (expected autoencode:random:P"},
                {"autoencode", "needs its data"},
                {"autoencode:noise:3", "unknown autoencode data 'noise'"},
                {"autoencode:random", "missing a ':' field"},
                {"autoencode:random:0", "P must be >= 1"},
                {"autoencode:random:-2", "P must be >= 1"},
                {"autoencode:random:x", "P must be an integer, got 'x'"},
                {"autoencode:random:3:1", "too many ':' fields"},
                {"autoencode:glyphs:3", "too many ':' fields"},
                {"teacher:-0.1", "NOISE must be a finite number >= 0"},
                {"teacher:abc", "NOISE must be a number"},
                {"classify:3", "expected classify:gauss:C"},
                {"classify:gauss:1", "C must be >= 2"},
                {"classify:gauss:3:0", "cluster std S must be a finite number > 0"},
                {"modadd:1", "P must be >= 2"},
                {"modadd:", "P must be an integer"},
                {"file:no-such-data.npz", "no such file"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Task.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), "'" + c[0] + "' gave: " + e.getMessage());
        }
    }

    @Test
    void widthConditionsAreCheckedWithTheirReason() {
        String[][] cases = {
                {"modadd:5", "9", "needs width N >= 2P = 10"},
                {"autoencode:glyphs", "20", "square width N = k*k >= 16"},
                {"autoencode:glyphs", "9", "square width N = k*k >= 16"},
                {"classify:gauss:5", "4", "needs width N >= C = 5"},
        };
        for (String[] c : cases) {
            int n = Integer.parseInt(c[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TaskData.generate(Task.parse(c[0]), arch(n, 2, Activation.TANH, false), 0, 0, 1));
            assertTrue(e.getMessage().contains(c[2]), c[0] + " at N = " + n + ": " + e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskData.generate(Task.parse("autoencode:random:4"), arch(8, 2, Activation.TANH, false), 5, 0, 1));
        assertTrue(e.getMessage().contains("leave train-samples at 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TaskData.generate(Task.parse("modadd:3"), arch(8, 2, Activation.TANH, false), 9, 0, 1));
        assertTrue(e.getMessage().contains("has 9 pairs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TaskData.generate(Task.parse("teacher:0"), new NetworkShape(8, 2, Activation.TANH, false), 0, 0, 1));
        assertTrue(e.getMessage().contains("teacher"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrainSettings.of(Optimizer.sgd(), 0.1, 1).withLoss(Loss.XENT).lossFor(
                        TaskData.generate(Task.parse("teacher:0"), arch(8, 2, Activation.TANH, false), 0, 0, 1).train()));
        assertTrue(e.getMessage().contains("xent needs class labels"), e.getMessage());
    }

    @Test
    void patternsLieInsideTheReachableRange() {
        int n = 16;
        for (Activation a : Activation.values()) {
            for (boolean ll : new boolean[] {false, true}) {
                OutputRange r = OutputRange.of(a, ll);
                TaskData random = TaskData.generate(Task.parse("autoencode:random:8"), arch(n, 2, a, ll), 0, 0, 5);
                TaskData binary = TaskData.generate(Task.parse("autoencode:binary:8"), arch(n, 2, a, ll), 0, 0, 5);
                assertEquals(8, random.train().count());
                assertEquals(8, random.test().count());
                assertArrayEquals(random.train().x(), random.train().y(), 0.0);
                double maxAbs = 0;
                for (double v : random.train().x()) {
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                    if (!r.gaussianPatterns()) assertTrue(v >= r.lo() && v <= r.hi(), a + " " + v);
                }
                if (r.gaussianPatterns()) assertTrue(maxAbs > 1, "N(0,1) patterns for " + a + " lastLinear=" + ll);
                for (double v : binary.train().x()) assertTrue(v == r.lo() || v == r.hi(), a + " binary " + v);
            }
        }
        assertEquals(OutputRange.SYMMETRIC, OutputRange.of(Activation.TANH, false));
        assertEquals(OutputRange.UNIT, OutputRange.of(Activation.LOGISTIC, false));
        assertEquals(0.1, OutputRange.UNIT.lo());
        assertEquals(0.9, OutputRange.UNIT.hi());
        assertEquals(-0.8, OutputRange.SYMMETRIC.lo());
        assertEquals(OutputRange.UNBOUNDED, OutputRange.of(Activation.LOGISTIC, true));
    }

    @Test
    void glyphsAreTenDistinctJitteredDigits() {
        int k = 7, n = k * k;
        TaskData d = TaskData.generate(Task.parse("autoencode:glyphs"), arch(n, 2, Activation.TANH, false), 0, 0, 3);
        assertEquals(10, d.train().count());
        assertEquals(10, d.test().count());
        double[] x = d.train().x();
        for (double v : x) assertTrue(v >= -0.8 && v <= 0.8);
        // thresholded images: every digit differs from every other in at least 3 pixels after undoing nothing
        Set<String> images = new HashSet<>();
        for (int s = 0; s < 10; s++) {
            StringBuilder b = new StringBuilder();
            int ink = 0;
            for (int i = 0; i < n; i++) {
                boolean on = x[s * n + i] > 0;
                b.append(on ? '#' : '.');
                if (on) ink++;
            }
            assertTrue(ink >= 4 && ink <= n - 4, "digit " + s + " has " + ink + " ink pixels");
            images.add(b.toString());
        }
        assertEquals(10, images.size(), "ten different images");
        // the noise-free glyph of digit 8 without shift: the 3×5 font, stretched into the 5×5 box
        StringBuilder eight = new StringBuilder();
        for (int r = 0; r < k; r++) for (int c = 0; c < k; c++) eight.append(Glyphs.ink(8, k, 0, 0, r, c) ? '#' : '.');
        assertEquals(".......", eight.substring(0, 7));
        assertEquals(".#####.", eight.substring(7, 14));
        // logistic: pixels in [0.1, 0.9]
        TaskData lg = TaskData.generate(Task.parse("autoencode:glyphs"), arch(16, 2, Activation.LOGISTIC, false), 20, 0, 3);
        assertEquals(20, lg.train().count());
        for (double v : lg.train().x()) assertTrue(v >= 0.1 && v <= 0.9);
    }

    @Test
    void teacherTargetsAreTheTeachersOutputsPlusNoise() {
        Architecture a = arch(12, 3, Activation.TANH, false);
        double noise = 0.2;
        TaskData d = TaskData.generate(Task.parse("teacher:" + noise), a, 400, 30, 9);
        NetworkWeights teacher = TaskData.teacher(a, 9);
        MapEvaluator f = new MapEvaluator(NetworkShape.of(a));
        double[] out = new double[12];
        double sum = 0, sum2 = 0;
        for (int s = 0; s < 400; s++) {
            f.apply(teacher, d.train().x(), s * 12, out, 0);
            for (int i = 0; i < 12; i++) {
                double e = d.train().y()[s * 12 + i] - out[i];
                sum += e;
                sum2 += e * e;
            }
        }
        int m = 400 * 12;
        double sd = Math.sqrt(sum2 / m - (sum / m) * (sum / m));
        assertEquals(noise, sd, 0.02, "label noise std");
        for (int s = 0; s < 30; s++) {
            f.apply(teacher, d.test().x(), s * 12, out, 0);
            for (int i = 0; i < 12; i++) assertEquals(out[i], d.test().y()[s * 12 + i], 0.0, "noise-free test targets");
        }
        // inputs N(0,1) per coordinate
        double q = 0;
        for (double v : d.train().x()) q += v * v;
        assertEquals(1.0, q / m, 0.08);
        // the teacher is not network 0 of the sampled family
        assertFalse(Arrays.equals(teacher.w()[0], InitialWeights.sample(a, 9, 0).w()[0]));
    }

    @Test
    void gaussianClustersAreSeparableByTheirMeans() {
        int n = 16, c = 4;
        TaskData d = TaskData.generate(Task.parse("classify:gauss:" + c), arch(n, 2, Activation.TANH, false), 0, 0, 2);
        assertEquals(40, d.train().count());
        assertEquals(c, d.train().classes());
        for (int s = 0; s < 40; s++) assertEquals(s % c, d.train().labels()[s]);
        // class means estimated on the training set classify the test set
        double[] mean = new double[c * n];
        for (int s = 0; s < 40; s++) for (int i = 0; i < n; i++) mean[(s % c) * n + i] += d.train().x()[s * n + i] / 10;
        int correct = 0;
        for (int s = 0; s < d.test().count(); s++) {
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                double dist = 0;
                for (int i = 0; i < n; i++) dist += Math.pow(d.test().x()[s * n + i] - mean[k * n + i], 2);
                if (dist < bd) { bd = dist; best = k; }
            }
            if (best == d.test().labels()[s]) correct++;
        }
        assertTrue(correct >= 0.9 * d.test().count(), correct + " of " + d.test().count());
    }

    @Test
    void modaddSplitsAllPairsWithCorrectLabels() {
        int p = 6, n = 14;
        TaskData d = TaskData.generate(Task.parse("modadd:" + p), arch(n, 2, Activation.TANH, false), 0, 0, 4);
        assertEquals(18, d.train().count());
        assertEquals(18, d.test().count());
        Set<Integer> seen = new HashSet<>();
        for (Samples s : new Samples[] {d.train(), d.test()}) {
            for (int k = 0; k < s.count(); k++) {
                int a = -1, b = -1;
                for (int i = 0; i < n; i++) {
                    double v = s.x()[k * n + i];
                    if (v == 1 && i < p) a = i;
                    else if (v == 1 && i < 2 * p) b = i - p;
                    else assertEquals(0.0, v);
                }
                assertTrue(a >= 0 && b >= 0);
                assertEquals((a + b) % p, s.labels()[k]);
                assertTrue(seen.add(a * p + b), "pair in both sets");
            }
        }
        assertEquals(p * p, seen.size());
        TaskData small = TaskData.generate(Task.parse("modadd:" + p), arch(n, 2, Activation.TANH, false), 30, 50, 4);
        assertEquals(30, small.train().count());
        assertEquals(6, small.test().count(), "at most the pairs left over");
        TaskData other = TaskData.generate(Task.parse("modadd:" + p), arch(n, 2, Activation.TANH, false), 0, 0, 5);
        assertFalse(Arrays.equals(d.train().labels(), other.train().labels()), "the split depends on the seed");
    }

    @Test
    void dataIsAFunctionOfTheSeed() {
        for (String t : new String[] {"autoencode:random:5", "autoencode:glyphs", "teacher:0.3", "classify:gauss:3", "modadd:4"}) {
            Architecture a = arch(16, 2, Activation.TANH, false);
            TaskData d1 = TaskData.generate(Task.parse(t), a, 0, 0, 11), d2 = TaskData.generate(Task.parse(t), a, 0, 0, 11);
            TaskData d3 = TaskData.generate(Task.parse(t), a, 0, 0, 12);
            assertArrayEquals(d1.train().x(), d2.train().x(), 0.0, t);
            assertArrayEquals(d1.test().x(), d2.test().x(), 0.0, t);
            assertFalse(Arrays.equals(d1.train().x(), d3.train().x()), t);
            assertFalse(Arrays.equals(d1.train().x(), d1.test().x()), t + ": test set differs from the training set");
        }
    }

    /** 200 adam steps lower the training loss of every task, for every activation. */
    @Test
    void trainingLowersTheLossOnEveryTask() {
        String[] tasks = {"autoencode:random:4", "autoencode:binary:4", "autoencode:glyphs", "teacher:0.1", "classify:gauss:3", "modadd:5"};
        int steps = 200;
        for (String t : tasks) {
            for (Activation act : Activation.values()) {
                for (boolean ll : new boolean[] {false, true}) {
                    if (ll && act != Activation.TANH) continue;
                    Architecture a = arch(16, 3, act, ll);
                    TaskData data = TaskData.generate(Task.parse(t), a, 0, 0, 3);
                    NetworkTrainer trainer = new NetworkTrainer(NetworkShape.of(a));
                    double[] trace = new double[steps];
                    TrainResult r = trainer.train(InitialWeights.sample(a, 3, 0), data, TrainSettings.of(Optimizer.adam(), 0.01, 3),
                            steps, 0, trace);
                    assertFalse(r.diverged());
                    assertEquals(steps, r.steps());
                    String what = t + " " + act + " lastLinear=" + ll + ": first " + trace[0] + ", last " + trace[steps - 1];
                    assertTrue(trace[steps - 1] < 0.7 * trace[0], what);
                    assertTrue(r.train().loss() < 0.7 * trace[0], what);
                }
            }
        }
    }

    /** Mini-batches (B = 3 of P = 10) and momentum also lower the loss. */
    @Test
    void miniBatchMomentumLowersTheLoss() {
        Architecture a = arch(16, 2, Activation.TANH, false);
        TaskData data = TaskData.generate(Task.parse("autoencode:glyphs"), a, 0, 0, 3);
        NetworkTrainer trainer = new NetworkTrainer(NetworkShape.of(a));
        NetworkWeights w0 = InitialWeights.sample(a, 3, 0);
        double before = trainer.evaluate(w0, data.train(), Loss.MSE).loss();
        TrainResult r = trainer.train(w0, data, TrainSettings.of(Optimizer.momentum(0.9), 0.02, 3).withBatchSize(3), 400, 0, null);
        assertTrue(r.train().loss() < 0.3 * before, before + " -> " + r.train().loss());
    }
}
