package io.netdyn.backend.cpu;

import io.netdyn.parallel.WorkerPool;
import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.NewtonRun;
import io.netdyn.backend.OperationChecks;
import io.netdyn.backend.PointSet;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.StartPoints;

/**
 * The CPU implementation of the fixed-point operations of the Backend contract: one network
 * per task on the worker pool (its layers loaded once and reused for every requested depth),
 * results written to slots by network index — identical for any thread count.
 */
final class FixedPointOps {
    private FixedPointOps() {}

    static long bytesPerNetwork(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings s) {
        long n = batch.arch().width(), m = starts.count(), d = depths.length;
        long run = d * m * (8 * n + 8 + 4 + 4 + 1);                 // FixedPointRun slots
        long newton = 3 * d * m * 8 * (n + 2);                      // Newton search starts, results, copies
        long jacobians = Math.min(d * 4 * 8 * n * n, 64L << 20);    // a few points per depth; chunked by the caller
        return run + newton + jacobians + MapEngine.bytes(batch.arch().width(), max(depths), starts.count(), s.maxPeriod());
    }

    static FixedPointRun iterate(WorkerPool pool, NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings s) {
        int maxDepth = OperationChecks.iterateMap(batch, depths);
        int n = batch.arch().width();
        FixedPointRun out = FixedPointRun.allocate(batch.count(), depths, starts.count(), n);
        pool.forEach(batch.count(), () -> new MapEngine(batch, maxDepth, starts.count(), s.maxPeriod()), (eng, b) -> {
            eng.load(batch.index(b));
            starts.fill(batch.seed(), batch.index(b), n, StartPoints.TENSOR_ITERATE, eng.startBuffer());
            for (int d = 0; d < depths.length; d++) eng.iterate(depths[d], s, out, out.index(b, d, 0));
        });
        return out;
    }

    static NewtonRun newton(WorkerPool pool, NetworkBatch batch, int[] depths, PointSet points, IterationSettings s) {
        int maxDepth = OperationChecks.mapPoints(batch, depths, points);
        PointSet out = points.copy();
        double[] residual = new double[points.size()];
        boolean[] converged = new boolean[points.size()];
        int[] iterations = new int[points.size()];
        int n = batch.arch().width();
        pool.forEach(batch.count(), () -> new MapEngine(batch, maxDepth, 1, 1), (eng, b) -> {
            if (!hasPoints(points, b)) return;
            eng.load(batch.index(b));
            int[] steps = new int[1];
            for (int d = 0; d < depths.length; d++) {
                int g = points.group(b, d);
                for (int p = points.offsets()[g]; p < points.offsets()[g + 1]; p++) {
                    double gn = eng.newton(points.x(), p * n, depths[d], s, out.x(), steps);
                    double norm = 0;
                    for (int i = 0; i < n; i++) norm = Math.max(norm, Math.abs(out.x()[p * n + i]));
                    residual[p] = gn;
                    converged[p] = gn < s.tol() * Math.max(1, norm);
                    iterations[p] = steps[0];
                }
            }
        });
        return new NewtonRun(out, residual, converged, iterations);
    }

    static double[] jacobians(WorkerPool pool, NetworkBatch batch, int[] depths, PointSet points) {
        int maxDepth = OperationChecks.mapPoints(batch, depths, points);
        int n = batch.arch().width();
        double[] out = new double[Math.multiplyExact(points.size(), n * n)];
        pool.forEach(batch.count(), () -> new MapEngine(batch, maxDepth, 1, 1), (eng, b) -> {
            if (!hasPoints(points, b)) return;
            eng.load(batch.index(b));
            double[] fx = new double[n];
            for (int d = 0; d < depths.length; d++) {
                int g = points.group(b, d);
                for (int p = points.offsets()[g]; p < points.offsets()[g + 1]; p++) {
                    eng.jacobian(points.x(), p * n, depths[d], out, p * n * n, fx);
                }
            }
        });
        return out;
    }

    private static boolean hasPoints(PointSet points, int b) {
        return points.offsets()[points.group(b, 0)] < points.offsets()[points.group(b, points.depthCount() - 1) + 1];
    }

    private static int max(int[] xs) {
        int m = 0;
        for (int v : xs) m = Math.max(m, v);
        return m;
    }
}
