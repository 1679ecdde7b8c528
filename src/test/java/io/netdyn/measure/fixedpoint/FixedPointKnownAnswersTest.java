package io.netdyn.measure.fixedpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.linalg.LuSolve;
import io.netdyn.linalg.SymmetricEigen;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.Scaling;
import io.netdyn.spec.FixedPointOptions;
import io.netdyn.testing.ReferenceNetworks;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The known answers of docs/measures/fixedpoints.md ("Checks (tests)") for sampled networks. */
class FixedPointKnownAnswersTest {
    static final long SEED = 5;
    static CpuBackend backend;

    @BeforeAll static void open() { backend = new CpuBackend(2); }

    @AfterAll static void close() { backend.close(); }

    static Architecture arch(int n, int l, Activation a, String w, Scaling scaling, String bias) {
        return new Architecture(n, l, a, false, Distribution.parse(w), scaling,
                bias == null ? Optional.empty() : Optional.of(Distribution.parse(bias)));
    }

    static NetworkFixedPoints[][] search(Architecture a, int networks, int[] depths, FixedPointOptions o) {
        NetworkBatch nets = new NetworkBatch(a, SEED, 0, networks);
        return new FixedPointSearch(backend, o).run(nets, depths, o.startsFor(a.activation()));
    }

    static NetworkWeights weights(Architecture a, long b) {
        return ReferenceNetworks.weights(a, SEED, b);
    }

    static double[] f(NetworkWeights nw, Activation act, int depth, double[] x) {
        return ReferenceNetworks.apply(nw, act, false, depth, x);
    }

    static double spectralNorm(double[] w, int n) {
        double[] wtw = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += w[k * n + i] * w[k * n + j];
                wtw[i * n + j] = s;
            }
        }
        return Math.sqrt(SymmetricEigen.eigenvaluesInPlace(wtw, n)[0]);
    }

    static double sup(double[] u, double[] v, double sign) {
        double d = 0;
        for (int i = 0; i < u.length; i++) d = Math.max(d, Math.abs(u[i] - sign * v[i]));
        return d;
    }

    @Test
    void aContractionHasExactlyOneFixedPointAndEveryStartFindsIt() {
        FixedPointOptions o = FixedPointOptions.defaults().withStarts(16);
        for (Activation act : new Activation[] {Activation.TANH, Activation.LOGISTIC, Activation.ERF}) {
            Architecture a = arch(6, 3, act, "gaussian:0.35", Scaling.DEFAULT, "gaussian:0.5");
            int nets = 60, checked = 0;
            NetworkFixedPoints[][] r = search(a, nets, new int[] {1, 3}, o);
            for (int b = 0; b < nets; b++) {
                NetworkWeights nw = weights(a, b);
                double bound = 1;
                for (int l = 0; l < 3; l++) {
                    bound *= spectralNorm(nw.w()[l], 6) * act.supDerivative();
                    if (l == 0 || l == 2) {
                        if (bound >= 1) continue;                        // not provably a contraction
                        NetworkFixedPoints p = r[b][l == 0 ? 0 : 1];
                        String where = act + " network " + b + " depth " + (l + 1) + " bound " + bound;
                        assertEquals(1, p.qStable(), where);
                        assertEquals(0, p.qUnstable(), where);
                        assertEquals(p.starts(), p.converged(), where);
                        assertEquals(p.starts(), p.points().get(0).basin(), where);
                        assertTrue(p.points().get(0).spectralRadius() < 1, where);
                        checked++;
                    }
                }
            }
            assertTrue(checked >= nets, act + ": only " + checked + " (network, depth) pairs were provable contractions");
        }
    }

    @Test
    void theOrderedRegimeHasOneFixedPointFromWidthEight() {
        FixedPointOptions o = FixedPointOptions.defaults().withStarts(16);
        for (int n : new int[] {8, 16}) {
            Architecture a = arch(n, 4, Activation.TANH, "gaussian:0.5", Scaling.DEFAULT, null);
            int nets = 200, q1 = 0;
            NetworkFixedPoints[][] r = search(a, nets, new int[] {1, 2, 4}, o);
            for (NetworkFixedPoints[] perNet : r) {
                for (NetworkFixedPoints p : perNet) if (p.qStable() == 1 && p.uniqueAttractor()) q1++;
            }
            assertTrue(q1 >= 0.99 * nets * 3, "N=" + n + ": " + q1 + " of " + nets * 3 + " have one global attractor");
        }
    }

    @Test
    void aRareTwoCycleAtWidthTwoIsReportedAsACycleNotAsOneFixedPoint() {
        Architecture a = arch(2, 1, Activation.TANH, "gaussian:0.5", Scaling.DEFAULT, null);
        int nets = 1500, cycleNets = 0;
        NetworkFixedPoints[][] r = search(a, nets, new int[] {1}, FixedPointOptions.defaults().withStarts(16));
        for (int b = 0; b < nets; b++) {
            NetworkFixedPoints p = r[b][0];
            if (p.cycles().isEmpty()) continue;
            cycleNets++;
            String where = "network " + b;
            Cycle c = p.cycles().get(0);
            assertEquals(2, c.period(), where);
            NetworkWeights nw = weights(a, b);
            double[] fc = f(nw, Activation.TANH, 1, c.point());
            assertTrue(sup(f(nw, Activation.TANH, 1, fc), c.point(), 1) < 1e-6, where + ": f(f(c)) = c");
            assertTrue(sup(fc, c.point(), 1) > 1e-3, where + ": c is not a fixed point");
            if (p.cycleFrac() == 1) {                 // every start fell into the cycle
                assertEquals(0, p.qStable(), where + " has a stable 2-cycle instead of a stable fixed point");
                assertTrue(p.qUnstable() >= 1, where + ": the origin is an unstable fixed point");
            }
        }
        assertTrue(cycleNets > 0 && cycleNets < 0.1 * nets, cycleNets + " of " + nets + " networks have a 2-cycle");
    }

    @Test
    void anOddActivationWithoutBiasHasTheOriginAndMirrorPairs() {
        FixedPointOptions o = FixedPointOptions.defaults().withStarts(48);
        int zeroStable = 0, pairs = 0;
        for (int n : new int[] {3, 5}) {
            Architecture a = arch(n, 2, Activation.TANH, "gaussian:2", Scaling.DEFAULT, null);
            int nets = 150;
            int[] depths = {1, 2};
            NetworkFixedPoints[][] r = search(a, nets, depths, o);
            for (int b = 0; b < nets; b++) {
                NetworkWeights nw = weights(a, b);
                for (int d = 0; d < 2; d++) {
                    NetworkFixedPoints p = r[b][d];
                    String where = "N=" + n + " network " + b + " depth " + depths[d];
                    double[] zero = new double[n];
                    assertArrayEquals(zero, f(nw, Activation.TANH, depths[d], zero), 0.0, where + ": f(0) = 0");
                    boolean originStable = false;
                    for (FixedPoint x : p.points()) {
                        double norm = 0;
                        for (double v : x.x()) norm = Math.max(norm, Math.abs(v));
                        if (norm < 1e-9) { originStable = x.stable(); continue; }
                        if (!x.stable()) continue;
                        FixedPoint mirror = null;
                        for (FixedPoint y : p.points()) if (sup(x.x(), y.x(), -1) < 1e-7) mirror = y;
                        assertTrue(mirror != null, where + ": the mirror of a stable point was not found");
                        assertEquals(x.spectralRadius(), mirror.spectralRadius(), 1e-9, where);
                        pairs++;
                    }
                    if (originStable) zeroStable++;
                    assertEquals(originStable ? 1 : 0, p.qStable() % 2, where + ": Q is odd exactly when 0 is stable");
                }
            }
        }
        assertTrue(pairs > 20 && zeroStable > 0, "both cases occur: " + pairs + " mirrored points, " + zeroStable + " stable origins");
    }

    @Test
    void aLogisticNetworkHasAFixedPointInTheUnitCube() {
        FixedPointOptions o = FixedPointOptions.defaults().withStarts(24);
        Architecture a = arch(4, 3, Activation.LOGISTIC, "gaussian:3", Scaling.NONE, "gaussian:1");
        int nets = 150;
        NetworkFixedPoints[][] r = search(a, nets, new int[] {1, 3}, o);
        for (int b = 0; b < nets; b++) {
            for (NetworkFixedPoints p : r[b]) {
                String where = "network " + b + " depth " + p.depth();
                assertTrue(p.points().size() >= 1, where + " has no fixed point (Brouwer says it has one)");
                for (FixedPoint x : p.points()) {
                    for (double v : x.x()) assertTrue(v > 0 && v < 1, where + ": fixed point outside (0,1)^N");
                }
            }
        }
    }

    @Test
    void scalarNetworksNeverHaveMoreThanThreeStableFixedPoints() {
        FixedPointOptions o = FixedPointOptions.defaults().withStarts(12).withMaxIter(400);
        String[] dists = {"gaussian:3", "cauchy:3", "stable:1.3:3", "student:1.5:3"};
        int networks = 0, maxQ = 0;
        int[] histogram = new int[8];
        for (Activation act : new Activation[] {Activation.TANH, Activation.LOGISTIC}) {
            for (String w : dists) {
                Architecture a = arch(1, 3, act, w, Scaling.DEFAULT, "gaussian:1");
                int nets = 1250;
                NetworkFixedPoints[][] r = search(a, nets, new int[] {1, 2, 3}, o);
                for (NetworkFixedPoints[] perNet : r) {
                    for (NetworkFixedPoints p : perNet) {
                        maxQ = Math.max(maxQ, p.qStable());
                        histogram[Math.min(7, p.qStable())]++;
                    }
                }
                networks += nets;
            }
        }
        assertEquals(10_000, networks);
        assertTrue(maxQ <= 3, "a scalar network with Q = " + maxQ + "; histogram of Q " + Arrays.toString(histogram));
        assertTrue(histogram[2] > 0, "bistable scalar networks occur: " + Arrays.toString(histogram));
    }

    @Test
    void aLinearNetworksFixedPointSolvesTheLinearSystem() {
        Architecture a = arch(5, 2, Activation.LINEAR, "gaussian:0.6", Scaling.DEFAULT, "gaussian:1");
        int nets = 30, checked = 0;
        NetworkFixedPoints[][] r = search(a, nets, new int[] {2}, FixedPointOptions.defaults().withStarts(8));
        for (int b = 0; b < nets; b++) {
            NetworkWeights nw = weights(a, b);
            double[] c = f(nw, Activation.LINEAR, 2, new double[5]);
            double[] m = new double[25];                                 // I − A, A = W_2 W_1
            for (int k = 0; k < 5; k++) {
                double[] e = new double[5];
                e[k] = 1;
                double[] fe = f(nw, Activation.LINEAR, 2, e);
                for (int i = 0; i < 5; i++) m[i * 5 + k] = (i == k ? 1 : 0) - (fe[i] - c[i]);
            }
            double[] x = c.clone();
            assertTrue(LuSolve.solveInPlace(m, 0, x, 0, 5));
            NetworkFixedPoints p = r[b][0];
            assertEquals(1, p.points().size(), "network " + b + ": an affine map with I − A invertible has one fixed point");
            assertArrayEquals(x, p.points().get(0).x(), 1e-10, "network " + b);
            if (p.points().get(0).stable()) {
                assertEquals(p.starts(), p.converged(), "network " + b + ": ρ(A) < 1, iteration converges");
                checked++;
            } else {
                assertEquals(0, p.converged(), "network " + b + ": ρ(A) > 1, iteration cannot converge");
            }
        }
        assertTrue(checked > nets / 2, checked + " stable linear networks");
    }
}
