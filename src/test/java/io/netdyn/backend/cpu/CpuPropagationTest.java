package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.linalg.SymmetricEigen;
import io.netdyn.measure.PropagationStats;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import io.netdyn.model.TensorSampler;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CPU propagate op against a plain reference forward pass, across threads and depths. */
class CpuPropagationTest {
    static Architecture arch(int n, int depth, Activation a, Distribution w, boolean bias, boolean lastLinear) {
        return new Architecture(n, depth, a, lastLinear, w, Scaling.DEFAULT,
                bias ? Optional.of(Distribution.gaussian(0.3)) : Optional.empty());
    }

    static PropagationGrams run(Architecture arch, int threads, int networks, ProbeInputs probes) {
        try (CpuBackend b = new CpuBackend(threads)) {
            return b.propagate(new NetworkBatch(arch, 11, 0, networks), probes);
        }
    }

    @Test
    void identicalForOneAndFourThreads() {
        Architecture a = arch(13, 6, Activation.TANH, Distribution.cauchy(1), true, false);
        ProbeInputs p = new ProbeInputs(5, 1, 0.2);
        PropagationGrams one = run(a, 1, 37, p), four = run(a, 4, 37, p);
        assertArrayEquals(one.hGram(), four.hGram(), 0.0);
        assertArrayEquals(one.yGram(), four.yGram(), 0.0);
        assertArrayEquals(one.bitGram(), four.bitGram(), 0.0);
    }

    @Test
    void shallowNetworksArePrefixesOfDeepOnes() {
        ProbeInputs p = new ProbeInputs(4, 1, 0);
        for (boolean lastLinear : new boolean[] {false, true}) {
            Architecture deep = arch(9, 10, Activation.ERF, Distribution.stable(1.5, 1), true, lastLinear);
            PropagationGrams d = run(deep, 2, 6, p), s = run(deep.withDepth(4), 2, 6, p);
            for (int b = 0; b < 6; b++) {
                for (int l = 1; l <= 4; l++) {
                    int od = d.offset(b, l), os = s.offset(b, l), len = 16;
                    assertArrayEquals(Arrays.copyOfRange(s.yGram(), os, os + len),
                            Arrays.copyOfRange(d.yGram(), od, od + len), 0.0, "net " + b + " layer " + l);
                }
            }
        }
    }

    @Test
    void gramsAndStatisticsMatchAPlainForwardPass() {
        int n = 7, depth = 5, s = 4, nets = 3;
        ProbeInputs p = new ProbeInputs(s, 2, 0.5);
        for (Activation act : new Activation[] {Activation.TANH, Activation.RELU, Activation.LOGISTIC}) {
            for (boolean lastLinear : new boolean[] {false, true}) {
                Architecture a = arch(n, depth, act, Distribution.gaussian(1.5), true, lastLinear);
                PropagationGrams g = run(a, 3, nets, p);
                PropagationStats stats = new PropagationStats(s);
                double[] got = new double[PropagationStats.NAMES.length];
                for (int net = 0; net < nets; net++) {
                    double[][] x = new double[s][n];
                    double[] flat = new double[s * n];
                    p.fill(11, net, n, flat);
                    for (int r = 0; r < s; r++) x[r] = Arrays.copyOfRange(flat, r * n, r * n + n);
                    TensorSampler ts = new TensorSampler(a, 11);
                    double[] w = new double[n * n], bias = new double[n];
                    for (int l = 1; l <= depth; l++) {
                        ts.weights(net, l, w);
                        ts.biases(net, l, bias);
                        double[][] h = new double[s][n], y = new double[s][n];
                        for (int r = 0; r < s; r++) {
                            for (int i = 0; i < n; i++) {
                                double acc = bias[i];
                                for (int j = 0; j < n; j++) acc += w[i * n + j] * x[r][j];
                                h[r][i] = acc;
                                y[r][i] = lastLinear ? acc : act.phi(acc);
                            }
                        }
                        for (int r = 0; r < s; r++) for (int i = 0; i < n; i++) x[r][i] = act.phi(h[r][i]);
                        stats.compute(g, net, l, 1e-3, got);
                        double[] want = reference(h, y, n, s);
                        String where = act + " lastLinear=" + lastLinear + " net " + net + " layer " + l;
                        assertEquals(want[0], got[0], 1e-12 * Math.abs(want[0]) + 1e-15, "q " + where);
                        assertEquals(want[1], got[1], 1e-10, "c " + where);
                        assertEquals(want[2], got[2], 1e-10, "cos " + where);
                        assertEquals(want[4], got[4], 1e-8, "d_theta " + where);
                        assertEquals(want[5], got[5], 1e-12, "hamming " + where);
                        assertEquals(want[7], got[7], 1e-6, "sv_ratio " + where);
                    }
                }
            }
        }
    }

    /** Direct formulas on the vectors (no Gram matrices); σ from YᵀY (N×N), not YYᵀ. */
    static double[] reference(double[][] h, double[][] y, int n, int s) {
        double[] out = new double[PropagationStats.NAMES.length];
        double q = 0;
        for (double[] r : h) for (double v : r) q += v * v;
        out[0] = q / (s * n);
        double c = 0, cos = 0, dth = 0, ham = 0;
        int pairs = 0;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                c += cosine(h[i], h[j]);
                double cij = cosine(y[i], y[j]);
                cos += cij;
                dth += Math.acos(Math.max(-1, Math.min(1, cij))) / Math.PI;
                int diff = 0;
                for (int k = 0; k < n; k++) if ((y[i][k] > 0) != (y[j][k] > 0)) diff++;
                ham += (double) diff / n;
                pairs++;
            }
        }
        out[1] = c / pairs;
        out[2] = cos / pairs;
        out[4] = dth / pairs;
        out[5] = ham / pairs;
        double[] yty = new double[n * n];
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) for (double[] r : y) yty[a * n + b] += r[a] * r[b];
        double[] ev = SymmetricEigen.eigenvaluesInPlace(yty, n);
        out[7] = Math.sqrt(Math.max(ev[1], 0)) / Math.sqrt(ev[0]);
        return out;
    }

    static double cosine(double[] a, double[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int k = 0; k < a.length; k++) { ab += a[k] * b[k]; aa += a[k] * a[k]; bb += b[k] * b[k]; }
        return ab / Math.sqrt(aa * bb);
    }
}
