package io.netdyn.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.WormholeRequest;
import io.netdyn.backend.WormholeResult;
import io.netdyn.linalg.JacobiSvd;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.MaxNormConstruction.Variant;
import io.netdyn.model.MaxNormConstruction;
import io.netdyn.model.Scaling;
import io.netdyn.model.WormholeInputs;
import io.netdyn.theory.MaxNormCollapse;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link CpuBackend#wormhole}: the reconstruction identity, collapse against n/k, references, determinism. */
class WormholeCollapseTest {
    static final long SEED = 5;

    static NetworkBatch batch(int k, int depth, int count) {
        // activation and distribution are ignored by the wormhole: anything goes
        var arch = new Architecture(k, depth, Activation.TANH, false, Distribution.cauchy(1), Scaling.DEFAULT, Optional.empty());
        return new NetworkBatch(arch, SEED, 0, count);
    }

    static WormholeResult run(int threads, NetworkBatch batch, WormholeRequest req) {
        try (CpuBackend cpu = new CpuBackend(threads)) {
            return cpu.wormhole(batch, req);
        }
    }

    static int[] range(int to) { return IntStream.rangeClosed(1, to).toArray(); }

    @Test
    void theReconstructionErrorIsAlphaTimesTheDistanceOfTheUnitOutputs() {
        double alpha = 1e3;
        for (WormholeInputs in : WormholeInputs.values()) {
            var req = new WormholeRequest(Variant.MAXABS, 48, in, 6, alpha, new int[0]);
            WormholeResult r = run(2, batch(12, 8, 5), req);
            for (int b = 0; b < 5; b++) {
                for (int d = 1; d <= 8; d++) {
                    for (int p = 0; p < 6; p++) {
                        int i = r.offset(b, d) + p;
                        double cos = 1 - 2 * r.d()[i];
                        double expected = alpha * Math.sqrt(2 * (1 - cos));       // = α‖u_a − u_b‖ = 2α√d
                        // the protocol's arithmetic rounds at α·ε; 1 − cos loses digits near 1
                        assertEquals(expected, r.error()[i], 1e-9 * alpha + 1e-9 * expected, in + " b" + b + " d" + d);
                        assertEquals(Math.acos(cos) / Math.PI, r.dTheta()[i], 1e-6, "d_θ agrees with arccos away from 0");
                        assertEquals(1 - r.dTheta()[i], r.dThetaFlipped()[i], 1e-14, "d_θ(u_b, H(−I_a)) = 1 − d_θ(u_b, H I_a)");
                    }
                }
            }
        }
    }

    /** Mean over networks of log10 σ2/σ1 at the deepest depth, and of min(d_θ, 1 − d_θ). */
    static double[] collapse(double ratio, int k, int depth, int nets) {
        var req = new WormholeRequest(Variant.MAXABS, MaxNormConstruction.rows(ratio, k), WormholeInputs.GAUSSIAN, 8, 1,
                new int[] {depth});
        WormholeResult r = run(2, batch(k, depth, nets), req);
        double sv = 0, fold = 0;
        for (int b = 0; b < nets; b++) {
            sv += Math.log10(r.svRatio()[b * depth + depth - 1]);
            for (int p = 0; p < 8; p++) {
                double g = r.dTheta()[r.offset(b, depth) + p];
                fold += Math.min(g, 1 - g);
            }
        }
        return new double[] {sv / nets, fold / (8.0 * nets)};
    }

    @Test
    void overParameterisedNetworksCollapseMuchFaster() {
        int k = 16, depth = 12, nets = 12;
        double[] wide = collapse(8, k, depth, nets), plain = collapse(1, k, depth, nets);
        // measured at this seed: n/k = 8 → log10 σ2/σ1 = −3.33, fold = 4.3e-3; n/k = 1 → −0.36, fold = 0.26
        assertTrue(wide[0] < plain[0] - 2, "log10 σ2/σ1: n/k=8 " + wide[0] + " vs n/k=1 " + plain[0]);
        assertTrue(wide[1] < 0.05 * plain[1], "min(d_θ, 1 − d_θ): n/k=8 " + wide[1] + " vs n/k=1 " + plain[1]);
        assertTrue(plain[1] > 0.1, "at n = k the outputs of unrelated inputs are still far from ±u_b: " + plain[1]);
    }

    @Test
    void theCollapseRateMatchesTheLargeKPrediction() {
        // mean log10 σ2/σ1 over 8 networks at k = 32, least-squares slope over L = 5..16
        int k = 32, from = 5, to = 16, nets = 8;
        for (Variant v : Variant.values()) {
            var req = new WormholeRequest(v, 8 * k, WormholeInputs.GAUSSIAN, 2, 1, range(to));
            WormholeResult r = run(2, batch(k, to, nets), req);
            double sx = 0, sy = 0, sxx = 0, sxy = 0, m = to - from + 1;
            for (int d = from; d <= to; d++) {
                double y = 0;
                for (int b = 0; b < nets; b++) y += Math.log10(r.svRatio()[b * to + d - 1]) / nets;
                sx += d; sy += y; sxx += d * d; sxy += d * y;
            }
            double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
            double theory = MaxNormCollapse.log10SlopePerLayer(8, v);
            assertEquals(theory, slope, 0.02, v + ": measured " + slope + ", large-k theory " + theory);
        }
    }

    @Test
    void svRatioAndDistancesMatchAPlainReference() {
        int k = 6, depth = 5, pairs = 3;
        var req = new WormholeRequest(Variant.NEGATIVE, 20, WormholeInputs.UNIFORM, pairs, 2, new int[] {2, 5});
        WormholeResult r = run(1, batch(k, depth, 2), req);
        for (int b = 0; b < 2; b++) {
            double[] xb = new double[k], xa = new double[pairs * k];
            int[] block = new int[4];
            WormholeInputs.UNIFORM.fill(SEED, b, WormholeInputs.TENSOR_TRAIN, 1, k, xb, block);
            WormholeInputs.UNIFORM.fill(SEED, b, WormholeInputs.TENSOR_TEST, pairs, k, xa, block);
            var c = new MaxNormConstruction(k, 20, Variant.NEGATIVE, SEED);
            double[] h = new double[k * k], x = xb.clone(), next = new double[k], w = new double[k * k];
            for (int i = 0; i < k; i++) h[i * k + i] = 1;
            for (int d = 1; d <= depth; d++) {
                c.layer(b, d, x, w, next);                       // unnormalised: the reference lets norms grow
                System.arraycopy(next, 0, x, 0, k);
                double[] hn = new double[k * k];
                for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) for (int m = 0; m < k; m++) hn[i * k + j] += w[i * k + m] * h[m * k + j];
                h = hn;
                double sv = r.svRatio()[b * depth + d - 1];
                if (d == 2 || d == 5) {
                    double[] s = JacobiSvd.singularValues(h, k, k);
                    assertEquals(s[1] / s[0], sv, 1e-9 * s[1] / s[0], "σ2/σ1 at depth " + d);
                } else {
                    assertTrue(Double.isNaN(sv), "σ2/σ1 only where asked");
                }
                for (int p = 0; p < pairs; p++) {
                    double[] ua = new double[k];
                    for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) ua[i] += h[i * k + j] * xa[p * k + j];
                    double dot = 0, na = 0, nb = 0;
                    int diff = 0;
                    for (int i = 0; i < k; i++) {
                        dot += x[i] * ua[i]; na += ua[i] * ua[i]; nb += x[i] * x[i];
                        if ((x[i] > 0) != (ua[i] > 0)) diff++;
                    }
                    double cos = dot / Math.sqrt(na * nb);
                    int i = r.offset(b, d) + p;
                    assertEquals((1 - cos) / 2, r.d()[i], 1e-10, "d at depth " + d);
                    assertEquals((double) diff / k, r.hamming()[i], 0.0, "sign-Hamming at depth " + d);
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        var req = new WormholeRequest(Variant.MAXABS, 40, WormholeInputs.GAUSSIAN, 4, 10, new int[] {3, 7});
        NetworkBatch bt = batch(10, 7, 9);
        WormholeResult a = run(1, bt, req), b = run(3, bt, req);
        assertArrayEquals(a.dTheta(), b.dTheta(), 0.0);
        assertArrayEquals(a.d(), b.d(), 0.0);
        assertArrayEquals(a.hamming(), b.hamming(), 0.0);
        assertArrayEquals(a.error(), b.error(), 0.0);
        assertArrayEquals(a.svRatio(), b.svRatio(), 0.0);
    }
}
