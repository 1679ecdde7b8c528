package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.InputPoints;
import io.netdyn.backend.LyapunovRun;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Streams;
import io.netdyn.model.TensorSampler;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The CPU lyapunov op: known answers on linear networks, prefix and thread invariance, chaos sign. */
class CpuLyapunovTest {
    static LyapunovRun run(Architecture a, int threads, int networks, int k, int[] mapDepths, int steps) {
        try (CpuBackend b = new CpuBackend(threads)) {
            return b.lyapunov(new NetworkBatch(a, 11, 0, networks), InputPoints.random(1, 0.8), k, mapDepths, steps);
        }
    }

    /** Σ_i λ_i = (1/L) ln|det ∏ W_l| for a square linear network (k = N), at every depth. */
    @Test
    void sumOfAllExponentsOfALinearNetworkIsTheLogDeterminant() {
        for (int n : new int[] {1, 3, 7}) {
            Architecture a = CpuJacobianTest.arch(n, 6, Activation.LINEAR, Distribution.gaussian(1.1), true, false);
            LyapunovRun r = run(a, 2, 3, n, new int[0], 0);
            TensorSampler ts = new TensorSampler(a, 11);
            double[] w = new double[n * n];
            for (int b = 0; b < 3; b++) {
                double logDet = 0;
                for (int l = 1; l <= 6; l++) {
                    ts.weights(b, l, w);
                    logDet += Math.log(Math.abs(CommonOps_DDRM.det(new DMatrixRMaj(n, n, true, w))));
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += r.logRSum()[r.offset(b, 0, l) + i] / l;
                    assertEquals(logDet / l, sum, 1e-11 * (1 + Math.abs(logDet)), "N=" + n + " network " + b + " depth " + l);
                }
            }
        }
    }

    /** s·orthogonal linear layers: every exponent, along depth and along the map, is ln s. */
    @Test
    void scaledOrthogonalLinearNetworkHasAllExponentsLnS() {
        Architecture a = CpuJacobianTest.arch(5, 4, Activation.LINEAR, Distribution.orthogonal(0.5), false, true);
        LyapunovRun r = run(a, 1, 2, 3, new int[] {1, 4}, 10);
        for (int b = 0; b < 2; b++) {
            for (int l = 1; l <= 4; l++) {
                for (int i = 0; i < 3; i++) assertEquals(Math.log(0.5), r.logRSum()[r.offset(b, 0, l) + i] / l, 1e-13);
            }
            assertEquals(Math.log(0.5), r.mapLambda()[r.mapOffset(b, 0)], 1e-13);          // per application of f_1
            assertEquals(4 * Math.log(0.5), r.mapLambda()[r.mapOffset(b, 0) + 1], 1e-12);  // f_4 = 4 layers
        }
    }

    /** k = 1: Σ ln|R_11| = ln(‖J_L q_0‖/‖q_0‖) with q_0 the tensor-0 PERTURB draw (explicit J). */
    @Test
    void topExponentIsTheGrowthOfTheFirstTangentVector() {
        int n = 6, depth = 5;
        Architecture a = CpuJacobianTest.arch(n, depth, Activation.TANH, Distribution.gaussian(1.5), true, false);
        LyapunovRun r = run(a, 1, 2, 1, new int[0], 0);
        Distribution unit = Distribution.gaussian(1);
        int[] block = new int[4];
        for (int b = 0; b < 2; b++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                Streams.PERTURB.block(11, b, 0, 0, i, block);
                v[i] = unit.draw(block);
            }
            double[] x = new double[n];
            InputPoints.random(1, 0.8).fill(11, b, b, n, x, block);
            TensorSampler ts = new TensorSampler(a, 11);
            double[] w = new double[n * n], bias = new double[n];
            double logNorm0 = 0.5 * Math.log(dot(v, v));
            for (int l = 1; l <= depth; l++) {
                ts.weights(b, l, w);
                ts.biases(b, l, bias);
                double[] h = new double[n], nv = new double[n];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) { h[i] += w[i * n + k] * x[k]; nv[i] += w[i * n + k] * v[k]; }
                    h[i] += bias[i];
                    nv[i] *= a.activation().dphi(h[i]);
                }
                for (int i = 0; i < n; i++) x[i] = a.activation().phi(h[i]);
                v = nv;
                assertEquals(0.5 * Math.log(dot(v, v)) - logNorm0, r.logRSum()[r.offset(b, 0, l)], 1e-12, "depth " + l);
            }
        }
    }

    @Test
    void leadingExponentsDoNotDependOnKAndResultsNotOnThreads() {
        Architecture a = CpuJacobianTest.arch(8, 6, Activation.TANH, Distribution.gaussian(2), true, false);
        LyapunovRun k5 = run(a, 1, 9, 5, new int[] {2, 6}, 12), k5t = run(a, 3, 9, 5, new int[] {2, 6}, 12);
        assertArrayEquals(k5.logRSum(), k5t.logRSum(), 0.0);
        assertArrayEquals(k5.mapLambda(), k5t.mapLambda(), 0.0);
        LyapunovRun k2 = run(a, 2, 9, 2, new int[0], 0);
        for (int b = 0; b < 9; b++) {
            for (int l = 1; l <= 6; l++) {
                for (int i = 0; i < 2; i++) {
                    assertEquals(k5.logRSum()[k5.offset(b, 0, l) + i], k2.logRSum()[k2.offset(b, 0, l) + i], 1e-12);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> run(a, 1, 1, 9, new int[0], 0));
        assertThrows(IllegalArgumentException.class, () -> run(a, 1, 1, 2, new int[] {7}, 5));
    }

    /** The iterated map of a wide tanh network is chaotic for large σ_w and contracting for small σ_w. */
    @Test
    void mapExponentSignFollowsTheOrderChaosTransition() {
        double[] means = new double[2];
        double[] scales = {0.5, 3.0};
        for (int s = 0; s < 2; s++) {
            Architecture a = CpuJacobianTest.arch(48, 2, Activation.TANH, Distribution.gaussian(scales[s]), false, false);
            LyapunovRun r = run(a, 2, 6, 1, new int[] {1, 2}, 200);
            for (double v : r.mapLambda()) means[s] += v / r.mapLambda().length;
        }
        assertTrue(means[0] < -0.3, "ordered σ_w = 0.5: " + means[0]);
        assertTrue(means[1] > 0.2, "chaotic σ_w = 3: " + means[1]);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
