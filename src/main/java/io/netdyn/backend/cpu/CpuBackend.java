package io.netdyn.backend.cpu;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendKind;
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
    public long jacobianBytesPerNetwork(NetworkBatch batch, io.netdyn.backend.InputPoints points,
                                        int[] depths, boolean eigenvalues) {
        long n = batch.arch().width(), p = points.count(), d = depths.length;
        long result = 8 * p * d * n * (eigenvalues ? 3 : 1);
        // per point: reflectors of Q and the triangular T; W, W·Q, QR scratch, SVD copy; with
        // eigenvalues Q and EJML's Hessenberg/Schur workspace (~3N²); vectors
        long scratch = 8 * (2 * p * n * n + 4 * n * n + (eigenvalues ? 4 * n * n : 0) + (2 * p + 12) * n);
        return result + scratch;
    }

    @Override
    public io.netdyn.backend.JacobianSpectra jacobianSpectra(NetworkBatch batch, io.netdyn.backend.InputPoints points,
                                                             int[] depths, boolean eigenvalues) {
        io.netdyn.backend.JacobianSpectra.checkDepths(depths, batch.arch().depth());
        var out = io.netdyn.backend.JacobianSpectra.allocate(batch.count(), points.count(), depths,
                batch.arch().width(), eigenvalues);
        pool.forEach(batch.count(), () -> new JacobianWorker(batch.arch(), batch.seed(), batch.layers(), points, depths, eigenvalues),
                (worker, b) -> worker.run(batch.first() + b, b, out));
        return out;
    }

    @Override
    public long lyapunovBytesPerNetwork(NetworkBatch batch, io.netdyn.backend.InputPoints points, int k,
                                        int[] mapDepths, int mapSteps) {
        long n = batch.arch().width(), p = points.count(), l = batch.arch().depth();
        long mapLayers = mapSteps > 0 && mapDepths.length > 0 ? mapDepths[mapDepths.length - 1] : 0;
        long result = 8 * p * (l * k + mapDepths.length);
        // W, b; stored map layers; tangent bases per point; product, Q, τ, QR row; vectors
        long scratch = 8 * (n * n + mapLayers * (n * n + n) + p * n * k + 2 * n * k + 2 * k + p * k + (2 * p + 5) * n);
        return result + scratch;
    }

    @Override
    public io.netdyn.backend.LyapunovRun lyapunov(NetworkBatch batch, io.netdyn.backend.InputPoints points, int k,
                                                  int[] mapDepths, int mapSteps) {
        int n = batch.arch().width(), depth = batch.arch().depth();
        if (k < 1 || k > n) throw new IllegalArgumentException("need 1 <= k <= N = " + n + ", got k = " + k);
        if (mapSteps < 0) throw new IllegalArgumentException("map steps must be >= 0, got " + mapSteps);
        if (mapDepths.length > 0) io.netdyn.backend.JacobianSpectra.checkDepths(mapDepths, depth);
        var out = io.netdyn.backend.LyapunovRun.allocate(batch.count(), points.count(), depth, k, mapDepths, mapSteps);
        pool.forEach(batch.count(), () -> new LyapunovWorker(batch.arch(), batch.seed(), batch.layers(), points, k, mapDepths, mapSteps),
                (worker, b) -> worker.run(batch.first() + b, b, out));
        return out;
    }

    // ---- Fixed points (FixedPointOps, MapEngine) ----

    @Override
    public long fixedPointBytesPerNetwork(io.netdyn.backend.MapNetworks nets, int[] depths,
                                          io.netdyn.model.StartPoints starts, io.netdyn.model.IterationSettings s) {
        return FixedPointOps.bytesPerNetwork(nets, depths, starts, s);
    }

    @Override
    public io.netdyn.backend.FixedPointRun iterateMap(io.netdyn.backend.MapNetworks nets, int[] depths,
                                                      io.netdyn.model.StartPoints starts, io.netdyn.model.IterationSettings s) {
        return FixedPointOps.iterate(pool, nets, depths, starts, s);
    }

    @Override
    public io.netdyn.backend.NewtonRun newtonMap(io.netdyn.backend.MapNetworks nets, int[] depths,
                                                 io.netdyn.backend.PointSet points, io.netdyn.model.IterationSettings s) {
        return FixedPointOps.newton(pool, nets, depths, points, s);
    }

    @Override
    public double[] mapJacobians(io.netdyn.backend.MapNetworks nets, int[] depths, io.netdyn.backend.PointSet points) {
        return FixedPointOps.jacobians(pool, nets, depths, points);
    }

    // ---- Neuron modes, basins and the wormhole (ModesWorker, WormholeWorker) ----

    @Override
    public long modesBytesPerNetwork(io.netdyn.backend.MapNetworks nets, io.netdyn.backend.ModesRequest request) {
        long result = 4L * 3 * nets.depth() + 8L * 2 * request.basinDepthCount() * request.basinSamples();
        return result + ModesWorker.scratchBytes(nets.width(), nets.depth(), request,
                nets instanceof io.netdyn.backend.MapNetworks.Sampled);
    }

    @Override
    public io.netdyn.backend.ModesResult modes(io.netdyn.backend.MapNetworks nets, io.netdyn.backend.ModesRequest request) {
        var out = io.netdyn.backend.ModesResult.allocate(nets.count(), nets.depth(), nets.width(),
                request.basinDepthCount(), request.basinSamples());
        pool.forEach(nets.count(), () -> new ModesWorker(nets, request), (worker, b) -> worker.run(b, out));
        return out;
    }

    @Override
    public long wormholeBytesPerNetwork(NetworkBatch batch, io.netdyn.backend.WormholeRequest request) {
        long l = batch.arch().depth(), p = request.pairs();
        return 8 * (5 * l * p + l) + WormholeWorker.scratchBytes(batch.arch().width(), request.pairs(),
                request.rows(), request.maxSvDepth() > 0);
    }

    @Override
    public io.netdyn.backend.WormholeResult wormhole(NetworkBatch batch, io.netdyn.backend.WormholeRequest request) {
        if (batch.isExplicit()) throw new IllegalArgumentException("wormhole builds its own maxnorm networks: explicit weights would be ignored");
        var out = io.netdyn.backend.WormholeResult.allocate(batch.count(), batch.arch().depth(), request.pairs());
        pool.forEach(batch.count(), () -> new WormholeWorker(batch.arch().width(), batch.arch().depth(), batch.seed(), request),
                (worker, b) -> worker.run(batch.first() + b, b, out));
        return out;
    }

    @Override public void close() { pool.close(); }
}
