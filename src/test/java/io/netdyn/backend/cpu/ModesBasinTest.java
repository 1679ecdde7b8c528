package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.ModesRequest;
import io.netdyn.backend.ModesResult;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.NetworkWeights;
import io.netdyn.model.NeuronModes;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import io.netdyn.model.Streams;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuBackend#modes}: basin radii of hand-built linear classifiers against the analytic
 * distance to the decision boundary, mode counts, and thread-count determinism.
 */
class ModesBasinTest {
    static final long SEED = 11;
    static final double MAX = 4, TOL = 1e-4;
    static final Distribution UNIT = Distribution.gaussian(1);

    /** A linear network f(x) = W2(W1 x + b1) + b2 of width 3 (hand-built, no randomness). */
    static NetworkWeights twoLayerLinear() {
        double[] w1 = {1.0, 0.2, -0.3, 0.1, 0.9, 0.4, -0.2, 0.3, 1.1};
        double[] b1 = {0.05, -0.1, 0.0};
        double[] w2 = {0.8, -0.4, 0.3, 0.2, 1.2, -0.1, 0.5, 0.1, 0.7};
        double[] b2 = {0.0, 0.1, -0.05};
        return new NetworkWeights(3, new double[][] {w1, w2}, new double[][] {b1, b2});
    }

    static ModesRequest request(int samples, int basinSamples, int dirs, int... depths) {
        return new ModesRequest(new ProbeInputs(samples, 1, 0), NeuronModes.Definition.REGION, 0.1,
                basinSamples, dirs, MAX, TOL, depths);
    }

    // ---- the analytic answer: y(t) = A(t) is affine (sample space) or quadratic (weight space) in t ----

    static double[] matVec(double[] w, double[] x, double[] b) {
        int n = x.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = b == null ? 0 : b[i];
            for (int j = 0; j < n; j++) y[i] += w[i * n + j] * x[j];
        }
        return y;
    }

    static int argmax(double[] y) {
        int a = 0;
        for (int i = 1; i < y.length; i++) if (y[i] > y[a]) a = i;
        return a;
    }

    /** Smallest t in (0, MAX] where some y_j(t) overtakes y_c(t), y(t) = p0 + t·p1 + t²·p2; +∞ if none. */
    static double firstCrossing(double[] p0, double[] p1, double[] p2) {
        int c = argmax(p0);
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < p0.length; j++) {
            if (j == c) continue;
            double a = p2[c] - p2[j], b = p1[c] - p1[j], d = p0[c] - p0[j];   // f(t) = a t² + b t + d, f(0) > 0
            double[] roots;
            if (Math.abs(a) < 1e-15) roots = new double[] {-d / b};
            else {
                double disc = b * b - 4 * a * d;
                if (disc < 0) continue;
                double s = Math.sqrt(disc);
                roots = new double[] {(-b - s) / (2 * a), (-b + s) / (2 * a)};
            }
            for (double r : roots) if (r > 0 && r <= MAX) best = Math.min(best, r);
        }
        return best;
    }

    static double[] direction(long network, int sample, int dir, int n) {
        int[] block = new int[4];
        double[] u = new double[n];
        double q = 0;
        for (int i = 0; i < n; i++) {
            Streams.PERTURB.block(SEED, network, 0, ModesRequest.TENSOR_INPUT_DIRECTION + dir, sample * n + i, block);
            u[i] = UNIT.draw(block);
            q += u[i] * u[i];
        }
        for (int i = 0; i < n; i++) u[i] /= Math.sqrt(q);
        return u;
    }

    /** Z_l scaled to ‖Z_l‖_F = ‖W_l‖_F, as ModesRequest defines the weight noise. */
    static double[] noise(long network, int layer, int dir, double[] w) {
        int[] block = new int[4];
        double[] z = new double[w.length];
        double qz = 0, qw = 0;
        for (int e = 0; e < w.length; e++) {
            Streams.PERTURB.block(SEED, network, layer, ModesRequest.TENSOR_WEIGHT_NOISE + dir, e, block);
            z[e] = UNIT.draw(block);
            qz += z[e] * z[e];
            qw += w[e] * w[e];
        }
        for (int e = 0; e < w.length; e++) z[e] *= Math.sqrt(qw / qz);
        return z;
    }

    static void assertRadius(double analytic, double measured, String what) {
        if (analytic == Double.POSITIVE_INFINITY) {
            assertEquals(Double.POSITIVE_INFINITY, measured, what + ": no boundary within basin-max");
            return;
        }
        // the reported radius is the upper end of the final bracket: within [r, r + tol·max]
        assertTrue(measured >= analytic - 1e-12 && measured <= analytic + TOL * MAX + 1e-12,
                what + ": analytic " + analytic + ", measured " + measured);
    }

    @Test
    void basinRadiiOfALinearClassifierAreTheDistanceToItsDecisionBoundary() {
        NetworkWeights net = twoLayerLinear();
        int n = 3, samples = 6, dirs = 3;
        var nets = NetworkBatch.explicit(Activation.LINEAR, false, SEED, List.of(net, net));
        ModesRequest req = request(samples, samples, dirs, 1, 2);
        ModesResult r;
        try (CpuBackend cpu = new CpuBackend(2)) {
            r = cpu.modes(nets, req);
        }
        double[] inputs = new double[samples * n];
        int finite = 0;
        for (int b = 0; b < 2; b++) {
            req.samples().fill(SEED, b, n, inputs);
            for (int s = 0; s < samples; s++) {
                double[] x = Arrays.copyOfRange(inputs, s * n, s * n + n);
                double norm = Math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
                for (int depth = 1; depth <= 2; depth++) {
                    double sampleBest = Double.POSITIVE_INFINITY, weightBest = Double.POSITIVE_INFINITY;
                    for (int dir = 0; dir < dirs; dir++) {
                        // sample space: y(x + t‖x‖u) = y(x) + t·‖x‖·A u, A the linear part
                        double[] u = direction(b, s, dir, n);
                        double[] du = matVec(net.w()[0], u, null);
                        double[] y0 = matVec(net.w()[0], x, net.b()[0]);
                        if (depth == 2) { du = matVec(net.w()[1], du, null); y0 = matVec(net.w()[1], y0, net.b()[1]); }
                        for (int i = 0; i < n; i++) du[i] *= norm;
                        sampleBest = Math.min(sampleBest, firstCrossing(y0, du, new double[n]));
                        // weight space: (W2 + t Z2)((W1 + t Z1) x + b1) + b2
                        double[] z1 = noise(b, 1, dir, net.w()[0]);
                        double[] h0 = matVec(net.w()[0], x, net.b()[0]), h1 = matVec(z1, x, null);
                        if (depth == 1) {
                            weightBest = Math.min(weightBest, firstCrossing(h0, h1, new double[n]));
                        } else {
                            double[] z2 = noise(b, 2, dir, net.w()[1]);
                            double[] p0 = matVec(net.w()[1], h0, net.b()[1]);
                            double[] p1 = add(matVec(net.w()[1], h1, null), matVec(z2, h0, null));
                            double[] p2 = matVec(z2, h1, null);
                            weightBest = Math.min(weightBest, firstCrossing(p0, p1, p2));
                        }
                    }
                    int at = r.radiusOffset(b, depth - 1) + s;
                    assertRadius(sampleBest, r.sampleRadius()[at], "sample radius, network " + b + " sample " + s + " depth " + depth);
                    assertRadius(weightBest, r.weightRadius()[at], "weight radius, network " + b + " sample " + s + " depth " + depth);
                    if (Double.isFinite(sampleBest) && Double.isFinite(weightBest)) finite++;
                }
            }
        }
        assertTrue(finite >= 12, "most radii lie within basin-max (" + finite + " of 24)");
        for (int b = 0; b < 2; b++) {
            for (int l = 1; l <= 2; l++) {
                assertEquals(n, r.modeCounts()[r.countOffset(b, l) + NeuronModes.ORDER_PRESERVING], "linear: all order-preserving");
            }
        }
    }

    static double[] add(double[] a, double[] b) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) c[i] += b[i];
        return c;
    }

    @Test
    void aTwoClassClassifierHasItsTextbookMargin() {
        // W = I, b = 0 on R²: class = argmax(x1, x2); along u the boundary x1 = x2 is at
        // t = (x1 − x2)/(‖x‖(u2 − u1)); with many directions the minimum nears the margin |x1 − x2|/(√2‖x‖).
        var net = new NetworkWeights(2, new double[][] {{1, 0, 0, 1}}, new double[][] {{0, 0}});
        int samples = 4, dirs = 256;
        ModesRequest req = request(samples, samples, dirs, 1);
        ModesResult r;
        try (CpuBackend cpu = new CpuBackend(1)) {
            r = cpu.modes(NetworkBatch.explicit(Activation.LINEAR, false, SEED, List.of(net)), req);
        }
        double[] x = new double[samples * 2];
        req.samples().fill(SEED, 0, 2, x);
        for (int s = 0; s < samples; s++) {
            double x1 = x[2 * s], x2 = x[2 * s + 1], norm = Math.hypot(x1, x2);
            double margin = Math.abs(x1 - x2) / (Math.sqrt(2) * norm), exact = Double.POSITIVE_INFINITY;
            for (int dir = 0; dir < dirs; dir++) {
                double[] u = direction(0, s, dir, 2);
                double t = (x1 - x2) / (norm * (u[1] - u[0]));
                if (t > 0 && t <= MAX) exact = Math.min(exact, t);
            }
            double measured = r.sampleRadius()[r.radiusOffset(0, 0) + s];
            assertRadius(exact, measured, "sample " + s);
            assertTrue(measured >= margin - 1e-12 && measured <= margin * 1.01 + TOL * MAX, "near the margin " + margin + ": " + measured);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        var arch = new Architecture(8, 6, Activation.TANH, false, Distribution.gaussian(1.5), Scaling.DEFAULT,
                Optional.of(Distribution.gaussian(0.1)));
        var nets = new NetworkBatch(arch, SEED, 3, 7);
        ModesRequest req = request(8, 3, 2, 2, 6);
        ModesResult one, three;
        try (CpuBackend a = new CpuBackend(1); CpuBackend b = new CpuBackend(3)) {
            one = a.modes(nets, req);
            three = b.modes(nets, req);
        }
        assertArrayEquals(one.modeCounts(), three.modeCounts());
        assertArrayEquals(one.sampleRadius(), three.sampleRadius(), 0.0);
        assertArrayEquals(one.weightRadius(), three.weightRadius(), 0.0);
        for (int b = 0; b < 7; b++) {
            for (int l = 1; l <= 6; l++) {
                int o = one.countOffset(b, l);
                assertEquals(8, one.modeCounts()[o] + one.modeCounts()[o + 1] + one.modeCounts()[o + 2]);
            }
        }
    }
}
