package io.netdyn.backend.cpu;

import io.netdyn.parallel.WorkerPool;
import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.ModesResult;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.NewtonRun;
import io.netdyn.backend.OperationChecks;
import io.netdyn.backend.PointSet;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.WormholeResult;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.StartPoints;
import io.netdyn.backend.TrainingBatch;
import io.netdyn.train.TrainResult;

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

    @Override public BackendKind kind() { return BackendKind.CPU; }

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
        pool.forEach(batch.count(), () -> new Propagator(batch.arch(), batch.seed(), batch.layers(), probes),
                (prop, b) -> prop.run(batch.first() + b, b, out));
        return out;
    }

    // ---- Jacobian spectra and Lyapunov exponents (JacobianWorker, LyapunovWorker) ----

    @Override
    public long jacobianBytesPerNetwork(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        long n = batch.arch().width(), p = points.count(), d = depths.length;
        long result = 8 * p * d * n * (eigenvalues ? 3 : 1);
        // per point: reflectors of Q and the triangular T; W, W·Q, QR scratch, SVD copy; with
        // eigenvalues Q and EJML's Hessenberg/Schur workspace (~3N²); vectors
        long scratch = 8 * (2 * p * n * n + 4 * n * n + (eigenvalues ? 4 * n * n : 0) + (2 * p + 12) * n);
        return result + scratch;
    }

    @Override
    public JacobianSpectra jacobianSpectra(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        OperationChecks.jacobianSpectra(batch, points, depths);
        var out = JacobianSpectra.allocate(batch.count(), points.count(), depths,
                batch.arch().width(), eigenvalues);
        pool.forEach(batch.count(), () -> new JacobianWorker(batch.arch(), batch.seed(), batch.layers(), points, depths, eigenvalues),
                (worker, b) -> worker.run(batch.first() + b, b, out));
        return out;
    }

    @Override
    public long lyapunovBytesPerNetwork(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        long n = batch.arch().width(), p = points.count(), l = batch.arch().depth();
        long mapLayers = mapSteps > 0 && mapDepths.length > 0 ? mapDepths[mapDepths.length - 1] : 0;
        long result = 8 * p * (l * k + mapDepths.length);
        // W, b; stored map layers; tangent bases per point; product, Q, τ, QR row; vectors
        long scratch = 8 * (n * n + mapLayers * (n * n + n) + p * n * k + 2 * n * k + 2 * k + p * k + (2 * p + 5) * n);
        return result + scratch;
    }

    @Override
    public LyapunovRun lyapunov(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        int depth = batch.arch().depth();
        OperationChecks.lyapunov(batch, points, k, mapDepths, mapSteps);
        var out = LyapunovRun.allocate(batch.count(), points.count(), depth, k, mapDepths, mapSteps);
        pool.forEach(batch.count(), () -> new LyapunovWorker(batch.arch(), batch.seed(), batch.layers(), points, k, mapDepths, mapSteps),
                (worker, b) -> worker.run(batch.first() + b, b, out));
        return out;
    }

    // ---- Fixed points (FixedPointOps, MapEngine) ----

    @Override
    public long fixedPointBytesPerNetwork(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings s) {
        return FixedPointOps.bytesPerNetwork(batch, depths, starts, s);
    }

    @Override
    public FixedPointRun iterateMap(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings s) {
        return FixedPointOps.iterate(pool, batch, depths, starts, s);
    }

    @Override
    public NewtonRun newtonMap(NetworkBatch batch, int[] depths, PointSet points, IterationSettings s) {
        return FixedPointOps.newton(pool, batch, depths, points, s);
    }

    @Override
    public double[] mapJacobians(NetworkBatch batch, int[] depths, PointSet points) {
        return FixedPointOps.jacobians(pool, batch, depths, points);
    }

    // ---- Neuron modes, basins and the wormhole (ModesWorker, WormholeWorker) ----

    @Override
    public long modesBytesPerNetwork(NetworkBatch batch, ModesRequest request) {
        int n = batch.arch().width(), depth = batch.arch().depth();
        long result = 4L * 3 * depth + 8L * 2 * request.basinDepthCount() * request.basinSamples();
        return result + ModesWorker.scratchBytes(n, depth, request, batch.sampled());
    }

    @Override
    public ModesResult modes(NetworkBatch batch, ModesRequest request) {
        var out = ModesResult.allocate(batch.count(), batch.arch().depth(), batch.arch().width(),
                request.basinDepthCount(), request.basinSamples());
        pool.forEach(batch.count(), () -> new ModesWorker(batch, request), (worker, b) -> worker.run(b, out));
        return out;
    }

    @Override
    public long wormholeBytesPerNetwork(NetworkBatch batch, WormholeRequest request) {
        long l = batch.arch().depth(), p = request.pairs();
        return 8 * (5 * l * p + l) + WormholeWorker.scratchBytes(batch.arch().width(), request.pairs(),
                request.rows(), request.maxSvDepth() > 0);
    }

    @Override
    public WormholeResult wormhole(NetworkBatch batch, WormholeRequest request) {
        OperationChecks.wormhole(batch);
        var out = WormholeResult.allocate(batch.count(), batch.arch().depth(), request.pairs());
        pool.forEach(batch.count(), () -> new WormholeWorker(batch.arch().width(), batch.arch().depth(), batch.seed(), request),
                (worker, b) -> worker.run(batch.first() + b, b, out));
        return out;
    }

    // ---- Training (TrainWorker: the reference trainer's bits, vectorisable loops) ----

    @Override
    public long trainBytesPerNetwork(TrainingBatch batch) {
        return TrainWorker.scratchBytes(batch.shape().width(), batch.shape().depth(), batch.data().train().count());
    }

    @Override
    public TrainResult[] train(TrainingBatch batch, int steps) {
        OperationChecks.train(batch, steps);
        TrainResult[] out = new TrainResult[batch.count()];
        pool.forEach(batch.count(), () -> new TrainWorker(batch.shape()), (worker, k) -> out[k] = worker.resume(
                batch.weights()[k], batch.states()[k], batch.data(), batch.settings(), steps, batch.index(k)));
        return out;
    }

    @Override public void close() { pool.close(); }
}
