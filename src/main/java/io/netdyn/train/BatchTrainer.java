package io.netdyn.train;

import io.netdyn.model.NetworkWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trains many networks with a fixed pool of threads, one {@link NetworkTrainer} per thread.
 * Network k of the batch is network index {@code firstNetwork + k} (its mini-batches); each
 * network is trained by one thread from start to end and its result lands in slot k, so the
 * results are the same bits for any thread count.
 */
public final class BatchTrainer {
    private BatchTrainer() {}

    public static TrainResult[] train(NetworkShape shape, NetworkWeights[] initial, long firstNetwork, TaskData data,
                                      TrainSettings s, int steps, int threads) {
        TrainResult[] out = new TrainResult[initial.length];
        forEach(shape, initial.length, threads, (trainer, k) -> out[k] = trainer.train(initial[k], data, s, steps, firstNetwork + k, null));
        return out;
    }

    /**
     * Continues training: network k ({@code weights[k]}, mutated, with {@code states[k]}, advanced)
     * takes {@code steps} more steps ({@link NetworkTrainer#resume}; 0 = only evaluate). Training in
     * pieces gives the same bits as one call, for any thread count.
     */
    public static TrainResult[] resume(NetworkShape shape, NetworkWeights[] weights, OptimizerState[] states, long firstNetwork,
                                       TaskData data, TrainSettings s, int steps, int threads) {
        if (states.length != weights.length) throw new IllegalArgumentException(weights.length + " networks, " + states.length + " states");
        TrainResult[] out = new TrainResult[weights.length];
        forEach(shape, weights.length, threads, (trainer, k) -> out[k] = trainer.resume(weights[k], states[k], data, s, steps,
                firstNetwork + k, null));
        return out;
    }

    /** What one thread does with network k, given that thread's trainer. */
    private interface Job {
        void run(NetworkTrainer trainer, int k);
    }

    /** Runs {@code job} for k = 0..count−1 on min(threads, count) threads, one trainer per thread. */
    private static void forEach(NetworkShape shape, int count, int threads, Job job) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            NetworkTrainer trainer = new NetworkTrainer(shape);
            for (int k; (k = next.getAndIncrement()) < count; ) job.run(trainer, k);
        };
        int t = Math.min(threads, Math.max(1, count));
        if (t == 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "netdyn-train");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < t; i++) fs.add(pool.submit(worker));
            for (Future<?> f : fs) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error er) throw er;
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Aggregates over networks that did not diverge (never NaN because of a diverged one):
     * {@code trained} of {@code networks} finished, the means of their final train/test loss and
     * test accuracy (NaN only when no network finished, or accuracy of a regression task).
     */
    public record Summary(int networks, int diverged, double trainLoss, double testLoss, double testAccuracy) {
        public int trained() { return networks - diverged; }

        public static Summary of(TrainResult[] results) {
            int diverged = 0;
            double tr = 0, te = 0, acc = 0;
            for (TrainResult r : results) {
                if (r.diverged()) { diverged++; continue; }
                tr += r.train().loss();
                te += r.test().loss();
                acc += r.test().accuracy();
            }
            int k = results.length - diverged;
            return new Summary(results.length, diverged, k > 0 ? tr / k : Double.NaN, k > 0 ? te / k : Double.NaN,
                    k > 0 ? acc / k : Double.NaN);
        }
    }
}
