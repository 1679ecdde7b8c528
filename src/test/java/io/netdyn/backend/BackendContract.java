package io.netdyn.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import io.netdyn.model.StartPoints;
import io.netdyn.model.WormholeInputs;
import io.netdyn.testing.ReferenceNetworks;
import io.netdyn.train.InitialWeights;
import io.netdyn.train.NetworkShape;
import io.netdyn.train.NetworkTrainer;
import io.netdyn.train.Optimizer;
import io.netdyn.train.OptimizerState;
import io.netdyn.train.Task;
import io.netdyn.train.TaskData;
import io.netdyn.train.TrainResult;
import io.netdyn.train.TrainSettings;
import io.netdyn.testing.Tolerances;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every {@link Backend} keeps, run over each backend by a subclass (cpu,
 * cuda-emu in CI, cuda with tag {@code gpu}): every operation against a plain reference written
 * from the formula (forward pass, Jacobian product, EJML's SVD and eigenvalues, the map itself),
 * against the CPU backend where the reference is the CPU's algorithm (basin bisection, maxnorm
 * construction), the invariances (thread count, batching, device chunks, prefix depths: bit for
 * bit) and identical validation errors. Tolerances: {@link Tolerances}. A subclass whose backend
 * cannot run here reports every test as skipped with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContract {
    protected static final long SEED = 23;

    /** Why this backend cannot run here, or null. */
    protected abstract String unavailableReason();

    /** A fresh backend with {@code threads} CPU threads. */
    protected abstract Backend openBackend(int threads);

    /**
     * A backend that must split the test batches into several device launches (its memory budget
     * holds about one network); the CPU has no device chunks and returns {@link #openBackend}.
     */
    protected Backend openChunked() { return openBackend(1); }

    /**
     * The share of discrete outcomes (a start's status and period, a neuron's mode, a basin
     * radius's bisection side) that may differ from the CPU's: 0 where the arithmetic is the
     * CPU's (the CPU itself, the emulator); a GPU contracts multiply-adds to FMA, which moves a
     * step that lands within rounding of a tolerance or a class boundary.
     */
    protected double discreteFlipAllowance() { return 0; }

    /**
     * {@link Backend#train} against the reference trainer ({@link NetworkTrainer}): weights,
     * moments and final losses relative to max(1, |reference|). 0 where the backend runs the
     * reference's arithmetic in its order (the CPU, and backends that forward training to it); a
     * backend with other summation orders or FMA overrides it.
     */
    protected double trainTolerance() { return Tolerances.EXACT; }

    /** After the chunk test: checks that {@code chunked} really split its launches (nothing to check on the CPU). */
    protected void assertSplitLaunches(Backend chunked) { }

    private Backend backend, cpu;

    @BeforeAll
    void open() {
        if (unavailableReason() == null) {
            backend = openBackend(2);
            cpu = new CpuBackend(1);
        }
    }

    @BeforeEach
    void requireBackend() {
        assumeTrue(backend != null, () -> getClass().getSimpleName() + " skipped: " + unavailableReason());
    }

    @AfterAll
    void close() {
        if (backend != null) backend.close();
        if (cpu != null) cpu.close();
    }

    // ---- the networks --------------------------------------------------------------------------

    static Architecture arch(int n, int depth, Activation a, Distribution w, boolean bias, boolean lastLinear) {
        return new Architecture(n, depth, a, lastLinear, w, Scaling.DEFAULT,
                bias ? Optional.of(Distribution.gaussian(0.3)) : Optional.empty());
    }

    /** Ordered, chaotic, heavy-tailed, rectified and saturating cases; the last layer linear or not. */
    static List<Architecture> architectures() {
        return List.of(
                arch(6, 5, Activation.TANH, Distribution.gaussian(1.5), true, false),
                arch(5, 4, Activation.TANH, Distribution.cauchy(0.6), false, true),
                arch(7, 3, Activation.RELU, Distribution.gaussian(1.2), true, false),
                arch(4, 4, Activation.LOGISTIC, Distribution.gaussian(2), true, false),
                arch(6, 4, Activation.ERF, Distribution.stable(1.5, 0.8), true, true));
    }

    static NetworkBatch sampled(Architecture a, long first, int count) {
        return new NetworkBatch(a, SEED, first, count);
    }

    static NetworkWeights weights(Architecture a, long network) {
        return ReferenceNetworks.weights(a, SEED, network);
    }

    /** h_l = W_l x + b_l of one layer (l 1-based), by the formula. */
    static double[] preActivation(NetworkWeights w, int l, double[] x) {
        int n = w.width();
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            double s = w.b()[l - 1][i];
            for (int k = 0; k < n; k++) s += w.w()[l - 1][i * n + k] * x[k];
            h[i] = s;
        }
        return h;
    }

    /** J_{f_depth}(x) = D_depth W_depth ··· D_1 W_1, D_l = diag φ'(h_l); D = I in the last layer when it is linear. */
    static double[][] plainJacobian(Architecture a, NetworkWeights w, int depth, double[] x0) {
        int n = a.width();
        double[][] j = new double[n][n];
        for (int i = 0; i < n; i++) j[i][i] = 1;
        double[] x = x0.clone();
        for (int l = 1; l <= depth; l++) {
            double[] h = preActivation(w, l, x);
            boolean linear = a.lastLinear() && l == depth;
            double[][] next = new double[n][n];
            for (int i = 0; i < n; i++) {
                double d = linear ? 1 : a.activation().dphi(h[i]);
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) s += w.w()[l - 1][i * n + k] * j[k][c];
                    next[i][c] = d * s;
                }
            }
            j = next;
            for (int i = 0; i < n; i++) x[i] = a.activation().phi(h[i]);
        }
        return j;
    }

    static double[] plainMap(Architecture a, NetworkWeights w, int depth, double[] x) {
        return ReferenceNetworks.apply(w, a.activation(), a.lastLinear(), depth, x);
    }

    /** ln σ_i of j by EJML's SVD, descending. */
    static double[] descendingLogSingularValues(double[][] j) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(j.length, j.length, false, false, true);
        assertTrue(svd.decompose(new DMatrixRMaj(j)), "EJML SVD");
        double[] s = svd.getSingularValues();
        double[] out = new double[j.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.log(s[i]);
        return descending(out);
    }

    /** ln |λ_i| of j by EJML's eigen-decomposition, descending. */
    static double[] descendingLogAbsEigenvalues(double[][] j) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(j.length, false);
        assertTrue(eig.decompose(new DMatrixRMaj(j)), "EJML eigenvalues");
        double[] out = new double[j.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.log(eig.getEigenvalue(i).getMagnitude());
        return descending(out);
    }

    private static double[] descending(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        for (int i = 0; i < s.length; i++) x[i] = s[s.length - 1 - i];
        return x;
    }

    /** ln(σ_i/σ_1) above which the plain product's σ_i is resolved: σ_i ≥ 1e-6·σ_1, far above ε·σ_1. */
    static final double RESOLVED = Math.log(1e-6);

    static double normInf(double[] x) {
        double m = 0;
        for (double v : x) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double[] row(double[] flat, int r, int n) { return Arrays.copyOfRange(flat, r * n, r * n + n); }

    // ---- every operation against its plain reference ---------------------------------------

    @Test
    void propagateGivesTheGramsOfAPlainForwardPass() {
        ProbeInputs probes = new ProbeInputs(4, 1.0, 0.3);
        for (Architecture a : architectures()) {
            int n = a.width(), s = probes.count();
            NetworkBatch batch = sampled(a, 3, 3);
            PropagationGrams g = backend.propagate(batch, probes);
            for (int b = 0; b < batch.count(); b++) {
                NetworkWeights w = weights(a, batch.first() + b);
                double[] flat = new double[s * n];
                probes.fill(SEED, batch.first() + b, n, flat);
                double[][] x = new double[s][];
                for (int r = 0; r < s; r++) x[r] = row(flat, r, n);
                for (int l = 1; l <= a.depth(); l++) {
                    double[][] h = new double[s][], y = new double[s][];
                    for (int r = 0; r < s; r++) {
                        h[r] = preActivation(w, l, x[r]);
                        y[r] = new double[n];
                        for (int i = 0; i < n; i++) {
                            y[r][i] = a.lastLinear() ? h[r][i] : a.activation().phi(h[r][i]);
                            x[r][i] = a.activation().phi(h[r][i]);
                        }
                    }
                    int off = g.offset(b, l);
                    for (int i = 0; i < s; i++) {
                        for (int j = 0; j < s; j++) {
                            String where = a + " net " + b + " layer " + l + " (" + i + "," + j + ")";
                            assertGram(dot(h[i], h[j]), dot(h[i], h[i]), dot(h[j], h[j]), g.hGram()[off + i * s + j], "h " + where);
                            assertGram(dot(y[i], y[j]), dot(y[i], y[i]), dot(y[j], y[j]), g.yGram()[off + i * s + j], "y " + where);
                            double bits = 0;
                            for (int k = 0; k < n; k++) bits += (y[i][k] > 0 ? 1 : 0) * (y[j][k] > 0 ? 1 : 0);
                            assertEquals(bits, g.bitGram()[off + i * s + j], "bits " + where);
                        }
                    }
                }
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }

    private static void assertGram(double want, double ii, double jj, double got, String what) {
        double scale = Math.max(Math.sqrt(ii * jj), Math.abs(want));
        assertEquals(want, got, Tolerances.GRAM * scale + Double.MIN_NORMAL, what);
    }

    @Test
    void mapJacobiansAreThePlainProduct() {
        int[] depths = {1, 2, 4};
        for (Architecture a : architectures()) {
            if (a.depth() < 4) continue;
            int n = a.width();
            NetworkBatch batch = sampled(a, 1, 2);
            PointSet points = randomPoints(batch.count(), depths.length, n, 2, 0.8);
            double[] j = backend.mapJacobians(batch, depths, points);
            for (int b = 0; b < batch.count(); b++) {
                NetworkWeights w = weights(a, batch.first() + b);
                for (int d = 0; d < depths.length; d++) {
                    int g = points.group(b, d);
                    for (int p = points.offsets()[g]; p < points.offsets()[g + 1]; p++) {
                        double[][] want = plainJacobian(a, w, depths[d], row(points.x(), p, n));
                        double max = 0;
                        for (double[] r : want) max = Math.max(max, normInf(r));
                        for (int r = 0; r < n; r++) {
                            for (int c = 0; c < n; c++) {
                                assertEquals(want[r][c], j[p * n * n + r * n + c], Tolerances.JACOBIAN_ENTRY * max + Double.MIN_NORMAL,
                                        a + " net " + b + " depth " + depths[d] + " point " + p + " (" + r + "," + c + ")");
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code perGroup} points per (network, depth) group, uniform in [−scale, scale]^N from a fixed seed. */
    static PointSet randomPoints(int networks, int depthCount, int n, int perGroup, double scale) {
        Random r = new Random(networks * 31L + depthCount * 7L + n);
        PointSet.Builder builder = new PointSet.Builder(networks, depthCount, n);
        double[] x = new double[n];
        for (int g = 0; g < networks * depthCount; g++) {
            builder.group(g);
            for (int p = 0; p < perGroup; p++) {
                for (int i = 0; i < n; i++) x[i] = scale * (2 * r.nextDouble() - 1);
                builder.add(x, 0);
            }
        }
        return builder.build();
    }

    @Test
    void jacobianSpectraAreThoseOfThePlainProduct() {
        int[] depths = {1, 3};
        InputPoints points = InputPoints.random(2, 1.0);
        for (Architecture a : architectures()) {
            int n = a.width();
            NetworkBatch batch = sampled(a, 0, 2);
            JacobianSpectra s = backend.jacobianSpectra(batch, points, depths, true);
            double[] x = new double[points.count() * n];
            for (int b = 0; b < batch.count(); b++) {
                NetworkWeights w = weights(a, batch.first() + b);
                points.fill(SEED, batch.first() + b, b, n, x, new int[4]);
                for (int p = 0; p < points.count(); p++) {
                    for (int d = 0; d < depths.length; d++) {
                        double[][] j = plainJacobian(a, w, depths[d], row(x, p, n));
                        double[] sigma = descendingLogSingularValues(j), lambda = descendingLogAbsEigenvalues(j);
                        int off = s.offset(b, p, d);
                        String where = a + " net " + b + " point " + p + " depth " + depths[d];
                        double sumSigma = 0, sumLambda = 0;
                        for (int i = 0; i < n; i++) {
                            // the plain product resolves σ_i only down to ~ε·σ_1: compare the resolved ones
                            if (sigma[i] - sigma[0] > RESOLVED) {
                                assertEquals(sigma[i], s.logSigma()[off + i], Tolerances.LOG_SPECTRUM * Math.max(1, Math.abs(sigma[i])),
                                        "ln σ_" + i + " " + where);
                            }
                            sumSigma += s.logSigma()[off + i];
                            sumLambda += s.eigLogAbs()[off + i];
                        }
                        // Π |λ_i| = |det J| = Π σ_i (the backend's own spectra); the largest |λ| is EJML's
                        if (s.logSigma()[off + n - 1] - s.logSigma()[off] > RESOLVED) {     // small |λ| of a near-singular J are ill-conditioned
                            assertEquals(sumSigma, sumLambda, Tolerances.LOG_SPECTRUM * n * Math.max(1, Math.abs(sumSigma)),
                                    "Σ ln|λ| " + where);
                        }
                        if (lambda[0] - sigma[0] > RESOLVED) {
                            assertEquals(lambda[0], s.eigLogAbs()[off], 1e-7 * Math.max(1, Math.abs(lambda[0])), "ln|λ_max| " + where);
                        }
                    }
                }
            }
        }
    }

    /** With k = N tangent vectors, Σ_i ln|R_ii| over the first l layers is ln|det J_l| = Σ ln σ_i(J_l). */
    @Test
    void lyapunovSumsAreTheLogDeterminantOfThePlainProduct() {
        InputPoints points = InputPoints.random(2, 1.0);
        for (Architecture a : architectures()) {
            if (a.lastLinear()) continue;               // the along-depth product uses D_l in every layer
            int n = a.width();
            NetworkBatch batch = sampled(a, 2, 2);
            LyapunovRun run = backend.lyapunov(batch, points, n, new int[0], 0);
            double[] x = new double[points.count() * n];
            for (int b = 0; b < batch.count(); b++) {
                NetworkWeights w = weights(a, batch.first() + b);
                points.fill(SEED, batch.first() + b, b, n, x, new int[4]);
                for (int p = 0; p < points.count(); p++) {
                    for (int l = 1; l <= a.depth(); l++) {
                        double[] sigma = descendingLogSingularValues(plainJacobian(a, w, l, row(x, p, n)));
                        if (sigma[n - 1] - sigma[0] < RESOLVED) continue;       // (numerically) singular: no reference determinant
                        double want = 0, got = 0;
                        for (double v : sigma) want += v;
                        for (int i = 0; i < n; i++) got += run.logRSum()[run.offset(b, p, l) + i];
                        assertEquals(want, got, Tolerances.LOG_SPECTRUM * n * Math.max(1, Math.abs(want)),
                                a + " net " + b + " point " + p + " layer " + l);
                    }
                }
            }
        }
    }

    @Test
    void iteratedPointsAreFixedPointsOrCyclesOfThePlainMap() {
        int[] depths = {1, 2, 4};
        IterationSettings settings = new IterationSettings(400, 1e-10, 4, 1e-5, 30);
        StartPoints starts = new StartPoints(6, StartPoints.Box.uniform(-1, 1));
        int converged = 0, cycles = 0;
        for (Architecture a : architectures()) {
            if (a.depth() < 4) continue;
            int n = a.width();
            NetworkBatch batch = sampled(a, 0, 3);
            FixedPointRun run = backend.iterateMap(batch, depths, starts, settings);
            for (int b = 0; b < batch.count(); b++) {
                NetworkWeights w = weights(a, b);
                for (int d = 0; d < depths.length; d++) {
                    for (int m = 0; m < starts.count(); m++) {
                        int k = run.index(b, d, m);
                        double[] x = Arrays.copyOfRange(run.points(), k * n, k * n + n);
                        String where = a + " net " + b + " depth " + depths[d] + " start " + m;
                        if (run.status()[k] == FixedPointRun.CONVERGED) {
                            double[] fx = plainMap(a, w, depths[d], x);
                            assertTrue(residual(fx, x) <= Tolerances.FIXED_POINT_SLACK * settings.tol() * Math.max(1, normInf(x)),
                                    "not a fixed point: " + where);
                            converged++;
                        } else if (run.status()[k] == FixedPointRun.CYCLE) {
                            double[] y = x;
                            for (int t = 0; t < run.period()[k]; t++) y = plainMap(a, w, depths[d], y);
                            assertTrue(residual(y, x) <= Tolerances.FIXED_POINT_SLACK * settings.mergeTol() * Math.max(1, normInf(x)),
                                    "not a cycle of period " + run.period()[k] + ": " + where);
                            cycles++;
                        }
                    }
                }
            }
        }
        assertTrue(converged > 20, "converged starts checked: " + converged + " (cycles " + cycles + ")");
    }

    private static double residual(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void newtonPointsThatConvergeAreFixedPointsOfThePlainMap() {
        int[] depths = {1, 3};
        IterationSettings settings = new IterationSettings(100, 1e-10, 1, 1e-5, 30);
        int converged = 0;
        for (Architecture a : architectures()) {
            int n = a.width();
            NetworkBatch batch = sampled(a, 1, 2);
            PointSet start = randomPoints(batch.count(), depths.length, n, 3, 1.0);
            NewtonRun run = backend.newtonMap(batch, depths, start, settings);
            for (int b = 0; b < batch.count(); b++) {
                NetworkWeights w = weights(a, batch.first() + b);
                for (int d = 0; d < depths.length; d++) {
                    int g = start.group(b, d);
                    for (int p = start.offsets()[g]; p < start.offsets()[g + 1]; p++) {
                        if (!run.converged()[p]) continue;
                        double[] x = row(run.points().x(), p, n);
                        assertTrue(residual(plainMap(a, w, depths[d], x), x)
                                        <= Tolerances.FIXED_POINT_SLACK * settings.tol() * Math.max(1, normInf(x)),
                                a + " net " + b + " depth " + depths[d] + " point " + p);
                        converged++;
                    }
                }
            }
        }
        assertTrue(converged > 10, "converged Newton points checked: " + converged);
    }

    static ModesRequest modesRequest(NeuronModes.Definition definition) {
        return new ModesRequest(new ProbeInputs(6, 1, 0), definition, 0.1, 2, 2, 4, 1e-3, new int[] {1, 3});
    }

    @Test
    void modeCountsAreThoseOfThePlainPreActivations() {
        int total = 0, differ = 0;
        for (NeuronModes.Definition def : NeuronModes.Definition.values()) {
            ModesRequest req = modesRequest(def);
            for (Architecture a : architectures()) {
                if (a.lastLinear() || a.depth() < 3) continue;
                int n = a.width(), s = req.samples().count();
                NetworkBatch batch = sampled(a, 0, 2);
                ModesResult r = backend.modes(batch, req);
                for (int b = 0; b < batch.count(); b++) {
                    NetworkWeights w = weights(a, b);
                    double[] x = new double[s * n], h = new double[s * n], scratch = new double[s];
                    req.samples().fill(SEED, b, n, x);
                    for (int l = 1; l <= a.depth(); l++) {
                        for (int p = 0; p < s; p++) System.arraycopy(preActivation(w, l, row(x, p, n)), 0, h, p * n, n);
                        int[] want = new int[3];
                        for (int i = 0; i < n; i++) want[NeuronModes.classify(a.activation(), def, req.threshold(), h, i, n, s, scratch)]++;
                        for (int k = 0; k < s * n; k++) x[k] = a.activation().phi(h[k]);
                        int off = r.countOffset(b, l);
                        total++;
                        if (!Arrays.equals(want, Arrays.copyOfRange(r.modeCounts(), off, off + 3))) {
                            differ++;
                            if (discreteFlipAllowance() == 0) {
                                assertArrayEquals(want, Arrays.copyOfRange(r.modeCounts(), off, off + 3),
                                        def + " " + a + " net " + b + " layer " + l);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(differ <= discreteFlipAllowance() * total, differ + " of " + total + " layers' mode counts differ");
    }

    // ---- operations whose reference is the CPU's algorithm ----------------------------------

    /**
     * Basin radii, fixed-point iteration outcomes and Lyapunov sums against the CPU backend: radii
     * equal (within one bisection bracket, basinTol·basinMax, for the outcomes the allowance lets
     * flip), statuses and periods equal, converged points within 1e-8, exponents within
     * {@link Tolerances#CROSS_BACKEND}.
     */
    @Test
    void outcomesMatchTheCpu() {
        ModesRequest req = modesRequest(NeuronModes.Definition.REGION);
        double bracket = req.basinTol() * req.basinMax();
        InputPoints points = InputPoints.random(2, 1.0);
        IterationSettings settings = new IterationSettings(400, 1e-8, 4, 1e-5, 10);
        int radii = 0, radiiDiffer = 0, starts = 0, startsDiffer = 0;
        for (Architecture a : architectures()) {
            if (a.depth() < 3) continue;
            int n = a.width();
            NetworkBatch batch = sampled(a, 0, 4);
            ModesResult mw = cpu.modes(batch, req), mg = backend.modes(batch, req);
            for (double[][] pair : new double[][][] {{mw.sampleRadius(), mg.sampleRadius()}, {mw.weightRadius(), mg.weightRadius()}}) {
                for (int k = 0; k < pair[0].length; k++, radii++) {
                    double x = pair[0][k], y = pair[1][k];
                    boolean exact = Double.isFinite(x) ? Math.abs(x - y) <= Tolerances.CROSS_BACKEND * Math.max(1, Math.abs(x))
                            : Double.compare(x, y) == 0;
                    if (exact) continue;
                    radiiDiffer++;
                    assertTrue(discreteFlipAllowance() > 0 && Double.isFinite(x) && Math.abs(x - y) <= bracket,
                            "radius " + k + " of " + a + ": cpu " + x + ", here " + y);
                }
            }
            FixedPointRun fw = cpu.iterateMap(batch, new int[] {1, a.depth()}, new StartPoints(8, StartPoints.Box.defaultFor(a.activation())), settings);
            FixedPointRun fg = backend.iterateMap(batch, new int[] {1, a.depth()}, new StartPoints(8, StartPoints.Box.defaultFor(a.activation())), settings);
            for (int k = 0; k < fw.status().length; k++, starts++) {
                if (fw.status()[k] != fg.status()[k] || fw.period()[k] != fg.period()[k]) {
                    startsDiffer++;
                    continue;
                }
                if (fw.status()[k] != FixedPointRun.CONVERGED) continue;
                for (int i = 0; i < n; i++) {
                    double x = fw.points()[k * n + i], y = fg.points()[k * n + i];
                    assertEquals(x, y, 1e-8 * Math.max(1, Math.abs(x)), a + " start " + k + " coordinate " + i);
                }
            }
            int[] mapDepths = {1, 3};
            LyapunovRun lw = cpu.lyapunov(batch, points, 2, mapDepths, 30), lg = backend.lyapunov(batch, points, 2, mapDepths, 30);
            assertClose(lw.logRSum(), lg.logRSum(), "ln R sums " + a);
            assertClose(lw.mapLambda(), lg.mapLambda(), "map exponents " + a);
        }
        assertTrue(radiiDiffer <= discreteFlipAllowance() * radii, radiiDiffer + " of " + radii + " radii differ");
        assertTrue(startsDiffer <= discreteFlipAllowance() * starts, startsDiffer + " of " + starts + " starts' outcomes differ");
        assertTrue(radii > 50 && starts > 200, radii + " radii, " + starts + " starts compared");
    }

    /** The maxnorm construction: the CPU's numbers, and the identities d = sin²(π d_θ / 2), flipped = 1 − d_θ. */
    @Test
    void wormholeMatchesTheCpuAndItsIdentities() {
        Architecture a = arch(6, 5, Activation.TANH, Distribution.gaussian(1), false, false);
        WormholeRequest req = new WormholeRequest(MaxNormConstruction.Variant.MAXABS, MaxNormConstruction.rows(2, 6),
                WormholeInputs.GAUSSIAN, 3, 1.0, new int[] {1, 4});
        NetworkBatch batch = sampled(a, 0, 3);
        WormholeResult want = cpu.wormhole(batch, req), got = backend.wormhole(batch, req);
        assertClose(want.dTheta(), got.dTheta(), "dTheta");
        assertClose(want.d(), got.d(), "d");
        assertClose(want.error(), got.error(), "error");
        assertClose(want.svRatio(), got.svRatio(), "svRatio");
        assertArrayEquals(want.hamming(), got.hamming(), "hamming");
        for (int k = 0; k < got.dTheta().length; k++) {
            double s = Math.sin(Math.PI * got.dTheta()[k] / 2);
            assertEquals(s * s, got.d()[k], 1e-12, "d = sin²(π d_θ/2) at " + k);
            assertEquals(1 - got.dTheta()[k], got.dThetaFlipped()[k], 1e-12, "flipped = 1 − d_θ at " + k);
        }
    }

    /** Equal within {@link Tolerances#CROSS_BACKEND} relative to max(1, |want|); infinities and NaN in the same places. */
    static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Double.isNaN(want[i]) || Double.isInfinite(want[i])) {
                assertEquals(want[i], got[i], what + " at " + i);
            } else {
                assertEquals(want[i], got[i], Tolerances.CROSS_BACKEND * Math.max(1, Math.abs(want[i])), what + " at " + i);
            }
        }
    }

    // ---- invariances: bit for bit ----------------------------------------------------------

    /** Every operation's arrays on one batch, concatenated in a fixed order. */
    private static List<double[]> everything(Backend be, NetworkBatch batch) {
        Architecture a = batch.arch();
        List<double[]> out = new ArrayList<>();
        PropagationGrams g = be.propagate(batch, new ProbeInputs(3, 1.0, 0.2));
        out.add(g.hGram());
        out.add(g.yGram());
        out.add(g.bitGram());
        JacobianSpectra s = be.jacobianSpectra(batch, InputPoints.random(2, 1.0), new int[] {1, a.depth()}, true);
        out.add(s.logSigma());
        out.add(s.eigLogAbs());
        out.add(s.eigArg());
        LyapunovRun l = be.lyapunov(batch, InputPoints.random(2, 1.0), 2, new int[] {a.depth()}, 20);
        out.add(l.logRSum());
        out.add(l.mapLambda());
        FixedPointRun f = be.iterateMap(batch, new int[] {1, a.depth()}, new StartPoints(4, StartPoints.Box.uniform(-1, 1)),
                new IterationSettings(200, 1e-10, 3, 1e-5, 20));
        out.add(f.points());
        out.add(f.residual());
        out.add(Arrays.stream(f.iterations()).asDoubleStream().toArray());
        ModesResult m = be.modes(batch, modesRequest(NeuronModes.Definition.SECANT));
        out.add(Arrays.stream(m.modeCounts()).asDoubleStream().toArray());
        out.add(m.sampleRadius());
        out.add(m.weightRadius());
        WormholeResult w = be.wormhole(batch, new WormholeRequest(MaxNormConstruction.Variant.MAXABS,
                MaxNormConstruction.rows(2, a.width()), WormholeInputs.GAUSSIAN, 2, 1.0, new int[] {a.depth()}));
        out.add(w.dTheta());
        out.add(w.error());
        out.add(w.svRatio());
        return out;
    }

    private static void assertSameArrays(List<double[]> want, List<double[]> got, String what) {
        assertEquals(want.size(), got.size(), what);
        for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), got.get(i), Tolerances.EXACT, what + ": array " + i);
    }

    private static final Architecture INVARIANCE = arch(5, 4, Activation.TANH, Distribution.gaussian(1.4), true, false);

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        NetworkBatch batch = sampled(INVARIANCE, 0, 5);
        try (Backend one = openBackend(1); Backend three = openBackend(3)) {
            assertSameArrays(everything(one, batch), everything(three, batch), "1 vs 3 threads");
        }
    }

    /** Network i's results do not depend on the batch it came in: [0, 5) equals [0, 2) then [2, 5). */
    @Test
    void resultsDoNotDependOnTheBatching() {
        List<double[]> whole = everything(backend, sampled(INVARIANCE, 0, 5));
        List<double[]> head = everything(backend, sampled(INVARIANCE, 0, 2)), tail = everything(backend, sampled(INVARIANCE, 2, 3));
        List<double[]> joined = new ArrayList<>();
        for (int i = 0; i < whole.size(); i++) {
            double[] h = head.get(i), t = tail.get(i), j = Arrays.copyOf(h, h.length + t.length);
            System.arraycopy(t, 0, j, h.length, t.length);
            joined.add(j);
        }
        assertSameArrays(whole, joined, "one batch vs two");
    }

    @Test
    void resultsDoNotDependOnDeviceChunks() {
        NetworkBatch batch = sampled(INVARIANCE, 0, 5);
        try (Backend chunked = openChunked()) {
            assertSameArrays(everything(backend, batch), everything(chunked, batch), "one launch vs chunks");
            assertSplitLaunches(chunked);
        }
    }

    /** The depth-l network is the first l layers of any deeper one: shallow results are prefixes of deep ones. */
    @Test
    void shallowNetworksArePrefixesOfDeepOnes() {
        Architecture deep = INVARIANCE.withDepth(6), shallow = INVARIANCE.withDepth(3);
        NetworkBatch db = sampled(deep, 1, 3), sb = sampled(shallow, 1, 3);
        ProbeInputs probes = new ProbeInputs(3, 1.0, 0.2);
        PropagationGrams gd = backend.propagate(db, probes), gs = backend.propagate(sb, probes);
        for (int b = 0; b < 3; b++) {
            int len = 3 * probes.count() * probes.count();
            assertArrayEquals(Arrays.copyOfRange(gs.yGram(), gs.offset(b, 1), gs.offset(b, 1) + len),
                    Arrays.copyOfRange(gd.yGram(), gd.offset(b, 1), gd.offset(b, 1) + len), Tolerances.EXACT, "Grams net " + b);
        }
        InputPoints points = InputPoints.random(2, 1.0);
        JacobianSpectra sd = backend.jacobianSpectra(db, points, new int[] {3, 6}, false);
        JacobianSpectra ss = backend.jacobianSpectra(sb, points, new int[] {3}, false);
        for (int b = 0; b < 3; b++) {
            for (int p = 0; p < 2; p++) {
                assertArrayEquals(Arrays.copyOfRange(ss.logSigma(), ss.offset(b, p, 0), ss.offset(b, p, 0) + 5),
                        Arrays.copyOfRange(sd.logSigma(), sd.offset(b, p, 0), sd.offset(b, p, 0) + 5), Tolerances.EXACT,
                        "spectra net " + b + " point " + p);
            }
        }
        LyapunovRun ld = backend.lyapunov(db, points, 2, new int[0], 0), ls = backend.lyapunov(sb, points, 2, new int[0], 0);
        for (int b = 0; b < 3; b++) {
            for (int p = 0; p < 2; p++) {
                assertArrayEquals(Arrays.copyOfRange(ls.logRSum(), ls.offset(b, p, 1), ls.offset(b, p, 3) + 2),
                        Arrays.copyOfRange(ld.logRSum(), ld.offset(b, p, 1), ld.offset(b, p, 3) + 2), Tolerances.EXACT,
                        "ln R sums net " + b + " point " + p);
            }
        }
    }

    // ---- training: the reference trainer ------------------------------------------------------

    /** A training case: a shape, a task, the settings (optimizer, η, λ, batch size). */
    record TrainCase(Architecture arch, String task, int trainSamples, TrainSettings settings) {
        TaskData data() { return TaskData.generate(Task.parse(task), arch, trainSamples, 12, SEED); }
    }

    static Architecture trainArch(int n, int depth, Activation a, boolean lastLinear) {
        return arch(n, depth, a, Distribution.gaussian(1), true, lastLinear);
    }

    /** Every optimizer, both losses, full and mini-batch, decay on and off, every activation and a linear last layer. */
    static List<TrainCase> trainCases() {
        return List.of(
                new TrainCase(trainArch(6, 3, Activation.TANH, false), "autoencode:random:4", 0,
                        TrainSettings.of(Optimizer.adam(), 0.01, SEED).withWeightDecay(1e-3)),
                new TrainCase(trainArch(7, 2, Activation.RELU, false), "classify:gauss:3", 23,
                        TrainSettings.of(Optimizer.momentum(0.9), 0.05, SEED).withBatchSize(5)),
                new TrainCase(trainArch(5, 4, Activation.LOGISTIC, false), "autoencode:random:4", 0,
                        TrainSettings.of(Optimizer.sgd(), 0.5, SEED).withBatchSize(3).withWeightDecay(1e-2)),
                new TrainCase(trainArch(6, 3, Activation.ERF, true), "classify:gauss:3", 17,
                        TrainSettings.of(Optimizer.adam(), 0.02, SEED).withBatchSize(4)),
                new TrainCase(trainArch(5, 2, Activation.LINEAR, false), "autoencode:random:4", 0,
                        TrainSettings.of(Optimizer.momentum(0.9), 0.02, SEED).withWeightDecay(1e-3)),
                new TrainCase(trainArch(9, 3, Activation.TANH, true), "classify:gauss:3", 19,
                        TrainSettings.of(Optimizer.sgd(), 0.1, SEED)),
                new TrainCase(trainArch(4, 3, Activation.HARDTANH, true), "autoencode:random:4", 0,
                        TrainSettings.of(Optimizer.adam(), 0.05, SEED).withBatchSize(2)));
    }

    static final int TRAIN_NETWORKS = 3;

    /** Fresh weights and states of networks first .. first + count − 1 of {@code c}. */
    static TrainingBatch trainingBatch(TrainCase c, TaskData data, long first, int count) {
        return trainingBatch(c.arch(), c.settings(), SEED, data, first, count);
    }

    /** Fresh weights (drawn with {@code seed}) and optimizer states of networks first .. first + count − 1 of {@code arch}. */
    public static TrainingBatch trainingBatch(Architecture arch, TrainSettings s, long seed, TaskData data, long first, int count) {
        NetworkWeights[] w = new NetworkWeights[count];
        OptimizerState[] st = new OptimizerState[count];
        for (int k = 0; k < count; k++) {
            w[k] = InitialWeights.sample(arch, seed, first + k);
            st[k] = OptimizerState.initial(s.optimizer(), arch.width(), arch.depth());
        }
        return new TrainingBatch(NetworkShape.of(arch), first, w, st, data, s);
    }

    /** The reference: each network of {@code b} (copied) trained for {@code steps} by {@link NetworkTrainer#resume}. */
    static TrainResult[] referenceTraining(TrainingBatch b, int steps) {
        NetworkTrainer t = new NetworkTrainer(b.shape());
        TrainResult[] out = new TrainResult[b.count()];
        for (int k = 0; k < b.count(); k++) {
            out[k] = t.resume(NetworkTrainer.copy(b.weights()[k]), b.states()[k].copy(), b.data(), b.settings(), steps, b.index(k), null);
        }
        return out;
    }

    static void assertClose(double want, double got, double tol, String what) {
        if (tol == 0) assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), () -> what + ": " + want + " vs " + got);
        else if (Double.isNaN(want) || Double.isNaN(got)) assertEquals(Double.isNaN(want), Double.isNaN(got), () -> what + ": " + want + " vs " + got);
        else assertTrue(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), () -> what + ": " + want + " vs " + got);
    }

    static void assertClose(double[] want, double[] got, double tol, String what) {
        if (want == null || got == null) {
            assertEquals(want == null, got == null, what);
            return;
        }
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) assertClose(want[i], got[i], tol, what + "[" + i + "]");
    }

    /** Weights, moments, step counts, divergence and final losses of two trainings. */
    static void assertSameTraining(TrainResult[] want, TrainResult[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        for (int k = 0; k < want.length; k++) {
            TrainResult a = want[k], b = got[k];
            String net = what + ", network " + a.network();
            assertEquals(a.network(), b.network(), net);
            assertEquals(a.steps(), b.steps(), net + ": steps applied");
            assertEquals(a.diverged(), b.diverged(), net + ": diverged");
            assertEquals(a.divergedAtStep(), b.divergedAtStep(), net + ": diverged at");
            assertEquals(a.state().steps(), b.state().steps(), net + ": optimizer steps");
            for (int l = 0; l < a.weights().depth(); l++) {
                assertClose(a.weights().w()[l], b.weights().w()[l], tol, net + ": W" + (l + 1));
                assertClose(a.weights().b()[l], b.weights().b()[l], tol, net + ": b" + (l + 1));
            }
            for (int t = 0; t < 2 * a.weights().depth(); t++) {
                assertClose(a.state().firstMoment(t), b.state().firstMoment(t), tol, net + ": first moment " + t);
                assertClose(a.state().secondMoment(t), b.state().secondMoment(t), tol, net + ": second moment " + t);
            }
            assertClose(a.train().loss(), b.train().loss(), tol, net + ": train loss");
            assertClose(a.test().loss(), b.test().loss(), tol, net + ": test loss");
            assertClose(a.test().accuracy(), b.test().accuracy(), tol, net + ": test accuracy");
        }
    }

    @Test
    void trainingEqualsTheReferenceTrainer() {
        for (TrainCase c : trainCases()) {
            TaskData data = c.data();
            TrainingBatch b = trainingBatch(c, data, 4, TRAIN_NETWORKS);
            TrainResult[] want = referenceTraining(b, 7);
            TrainResult[] got = backend.train(b, 7);
            String what = c.arch().activation().label() + (c.arch().lastLinear() ? " last-linear " : " ") + c.task() + " "
                    + c.settings().optimizer().label() + " B=" + c.settings().batchSize();
            assertSameTraining(want, got, trainTolerance(), what);
            for (int k = 0; k < TRAIN_NETWORKS; k++) {
                assertTrue(got[k].weights() == b.weights()[k] && got[k].state() == b.states()[k], what + ": trained in place");
                assertTrue(!got[k].diverged() && got[k].steps() == 7, what + ": trained 7 steps");
                assertTrue(!Arrays.equals(got[k].weights().w()[0], InitialWeights.sample(c.arch(), SEED, 4 + k).w()[0]), what + ": moved");
            }
        }
    }

    @Test
    void trainingDoesNotDependOnTheThreadCountOrTheCalls() {
        for (TrainCase c : List.of(trainCases().get(0), trainCases().get(1), trainCases().get(3))) {
            TaskData data = c.data();
            TrainingBatch one = trainingBatch(c, data, 2, 5), two = trainingBatch(c, data, 2, 5), pieces = trainingBatch(c, data, 2, 5);
            TrainResult[] r1, r2;
            try (Backend b1 = openBackend(1); Backend b2 = openBackend(2)) {
                r1 = b1.train(one, 9);
                r2 = b2.train(two, 9);
            }
            assertSameTraining(r1, r2, Tolerances.EXACT, "1 vs 2 threads");
            backend.train(pieces, 4);
            TrainResult[] rest = backend.train(pieces, 5);
            for (int k = 0; k < 5; k++) assertEquals(5, rest[k].steps(), "the second call's updates");
            TrainResult[] whole = new TrainResult[5];
            for (int k = 0; k < 5; k++) {
                whole[k] = new TrainResult(r1[k].network(), r1[k].weights(), r1[k].state(), 5, r1[k].diverged(),
                        r1[k].divergedAtStep(), r1[k].train(), r1[k].test());
            }
            assertSameTraining(whole, rest, Tolerances.EXACT, "9 steps vs 4 + 5");
            // zero steps only evaluates
            TrainResult[] none = backend.train(pieces, 0);
            for (int k = 0; k < 5; k++) {
                assertEquals(0, none[k].steps());
                assertEquals(9, none[k].state().steps());
                assertClose(rest[k].test().loss(), none[k].test().loss(), Tolerances.EXACT, "evaluation only");
            }
        }
    }

    @Test
    void divergedNetworksAreCountedAndNotUpdatedAgain() {
        TrainCase c = new TrainCase(trainArch(6, 2, Activation.TANH, true), "autoencode:random:3", 0,
                TrainSettings.of(Optimizer.momentum(0.9), 1e4, SEED));
        TrainingBatch b = trainingBatch(c, c.data(), 0, 3);
        TrainResult[] want = referenceTraining(b, 200);
        TrainResult[] got = backend.train(b, 200);
        assertSameTraining(want, got, trainTolerance(), "huge learning rate");
        for (TrainResult r : got) {
            assertTrue(r.diverged() && r.divergedAtStep() >= 1 && r.steps() == r.divergedAtStep() - 1, "diverged at " + r.divergedAtStep());
            assertTrue(Double.isNaN(r.train().loss()) && Double.isNaN(r.test().loss()));
        }
        NetworkWeights[] frozen = new NetworkWeights[3];
        for (int k = 0; k < 3; k++) frozen[k] = NetworkTrainer.copy(b.weights()[k]);
        TrainResult[] again = backend.train(b, 10);
        for (int k = 0; k < 3; k++) {
            assertEquals(0, again[k].steps());
            assertEquals(got[k].divergedAtStep(), again[k].divergedAtStep());
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(frozen[k].w()[l], b.weights()[k].w()[l], Tolerances.EXACT, "untouched after divergence");
                assertArrayEquals(frozen[k].b()[l], b.weights()[k].b()[l], Tolerances.EXACT, "untouched after divergence");
            }
        }
    }

    @Test
    void badTrainingArgumentsAreRefusedWithTheCpuBackendsMessages() {
        TrainCase c = trainCases().get(0);
        TaskData data = c.data();
        Architecture wide = trainArch(c.arch().width() + 1, c.arch().depth(), Activation.TANH, false);
        List<Function<Backend, Executable>> calls = List.of(
                be -> () -> be.train(trainingBatch(c, data, 0, 2), -1),
                be -> () -> {
                    TrainingBatch b = trainingBatch(c, data, 0, 2);
                    b.weights()[1] = InitialWeights.sample(wide, SEED, 1);
                    be.train(b, 1);
                },
                be -> () -> {
                    TrainingBatch b = trainingBatch(c, data, 0, 2);
                    b.states()[0] = OptimizerState.initial(Optimizer.sgd(), c.arch().width(), c.arch().depth());
                    be.train(b, 1);
                });
        for (int i = 0; i < calls.size(); i++) {
            String want = assertThrows(IllegalArgumentException.class, calls.get(i).apply(cpu), "cpu, call " + i).getMessage();
            String got = assertThrows(IllegalArgumentException.class, calls.get(i).apply(backend), "call " + i).getMessage();
            assertEquals(want, got, "call " + i);
        }
    }

    // ---- validation: the CPU's errors, word for word ---------------------------------------

    @Test
    void badArgumentsAreRefusedWithTheCpuBackendsMessages() {
        Architecture a = INVARIANCE;
        NetworkBatch batch = sampled(a, 0, 2);
        InputPoints points = InputPoints.random(2, 1.0);
        StartPoints starts = new StartPoints(2, StartPoints.Box.uniform(-1, 1));
        IterationSettings it = new IterationSettings(10, 1e-8, 2, 1e-5, 5);
        NetworkBatch explicit = NetworkBatch.explicit(a.activation(), a.lastLinear(), SEED, List.of(weights(a, 0), weights(a, 1)));
        List<Function<Backend, Executable>> calls = List.of(
                be -> () -> be.jacobianSpectra(batch, points, new int[] {3, 2}, false),
                be -> () -> be.jacobianSpectra(batch, points, new int[0], false),
                be -> () -> be.jacobianSpectra(batch, points, new int[] {a.depth() + 1}, true),
                be -> () -> be.jacobianSpectra(batch, InputPoints.given(2, new double[3]), new int[] {1}, false),
                be -> () -> be.lyapunov(batch, points, 0, new int[0], 0),
                be -> () -> be.lyapunov(batch, points, a.width() + 1, new int[0], 0),
                be -> () -> be.lyapunov(batch, points, 1, new int[] {1}, -1),
                be -> () -> be.lyapunov(batch, points, 1, new int[] {2, 1}, 5),
                be -> () -> be.lyapunov(batch, InputPoints.given(2, new double[3]), 1, new int[0], 0),
                be -> () -> be.iterateMap(batch, new int[0], starts, it),
                be -> () -> be.iterateMap(batch, new int[] {a.depth() + 1}, starts, it),
                be -> () -> be.wormhole(explicit, new WormholeRequest(MaxNormConstruction.Variant.MAXABS, 10,
                        WormholeInputs.GAUSSIAN, 2, 1.0, new int[0])));
        for (int i = 0; i < calls.size(); i++) {
            String want = assertThrows(IllegalArgumentException.class, calls.get(i).apply(cpu), "cpu, call " + i).getMessage();
            String got = assertThrows(IllegalArgumentException.class, calls.get(i).apply(backend), "call " + i).getMessage();
            assertEquals(want, got, "call " + i);
        }
    }
}
