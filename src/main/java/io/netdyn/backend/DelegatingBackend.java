package io.netdyn.backend;

import io.netdyn.model.IterationSettings;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.StartPoints;
import io.netdyn.train.TrainResult;

/**
 * A backend that forwards every operation to an inner backend; a subclass overrides the
 * operations it does itself. The CUDA backend is one: what is not on the GPU yet runs on the
 * CPU backend through here, announced once when the backend opens (never silently per call).
 *
 * <p>When an operation is added to {@link Backend}, add its forwarding line here: this is the
 * only place that must change for the CUDA backend to keep compiling and to fall back to the
 * CPU for it (DelegatingBackendTest checks that every method of Backend is forwarded).
 */
public abstract class DelegatingBackend implements Backend {
    protected final Backend inner;

    protected DelegatingBackend(Backend inner) {
        this.inner = inner;
    }

    @Override public BackendKind kind() { return inner.kind(); }

    @Override public String device() { return inner.device(); }

    @Override public int threads() { return inner.threads(); }

    @Override public long propagateBytesPerNetwork(NetworkBatch batch, ProbeInputs probes) {
        return inner.propagateBytesPerNetwork(batch, probes);
    }

    @Override public PropagationGrams propagate(NetworkBatch batch, ProbeInputs probes) {
        return inner.propagate(batch, probes);
    }

    @Override public long jacobianBytesPerNetwork(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        return inner.jacobianBytesPerNetwork(batch, points, depths, eigenvalues);
    }

    @Override public JacobianSpectra jacobianSpectra(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        return inner.jacobianSpectra(batch, points, depths, eigenvalues);
    }

    @Override public long lyapunovBytesPerNetwork(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        return inner.lyapunovBytesPerNetwork(batch, points, k, mapDepths, mapSteps);
    }

    @Override public LyapunovRun lyapunov(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        return inner.lyapunov(batch, points, k, mapDepths, mapSteps);
    }

    @Override public long fixedPointBytesPerNetwork(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings settings) {
        return inner.fixedPointBytesPerNetwork(batch, depths, starts, settings);
    }

    @Override public FixedPointRun iterateMap(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings settings) {
        return inner.iterateMap(batch, depths, starts, settings);
    }

    @Override public NewtonRun newtonMap(NetworkBatch batch, int[] depths, PointSet points, IterationSettings settings) {
        return inner.newtonMap(batch, depths, points, settings);
    }

    @Override public double[] mapJacobians(NetworkBatch batch, int[] depths, PointSet points) {
        return inner.mapJacobians(batch, depths, points);
    }

    @Override public long modesBytesPerNetwork(NetworkBatch batch, ModesRequest request) {
        return inner.modesBytesPerNetwork(batch, request);
    }

    @Override public ModesResult modes(NetworkBatch batch, ModesRequest request) {
        return inner.modes(batch, request);
    }

    @Override public long wormholeBytesPerNetwork(NetworkBatch batch, WormholeRequest request) {
        return inner.wormholeBytesPerNetwork(batch, request);
    }

    @Override public WormholeResult wormhole(NetworkBatch batch, WormholeRequest request) {
        return inner.wormhole(batch, request);
    }

    @Override public long trainBytesPerNetwork(TrainingBatch batch) {
        return inner.trainBytesPerNetwork(batch);
    }

    @Override public TrainResult[] train(TrainingBatch batch, int steps) {
        return inner.train(batch, steps);
    }

    @Override public void close() { inner.close(); }
}
