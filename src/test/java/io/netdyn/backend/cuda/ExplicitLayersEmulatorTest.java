package io.netdyn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import io.netdyn.backend.PointSet;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ExplicitLayers;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import io.netdyn.model.StartPoints;
import io.netdyn.testing.ReferenceNetworks;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Explicit networks (imported, hand-built, trained: {@link NetworkBatch#explicit}) on the device:
 * every operation reads the uploaded layers ({@link DeviceLayers}) instead of sampling them. Each
 * operation of {@code cuda-emu}, with a CPU backend that fails when called (so nothing falls back),
 * against {@link CpuBackend} on the same explicit batch, with the tolerances of the sampled
 * emulator tests; the weights are random and not what the sampler would draw for the
 * architecture's distribution, so a kernel that sampled would fail. And explicit networks equal to
 * the sampled ones ({@link ReferenceNetworks#weights}) give the sampled batch's results bit for bit.
 */
@ExtendWith(RequiresEmulator.class)
class ExplicitLayersEmulatorTest {
    /** Launch limits {threads, shared bytes}: the device default; tiny blocks with workspaces in global memory. */
    private static final int[][] LIMITS = {{EmulatorDevice.BLOCK_THREADS, EmulatorDevice.MAX_SHARED_BYTES}, {5, 256}};

    private static final Activation[] ACTS = {Activation.TANH, Activation.RELU, Activation.LOGISTIC, Activation.HARDTANH,
        Activation.LINEAR};

    /** A backend whose every call fails: what the CUDA backend may not ask for. */
    static Backend noCpu() {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "name" -> "no-cpu";
                    case "device" -> "none";
                    case "threads" -> 1;
                    case "close" -> null;
                    default -> throw new AssertionError("the CPU backend was asked for " + m.getName());
                });
    }

    /**
     * {@code count} explicit networks of width n and depth {@code depth + 1} (one layer more than the
     * architecture uses) from Gaussians of standard deviation {@code gain/√N} with N(0, 0.3²)
     * biases: not the sampler's weights for any architecture.
     */
    static ExplicitLayers randomNetworks(Random r, long first, int count, int n, int depth, double gain) {
        List<NetworkWeights> nets = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double[][] w = new double[depth + 1][n * n], b = new double[depth + 1][n];
            for (int l = 0; l <= depth; l++) {
                for (int e = 0; e < n * n; e++) w[l][e] = gain / Math.sqrt(n) * r.nextGaussian();
                for (int i = 0; i < n; i++) b[l][i] = 0.3 * r.nextGaussian();
            }
            nets.add(new NetworkWeights(n, w, b));
        }
        return new ExplicitLayers(first, nets);
    }

    /** A random explicit case t: architecture (its distributions mean nothing), the batch, networks first+1.. of the layers. */
    static NetworkBatch explicitBatch(Random r, int t, int n, int depth) {
        Architecture arch = new Architecture(n, depth, ACTS[t % ACTS.length], t % 3 == 1, Distribution.gaussian(1),
                Scaling.DEFAULT, Optional.empty());
        long first = t % 2 == 0 ? (1L << 31) + 3 : r.nextInt(1000);
        int count = 1 + r.nextInt(3);
        ExplicitLayers layers = randomNetworks(r, first - 1, count + 2, n, depth, 1 + 1.5 * r.nextDouble());
        return NetworkBatch.explicit(arch, r.nextLong(), first, count, layers);
    }

    /** The largest |a − b| / max(1, |a|) over the entries finite in both (for the printed summary). */
    static double maxDiff(double[] want, double[] got) {
        double m = 0;
        for (int i = 0; i < want.length; i++) {
            if (Double.isFinite(want[i]) && Double.isFinite(got[i])) {
                m = Math.max(m, Math.abs(want[i] - got[i]) / Math.max(1, Math.abs(want[i])));
            }
        }
        return m;
    }

    @Test
    void propagateOfExplicitNetworksMatchesTheCpuOnBothPaths() {
        Random r = new Random(101);
        double max = 0;
        int cases = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 8; t++) {
                int n = 1 + (t * 7) % 19;
                NetworkBatch batch = explicitBatch(r, t, n, 1 + r.nextInt(4));
                ProbeInputs probes = new ProbeInputs(2 + r.nextInt(5), 0.5 + r.nextDouble(), r.nextDouble() * 0.8);
                PropagationGrams want = cpu.propagate(batch, probes);
                for (int[] lim : LIMITS) {
                    for (PropagatePath path : new PropagatePath[] {PropagatePath.SMALL, PropagatePath.LARGE}) {
                        CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, noCpu(), x -> { }, lim[0], lim[1]);
                        gpu.propagateOps().path(path);
                        PropagationGrams got = gpu.propagate(batch, probes);
                        DeviceContract.assertGramsClose(want, got, batch.arch() + " " + path + " " + Arrays.toString(lim));
                        max = Math.max(max, Math.max(maxDiff(want.hGram(), got.hGram()), maxDiff(want.yGram(), got.yGram())));
                        cases++;
                    }
                }
            }
        }
        assertEquals(32, cases);
        System.out.printf("explicit propagate: largest difference %.3g%n", max);
    }

    @Test
    void iterateNewtonAndJacobiansOfExplicitNetworksMatchTheCpu() {
        Random r = new Random(202);
        double maxJ = 0;
        int cases = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 8; t++) {
                int n = 1 + (t * 5) % 13, depth = 1 + r.nextInt(3);
                NetworkBatch batch = explicitBatch(r, t, n, depth);
                int[] depths = depth == 1 ? new int[] {1} : new int[] {1, depth};
                StartPoints starts = new StartPoints(1 + r.nextInt(8), StartPoints.Box.defaultFor(batch.arch().activation()));
                IterationSettings s = new IterationSettings(60 + r.nextInt(100), 1e-8, 3, 1e-5, 10 + r.nextInt(20));
                FixedPointRun wantRun = cpu.iterateMap(batch, depths, starts, s);
                PointSet points = NewtonEmulatorTest.randomPoints(r, batch.count(), depths.length, n,
                        batch.arch().activation() == Activation.LOGISTIC);
                double[] wantJ = cpu.mapJacobians(batch, depths, points);
                NewtonRun wantN = cpu.newtonMap(batch, depths, points, s);
                for (int[] lim : LIMITS) {
                    String what = batch.arch() + " depths " + Arrays.toString(depths) + " limits " + Arrays.toString(lim);
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, noCpu(), x -> { }, lim[0], lim[1]);
                    IterateMapEmulatorTest.assertRunsAgree(wantRun, gpu.iterateMap(batch, depths, starts, s), "iterate " + what);
                    double[] gotJ = gpu.mapJacobians(batch, depths, points);
                    NewtonEmulatorTest.assertJacobiansAgree(wantJ, gotJ, n, "J " + what);
                    NewtonEmulatorTest.assertNewtonAgrees(wantN, gpu.newtonMap(batch, depths, points, s), "Newton " + what);
                    maxJ = Math.max(maxJ, maxDiff(wantJ, gotJ));
                    cases++;
                }
            }
        }
        assertEquals(16, cases);
        System.out.printf("explicit mapJacobians: largest difference %.3g%n", maxJ);
    }

    @Test
    void lyapunovAndJacobianSpectraOfExplicitNetworksMatchTheCpu() {
        Random r = new Random(303);
        double maxL = 0, maxS = 0, maxMap = 0;
        int cases = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 8; t++) {
                int n = 1 + (t * 5) % 14, depth = 1 + r.nextInt(5);
                NetworkBatch batch = explicitBatch(r, t, n, depth);
                int k = 1 + r.nextInt(n);
                InputPoints points = PointCases.points(r, t, batch.count(), n, false);
                int[] mapDepths = depth == 1 ? new int[] {1} : new int[] {1, depth};
                int steps = 4 + r.nextInt(8);
                int[] depths = depth == 1 ? new int[] {1} : new int[] {depth - 1, depth};
                LyapunovRun wantL = cpu.lyapunov(batch, points, k, mapDepths, steps);
                JacobianSpectra wantS = cpu.jacobianSpectra(batch, points, depths, true);
                for (int[] lim : LIMITS) {
                    String what = batch.arch() + " k=" + k + " limits " + Arrays.toString(lim);
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, noCpu(), x -> { }, lim[0], lim[1]);
                    LyapunovRun gotL = gpu.lyapunov(batch, points, k, mapDepths, steps);
                    JacobianEmulatorTest.assertLogSumsClose(wantL.logRSum(), gotL.logRSum(), depth, k, 1e-9, "lyapunov " + what);
                    assertMapExponentsClose(wantL.mapLambda(), gotL.mapLambda(), "map exponents " + what);
                    JacobianSpectra gotS = gpu.jacobianSpectra(batch, points, depths, true);
                    JacobianSpectraEmulatorTest.assertLogSigmaClose(wantS.logSigma(), gotS.logSigma(), depths.length, n, 1e-9,
                            "jacobian " + what);
                    for (int o = 0; o < wantS.eigLogAbs().length; o += n) {    // each spectrum; a dead (relu) one: all −∞
                        if (Double.isFinite(wantS.eigLogAbs()[o])) {
                            JacobianSpectraEmulatorTest.assertEigenvaluesClose(wantS, gotS, o, n, "eigenvalues " + what);
                        } else {
                            assertArrayEquals(Arrays.copyOfRange(wantS.eigLogAbs(), o, o + n),
                                    Arrays.copyOfRange(gotS.eigLogAbs(), o, o + n), "eigenvalues " + what);
                        }
                    }
                    maxL = Math.max(maxL, maxDiff(wantL.logRSum(), gotL.logRSum()));
                    maxMap = Math.max(maxMap, maxDiff(wantL.mapLambda(), gotL.mapLambda()));
                    maxS = Math.max(maxS, maxDiff(wantS.logSigma(), gotS.logSigma()));
                    cases++;
                }
            }
        }
        assertEquals(16, cases);
        System.out.printf("explicit lyapunov: depth sums %.3g, map exponents %.3g; jacobian ln σ %.3g%n", maxL, maxMap, maxS);
    }

    /** Map exponents within 1e-9 relative (LyapunovMapEmulatorTest's bound); NaN and ±∞ identical. */
    static void assertMapExponentsClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            double a = want[i], b = got[i];
            boolean ok = Double.isFinite(a) ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) : Double.compare(a, b) == 0;
            if (!ok) fail(what + ": [" + i + "] cpu " + a + " emu " + b);
        }
    }

    @Test
    void modesOfExplicitNetworksMatchTheCpu() {
        Random r = new Random(404);
        int cases = 0;
        try (CpuBackend cpu = new CpuBackend(1); EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 6; t++) {
                int n = 1 + (t * 5) % 12, depth = 1 + r.nextInt(4);
                NetworkBatch batch = explicitBatch(r, t == 4 ? 0 : t, n, depth);   // no linear activation (no modes)
                int s = 2 + r.nextInt(4);
                int[] basin = depth == 1 ? new int[] {1} : new int[] {1, depth};
                ModesRequest req = new ModesRequest(new ProbeInputs(s, 1, 0.2),
                        t % 2 == 0 ? NeuronModes.Definition.REGION : NeuronModes.Definition.SECANT, 0.2,
                        1 + r.nextInt(Math.min(s, 2)), 2, 2, 1e-2, basin);
                ModesResult want = cpu.modes(batch, req);
                for (int[] lim : LIMITS) {
                    String what = batch.arch() + " limits " + Arrays.toString(lim);
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, noCpu(), x -> { }, lim[0], lim[1]);
                    ModesResult got = gpu.modes(batch, req);
                    assertArrayEquals(want.modeCounts(), got.modeCounts(), what + ": mode counts");
                    ModesEmulatorTest.assertRadiiEqual(want.sampleRadius(), got.sampleRadius(), what + ": sample radius");
                    ModesEmulatorTest.assertRadiiEqual(want.weightRadius(), got.weightRadius(), what + ": weight radius");
                    cases++;
                }
            }
        }
        assertEquals(12, cases);
    }

    /**
     * The device's own draws of networks first.. of {@code arch} (netdyn_sample_layer_f64, then
     * netdyn_haar_layer_f64 for orthogonal weights: the device code every kernel samples with), as
     * explicit networks. (TensorSampler's draws differ from them where libm's log/cos differ from
     * Java's by an ulp.)
     */
    static List<NetworkWeights> deviceDraws(Device device, Architecture arch, long seed, long first, int count) {
        int n = arch.width(), depth = arch.depth();
        boolean haar = arch.weights().kind() == Distribution.Kind.ORTHOGONAL;
        double[][][] w = new double[count][depth][n * n], b = new double[count][depth][n];
        try (DeviceBuffer dw = device.alloc(8L * count * n * n); DeviceBuffer db = device.alloc(8L * count * n);
             DeviceBuffer tau = device.alloc(8L * count * n)) {
            for (int l = 1; l <= depth; l++) {
                Kernel.sampleLayer(device, 32, arch, haar ? 1.0 : arch.weightMultiplier(), seed, first, count, l, dw, db);
                if (haar) Kernel.haarLayer(device, 32, dw, tau, count, n, arch.weightMultiplier());
                for (int k = 0; k < count; k++) {
                    device.copyOut(dw, 8L * k * n * n, w[k][l - 1], 0, n * n);
                    device.copyOut(db, 8L * k * n, b[k][l - 1], 0, n);
                }
            }
        }
        List<NetworkWeights> out = new ArrayList<>();
        for (int k = 0; k < count; k++) out.add(new NetworkWeights(n, w[k], b[k]));
        return out;
    }

    /** TensorSampler's copies of sampled networks, explicit, give the sampled batch's results within the cross-backend tolerances. */
    @Test
    void sampledNetworksCopiedFromTheTensorSamplerGiveTheSampledResults() {
        Random r = new Random(707);
        double max = 0;
        try (EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 4; t++) {
                int n = 2 + (t * 5) % 11, depth = 1 + r.nextInt(3);
                Architecture arch = new Architecture(n, depth, ACTS[t % 4], t % 2 == 1, Distribution.gaussian(1.4),
                        Scaling.DEFAULT, Optional.of(Distribution.gaussian(0.3)));
                long seed = r.nextLong(), first = 17 + r.nextInt(100);
                List<NetworkWeights> nets = new ArrayList<>();
                for (int b = 0; b < 2; b++) nets.add(ReferenceNetworks.weights(arch, seed, first + b));
                NetworkBatch sampled = new NetworkBatch(arch, seed, first, 2);
                NetworkBatch explicit = NetworkBatch.explicit(arch, seed, first, 2, new ExplicitLayers(first, nets));
                CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, noCpu(), x -> { }, 64, EmulatorDevice.MAX_SHARED_BYTES);
                ProbeInputs probes = new ProbeInputs(4, 1, 0.3);
                DeviceContract.assertGramsClose(gpu.propagate(sampled, probes), gpu.propagate(explicit, probes), arch.toString());
                InputPoints points = InputPoints.random(2, 0.7);
                int[] depths = {depth};
                JacobianSpectra a = gpu.jacobianSpectra(sampled, points, depths, false), b = gpu.jacobianSpectra(explicit, points, depths, false);
                JacobianSpectraEmulatorTest.assertLogSigmaClose(a.logSigma(), b.logSigma(), 1, n, 1e-9, arch.toString());
                max = Math.max(max, maxDiff(a.logSigma(), b.logSigma()));
            }
        }
        System.out.printf("TensorSampler copies vs sampled on the emulator: ln σ within %.3g%n", max);
    }

    /** Explicit networks equal to the device's sampled ones give the sampled batch's results on the emulator, bit for bit. */
    @Test
    void explicitCopiesOfSampledNetworksGiveTheSampledResultsExactly() {
        Random r = new Random(505);
        try (EmulatorDevice device = EmulatorDevice.open()) {
            for (int t = 0; t < 4; t++) {
                int n = 2 + (t * 5) % 11, depth = 1 + r.nextInt(3);
                Architecture arch = new Architecture(n, depth, ACTS[t % 4], t % 2 == 1,
                        t == 3 ? Distribution.orthogonal(1.2) : Distribution.gaussian(1.4), Scaling.DEFAULT,
                        t % 2 == 0 ? Optional.of(Distribution.gaussian(0.3)) : Optional.empty());
                long seed = r.nextLong(), first = 17 + r.nextInt(100);
                int count = 2;
                NetworkBatch sampled = new NetworkBatch(arch, seed, first, count);
                List<NetworkWeights> nets = deviceDraws(device, arch, seed, first, count);
                NetworkBatch explicit = NetworkBatch.explicit(arch, seed, first, count, new ExplicitLayers(first, nets));
                int[] depths = depth == 1 ? new int[] {1} : new int[] {1, depth};
                InputPoints points = InputPoints.random(2, 0.7);
                StartPoints starts = new StartPoints(5, StartPoints.Box.defaultFor(arch.activation()));
                IterationSettings s = new IterationSettings(80, 1e-8, 3, 1e-5, 20);
                PointSet ps = NewtonEmulatorTest.randomPoints(r, count, depths.length, n, arch.activation() == Activation.LOGISTIC);
                ModesRequest req = new ModesRequest(new ProbeInputs(3, 1, 0.2), NeuronModes.Definition.REGION, 0.2, 2, 2, 2,
                        1e-2, depths);
                ProbeInputs probes = new ProbeInputs(4, 1, 0.3);
                String what = arch.toString();
                for (int[] lim : LIMITS) {
                    CudaBackend gpu = new CudaBackend(BackendKind.CUDA_EMU, device, noCpu(), x -> { }, lim[0], lim[1]);
                    if (arch.weights().kind() != Distribution.Kind.ORTHOGONAL) {   // orthogonal sampled: the large path
                        PropagationGrams a = gpu.propagate(sampled, probes), b = gpu.propagate(explicit, probes);
                        assertArrayEquals(a.hGram(), b.hGram(), "propagate " + what);
                        assertArrayEquals(a.yGram(), b.yGram(), "propagate " + what);
                        assertArrayEquals(a.bitGram(), b.bitGram(), "propagate " + what);
                    }
                    FixedPointRun ia = gpu.iterateMap(sampled, depths, starts, s), ib = gpu.iterateMap(explicit, depths, starts, s);
                    assertArrayEquals(ia.points(), ib.points(), "iterate " + what);
                    assertArrayEquals(ia.iterations(), ib.iterations(), "iterate " + what);
                    assertArrayEquals(gpu.mapJacobians(sampled, depths, ps), gpu.mapJacobians(explicit, depths, ps), "J " + what);
                    assertArrayEquals(gpu.newtonMap(sampled, depths, ps, s).points().x(),
                            gpu.newtonMap(explicit, depths, ps, s).points().x(), "Newton " + what);
                    LyapunovRun la = gpu.lyapunov(sampled, points, 1, depths, 6), lb = gpu.lyapunov(explicit, points, 1, depths, 6);
                    assertArrayEquals(la.logRSum(), lb.logRSum(), "lyapunov " + what);
                    assertArrayEquals(la.mapLambda(), lb.mapLambda(), "lyapunov map " + what);
                    JacobianSpectra ja = gpu.jacobianSpectra(sampled, points, depths, true);
                    JacobianSpectra jb = gpu.jacobianSpectra(explicit, points, depths, true);
                    assertArrayEquals(ja.logSigma(), jb.logSigma(), "jacobian " + what);
                    assertArrayEquals(ja.eigLogAbs(), jb.eigLogAbs(), "jacobian eigenvalues " + what);
                    if (arch.activation() != Activation.LINEAR) {
                        ModesResult ma = gpu.modes(sampled, req), mb = gpu.modes(explicit, req);
                        assertArrayEquals(ma.modeCounts(), mb.modeCounts(), "modes " + what);
                        assertArrayEquals(ma.sampleRadius(), mb.sampleRadius(), "modes " + what);
                        assertArrayEquals(ma.weightRadius(), mb.weightRadius(), "modes " + what);
                    }
                }
            }
        }
    }

    /** The explicit layers count in the device plans: a budget that holds a sampled network but not its layers refuses the explicit one. */
    @Test
    void explicitLayersCountInTheDevicePlan() {
        Random r = new Random(606);
        NetworkBatch explicit = explicitBatch(r, 0, 24, 6);
        Architecture arch = explicit.arch();
        NetworkBatch sampled = new NetworkBatch(arch, 1, 0, 1);
        IterateMapPlan plan = IterateMapPlan.of(24, 6, 1, 4, 2, 64, EmulatorDevice.MAX_SHARED_BYTES);
        long layers = DeviceLayers.bytesPerNetwork(24, 6);
        assertEquals(8L * 6 * (24 * 24 + 24), layers);
        assertEquals(plan.bytesPerNetwork(), plan.withExplicitLayers(sampled, 6).bytesPerNetwork());
        assertEquals(plan.bytesPerNetwork() + layers, plan.withExplicitLayers(explicit, 6).bytesPerNetwork());
        assertTrue(plan.withExplicitLayers(explicit, 6).networksPerLaunch(plan.bytesPerNetwork() + layers, 10) == 1);
    }
}
