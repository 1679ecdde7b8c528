package io.netdyn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netdyn.theory.MarchenkoPastur;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Marchenko–Pastur bulk fit and spike counting on square layers.
 *
 * <p>Measured with this code at N = 256 (Gaussian, 8 matrices): KS(ESD, MP(σ²)) at the true σ²
 * 0.0084–0.0115 (eigenvalue rigidity makes it far smaller than the 1/√N of i.i.d. samples), and
 * 0.035–0.039 against a 10% larger variance; the fitted σ² within 1.0% of σ²; mp_softrank = λ⁺/λ_max
 * in [0.97, 1.045] (λ_max fluctuates about the edge on the Tracy–Widom scale σ²·2^(4/3)N^(−2/3) ≈
 * 0.06σ²). Planted spikes (N = 200, 256; 4 matrices per k and N, k ∈ {0, 1, 3}): the largest
 * bulk eigenvalue stayed ≤ 4.02 and the spike threshold λ⁺ + δ ≥ 4.20 (δ ≈ 0.25), while the
 * weakest spike, θ = 2, sits at (θ + 1/θ)² = 6.25.
 */
class MarchenkoPasturFitTest {

    @Test
    void closedFormCdfMatchesTheTheoryPackage() {
        for (double s : new double[] {0.3, 1, 2.5}) {
            MarchenkoPastur mp = new MarchenkoPastur(1, s);
            for (double t = 0.001; t < 1.05; t += 0.0137) {
                double x = 4 * s * t;
                // theory.MarchenkoPastur integrates numerically (≈ 1e-11 near the 1/√λ end)
                assertEquals(mp.cdf(x), MarchenkoPasturFit.cdf(x, s), 1e-10, "s=" + s + " x=" + x);
                assertEquals(mp.density(x), MarchenkoPasturFit.density(x, s), 1e-12 * (1 + mp.density(x)), "s=" + s + " x=" + x);
            }
        }
        assertEquals(0, MarchenkoPasturFit.cdf(0, 1), 0);
        assertEquals(1, MarchenkoPasturFit.cdf(4, 1), 0);
    }

    @Test
    void gaussianLayerFollowsMarchenkoPasturWithEdgeFourSigma2() {
        Random r = new Random(256);
        int n = 256;
        for (double sigma : new double[] {1.0, 1.3}) {
            double s2 = sigma * sigma;
            double[] lam = WeightStatistics.eigenvalues(Samples.gaussian(r, n, sigma), n);
            double[] sorted = lam.clone();
            Arrays.sort(sorted);
            double ks = ksExact(sorted, new MarchenkoPastur(1, s2));
            double ksWrong = ksExact(sorted, new MarchenkoPastur(1, 1.1 * s2));
            MarchenkoPasturFit f = MarchenkoPasturFit.fit(lam);
            System.out.printf("MP N=%d σ²=%.2f: KS(ESD, MP(σ²))=%.4f, KS(ESD, MP(1.1σ²))=%.4f; fit σ²=%.4f, λ⁺=%.4f, "
                    + "λ_max=%.4f, spikes %d, mp_softrank %.4f, KS at fit %.4f%n",
                    n, s2, ks, ksWrong, f.sigma2(), f.lambdaPlus(), sorted[n - 1], f.numSpikes(), f.softRank(), f.ks());
            assertTrue(ks < 0.02, "KS " + ks);                         // measured ≤ 0.0112
            assertTrue(ksWrong > 0.025, "KS against a 10% wrong variance " + ksWrong);
            assertEquals(s2, f.sigma2(), 0.02 * s2);                   // measured ≤ 1.0%
            assertEquals(4 * f.sigma2(), f.lambdaPlus(), 1e-15 * s2);
            assertEquals(4 * s2, f.lambdaPlus(), 0.08 * s2);
            assertTrue(f.ks() <= ks + 1e-12, "the fit minimises KS");
            assertEquals(0, f.numSpikes());
            assertEquals(f.lambdaPlus() / sorted[n - 1], f.softRank(), 1e-15);
            assertEquals(1, f.softRank(), 0.06);                     // λ_max just below the edge
        }
    }

    @Test
    void plantedSpikesAreCountedExactly() {
        Random r = new Random(2025);
        double[] theta = {4, 3, 2};                                   // BBP threshold: θ = 1
        for (int n : new int[] {200, 256}) {
            for (int k : new int[] {0, 1, 3}) {
                double[] w = Samples.gaussian(r, n, 1);
                double[][] u = Samples.orthonormal(r, n, k), v = Samples.orthonormal(r, n, k);
                for (int q = 0; q < k; q++) {
                    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) w[i * n + j] += theta[q] * u[q][i] * v[q][j];
                }
                double[] lam = WeightStatistics.eigenvalues(w, n);
                MarchenkoPasturFit f = MarchenkoPasturFit.fit(lam);
                System.out.printf("spikes N=%d k=%d: counted %d; λ⁺=%.3f threshold %.3f; λ_1..λ_%d = %s%n", n, k,
                        f.numSpikes(), f.lambdaPlus(), f.threshold(), k + 1, Arrays.toString(Arrays.copyOf(lam, k + 1)));
                assertEquals(k, f.numSpikes(), "N=" + n + " k=" + k);
                assertEquals(1, f.sigma2(), 0.04);                 // the bulk is still MP(1)
                if (k > 0) {     // BBP: the outlier of θuvᵀ sits at (θ + 1/θ)² ± O(N^−1/2); θ = 4: measured ≤ 6.4% off
                    double expected = Math.pow(theta[0] + 1 / theta[0], 2);
                    assertEquals(expected, lam[0], 0.1 * expected, "strongest spike");
                }
                assertEquals(f.lambdaPlus() / lam[0], f.softRank(), 1e-15);
            }
        }
    }

    @Test
    void scaleInvarianceAndDegenerateInput() {
        double[] lam = WeightStatistics.eigenvalues(Samples.cauchy(new Random(9), 64), 64);
        MarchenkoPasturFit f = MarchenkoPasturFit.fit(lam);
        double[] y = lam.clone();
        for (int i = 0; i < y.length; i++) y[i] *= 0.125;
        MarchenkoPasturFit g = MarchenkoPasturFit.fit(y);
        assertEquals(f.numSpikes(), g.numSpikes());
        assertEquals(f.softRank(), g.softRank(), 1e-12);
        assertEquals(f.sigma2() * 0.125, g.sigma2(), 1e-12 * f.sigma2());
        assertEquals(f.ks(), g.ks(), 1e-12);
        assertTrue(f.numSpikes() > 3, "heavy-tailed entries: many eigenvalues beyond the bulk");
        assertTrue(Double.isNaN(MarchenkoPasturFit.fit(new double[4]).sigma2()));
        assertTrue(Double.isNaN(MarchenkoPasturFit.fit(new double[0]).sigma2()));
    }

    /** sup |F_N − F| with F at every sample point (sorted ascending). */
    static double ksExact(double[] sorted, MarchenkoPastur mp) {
        int n = sorted.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = mp.cdf(sorted[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return d;
    }
}
