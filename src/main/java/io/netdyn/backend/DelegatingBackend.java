package io.netdyn.backend;

import io.netdyn.model.IterationSettings;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.StartPoints;

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

    @Override public long fixedPointBytesPerNetwork(MapNetworks nets, int[] depths, StartPoints starts,
                                                    IterationSettings settings) {
        return inner.fixedPointBytesPerNetwork(nets, depths, starts, settings);
    }

    @Override public FixedPointRun iterateMap(MapNetworks nets, int[] depths, StartPoints starts, IterationSettings settings) {
        return inner.iterateMap(nets, depths, starts, settings);
    }

    @Override public NewtonRun newtonMap(MapNetworks nets, int[] depths, PointSet points, IterationSettings settings) {
        return inner.newtonMap(nets, depths, points, settings);
    }

    @Override public double[] mapJacobians(MapNetworks nets, int[] depths, PointSet points) {
        return inner.mapJacobians(nets, depths, points);
    }

    @Override public long modesBytesPerNetwork(MapNetworks nets, ModesRequest request) {
        return inner.modesBytesPerNetwork(nets, request);
    }

    @Override public ModesResult modes(MapNetworks nets, ModesRequest request) {
        return inner.modes(nets, request);
    }

    @Override public long wormholeBytesPerNetwork(NetworkBatch batch, WormholeRequest request) {
        return inner.wormholeBytesPerNetwork(batch, request);
    }

    @Override public WormholeResult wormhole(NetworkBatch batch, WormholeRequest request) {
        return inner.wormhole(batch, request);
    }

    @Override public void close() { inner.close(); }
}
