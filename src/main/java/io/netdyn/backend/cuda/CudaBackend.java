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
import io.netdyn.backend.OperationChecks;
import io.netdyn.backend.PointSet;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.WormholeResult;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.StartPoints;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The CUDA backend: the operations written as kernels run on a {@link Device} (a GPU through
 * {@link JCudaDevice}, or the kernel emulator through {@link EmulatorDevice}); every other
 * operation runs on the CPU backend through {@link DelegatingBackend}. Which is which is worked
 * out from the methods this class overrides and announced once, when the backend opens.
 *
 * <p>On the device now: {@link #propagate} (kernels/propagate.cu for small N; for large N,
 * {@link LargePropagateOps}: weights materialised per layer and batched GEMMs through cuBLAS when
 * libcublas.so.12 loads, else kernels/gemm.cu, see {@link LargePropagatePlan}) and {@link #iterateMap} of
 * sampled networks (kernels/iterate_map.cu), {@link #newtonMap} and {@link #mapJacobians} of
 * sampled networks (kernels/newton_map.cu), {@link #lyapunov} with its iterated-map
 * exponent (kernels/lyapunov.cu), {@link #jacobianSpectra}, singular values and eigenvalues
 * (kernels/jacobian_spectra.cu with kernels/hessenberg_eig.cuh), {@link #modes} of sampled
 * networks (kernels/modes.cu: neuron modes and basin radii), and {@link #wormhole}
 * (kernels/wormhole.cu: maxnorm construction, probe distances, σ2/σ1 of H_d).
 * Orthogonal (Haar) weights are sampled on the device (kernels/haar.cuh) by every kernel;
 * {@link #propagate} with them always takes the large-N path (its small kernel generates weights
 * tile by tile and never holds a whole layer to orthogonalise). Nothing is refused. Explicit
 * (imported) networks of {@link #propagate}, {@link #jacobianSpectra}, {@link #lyapunov},
 * {@link #iterateMap}, {@link #newtonMap}, {@link #mapJacobians} and {@link #modes} run on the
 * CPU backend: the kernels regenerate sampled weights, uploading weights is not built yet.
 */
public final class CudaBackend extends DelegatingBackend {
    /** Backend methods that are not operations (metadata, lifecycle). */
    private static final Set<String> NOT_OPERATIONS = Set.of("kind", "name", "device", "threads", "close");

    private final BackendKind kind;
    private final Device device;
    private final int maxThreads;
    private final int sharedLimit;
    /** Which propagate path: {@link PropagatePath#AUTO} unless a test or the bench forces one. */
    private PropagatePath propagatePath = PropagatePath.fromProperty();
    /** The GEMM of the large-N propagate path, created on first use (a cuBLAS handle is a resource). */
    private Gemm gemm;

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
            return new CudaBackend(kind, device, cpu, notice,
                    device.preferredBlockThreads(), device.maxSharedBytesPerBlock());
        } catch (RuntimeException | Error e) {
            try {
                device.close();
            } finally {
                cpu.close();
            }
            throw e;
        }
    }

    /**
     * A backend on {@code device} with {@code cpu} for the rest; {@code maxThreads} and
     * {@code sharedLimit} bound the launches (tests shrink them to reach every kernel path).
     */
    CudaBackend(BackendKind kind, Device device, Backend cpu, Consumer<String> notice, int maxThreads, int sharedLimit) {
        super(cpu);
        this.kind = kind;
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
        notice.accept(announcement());
    }

    @Override public BackendKind kind() { return kind; }

    @Override public String device() {
        return device.name() + "; large-N GEMM: " + gemmName() + "; CPU fallback: " + inner.device();
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
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) || NOT_OPERATIONS.contains(m.getName())
                    || m.getName().endsWith("BytesPerNetwork")) continue;
            try {
                boolean here = CudaBackend.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass() == CudaBackend.class;
                if (here == onDevice) out.add(m.getName());
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
        out.sort(null);
        return out;
    }

    // ---- propagate (kernels/propagate.cu) ----------------------------------------------------

    /** Host bytes of the result (the device memory is planned per launch, see {@link #propagate}). */
    @Override
    public long propagateBytesPerNetwork(NetworkBatch batch, ProbeInputs probes) {
        if (!batch.sampled()) return inner.propagateBytesPerNetwork(batch, probes);
        propagatePlan(batch.arch(), probes.count()).requireFits(device);
        long s = probes.count();
        return 3L * 8 * batch.arch().depth() * s * s;
    }

    /** The plan of {@link #propagate}: the large-N path's or the small kernel's. */
    private DevicePlan propagatePlan(Architecture arch, int s) {
        return usesLargePropagate(arch, s) ? LargePropagatePlan.of(arch.width(), arch.depth(), s, maxThreads)
                : PropagatePlan.of(arch.width(), arch.depth(), s, maxThreads, sharedLimit);
    }

    /**
     * Small N: one launch of kernels/propagate.cu per chunk of networks that fits the device's
     * memory budget (block per network), results copied straight into the {@link PropagationGrams}
     * arrays. Large N ({@link LargePropagatePlan#preferred}): {@link LargePropagateOps}, per layer
     * over chunks of networks, the GEMMs through {@link #gemmName()}. Orthogonal weights: always
     * the large path, at every N and whatever path is forced ({@link #usesLargePropagate}).
     * Explicit networks (imported weights; the kernels regenerate sampled ones) run on the CPU backend.
     */
    @Override
    public PropagationGrams propagate(NetworkBatch batch, ProbeInputs probes) {
        if (!batch.sampled()) return inner.propagate(batch, probes);
        Architecture arch = batch.arch();
        int n = arch.width(), depth = arch.depth(), s = probes.count(), count = batch.count();
        if (usesLargePropagate(arch, s)) {
            if (gemm == null) gemm = Gemm.forDevice(device, Math.min(maxThreads, TiledGemm.THREADS));
            return LargePropagateOps.run(device, gemm, (LargePropagatePlan) propagatePlan(arch, s), batch, probes);
        }
        PropagatePlan plan = (PropagatePlan) propagatePlan(arch, s);
        PropagationGrams out = PropagationGrams.allocate(count, depth, s, n);
        int per = depth * s * s;                                  // doubles of one network's Gram stack
        int chunk = plan.networksPerLaunch(device.memoryBudget(), count);
        try (DeviceBuffer h = device.alloc(8L * chunk * per);
             DeviceBuffer y = device.alloc(8L * chunk * per);
             DeviceBuffer bits = device.alloc(8L * chunk * per);
             DeviceBuffer scratch = plan.stateInShared() ? null : device.alloc(plan.scratchBytesPerNetwork() * chunk)) {
            for (int done = 0; done < count; done += chunk) {
                int m = Math.min(chunk, count - done);
                Kernel.propagate(device, plan, arch, probes, batch.seed(), batch.first() + done, m, h, y, bits, scratch);
                device.copyOut(h, 0, out.hGram(), done * per, m * per);
                device.copyOut(y, 0, out.yGram(), done * per, m * per);
                device.copyOut(bits, 0, out.bitGram(), done * per, m * per);
            }
        }
        return out;
    }

    /**
     * The propagate paths; AUTO applies {@link LargePropagatePlan#preferred}. Orthogonal weights
     * take LARGE under every setting (SMALL included: it is a choice between two paths for the
     * same numbers, and only the large one can orthogonalise).
     */
    enum PropagatePath {
        AUTO, SMALL, LARGE;

        /** System property {@code netdyn.cuda.propagate} = auto | small | large (tests, benchmarks); AUTO if unset. */
        static PropagatePath fromProperty() {
            String v = System.getProperty("netdyn.cuda.propagate", "auto");
            try {
                return valueOf(v.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("netdyn.cuda.propagate must be auto, small or large, got '" + v + "'");
            }
        }
    }

    /** Forces a propagate path (tests: the large path at small N, the small one at large N). */
    void propagatePath(PropagatePath path) { this.propagatePath = path; }

    /**
     * Whether {@link #propagate} of {@code arch} with s probes takes the large-N path: always for
     * orthogonal weights (only that path materialises whole layers to orthogonalise; a forced
     * {@code small} path does not apply to them), else as {@link #usesLargePropagate(int, int)}.
     */
    boolean usesLargePropagate(Architecture arch, int s) {
        return arch.weights().kind() == Distribution.Kind.ORTHOGONAL || usesLargePropagate(arch.width(), s);
    }

    /** Whether {@link #propagate} of width n with s probes and non-orthogonal weights takes the large-N path. */
    boolean usesLargePropagate(int n, int s) {
        return switch (propagatePath) {
            case SMALL -> false;
            case LARGE -> true;
            case AUTO -> LargePropagatePlan.preferred(n, s, device.maxSharedBytesPerBlock());
        };
    }

    /** The GEMM of the large-N path: the one in use, or the one {@link Gemm#forDevice} would pick. */
    String gemmName() {
        if (gemm != null) return gemm.name();
        if (!(device instanceof JCudaDevice)) return "tiled GEMM kernel";
        String why = CublasGemm.unavailableReason();
        return why == null ? "cuBLAS (libcublas.so.12)" : "tiled GEMM kernel (cuBLAS unavailable: " + why + ")";
    }

    // ---- iterateMap (kernels/iterate_map.cu) -------------------------------------------------

    /** The CPU's estimate (host memory), after checking that one sampled network fits the device. */
    @Override
    public long fixedPointBytesPerNetwork(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings settings) {
        if (batch.sampled()) iteratePlan(batch, depths, starts, settings).requireFits(device);
        return inner.fixedPointBytesPerNetwork(batch, depths, starts, settings);
    }

    private IterateMapPlan iteratePlan(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings settings) {
        return IterateMapPlan.of(batch.arch().width(), OperationChecks.iterateMap(batch, depths), depths.length, starts.count(),
                settings.maxPeriod(), maxThreads, sharedLimit);
    }

    /**
     * Sampled networks: one launch per chunk of networks that fits the device's memory budget
     * (block per network × chunk of starts, all depths and iterations inside), results copied
     * straight into the {@link FixedPointRun} arrays. Explicit networks (uploaded weights) run on
     * the CPU backend.
     */
    @Override
    public FixedPointRun iterateMap(NetworkBatch batch, int[] depths, StartPoints starts, IterationSettings settings) {
        if (!batch.sampled()) return inner.iterateMap(batch, depths, starts, settings);
        Architecture arch = batch.arch();
        int maxDepth = OperationChecks.iterateMap(batch, depths);
        int n = arch.width(), m = starts.count(), count = batch.count(), dc = depths.length;
        IterateMapPlan plan = iteratePlan(batch, depths, starts, settings);
        FixedPointRun out = FixedPointRun.allocate(count, depths, m, n);
        int chunk = plan.networksPerLaunch(device.memoryBudget(), count);
        int slots = dc * m;                                       // result slots of one network
        int[] status = new int[Math.multiplyExact(chunk, slots)];
        long blocks = (long) chunk * plan.chunks();
        try (DeviceBuffer dDepths = device.alloc(4L * dc);
             DeviceBuffer points = device.alloc(8L * chunk * slots * n);
             DeviceBuffer iters = device.alloc(4L * chunk * slots);
             DeviceBuffer stat = device.alloc(4L * chunk * slots);
             DeviceBuffer resid = device.alloc(8L * chunk * slots);
             DeviceBuffer period = device.alloc(4L * chunk * slots);
             DeviceBuffer weights = plan.weightsInShared() ? null : device.alloc(plan.weightBytesPerBlock() * blocks);
             DeviceBuffer state = device.alloc(plan.stateBytesPerBlock() * blocks)) {
            device.copyIn(dDepths, 0, depths, 0, dc);
            for (int done = 0; done < count; done += chunk) {
                int b = Math.min(chunk, count - done), k = b * slots;
                Kernel.iterateMap(device, plan, arch, starts, settings, batch.seed(), batch.first() + done, b, maxDepth,
                        dDepths, dc, points, iters, stat, resid, period, weights, state);
                device.copyOut(points, 0, out.points(), done * slots * n, k * n);
                device.copyOut(iters, 0, out.iterations(), done * slots, k);
                device.copyOut(stat, 0, status, 0, k);
                device.copyOut(resid, 0, out.residual(), done * slots, k);
                device.copyOut(period, 0, out.period(), done * slots, k);
                for (int i = 0; i < k; i++) out.status()[done * slots + i] = (byte) status[i];
            }
        }
        return out;
    }

    // ---- newtonMap, mapJacobians (kernels/newton_map.cu) -------------------------------------

    /**
     * Sampled networks: one launch per chunk of networks that fits the memory budget (block per
     * network, thread per point, all Newton steps inside); explicit networks run on the CPU backend.
     */
    @Override
    public NewtonRun newtonMap(NetworkBatch batch, int[] depths, PointSet points, IterationSettings settings) {
        if (!batch.sampled()) return inner.newtonMap(batch, depths, points, settings);
        int maxDepth = OperationChecks.mapPoints(batch, depths, points);
        return new NewtonMapOps(device, maxThreads, sharedLimit).newton(batch, depths, points, maxDepth, settings);
    }

    /** Sampled networks on the device (as {@link #newtonMap}); explicit networks on the CPU backend. */
    @Override
    public double[] mapJacobians(NetworkBatch batch, int[] depths, PointSet points) {
        if (!batch.sampled()) return inner.mapJacobians(batch, depths, points);
        int maxDepth = OperationChecks.mapPoints(batch, depths, points);
        return new NewtonMapOps(device, maxThreads, sharedLimit).jacobians(batch, depths, points, maxDepth);
    }

    // ---- lyapunov (kernels/lyapunov.cu: depth sums and the map exponent) --------------------

    /** The CPU's estimate (host memory, a superset of the device's), after checking that one network fits the device. */
    @Override
    public long lyapunovBytesPerNetwork(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        if (!batch.sampled()) return inner.lyapunovBytesPerNetwork(batch, points, k, mapDepths, mapSteps);
        Architecture arch = batch.arch();
        if (k >= 1 && k <= arch.width()) lyapunovPlan(arch, k, points).requireFits(device);
        if (mapSteps > 0 && mapDepths.length > 0) lyapunovMapPlan(arch, mapDepths, points).requireFits(device);
        return inner.lyapunovBytesPerNetwork(batch, points, k, mapDepths, mapSteps);
    }

    private LyapunovPlan lyapunovPlan(Architecture arch, int k, InputPoints points) {
        return LyapunovPlan.of(arch.width(), arch.depth(), k, points.count(), points.given() != null, maxThreads, sharedLimit);
    }

    private LyapunovMapPlan lyapunovMapPlan(Architecture arch, int[] mapDepths, InputPoints points) {
        return LyapunovMapPlan.of(arch.width(), mapDepths[mapDepths.length - 1], mapDepths.length, points.count(),
                points.given() != null, maxThreads, sharedLimit);
    }

    /**
     * Wholly on the device, no CPU work: the depth part (Σ ln|R_ii|, kernels/lyapunov.cu
     * netdyn_lyapunov_depth_f64) one launch per chunk of networks that fits the memory budget
     * (block per network × point), copied straight into {@link LyapunovRun#logRSum}; then, when
     * asked for, the iterated-map exponents (netdyn_lyapunov_map_f64, {@link LyapunovMapPlan}:
     * the m = deepest map depth layers sampled once per block, every map depth from the same x_0)
     * into {@link LyapunovRun#mapLambda}, chunked on their own. Explicit networks (imported
     * weights) run on the CPU backend.
     */
    @Override
    public LyapunovRun lyapunov(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        if (!batch.sampled()) return inner.lyapunov(batch, points, k, mapDepths, mapSteps);
        Architecture arch = batch.arch();
        int n = arch.width(), depth = arch.depth(), p = points.count(), count = batch.count();
        OperationChecks.lyapunov(batch, points, k, mapDepths, mapSteps);
        double[] given = points.given();
        LyapunovRun out = LyapunovRun.allocate(count, p, depth, k, mapDepths, mapSteps);
        LyapunovPlan plan = lyapunovPlan(arch, k, points);
        int chunk = plan.networksPerLaunch(device.memoryBudget(), count);
        int per = p * depth * k, perGiven = p * n;                // doubles of one network
        try (DeviceBuffer logr = device.alloc(8L * chunk * per);
             DeviceBuffer dGiven = given == null ? null : device.alloc(8L * chunk * perGiven);
             DeviceBuffer scratch = plan.workspaceInShared() ? null
                     : device.alloc(plan.workspaceBytesPerBlock() * chunk * p)) {
            for (int done = 0; done < count; done += chunk) {
                int m = Math.min(chunk, count - done);
                if (dGiven != null) device.copyIn(dGiven, 0, given, done * perGiven, m * perGiven);
                Kernel.lyapunovDepth(device, plan, arch, k, points.q(), batch.seed(), batch.first() + done, m,
                        logr, dGiven, scratch);
                device.copyOut(logr, 0, out.logRSum(), done * per, m * per);
            }
        }
        if (mapSteps > 0 && mapDepths.length > 0) lyapunovMap(batch, points, mapDepths, mapSteps, out);
        return out;
    }

    /** The iterated-map exponents into {@link LyapunovRun#mapLambda}: one launch per chunk of networks (block per network × point). */
    private void lyapunovMap(NetworkBatch batch, InputPoints points, int[] mapDepths, int mapSteps, LyapunovRun out) {
        Architecture arch = batch.arch();
        int n = arch.width(), p = points.count(), count = batch.count(), dc = mapDepths.length;
        int maxDepth = mapDepths[dc - 1];
        double[] given = points.given();
        LyapunovMapPlan plan = lyapunovMapPlan(arch, mapDepths, points);
        int chunk = plan.networksPerLaunch(device.memoryBudget(), count);
        int per = p * dc, perGiven = p * n;                        // doubles of one network
        try (DeviceBuffer dDepths = device.alloc(4L * dc);
             DeviceBuffer lam = device.alloc(8L * chunk * per);
             DeviceBuffer dGiven = given == null ? null : device.alloc(8L * chunk * perGiven);
             DeviceBuffer scratch = plan.workspaceInShared() ? null
                     : device.alloc(plan.workspaceBytesPerBlock() * chunk * p)) {
            device.copyIn(dDepths, 0, mapDepths, 0, dc);
            for (int done = 0; done < count; done += chunk) {
                int m = Math.min(chunk, count - done);
                if (dGiven != null) device.copyIn(dGiven, 0, given, done * perGiven, m * perGiven);
                Kernel.lyapunovMap(device, plan, arch, points.q(), batch.seed(), batch.first() + done, m, maxDepth,
                        dDepths, dc, mapSteps, lam, dGiven, scratch);
                device.copyOut(lam, 0, out.mapLambda(), done * per, m * per);
            }
        }
    }

    // ---- jacobianSpectra (kernels/jacobian_spectra.cu, eigenvalues by hessenberg_eig.cuh) -----

    /** The CPU's estimate (host memory, a superset of the device's). */
    @Override
    public long jacobianBytesPerNetwork(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        if (!batch.sampled()) return inner.jacobianBytesPerNetwork(batch, points, depths, eigenvalues);
        jacobianPlan(batch.arch(), points, depths, eigenvalues).requireFits(device);
        return inner.jacobianBytesPerNetwork(batch, points, depths, eigenvalues);
    }

    private JacobianSpectraPlan jacobianPlan(Architecture arch, InputPoints points, int[] depths, boolean eigenvalues) {
        return JacobianSpectraPlan.of(arch.width(), depths.length, points.count(), points.given() != null, eigenvalues,
                maxThreads, sharedLimit);
    }

    /**
     * On the device, one launch per chunk of networks that fits the memory budget (block per
     * network × point, all layers and requested depths inside), copied straight into
     * {@link JacobianSpectra#logSigma} and, with eigenvalues, {@link JacobianSpectra#eigLogAbs} /
     * {@link JacobianSpectra#eigArg} (the explicit Q·T reduced to Hessenberg form and Francis QR
     * iteration in the block, linalg/HessenbergEigen's algorithm; the CPU backend uses EJML).
     * Explicit networks (imported weights) run on the CPU backend.
     */
    @Override
    public JacobianSpectra jacobianSpectra(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        if (!batch.sampled()) return inner.jacobianSpectra(batch, points, depths, eigenvalues);
        Architecture arch = batch.arch();
        OperationChecks.jacobianSpectra(batch, points, depths);
        int n = arch.width(), p = points.count(), count = batch.count(), dc = depths.length;
        double[] given = points.given();
        JacobianSpectra out = JacobianSpectra.allocate(count, p, depths, n, eigenvalues);
        JacobianSpectraPlan plan = jacobianPlan(arch, points, depths, eigenvalues);
        int chunk = plan.networksPerLaunch(device.memoryBudget(), count);
        int per = p * dc * n, perGiven = p * n;                   // doubles of one network
        try (DeviceBuffer dDepths = device.alloc(4L * dc);
             DeviceBuffer logSigma = device.alloc(8L * chunk * per);
             DeviceBuffer eigAbs = eigenvalues ? device.alloc(8L * chunk * per) : null;
             DeviceBuffer eigArg = eigenvalues ? device.alloc(8L * chunk * per) : null;
             DeviceBuffer dGiven = given == null ? null : device.alloc(8L * chunk * perGiven);
             DeviceBuffer scratch = plan.workspaceInShared() ? null
                     : device.alloc(plan.workspaceBytesPerBlock() * chunk * p)) {
            device.copyIn(dDepths, 0, depths, 0, dc);
            for (int done = 0; done < count; done += chunk) {
                int m = Math.min(chunk, count - done);
                if (dGiven != null) device.copyIn(dGiven, 0, given, done * perGiven, m * perGiven);
                Kernel.jacobianSpectra(device, plan, arch, points.q(), batch.seed(), batch.first() + done, m,
                        depths[dc - 1], dDepths, dc, logSigma, eigAbs, eigArg, dGiven, scratch);
                device.copyOut(logSigma, 0, out.logSigma(), done * per, m * per);
                if (eigenvalues) {
                    device.copyOut(eigAbs, 0, out.eigLogAbs(), done * per, m * per);
                    device.copyOut(eigArg, 0, out.eigArg(), done * per, m * per);
                }
            }
        }
        return out;
    }

    // ---- wormhole (kernels/wormhole.cu) ------------------------------------------------------

    /**
     * Host bytes of the result, 8·L·(5P + 1) (the device memory is planned per launch, see
     * {@link #wormhole}). Nothing is refused: the construction ignores the cell's distribution.
     */
    @Override
    public long wormholeBytesPerNetwork(NetworkBatch batch, WormholeRequest request) {
        wormholePlan(batch.arch(), request).requireFits(device);
        return 8L * batch.arch().depth() * (5L * request.pairs() + 1);
    }

    private WormholePlan wormholePlan(Architecture arch, WormholeRequest request) {
        return WormholePlan.of(arch.width(), request.rows(), arch.depth(), request.pairs(), request.svDepths().length,
                maxThreads, sharedLimit);
    }

    /**
     * One launch per chunk of networks that fits the memory budget (block per network, every
     * layer, pair and σ2/σ1 depth inside), results copied straight into the {@link WormholeResult}
     * arrays. The width k is the batch's width; its activation, distribution and bias are ignored.
     */
    @Override
    public WormholeResult wormhole(NetworkBatch batch, WormholeRequest request) {
        OperationChecks.wormhole(batch);
        int k = batch.arch().width(), depth = batch.arch().depth(), p = request.pairs(), count = batch.count();
        int[] sv = request.svDepths();
        WormholeResult out = WormholeResult.allocate(count, depth, p);
        WormholePlan plan = wormholePlan(batch.arch(), request);
        int chunk = plan.networksPerLaunch(device.memoryBudget(), count);
        int per = depth * p;                                      // doubles of one network's per-pair arrays
        try (DeviceBuffer dSv = sv.length == 0 ? null : device.alloc(4L * sv.length);
             DeviceBuffer dTheta = device.alloc(8L * chunk * per);
             DeviceBuffer dFlip = device.alloc(8L * chunk * per);
             DeviceBuffer dDist = device.alloc(8L * chunk * per);
             DeviceBuffer dHam = device.alloc(8L * chunk * per);
             DeviceBuffer dErr = device.alloc(8L * chunk * per);
             DeviceBuffer dRatio = device.alloc(8L * chunk * depth);
             DeviceBuffer scratch = plan.workspaceInShared() ? null : device.alloc(plan.workspaceBytesPerBlock() * chunk)) {
            if (dSv != null) device.copyIn(dSv, 0, sv, 0, sv.length);
            for (int done = 0; done < count; done += chunk) {
                int m = Math.min(chunk, count - done);
                Kernel.wormhole(device, plan, request, batch.seed(), batch.first() + done, m, dSv, dTheta, dFlip, dDist,
                        dHam, dErr, dRatio, scratch);
                device.copyOut(dTheta, 0, out.dTheta(), done * per, m * per);
                device.copyOut(dFlip, 0, out.dThetaFlipped(), done * per, m * per);
                device.copyOut(dDist, 0, out.d(), done * per, m * per);
                device.copyOut(dHam, 0, out.hamming(), done * per, m * per);
                device.copyOut(dErr, 0, out.error(), done * per, m * per);
                device.copyOut(dRatio, 0, out.svRatio(), done * depth, m * depth);
            }
        }
        return out;
    }

    // ---- modes (kernels/modes.cu) -------------------------------------------------------------

    /** The CPU's estimate (host memory, a superset of the device's), after checking that one sampled network fits the device. */
    @Override
    public long modesBytesPerNetwork(NetworkBatch batch, ModesRequest request) {
        if (batch.sampled()) modesPlan(batch.arch(), request).requireFits(device);
        return inner.modesBytesPerNetwork(batch, request);
    }

    private ModesPlan modesPlan(Architecture arch, ModesRequest request) {
        return ModesPlan.of(arch.width(), arch.depth(), request.samples().count(), request.basinSamples(),
                request.basinDirections(), request.basinDepthCount(), request.maxBasinDepth(), maxThreads, sharedLimit);
    }

    /**
     * Sampled networks: one launch per chunk of networks that fits the memory budget (block per
     * network: the modes of every layer, then every grid scan and bisection of both basin radii),
     * copied straight into the {@link ModesResult} arrays. Explicit networks (uploaded weights) run
     * on the CPU backend.
     */
    @Override
    public ModesResult modes(NetworkBatch batch, ModesRequest request) {
        if (!batch.sampled()) return inner.modes(batch, request);
        Architecture arch = batch.arch();
        int n = arch.width(), depth = arch.depth(), count = batch.count();
        int sb = request.basinSamples(), nd = request.basinDepthCount();
        ModesResult out = ModesResult.allocate(count, depth, n, nd, sb);
        ModesPlan plan = modesPlan(arch, request);
        int chunk = plan.networksPerLaunch(device.memoryBudget(), count);
        int perCounts = 3 * depth, perRadii = nd * sb;           // one network's counts and radii of each space
        try (DeviceBuffer dDepths = device.alloc(4L * Math.max(1, nd));
             DeviceBuffer counts = device.alloc(4L * chunk * perCounts);
             DeviceBuffer sRad = device.alloc(8L * Math.max(1, chunk * perRadii));
             DeviceBuffer wRad = device.alloc(8L * Math.max(1, chunk * perRadii));
             DeviceBuffer scratch = plan.workspaceInShared() ? null : device.alloc(plan.workspaceBytesPerBlock() * chunk)) {
            if (nd > 0) device.copyIn(dDepths, 0, request.basinDepths(), 0, nd);
            for (int done = 0; done < count; done += chunk) {
                int m = Math.min(chunk, count - done);
                Kernel.modes(device, plan, arch, request, batch.seed(), batch.first() + done, m, counts, sRad, wRad,
                        dDepths, scratch);
                device.copyOut(counts, 0, out.modeCounts(), done * perCounts, m * perCounts);
                if (perRadii > 0) {
                    device.copyOut(sRad, 0, out.sampleRadius(), done * perRadii, m * perRadii);
                    device.copyOut(wRad, 0, out.weightRadius(), done * perRadii, m * perRadii);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            if (gemm != null) gemm.close();
        } finally {
            closeDevice();
        }
    }

    private void closeDevice() {
        try {
            device.close();
        } finally {
            super.close();
        }
    }
}
