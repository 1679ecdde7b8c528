package io.netdyn.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.backend.InputPoints;
import io.netdyn.backend.JacobianSpectra;
import io.netdyn.backend.NetworkBatch;
import io.netdyn.backend.cpu.CpuBackend;
import io.netdyn.model.Activation;
import io.netdyn.model.Architecture;
import io.netdyn.model.Distribution;
import io.netdyn.model.Scaling;
import io.netdyn.theory.CircularLaw;
import io.netdyn.theory.FreeJacobianDensity;
import io.netdyn.theory.FussCatalan;
import io.netdyn.theory.MarchenkoPastur;
import io.netdyn.theory.MeanField;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sampled Jacobian spectra (CPU backend, inputs at q*) against the theory of docs/theory.md
 * ("μ_k and the Jacobian moments", "The density of JJᵀ"); the checks are listed in
 * docs/measures/jacobian.md ("Validation (tests)").
 *
 * <p>Tolerances, from the sampling error of the networks used plus the finite-width bias
 * measured in docs/measures/jacobian.md (N = 400, 12 networks, Frobenius shortcut):
 * <ul>
 *   <li>m1 at N = 400: per-network relative sd ≈ 0.9% (L = 1) and 4.9% (L = 4) (multiplicative
 *       layer-to-layer fluctuations); with 4 networks the standard error is 0.45% and 2.4%;
 *       finite-N bias ≤ 0.6% in magnitude. Tolerance ≈ 3·se + |bias|: 1.5% (L = 1), 8% (L = 4).</li>
 *   <li>m2/m1² per network (self-averaging): sd 0.3% (L = 1), 1.5% (L = 4), so se 0.15% and
 *       0.75%; finite-N bias +0.1% (L = 1), +0.7% (L = 4). Tolerance 1% (L = 1), 3% (L = 4).</li>
 *   <li>KS distances: sampling noise of pooled spectra is below 1/√(values) ≈ 0.02; the finite-N
 *       edge of the circular law adds ≈ 1/√(2πN). Expensive theory CDFs are compared through a
 *       rigorous upper bound on a grid (see {@link #ksUpperBound}), which adds ≤ 1/G = 0.02.</li>
 * </ul>
 */
class JacobianTheoryTest {
    static final int N = 400, NETS = 4;
    static final double SW = 1.05, SB = 0.05;                  // tanh near the edge of chaos: χ1 = 0.971
    static JacobianSpectra tanh400;
    static MeanField tanhField;
    static final int[] DEPTHS = {1, 4};

    static Architecture arch(int n, int depth, Activation a, Distribution w, double sb) {
        return new Architecture(n, depth, a, false, w, Scaling.DEFAULT,
                sb > 0 ? Optional.of(Distribution.gaussian(sb)) : Optional.empty());
    }

    static JacobianSpectra spectra(Architecture a, double q, int networks, int[] depths, boolean eig) {
        try (CpuBackend b = new CpuBackend(2)) {
            return b.jacobianSpectra(new NetworkBatch(a, 2024, 0, networks), InputPoints.random(1, q), depths, eig);
        }
    }

    @BeforeAll
    static void sampleTanh() {
        Architecture a = arch(N, 4, Activation.TANH, Distribution.gaussian(SW), SB);
        MeanFieldInput in = MeanFieldInput.choose(a, 1.0);
        assertEquals("qstar", in.source());
        tanhField = in.theory().orElseThrow();
        tanh400 = spectra(a, in.q(), NETS, DEPTHS, false);
    }

    @Test
    void momentsMatchMeanFieldAtWidth400() {
        double[] m1Tol = {0.015, 0.08}, ratioTol = {0.01, 0.03};
        for (int d = 0; d < DEPTHS.length; d++) {
            int l = DEPTHS[d];
            double m1 = 0, ratio = 0;
            for (int b = 0; b < NETS; b++) {
                double[] m = moments(tanh400.logSigma(), tanh400.offset(b, 0, d), N);
                m1 += m[1] / NETS;
                ratio += m[2] / (m[1] * m[1]) / NETS;
            }
            double m1Th = tanhField.jacobianM1(l), ratioTh = tanhField.jacobianM2Ratio(l);
            System.out.printf("jacobian N=%d L=%d: m1 %.5f vs %.5f (%+.2f%%), m2/m1² %.4f vs %.4f (%+.2f%%)%n",
                    N, l, m1, m1Th, 100 * (m1 / m1Th - 1), ratio, ratioTh, 100 * (ratio / ratioTh - 1));
            assertEquals(m1Th, m1, m1Tol[d] * m1Th, "m1 at L=" + l);
            assertEquals(ratioTh, ratio, ratioTol[d] * ratioTh, "m2/m1² at L=" + l);
        }
    }

    /** KS distance between sampled σ² and the free-probability density, tanh near criticality. */
    @Test
    void singularValueDistributionMatchesFreeProbability() {
        for (int d = 0; d < DEPTHS.length; d++) {
            FreeJacobianDensity f = FreeJacobianDensity.of(tanhField, DEPTHS[d]);
            double[] lam = pooledLambda(tanh400, d);
            double ks = ksUpperBound(lam, f::cdf, 50);
            System.out.printf("jacobian N=%d L=%d tanh: KS(σ², free) <= %.4f (%d values)%n", N, DEPTHS[d], ks, lam.length);
            assertTrue(ks < 0.05, "KS bound " + ks + " at L=" + DEPTHS[d]);
        }
        // deeper products at a smaller width (the density's λ^(−L/(L+1)) spike at 0 is the hard part)
        Architecture a = arch(128, 16, Activation.TANH, Distribution.gaussian(SW), SB);
        MeanFieldInput in = MeanFieldInput.choose(a, 1.0);
        int[] deep = {16};
        JacobianSpectra s = spectra(a, in.q(), 12, deep, false);
        for (int d = 0; d < deep.length; d++) {
            FreeJacobianDensity f = FreeJacobianDensity.of(in.theory().orElseThrow(), deep[d]);
            double[] lam = pooledLambda(s, d);
            double ks = ksUpperBound(lam, f::cdf, 50);
            System.out.printf("jacobian N=128 L=%d tanh: KS(σ², free) <= %.4f (%d values)%n", deep[d], ks, lam.length);
            assertTrue(ks < 0.05, "KS bound " + ks + " at L=" + deep[d]);
        }
    }

    /** One Gaussian layer: σ² of W follow Marchenko–Pastur (γ = 1), its eigenvalues the circular law. */
    @Test
    void singleLayerMarchenkoPasturAndCircularLaw() {
        int n = 300, nets = 3;
        double sw = 1.3;
        Architecture a = arch(n, 1, Activation.LINEAR, Distribution.gaussian(sw), 0);
        JacobianSpectra s = spectra(a, 1.0, nets, new int[] {1}, true);
        MarchenkoPastur mp = new MarchenkoPastur(1, sw * sw);
        double ksMp = ksExact(pooledLambda(s, 0), mp::cdf);
        double[] mod = new double[nets * n];
        for (int b = 0; b < nets; b++) {
            for (int i = 0; i < n; i++) mod[b * n + i] = Math.exp(s.eigLogAbs()[s.offset(b, 0, 0) + i]);
        }
        double ksCirc = ksExact(mod, new CircularLaw(sw)::cdfModulus);
        System.out.printf("single layer N=%d: KS(σ², Marchenko-Pastur) = %.4f, KS(|λ|, circular law) = %.4f%n", n, ksMp, ksCirc);
        assertTrue(ksMp < 0.05, "Marchenko-Pastur KS " + ksMp);
        assertTrue(ksCirc < 0.05, "circular law KS " + ksCirc);
    }

    /**
     * Linear products of L standard Gaussian layers: JJᵀ moments are Fuss–Catalan,
     * m2 = L + 1, m3 = C(3L+3, 3)/(3L+1). At N = 200 with 8 networks the sampling error is
     * ≲ 1% (m2) and ≲ 3% (m3) and the finite-N correction +O(L²/N) ≲ 3%: tolerances 4% and 8%
     * (measured: +0.3%/+0.8% at L = 2, +1.3%/+4.4% at L = 4). L = 1 is Marchenko–Pastur, tested above.
     */
    @Test
    void linearProductsHaveFussCatalanMoments() {
        int n = 200, nets = 8;
        int[] depths = {2, 4};
        Architecture a = arch(n, 4, Activation.LINEAR, Distribution.gaussian(1), 0);
        JacobianSpectra s = spectra(a, 1.0, nets, depths, false);
        for (int d = 0; d < depths.length; d++) {
            double m1 = 0, m2 = 0, m3 = 0;
            for (int b = 0; b < nets; b++) {
                double[] m = moments(s.logSigma(), s.offset(b, 0, d), n);
                m1 += m[1] / nets;
                m2 += m[2] / nets;
                m3 += m[3] / nets;
            }
            int l = depths[d];
            double f2 = FussCatalan.momentDouble(l, 2), f3 = FussCatalan.momentDouble(l, 3);
            System.out.printf("linear N=%d L=%d: m1 %.4f, m2 %.4f vs %.0f (%+.2f%%), m3 %.3f vs %.0f (%+.2f%%)%n",
                    n, l, m1, m2, f2, 100 * (m2 / f2 - 1), m3, f3, 100 * (m3 / f3 - 1));
            assertEquals(1, m1, 0.03);
            assertEquals(f2, m2, 0.04 * f2, "m2 at L=" + l);
            assertEquals(f3, m3, 0.08 * f3, "m3 at L=" + l);
        }
    }

    // ---- helpers

    /** {1, m1, m2, m3} of λ = σ² for one spectrum stored as ln σ. */
    static double[] moments(double[] logSigma, int off, int n) {
        double[] m = {1, 0, 0, 0};
        for (int i = 0; i < n; i++) {
            double lam = Math.exp(2 * logSigma[off + i]);
            m[1] += lam / n;
            m[2] += lam * lam / n;
            m[3] += lam * lam * lam / n;
        }
        return m;
    }

    static double[] pooledLambda(JacobianSpectra s, int d) {
        int n = s.width();
        double[] lam = new double[s.networks() * n];
        for (int b = 0; b < s.networks(); b++) {
            for (int i = 0; i < n; i++) lam[b * n + i] = Math.exp(2 * s.logSigma()[s.offset(b, 0, d) + i]);
        }
        Arrays.sort(lam);
        return lam;
    }

    /** sup |F_n − F| with F evaluated at every sample point (cheap CDFs). */
    static double ksExact(double[] sample, DoubleUnaryOperator cdf) {
        double[] x = sample.clone();
        Arrays.sort(x);
        int n = x.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(x[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return d;
    }

    /**
     * A rigorous upper bound on sup_x |F_n(x) − F(x)| from F at G + 1 sample quantiles x_0 &lt; … &lt; x_G
     * (F is expensive): on [x_j, x_{j+1}] both functions are monotone, so
     * |F_n − F| ≤ max(F_n(x_{j+1}−) − F(x_j), F(x_{j+1}) − F_n(x_j)); below x_0 it is ≤ F(x_0), above
     * x_G ≤ 1 − F(x_G). The bound exceeds the true distance by at most the largest step of F_n or F
     * between grid points (≈ 1/G).
     */
    static double ksUpperBound(double[] sorted, DoubleUnaryOperator cdf, int grid) {
        int n = sorted.length;
        double[] x = new double[grid + 1], f = new double[grid + 1], below = new double[grid + 1], upTo = new double[grid + 1];
        for (int j = 0; j <= grid; j++) {
            int idx = (int) Math.min(n - 1, (long) j * (n - 1) / grid);
            x[j] = sorted[idx];
            f[j] = cdf.applyAsDouble(x[j]);
            int lo = idx, hi = idx;
            while (lo > 0 && sorted[lo - 1] == x[j]) lo--;
            while (hi < n - 1 && sorted[hi + 1] == x[j]) hi++;
            below[j] = (double) lo / n;                        // F_n(x_j−)
            upTo[j] = (hi + 1.0) / n;                          // F_n(x_j)
        }
        double d = Math.max(f[0], 1 - f[grid]);
        for (int j = 0; j <= grid; j++) d = Math.max(d, Math.max(Math.abs(upTo[j] - f[j]), Math.abs(below[j] - f[j])));
        for (int j = 0; j < grid; j++) d = Math.max(d, Math.max(below[j + 1] - f[j], f[j + 1] - upTo[j]));
        return d;
    }
}
