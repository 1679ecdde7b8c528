package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.PropagationGrams;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.linalg.SymmetricEigen;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.ProbeInputs;
import io.netdyn.model.Scaling;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PropagationStats' effective rank and σ2/σ1 (eigenvalues by TridiagonalEigen) against the same
 * formulas on Jacobi's eigenvalues (SymmetricEigen), on output Grams of real networks from the
 * CPU propagate op, and on non-finite and degenerate Grams.
 */
class PropagationSpectrumTest {
    private static final double EPS = 0x1p-52;

    /**
     * Tolerance of a statistic that moves with the eigenvalues: both solvers are normwise backward
     * stable, |Δλ_k| ≤ δ = 8ε·λ_1, so Δσ_k ≤ min(δ/(2σ_k), √δ); to first order
     * Δ ln(erank) = Σ_k Δp_k (ln p_k + H), and Δ(σ2/σ1) ≤ (Δσ_2 + (σ2/σ1)Δσ_1)/σ_1.
     */
    private static double[] tolerance(double[] ev) {
        int s = ev.length;
        double delta = 8 * EPS * Math.max(ev[0], 0), sum = 0;
        double[] sigma = new double[s], ds = new double[s];
        for (int k = 0; k < s; k++) {
            sigma[k] = Math.sqrt(Math.max(ev[k], 0));
            ds[k] = sigma[k] > 0 ? Math.min(delta / (2 * sigma[k]), Math.sqrt(delta)) : Math.sqrt(delta);
            sum += sigma[k];
        }
        double h = 0;
        for (int k = 0; k < s; k++) { double p = sigma[k] / sum; if (p > 0) h -= p * Math.log(p); }
        double rank = 0;
        for (int k = 0; k < s; k++) {
            double dp = ds[k] / sum, p = Math.max(sigma[k] / sum, dp);
            rank += dp * (Math.abs(Math.log(p)) + h + 1);
        }
        double ratio = (ds[1] + sigma[1] / sigma[0] * ds[0]) / sigma[0];
        return new double[] {rank + 1e-14, ratio / (sigma[1] / sigma[0]) + 1e-14};
    }

    private static double[] jacobiStats(double[] y, int off, int s) {
        double[] ev = SymmetricEigen.eigenvaluesInPlace(Arrays.copyOfRange(y, off, off + s * s), s);
        double[] out = new double[PropagationStats.NAMES.length];
        PropagationStats.fromEigenvalues(ev, 0, out);
        return new double[] {out[6], out[7]};
    }

    @Test
    void statisticsAgreeWithJacobiOnRealGrams() {
        // W3's cell (tanh, gaussian:1, N = 16, S = 8, depths 1..20), ordered (collapsing) and
        // chaotic tanh, relu, heavy-tailed weights
        Object[][] cells = {
            {Activation.TANH, Distribution.gaussian(1), 16, 8, 150},
            {Activation.TANH, Distribution.gaussian(0.6), 16, 8, 30},
            {Activation.TANH, Distribution.gaussian(2.5), 16, 8, 30},
            {Activation.RELU, Distribution.gaussian(1.4), 16, 8, 30},
            {Activation.TANH, Distribution.cauchy(1), 16, 8, 30},
            {Activation.TANH, Distribution.gaussian(1), 8, 5, 30},
        };
        for (Object[] c : cells) {
            Activation act = (Activation) c[0];
            Distribution dist = (Distribution) c[1];
            int n = (int) c[2], s = (int) c[3], nets = (int) c[4], depth = 20;
            Architecture arch = new Architecture(n, depth, act, false, dist, Scaling.DEFAULT, Optional.empty());
            PropagationGrams g;
            try (CpuBackend backend = new CpuBackend(1)) {
                g = backend.propagate(new NetworkBatch(arch, 5, 0, nets), new ProbeInputs(s, 1, 0));
            }
            PropagationStats stats = new PropagationStats(s);
            double[] out = new double[PropagationStats.NAMES.length];
            int beyond = 0, total = 0;
            double worstRank = 0, worstRatio = 0;
            for (int b = 0; b < nets; b++) {
                for (int l = 1; l <= depth; l++) {
                    int off = g.offset(b, l);
                    stats.compute(g, b, l, 1e-3, out);
                    double[] want = jacobiStats(g.yGram(), off, s);
                    double[] ev = SymmetricEigen.eigenvaluesInPlace(Arrays.copyOfRange(g.yGram(), off, off + s * s), s);
                    double[] tol = tolerance(ev);
                    String where = act + " " + dist + " N=" + n + " net " + b + " depth " + l;
                    double dr = Math.abs(out[6] - want[0]) / want[0], dq = Math.abs(out[7] - want[1]) / want[1];
                    assertTrue(dr <= tol[0], "effective rank " + out[6] + " vs " + want[0] + " (tol " + tol[0] + ") " + where);
                    assertTrue(dq <= tol[1], "sv_ratio " + out[7] + " vs " + want[1] + " (tol " + tol[1] + ") " + where);
                    worstRank = Math.max(worstRank, dr);
                    worstRatio = Math.max(worstRatio, dq);
                    if (dr > 1e-12 || dq > 1e-12) beyond++;
                    total++;
                }
            }
            System.out.printf("%s %s N=%d S=%d: %d Grams, effective rank max rel. diff %.2e, sv_ratio %.2e, beyond 1e-12: %d%n",
                    act, dist, n, s, total, worstRank, worstRatio, beyond);
            if (c == cells[0]) {                              // W3: 1e-12 but for a few Grams at depth ≥ 15
                assertTrue(beyond <= total / 500, beyond + " of " + total + " beyond 1e-12");
                assertTrue(worstRatio <= 1e-12, "sv_ratio " + worstRatio);
            }
        }
    }

    @Test
    void aPureFunctionOfTheGram() {
        Architecture arch = new Architecture(16, 12, Activation.TANH, false, Distribution.gaussian(1), Scaling.DEFAULT, Optional.empty());
        PropagationGrams g;
        try (CpuBackend backend = new CpuBackend(1)) {
            g = backend.propagate(new NetworkBatch(arch, 9, 0, 20), new ProbeInputs(8, 1, 0));
        }
        int n = 20 * 12, k = PropagationStats.NAMES.length;
        double[] forward = new double[n * k], backward = new double[n * k], out = new double[k];
        PropagationStats one = new PropagationStats(8), other = new PropagationStats(8);
        for (int i = 0; i < n; i++) {
            one.compute(g, i / 12, 1 + i % 12, 1e-3, out);
            System.arraycopy(out, 0, forward, i * k, k);
        }
        for (int i = n - 1; i >= 0; i--) {                   // another instance, the other order
            other.compute(g, i / 12, 1 + i % 12, 1e-3, out);
            System.arraycopy(out, 0, backward, i * k, k);
        }
        assertArrayEquals(forward, backward, 0.0);
    }

    @Test
    void nonFiniteAndDegenerateGramsGiveJacobisStatistics() {
        int s = 3;
        double nan = Double.NaN, inf = Double.POSITIVE_INFINITY;
        double[][] grams = {
            {nan, 0, 0, 0, 1, 0, 0, 0, 2}, {1, nan, 0, nan, 1, 0, 0, 0, 2}, {inf, 0, 0, 0, 1, 0, 0, 0, 2},
            {inf, 1, 0, 1, 1, 0, 0, 0, 2}, {1, inf, 1, inf, 4, 1, 1, 1, 2}, {inf, inf, inf, inf, inf, inf, inf, inf, inf},
            {0, 0, 0, 0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1, 1, 1}, {4, 0, 0, 0, 0, 0, 0, 0, 0},
        };
        for (double[] y : grams) {
            PropagationGrams g = new PropagationGrams(1, 1, s, 4, y.clone(), y.clone(), y.clone());
            double[] out = new double[PropagationStats.NAMES.length];
            new PropagationStats(s).compute(g, 0, 1, 1e-3, out);
            double[] want = jacobiStats(y, 0, s);
            assertArrayEquals(want, new double[] {out[6], out[7]}, 1e-15, Arrays.toString(y));
            if (Double.isNaN(want[0])) assertTrue(Double.isNaN(out[6]) && Double.isNaN(out[7]), Arrays.toString(y));
        }
        // rank 1: every σ_k beyond the first from rounding only, the statistics at 1 and 0
        double[] one = new double[64];
        double[] v = {0.3, -1.2, 0.7, 2.0, 0.1, -0.4, 1.1, 0.9};
        for (int i = 0; i < 8; i++) for (int j = 0; j < 8; j++) one[i * 8 + j] = v[i] * v[j];
        double[] out = new double[PropagationStats.NAMES.length];
        new PropagationStats(8).compute(new PropagationGrams(1, 1, 8, 4, one, one, one), 0, 1, 1e-3, out);
        assertEquals(1, out[6], 1e-6);
        assertEquals(0, out[7], 1e-7);
    }
}
