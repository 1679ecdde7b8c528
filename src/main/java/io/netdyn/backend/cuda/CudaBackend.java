package io.netdyn.backend.cuda;

import io.netdyn.backend.Backend;
import io.netdyn.backend.DelegatingBackend;
import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.InputPoints;
import io.netdyn.backend.IterationSettings;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.backend.MapNetworks;
import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.ModesResult;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.NewtonRun;
import io.netdyn.backend.PointSet;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.StartPoints;
import io.netdyn.spec.UsageError;
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
 * <p>On the device now: {@link #propagate} (kernels/propagate.cu) and {@link #iterateMap} of
 * sampled networks (kernels/iterate_map.cu), {@link #newtonMap} and {@link #mapJacobians} of
 * sampled networks (kernels/newton_map.cu), and the depth part of {@link #lyapunov}
 * (kernels/lyapunov.cu; its iterated-map exponent stays on the CPU), and {@link #jacobianSpectra}
 * without eigenvalues (kernels/jacobian_spectra.cu; with eigenvalues the whole operation runs on
 * the CPU backend, whose EJML eigensolver needs the explicit Q·T), and {@link #modes} of sampled
 * networks (kernels/modes.cu: neuron modes and basin radii).
 * Orthogonal weights are refused (Haar sampling needs a batched QR, not on the GPU yet) with
 * a usage error naming {@code --backend cpu}, raised already by the preflight's memory query
 * ({@code propagateBytesPerNetwork}, {@code fixedPointBytesPerNetwork}, {@code lyapunovBytesPerNetwork},
 * {@code jacobianBytesPerNetwork}, {@code modesBytesPerNetwork}).
 */
public final class CudaBackend extends DelegatingBackend {
    /** Backend methods that are not operations (metadata, lifecycle). */
    private static final Set<String> NOT_OPERATIONS = Set.of("name", "device", "threads", "close");

    private final String name;
    private final Device device;
    private final int maxThreads;
    private final int sharedLimit;

    /** The GPU backend ("cuda"); {@code threads} CPU threads for the operations not on the GPU. */
    public static CudaBackend onGpu(int threads, Consumer<String> notice) {
        return open("cuda", JCudaDevice.open(), threads, notice);
    }

    /** The testing backend ("cuda-emu"): the same kernels and host code on the kernel emulator. */
    public static CudaBackend onEmulator(int threads, Consumer<String> notice) {
        return open("cuda-emu", EmulatorDevice.open(), threads, notice);
    }

    private static CudaBackend open(String name, Device device, int threads, Consumer<String> notice) {
        try {
            return new CudaBackend(name, device, new CpuBackend(threads), notice,
                    device.preferredBlockThreads(), device.maxSharedBytesPerBlock());
        } catch (RuntimeException | Error e) {
            device.close();
            throw e;
        }
    }

    /**
     * A backend on {@code device} with {@code cpu} for the rest; {@code maxThreads} and
     * {@code sharedLimit} bound the launches (tests shrink them to reach every kernel path).
     */
    CudaBackend(String name, Device device, Backend cpu, Consumer<String> notice, int maxThreads, int sharedLimit) {
        super(cpu);
        this.name = name;
        this.device = device;
        this.maxThreads = maxThreads;
        this.sharedLimit = sharedLimit;
        notice.accept(announcement());
    }

    @Override public String name() { return name; }

    @Override public String device() { return device.name() + "; CPU fallback: " + inner.device(); }

    /** The CPU threads of the fallback operations. */
    @Override public int threads() { return inner.threads(); }

    /** The one line printed when the backend opens: where each operation runs. */
    String announcement() {
        List<String> cpu = cpuOperations();
        String where = name.equals("cuda") ? "on the GPU" : "in the emulated kernels";
        return "netdyn: " + name + " backend" + (name.equals("cuda") ? "" : " (testing only)") + " on " + device.name()
                + ": " + where + ": " + String.join(", ", deviceOperations())
                + " (jacobianSpectra with eigenvalues: on the CPU)"
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
        requireOnDevice(batch.arch());
        long s = probes.count();
        return 3L * 8 * batch.arch().depth() * s * s;
    }

    /**
     * One launch per chunk of networks that fits the device's memory budget (block per network),
     * results copied straight into the {@link PropagationGrams} arrays.
     */
    @Override
    public PropagationGrams propagate(NetworkBatch batch, ProbeInputs probes) {
        Architecture arch = batch.arch();
        requireOnDevice(arch);
        int n = arch.width(), depth = arch.depth(), s = probes.count(), count = batch.count();
        PropagatePlan plan = PropagatePlan.of(n, depth, s, maxThreads, sharedLimit);
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

    // ---- iterateMap (kernels/iterate_map.cu) -------------------------------------------------

    /** The CPU's estimate (host memory), after refusing what the device cannot sample. */
    @Override
    public long fixedPointBytesPerNetwork(MapNetworks nets, int[] depths, StartPoints starts, IterationSettings settings) {
        if (nets instanceof MapNetworks.Sampled s) requireOnDevice(s.batch().arch());
        return inner.fixedPointBytesPerNetwork(nets, depths, starts, settings);
    }

    /**
     * Sampled networks: one launch per chunk of networks that fits the device's memory budget
     * (block per network × chunk of starts, all depths and iterations inside), results copied
     * straight into the {@link FixedPointRun} arrays. Explicit networks (uploaded weights) run on
     * the CPU backend.
     */
    @Override
    public FixedPointRun iterateMap(MapNetworks nets, int[] depths, StartPoints starts, IterationSettings settings) {
        if (!(nets instanceof MapNetworks.Sampled sampled)) return inner.iterateMap(nets, depths, starts, settings);
        NetworkBatch batch = sampled.batch();
        Architecture arch = batch.arch();
        requireOnDevice(arch);
        int maxDepth = checkDepths(depths, arch.depth());
        int n = arch.width(), m = starts.count(), count = batch.count(), dc = depths.length;
        IterateMapPlan plan = IterateMapPlan.of(n, maxDepth, dc, m, settings.maxPeriod(), maxThreads, sharedLimit);
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
    public NewtonRun newtonMap(MapNetworks nets, int[] depths, PointSet points, IterationSettings settings) {
        if (!(nets instanceof MapNetworks.Sampled sampled)) return inner.newtonMap(nets, depths, points, settings);
        requireOnDevice(sampled.batch().arch());
        int maxDepth = checkDepths(depths, nets.depth());
        NewtonMapOps.checkPoints(nets, depths, points);
        return new NewtonMapOps(device, maxThreads, sharedLimit).newton(sampled.batch(), depths, points, maxDepth, settings);
    }

    /** Sampled networks on the device (as {@link #newtonMap}); explicit networks on the CPU backend. */
    @Override
    public double[] mapJacobians(MapNetworks nets, int[] depths, PointSet points) {
        if (!(nets instanceof MapNetworks.Sampled sampled)) return inner.mapJacobians(nets, depths, points);
        requireOnDevice(sampled.batch().arch());
        int maxDepth = checkDepths(depths, nets.depth());
        NewtonMapOps.checkPoints(nets, depths, points);
        return new NewtonMapOps(device, maxThreads, sharedLimit).jacobians(sampled.batch(), depths, points, maxDepth);
    }

    // ---- lyapunov (kernels/lyapunov.cu; the map exponent on the CPU) -------------------------

    /** The CPU's estimate (host memory, a superset of the device's), after refusing what the device cannot sample. */
    @Override
    public long lyapunovBytesPerNetwork(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        requireOnDevice(batch.arch());
        return inner.lyapunovBytesPerNetwork(batch, points, k, mapDepths, mapSteps);
    }

    /**
     * The depth part (Σ ln|R_ii|) on the device, one launch per chunk of networks that fits the
     * memory budget (block per network × point), copied straight into {@link LyapunovRun#logRSum}.
     * The iterated-map exponent, when asked for, stays on the CPU: the CPU backend runs with k = 1
     * (its map part does not depend on k, and its depth part is then one tangent vector).
     */
    @Override
    public LyapunovRun lyapunov(NetworkBatch batch, InputPoints points, int k, int[] mapDepths, int mapSteps) {
        Architecture arch = batch.arch();
        requireOnDevice(arch);
        int n = arch.width(), depth = arch.depth(), p = points.count(), count = batch.count();
        if (k < 1 || k > n) throw new IllegalArgumentException("need 1 <= k <= N = " + n + ", got k = " + k);
        if (mapSteps < 0) throw new IllegalArgumentException("map steps must be >= 0, got " + mapSteps);
        if (mapDepths.length > 0) JacobianSpectra.checkDepths(mapDepths, depth);
        double[] given = points.given();
        if (given != null && given.length < (long) count * p * n) {
            throw new IllegalArgumentException("given points hold fewer than " + count + " networks");
        }
        LyapunovRun out = LyapunovRun.allocate(count, p, depth, k, mapDepths, mapSteps);
        LyapunovPlan plan = LyapunovPlan.of(n, depth, k, p, given != null, maxThreads, sharedLimit);
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
        if (mapSteps > 0 && mapDepths.length > 0) {
            LyapunovRun map = inner.lyapunov(batch, points, 1, mapDepths, mapSteps);
            System.arraycopy(map.mapLambda(), 0, out.mapLambda(), 0, out.mapLambda().length);
        }
        return out;
    }

    // ---- jacobianSpectra (kernels/jacobian_spectra.cu; eigenvalues on the CPU) -------------

    /** The CPU's estimate (host memory, a superset of the device's), after refusing what the device cannot sample. */
    @Override
    public long jacobianBytesPerNetwork(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        requireOnDevice(batch.arch());
        return inner.jacobianBytesPerNetwork(batch, points, depths, eigenvalues);
    }

    /**
     * Singular values only: on the device, one launch per chunk of networks that fits the memory
     * budget (block per network × point, all layers and requested depths inside), copied straight
     * into {@link JacobianSpectra#logSigma}. With eigenvalues the whole operation runs on the CPU
     * backend (its EJML eigensolver needs the explicit Q·T; the singular values would be the same).
     */
    @Override
    public JacobianSpectra jacobianSpectra(NetworkBatch batch, InputPoints points, int[] depths, boolean eigenvalues) {
        Architecture arch = batch.arch();
        requireOnDevice(arch);
        JacobianSpectra.checkDepths(depths, arch.depth());
        if (eigenvalues) return inner.jacobianSpectra(batch, points, depths, true);
        int n = arch.width(), p = points.count(), count = batch.count(), dc = depths.length;
        double[] given = points.given();
        if (given != null && given.length < (long) count * p * n) {
            throw new IllegalArgumentException("given points hold fewer than " + count + " networks");
        }
        JacobianSpectra out = JacobianSpectra.allocate(count, p, depths, n, false);
        JacobianSpectraPlan plan = JacobianSpectraPlan.of(n, dc, p, given != null, maxThreads, sharedLimit);
        int chunk = plan.networksPerLaunch(device.memoryBudget(), count);
        int per = p * dc * n, perGiven = p * n;                   // doubles of one network
        try (DeviceBuffer dDepths = device.alloc(4L * dc);
             DeviceBuffer logSigma = device.alloc(8L * chunk * per);
             DeviceBuffer dGiven = given == null ? null : device.alloc(8L * chunk * perGiven);
             DeviceBuffer scratch = plan.workspaceInShared() ? null
                     : device.alloc(plan.workspaceBytesPerBlock() * chunk * p)) {
            device.copyIn(dDepths, 0, depths, 0, dc);
            for (int done = 0; done < count; done += chunk) {
                int m = Math.min(chunk, count - done);
                if (dGiven != null) device.copyIn(dGiven, 0, given, done * perGiven, m * perGiven);
                Kernel.jacobianSpectra(device, plan, arch, points.q(), batch.seed(), batch.first() + done, m,
                        depths[dc - 1], dDepths, dc, logSigma, dGiven, scratch);
                device.copyOut(logSigma, 0, out.logSigma(), done * per, m * per);
            }
        }
        return out;
    }

    // ---- modes (kernels/modes.cu) -------------------------------------------------------------

    /** The CPU's estimate (host memory, a superset of the device's), after refusing what the device cannot sample. */
    @Override
    public long modesBytesPerNetwork(MapNetworks nets, ModesRequest request) {
        if (nets instanceof MapNetworks.Sampled s) requireOnDevice(s.batch().arch());
        return inner.modesBytesPerNetwork(nets, request);
    }

    /**
     * Sampled networks: one launch per chunk of networks that fits the memory budget (block per
     * network: the modes of every layer, then every grid scan and bisection of both basin radii),
     * copied straight into the {@link ModesResult} arrays. Explicit networks (uploaded weights) run
     * on the CPU backend.
     */
    @Override
    public ModesResult modes(MapNetworks nets, ModesRequest request) {
        if (!(nets instanceof MapNetworks.Sampled sampled)) return inner.modes(nets, request);
        NetworkBatch batch = sampled.batch();
        Architecture arch = batch.arch();
        requireOnDevice(arch);
        int n = arch.width(), depth = arch.depth(), count = batch.count();
        int sb = request.basinSamples(), nd = request.basinDepthCount();
        ModesResult out = ModesResult.allocate(count, depth, n, nd, sb);
        ModesPlan plan = ModesPlan.of(n, depth, request.samples().count(), sb, request.basinDirections(), nd,
                request.maxBasinDepth(), maxThreads, sharedLimit);
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

    private static int checkDepths(int[] depths, int archDepth) {
        if (depths.length == 0) throw new IllegalArgumentException("no depths requested");
        int max = 0;
        for (int d : depths) {
            if (d < 1 || d > archDepth) throw new IllegalArgumentException("depth " + d + " outside 1.." + archDepth);
            max = Math.max(max, d);
        }
        return max;
    }

    private static void requireOnDevice(Architecture arch) {
        if (arch.weights().kind() == Distribution.Kind.ORTHOGONAL) {
            throw UsageError.forOption("dist", "the cuda backend cannot sample orthogonal weights yet (Haar "
                    + "matrices need a batched QR, not on the GPU yet); run them with --backend cpu");
        }
    }

    @Override
    public void close() {
        try {
            device.close();
        } finally {
            super.close();
        }
    }
}
