package io.netdyn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.model.Activation;
import io.netdyn.model.NetworkWeights;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** memorised and recall on hand-built maps with known fixed points and multipliers. */
class MemoryDiagnosticsTest {
    static final int N = 4;
    static final double[] X0 = {0.3, -0.5, 0.2, 0.6};

    /** f(x) = A x + (p − A p): the fixed point p, J_f = A (upper triangular: eigenvalues on the diagonal). */
    static NetworkWeights affine(double[] diag, double[] p) {
        double[] a = new double[N * N];
        for (int i = 0; i < N; i++) {
            a[i * N + i] = diag[i];
            for (int j = i + 1; j < N; j++) a[i * N + j] = 0.4;   // non-normal
        }
        double[] b = new double[N];
        for (int i = 0; i < N; i++) {
            double ap = 0;
            for (int j = 0; j < N; j++) ap += a[i * N + j] * p[j];
            b[i] = p[i] - ap;
        }
        return new NetworkWeights(N, new double[][] {a}, new double[][] {b});
    }

    static final NetworkShape LINEAR = new NetworkShape(N, 1, Activation.LINEAR, false);

    static Samples samples(double[]... xs) {
        double[] x = new double[xs.length * N];
        for (int s = 0; s < xs.length; s++) System.arraycopy(xs[s], 0, x, s * N, N);
        return Samples.regression(xs.length, N, x, x.clone());
    }

    @Test
    void aStableFixedPointAtTheSampleIsMemorisedAndRecalled() {
        NetworkWeights w = affine(new double[] {0.5, -0.7, 0.2, 0.1}, X0);
        MemoryDiagnostics md = new MemoryDiagnostics(LINEAR, MemoryDiagnostics.Settings.DEFAULT);
        MemoryDiagnostics.Attractor a = md.iterate(w, X0, 0);
        assertTrue(a.converged());
        assertEquals(0.7, a.spectralRadius(), 1e-12);
        assertTrue(a.stable());
        assertEquals(1.0, MemoryDiagnostics.memorised(LINEAR, w, samples(X0)));
        // a second sample far from the only attractor converges to X0: not memorised
        double[] x1 = {-0.8, 0.8, 0.5, -0.4};
        assertEquals(0.5, MemoryDiagnostics.memorised(LINEAR, w, samples(X0, x1)));
        MemoryDiagnostics.Attractor b = md.iterate(w, x1, 0);
        assertTrue(b.converged() && b.distance() > 1);
        // corrupted copies of X0 return to X0; copies of x1 fail (x1 is not memorised)
        assertEquals(1.0, MemoryDiagnostics.recall(LINEAR, w, samples(X0), Corruption.noise(0.3), 8, 1, 0));
        assertEquals(0.5, MemoryDiagnostics.recall(LINEAR, w, samples(X0, x1), Corruption.noise(0.3), 8, 1, 0));
        assertEquals(1.0, MemoryDiagnostics.recall(LINEAR, w, samples(X0), Corruption.mask(0.5), 4, 1, 0));
    }

    @Test
    void anUnstableFixedPointIsNotMemorised() {
        NetworkWeights w = affine(new double[] {0.5, -1.5, 0.2, 0.1}, X0);
        MemoryDiagnostics md = new MemoryDiagnostics(LINEAR, MemoryDiagnostics.Settings.DEFAULT);
        MemoryDiagnostics.Attractor a = md.iterate(w, X0, 0);
        assertTrue(a.converged(), "the iteration starts on the fixed point");
        assertEquals(1.5, a.spectralRadius(), 1e-12);
        assertFalse(a.stable());
        assertEquals(0.0, MemoryDiagnostics.memorised(LINEAR, w, samples(X0)));
        // away from it the iteration diverges
        double[] near = X0.clone();
        near[1] += 0.01;
        MemoryDiagnostics.Attractor off = md.iterate(w, near, 0);
        assertFalse(off.converged());
    }

    @Test
    void closenessDecidesWhetherANearbyAttractorCounts() {
        double[] shifted = new double[N];
        for (int i = 0; i < N; i++) shifted[i] = 1.03 * X0[i];       // 3% away from the sample
        NetworkWeights w = affine(new double[] {0.5, 0.3, 0.2, 0.1}, shifted);
        assertEquals(1.0, MemoryDiagnostics.memorised(LINEAR, w, samples(X0)));
        MemoryDiagnostics strict = new MemoryDiagnostics(LINEAR, new MemoryDiagnostics.Settings(1000, 1e-9, 0.01, 1e-5));
        assertEquals(0.0, strict.memorised(w, samples(X0)));
        assertEquals(0.03, strict.iterate(w, X0, 0).distance(), 1e-9);
    }

    @Test
    void slowContractionsNeedIterations() {
        NetworkWeights w = affine(new double[] {0.99, 0.5, 0.2, 0.1}, X0);
        double[] start = X0.clone();
        start[0] += 0.001;
        MemoryDiagnostics few = new MemoryDiagnostics(LINEAR, new MemoryDiagnostics.Settings(100, 1e-9, 0.05, 1e-5));
        assertFalse(few.iterate(w, start, 0).converged());
        MemoryDiagnostics.Attractor a = new MemoryDiagnostics(LINEAR, MemoryDiagnostics.Settings.DEFAULT).iterate(w, start, 0);
        assertTrue(a.converged());
        assertTrue(a.iterations() > 500 && a.iterations() < 1000, "iterations " + a.iterations());
    }

    @Test
    void maskCorruptionSetsRoundQNEntriesToMidRange() {
        int n = 10;
        for (Activation act : new Activation[] {Activation.TANH, Activation.LOGISTIC}) {
            NetworkShape shape = new NetworkShape(n, 1, act, false);
            MemoryDiagnostics md = new MemoryDiagnostics(shape, MemoryDiagnostics.Settings.DEFAULT);
            double[] x = new double[2 * n];
            Arrays.fill(x, 0.85);
            double[] out = new double[n];
            int[] slots = new int[n];
            double mid = act == Activation.LOGISTIC ? 0.5 : 0.0;
            for (int r = 0; r < 20; r++) {
                md.corrupt(x, 1, Corruption.mask(0.3), r, 7, 0, out, slots);
                int masked = 0;
                for (double v : out) {
                    if (v == mid) masked++;
                    else assertEquals(0.85, v);
                }
                assertEquals(3, masked);
            }
            md.corrupt(x, 0, Corruption.noise(0.1), 0, 7, 0, out, slots);
            double dev = 0;
            for (double v : out) dev += (v - 0.85) * (v - 0.85);
            assertTrue(dev > 0 && dev < 10 * 0.01 * n);
        }
        assertThrows(IllegalArgumentException.class, () -> Corruption.parse("blur:1"));
        assertThrows(IllegalArgumentException.class, () -> Corruption.parse("mask:1.5"));
        assertEquals(Corruption.noise(0.2), Corruption.parse("noise:0.2"));
    }

    @Test
    void jacobianMatchesCentralDifferences() {
        int n = 5;
        SplittableRandom rnd = new SplittableRandom(3);
        for (boolean lastLinear : new boolean[] {false, true}) {
            NetworkShape shape = new NetworkShape(n, 3, Activation.TANH, lastLinear);
            double[][] w = new double[3][n * n], b = new double[3][n];
            for (int l = 0; l < 3; l++) {
                for (int e = 0; e < n * n; e++) w[l][e] = 1.5 / Math.sqrt(n) * GradientCheckTest.gaussian(rnd);
                for (int e = 0; e < n; e++) b[l][e] = 0.2 * GradientCheckTest.gaussian(rnd);
            }
            NetworkWeights net = new NetworkWeights(n, w, b);
            MapEvaluator f = new MapEvaluator(shape);
            double[] x = new double[n], j = new double[n * n], up = new double[n], down = new double[n];
            for (int i = 0; i < n; i++) x[i] = GradientCheckTest.gaussian(rnd);
            f.jacobian(net, x, 0, j);
            double h = 1e-6;
            for (int c = 0; c < n; c++) {
                double v = x[c];
                x[c] = v + h;
                f.apply(net, x, 0, up, 0);
                x[c] = v - h;
                f.apply(net, x, 0, down, 0);
                x[c] = v;
                for (int r = 0; r < n; r++) assertEquals((up[r] - down[r]) / (2 * h), j[r * n + c], 1e-8);
            }
        }
    }
}
