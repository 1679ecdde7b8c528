package io.netdyn.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs {@code task(worker, i)} for i in [0, count) on a fixed number of threads. Each thread
 * gets its own worker state (scratch buffers) from the supplier, so the hot loop allocates
 * nothing; items are claimed dynamically, which balances uneven work (early exits).
 */
public final class WorkerPool implements AutoCloseable {
    public interface Task<W> { void run(W worker, int index); }

    private final int threads;
    private final ExecutorService executor;

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        AtomicInteger id = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "netdyn-cpu-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() { return threads; }

    public <W> void forEach(int count, Supplier<W> workerState, Task<W> task) {
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(threads, count);
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int t = 0; t < workers; t++) {
            futures.add(executor.submit(() -> {
                W w = workerState.get();
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) task.run(w, i);
            }));
        }
        for (Future<?> f : futures) await(f);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    @Override public void close() { executor.shutdownNow(); }
}
