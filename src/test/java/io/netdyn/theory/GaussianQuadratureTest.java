package io.netdyn.theory;

import static org.junit.jupiter.api.Assertions.*;

import io.netdyn.model.Activation;
import io.netdyn.model.SpecialFunctions;
import org.junit.jupiter.api.Test;

class GaussianQuadratureTest {
    private static final double ISQ2PI = 1 / Math.sqrt(2 * Math.PI);

    @Test
    void kinkedIntegrandsAreExactWhereGaussHermiteIsNot() {
        GaussianQuadrature relu = GaussianQuadrature.forActivation(Activation.RELU);
        for (double s : new double[] {0.3, 1, 7}) {
            assertEquals(0.5, relu.expect(s, u -> Activation.RELU.dphi(u)), 1e-14);
            assertEquals(s * s / 2, relu.expect(s, u -> u > 0 ? u * u : 0), 1e-13 * s * s);
        }
        // plain Gauss–Hermite misses half the middle node's weight (relu'(0) = 0)
        double gh = GaussHermite.DEFAULT.expect(z -> Activation.RELU.dphi(z));
        assertTrue(Math.abs(gh - 0.5) > 1e-2, "GH on a step should be visibly wrong: " + gh);
    }

    @Test
    void hardtanhActiveMassIsErf() {
        GaussianQuadrature q = GaussianQuadrature.forActivation(Activation.HARDTANH);
        for (double s : new double[] {0.2, 1, 3}) {
            double exact = SpecialFunctions.erf(1 / (s * Math.sqrt(2)));
            assertEquals(exact, q.expect(s, u -> Activation.HARDTANH.dphi(u)), 1e-14);
        }
    }

    @Test
    void steepTanhMatchesSimpson() {
        GaussianQuadrature q = GaussianQuadrature.forActivation(Activation.TANH);
        for (double s : new double[] {0.8, 2.5, 8}) {
            double ref = GaussHermiteTest.simpson(z -> Math.pow(Math.tanh(s * z), 2) * Math.exp(-z * z / 2) * ISQ2PI, -14, 14, 600_000);
            assertEquals(ref, q.expect(s, u -> Math.pow(Math.tanh(u), 2)), 1e-12, "s=" + s);
        }
    }

    @Test
    void pairIntegralOfProductIsCovariance() {
        GaussianQuadrature q = GaussianQuadrature.forActivation(Activation.TANH);
        for (double c : new double[] {-1, -0.6, 0, 0.3, 0.999, 1})
            assertEquals(0.7 * 2.0 * c, q.expectPair(0.7, 2.0, c, (a, b) -> a * b), 1e-12, "c=" + c);
    }

    @Test
    void reluPairMatchesArcCosineKernel() {
        GaussianQuadrature q = GaussianQuadrature.forActivation(Activation.RELU);
        double s1 = 0.8, s2 = 1.7;
        for (double c : new double[] {-0.95, -0.3, 0.2, 0.9, 0.99999}) {
            double exact = s1 * s2 / (2 * Math.PI) * (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c);
            double num = q.expectPair(s1, s2, c, (a, b) -> Math.max(a, 0) * Math.max(b, 0));
            assertEquals(exact, num, 1e-12, "c=" + c);
            // derivative kernel: P(u1 > 0, u2 > 0) = (π − arccos c) / (2π)
            assertEquals((Math.PI - Math.acos(c)) / (2 * Math.PI),
                    q.expectPair(s1, s2, c, (a, b) -> (a > 0 ? 1 : 0) * (b > 0 ? 1 : 0)), 1e-12, "c=" + c);
        }
    }
}
