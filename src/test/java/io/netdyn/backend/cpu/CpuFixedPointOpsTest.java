package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.FixedPointRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.NewtonRun;
import io.netdyn.backend.PointSet;
import io.netdyn.linalg.LuSolve;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.IterationSettings;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.Scaling;
import io.netdyn.model.StartPoints;
import io.netdyn.testing.ReferenceNetworks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fixed-point operations of the CPU backend against plain loops and known answers. */
class CpuFixedPointOpsTest {
    static final long SEED = 11;

    static Architecture arch(int n, int l, Activation a, boolean lastLinear, String w, String bias) {
        return new Architecture(n, l, a, lastLinear, Distribution.parse(w), Scaling.DEFAULT,
                bias == null ? Optional.empty() : Optional.of(Distribution.parse(bias)));
    }

    static NetworkBatch sampled(Architecture arch, int count) {
        return new NetworkBatch(arch, SEED, 0, count);
    }

    /** The weights TensorSampler gives network b: the oracle path, independent of MapEngine. */
    static NetworkWeights weights(Architecture arch, long b) {
        return ReferenceNetworks.weights(arch, SEED, b);
    }

    /** f_depth(x) by the plain formula. */
    static double[] f(NetworkWeights nw, Activation a, boolean lastLinear, int depth, double[] x) {
        return ReferenceNetworks.apply(nw, a, lastLinear, depth, x);
    }

    static double supDiff(double[] u, double[] v) {
        double d = 0;
        for (int i = 0; i < u.length; i++) d = Math.max(d, Math.abs(u[i] - v[i]));
        return d;
    }

    @Test
    void iterationMatchesThePlainLoopStartByStart() {
        Architecture a = arch(5, 3, Activation.TANH, false, "gaussian:1.6", "gaussian:0.2");
        int m = 12, maxIter = 400;
        IterationSettings s = new IterationSettings(maxIter, 1e-9, 4, 1e-5, 30);
        StartPoints starts = new StartPoints(m, StartPoints.Box.uniform(-1, 1));
        int[] depths = {1, 3};
        int nets = 6;
        try (CpuBackend be = new CpuBackend(2)) {
            FixedPointRun run = be.iterateMap(sampled(a, nets), depths, starts, s);
            int statuses[] = new int[4];
            double[] x0 = new double[m * 5];
            for (int b = 0; b < nets; b++) {
                NetworkWeights nw = weights(a, b);
                starts.fill(SEED, b, 5, StartPoints.TENSOR_ITERATE, x0);
                for (int d = 0; d < depths.length; d++) {
                    for (int st = 0; st < m; st++) {
                        int k = run.index(b, d, st);
                        double[] x = Arrays.copyOfRange(x0, st * 5, st * 5 + 5);
                        double[] got = Arrays.copyOfRange(run.points(), k * 5, k * 5 + 5);
                        statuses[run.status()[k]]++;
                        int t = 0;
                        double[] y = f(nw, a.activation(), false, depths[d], x);
                        while (t + 1 < maxIter && !(supDiff(y, x) < 1e-9 * Math.max(1, supNorm(y)))) {
                            x = y;
                            y = f(nw, a.activation(), false, depths[d], x);
                            t++;
                        }
                        boolean refConverged = supDiff(y, x) < 1e-9 * Math.max(1, supNorm(y));
                        String where = "network " + b + " depth " + depths[d] + " start " + st;
                        switch (run.status()[k]) {
                            case FixedPointRun.CONVERGED -> {
                                assertTrue(refConverged, where);
                                assertEquals(t + 1, run.iterations()[k], where);
                                assertArrayEquals(y, got, 0.0, where);
                            }
                            case FixedPointRun.CYCLE -> {
                                assertFalse(refConverged, where);
                                double[] c = got;
                                for (int q = 0; q < run.period()[k]; q++) c = f(nw, a.activation(), false, depths[d], c);
                                assertTrue(supDiff(c, got) < 1e-7, where + ": f^p(c) != c");
                                assertTrue(supDiff(f(nw, a.activation(), false, depths[d], got), got) > 1e-5, where);
                            }
                            default -> assertFalse(refConverged, where);
                        }
                    }
                }
            }
            assertTrue(statuses[FixedPointRun.CONVERGED] > 0, "some starts converge");
        }
    }

    static double supNorm(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    @Test
    void resultsDoNotDependOnThreadsAndExplicitWeightsGiveTheSameAnswers() {
        Architecture a = arch(6, 4, Activation.TANH, false, "cauchy:1", "gaussian:0.5");
        IterationSettings s = new IterationSettings(200, 1e-8, 6, 1e-5, 30);
        StartPoints starts = new StartPoints(16, StartPoints.Box.uniform(-1, 1));
        int[] depths = {2, 4};
        int nets = 9;
        List<NetworkWeights> explicit = new ArrayList<>();
        for (int b = 0; b < nets; b++) explicit.add(weights(a, b));
        NetworkBatch ex = NetworkBatch.explicit(Activation.TANH, false, SEED, explicit);
        try (CpuBackend one = new CpuBackend(1); CpuBackend three = new CpuBackend(3)) {
            FixedPointRun r1 = one.iterateMap(sampled(a, nets), depths, starts, s);
            FixedPointRun r3 = three.iterateMap(sampled(a, nets), depths, starts, s);
            FixedPointRun re = three.iterateMap(ex, depths, starts, s);
            for (FixedPointRun r : List.of(r3, re)) {
                assertArrayEquals(r1.points(), r.points(), 0.0);
                assertArrayEquals(r1.status(), r.status());
                assertArrayEquals(r1.iterations(), r.iterations());
                assertArrayEquals(r1.period(), r.period());
            }
            PointSet pts = pointsFrom(r1, nets, depths.length, 6);
            NewtonRun n1 = one.newtonMap(sampled(a, nets), depths, pts, s);
            NewtonRun n3 = three.newtonMap(ex, depths, pts, s);
            assertArrayEquals(n1.points().x(), n3.points().x(), 0.0);
            assertArrayEquals(n1.residual(), n3.residual(), 0.0);
            assertArrayEquals(one.mapJacobians(sampled(a, nets), depths, pts), three.mapJacobians(ex, depths, pts), 0.0);
        }
    }

    /** Every end point of the run, grouped by (network, depth). */
    static PointSet pointsFrom(FixedPointRun r, int nets, int nd, int n) {
        PointSet.Builder b = new PointSet.Builder(nets, nd, n);
        for (int net = 0; net < nets; net++) {
            for (int d = 0; d < nd; d++) {
                b.group(net * nd + d);
                for (int s = 0; s < r.starts(); s++) b.add(r.points(), r.index(net, d, s) * n);
            }
        }
        return b.build();
    }

    @Test
    void aShallowNetworkIsThePrefixOfADeepOne() {
        Architecture deep = arch(4, 6, Activation.LOGISTIC, true, "gaussian:3", "gaussian:1");
        IterationSettings s = new IterationSettings(300, 1e-9, 8, 1e-5, 30);
        StartPoints starts = new StartPoints(8, StartPoints.Box.uniform(0, 1));
        try (CpuBackend be = new CpuBackend(2)) {
            FixedPointRun fromDeep = be.iterateMap(sampled(deep, 5), new int[] {2}, starts, s);
            FixedPointRun fromShallow = be.iterateMap(sampled(deep.withDepth(2), 5), new int[] {2}, starts, s);
            assertArrayEquals(fromShallow.points(), fromDeep.points(), 0.0);
            assertArrayEquals(fromShallow.status(), fromDeep.status());
        }
    }

    @Test
    void jacobianMatchesCentralDifferences() {
        for (Activation act : new Activation[] {Activation.TANH, Activation.LOGISTIC, Activation.ERF}) {
            for (boolean lastLinear : new boolean[] {false, true}) {
                Architecture a = arch(5, 3, act, lastLinear, "gaussian:1.5", "gaussian:0.5");
                double[] x = {0.3, -0.7, 0.1, 0.9, -0.2};
                PointSet pts = new PointSet(2, 2, 5, new int[] {0, 1, 2, 3, 4}, concat(x, x, x, x));
                try (CpuBackend be = new CpuBackend(2)) {
                    double[] j = be.mapJacobians(sampled(a, 2), new int[] {1, 3}, pts);
                    for (int b = 0; b < 2; b++) {
                        NetworkWeights nw = weights(a, b);
                        for (int d = 0; d < 2; d++) {
                            int depth = d == 0 ? 1 : 3, p = b * 2 + d;
                            for (int k = 0; k < 5; k++) {
                                double eps = 1e-6;
                                double[] xp = x.clone(), xm = x.clone();
                                xp[k] += eps;
                                xm[k] -= eps;
                                double[] fp = f(nw, act, lastLinear, depth, xp), fm = f(nw, act, lastLinear, depth, xm);
                                for (int i = 0; i < 5; i++) {
                                    double fd = (fp[i] - fm[i]) / (2 * eps);
                                    assertEquals(fd, j[p * 25 + i * 5 + k], 1e-7 + 1e-6 * Math.abs(fd),
                                            act + " lastLinear=" + lastLinear + " depth " + depth + " J[" + i + "," + k + "]");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static double[] concat(double[]... xs) {
        int len = 0;
        for (double[] x : xs) len += x.length;
        double[] out = new double[len];
        int o = 0;
        for (double[] x : xs) { System.arraycopy(x, 0, out, o, x.length); o += x.length; }
        return out;
    }

    @Test
    void newtonOnALinearNetworkSolvesTheLinearSystem() {
        // f(x) = A x + c with A = W_3 W_2 W_1 and c = W_3 (W_2 b_1 + b_2) + b_3
        Architecture a = arch(4, 3, Activation.LINEAR, false, "gaussian:0.8", "gaussian:1");
        int n = 4;
        NetworkWeights nw = weights(a, 0);
        double[] c = f(nw, Activation.LINEAR, false, 3, new double[n]);
        double[] m = new double[n * n];                                 // I − A, column k = e_k − (f(e_k) − c)
        for (int k = 0; k < n; k++) {
            double[] e = new double[n];
            e[k] = 1;
            double[] fe = f(nw, Activation.LINEAR, false, 3, e);
            for (int i = 0; i < n; i++) m[i * n + k] = (i == k ? 1 : 0) - (fe[i] - c[i]);
        }
        double[] solution = c.clone();
        assertTrue(LuSolve.solveInPlace(m, 0, solution, 0, n));
        PointSet start = new PointSet(1, 1, n, new int[] {0, 1}, new double[] {5, -3, 2, 0.5});
        try (CpuBackend be = new CpuBackend(1)) {
            NewtonRun r = be.newtonMap(sampled(a, 1), new int[] {3}, start, new IterationSettings(10, 1e-10, 1, 1e-5, 20));
            assertTrue(r.converged()[0]);
            assertTrue(r.iterations()[0] <= 2, "Newton is exact on an affine map: " + r.iterations()[0] + " steps");
            assertArrayEquals(solution, r.points().x(), 1e-12 * Math.max(1, supNorm(solution)));
        }
    }
}
