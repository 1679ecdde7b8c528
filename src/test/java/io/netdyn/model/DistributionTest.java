package io.netdyn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Distribution checks (docs/model.md, distributions): quantiles, variances, tail indices, orthogonality. */
class DistributionTest {
    static final int M = 200_000;

    /** M unit draws from distinct counters (network 0, layer 1, element e). */
    static double[] draws(Distribution d, int m) {
        int[] w = new int[4];
        double[] x = new double[m];
        for (int e = 0; e < m; e++) {
            Streams.NETWORK.block(42, e / 4096, 1 + (e % 4096) / 1024, 0, e % 1024, w);
            x[e] = d.draw(w);
        }
        return x;
    }

    static double quantile(double[] sorted, double p) {
        return sorted[(int) Math.round(p * (sorted.length - 1))];
    }

    static double mean(double[] x) { return Arrays.stream(x).average().orElseThrow(); }

    static double variance(double[] x) {
        double m = mean(x);
        return Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1);
    }

    /** Hill estimator of the tail index from the k largest |x|. */
    static double hill(double[] x, int k) {
        double[] a = Arrays.stream(x).map(Math::abs).sorted().toArray();
        int n = a.length;
        double s = 0;
        for (int i = 0; i < k; i++) s += Math.log(a[n - 1 - i] / a[n - 1 - k]);
        return k / s;
    }

    @Test
    void gaussianHasMeanZeroVarianceOne() {
        double[] x = draws(Distribution.gaussian(1), M);
        assertEquals(0, mean(x), 0.01);
        assertEquals(1, variance(x), 0.01);
        Arrays.sort(x);
        assertEquals(0.6745, quantile(x, 0.75), 0.01);  // Φ^{-1}(0.75)
    }

    @Test
    void cauchyMedianZeroQuartilesPlusMinusOne() {
        double[] x = draws(Distribution.cauchy(1), M);
        Arrays.sort(x);
        assertEquals(0, quantile(x, 0.5), 0.01);
        assertEquals(-1, quantile(x, 0.25), 0.02);
        assertEquals(1, quantile(x, 0.75), 0.02);
    }

    @Test
    void uniformCoversMinusOneToOne() {
        double[] x = draws(Distribution.uniform(1), M);
        assertEquals(1.0 / 3, variance(x), 0.005);
        assertTrue(Arrays.stream(x).allMatch(v -> v > -1 && v < 1));
    }

    @Test
    void stableAlphaTwoIsStandardNormal() {
        double[] x = draws(Distribution.stable(2, 1), M);
        assertEquals(0, mean(x), 0.01);
        assertEquals(1, variance(x), 0.015);
    }

    @Test
    void stableAlphaOneIsCauchyOfScaleOneHalf() {
        // E e^{itS} = exp(-|t|/2): a Cauchy with quartiles ±1/2
        double[] x = draws(Distribution.stable(1, 1), M);
        Arrays.sort(x);
        assertEquals(0.5, quantile(x, 0.75), 0.01);
        assertEquals(-0.5, quantile(x, 0.25), 0.01);
    }

    @Test
    void stableTailIndexMatchesAlpha() {
        for (double alpha : new double[] {0.8, 1.2, 1.5}) {
            double est = hill(draws(Distribution.stable(alpha, 1), M), 1000);
            assertEquals(alpha, est, 0.12 * alpha, "Hill estimate for alpha=" + alpha);
        }
    }

    @Test
    void studentHasTailIndexNuAndVarianceNuOverNuMinusTwo() {
        double[] x = draws(Distribution.student(3, 1), M);
        assertEquals(3, hill(x, 1000), 0.45);
        double[] y = draws(Distribution.student(10, 1), M);
        assertEquals(10.0 / 8, variance(y), 0.03);
    }

    @Test
    void orthogonalWeightsSatisfyQtQ() {
        int n = 24;
        Architecture arch = new Architecture(n, 3, Activation.TANH, false, Distribution.orthogonal(1.5),
                Scaling.DEFAULT, Optional.empty());
        double[] w = new double[n * n];
        new TensorSampler(arch, 9).weights(2, 3, w);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += w[k * n + i] * w[k * n + j];
                assertEquals(i == j ? 2.25 : 0, s, 1e-12, "(QᵀQ)[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void fanInScalingFollowsTheTable() {
        assertEquals(2 / Math.sqrt(16), Scaling.DEFAULT.multiplier(Distribution.gaussian(2), 16), 1e-15);
        assertEquals(2.0 / 16, Scaling.DEFAULT.multiplier(Distribution.cauchy(2), 16), 1e-15);
        assertEquals(Math.pow(16, -1 / 1.5), Scaling.DEFAULT.multiplier(Distribution.stable(1.5, 1), 16), 1e-15);
        assertEquals(1, Scaling.DEFAULT.multiplier(Distribution.uniform(1), 16), 1e-15);
        assertEquals(0.25, Scaling.FAN_IN.multiplier(Distribution.uniform(1), 16), 1e-15);
        assertEquals(3, Scaling.NONE.multiplier(Distribution.gaussian(3), 16), 1e-15);
    }

    @Test
    void parseReadsEveryFormAndRejectsBadOnes() {
        assertEquals(Distribution.stable(1.5, 2), Distribution.parse("stable:1.5:2"));
        assertEquals(Distribution.student(4, 1), Distribution.parse("student:4"));
        assertEquals(Distribution.gaussian(0.5), Distribution.parse("gaussian:0.5"));
        assertEquals("stable:1.5:2", Distribution.parse("stable:1.5:2").label());
        assertThrows(IllegalArgumentException.class, () -> Distribution.parse("stable:2.5:1"));
        assertThrows(IllegalArgumentException.class, () -> Distribution.parse("stable:0:1"));
        assertThrows(IllegalArgumentException.class, () -> Distribution.parse("stable"));
        assertThrows(IllegalArgumentException.class, () -> Distribution.parse("gaussian:x"));
        assertThrows(IllegalArgumentException.class, () -> Distribution.parse("laplace:1"));
        assertThrows(IllegalArgumentException.class, () -> Distribution.parse("gaussian:-1"));
    }
}
