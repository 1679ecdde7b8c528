package io.netdyn.backend.cpu;

import io.netdyn.backend.Backend;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.model.ProbeInputs;

/**
 * The Java backend: every operation runs one network per task on a fixed pool of worker
 * threads; each network's arithmetic is sequential, so results do not depend on the
 * thread count.
 */
public final class CpuBackend implements Backend {
    private final WorkerPool pool;

    public CpuBackend(int threads) {
        this.pool = new WorkerPool(threads);
    }

    @Override public String name() { return "cpu"; }

    @Override public String device() {
        return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                + " hardware threads, Java " + Runtime.version().feature();
    }

    @Override public int threads() { return pool.threads(); }

    @Override
    public long propagateBytesPerNetwork(NetworkBatch batch, ProbeInputs probes) {
        long n = batch.arch().width(), s = probes.count(), l = batch.arch().depth();
        long scratchPerWorker = 8 * (n * n + n + 3 * s * n);   // W, b, X, H, Y of one network
        long resultPerNetwork = 8 * 3 * l * s * s;
        return resultPerNetwork + scratchPerWorker;
    }

    @Override
    public PropagationGrams propagate(NetworkBatch batch, ProbeInputs probes) {
        PropagationGrams out = PropagationGrams.allocate(batch.count(), batch.arch().depth(),
                probes.count(), batch.arch().width());
        pool.forEach(batch.count(), () -> new Propagator(batch.arch(), batch.seed(), probes),
                (prop, b) -> prop.run(batch.first() + b, b, out));
        return out;
    }

    @Override public void close() { pool.close(); }
}
