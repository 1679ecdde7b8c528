package io.netdyn.backend.cuda;

import io.netdyn.backend.Backend;
import io.netdyn.backend.BackendKind;
import io.netdyn.backend.DelegatingBackend;
import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.ModesResult;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.NewtonRun;
import io.netdyn.backend.PointSet;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.TrainingBatch;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.WormholeResult;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.StartPoints;
import io.netdyn.train.TrainResult;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The CUDA backend (docs/gpu.md): routing only. Sampled and explicit (imported, hand-built,
 * trained) batches run on a {@link Device} (a GPU through {@link JCudaDevice}, or the kernel
 * emulator through {@link EmulatorDevice}), each operation through its host class
 * ({@link PropagateOps}, {@link IterateMapOps}, {@link NewtonMapOps}, {@link LyapunovOps},
 * {@link JacobianSpectraOps}, {@link ModesOps}, {@link WormholeOps}, {@link TrainOps}): the kernels draw sampled
 * layers from their counters and read explicit ones from an uploaded buffer ({@link DeviceLayers}).
 * Any operation not overridden here runs on the CPU backend through {@link DelegatingBackend}.
 * The split is derived from the methods this class overrides, announced once on opening.
 */
public final class CudaBackend extends DelegatingBackend {
    /** Backend methods that are not operations (metadata, lifecycle). */
    private static final Set<String> NOT_OPERATIONS = Set.of("kind", "name", "device", "threads", "close");

    private final BackendKind kind;
    private final Device device;
    private final PropagateOps propagate;
    private final IterateMapOps iterate;
    private final NewtonMapOps newton;
    private final LyapunovOps lyapunov;
    private final JacobianSpectraOps jacobian;
    private final ModesOps modes;
    private final WormholeOps wormhole;
    private final TrainOps train;
    private final Consumer<String> notice;
    private boolean givenInputsAnnounced;

    /** The GPU backend ("cuda"); {@code cpu} runs the operations not on the GPU (and is closed with it). */
    public static CudaBackend onGpu(Backend cpu, Consumer<String> notice) {
        return open(BackendKind.CUDA, JCudaDevice.open(), cpu, notice);
    }

    /** The testing backend ("cuda-emu"): the same kernels and host code on the kernel emulator. */
    public static CudaBackend onEmulator(Backend cpu, Consumer<String> notice) {
        return open(BackendKind.CUDA_EMU, EmulatorDevice.open(), cpu, notice);
    }

    private static CudaBackend open(BackendKind kind, Device device, Backend cpu, Consumer<String> notice) {
        try {
            return new CudaBackend(kind, device, cpu, notice, device.preferredBlockThreads(), device.maxSharedBytesPerBlock());
        } catch (RuntimeException | Error e) {
            try (cpu; device) {                                   // the device closed first, then the CPU backend
                throw e;
            }
        }
    }

    /** {@code cpu} runs the rest; {@code maxThreads}, {@code sharedLimit} bound the launches (tests shrink them). */
    CudaBackend(BackendKind kind, Device device, Backend cpu, Consumer<String> notice, int maxThreads, int sharedLimit) {
        super(cpu);
        this.kind = kind;
        this.device = device;
        this.propagate = new PropagateOps(device, maxThreads, sharedLimit);
        this.iterate = new IterateMapOps(device, maxThreads, sharedLimit);
        this.newton = new NewtonMapOps(device, maxThreads, sharedLimit);
        this.lyapunov = new LyapunovOps(device, maxThreads, sharedLimit);
        this.jacobian = new JacobianSpectraOps(device, maxThreads, sharedLimit);
        this.modes = new ModesOps(device, maxThreads, sharedLimit);
        this.wormhole = new WormholeOps(device, maxThreads, sharedLimit);
        this.train = new TrainOps(device, maxThreads, sharedLimit);
        this.notice = notice;
        notice.accept(announcement());
    }

    @Override public BackendKind kind() { return kind; }

    @Override public String device() {
        return device.name() + "; large-N GEMM: " + propagate.gemmName() + "; CPU fallback: " + inner.device();
    }

    /** The CPU threads of the fallback operations. */
    @Override public int threads() { return inner.threads(); }

    /** The one line printed when the backend opens: where each operation runs. */
    String announcement() {
        List<String> cpu = cpuOperations();
        boolean gpu = kind == BackendKind.CUDA;
        String where = gpu ? "on the GPU" : "in the emulated kernels";
        return "netdyn: " + kind.label() + " backend" + (gpu ? "" : " (testing only)") + " on " + device.name()
                + ": " + where + ": " + String.join(", ", deviceOperations())
                + (cpu.isEmpty() ? "" : "; on the CPU (" + inner.threads() + " threads): " + String.join(", ", cpu));
    }

    /** Operations of {@link Backend} this class implements on the device, sorted. */
    static List<String> deviceOperations() { return operations(true); }

    /** Operations of {@link Backend} forwarded to the CPU backend, sorted. */
    static List<String> cpuOperations() { return operations(false); }

    private static List<String> operations(boolean onDevice) {
        List<String> out = new ArrayList<>();
        for (Method m : Backend.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || NOT_OPERATIONS.contains(m.getName())
                    || m.getName().endsWith("BytesPerNetwork")) continue;
            try {
                Method here = CudaBackend.class.getMethod(m.getName(), m.getParameterTypes());
                if ((here.getDeclaringClass() == CudaBackend.class) == onDevice) out.add(m.getName());
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
        out.sort(null);
        return out;
    }

    // ---- routing, sampled and explicit batches alike; a preflight (*BytesPerNetwork) checks that one network fits the device

    @Override public long propagateBytesPerNetwork(NetworkBatch batch, ProbeInputs probes) {
        return propagate.hostBytes(batch, probes);
    }

    @Override public PropagationGrams propagate(NetworkBatch batch, ProbeInputs probes) {
        return propagate.run(batch, probes);
    }

    @Override public long fixedPointBytesPerNetwork(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings s) {
        iterate.requireFits(batch, depths, starts, s);
        return inner.fixedPointBytesPerNetwork(batch, depths, starts, s);
    }

    @Override public FixedPointRun iterateMap(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings s) {
        return iterate.run(batch, depths, starts, s);
    }

    @Override public NewtonRun newtonMap(NetworkBatch batch, int[] depths, PointSet points, IterationSettings s) {
        return newton.newton(batch, depths, points, s);
    }

    @Override public double[] mapJacobians(NetworkBatch batch, int[] depths, PointSet points) {
        return newton.jacobians(batch, depths, points);
    }

    @Override public long lyapunovBytesPerNetwork(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        lyapunov.requireFits(batch, points, k, mapDepths, mapSteps);
        return inner.lyapunovBytesPerNetwork(batch, points, k, mapDepths, mapSteps);
    }

    @Override public LyapunovRun lyapunov(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        return lyapunov.run(batch, points, k, mapDepths, mapSteps);
    }

    @Override public long jacobianBytesPerNetwork(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        jacobian.requireFits(batch, points, depths, eigenvalues);
        return inner.jacobianBytesPerNetwork(batch, points, depths, eigenvalues);
    }

    @Override public JacobianSpectra jacobianSpectra(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        return jacobian.run(batch, points, depths, eigenvalues);
    }

    @Override public long modesBytesPerNetwork(NetworkBatch batch, ModesRequest request) {
        modes.requireFits(batch, request);
        return inner.modesBytesPerNetwork(batch, request);
    }

    @Override public ModesResult modes(NetworkBatch batch, ModesRequest request) {
        return modes.run(batch, request);
    }

    /** Nothing to route: the construction ignores the cell's distribution (and refuses explicit batches). */
    @Override public long wormholeBytesPerNetwork(NetworkBatch batch, WormholeRequest request) {
        return request.given() != null ? inner.wormholeBytesPerNetwork(batch, request) : wormhole.hostBytes(batch, request);
    }

    /**
     * Inputs from a file ({@link WormholeRequest#given()}) run on the CPU backend: the kernel draws
     * its inputs on the device. Said once per backend, on the first such call.
     */
    @Override public WormholeResult wormhole(NetworkBatch batch, WormholeRequest request) {
        if (request.given() != null) {
            if (!givenInputsAnnounced) {
                givenInputsAnnounced = true;
                notice.accept("netdyn: " + kind.label() + " backend: wormhole with inputs from a file runs on the CPU ("
                        + inner.threads() + " threads)");
            }
            return inner.wormhole(batch, request);
        }
        return wormhole.run(batch, request);
    }

    /** The preflight: one network in training fits the device; the host side needs the CPU path's scratch at most. */
    @Override public long trainBytesPerNetwork(TrainingBatch batch) {
        train.requireFits(batch);
        return inner.trainBytesPerNetwork(batch);
    }

    @Override public TrainResult[] train(TrainingBatch batch, int steps) {
        return train.run(batch, steps);
    }

    /** The propagate host class (tests: forcing a path, which path a shape takes, the GEMM). */
    PropagateOps propagateOps() { return propagate; }

    /** Frees the large-N GEMM, then the device, then the CPU backend. */
    @Override public void close() {
        try (inner; device; propagate) {                          // closed right to left, each even when one fails
        }
    }
}
